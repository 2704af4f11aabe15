#pragma once
// One contract of a chain as the models hold it: the contract and its five gates, evaluated once.

#include "domain/contract.h"
#include "domain/gates.h"

#include <optional>
#include <utility>

namespace cg::models {

struct ChainEntry {
    ChainEntry() = default;
    ChainEntry(OptionContract c, GateReport g)
        : contract(std::move(c))
        , gates(std::move(g)) {}

    OptionContract contract;
    GateReport gates;
    // The optional columns' figures (models/chain_field.h computeChainFigures).
    std::optional<double> probItm;      // 0..1
    std::optional<double> expectedMove; // of the contract's expiry, +- in price units
};

} // namespace cg::models
