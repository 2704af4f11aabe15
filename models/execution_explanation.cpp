#include "models/execution_explanation.h"

#include "models/display_format.h"
#include "models/executions_model.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>
#include <optional>

namespace cg::models {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("cg::models::ExecutionExplanation", text);
}

std::optional<double> num(const QJsonObject &o, const char *key) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isDouble() && std::isfinite(v.toDouble()))
        return v.toDouble();
    return std::nullopt;
}

QString str(const QJsonObject &o, const char *key) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    return {};
}

// The first value that is known.
std::optional<double> either(std::optional<double> a, std::optional<double> b) {
    return a ? a : b;
}

QString countText(std::optional<double> v) {
    return v ? QLocale(QLocale::English).toString(static_cast<qlonglong>(std::llround(*v)))
             : QString();
}

QString greekText(std::optional<double> v) {
    return v ? QString::number(*v, 'f', 4) : QString();
}

QString dollars(std::optional<double> v) {
    return v ? moneyText(*v) : QString();
}

// Appends a row only when there is something to say.
void add(ExplanationSection &s, const QString &label, const QString &value) {
    if (!value.isEmpty())
        s.rows.append({label, value});
}

QString sideText(const std::string &action) {
    if (action == "CALL" || action == "PUT")
        return tr("buy to open");
    if (action == "SELL")
        return tr("sell");
    return tr("buy");
}

} // namespace

ExecutionExplanation explainExecution(const ExecutionRecord &r) {
    ExecutionExplanation e;
    e.mode = r.mode;
    QJsonObject x;
    if (!r.explainJson.empty()) {
        QJsonParseError err{};
        const QJsonDocument doc =
            QJsonDocument::fromJson(QByteArray::fromStdString(r.explainJson), &err);
        if (err.error == QJsonParseError::NoError && doc.isObject())
            x = doc.object();
        else
            e.warning = tr("The stored explanation could not be read; the columns are shown.");
    }
    const QJsonObject contract = x.value(QStringLiteral("contract")).isObject()
                                     ? x.value(QStringLiteral("contract")).toObject()
                                     : x.value(QStringLiteral("blocked_contract")).toObject();
    const QJsonObject sizing = x.value(QStringLiteral("sizing")).toObject();
    const QJsonObject greeks = x.value(QStringLiteral("greeks")).toObject();
    const QJsonObject signal = x.value(QStringLiteral("signal")).toObject();
    const QJsonObject params = x.value(QStringLiteral("strategy_params")).toObject();

    // What happened, in one line.
    const QString instrument = !r.optionSymbol.empty() ? qs(r.optionSymbol) : qs(r.ticker);
    const QString qty = r.qty ? QString::number(*r.qty) : QString();
    const std::optional<double> limit = either(r.limitPrice, num(x, "limit_price"));
    QString order =
        qty.isEmpty() ? QStringLiteral("%1 %2").arg(sideText(r.action), instrument)
                      : QStringLiteral("%1 %2 \u00d7 %3").arg(sideText(r.action), qty, instrument);
    if (limit)
        order += tr(", limit %1").arg(priceText(limit));
    else if (isOrderMode(r.mode))
        order += tr(", market");
    const QString mode = ExecutionsModel::modeText(r.mode);
    const QString fallback =
        !r.fallbackReason.empty() ? qs(r.fallbackReason) : str(x, "fallback_reason");
    const QString error = str(x, "error");
    // An order whose intent was recorded but that never reached the broker (the tracker's
    // not_placed): its record's reason says what happened, not the decision's "All checks passed".
    const bool neverPlaced = r.orderStatus == "not_placed";
    if (isOrderMode(r.mode) && neverPlaced) {
        e.headline = tr("Order not placed (%1): %2").arg(mode, order);
    } else if (isOrderMode(r.mode)) {
        e.headline = tr("Order placed (%1): %2").arg(mode, order);
    } else if (r.mode == ExecutionMode::RejectedByUser) {
        e.headline = tr("Rejected by the trader: %1 was not sent").arg(order);
    } else {
        e.headline = instrument.isEmpty() || r.optionSymbol.empty()
                         ? tr("No order (simulated fallback)")
                         : tr("No order (simulated fallback at mid) for %1").arg(instrument);
    }
    e.reason = neverPlaced && !fallback.isEmpty() ? fallback : str(x, "reason");
    if (e.reason.isEmpty())
        e.reason = !fallback.isEmpty()   ? fallback
                   : !error.isEmpty()    ? error
                   : isOrderMode(r.mode) ? tr("All checks passed")
                                         : QString();

    // The five gates.
    const QJsonObject gates = x.value(QStringLiteral("gates")).isObject()
                                  ? x.value(QStringLiteral("gates")).toObject()
                                  : contract.value(QStringLiteral("gates")).toObject();
    e.gatesEvaluated = !gates.isEmpty();
    for (int i = 0; i < kGateCount; ++i) {
        const auto id = static_cast<GateId>(i);
        const QJsonObject o = gates.value(qs(gateKey(id))).toObject();
        if (o.isEmpty())
            continue;
        e.gates.push_back({gateName(id), o.value(QStringLiteral("pass")).toBool(),
                           o.value(QStringLiteral("reason")).toString()});
    }

    // The signal and the strategy.
    ExplanationSection sig{tr("Signal"), {}};
    const QString signalId = str(signal, "id");
    add(sig, tr("Signal"),
        QStringLiteral("%1%2 %3").arg(signalId.isEmpty() ? QString()
                                                         : QStringLiteral("#%1 ").arg(signalId),
                                      qs(r.ticker), qs(r.action)));
    add(sig, tr("Source"), str(signal, "source"));
    add(sig, tr("Strategy"),
        qs(r.strategy.empty() ? str(x, "strategy").toStdString() : r.strategy));
    if (!params.isEmpty()) {
        add(sig, tr("Target"),
            tr("%1 %2%, %3\u2013%4 days to expiry, %5% of equity")
                .arg(str(params, "moneyness"), str(params, "moneyness_pct"), str(params, "min_dte"),
                     str(params, "max_dte"), str(params, "risk_pct")));
    }
    add(sig, tr("Decided at"), localTimeText(r.createdAt));
    if (x.value(QStringLiteral("dry_run")).toBool())
        add(sig, tr("Dry run"), tr("yes: nothing was sent"));
    e.sections.push_back(sig);

    // The market the decision saw.
    ExplanationSection market{tr("Market"), {}};
    add(market, tr("Underlying price"),
        priceText(either(r.underlyingPrice, num(x, "underlying_price"))));
    add(market, tr("Target strike"), priceText(num(x, "target_strike")));
    if (const auto chain = num(x, "chain_size"))
        add(market, tr("Chain"),
            tr("%1 contracts fetched, %2 candidates passed the gates in the window")
                .arg(countText(chain), countText(num(x, "candidates").value_or(0))));
    e.sections.push_back(market);

    // The contract and its prices.
    ExplanationSection prices{x.contains(QStringLiteral("blocked_contract"))
                                  ? tr("Contract (blocked)")
                                  : tr("Contract and prices"),
                              {}};
    add(prices, tr("Contract"), instrument == qs(r.ticker) ? QString() : instrument);
    add(prices, tr("Strike / expiry"),
        r.strike || !r.expiry.empty()
            ? QStringLiteral("%1 / %2").arg(priceText(r.strike), qs(r.expiry))
            : QString());
    const auto bid = either(r.bid, num(x, "api_bid"));
    const auto ask = either(r.ask, num(x, "api_ask"));
    std::optional<double> mid = num(x, "mid");
    if (!mid && bid && ask)
        mid = (*bid + *ask) / 2.0;
    if (bid || ask)
        add(prices, tr("Bid / ask / mid"),
            QStringLiteral("%1 / %2 / %3").arg(priceText(bid), priceText(ask), priceText(mid)));
    add(prices, tr("Spread at entry"), percentText(either(r.spreadPct, num(x, "spread_pct"))));
    add(prices, tr("Limit price"), priceText(limit));
    add(prices, tr("Fill price"), priceText(r.fillPrice));
    if (r.fillPrice && mid && *mid > 0 && isOrderMode(r.mode)) {
        const double slip = *r.fillPrice - *mid;
        add(prices, tr("Slippage vs mid"),
            tr("%1 per share (%2)")
                .arg(slip >= 0 ? QLatin1Char('+') + priceText(slip) : priceText(slip),
                     signedPercentText(slip / *mid * 100.0)));
    }
    add(prices, tr("Open interest / volume"),
        r.openInterest || r.volume
            ? QStringLiteral("%1 / %2").arg(r.openInterest ? countText(double(*r.openInterest))
                                                           : tr("unknown"),
                                            r.volume ? countText(double(*r.volume)) : tr("unknown"))
            : QString());
    e.sections.push_back(prices);

    // Greeks.
    ExplanationSection g{tr("Greeks"), {}};
    add(g, tr("Delta"), greekText(either(r.delta, num(greeks, "delta"))));
    add(g, tr("Gamma"), greekText(either(r.gamma, num(greeks, "gamma"))));
    add(g, tr("Theta"), greekText(either(r.theta, num(greeks, "theta"))));
    add(g, tr("Vega"), greekText(either(r.vega, num(greeks, "vega"))));
    const auto iv = either(r.iv, num(greeks, "iv"));
    add(g, tr("Implied volatility"), iv ? percentText(*iv * 100.0, 1) : QString());
    e.sections.push_back(g);

    // Sizing.
    ExplanationSection size{tr("Sizing"), {}};
    add(size, tr("Equity"), dollars(num(sizing, "equity")));
    if (num(sizing, "risk_pct") && num(sizing, "budget")) // a close has none (null)
        add(size, tr("Budget"),
            tr("%1 (%2% of equity)").arg(dollars(num(sizing, "budget")), str(sizing, "risk_pct")));
    add(size, tr("Cost per contract"), dollars(num(sizing, "cost_per_contract")));
    add(size, tr("Contracts"), str(sizing, "qty"));
    add(size, tr("Cost"), dollars(num(sizing, "cost")));
    add(size, tr("Options buying power"), dollars(num(sizing, "options_buying_power")));
    if (sizing.value(QStringLiteral("capped_by_buying_power")).toBool())
        add(size, tr("Capped"), tr("by options buying power"));
    if (sizing.value(QStringLiteral("capped_by_max_contracts")).toBool())
        add(size, tr("Capped"), tr("by the contracts-per-order limit"));
    add(size, tr("Sizing note"), str(sizing, "reason"));
    if (const auto pnl = num(x, "daily_pnl"))
        add(size, tr("Day P&L at decision"), signedMoneyText(*pnl));
    e.sections.push_back(size);

    // The order.
    ExplanationSection ord{tr("Order"), {}};
    add(ord, tr("Client order id"),
        qs(r.clientOrderId.empty() ? str(x, "client_order_id").toStdString() : r.clientOrderId));
    add(ord, tr("Alpaca order id"),
        qs(r.orderId.empty() ? str(x, "alpaca_order_id").toStdString() : r.orderId));
    add(ord, tr("Status"),
        qs(r.orderStatus.empty() ? str(x, "order_status").toStdString() : r.orderStatus));
    if (x.value(QStringLiteral("adopted_existing_order")).toBool())
        add(ord, tr("Note"), tr("the order already existed at Alpaca and was not sent again"));
    add(ord, tr("Error"), error);
    e.sections.push_back(ord);

    // A multi-leg execution: each leg, at its fill (or its mid when decided).
    ExplanationSection legs{tr("Legs"), {}};
    for (const ExecutionLegRecord &l : r.legs) {
        QString value =
            QStringLiteral("%1 %2 %3").arg(qs(l.side)).arg(l.ratioQty).arg(qs(l.optionSymbol));
        if (l.fillPrice)
            value += tr(", filled at %1").arg(*l.fillPrice, 0, 'f', 2);
        else if (l.mid)
            value += tr(", mid %1").arg(*l.mid, 0, 'f', 2);
        if (l.delta)
            value += tr(", delta %1").arg(*l.delta, 0, 'f', 2);
        add(legs, tr("Leg %1").arg(l.legIndex + 1), value);
    }
    e.sections.push_back(legs);

    // Sections with nothing to say are left out.
    std::erase_if(e.sections, [](const ExplanationSection &s) { return s.rows.isEmpty(); });
    return e;
}

QString explanationHtml(const ExecutionExplanation &e, const ExplanationColors &colors) {
    const auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    QString h;
    const bool ordered = isOrderMode(e.mode);
    const QColor head = ordered                                   ? colors.pass
                        : e.mode == ExecutionMode::RejectedByUser ? colors.dim
                                                                  : QColor(0xd9, 0x8e, 0x04);
    h += QStringLiteral("<p style='margin:0'><b style='color:%1'>%2</b></p>")
             .arg(head.name(), esc(e.headline));
    if (!e.reason.isEmpty())
        h += QStringLiteral("<p style='margin-top:2px'>%1 %2</p>")
                 .arg(esc(tr("Why:")), esc(e.reason));
    if (!e.warning.isEmpty())
        h += QStringLiteral("<p style='color:%1'>%2</p>").arg(colors.fail.name(), esc(e.warning));

    h += QStringLiteral("<h4 style='margin-bottom:2px'>%1</h4>").arg(esc(tr("Gates")));
    if (!e.gatesEvaluated) {
        h += QStringLiteral("<p style='color:%1'>%2</p>")
                 .arg(colors.dim.name(),
                      esc(tr("Not evaluated (stock order, or no contract was found).")));
    } else {
        h += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
        for (const ExplanationGate &g : e.gates) {
            // Mark, then the gate and its reason flowing in one cell: narrow docks wrap it.
            h += QStringLiteral("<tr><td style='color:%1' nowrap><b>%2</b>&nbsp;</td>"
                                "<td><b>%3</b> \u2014 %4</td></tr>")
                     .arg((g.pass ? colors.pass : colors.fail).name(),
                          g.pass ? QStringLiteral("\u2714 PASS") : QStringLiteral("\u2718 FAIL"),
                          esc(g.name), esc(g.reason));
        }
        h += QStringLiteral("</table>");
    }
    for (const ExplanationSection &s : e.sections) {
        h += QStringLiteral("<h4 style='margin-bottom:2px'>%1</h4>"
                            "<table cellspacing='0' cellpadding='1'>")
                 .arg(esc(s.title));
        for (const auto &[label, value] : s.rows)
            h += QStringLiteral("<tr><td style='color:%1'>%2&nbsp;&nbsp;</td><td>%3</td></tr>")
                     .arg(colors.dim.name(), esc(label), esc(value));
        h += QStringLiteral("</table>");
    }
    return h;
}

QString explanationText(const ExecutionExplanation &e) {
    QStringList lines{e.headline};
    if (!e.reason.isEmpty())
        lines << tr("Why: %1").arg(e.reason);
    if (!e.warning.isEmpty())
        lines << e.warning;
    lines << QString() << tr("Gates");
    if (!e.gatesEvaluated)
        lines << tr("  Not evaluated (stock order, or no contract was found).");
    for (const ExplanationGate &g : e.gates)
        lines << QStringLiteral("  %1 %2: %3")
                     .arg(g.pass ? QStringLiteral("PASS") : QStringLiteral("FAIL"), g.name,
                          g.reason);
    for (const ExplanationSection &s : e.sections) {
        lines << QString() << s.title;
        for (const auto &[label, value] : s.rows)
            lines << QStringLiteral("  %1: %2").arg(label, value);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace cg::models
