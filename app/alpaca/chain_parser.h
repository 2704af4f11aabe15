#pragma once
// GET /v1beta1/options/snapshots/{underlying} pages -> cg::OptionContract. The hot path: a
// 10,000-contract chain is ten of these pages.
//
// Two implementations with the same contract: simdjson DOM (production, see
// tests/bench/bench_chain_parse for the figures) and QJsonDocument (kept as the reference the
// tests compare against and as the benchmark's baseline).
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
