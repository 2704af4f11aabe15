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

} // namespace cg::models
