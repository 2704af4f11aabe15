#pragma once
// One pushed quote applied to a stored contract: the quote replaced, and the two gates that read
// the quote (quote valid, spread) judged again for that contract alone. Expiry, open interest and
// volume do not depend on the quote; the next snapshot poll judges them again.

#include "broker/quote_stream.h"
#include "domain/gates.h"
#include "models/chain_entry.h"

namespace cg::models {

struct QuoteTickEffect {
    bool changed = false;          // bid, ask or a size differs (the time alone does not count)
    bool tradeableChanged = false; // the contract now passes all five gates, or no longer does
};

QuoteTickEffect applyQuoteTick(ChainEntry &entry, const OptionQuoteTick &tick,
                               const GateThresholds &thresholds);

} // namespace cg::models
