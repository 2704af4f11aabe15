#pragma once
// Where orders go. Asynchronous like MarketData: each call answers exactly once.

#include "domain/account.h"
#include "domain/account_activity.h"
#include "domain/result.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cg {

enum class OrderListStatus { Open, Closed, All };

class Broker {
public:
    virtual ~Broker() = default;
    template <class T> using Callback = std::function<void(Result<T>)>;

    virtual void account(Callback<Account> done) = 0;
    virtual void positions(Callback<std::vector<Position>> done) = 0;
    // Never blindly retried: after a timeout the implementation looks the order up by
    // client_order_id before answering.
    virtual void submitOrder(const OrderRequest &request, Callback<Order> done) = 0;
    virtual void order(const std::string &id, Callback<Order> done) = 0;
    // Error with httpStatus 404 when no order has that client_order_id.
    virtual void orderByClientId(const std::string &clientOrderId, Callback<Order> done) = 0;
    virtual void orders(OrderListStatus status, int limit, Callback<std::vector<Order>> done) = 0;
    // One page of GET /v2/orders, newest first, submitted before `until` (Alpaca's exclusive
    // `until`) when given: the next page of a history starts at the oldest order of the last.
    // A broker without paging has one page.
    virtual void ordersPage(OrderListStatus status, int limit, std::optional<Timestamp> until,
                            Callback<std::vector<Order>> done) {
        if (until)
            return done(std::vector<Order>{});
        orders(status, limit, std::move(done));
    }
    // DELETE /v2/orders/{id}: 204 when the cancel is accepted (the order then goes
    // pending_cancel -> canceled); 422 when it is no longer cancelable, 404 when unknown.
    virtual void cancelOrder(const std::string &id, Callback<Unit> done) = 0;
    // PATCH /v2/orders/{id}: Alpaca answers with a NEW order whose `replaces` names the old one;
    // the old one ends "replaced". 422 when the order cannot be replaced in its status.
    virtual void replaceOrder(const std::string &id, const ReplaceRequest &request,
                              Callback<Order> done) = 0;
    // POST /v2/positions/{symbol_or_contract_id}/exercise: every held contract of the long
    // position is exercised (no partial quantity); 200 with an empty body.
    virtual void exercise(const std::string &symbolOrContractId, Callback<Unit> done) = 0;
    // GET /v2/account/activities, newest first, every page (page_token = the last id) up to
    // query.maxActivities. A broker without it answers an error (the docks say so).
    virtual void activities(const ActivitiesQuery &query, Callback<std::vector<Activity>> done) {
        (void)query;
        done(Error::make("This broker does not report account activities"));
    }
    // GET /v2/account/portfolio/history: the equity curve.
    virtual void portfolioHistory(const PortfolioHistoryQuery &query,
                                  Callback<PortfolioHistory> done) {
        (void)query;
        done(Error::make("This broker does not report a portfolio history"));
    }
};

} // namespace cg
