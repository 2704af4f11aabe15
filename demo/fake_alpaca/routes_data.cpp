// Market Data API endpoints of the fake server: option chain and snapshots, stock snapshot,
// latest trade and quote, stock bars. Numbers are JSON numbers here.

#include "fake_alpaca/alpaca_routes.h"
#include "fake_alpaca/query_params.h"
#include "fake_alpaca/wire_json.h"
#include "market/simulated_market.h"

#include "domain/eastern_time.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimeZone>

#include <variant>

namespace cg::fake {

namespace {

QString feedError(const HttpRequest &req) {
    const auto feed = req.param(QStringLiteral("feed"));
    if (feed && *feed != QLatin1String("opra") && *feed != QLatin1String("indicative"))
        return QStringLiteral("Invalid format for parameter feed: use opra or indicative, got '%1'")
            .arg(*feed);
    return {};
}

// The page token is opaque to clients; here it is the last symbol of the page, base64-encoded,
// as Alpaca's own tokens decode.
std::optional<std::string> decodeToken(const HttpRequest &req, bool &bad) {
    bad = false;
    const auto token = req.param(QStringLiteral("page_token"));
    if (!token || token->isEmpty())
        return std::nullopt;
    const auto decoded =
        QByteArray::fromBase64Encoding(token->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty()) {
        bad = true;
        return std::nullopt;
    }
    return decoded.decoded.toStdString();
}

// {"next_page_token":...,"snapshots":{...}}: the page is written once, into the response's
// buffer.
QByteArray page(const std::vector<const market::SimContract *> &entries,
                const std::optional<std::string> &next) {
    QByteArray body;
    WireOut out(body, entries.size() * 720 + 128); // ~700 bytes an entry
    out.put("{\"next_page_token\":");
    if (next)
        appendJsonString(out, QByteArray::fromStdString(*next).toBase64().toStdString());
    else
        out.put("null");
    out.put(",\"snapshots\":{");
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i > 0)
            out.put(',');
        appendJsonString(out, entries[i]->symbol);
        out.put(':');
        appendOptionSnapshot(out, *entries[i]);
    }
    out.put("}}");
    out.finish();
    return body;
}

HttpResponse badData(const QString &message) {
    return HttpResponse::json(400, dataError(message));
}

// ---- stock bars ----

// start/end: RFC 3339 ("2024-01-03T14:30:00Z", "...-05:00", the JS SDK's "...000Z") or a date,
// read as New York midnight.
std::optional<Timestamp> parseInstant(const QString &v) {
    if (v.size() == 10) {
        const QDate d = QDate::fromString(v, Qt::ISODate);
        if (!d.isValid())
            return std::nullopt;
        return easternInstant(std::chrono::year{d.year()} /
                                  std::chrono::month{static_cast<unsigned>(d.month())} /
                                  std::chrono::day{static_cast<unsigned>(d.day())},
                              0, 0);
    }
    const QDateTime dt = QDateTime::fromString(v, Qt::ISODateWithMs);
    if (!dt.isValid() || dt.timeSpec() == Qt::LocalTime)
        return std::nullopt; // no zone: Alpaca wants one
    return Timestamp{std::chrono::milliseconds{dt.toMSecsSinceEpoch()}};
}

Param<Timestamp> instantParam(const HttpRequest &req, const QString &name) {
    const auto v = req.param(name);
    if (!v)
        return {};
    if (const auto t = parseInstant(*v))
        return {*t, {}};
    return {std::nullopt,
            QStringLiteral("Invalid format for parameter %1: error parsing '%2' as RFC3339 or "
                           "2006-01-02 time")
                .arg(name, *v)};
}

QString barTime(Timestamp t) {
    return QDateTime::fromMSecsSinceEpoch(t.time_since_epoch().count(), Qt::UTC)
        .toString(Qt::ISODate);
}

QJsonObject barJson(const market::SimBar &b) {
    return QJsonObject{
        {"t", barTime(b.time)}, {"o", b.open},           {"h", b.high},           {"l", b.low},
        {"c", b.close},         {"v", qint64(b.volume)}, {"n", qint64(b.trades)}, {"vw", b.vwap}};
}

// Alpaca's bar tokens decode to "SYMBOL|M|<last bar time>"; clients treat them as opaque.
QString barToken(const std::string &symbol, Timestamp last) {
    return QString::fromLatin1(
        QByteArray(QByteArray::fromStdString(symbol) + "|M|" + barTime(last).toLatin1())
            .toBase64());
}

struct BarsRequest {
    market::BarTimeframe timeframe;
    Timestamp from{}, to{};
    int limit = 1000;
    bool descending = false;
    std::optional<std::pair<std::string, Timestamp>> after; // from the page token
};

// The request's parameters, or the error response Alpaca gives for them.
std::variant<BarsRequest, HttpResponse> parseBarsRequest(const HttpRequest &req, Timestamp now) {
    const auto bad = [](const QString &message) {
        return std::variant<BarsRequest, HttpResponse>(HttpResponse::json(400, dataError(message)));
    };
    BarsRequest r;
    const auto tf = req.param(QStringLiteral("timeframe"));
    if (!tf || tf->isEmpty())
        return bad(QStringLiteral(
            "Invalid format for parameter timeframe: query parameter 'timeframe' is required"));
    const auto parsed = market::parseBarTimeframe(tf->toStdString());
    if (!parsed) // what Alpaca answered for a timeframe it does not know (Alpaca-API#178)
        return HttpResponse::json(422, tradingError(42210000, QStringLiteral("invalid timeframe")));
    r.timeframe = *parsed;
    const auto start = instantParam(req, QStringLiteral("start"));
    const auto end = instantParam(req, QStringLiteral("end"));
    const auto limit = limitParam(req, 1000, 10000);
    for (const QString &e : {start.error, end.error, limit.error}) {
        if (!e.isEmpty())
            return bad(e);
    }
    const auto feed = req.param(QStringLiteral("feed"));
    static const QStringList kFeeds = {"sip", "iex", "boats", "otc", "delayed_sip"};
    if (feed && !kFeeds.contains(*feed))
        return bad(QStringLiteral("Invalid format for parameter feed: use sip, iex, boats or otc, "
                                  "got '%1'")
                       .arg(*feed));
    const auto sort = req.param(QStringLiteral("sort"));
    if (sort && *sort != QLatin1String("asc") && *sort != QLatin1String("desc"))
        return bad(QStringLiteral("Invalid format for parameter sort: use asc or desc, got '%1'")
                       .arg(*sort));
    r.descending = sort && *sort == QLatin1String("desc");
    r.limit = *limit.value;
    // The beginning of today by default; never past the market's clock.
    r.from = start.value.value_or(easternInstant(easternDate(now), 0, 0));
    r.to = std::min(end.value.value_or(now), now);
    if (end.value && start.value && *end.value < *start.value)
        return HttpResponse::json(
            422, tradingError(42210000, QStringLiteral("end should not be before start")));
    if (const auto token = req.param(QStringLiteral("page_token")); token && !token->isEmpty()) {
        const auto decoded = QByteArray::fromBase64Encoding(
            token->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        const QList<QByteArray> parts = decoded ? decoded.decoded.split('|') : QList<QByteArray>{};
        const auto t = parts.size() == 3 ? parseInstant(QString::fromLatin1(parts[2]))
                                         : std::optional<Timestamp>{};
        if (!t)
            return bad(QStringLiteral("Invalid format for parameter page_token"));
        r.after = std::pair{parts[0].toStdString(), *t};
    }
    return r;
}

} // namespace

HttpResponse AlpacaRoutes::stockBars(const HttpRequest &req, const QStringList &symbols,
                                     bool single, Timestamp now) {
    auto parsed = parseBarsRequest(req, now);
    if (auto *error = std::get_if<HttpResponse>(&parsed))
        return *error;
    const BarsRequest &r = std::get<BarsRequest>(parsed);
    // Sorted by symbol, then by time; `limit` counts bars across symbols.
    QStringList sorted = symbols;
    sorted.sort();
    sorted.removeDuplicates();
    QJsonObject bySymbol;
    QJsonArray singleBars;
    int taken = 0;
    std::optional<QString> next;
    std::string lastSymbol;
    Timestamp lastTime{};
    for (const QString &symbol : sorted) {
        const std::string sym = symbol.toStdString();
        if (next || (r.after && sym < r.after->first))
            continue;
        const market::StockTape *tape = m_market->tape(sym);
        if (!tape)
            continue; // unknown symbols have no bars, as Alpaca answers
        std::vector<market::SimBar> bars = tape->bars(r.timeframe, r.from, r.to);
        if (r.descending)
            std::reverse(bars.begin(), bars.end());
        QJsonArray out;
        for (const market::SimBar &b : bars) {
            if (r.after && sym == r.after->first &&
                (r.descending ? b.time >= r.after->second : b.time <= r.after->second))
                continue;
            if (taken == r.limit) {
                next = barToken(lastSymbol, lastTime); // more follow: name the last one given
                break;
            }
            out.append(barJson(b));
            ++taken;
            lastSymbol = sym;
            lastTime = b.time;
        }
        if (out.isEmpty())
            continue;
        if (single)
            singleBars = out;
        else
            bySymbol.insert(symbol, out);
    }
    QJsonObject body;
    body.insert("next_page_token", next ? QJsonValue(*next) : QJsonValue());
    if (single) {
        body.insert("bars", singleBars);
        body.insert("symbol", symbols.value(0));
    } else {
        body.insert("bars", bySymbol);
    }
    return HttpResponse::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpResponse AlpacaRoutes::optionChain(const HttpRequest &req, const QString &underlying) {
    ChainFilter filter;
    QString error = parseChainFilter(req, filter);
    if (error.isEmpty())
        error = feedError(req);
    const auto limit = limitParam(req, kSnapshotDefaultLimit, kSnapshotMaxLimit);
    if (error.isEmpty())
        error = limit.error;
    bool badToken = false;
    const auto after = decodeToken(req, badToken);
    if (badToken)
        error = QStringLiteral("Invalid format for parameter page_token");
    if (!error.isEmpty())
        return badData(error);

    // Only the page's contracts are priced (listing, price: simulated_market.h).
    const std::string u = underlying.toStdString();
    const auto &chain = m_market->listing(u);
    auto it = chain.begin();
    if (after)
        it = std::upper_bound(
            chain.begin(), chain.end(), *after,
            [](const std::string &s, const market::SimContract &c) { return s < c.symbol; });
    std::vector<const market::SimContract *> entries;
    entries.reserve(static_cast<std::size_t>(std::min<int>(*limit.value, 10000)));
    std::optional<std::string> next;
    for (; it != chain.end(); ++it) {
        if (!filter.matches(*it))
            continue;
        if (static_cast<int>(entries.size()) == *limit.value) {
            next = entries.back()->symbol; // more follow: the token names the last one handed out
            break;
        }
        entries.push_back(&*it);
    }
    m_market->price(u, entries);
    return HttpResponse::json(200, page(entries, next));
}

HttpResponse AlpacaRoutes::optionSnapshots(const HttpRequest &req) {
    const auto symbolsParam = req.param(QStringLiteral("symbols"));
    if (!symbolsParam || symbolsParam->trimmed().isEmpty())
        return badData(QStringLiteral(
            "Invalid format for parameter symbols: query parameter 'symbols' is required"));
    QStringList symbols = symbolsParam->split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString &s : symbols)
        s = s.trimmed();
    if (symbols.size() > kSnapshotMaxSymbols)
        return badData(QStringLiteral("Invalid format for parameter symbols: at most %1 symbols")
                           .arg(kSnapshotMaxSymbols));
    QString error = feedError(req);
    const auto limit = limitParam(req, kSnapshotDefaultLimit, kSnapshotMaxLimit);
    if (error.isEmpty())
        error = limit.error;
    bool badToken = false;
    const auto after = decodeToken(req, badToken);
    if (badToken)
        error = QStringLiteral("Invalid format for parameter page_token");
    if (!error.isEmpty())
        return badData(error);

    symbols.sort();
    symbols.removeDuplicates();
    std::vector<const market::SimContract *> entries;
    std::optional<std::string> next;
    for (const QString &s : symbols) {
        const std::string sym = s.toStdString();
        if (after && sym <= *after)
            continue;
        const market::SimContract *c = m_market->contract(sym);
        if (!c)
            continue; // unknown symbols are left out, as Alpaca does
        if (static_cast<int>(entries.size()) == *limit.value) {
            next = entries.back()->symbol;
            break;
        }
        entries.push_back(c);
    }
    return HttpResponse::json(200, page(entries, next));
}

HttpResponse AlpacaRoutes::stockEndpoint(const QString &symbol, const QString &what,
                                         Timestamp now) {
    const market::StockState *s = m_market->stock(symbol.toStdString());
    if (what != QLatin1String("snapshot") && what != QLatin1String("trades/latest") &&
        what != QLatin1String("quotes/latest"))
        return HttpResponse::json(404, dataError(QStringLiteral("Not Found")));
    if (!s)
        return HttpResponse::json(
            404, tradingError(40410000, QStringLiteral("symbol %1 not found").arg(symbol)));
    QJsonObject body;
    if (what == QLatin1String("snapshot"))
        body = stockSnapshotJson(*s, now);
    else if (what == QLatin1String("trades/latest"))
        body = QJsonObject{{"symbol", symbol}, {"trade", stockTradeJson(*s)}};
    else
        body = QJsonObject{{"symbol", symbol}, {"quote", stockQuoteJson(*s)}};
    return HttpResponse::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

} // namespace cg::fake
