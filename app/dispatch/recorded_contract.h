#pragma once
// The contract as a record keeps it at decision time: an execution (ExecutionRecord) and each leg
// of a multi-leg execution (ExecutionLegRecord) hold the same symbol, strike, quote, greeks and IV.

#include "domain/contract.h"

namespace cg {

template <typename Record> void recordContract(Record &r, const OptionContract &c) {
    r.optionSymbol = c.symbol;
    r.strike = c.strike;
    if (c.quote) {
        r.bid = c.quote->bid;
        r.ask = c.quote->ask;
    }
    if (c.greeks) {
        r.delta = c.greeks->delta;
        r.gamma = c.greeks->gamma;
        r.theta = c.greeks->theta;
        r.vega = c.greeks->vega;
    }
    r.iv = c.impliedVol;
}

} // namespace cg
