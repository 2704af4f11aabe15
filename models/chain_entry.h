#pragma once
// One contract of a chain as the models hold it: the contract and its five gates' verdicts,
// judged once (models/chain_gates.h writes a gate's full result where it is shown).

#include "domain/contract.h"
#include "domain/gates.h"
#include "models/chain_gates.h"

#include <utility>

namespace cg::models {

struct ChainEntry {
    ChainEntry() = default;
    // Moved in where the caller gives the contract up (a chain load: one 272-byte move a
    // contract, not two), copied otherwise.
    ChainEntry(OptionContract &&c, const GateThresholds &t, Timestamp now)
        : contract(std::move(c))
        , gates(contract, t, now) {}
    ChainEntry(const OptionContract &c, const GateThresholds &t, Timestamp now)
        : contract(c)
        , gates(contract, t, now) {}

    OptionContract contract;
    ChainGates gates;
    // The newest pushed trade applied to this entry (its Last and Volume); the epoch when none.
    // A poll sent before it answers from an older snapshot (ChainSession keeps this one's).
    Timestamp streamedTradeAt{};
};

} // namespace cg::models
