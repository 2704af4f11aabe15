#include "models/quote_tick_apply.h"

#include "domain/black_scholes_greeks.h"

#include <algorithm>
#include <limits>

namespace cg::models {

namespace {

int sizeOf(std::uint32_t size) {
    return static_cast<int>(std::min<std::uint32_t>(size, std::numeric_limits<int>::max()));
}

} // namespace

QuoteTickEffect applyQuoteTick(ChainEntry &entry, const OptionQuoteTick &tick,
                               const GateThresholds &thresholds, double spot) {
    Quote q;
    q.bid = tick.bid;
    q.ask = tick.ask;
    q.bidSize = sizeOf(tick.bidSize);
    q.askSize = sizeOf(tick.askSize);
    q.time = tick.time;
    std::optional<Quote> &current = entry.contract.quote;
    QuoteTickEffect effect;
    // Older than the quote held (a coalesced tick behind a newer snapshot poll, or ticks out of
    // order): it never takes the place of the newer one. A tick without a time is taken.
    if (current && q.time.time_since_epoch().count() > 0 && q.time < current->time)
        return effect;
    effect.changed = !current || current->bid != q.bid || current->ask != q.ask ||
                     current->bidSize != q.bidSize || current->askSize != q.askSize;
    if (!effect.changed) {
        current->time = std::max(current->time, q.time);
        return effect;
    }
    const bool wasTradeable = entry.gates.tradeable();
    current = q;
    entry.gates.judgeQuote(entry.contract, thresholds.maxSpreadPct);
    effect.tradeableChanged = wasTradeable != entry.gates.tradeable();
    // ~2 us a call, ~50 us an American put (measured): a few percent of contracts carry no
    // feed greeks, so a busy stream spends well under a millisecond a frame here.
    if (spot > 0.0 && entry.contract.greeksSource != GreeksSource::Feed &&
        q.time.time_since_epoch().count() > 0)
        completeGreeks(entry.contract, spot, q.time);
    return effect;
    return effect;
}

QuoteTickEffect applyTradeTick(ChainEntry &entry, const OptionTradeTick &tick) {
    QuoteTickEffect effect;
    if (tick.size == 0 || !(tick.price > 0.0) || tick.time <= entry.gates.judgedAt())
        return effect;
    OptionContract &c = entry.contract;
    const bool wasTradeable = entry.gates.tradeable();
    c.lastPrice = tick.price;
    c.volume = c.volume.value_or(0) + static_cast<std::int64_t>(tick.size);
    entry.streamedTradeAt = std::max(entry.streamedTradeAt, tick.time);
    entry.gates.judgeVolume(c);
    effect.changed = true;
    effect.tradeableChanged = wasTradeable != entry.gates.tradeable();
    return effect;
}

} // namespace cg::models
