#pragma once
// The endpoints of the fake Alpaca server over the simulated market: request in, response out.
// Authentication, faults and rate-limit headers are the server's business, not the routes'.

#include "domain/quote.h"
#include "fake_alpaca/http_message.h"

namespace cg::market {
class SimulatedMarket;
}

namespace cg::fake {

// Data API paths (/v1beta1/..., /v2/stocks/...) answer errors as {"message"}; trading API paths
// as {"code","message"}.
bool isDataApiPath(const QString &path);

// Alpaca's code for a trading API request it refuses as invalid.
inline constexpr long long kInvalidRequestCode = 40010001;
// Such a refusal: 422 {"code": 40010001, "message"}.
HttpResponse invalidRequest(const QString &message);

class AlpacaRoutes {
public:
    static constexpr int kSnapshotDefaultLimit = 100;
    static constexpr int kSnapshotMaxLimit = 1000;
    static constexpr int kSnapshotMaxSymbols = 100;
    static constexpr int kContractsDefaultLimit = 100;
    static constexpr int kContractsMaxLimit = 10000;
    static constexpr int kOrdersDefaultLimit = 50;
    static constexpr int kOrdersMaxLimit = 500;

    explicit AlpacaRoutes(market::SimulatedMarket *market)
        : m_market(market) {}

    HttpResponse route(const HttpRequest &req, Timestamp now);

private:
    // Data API.
    HttpResponse optionChain(const HttpRequest &req, const QString &underlying);
    HttpResponse optionSnapshots(const HttpRequest &req);
    HttpResponse stockEndpoint(const QString &symbol, const QString &what, Timestamp now);
    // GET /v2/stocks/{symbol}/bars (single) and /v2/stocks/bars?symbols= (a map by symbol).
    HttpResponse stockBars(const HttpRequest &req, const QStringList &symbols, bool single,
                           Timestamp now);
    // Trading API.
    HttpResponse optionContracts(const HttpRequest &req, Timestamp now);
    HttpResponse optionContract(const QString &symbolOrId, Timestamp now);
    HttpResponse account();
    HttpResponse positions(const QString &symbol);
    HttpResponse createOrder(const HttpRequest &req);
    HttpResponse listOrders(const HttpRequest &req);
    HttpResponse orderById(const QString &id);
    HttpResponse orderByClientOrderId(const HttpRequest &req);
    HttpResponse cancelOrder(const QString &id);
    HttpResponse replaceOrder(const HttpRequest &req, const QString &id);
    HttpResponse exercise(const QString &symbolOrContractId);
    // DELETE /v2/orders, DELETE /v2/positions[/{symbol_or_asset_id}] and
    // POST /v2/positions/{symbol_or_contract_id}/do-not-exercise.
    HttpResponse cancelAllOrders();
    HttpResponse closePosition(const HttpRequest &req, const QString &symbolOrAssetId);
    HttpResponse closeAllPositions(const HttpRequest &req);
    HttpResponse doNotExercise(const QString &symbolOrContractId);
    HttpResponse clock(Timestamp now);
    // GET /v2/calendar: the trading days from `start` to `end` (inclusive; dates or timestamps).
    HttpResponse calendar(const HttpRequest &req, Timestamp now);
    // GET /v2/account/activities[/{activity_type}] and /v2/account/portfolio/history
    // (routes_account_history.cpp).
    HttpResponse activities(const HttpRequest &req, const QString &typeInPath);
    HttpResponse portfolioHistory(const HttpRequest &req, Timestamp now);

    market::SimulatedMarket *m_market;
};

} // namespace cg::fake
