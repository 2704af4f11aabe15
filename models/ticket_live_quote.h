#pragma once
// What an open order ticket shows as the market moves: the proposal with the live quote in it,
// its gates judged again on that quote (the spread and the quote gates read it; Confirm's
// re-check judges them the same way), and the limit the ticket's Mid button offers on it.

#include "dispatch/decision.h"
#include "dispatch/dispatcher_settings.h"

#include <optional>

namespace cg::models {

// `shown` with `live` as its contract's quote and its gates judged on it (an option proposal
// whose gates were judged; anything else only takes the quote).
void followLiveQuote(Decision &shown, const std::optional<Quote> &live,
                     const DispatcherSettings &settings, Timestamp now);

// The mid of the shown quote on the contract's tick, toward the passive side (the dispatcher's
// limit); nullopt without a two-sided quote or an order side.
std::optional<double> midLimitOf(const Decision &shown, const DispatcherSettings &settings);

// Why the shown quote has no price for a limit choice (the ticket's Mid, Bid and Ask).
enum class QuoteGap { None, NoQuote, NoBid, NoAsk, Crossed };

// The shown quote's price for `choice` (the bid, the ask, the mid as midLimitOf gives it), or why
// it has none; a typed limit has no quote price (NoQuote).
struct LivePrice {
    std::optional<double> price;
    QuoteGap gap = QuoteGap::None;
};
LivePrice livePriceFor(const Decision &shown, LimitChoice choice,
                       const DispatcherSettings &settings);

} // namespace cg::models
