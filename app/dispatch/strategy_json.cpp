#include "dispatch/strategy_json.h"

#include "dispatch/contract_json.h"
#include "storage/json_values.h"

#include <QJsonArray>

#include <cmath>

namespace cg {

namespace {

QJsonValue placedFromJson(const MultiLegStrategy &s) {
    if (s.kind != StrategyTemplate::Custom)
        return QString::fromLatin1(toString(s.kind).data());
    if (!s.placedFrom)
        return QJsonValue::Null;
    return QString::fromLatin1(toString(*s.placedFrom).data());
}

} // namespace

QJsonObject strategyJson(const MultiLegStrategy &s, const StrategyFigures &f,
                         const std::vector<GateReport> &legGates, const ComboGateResult &combo) {
    QJsonArray legs;
    bool allPass = true;
    for (std::size_t i = 0; i < s.legs.size(); ++i) {
        const StrategyLeg &leg = s.legs[i];
        const GateReport *gates = i < legGates.size() ? &legGates[i] : nullptr;
        allPass = allPass && gates && gates->tradeable();
        QJsonObject o = contractJson(leg.contract, gates);
        o.insert(QStringLiteral("side"),
                 leg.side == OrderSide::Buy ? QStringLiteral("buy") : QStringLiteral("sell"));
        o.insert(QStringLiteral("ratio_qty"), leg.ratio);
        o.insert(QStringLiteral("position_intent"),
                 QString::fromLatin1(positionIntentName(leg.intent)));
        legs.append(o);
    }
    QJsonArray breakEvens;
    for (const double b : f.breakEvens)
        breakEvens.append(std::round(b * 1e4) / 1e4);
    QJsonValue greeks(QJsonValue::Null);
    if (f.greeks)
        greeks = QJsonObject{{QStringLiteral("delta"), f.greeks->delta},
                             {QStringLiteral("gamma"), f.greeks->gamma},
                             {QStringLiteral("theta"), f.greeks->theta},
                             {QStringLiteral("vega"), f.greeks->vega},
                             {QStringLiteral("rho"), f.greeks->rho}};
    const auto dollars = [&](std::optional<double> v) {
        return v ? std::optional<double>(*v * f.multiplier) : std::nullopt;
    };
    return QJsonObject{
        {QStringLiteral("template"), QString::fromLatin1(toString(s.kind).data())},
        // The template whose settings sized the order: a custom one's start in the builder (null
        // when it was built from nothing).
        {QStringLiteral("placed_from"), placedFromJson(s)},
        {QStringLiteral("underlying"), QString::fromStdString(s.underlying)},
        {QStringLiteral("explanation"), QString::fromStdString(s.explanation)},
        {QStringLiteral("legs"), legs},
        {QStringLiteral("net_mid"), f.netMid},
        {QStringLiteral("net_natural"), f.netNatural},
        {QStringLiteral("combined_spread"), f.combinedSpread},
        {QStringLiteral("price_type"),
         f.netMid >= 0.0 ? QStringLiteral("debit") : QStringLiteral("credit")},
        // Why the risk figures are null (priced only: enough to close); null where they are not.
        {QStringLiteral("not_valued"), f.valued()
                                           ? QJsonValue(QJsonValue::Null)
                                           : QJsonValue(QString::fromStdString(f.notValued))},
        {QStringLiteral("max_profit"), jsonNumber(f.maxProfit)},
        {QStringLiteral("max_profit_unlimited"), f.unlimitedProfit()},
        {QStringLiteral("max_loss"), jsonNumber(f.maxLoss)},
        {QStringLiteral("max_loss_unlimited"), f.unlimitedLoss()},
        {QStringLiteral("max_profit_dollars"), jsonNumber(dollars(f.maxProfit))},
        {QStringLiteral("max_loss_dollars"), jsonNumber(dollars(f.maxLoss))},
        {QStringLiteral("break_evens"), breakEvens},
        {QStringLiteral("probability_of_profit"), jsonNumber(f.probabilityOfProfit)},
        {QStringLiteral("greeks"), greeks},
        {QStringLiteral("multiplier"), f.multiplier},
        {QStringLiteral("combo_gate"),
         QJsonObject{{QStringLiteral("pass"), combo.pass},
                     {QStringLiteral("value"), jsonNumber(combo.value)},
                     {QStringLiteral("threshold"), combo.threshold},
                     {QStringLiteral("reason"), QString::fromStdString(combo.reason)}}},
        {QStringLiteral("tradeable"), allPass && combo.pass},
    };
}

} // namespace cg
