#include "alpaca/activity_json.h"

#include "alpaca/json_fields.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cmath>

namespace cg::alpaca {

Result<std::vector<Activity>> parseActivities(const QByteArray &body) {
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isArray())
        return Error::make("Alpaca sent an unreadable activity list: expected a JSON array");
    std::vector<Activity> out;
    for (const QJsonValue &v : doc.array()) {
        if (!v.isObject())
            return Error::make(
                "Alpaca sent an unreadable activity list: an entry is not an object");
        const QJsonObject o = v.toObject();
        FieldReader f(o, "activity");
        Activity a;
        a.id = f.string("id", true).value_or("");
        a.activityType = f.string("activity_type", true).value_or("");
        a.symbol = f.string("symbol").value_or("");
        a.qty = f.quantity("qty").value_or(0.0);
        a.price = f.number("price");
        if (a.activityType == "FILL") {
            a.transactionTime = f.time("transaction_time", true).value_or(Timestamp{});
            a.fillType = f.string("type").value_or("");
            a.side = f.string("side").value_or("");
            a.cumQty = f.quantity("cum_qty").value_or(0.0);
            a.leavesQty = f.quantity("leaves_qty").value_or(0.0);
            a.orderId = f.string("order_id").value_or("");
            a.orderStatus = f.string("order_status").value_or("");
        } else {
            a.date = f.string("date").value_or("");
            a.subType = f.string("activity_sub_type").value_or("");
            a.netAmount = f.number("net_amount");
            a.description = f.string("description").value_or("");
            a.status = f.string("status").value_or("");
            // Some non-trade records carry a time too; the list sorts by it when present.
            if (auto t = f.time("created_at"))
                a.transactionTime = *t;
        }
        if (!f.ok())
            return f.error();
        out.push_back(std::move(a));
    }
    return out;
}

namespace {

// A required array of numbers (null kept as unknown).
Result<std::vector<std::optional<double>>> numbers(const QJsonObject &o, const char *key) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isNull() || v.isUndefined())
        return std::vector<std::optional<double>>{};
    if (!v.isArray())
        return Error::make(std::string("Alpaca's portfolio history has \"") + key +
                           "\" that is not an array");
    std::vector<std::optional<double>> out;
    for (const QJsonValue &e : v.toArray()) {
        if (e.isNull())
            out.emplace_back();
        else if (e.isDouble() && std::isfinite(e.toDouble()))
            out.emplace_back(e.toDouble());
        else
            return Error::make(std::string("Alpaca's portfolio history has \"") + key +
                               "\" with an entry that is not a number");
    }
    return out;
}

} // namespace

Result<PortfolioHistory> parsePortfolioHistory(const QByteArray &body) {
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return Error::make("Alpaca sent an unreadable portfolio history: expected a JSON object");
    const QJsonObject o = doc.object();
    PortfolioHistory h;
    auto stamps = numbers(o, "timestamp");
    auto equity = numbers(o, "equity");
    auto pl = numbers(o, "profit_loss");
    auto plPct = numbers(o, "profit_loss_pct");
    for (const auto *r : {&stamps, &equity, &pl, &plPct}) {
        if (!*r)
            return r->error();
    }
    for (const auto &s : *stamps) {
        if (!s)
            return Error::make("Alpaca's portfolio history has a null timestamp");
        h.timestamps.push_back(Timestamp{
            std::chrono::milliseconds{static_cast<std::int64_t>(std::llround(*s * 1000.0))}});
    }
    h.equity = std::move(*equity);
    h.profitLoss = std::move(*pl);
    h.profitLossPct = std::move(*plPct);
    const std::size_t n = h.timestamps.size();
    if (h.equity.size() != n || (!h.profitLoss.empty() && h.profitLoss.size() != n) ||
        (!h.profitLossPct.empty() && h.profitLossPct.size() != n))
        return Error::make("Alpaca's portfolio history has arrays of different lengths (" +
                           std::to_string(n) + " timestamps, " + std::to_string(h.equity.size()) +
                           " equity points)");
    FieldReader f(o, "portfolio history");
    h.baseValue = f.number("base_value");
    h.baseValueAsOf = f.string("base_value_asof").value_or("");
    h.timeframe = f.string("timeframe").value_or("");
    if (!f.ok())
        return f.error();
    return h;
}

} // namespace cg::alpaca
