#include "fake_alpaca/alpaca_routes.h"

#include "fake_alpaca/wire_json.h"

#include <QStringList>

namespace cg::fake {

bool isDataApiPath(const QString &path) {
    return path.startsWith(QLatin1String("/v1beta1/")) ||
           path.startsWith(QLatin1String("/v2/stocks/"));
}

HttpResponse invalidRequest(const QString &message) {
    return HttpResponse::json(422, tradingError(kInvalidRequestCode, message));
}

HttpResponse AlpacaRoutes::route(const HttpRequest &req, Timestamp now) {
    const QString &path = req.path;
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const bool get = req.method == "GET";
    const bool data = isDataApiPath(path);
    const bool del = req.method == "DELETE";
    const bool post = req.method == "POST";
    // A known path asked with a method it does not take. API.md documents no 405 from Alpaca
    // and no code for one, so none is made up: the body is the bare {"message"} Alpaca's gateway
    // answers with when no handler runs (assumed), and Allow names the methods the path takes
    // (RFC 9110 requires it).
    const auto methodNotAllowed = [](const char *allow) {
        HttpResponse r = HttpResponse::json(405, dataError(QStringLiteral("method not allowed")));
        r.headers.append({QByteArrayLiteral("Allow"), QByteArray(allow)});
        return r;
    };

    // Data API.
    if (parts.size() >= 3 && parts[0] == QLatin1String("v1beta1") &&
        parts[1] == QLatin1String("options") && parts[2] == QLatin1String("snapshots")) {
        if (!get)
            return methodNotAllowed("GET");
        if (parts.size() == 3)
            return optionSnapshots(req);
        if (parts.size() == 4)
            return optionChain(req, parts[3]);
    }
    if (parts.size() == 3 && parts[0] == QLatin1String("v2") &&
        parts[1] == QLatin1String("stocks") && parts[2] == QLatin1String("bars")) {
        if (!get)
            return methodNotAllowed("GET");
        const auto symbols = req.param(QStringLiteral("symbols"));
        if (!symbols || symbols->trimmed().isEmpty())
            return HttpResponse::json(
                400, dataError(QStringLiteral("Invalid format for parameter symbols: query "
                                              "parameter 'symbols' is required")));
        QStringList list = symbols->split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString &s : list)
            s = s.trimmed().toUpper();
        return stockBars(req, list, false, now);
    }
    if (parts.size() == 4 && parts[0] == QLatin1String("v2") &&
        parts[1] == QLatin1String("stocks")) {
        if (!get)
            return methodNotAllowed("GET");
        if (parts[3] == QLatin1String("bars"))
            return stockBars(req, {parts[2]}, true, now);
        return stockEndpoint(parts[2], parts[3], now);
    }
    if (parts.size() == 5 && parts[0] == QLatin1String("v2") &&
        parts[1] == QLatin1String("stocks") && (parts[4] == QLatin1String("latest"))) {
        if (!get)
            return methodNotAllowed("GET");
        return stockEndpoint(parts[2], parts[3] + QLatin1String("/latest"), now);
    }
    if (data)
        return HttpResponse::json(404, dataError(QStringLiteral("Not Found")));

    // Trading API.
    if (parts.size() >= 1 && parts[0] == QLatin1String("v2")) {
        const QString what = parts.value(1);
        if (what == QLatin1String("account") && parts.size() == 2)
            return get ? account() : methodNotAllowed("GET");
        if (what == QLatin1String("account") && parts.value(2) == QLatin1String("activities") &&
            parts.size() <= 4)
            return get ? activities(req, parts.value(3)) : methodNotAllowed("GET");
        if (what == QLatin1String("account") && parts.size() == 4 &&
            parts[2] == QLatin1String("portfolio") && parts[3] == QLatin1String("history"))
            return get ? portfolioHistory(req, now) : methodNotAllowed("GET");
        if (what == QLatin1String("clock") && parts.size() == 2)
            return get ? clock(now) : methodNotAllowed("GET");
        if (what == QLatin1String("calendar") && parts.size() == 2)
            return get ? calendar(req, now) : methodNotAllowed("GET");
        if (what == QLatin1String("positions") && parts.size() == 4 &&
            parts[3] == QLatin1String("exercise"))
            return post ? exercise(parts[2]) : methodNotAllowed("POST");
        if (what == QLatin1String("positions") && parts.size() == 4 &&
            parts[3] == QLatin1String("do-not-exercise"))
            return post ? doNotExercise(parts[2]) : methodNotAllowed("POST");
        if (what == QLatin1String("positions") && parts.size() == 2) {
            if (del)
                return closeAllPositions(req);
            return get ? positions(QString()) : methodNotAllowed("GET, DELETE");
        }
        if (what == QLatin1String("positions") && parts.size() == 3) {
            if (del)
                return closePosition(req, parts[2]);
            return get ? positions(parts[2]) : methodNotAllowed("GET, DELETE");
        }
        if (what == QLatin1String("options") && parts.value(2) == QLatin1String("contracts")) {
            if (!get)
                return methodNotAllowed("GET");
            if (parts.size() == 3)
                return optionContracts(req, now);
            if (parts.size() == 4)
                return optionContract(parts[3], now);
        }
        if (what == QLatin1String("orders:by_client_order_id") && parts.size() == 2)
            return get ? orderByClientOrderId(req) : methodNotAllowed("GET");
        if (what == QLatin1String("orders") && parts.size() == 2) {
            if (post)
                return createOrder(req);
            if (del)
                return cancelAllOrders();
            return get ? listOrders(req) : methodNotAllowed("GET, POST, DELETE");
        }
        if (what == QLatin1String("orders") && parts.size() == 3) {
            if (get)
                return orderById(parts[2]);
            if (del)
                return cancelOrder(parts[2]);
            if (req.method == "PATCH")
                return replaceOrder(req, parts[2]);
            return methodNotAllowed("GET, PATCH, DELETE");
        }
    }
    return HttpResponse::json(404, tradingError(40410000, QStringLiteral("endpoint not found")));
}

} // namespace cg::fake
