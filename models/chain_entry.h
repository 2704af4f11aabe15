#pragma once
// One contract of a chain as the models hold it: the contract and its five gates, evaluated once.

#include "domain/contract.h"
#include "domain/gates.h"

namespace cg::models {

struct ChainEntry {
    OptionContract contract;
    GateReport gates;
};

} // namespace cg::models
