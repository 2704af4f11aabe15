// Trading API endpoints of the fake server: option contracts, account, positions, orders, clock.
// Decimals are strings here, and an Order always carries its nullable fields as null.

#include "domain/market_calendar.h"
#include "fake_alpaca/alpaca_routes.h"
#include "fake_alpaca/query_params.h"
#include "fake_alpaca/wire_json.h"
#include "market/expiry_calendar.h"
#include "market/simulated_market.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace cg::fake {

using namespace std::chrono;

namespace {

constexpr long long kNotFound = 40410000;

HttpResponse fromError(const cg::Error &e) {
    return HttpResponse::json(e.httpStatus ? e.httpStatus : 500,
                              tradingError(e.code, QString::fromStdString(e.message)));
}

QByteArray compact(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray compact(const QJsonArray &a) {
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

year_month_day previousWeekday(year_month_day d) {
    do {
        d = year_month_day{sys_days{d} - days{1}};
    } while (!market::isTradingDay(d));
    return d;
}

// "By default this is set to the next weekend": the coming Sunday (today when it is Sunday).
year_month_day nextWeekend(year_month_day today) {
    const weekday wd{sys_days{today}};
    return year_month_day{sys_days{today} + days{(7 - wd.c_encoding()) % 7}};
}

bool looksLikeUuid(const QString &s) {
    return s.size() == 36 && s[8] == QLatin1Char('-') && s[13] == QLatin1Char('-');
}

std::optional<Timestamp> timeParam(const HttpRequest &req, const QString &name, bool &bad) {
    const auto v = req.param(name);
    if (!v)
        return std::nullopt;
    QDateTime t = QDateTime::fromString(*v, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(*v, Qt::ISODate);
    if (!t.isValid()) {
        bad = true;
        return std::nullopt;
    }
    return Timestamp{milliseconds{t.toMSecsSinceEpoch()}};
}

// An order request's body (POST and PATCH /v2/orders). Alpaca takes decimals as strings;
// numbers are accepted too. The first field of a wrong type is kept for the 422.
struct OrderBody {
    QJsonObject body;
    QString badField;

    bool parse(const QByteArray &bytes) {
        QJsonParseError parseError{};
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            return false;
        body = doc.object();
        return true;
    }

    std::optional<std::string> text(const char *name) {
        const QJsonValue v = body.value(QLatin1String(name));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (v.isString())
            return v.toString().toStdString();
        if (v.isDouble())
            return decimalString(v.toDouble(), 9).toStdString();
        badField = QLatin1String(name);
        return std::nullopt;
    }
};

} // namespace

HttpResponse AlpacaRoutes::optionContracts(const HttpRequest &req, Timestamp now) {
    const auto status = req.param(QStringLiteral("status"));
    if (status && *status != QLatin1String("active") && *status != QLatin1String("inactive"))
        return invalidRequest(QStringLiteral("invalid status: use active or inactive"));
    const auto style = req.param(QStringLiteral("style"));
    if (style && *style != QLatin1String("american") && *style != QLatin1String("european"))
        return invalidRequest(QStringLiteral("invalid style: use american or european"));
    ChainFilter filter;
    const QString error = parseChainFilter(req, filter);
    if (!error.isEmpty())
        return invalidRequest(error);
    const auto limit = limitParam(req, kContractsDefaultLimit, kContractsMaxLimit);
    if (limit.bad())
        return invalidRequest(limit.error);
    qsizetype offset = 0;
    if (const auto token = req.param(QStringLiteral("page_token")); token && !token->isEmpty()) {
        const auto decoded = QByteArray::fromBase64Encoding(
            token->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        bool ok = false;
        offset = decoded ? decoded.decoded.toLongLong(&ok) : 0;
        if (!ok || offset < 0)
            return invalidRequest(QStringLiteral("invalid page_token"));
    }
    const year_month_day today = easternDate(now);
    if (!filter.expiry && !filter.expiryLte)
        filter.expiryLte = nextWeekend(today);
    const bool deliverables =
        req.param(QStringLiteral("show_deliverables")).value_or(QString()) == QLatin1String("true");

    std::vector<std::string> underlyings;
    if (const auto list = req.param(QStringLiteral("underlying_symbols"))) {
        for (const QString &s : list->split(QLatin1Char(','), Qt::SkipEmptyParts))
            underlyings.push_back(s.trimmed().toStdString());
    } else {
        underlyings = m_market->underlyingSymbols();
    }
    std::sort(underlyings.begin(), underlyings.end());
    underlyings.erase(std::unique(underlyings.begin(), underlyings.end()), underlyings.end());

    // Only active American contracts exist here: the other filters give an empty list.
    const bool none = (status && *status == QLatin1String("inactive")) ||
                      (style && *style == QLatin1String("european"));
    const year_month_day asOf = previousWeekday(today);
    QByteArray body;
    WireOut out(body, static_cast<std::size_t>(std::min(*limit.value, 10000)) * 640); // ~600 B each
    out.put("{\"option_contracts\":[");
    qsizetype index = 0;
    qsizetype listed = 0;
    bool more = false;
    for (const std::string &u : none ? std::vector<std::string>{} : underlyings) {
        const market::StockState *stock = m_market->stock(u);
        if (!stock)
            continue;
        // Listed, not priced: a contract's page carries nothing that moves with the market.
        for (const market::SimContract &c : m_market->listing(u)) {
            if (!filter.matches(c))
                continue;
            if (index++ < offset)
                continue;
            if (listed == *limit.value) {
                more = true;
                break;
            }
            if (listed++ > 0)
                out.put(',');
            appendOptionContract(out, c, asOf, stock->assetId, deliverables);
        }
        if (more)
            break;
    }
    out.put("],\"next_page_token\":");
    if (more)
        appendJsonString(out, QByteArray::number(offset + listed).toBase64().toStdString());
    else
        out.put("null");
    out.put('}');
    out.finish();
    return HttpResponse::json(200, body);
}

HttpResponse AlpacaRoutes::optionContract(const QString &symbolOrId, Timestamp now) {
    const std::string key = symbolOrId.toStdString();
    const market::SimContract *c =
        looksLikeUuid(symbolOrId) ? m_market->contractById(key) : m_market->contract(key);
    if (!c)
        return HttpResponse::json(
            404, tradingError(kNotFound,
                              QStringLiteral("option contract %1 not found").arg(symbolOrId)));
    const market::StockState *stock = m_market->stock(c->underlying);
    QByteArray body;
    WireOut out(body, 1024);
    appendOptionContract(out, *c, previousWeekday(easternDate(now)),
                         stock ? std::string_view(stock->assetId) : std::string_view(), false);
    out.finish();
    return HttpResponse::json(200, body);
}

HttpResponse AlpacaRoutes::account() {
    return HttpResponse::json(200, compact(accountJson(m_market->account())));
}

HttpResponse AlpacaRoutes::positions(const QString &symbol) {
    QJsonArray out;
    for (const market::PositionView &p : m_market->positions()) {
        if (symbol.isEmpty()) {
            out.append(positionJson(p));
        } else if (symbol == QLatin1String(p.position.symbol.c_str()) ||
                   symbol == QLatin1String(p.position.assetId.c_str())) {
            return HttpResponse::json(200, compact(positionJson(p)));
        }
    }
    if (!symbol.isEmpty())
        return HttpResponse::json(
            404, tradingError(kNotFound, QStringLiteral("position does not exist")));
    return HttpResponse::json(200, compact(out));
}

HttpResponse AlpacaRoutes::createOrder(const HttpRequest &req) {
    OrderBody in;
    if (!in.parse(req.body))
        return HttpResponse::json(
            400, tradingError(40010000, QStringLiteral("request body format is invalid")));
    const QJsonObject &body = in.body;
    QString &badField = in.badField;
    const auto text = [&in](const char *name) { return in.text(name); };
    market::OrderSubmission s;
    s.symbol = text("symbol");
    s.qty = text("qty");
    s.notional = text("notional");
    s.side = text("side");
    s.type = text("type");
    s.timeInForce = text("time_in_force");
    s.limitPrice = text("limit_price");
    s.stopPrice = text("stop_price");
    s.clientOrderId = text("client_order_id");
    s.positionIntent = text("position_intent");
    s.orderClass = text("order_class");
    const QJsonValue ext = body.value(QLatin1String("extended_hours"));
    if (ext.isBool())
        s.extendedHours = ext.toBool();
    else if (ext.isString())
        s.extendedHours = ext.toString() == QLatin1String("true");
    else if (!ext.isUndefined() && !ext.isNull())
        badField = QStringLiteral("extended_hours");
    if (!badField.isEmpty())
        return invalidRequest(QStringLiteral("invalid %1").arg(badField));
    const QJsonValue legs = body.value(QLatin1String("legs"));
    if (!legs.isUndefined() && !legs.isNull()) {
        if (!legs.isArray())
            return invalidRequest(QStringLiteral("invalid legs"));
        const QJsonArray list = legs.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (!list[i].isObject())
                return invalidRequest(QStringLiteral("invalid leg.%1").arg(i));
            OrderBody leg;
            leg.body = list[i].toObject();
            market::LegSubmission l;
            l.symbol = leg.text("symbol");
            l.ratioQty = leg.text("ratio_qty");
            l.side = leg.text("side");
            l.positionIntent = leg.text("position_intent");
            if (!leg.badField.isEmpty())
                return invalidRequest(QStringLiteral("invalid leg.%1 %2").arg(i).arg(leg.badField));
            s.legs.push_back(std::move(l));
        }
    }

    const auto placed = m_market->submitOrder(s);
    if (!placed)
        return fromError(placed.error());
    return HttpResponse::json(200, compact(orderJson(*placed)));
}

HttpResponse AlpacaRoutes::listOrders(const HttpRequest &req) {
    const QString status = req.param(QStringLiteral("status")).value_or(QStringLiteral("open"));
    if (status != QLatin1String("open") && status != QLatin1String("closed") &&
        status != QLatin1String("all"))
        return invalidRequest(QStringLiteral("invalid status: use open, closed or all"));
    const auto limit = limitParam(req, kOrdersDefaultLimit, kOrdersMaxLimit);
    if (limit.bad())
        return invalidRequest(limit.error);
    const QString direction =
        req.param(QStringLiteral("direction")).value_or(QStringLiteral("desc"));
    if (direction != QLatin1String("asc") && direction != QLatin1String("desc"))
        return invalidRequest(QStringLiteral("invalid direction: use asc or desc"));
    bool badTime = false;
    const auto after = timeParam(req, QStringLiteral("after"), badTime);
    const auto until = timeParam(req, QStringLiteral("until"), badTime);
    if (badTime)
        return invalidRequest(QStringLiteral("invalid after or until: use RFC 3339 timestamps"));
    QStringList symbols;
    if (const auto s = req.param(QStringLiteral("symbols")))
        symbols = s->split(QLatin1Char(','), Qt::SkipEmptyParts);
    const auto side = req.param(QStringLiteral("side"));

    std::vector<const market::SimOrder *> picked;
    for (const market::SimOrder &o : m_market->orders()) {
        if (status == QLatin1String("open") && !o.isOpen())
            continue;
        if (status == QLatin1String("closed") && o.isOpen())
            continue;
        if ((after && o.submittedAt <= *after) || (until && o.submittedAt >= *until))
            continue;
        if (!symbols.isEmpty() && !symbols.contains(QString::fromStdString(o.symbol)))
            continue;
        if (side && *side != QLatin1String(o.side.c_str()))
            continue;
        picked.push_back(&o);
    }
    // Orders are stored oldest first; newest first unless asked otherwise.
    if (direction == QLatin1String("desc"))
        std::reverse(picked.begin(), picked.end());
    QJsonArray out;
    for (const market::SimOrder *o : picked) {
        if (out.size() == *limit.value)
            break;
        out.append(orderJson(*o));
    }
    return HttpResponse::json(200, compact(out));
}

HttpResponse AlpacaRoutes::orderById(const QString &id) {
    const market::SimOrder *o = m_market->order(id.toStdString());
    if (!o)
        return HttpResponse::json(404, tradingError(kNotFound, QStringLiteral("order not found")));
    return HttpResponse::json(200, compact(orderJson(*o)));
}

HttpResponse AlpacaRoutes::orderByClientOrderId(const HttpRequest &req) {
    const auto id = req.param(QStringLiteral("client_order_id"));
    if (!id || id->isEmpty())
        return invalidRequest(QStringLiteral("client_order_id is required"));
    const market::SimOrder *o = m_market->orderByClientOrderId(id->toStdString());
    if (!o)
        return HttpResponse::json(404, tradingError(kNotFound, QStringLiteral("order not found")));
    return HttpResponse::json(200, compact(orderJson(*o)));
}

HttpResponse AlpacaRoutes::cancelOrder(const QString &id) {
    const auto canceled = m_market->cancelOrder(id.toStdString());
    if (!canceled)
        return fromError(canceled.error());
    return HttpResponse::noContent();
}

HttpResponse AlpacaRoutes::replaceOrder(const HttpRequest &req, const QString &id) {
    OrderBody in;
    if (!in.parse(req.body))
        return HttpResponse::json(
            400, tradingError(40010000, QStringLiteral("request body format is invalid")));
    const QJsonObject &body = in.body;
    QString &badField = in.badField;
    const auto text = [&in](const char *name) { return in.text(name); };
    market::PaperAccount::Replacement r;
    r.qty = text("qty");
    r.limitPrice = text("limit_price");
    r.stopPrice = text("stop_price");
    r.timeInForce = text("time_in_force");
    r.clientOrderId = text("client_order_id");
    if (!badField.isEmpty())
        return invalidRequest(QStringLiteral("invalid %1").arg(badField));
    if (body.contains(QLatin1String("trail")))
        return invalidRequest(
            QStringLiteral("trailing orders are not supported by the demo broker"));
    const auto placed = m_market->replaceOrder(id.toStdString(), r);
    if (!placed)
        return fromError(placed.error());
    return HttpResponse::json(200, compact(orderJson(*placed)));
}

HttpResponse AlpacaRoutes::exercise(const QString &symbolOrContractId) {
    const auto done = m_market->exercise(symbolOrContractId.toStdString());
    if (!done)
        return fromError(done.error());
    // "Exercise instruction successfully submitted": 200 with no body.
    return HttpResponse::json(200, QByteArray());
}

HttpResponse AlpacaRoutes::cancelAllOrders() {
    // 207 with one {id, status} per order that was open ([TSPEC] CanceledOrderResponse); a
    // failed cancel also carries the error as `body` ([PY-ORD]). Nothing open: [] (API.md's
    // inference).
    QJsonArray out;
    for (const market::PaperAccount::Canceled &c : m_market->cancelAllOrders()) {
        QJsonObject entry{{"id", QString::fromStdString(c.id)}};
        if (c.order) {
            entry.insert(QStringLiteral("status"), 200);
        } else {
            const cg::Error &e = c.order.error();
            entry.insert(QStringLiteral("status"), e.httpStatus ? e.httpStatus : 500);
            entry.insert(
                QStringLiteral("body"),
                QJsonObject{{"code", e.code}, {"message", QString::fromStdString(e.message)}});
        }
        out.append(entry);
    }
    return HttpResponse::json(207, compact(out));
}

namespace {

// A refused close as Alpaca answers it: {code, message}, and for a quantity held by open orders
// the quantities its close-all example carries beside them ([PY-POS]: available, existing_qty,
// held_for_orders, symbol).
QJsonObject closeError(const market::PaperAccount::Closed &c) {
    const cg::Error &e = c.order.error();
    QJsonObject body{{"code", e.code}, {"message", QString::fromStdString(e.message)}};
    if (e.httpStatus == 403 && e.message.starts_with("insufficient qty available")) {
        body.insert(QStringLiteral("available"), decimalString(c.availableQty, 9));
        body.insert(QStringLiteral("existing_qty"), decimalString(c.existingQty, 9));
        body.insert(QStringLiteral("held_for_orders"),
                    decimalString(std::abs(c.existingQty) - c.availableQty, 9));
        body.insert(QStringLiteral("symbol"), QString::fromStdString(c.symbol));
    }
    return body;
}

} // namespace

HttpResponse AlpacaRoutes::closePosition(const HttpRequest &req, const QString &symbolOrAssetId) {
    market::PaperAccount::Close how;
    if (const auto qty = req.param(QStringLiteral("qty")))
        how.qty = qty->toStdString();
    if (const auto pct = req.param(QStringLiteral("percentage")))
        how.percentage = pct->toStdString();
    const market::PaperAccount::Closed closed =
        m_market->closePosition(symbolOrAssetId.toStdString(), how);
    if (!closed.order) {
        const int status = closed.order.error().httpStatus;
        return HttpResponse::json(status ? status : 500, compact(closeError(closed)));
    }
    // "The order created to close out this position."
    return HttpResponse::json(200, compact(orderJson(*closed.order)));
}

HttpResponse AlpacaRoutes::closeAllPositions(const HttpRequest &req) {
    const QString cancel = req.param(QStringLiteral("cancel_orders")).value_or(QString());
    if (!cancel.isEmpty() && cancel != QLatin1String("true") && cancel != QLatin1String("false"))
        return invalidRequest(QStringLiteral("invalid cancel_orders: use true or false"));
    // 207 with {symbol, status, body} per position ([TSPEC] PositionClosedReponse): body is the
    // closing order (200) or the error object.
    QJsonArray out;
    for (const market::PaperAccount::Closed &c :
         m_market->closeAllPositions(cancel == QLatin1String("true"))) {
        const int status =
            c.order ? 200 : (c.order.error().httpStatus ? c.order.error().httpStatus : 500);
        out.append(QJsonObject{{"symbol", QString::fromStdString(c.symbol)},
                               {"status", status},
                               {"body", c.order ? orderJson(*c.order) : closeError(c)}});
    }
    return HttpResponse::json(207, compact(out));
}

HttpResponse AlpacaRoutes::doNotExercise(const QString &symbolOrContractId) {
    const auto done = m_market->doNotExercise(symbolOrContractId.toStdString());
    if (!done)
        return fromError(done.error());
    // [TSPEC] gives the 200 no body schema, as for exercise: an empty body (assumed alike).
    return HttpResponse::json(200, QByteArray());
}

HttpResponse AlpacaRoutes::clock(Timestamp now) {
    return HttpResponse::json(200, compact(clockJson(now)));
}

HttpResponse AlpacaRoutes::calendar(const HttpRequest &req, Timestamp now) {
    const auto start = dateParam(req, QStringLiteral("start"));
    const auto end = dateParam(req, QStringLiteral("end"));
    // The calendar answers a bad parameter with 400 (API.md section 24), not 422.
    if (start.bad() || end.bad())
        return HttpResponse::json(
            400, tradingError(kInvalidRequestCode, start.bad() ? start.error : end.error));
    // Alpaca's default is every day it knows (1970-2029); the rules here are today's, so the
    // default is this year and the next.
    const year thisYear = easternDate(now).year();
    const sys_days from{start.value.value_or(thisYear / January / 1)};
    const sys_days to{end.value.value_or((thisYear + years{1}) / December / 31)};
    QJsonArray out;
    for (sys_days d = from; d <= to && out.size() < 20000; d += days{1})
        if (const auto json = calendarDayJson(year_month_day{d}))
            out.append(*json);
    return HttpResponse::json(200, compact(out));
}

} // namespace cg::fake
