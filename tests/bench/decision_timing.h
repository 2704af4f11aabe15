#pragma once
// Decision time per signal, network excluded: the dispatcher's pipeline (price, chain, five gates
// on every contract, selection, moneyness, account, sizing, risk) over in-process fakes that answer
// from the event loop; no order, no record. Shared by bench_dispatch_decision and chaingate-bench.

#include "domain/contract.h"

#include <vector>

namespace cg::bench {

// SPY calls and puts on five expiries, strikes 600, 600.2, ...: 10 contracts a strike.
std::vector<OptionContract> decisionChain(int strikes);

struct DecisionTimes {
    std::vector<double> us; // one a run, in order
    int fallbacks = 0;      // runs that did not propose an order (the figures would mislead)
};

// prepared: each run's chain is filtered and copied before the timer starts and handed over
// moved, as a parsed network answer arrives; otherwise the fake's filter and copy (about half of
// the time on the seed chain) are timed with the decision.
DecisionTimes timeDecisions(std::vector<OptionContract> chain, int runs, bool prepared);

} // namespace cg::bench
