#pragma once
// The Alpaca REST client: market data (underlying price, option chain with open interest) and
// the broker (account, positions, orders, clock) over one Transport. Answers arrive on the
// thread that owns the client, exactly once per call (none after the client is destroyed).

#include "alpaca/alpaca_config.h"
#include "alpaca/alpaca_transport.h"
#include "alpaca/alpaca_types.h"
#include "broker/broker.h"
#include "broker/market_data.h"

#include <QObject>

#include <functional>
#include <memory>

namespace cg::alpaca {

class AlpacaClient : public QObject, public MarketData, public Broker {
    Q_OBJECT
public:
    // Both bases declare a Callback alias; this one is the client's own.
    template <class T> using Done = std::function<void(Result<T>)>;

    // The config should have passed validate(); the client does not re-check it.
    explicit AlpacaClient(AlpacaConfig config, QObject *parent = nullptr);
    ~AlpacaClient() override;

    const AlpacaConfig &config() const { return m_transport->config(); }
    void setRetryPolicy(const alpaca::RetryPolicy &p) { m_transport->setRetryPolicy(p); }
    void setMaxReplyBytes(qint64 bytes) { m_transport->setMaxReplyBytes(bytes); }

    // MarketData. The underlying price is the stock snapshot's latest trade (latest quote mid
    // when there is none); feed=iex with the free indicative options feed, Alpaca's default
    // (the best the keys allow) with opra.
    void underlyingPrice(const std::string &symbol, Done<UnderlyingPrice> done) override;
    // Every snapshot page (limit 1000, next_page_token to the end), then, when asked, the
    // contracts endpoint for open interest and multiplier over the chain's expiry range.
    // Contracts come back sorted by expiry, strike, call before put.
    void optionChain(const ChainQuery &query, Done<OptionChain> done) override;
    // GET /v2/stocks/{symbol}/bars, every page (limit 10000, next_page_token to the end or
    // query.maxBars); feed=iex with the indicative options feed, as the underlying price.
    void stockBars(const BarsQuery &query, Done<std::vector<PriceBar>> done) override;
    bool quotesOnExchangeTicks() const override { return config().feed == QLatin1String("opra"); }

    // Broker
    void account(Done<Account> done) override;
    void positions(Done<std::vector<Position>> done) override;
    // POST /v2/orders is never blindly repeated: after a timeout, a dropped connection, a 429,
    // a 5xx or an unreadable answer the order is looked up by client_order_id; only when Alpaca
    // certainly has none (404) is it sent once more. An empty client_order_id gets a UUID.
    void submitOrder(const OrderRequest &request, Done<Order> done) override;
    void order(const std::string &id, Done<Order> done) override;
    void orderByClientId(const std::string &clientOrderId, Done<Order> done) override;
    void orders(OrderListStatus status, int limit, Done<std::vector<Order>> done) override;
    void ordersPage(OrderListStatus status, int limit, std::optional<Timestamp> until,
                    Done<std::vector<Order>> done) override;
    void cancelOrder(const std::string &id, Done<Unit> done) override;
    // PATCH /v2/orders/{id}; answers the new order. Never repeated blindly: a replace that
    // timed out may have happened.
    void replaceOrder(const std::string &id, const ReplaceRequest &request,
                      Done<Order> done) override;
    void exercise(const std::string &symbolOrContractId, Done<Unit> done) override;
    // GET /v2/account/activities (direction desc), page after page with page_token = the last
    // id, until a short page or query.maxActivities.
    void activities(const ActivitiesQuery &query, Done<std::vector<Activity>> done) override;
    // GET /v2/account/portfolio/history?period=..&timeframe=..
    void portfolioHistory(const PortfolioHistoryQuery &query, Done<PortfolioHistory> done) override;

    // GET /v2/clock
    // (Every GET whose answer cannot be read is asked once more before the error is returned.)
    void clock(Done<alpaca::MarketClock> done);

private:
    struct ChainState;
    struct SubmitState;
    struct BarsState;
    struct ActivitiesState;
    void fetchActivities(std::shared_ptr<ActivitiesState> s, std::string pageToken);
    void fetchBars(std::shared_ptr<BarsState> s, std::string pageToken);
    void fetchSnapshots(std::shared_ptr<ChainState> s, std::string pageToken);
    void fetchContracts(std::shared_ptr<ChainState> s, std::string pageToken);
    void finishChain(std::shared_ptr<ChainState> s);
    void postOrder(std::shared_ptr<SubmitState> s);
    void lookUpAfterAmbiguous(std::shared_ptr<SubmitState> s, Error cause);

    template <class T, class Parse>
    void getParsed(alpaca::HttpRequest request, Parse parse, Done<T> done, int parseRetries = 1);

    alpaca::Transport *m_transport = nullptr;
};

// Upper-cases and checks a stock ticker ("spy" -> "SPY"); letters, digits, '.', '-', at most
// 12 characters.
Result<std::string> normalizeTicker(const std::string &symbol);

} // namespace cg::alpaca
