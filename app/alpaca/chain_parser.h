#pragma once
// GET /v1beta1/options/snapshots/{underlying} pages -> cg::OptionContract. The hot path: a
// 10,000-contract chain is ten of these pages.
//
// Three implementations with the same contract: a strict JSON cursor reading the page in place
// (production: chain_parser_cursor.cpp), simdjson's DOM parser (every page the cursor does not
// take) and QJsonDocument (kept as the reference the tests compare against and as the benchmark's
// baseline). tests/bench/bench_chain_parse, Release, 10 pages x 1000 contracts (7.3 MB, every
// optional block present): see README's benchmark section for the figures.
//
// Whole-page problems (not JSON, truncated, no "snapshots" object) are errors. Problems of one
// contract (invalid OCC symbol, a quote field of the wrong type, a bad timestamp) skip that
// contract and count it in ChainPageInfo::skipped. Numbers sent as numeric strings are accepted.

#include "alpaca/alpaca_types.h"
#include "domain/contract.h"
#include "domain/result.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace cg::alpaca {

// Appends the page's contracts to `out`; on error `out` is left as it was.
Result<ChainPageInfo> parseChainPage(std::string_view json, std::string_view underlying,
                                     std::vector<OptionContract> &out);

// The production reader: one pass of a JsonCursor (chain_parser_cursor.cpp); every page it does
// not take (anything but well-formed contracts) is read by the DOM parser.
Result<ChainPageInfo> parseChainPageCursor(std::string_view json, std::string_view underlying,
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
// The JSON cursor alone, without the DOM parser behind it: false, with `out` as it was, where
// parseChainPageCursor gives the page to the DOM parser. For tests: what the cursor reads itself.
bool readChainPageWithCursor(std::string_view json, std::string_view underlying,
                             std::vector<OptionContract> &out, ChainPageInfo &info);
// How many snapshots this thread's cursor has read in Alpaca's shape, straight through (for
// tests: that the fast path is the one taken).
std::uint64_t alpacaShapeReads();
} // namespace detail

} // namespace cg::alpaca
