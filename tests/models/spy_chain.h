#pragma once
// The small chain the chain model's tests share: SPY calls and puts at strikes 95, 100 and 105
// around a spot of 101, expiring Friday 2026-12-04, judged by the default gates on Thursday
// 2026-11-26 10:00 New York (every quote bid = mid - 0.02, ask = mid + 0.02).

#include "models/chain_entries.h"
#include "models/chain_field.h"
#include "support/fake_market_data.h"

#include <chrono>
#include <vector>

namespace cg::test {

constexpr std::chrono::year_month_day kExpiry{std::chrono::year{2026}, std::chrono::month{12},
                                              std::chrono::day{4}};
inline const Timestamp kNow =
    std::chrono::sys_days{std::chrono::year{2026} / 11 / 26} + std::chrono::hours{15};
// Fields a side of the side-by-side layout has.
constexpr int F = models::kChainFieldCount;

inline std::vector<models::ChainEntry> evaluate(const std::vector<OptionContract> &contracts) {
    return evaluateChain(contracts, kNow);
}

inline std::vector<OptionContract> baseChain() {
    return makeChain("SPY", kExpiry, 95, 5, 3, 101);
}

} // namespace cg::test
