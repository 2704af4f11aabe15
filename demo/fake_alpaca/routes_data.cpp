// Market Data API endpoints of the fake server: option chain and snapshots, stock snapshot,
// latest trade and quote. Numbers are JSON numbers here.

#include "fake_alpaca/alpaca_routes.h"
#include "fake_alpaca/query_params.h"
#include "fake_alpaca/wire_json.h"
#include "market/simulated_market.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

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

// {"next_page_token":...,"snapshots":{...}} around snapshot entries already written.
QByteArray page(const QByteArray &entries, const std::optional<std::string> &next) {
    QByteArray out;
    out.reserve(entries.size() + 96);
    out.append("{\"next_page_token\":");
    if (next)
        appendJsonString(out, QByteArray::fromStdString(*next).toBase64().toStdString());
    else
        out.append("null");
    out.append(",\"snapshots\":{");
    out.append(entries);
    out.append("}}");
    return out;
}

void appendEntry(QByteArray &entries, const market::SimContract &c) {
    if (!entries.isEmpty())
        entries.append(',');
    appendJsonString(entries, c.symbol);
    entries.append(':');
    appendOptionSnapshot(entries, c);
}

HttpResponse badData(const QString &message) {
    return HttpResponse::json(400, dataError(message));
}

} // namespace

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

    const auto &chain = m_market->chain(underlying.toStdString());
    auto it = chain.begin();
    if (after)
        it = std::upper_bound(
            chain.begin(), chain.end(), *after,
            [](const std::string &s, const market::SimContract &c) { return s < c.symbol; });
    QByteArray snapshots;
    snapshots.reserve(static_cast<qsizetype>(*limit.value) * 420);
    int taken = 0;
    const std::string *last = nullptr;
    std::optional<std::string> next;
    for (; it != chain.end(); ++it) {
        if (!filter.matches(*it))
            continue;
        if (taken == *limit.value) {
            next = *last; // more follow: the token names the last symbol handed out
            break;
        }
        appendEntry(snapshots, *it);
        last = &it->symbol;
        ++taken;
    }
    return HttpResponse::json(200, page(snapshots, next));
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
    QByteArray snapshots;
    std::optional<std::string> next;
    std::string last;
    int taken = 0;
    for (const QString &s : symbols) {
        const std::string sym = s.toStdString();
        if (after && sym <= *after)
            continue;
        const market::SimContract *c = m_market->contract(sym);
        if (!c)
            continue; // unknown symbols are left out, as Alpaca does
        if (taken == *limit.value) {
            next = last;
            break;
        }
        appendEntry(snapshots, *c);
        last = sym;
        ++taken;
    }
    return HttpResponse::json(200, page(snapshots, next));
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
