#pragma once
// GET /v2/options/contracts pages read without a copy: what the chain's open-interest merge
// (AlpacaClient, chaingate-bench) reads. parseContractsPage (trading_json.h) is the same read,
// copied into ContractInfo for callers that keep the entries.

#include "alpaca/alpaca_types.h"
#include "domain/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cg::alpaca {

// One entry: the text views the parsed page (valid until this thread parses its next page of any
// kind), so merging open interest costs no string per contract.
struct ContractInfoView {
    // Provided, so that a reader's emplace_back() runs the initializers below without first
    // zeroing the whole entry (as OptionContract's).
    ContractInfoView() noexcept {} // NOLINT(modernize-use-equals-default): see above

    std::string_view symbol;
    std::string_view underlying;
    std::string_view status;
    bool tradable = false;
    std::optional<std::int64_t> openInterest;
    double multiplier = 100.0;
    std::optional<double> closePrice;
};

struct ContractsPageInfo {
    int contracts = 0; // put in the caller's vector
    std::optional<std::string> nextPageToken;
    SkipLog skipped;
};

// The page's usable entries into `out` (cleared first; the caller keeps it from page to page, so
// a page costs no allocation); emptied on an error. Same rules and reasons as parseContractsPage.
// One pass of a JsonCursor (contracts_parser_cursor.cpp); a page it does not take (anything but
// usable entries) is read by readContractsPageSimdjson. The views point into `body` or, after the
// DOM reader, into this thread's parser: keep both until the entries are used.
Result<ContractsPageInfo> readContractsPage(std::string_view body,
                                            std::vector<ContractInfoView> &out);
namespace detail {
// The JSON cursor alone: false, with `out` empty, where readContractsPage gives the page to the
// DOM reader. For tests: what the cursor reads itself.
bool readContractsPageWithCursor(std::string_view body, std::vector<ContractInfoView> &out,
                                 ContractsPageInfo &page);
// Entries this thread's cursor read by a template of the entries before them (entry_template.h),
// for tests: what the fast path takes.
std::uint64_t contractsReadByTemplate();
} // namespace detail
// The same with simdjson's DOM parser: every page, the errors and skips worded.
Result<ContractsPageInfo> readContractsPageSimdjson(std::string_view body,
                                                    std::vector<ContractInfoView> &out);

} // namespace cg::alpaca
