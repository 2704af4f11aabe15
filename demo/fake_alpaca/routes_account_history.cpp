// The account's history endpoints of the fake server: GET /v2/account/activities (a bare array,
// newest first by default, page_size <= 100, page_token = the last id seen, exclusive; amounts
// as strings) and GET /v2/account/portfolio/history (equal-length arrays of JSON numbers,
// timestamps in epoch seconds), in Alpaca's shapes (docs: API.md sections 19 and 20).

#include "domain/eastern_time.h"
#include "fake_alpaca/alpaca_routes.h"
#include "fake_alpaca/wire_json.h"
#include "market/simulated_market.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <map>

namespace cg::fake {

using namespace std::chrono;

namespace {

QString text(const std::string &s) {
    return QString::fromStdString(s);
}

// A FILL as Alpaca's account-trade-activity-v2 example; non-trade entries as the option-event
// examples (OPEXC/OPASN/OPEXP with net_amount "0", OPTRD with the price).
QJsonObject activityJson(const market::SimActivity &a) {
    QJsonObject o;
    o.insert(QStringLiteral("id"), text(a.id));
    o.insert(QStringLiteral("activity_type"), text(a.type));
    o.insert(QStringLiteral("symbol"), text(a.symbol));
    o.insert(QStringLiteral("qty"), decimalString(a.qty, 4));
    if (a.type == "FILL") {
        o.insert(QStringLiteral("transaction_time"), rfc3339(a.time));
        o.insert(QStringLiteral("type"), text(a.fillType));
        o.insert(QStringLiteral("price"), decimalString(a.price.value_or(0.0), 4));
        o.insert(QStringLiteral("side"), text(a.side));
        o.insert(QStringLiteral("cum_qty"), decimalString(a.cumQty, 4));
        o.insert(QStringLiteral("leaves_qty"), decimalString(a.leavesQty, 4));
        o.insert(QStringLiteral("order_id"), text(a.orderId));
        o.insert(QStringLiteral("order_status"), text(a.orderStatus));
        return o;
    }
    o.insert(QStringLiteral("date"), text(a.date));
    o.insert(QStringLiteral("net_amount"), decimalString(a.netAmount, 2));
    o.insert(QStringLiteral("description"), text(a.description));
    o.insert(QStringLiteral("status"), QStringLiteral("executed"));
    if (!a.subType.empty())
        o.insert(QStringLiteral("activity_sub_type"), text(a.subType));
    if (a.price)
        o.insert(QStringLiteral("price"), decimalString(*a.price, 4));
    return o;
}

bool isTradeType(const std::string &t) {
    return t == "FILL";
}

// "<n>D|W|M|A" -> days back.
std::optional<int> periodDays(const QString &period) {
    static const QRegularExpression re(QStringLiteral("^([1-9][0-9]{0,3})([DWMA])$"));
    const auto m = re.match(period);
    if (!m.hasMatch())
        return std::nullopt;
    const int n = m.captured(1).toInt();
    const QChar unit = m.captured(2).at(0);
    return unit == QLatin1Char('D')   ? n
           : unit == QLatin1Char('W') ? 7 * n
           : unit == QLatin1Char('M') ? 30 * n
                                      : 365 * n;
}

std::optional<minutes> timeframeLength(const QString &tf) {
    if (tf == QLatin1String("1Min"))
        return minutes{1};
    if (tf == QLatin1String("5Min"))
        return minutes{5};
    if (tf == QLatin1String("15Min"))
        return minutes{15};
    if (tf == QLatin1String("1H"))
        return minutes{60};
    if (tf == QLatin1String("1D"))
        return minutes{24 * 60};
    return std::nullopt;
}

} // namespace

HttpResponse AlpacaRoutes::activities(const HttpRequest &req, const QString &typeInPath) {
    QStringList types;
    if (!typeInPath.isEmpty())
        types << typeInPath;
    if (const auto t = req.param(QStringLiteral("activity_types")); t && !t->isEmpty()) {
        if (!typeInPath.isEmpty())
            return invalidRequest(
                QStringLiteral("activity_types is only accepted on the plural endpoint"));
        types = t->split(QLatin1Char(','), Qt::SkipEmptyParts);
    }
    const QString category = req.param(QStringLiteral("category")).value_or(QString());
    if (!category.isEmpty() && !types.isEmpty())
        return invalidRequest(QStringLiteral("category cannot be used with activity_types"));
    if (!category.isEmpty() && category != QLatin1String("trade_activity") &&
        category != QLatin1String("non_trade_activity"))
        return invalidRequest(QStringLiteral("invalid category: %1").arg(category));
    const QString direction =
        req.param(QStringLiteral("direction")).value_or(QStringLiteral("desc"));
    if (direction != QLatin1String("asc") && direction != QLatin1String("desc"))
        return invalidRequest(QStringLiteral("invalid direction: %1").arg(direction));
    int pageSize = 100;
    if (const auto p = req.param(QStringLiteral("page_size"))) {
        bool ok = false;
        pageSize = p->toInt(&ok);
        if (!ok || pageSize < 1 || pageSize > 100)
            return invalidRequest(QStringLiteral("page_size must be between 1 and 100"));
    }
    const QString date = req.param(QStringLiteral("date")).value_or(QString());
    const QString after = req.param(QStringLiteral("after")).value_or(QString());
    const QString until = req.param(QStringLiteral("until")).value_or(QString());
    const QString token = req.param(QStringLiteral("page_token")).value_or(QString());

    std::vector<market::SimActivity> all = m_market->activities(); // oldest first
    if (direction == QLatin1String("desc"))
        std::reverse(all.begin(), all.end());
    // The page starts after the token's activity, in the order asked for.
    auto begin = all.begin();
    if (!token.isEmpty()) {
        const std::string t = token.toStdString();
        const auto it = std::find_if(all.begin(), all.end(),
                                     [&t](const market::SimActivity &a) { return a.id == t; });
        begin = it == all.end() ? all.end() : it + 1;
    }
    QJsonArray out;
    for (auto it = begin; it != all.end() && out.size() < pageSize; ++it) {
        const market::SimActivity &a = *it;
        if (!types.isEmpty() && !types.contains(text(a.type)))
            continue;
        if (category == QLatin1String("trade_activity") && !isTradeType(a.type))
            continue;
        if (category == QLatin1String("non_trade_activity") && isTradeType(a.type))
            continue;
        const QString day = text(a.date);
        if (!date.isEmpty() && day != date.left(10))
            continue;
        if (!after.isEmpty() &&
            !(day > after.left(10) || (after.size() > 10 && rfc3339(a.time) > after)))
            continue;
        if (!until.isEmpty() &&
            !(day < until.left(10) || (until.size() > 10 && rfc3339(a.time) < until)))
            continue;
        out.append(activityJson(a));
    }
    return HttpResponse::json(200, QJsonDocument(out).toJson(QJsonDocument::Compact));
}

HttpResponse AlpacaRoutes::portfolioHistory(const HttpRequest &req, Timestamp now) {
    const QString period = req.param(QStringLiteral("period")).value_or(QStringLiteral("1M"));
    const auto back = periodDays(period);
    if (!back)
        return invalidRequest(
            QStringLiteral("invalid period: %1 (use <n>D, W, M or A)").arg(period));
    // Alpaca's default: 1Min under 7 days, 15Min under 30 days, else 1D.
    QString tf = req.param(QStringLiteral("timeframe")).value_or(QString());
    if (tf.isEmpty())
        tf = *back < 7    ? QStringLiteral("1Min")
             : *back < 30 ? QStringLiteral("15Min")
                          : QStringLiteral("1D");
    const auto step = timeframeLength(tf);
    if (!step)
        return invalidRequest(
            QStringLiteral("invalid timeframe: %1 (use 1Min, 5Min, 15Min, 1H or 1D)").arg(tf));
    if (*step < minutes{24 * 60} && *back > 30)
        return invalidRequest(
            QStringLiteral("intraday timeframes are limited to 30 days of history"));

    const Timestamp from = now - days{*back};
    // Each bucket shows its last equity point, labelled by the bucket's start (daily buckets
    // start at New York midnight).
    const auto bucketOf = [&](Timestamp t) -> Timestamp {
        if (*step == minutes{24 * 60})
            return easternInstant(easternDate(t), 0, 0);
        const auto ms = duration_cast<milliseconds>(*step).count();
        return Timestamp{milliseconds{t.time_since_epoch().count() / ms * ms}};
    };
    std::map<Timestamp, double> buckets;
    for (const market::EquityPoint &p : m_market->equityHistory()) {
        if (p.time >= from && p.time <= now)
            buckets[bucketOf(p.time)] = p.equity;
    }
    if (!buckets.empty())
        buckets[bucketOf(now)] = m_market->account().equity; // the live figure ends the curve

    QJsonArray stamps, equity, pl, plPct;
    const double base = buckets.empty() ? 0.0 : buckets.begin()->second;
    for (const auto &[t, e] : buckets) {
        stamps.append(static_cast<qint64>(duration_cast<seconds>(t.time_since_epoch()).count()));
        equity.append(std::round(e * 100.0) / 100.0);
        const double change = e - base;
        pl.append(std::round(change * 10000.0) / 10000.0);
        plPct.append(base != 0.0 ? std::round(change / base * 10000.0) / 10000.0 : 0.0);
    }
    QJsonObject o;
    o.insert(QStringLiteral("timestamp"), stamps);
    o.insert(QStringLiteral("equity"), equity);
    o.insert(QStringLiteral("profit_loss"), pl);
    o.insert(QStringLiteral("profit_loss_pct"), plPct);
    o.insert(QStringLiteral("base_value"), std::round(base * 100.0) / 100.0);
    o.insert(QStringLiteral("timeframe"), tf);
    return HttpResponse::json(200, QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace cg::fake
