#include "models/ticket_live_quote.h"

#include "dispatch/decision_pipeline.h"
#include "domain/gates.h"
#include "domain/tick_table.h"

namespace cg::models {

void followLiveQuote(Decision &shown, const std::optional<Quote> &live,
                     const DispatcherSettings &settings, Timestamp now) {
    if (!shown.contract)
        return;
    shown.contract->quote = live;
    if (shown.gates && shown.isOption() && !shown.multiLeg)
        shown.gates = evaluateGates(*shown.contract, settings.gates, now);
}

std::optional<double> midLimitOf(const Decision &shown, const DispatcherSettings &settings) {
    if (!shown.contract || !shown.contract->quote || !shown.order)
        return std::nullopt;
    const Quote &q = *shown.contract->quote;
    if (!(q.bid > 0.0) || !(q.ask >= q.bid))
        return std::nullopt;
    return limitPriceAtMid(q, optionClass(*shown.contract), shown.order->side, settings);
}

LivePrice livePriceFor(const Decision &shown, LimitChoice choice,
                       const DispatcherSettings &settings) {
    if (choice == LimitChoice::Typed || !shown.contract || !shown.contract->quote)
        return {std::nullopt, QuoteGap::NoQuote};
    const Quote &q = *shown.contract->quote;
    const bool bid = q.bid > 0.0, ask = q.ask > 0.0;
    switch (choice) {
    case LimitChoice::Bid:
        return bid ? LivePrice{q.bid, QuoteGap::None} : LivePrice{std::nullopt, QuoteGap::NoBid};
    case LimitChoice::Ask:
        return ask ? LivePrice{q.ask, QuoteGap::None} : LivePrice{std::nullopt, QuoteGap::NoAsk};
    case LimitChoice::Mid:
    case LimitChoice::Typed:
        break;
    }
    if (!bid)
        return {std::nullopt, QuoteGap::NoBid};
    if (!ask)
        return {std::nullopt, QuoteGap::NoAsk};
    if (q.ask < q.bid)
        return {std::nullopt, QuoteGap::Crossed};
    const std::optional<double> mid = midLimitOf(shown, settings);
    return {mid, mid ? QuoteGap::None : QuoteGap::NoQuote}; // no order side: nothing to round to
}

} // namespace cg::models
