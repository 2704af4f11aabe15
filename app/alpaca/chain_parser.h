#pragma once
// GET /v1beta1/options/snapshots/{underlying} pages -> cg::OptionContract. The hot path: a
// 10,000-contract chain is ten of these pages.
//
// Two implementations with the same contract: simdjson DOM (production) and QJsonDocument (kept
// as the reference the tests compare against and as the benchmark's baseline).
// tests/bench/bench_chain_parse, Release, 10 pages x 1000 contracts (7.3 MB, every optional block
// present), measured 2026-11-26 on a shared 2-core box under load average ~12: simdjson 8-11 ms
// CPU per 10,000 contracts parsed and mapped, QJsonDocument 150-200 ms: 14-25x. simdjson's DOM
// parser, not On-Demand: the DOM kernels are dispatched at run time (AVX-512/AVX2/SSE4.2) while
// On-Demand would be compiled for the build's baseline x86-64, i.e. its slow fallback kernel.
//
// Whole-page problems (not JSON, truncated, no "snapshots" object) are errors. Problems of one
// contract (invalid OCC symbol, a quote field of the wrong type, a bad timestamp) skip that
// contract and count it in ChainPageInfo::skipped. Numbers sent as numeric strings are accepted.

#include "alpaca/alpaca_types.h"
#include "domain/contract.h"
#include "domain/result.h"

#include <string_view>
#include <vector>

namespace cg::alpaca {

// Appends the page's contracts to `out`; on error `out` is left as it was.
Result<ChainPageInfo> parseChainPage(std::string_view json, std::string_view underlying,
                                     std::vector<OptionContract> &out);

Result<ChainPageInfo> parseChainPageSimdjson(std::string_view json, std::string_view underlying,
                                             std::vector<OptionContract> &out);
Result<ChainPageInfo> parseChainPageQt(std::string_view json, std::string_view underlying,
                                       std::vector<OptionContract> &out);

namespace detail {
// Fills symbol, root, type, strike, expiry and underlying from the OCC key; false (with the
// reason added to `skipped`) when the symbol is invalid.
bool fillIdentity(OptionContract &c, std::string_view symbol, std::string_view underlying,
                  SkipLog &skipped);
// A network string safe to put in a message: printable ASCII, at most 32 characters.
std::string printable(std::string_view s);
// The whole page as an error a trader reads.
Error pageError(const std::string &why);
} // namespace detail

} // namespace cg::alpaca
