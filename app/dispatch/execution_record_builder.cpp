#include "dispatch/execution_record_builder.h"

#include "dispatch/decision_json.h"
#include "dispatch/recorded_contract.h"
#include "domain/black_scholes_greeks.h"
#include "domain/number_format.h"

#include <QJsonDocument>
#include <QUuid>

namespace cg {

ExecutionRecord toExecutionRecord(const Decision &d) {
    ExecutionRecord r;
    // An order's intent and its completion share the uid: the completion replaces the intent.
    r.executionUid = !d.executionUid.empty()
                         ? d.executionUid
                         : QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    if (d.signal.id > 0)
        r.signalId = d.signal.id;
    r.ticker = d.signal.symbol;
    r.action = std::string(toString(d.signal.action));
    r.instrumentType = d.isOption() ? "OPTION" : "STOCK";
    r.mode = d.mode;
    r.strategy = std::string(strategyName(d.signal));
    r.underlyingPrice = d.underlyingPrice;
    if (d.contract) {
        const OptionContract &c = *d.contract;
        recordContract(r, c);
        if (c.expiry.ok())
            r.expiry = formatDate(c.expiry);
        if (c.quote)
            r.spreadPct = spreadPct(*c.quote);
        r.greeksSource = std::string(greeksSourceKey(c));
        r.openInterest = c.openInterest;
        r.volume = c.volume;
    }
    if (d.qty > 0)
        r.qty = d.qty;
    r.limitPrice = d.limitPrice;
    // A fallback is a simulated fill at mid (docs/trading-rules.md, "Execution modes recorded"); an
    // order's fill arrives later.
    r.fillPrice = d.fillPrice;
    if (!r.fillPrice && d.mode == ExecutionMode::SimulatedFallback)
        r.fillPrice = d.contractMid();
    // A multi-leg decision: its legs (execution_leg, written with the record by the store); a
    // fallback's simulated fill is the net mid.
    if (d.multiLeg && d.multiLeg->strategy) {
        r.legs = executionLegRecords(*d.multiLeg->strategy);
        if (!r.fillPrice && d.mode == ExecutionMode::SimulatedFallback && d.multiLeg->figures)
            r.fillPrice = d.multiLeg->figures->netMid;
    }
    r.clientOrderId = d.placesOrder() ? d.clientOrderId : std::string();
    r.orderId = d.orderId;
    r.orderStatus = d.orderStatus;
    r.fallbackReason = d.fallbackReason;
    r.explainJson = QJsonDocument(explainJson(d)).toJson(QJsonDocument::Compact).toStdString();
    r.createdAt = d.decidedAt;
    r.source = std::string(toString(d.source));
    return r;
}

} // namespace cg
