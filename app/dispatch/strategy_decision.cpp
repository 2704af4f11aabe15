#include "dispatch/strategy_decision.h"

#include "dispatch/recorded_contract.h"
#include "domain/number_format.h"
#include "domain/signal.h"

#include <algorithm>
#include <cmath>

namespace cg {

std::string_view strategyDirection(StrategyTemplate t) {
    return toString(signalActionFor(t));
}

std::optional<Result<StrategySignal>> parseStrategySignal(std::string_view text) {
    const auto first = text.find(':');
    const auto second = first == std::string_view::npos ? first : text.find(':', first + 1);
    if (second == std::string_view::npos)
        return std::nullopt;
    const auto kind = parseStrategyTemplate(text.substr(second + 1));
    if (!kind)
        return std::nullopt;
    StrategySignal s;
    s.symbol = std::string(text.substr(0, first));
    s.direction = std::string(text.substr(first + 1, second - first - 1));
    std::transform(s.direction.begin(), s.direction.end(), s.direction.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    s.kind = *kind;
    if (s.symbol.empty())
        return Result<StrategySignal>(Error::make("The signal names no symbol"));
    const std::string_view want = strategyDirection(*kind);
    if (s.direction != want)
        return Result<StrategySignal>(Error::make(
            std::string(toString(*kind)) + " is a " + std::string(want) + " strategy: " + s.symbol +
            ":" + std::string(want) + ":" + std::string(toString(*kind))));
    return Result<StrategySignal>(s);
}

StrategyDecision decideStrategy(const StrategyDecisionInput &in) {
    StrategyDecision d;
    d.budget = in.equity * in.settings.budgetPct / 100.0;
    auto built = buildStrategy(in.chain, in.underlying, in.spot, in.settings.build, in.now);
    if (!built) {
        d.fallbackReason = built.error().message;
        return d;
    }
    d.strategy = std::move(built).value();
    d.legGates = legGates(*d.strategy, in.gates, in.now);
    d.combo = comboSpreadGate(*d.strategy, in.settings.maxComboSpreadPct);
    // The figures first: a fallback records them too.
    auto figures = strategyFigures(*d.strategy, in.spot, in.now);
    if (figures)
        d.figures = *figures;
    if (const std::string failed = firstStrategyGateFailure(*d.strategy, d.legGates, d.combo);
        !failed.empty()) {
        d.fallbackReason = "Gate failed: " + failed;
        return d;
    }
    if (!figures) {
        d.fallbackReason = figures.error().message;
        return d;
    }
    // The net mid on the class's tick toward the passive side: a debit never above the mid, a
    // credit never smaller than the mid's (both: down).
    const OptionContract &first = d.strategy->legs.front().contract;
    const double net = d.figures->netMid;
    const double tick = in.ticks.tick(optionClass(first), std::abs(net));
    d.limitPrice = roundToTick(net, tick, TickRounding::Down);
    if (std::abs(*d.limitPrice) < tick / 2) {
        d.fallbackReason = "The net mid " + formatFixed(net, 2) + " rounds to 0: nothing to price";
        return d;
    }
    StrategySizingInput sizing;
    sizing.budget = d.budget;
    sizing.maxLossPerUnit = d.figures->maxLossDollarsAt(*d.limitPrice); // at the limit sent
    sizing.spot = in.spot;
    sizing.multiplier = d.figures->multiplier;
    sizing.optionsBuyingPower = in.optionsBuyingPower;
    sizing.maxContracts = in.maxContracts;
    sizing.contractsPerUnit = contractsPerUnit(*d.strategy);
    d.sizing = sizeStrategy(sizing);
    if (d.sizing.qty < 1)
        d.fallbackReason = d.sizing.reason;
    return d;
}

OrderRequest strategyOrderRequest(const StrategyDecision &d, const std::string &clientOrderId) {
    OrderRequest r;
    r.qty = d.sizing.qty;
    r.type = OrderType::Limit;
    r.limitPrice = d.limitPrice;
    r.timeInForce = "day";
    r.clientOrderId = clientOrderId;
    if (d.strategy)
        for (const StrategyLeg &leg : d.strategy->legs)
            r.legs.push_back(OrderLegRequest{leg.contract.symbol, leg.ratio, leg.side, leg.intent});
    return r;
}

std::vector<ExecutionLegRecord> executionLegRecords(const MultiLegStrategy &s) {
    std::vector<ExecutionLegRecord> out;
    int i = 0;
    for (const StrategyLeg &leg : s.legs) {
        const OptionContract &c = leg.contract;
        ExecutionLegRecord r;
        r.legIndex = i++;
        recordContract(r, c);
        r.optionType = std::string(toString(c.type));
        r.expiry = formatDate(c.expiry);
        r.side = leg.side == OrderSide::Buy ? "buy" : "sell";
        r.ratioQty = leg.ratio;
        r.positionIntent = positionIntentName(leg.intent);
        if (c.quote)
            r.mid = mid(*c.quote);
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace cg
