#include "dispatch/decision_json.h"

#include "dispatch/contract_json.h"
#include "dispatch/position_intent.h"
#include "dispatch/strategy_json.h"

#include "domain/black_scholes_greeks.h"
#include "domain/number_format.h"
#include "domain/quote.h"
#include "storage/execution_json.h" // isoTime
#include "storage/json_values.h"

#include <QJsonArray>
#include <QJsonValue>

namespace cg {

namespace {

QString str(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QJsonObject signalJson(const Signal &s) {
    QJsonObject o;
    o.insert(QStringLiteral("id"),
             s.id > 0 ? QJsonValue(static_cast<qint64>(s.id)) : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("symbol"), QString::fromStdString(s.symbol));
    o.insert(QStringLiteral("action"), str(toString(s.action)));
    o.insert(QStringLiteral("strategy"), str(strategyName(s)));
    o.insert(QStringLiteral("source"), jsonTextOrNull(s.source));
    return o;
}

// A multi-leg order whose legs all close positions held: sized to what is held, its debit paid,
// no budget applied to it (its budget is written null, not 0).
bool closesPositions(const Decision &d) {
    return d.multiLeg && d.multiLeg->strategy &&
           legIntentMix(*d.multiLeg->strategy) == LegIntentMix::Closing;
}

QJsonValue budgetJson(const Decision &d, double budget) {
    return closesPositions(d) ? QJsonValue(QJsonValue::Null) : QJsonValue(budget);
}

QJsonObject sizingJson(const Decision &d) {
    QJsonObject o;
    o.insert(QStringLiteral("equity"), jsonNumber(d.equity));
    o.insert(QStringLiteral("risk_pct"), d.params.riskPct);
    o.insert(QStringLiteral("budget"), budgetJson(d, d.budget));
    o.insert(QStringLiteral("options_buying_power"), jsonNumber(d.optionsBuyingPower));
    o.insert(QStringLiteral("price"),
             jsonNumber(d.price > 0.0 ? std::optional(d.price) : std::nullopt));
    o.insert(QStringLiteral("order_type"), QString::fromLatin1(orderTypeName(d.orderType)));
    if (d.order && d.order->stopPrice)
        o.insert(QStringLiteral("stop_price"), *d.order->stopPrice);
    if (d.order)
        o.insert(QStringLiteral("time_in_force"), QString::fromStdString(d.order->timeInForce));
    o.insert(QStringLiteral("qty"), d.qty);
    o.insert(QStringLiteral("cost"), d.cost);
    if (d.sizing) {
        o.insert(QStringLiteral("cost_per_contract"), d.sizing->costPerContract);
        o.insert(QStringLiteral("capped_by_buying_power"), d.sizing->cappedByBuyingPower);
        o.insert(QStringLiteral("capped_by_max_contracts"), d.sizing->cappedByMaxContracts);
        o.insert(QStringLiteral("capped_by_max_notional"), d.sizing->cappedByMaxNotional);
        o.insert(QStringLiteral("reason"), jsonTextOrNull(d.sizing->reason));
    }
    return o;
}

// A multi-leg decision's legs, figures and gates (strategy_json.h) with its sizing; empty for a
// single leg.
QJsonObject multiLegJson(const Decision &d) {
    if (!d.multiLeg || !d.multiLeg->strategy)
        return {};
    const StrategyDecision &m = *d.multiLeg;
    QJsonObject o =
        m.figures
            ? strategyJson(*m.strategy, *m.figures, m.legGates, m.combo)
            : QJsonObject{{QStringLiteral("template"), str(toString(m.strategy->kind))},
                          {QStringLiteral("explanation"), jsonTextOrNull(m.strategy->explanation)}};
    o.insert(QStringLiteral("closes"), closesPositions(d));
    o.insert(QStringLiteral("budget"), budgetJson(d, m.budget));
    o.insert(QStringLiteral("units"), m.sizing.qty);
    o.insert(QStringLiteral("risk_per_unit"), m.sizing.riskPerUnit);
    o.insert(QStringLiteral("net_limit"), jsonNumber(m.limitPrice));
    return o;
}

} // namespace

QJsonObject decisionJson(const Decision &d) {
    QJsonObject o;
    o.insert(QStringLiteral("signal"), signalJson(d.signal));
    o.insert(QStringLiteral("underlying_price"), jsonNumber(d.underlyingPrice));
    o.insert(QStringLiteral("strategy"), str(strategyName(d.signal)));
    o.insert(QStringLiteral("target_strike"), jsonNumber(d.targetStrike));
    const GateReport *gates = d.gates ? &*d.gates : nullptr;
    o.insert(QStringLiteral("selected"), d.contract && d.contractSelected
                                             ? QJsonValue(contractJson(*d.contract, gates))
                                             : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("qty"), d.qty);
    o.insert(QStringLiteral("limit_price"), jsonNumber(d.limitPrice));
    o.insert(QStringLiteral("cost"), d.cost);
    o.insert(QStringLiteral("budget"), budgetJson(d, d.budget));
    o.insert(QStringLiteral("execution_mode"), str(toString(d.mode)));
    o.insert(QStringLiteral("fallback_reason"), jsonTextOrNull(d.fallbackReason));
    o.insert(QStringLiteral("client_order_id"), jsonTextOrNull(d.clientOrderId));
    o.insert(QStringLiteral("order_id"), jsonTextOrNull(d.orderId));
    o.insert(QStringLiteral("order_status"), jsonTextOrNull(d.orderStatus));
    // Extras beyond docs/command-line.md's list: they never change the meaning of the keys above.
    o.insert(QStringLiteral("dry_run"), d.dryRun);
    if (d.undecided) // nothing decided nor recorded: not a simulated fallback
        o.insert(QStringLiteral("undecided"), true);
    o.insert(QStringLiteral("fill_price"), jsonNumber(d.fillPrice));
    o.insert(QStringLiteral("execution_id"), d.executionId > 0
                                                 ? QJsonValue(static_cast<qint64>(d.executionId))
                                                 : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("already_dispatched"), d.alreadyDispatched);
    o.insert(QStringLiteral("adopted_existing_order"), d.adoptedExistingOrder);
    // Where the record is: "database", "outbox" (written when the database can be written
    // again) or "none" (a dry run, or the store failed: record_error says why).
    o.insert(QStringLiteral("record"),
             d.recordState == RecordState::Recorded ? QStringLiteral("database")
             : d.recordState == RecordState::Queued ? QStringLiteral("outbox")
                                                    : QStringLiteral("none"));
    o.insert(QStringLiteral("record_error"), jsonTextOrNull(d.recordError));
    if (d.contract && !d.contractSelected)
        o.insert(QStringLiteral("blocked_contract"), contractJson(*d.contract, gates));
    if (auto legs = multiLegJson(d); !legs.isEmpty())
        o.insert(QStringLiteral("multi_leg"), legs);
    if (!d.error.empty())
        o.insert(QStringLiteral("error"), QString::fromStdString(d.error));
    return o;
}

QJsonObject explainJson(const Decision &d) {
    QJsonObject o;
    o.insert(QStringLiteral("signal"), signalJson(d.signal));
    o.insert(QStringLiteral("decided_at"), isoTime(d.decidedAt));
    o.insert(QStringLiteral("strategy"), str(strategyName(d.signal)));
    QJsonObject params;
    params.insert(QStringLiteral("moneyness"), str(toString(d.params.moneyness)));
    params.insert(QStringLiteral("moneyness_pct"), d.params.moneynessPct);
    params.insert(QStringLiteral("min_dte"), d.params.minDte);
    params.insert(QStringLiteral("max_dte"), d.params.maxDte);
    params.insert(QStringLiteral("risk_pct"), d.params.riskPct);
    o.insert(QStringLiteral("strategy_params"), params);
    o.insert(QStringLiteral("underlying_price"), jsonNumber(d.underlyingPrice));
    if (d.underlyingPrice)
        o.insert(QStringLiteral("underlying_time"), isoTime(d.underlyingTime));
    o.insert(QStringLiteral("target_strike"), jsonNumber(d.targetStrike));
    o.insert(QStringLiteral("chain_size"), d.chainSize);
    o.insert(QStringLiteral("candidates"), d.candidates);

    const GateReport *gates = d.gates ? &*d.gates : nullptr;
    o.insert(QStringLiteral("gates"),
             gates ? QJsonValue(gatesJson(*gates)) : QJsonValue(QJsonValue::Null));
    if (d.contract) {
        o.insert(d.contractSelected ? QStringLiteral("contract")
                                    : QStringLiteral("blocked_contract"),
                 contractJson(*d.contract, gates));
    }
    const auto &q = d.contract ? d.contract->quote : std::nullopt;
    o.insert(QStringLiteral("api_bid"), jsonNumber(q ? std::optional(q->bid) : std::nullopt));
    o.insert(QStringLiteral("api_ask"), jsonNumber(q ? std::optional(q->ask) : std::nullopt));
    o.insert(QStringLiteral("mid"), jsonNumber(d.contractMid()));
    o.insert(QStringLiteral("spread_pct"), jsonNumber(q ? spreadPct(*q) : std::nullopt));
    QJsonObject greeks;
    if (d.contract && d.contract->greeks) {
        greeks.insert(QStringLiteral("delta"), d.contract->greeks->delta);
        greeks.insert(QStringLiteral("gamma"), d.contract->greeks->gamma);
        greeks.insert(QStringLiteral("theta"), d.contract->greeks->theta);
        greeks.insert(QStringLiteral("vega"), d.contract->greeks->vega);
    }
    greeks.insert(QStringLiteral("iv"),
                  jsonNumber(d.contract ? d.contract->impliedVol : std::nullopt));
    if (d.contract) {
        greeks.insert(QStringLiteral("source"), str(greeksSourceKey(*d.contract)));
        greeks.insert(QStringLiteral("source_note"), jsonTextOrNull(greeksSourceNote(*d.contract)));
    }
    o.insert(QStringLiteral("greeks"), greeks);

    o.insert(QStringLiteral("sizing"), sizingJson(d));
    if (auto legs = multiLegJson(d); !legs.isEmpty())
        o.insert(QStringLiteral("multi_leg"), legs);
    o.insert(QStringLiteral("daily_pnl"), jsonNumber(d.dailyPnl));
    o.insert(QStringLiteral("limit_price"), jsonNumber(d.limitPrice));
    o.insert(QStringLiteral("qty"), d.qty);
    o.insert(QStringLiteral("execution_mode"), str(toString(d.mode)));
    o.insert(QStringLiteral("dry_run"), d.dryRun);

    const std::string reason = !d.fallbackReason.empty() ? d.fallbackReason
                               : d.placesOrder()         ? std::string("All checks passed")
                                                         : d.error;
    o.insert(QStringLiteral("reason"), jsonTextOrNull(reason));
    o.insert(QStringLiteral("fallback_reason"), jsonTextOrNull(d.fallbackReason));
    o.insert(QStringLiteral("error"), jsonTextOrNull(d.error));
    o.insert(QStringLiteral("client_order_id"), jsonTextOrNull(d.clientOrderId));
    o.insert(QStringLiteral("alpaca_order_id"), jsonTextOrNull(d.orderId));
    o.insert(QStringLiteral("order_status"), jsonTextOrNull(d.orderStatus));
    o.insert(QStringLiteral("adopted_existing_order"), d.adoptedExistingOrder);
    // Who asked, and what the order does to the position (a manual sell may close or open).
    o.insert(QStringLiteral("source"), str(toString(d.source)));
    if (d.order) {
        o.insert(QStringLiteral("side"),
                 d.order->side == OrderSide::Buy ? QStringLiteral("buy") : QStringLiteral("sell"));
        o.insert(QStringLiteral("position_intent"),
                 jsonTextOrNull(positionIntentName(d.order->intent)));
        // A close (an option's *_to_close, a stock's sale or buy to cover) is not held by the
        // per-order limits: the risk meter's biggest order leaves it out.
        o.insert(QStringLiteral("closes_position"),
                 d.closesPosition() || (!d.isOption() && d.order->side == OrderSide::Sell));
    }
    return o;
}

} // namespace cg
