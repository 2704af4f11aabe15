#pragma once
// Contracts judged by the default gate thresholds at `now`, the way the chain model takes them.

#include "domain/gates.h"
#include "models/chain_entry.h"

#include <vector>

namespace cg::test {

inline std::vector<models::ChainEntry> evaluateChain(const std::vector<OptionContract> &contracts,
                                                     Timestamp now) {
    std::vector<models::ChainEntry> out;
    out.reserve(contracts.size());
    for (const auto &c : contracts)
        out.emplace_back(c, GateThresholds{}, now);
    return out;
}

} // namespace cg::test
