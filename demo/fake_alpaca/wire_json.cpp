#include "fake_alpaca/wire_json.h"

#include "domain/market_calendar.h"
#include "market/expiry_calendar.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <charconv>
#include <cmath>

namespace cg::fake {

using namespace std::chrono;

namespace {

QString twoDigits(unsigned v) {
    return QString::number(v).rightJustified(2, QLatin1Char('0'));
}

QString civil(sys_time<milliseconds> t) {
    const auto day = floor<days>(t);
    const year_month_day d{day};
    const hh_mm_ss tod{t - day};
    return QStringLiteral("%1T%2:%3:%4.%5")
        .arg(isoDate(d), twoDigits(static_cast<unsigned>(tod.hours().count())),
             twoDigits(static_cast<unsigned>(tod.minutes().count())),
             twoDigits(static_cast<unsigned>(tod.seconds().count())))
        .arg(tod.subseconds().count(), 3, 10, QLatin1Char('0'));
}

QJsonValue orNull(const std::optional<Timestamp> &t) {
    return t ? QJsonValue(rfc3339(*t)) : QJsonValue(QJsonValue::Null);
}

QJsonValue orNull(const std::optional<double> &v) {
    return v ? QJsonValue(decimalString(*v)) : QJsonValue(QJsonValue::Null);
}

// Tape: NYSE Arca ETFs on B, Nasdaq listings on C.
QString tape(const std::string &symbol) {
    return symbol == "SPY" || symbol == "IWM" ? QStringLiteral("B") : QStringLiteral("C");
}

QJsonObject bar(Timestamp t, double o, double h, double l, double c, std::int64_t v, std::int64_t n,
                double vw) {
    return QJsonObject{{"t", rfc3339(t)},
                       {"o", o},
                       {"h", h},
                       {"l", l},
                       {"c", c},
                       {"v", static_cast<qint64>(v)},
                       {"n", static_cast<qint64>(n)},
                       {"vw", std::round(vw * 10000.0) / 10000.0}};
}

} // namespace

QString isoDate(year_month_day d) {
    return QStringLiteral("%1-%2-%3")
        .arg(static_cast<int>(d.year()), 4, 10, QLatin1Char('0'))
        .arg(twoDigits(static_cast<unsigned>(d.month())),
             twoDigits(static_cast<unsigned>(d.day())));
}

QString rfc3339(Timestamp t) {
    return civil(t) + QStringLiteral("000000Z");
}

QString rfc3339Eastern(Timestamp t) {
    const auto offset = easternUtcOffset(t);
    return civil(t + offset) +
           (offset == hours{-4} ? QStringLiteral("-04:00") : QStringLiteral("-05:00"));
}

QString decimalString(double v, int maxDecimals) {
    if (!std::isfinite(v))
        return QStringLiteral("0");
    QString s = QString::number(v, 'f', maxDecimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    if (s == QLatin1String("-0"))
        s = QStringLiteral("0");
    return s;
}

namespace {

void appendNumber(WireOut &out, double v) {
    if (!std::isfinite(v)) {
        out.put("null");
        return;
    }
    out.number(v); // shortest round-trip form, as std::to_chars writes it
}

// YYYY-MM-DD, unquoted.
void appendIsoDate(WireOut &out, year_month_day d) {
    out.digits(static_cast<unsigned>(static_cast<int>(d.year())), 4);
    out.put('-');
    out.digits(static_cast<unsigned>(d.month()), 2);
    out.put('-');
    out.digits(static_cast<unsigned>(d.day()), 2);
}

void appendDate(WireOut &out, year_month_day d) {
    out.put('"');
    appendIsoDate(out, d);
    out.put('"');
}

// decimalString(v, maxDecimals) without QString: a value whose shortest form has no more
// decimals than that is those same digits; any other goes the QString way.
std::string decimalText(double v, int maxDecimals) {
    char buf[32];
    const char *end = writeShortestDouble(buf, v);
    const std::string_view text(buf, static_cast<std::size_t>(end - buf));
    const std::size_t point = text.find('.');
    const bool plain = std::isfinite(v) && v != 0.0 && text.find('e') == std::string_view::npos &&
                       (point == std::string_view::npos ||
                        text.size() - point - 1 <= static_cast<std::size_t>(maxDecimals));
    return plain ? std::string(text) : decimalString(v, maxDecimals).toStdString();
}

void appendBar(WireOut &out, const market::SimBar &b) {
    out.put("{\"c\":");
    appendNumber(out, b.close);
    out.put(",\"h\":");
    appendNumber(out, b.high);
    out.put(",\"l\":");
    appendNumber(out, b.low);
    out.put(",\"n\":");
    out.integer(b.trades);
    out.put(",\"o\":");
    appendNumber(out, b.open);
    out.put(",\"t\":");
    appendRfc3339(out, b.time);
    out.put(",\"v\":");
    out.integer(b.volume);
    out.put(",\"vw\":");
    appendNumber(out, std::round(b.vwap * 10000.0) / 10000.0);
    out.put('}');
}

} // namespace

void appendJsonString(WireOut &out, std::string_view s) {
    out.put('"');
    // Runs of characters that need no escape go in one put: most text has none.
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20)
            continue;
        out.put(s.data() + run, i - run);
        run = i + 1;
        if (c == '"' || c == '\\') {
            out.put('\\');
            out.put(c);
        } else {
            static constexpr char hex[] = "0123456789abcdef";
            const char esc[6] = {'\\', 'u', '0', '0', hex[(c >> 4) & 0xF], hex[c & 0xF]};
            out.put(esc, 6);
        }
    }
    out.put(s.data() + run, s.size() - run);
    out.put('"');
}

void appendRfc3339(WireOut &out, Timestamp t) {
    const auto day = floor<days>(t);
    const year_month_day d{day};
    const hh_mm_ss tod{t - day};
    out.put('"');
    appendIsoDate(out, d);
    out.put('T');
    out.digits(static_cast<unsigned>(tod.hours().count()), 2);
    out.put(':');
    out.digits(static_cast<unsigned>(tod.minutes().count()), 2);
    out.put(':');
    out.digits(static_cast<unsigned>(tod.seconds().count()), 2);
    out.put('.');
    out.digits(static_cast<unsigned>(tod.subseconds().count()), 3);
    out.put("000000Z\"");
}

void appendOptionSnapshot(WireOut &out, const market::SimContract &c) {
    out.put('{');
    if (c.hasDailyBar()) {
        out.put("\"dailyBar\":");
        appendBar(out, c.dailyBar);
        out.put(',');
    }
    if (c.hasGreeks()) {
        out.put("\"greeks\":{\"delta\":");
        appendNumber(out, c.delta);
        out.put(",\"gamma\":");
        appendNumber(out, c.gamma);
        out.put(",\"rho\":");
        appendNumber(out, c.rho);
        out.put(",\"theta\":");
        appendNumber(out, c.theta);
        out.put(",\"vega\":");
        appendNumber(out, c.vega);
        out.put("},\"impliedVolatility\":");
        appendNumber(out, c.iv);
        out.put(',');
    }
    const Quote &q = c.quote;
    out.put("\"latestQuote\":{\"ap\":");
    appendNumber(out, q.ask);
    out.put(",\"as\":");
    out.integer(q.askSize);
    out.put(",\"ax\":\"");
    out.put(c.askExchange);
    out.put("\",\"bp\":");
    appendNumber(out, q.bid);
    out.put(",\"bs\":");
    out.integer(q.bidSize);
    out.put(",\"bx\":\"");
    out.put(c.bidExchange);
    // Quote condition: a single string on options; " " when there is no regular quote.
    if (q.bid > 0.0)
        out.put("\",\"c\":\"A\",\"t\":");
    else
        out.put("\",\"c\":\" \",\"t\":");
    appendRfc3339(out, q.time);
    out.put('}');
    if (c.lastTrade) {
        const market::SimTrade &t = *c.lastTrade;
        out.put(",\"latestTrade\":{\"c\":\"I\",\"p\":");
        appendNumber(out, t.price);
        out.put(",\"s\":");
        out.integer(t.size);
        out.put(",\"t\":");
        appendRfc3339(out, t.time);
        out.put(",\"x\":\"");
        out.put(t.exchange);
        out.put("\"}");
    }
    out.put('}');
}

QJsonObject stockTradeJson(const market::StockState &s) {
    return QJsonObject{{"t", rfc3339(s.time)},
                       {"x", QStringLiteral("V")},
                       {"p", s.price},
                       {"s", s.lastSize},
                       {"c", QJsonArray{QStringLiteral("@")}},
                       {"i", static_cast<qint64>(s.tradeId)},
                       {"z", tape(s.spec.symbol)}};
}

QJsonObject stockQuoteJson(const market::StockState &s) {
    return QJsonObject{{"t", rfc3339(s.time)},
                       {"ax", QStringLiteral("V")},
                       {"ap", s.ask},
                       {"as", s.askSize},
                       {"bx", QStringLiteral("V")},
                       {"bp", s.bid},
                       {"bs", s.bidSize},
                       {"c", QJsonArray{QStringLiteral("R")}},
                       {"z", tape(s.spec.symbol)}};
}

QJsonObject stockSnapshotJson(const market::StockState &s, Timestamp now) {
    const year_month_day today = easternDate(now);
    year_month_day prev = today;
    do {
        prev = year_month_day{sys_days{prev} - days{1}};
    } while (!market::isTradingDay(prev));
    const auto minute = floor<minutes>(s.time);
    const auto vol = static_cast<std::int64_t>(static_cast<double>(s.spec.shareVolume) / 390.0);
    return QJsonObject{
        {"symbol", QString::fromStdString(s.spec.symbol)},
        {"latestTrade", stockTradeJson(s)},
        {"latestQuote", stockQuoteJson(s)},
        {"minuteBar", bar(minute, s.price, s.price, s.price, s.price, vol, vol / 100, s.price)},
        {"dailyBar", bar(easternInstant(today, 0, 0), s.dayOpen, s.dayHigh, s.dayLow, s.price,
                         s.dayVolume, s.dayVolume / 110, (s.dayHigh + s.dayLow + s.price) / 3.0)},
        {"prevDailyBar",
         bar(easternInstant(prev, 0, 0), s.prevClose, s.prevClose, s.prevClose, s.prevClose,
             s.spec.shareVolume, s.spec.shareVolume / 110, s.prevClose)},
    };
}

void appendOptionContract(WireOut &out, const market::SimContract &c, year_month_day asOf,
                          std::string_view underlyingAssetId, bool withDeliverables) {
    // Keys in the order QJsonDocument writes them (sorted), as Alpaca's examples read.
    const std::string strike = decimalText(c.strike, 3);
    out.put("{\"close_price\":");
    if (c.closePrice) {
        out.put('"');
        out.put(decimalText(*c.closePrice, 2));
        out.put("\",\"close_price_date\":");
        appendDate(out, asOf);
    } else {
        out.put("null,\"close_price_date\":null");
    }
    if (withDeliverables) {
        out.put(",\"deliverables\":[{\"allocation_percentage\":\"100\",\"amount\":\"100\","
                "\"asset_id\":");
        appendJsonString(out, underlyingAssetId);
        out.put(",\"delayed_settlement\":false,\"settlement_method\":\"CCC\","
                "\"settlement_type\":\"T+1\",\"symbol\":");
        appendJsonString(out, c.underlying);
        out.put(",\"type\":\"equity\"}]");
    }
    out.put(",\"expiration_date\":");
    appendDate(out, c.expiry);
    out.put(",\"id\":");
    appendJsonString(out, c.id);
    out.put(",\"multiplier\":\"100\",\"name\":");
    // "SPY Jan 16 2026 600 Call"
    static constexpr const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::string name = c.underlying;
    name += ' ';
    name += months[(static_cast<unsigned>(c.expiry.month()) + 11) % 12];
    name += ' ';
    const unsigned day = static_cast<unsigned>(c.expiry.day());
    name += static_cast<char>('0' + day / 10);
    name += static_cast<char>('0' + day % 10);
    name += ' ';
    name += std::to_string(static_cast<int>(c.expiry.year()));
    name += ' ';
    name += strike;
    name += c.type == OptionType::Call ? " Call" : " Put";
    appendJsonString(out, name);
    out.put(",\"open_interest\":");
    if (c.openInterest) {
        out.put('"');
        out.integer(*c.openInterest);
        out.put("\",\"open_interest_date\":");
        appendDate(out, asOf);
    } else {
        out.put("null,\"open_interest_date\":null");
    }
    out.put(",\"root_symbol\":");
    appendJsonString(out, c.root);
    out.put(",\"size\":\"100\",\"status\":\"active\",\"strike_price\":\"");
    out.put(strike);
    out.put("\",\"style\":\"american\",\"symbol\":");
    appendJsonString(out, c.symbol);
    out.put(",\"tradable\":true,\"type\":");
    appendJsonString(out, toString(c.type));
    out.put(",\"underlying_asset_id\":");
    appendJsonString(out, underlyingAssetId);
    out.put(",\"underlying_symbol\":");
    appendJsonString(out, c.underlying);
    out.put('}');
}

QJsonObject orderJson(const market::SimOrder &o) {
    const QJsonValue null(QJsonValue::Null);
    QJsonObject j{
        {"asset_class", QString::fromStdString(o.assetClass)},
        {"asset_id", QString::fromStdString(o.assetId)},
        {"canceled_at", orNull(o.canceledAt)},
        {"client_order_id", QString::fromStdString(o.clientOrderId)},
        {"created_at", rfc3339(o.createdAt)},
        {"expired_at", orNull(o.expiredAt)},
        {"extended_hours", o.extendedHours},
        {"failed_at", orNull(o.failedAt)},
        {"filled_at", orNull(o.filledAt)},
        {"filled_avg_price", orNull(o.filledAvgPrice)},
        {"filled_qty", decimalString(o.filledQty, 9)},
        {"hwm", null},
        {"id", QString::fromStdString(o.id)},
        {"legs", null},
        {"limit_price", orNull(o.limitPrice)},
        {"notional", null},
        {"order_class", QString::fromStdString(o.orderClass)},
        {"order_type", QString::fromStdString(o.type)},
        {"qty", decimalString(o.qty, 9)},
        {"replaced_at", orNull(o.replacedAt)},
        {"replaced_by",
         o.replacedBy.empty() ? null : QJsonValue(QString::fromStdString(o.replacedBy))},
        {"replaces", o.replaces.empty() ? null : QJsonValue(QString::fromStdString(o.replaces))},
        {"side", QString::fromStdString(o.side)},
        {"source", null},
        {"status", QString::fromStdString(o.status)},
        {"stop_price", orNull(o.stopPrice)},
        {"submitted_at", rfc3339(o.submittedAt)},
        {"subtag", null},
        {"symbol", QString::fromStdString(o.symbol)},
        {"time_in_force", QString::fromStdString(o.timeInForce)},
        {"trail_percent", null},
        {"trail_price", null},
        {"type", QString::fromStdString(o.type)},
        {"updated_at", rfc3339(o.updatedAt)},
    };
    if (!o.legs.empty()) {
        // Alpaca's MultilegOptionsOrderResponse: each leg a full order of class "mleg", its qty
        // the parent's x ratio_qty, with empty type/order_type.
        QJsonArray legs;
        for (const market::SimLeg &l : o.legs) {
            QJsonObject leg = j;
            leg.insert(QStringLiteral("asset_class"), QStringLiteral("us_option"));
            leg.insert(QStringLiteral("asset_id"), QString::fromStdString(l.assetId));
            leg.insert(QStringLiteral("client_order_id"), QString::fromStdString(l.clientOrderId));
            leg.insert(QStringLiteral("expires_at"), rfc3339(o.dayEndsAt));
            leg.insert(QStringLiteral("filled_avg_price"), orNull(l.filledAvgPrice));
            leg.insert(QStringLiteral("filled_qty"), decimalString(l.filledQty, 9));
            leg.insert(QStringLiteral("id"), QString::fromStdString(l.id));
            leg.insert(QStringLiteral("limit_price"), null);
            leg.insert(QStringLiteral("order_type"), QString());
            leg.insert(QStringLiteral("position_intent"), QString::fromStdString(l.positionIntent));
            leg.insert(QStringLiteral("qty"), decimalString(o.qty * l.ratioQty, 9));
            leg.insert(QStringLiteral("ratio_qty"), QString::number(l.ratioQty));
            leg.insert(QStringLiteral("side"), QString::fromStdString(l.side));
            leg.insert(QStringLiteral("symbol"), QString::fromStdString(l.symbol));
            leg.insert(QStringLiteral("type"), QString());
            legs.append(leg);
        }
        j.insert(QStringLiteral("legs"), legs);
        return j;
    }
    // Alpaca reports the intent it inferred when none was sent (the account infers it).
    if (o.assetClass == "us_option" && !o.positionIntent.empty())
        j.insert(QStringLiteral("position_intent"), QString::fromStdString(o.positionIntent));
    return j;
}

QJsonObject accountJson(const market::AccountView &a) {
    const auto money = [](double v) { return decimalString(v, 4); };
    return QJsonObject{
        {"account_blocked", false},
        {"accrued_fees", QStringLiteral("0")},
        {"account_number", QString::fromStdString(a.accountNumber)},
        {"buying_power", money(a.buyingPower)},
        {"cash", money(a.cash)},
        {"created_at", rfc3339(a.createdAt)},
        {"currency", QStringLiteral("USD")},
        {"daytrade_count", 0},
        {"daytrading_buying_power", QStringLiteral("0")},
        {"equity", money(a.equity)},
        {"id", QString::fromStdString(a.id)},
        {"initial_margin", QStringLiteral("0")},
        {"last_equity", money(a.lastEquity)},
        {"last_maintenance_margin", QStringLiteral("0")},
        {"non_marginable_buying_power", money(a.buyingPower)},
        {"long_market_value", money(a.longMarketValue)},
        {"maintenance_margin", QStringLiteral("0")},
        {"multiplier", QStringLiteral("1")},
        {"pattern_day_trader", false},
        {"portfolio_value", money(a.equity)},
        {"regt_buying_power", money(a.buyingPower)},
        {"short_market_value", money(a.shortMarketValue)},
        {"shorting_enabled", false},
        {"sma", QStringLiteral("0")},
        {"status", QStringLiteral("ACTIVE")},
        {"trade_suspended_by_user", false},
        {"trading_blocked", false},
        {"transfers_blocked", false},
        {"options_buying_power", money(a.optionsBuyingPower)},
        {"options_approved_level", a.optionsApprovedLevel},
        {"options_trading_level", a.optionsTradingLevel},
    };
}

QJsonObject positionJson(const market::PositionView &p) {
    const market::SimPosition &pos = p.position;
    const bool option = pos.assetClass == "us_option";
    return QJsonObject{
        {"asset_class", QString::fromStdString(pos.assetClass)},
        {"asset_id", QString::fromStdString(pos.assetId)},
        {"asset_marginable", !option},
        {"avg_entry_price", decimalString(p.avgEntryPrice, 4)},
        {"change_today", decimalString(p.changeToday, 10)},
        {"cost_basis", decimalString(pos.costBasis, 4)},
        {"current_price", decimalString(p.currentPrice, 4)},
        {"exchange", option ? QString() : QStringLiteral("ARCA")},
        {"lastday_price", decimalString(p.lastdayPrice, 4)},
        {"market_value", decimalString(p.marketValue, 4)},
        {"qty", decimalString(pos.qty, 9)},
        {"qty_available", decimalString(p.qtyAvailable, 9)},
        {"side", pos.qty < 0.0 ? QStringLiteral("short") : QStringLiteral("long")},
        {"symbol", QString::fromStdString(pos.symbol)},
        {"unrealized_intraday_pl", decimalString(p.unrealizedIntradayPl, 4)},
        {"unrealized_intraday_plpc", decimalString(p.unrealizedIntradayPlpc, 10)},
        {"unrealized_pl", decimalString(p.unrealizedPl, 4)},
        {"unrealized_plpc", decimalString(p.unrealizedPlpc, 10)},
    };
}

QJsonObject clockJson(Timestamp now) {
    // The exchange calendar's sessions (domain/market_calendar.h): holidays and early closes.
    return QJsonObject{{"timestamp", rfc3339Eastern(now)},
                       {"is_open", isRegularSession(now)},
                       {"next_open", rfc3339Eastern(nextSessionOpen(now))},
                       {"next_close", rfc3339Eastern(sessionCloseFor(now))}};
}

std::optional<QJsonObject> calendarDayJson(year_month_day date) {
    const auto hours = marketHours(date);
    if (!hours)
        return std::nullopt;
    const auto day = [](year_month_day d) {
        return QString::asprintf("%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                                 unsigned(d.day()));
    };
    const auto hhmm = [](int minute, const char *sep) {
        return QString::asprintf("%02d%s%02d", minute / 60, sep, minute % 60);
    };
    return QJsonObject{
        {"date", day(date)},
        {"open", hhmm(hours->openMinute, ":")},
        {"close", hhmm(hours->closeMinute, ":")},
        {"session_open", QStringLiteral("0400")},
        // The after-hours session ends at 17:00 on an early close.
        {"session_close", hours->earlyClose() ? QStringLiteral("1700") : QStringLiteral("2000")},
        {"settlement_date", day(nextMarketDay(date))}};
}

QByteArray tradingError(long long code, const QString &message) {
    return QJsonDocument(QJsonObject{{"code", code}, {"message", message}})
        .toJson(QJsonDocument::Compact);
}

QByteArray dataError(const QString &message) {
    return QJsonDocument(QJsonObject{{"message", message}}).toJson(QJsonDocument::Compact);
}

} // namespace cg::fake
