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

// Greeks the feed did not send were solved from the mid (domain/black_scholes_greeks.h): with
// `spot` known they are solved again from the new mid at the tick's time, so they and their note
// ("Computed from the mid 0.62") follow the quote shown; 0 leaves them as they are.
QuoteTickEffect applyQuoteTick(ChainEntry &entry, const OptionQuoteTick &tick,
                               const GateThresholds &thresholds, double spot = 0.0);

// One pushed trade applied to a stored contract: the last price is the trade's, and its size adds
// to the day's volume, whose gate is judged again. A trade from before the contract's gates were
// last judged in full (the chain's load, or new thresholds) is already in the snapshot's last trade
// and daily volume: it is not taken again. Trades arrive in order on one stream, so the latest
// taken is the last price.
QuoteTickEffect applyTradeTick(ChainEntry &entry, const OptionTradeTick &tick);

} // namespace cg::models
