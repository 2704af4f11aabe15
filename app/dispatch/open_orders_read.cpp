#include "dispatch/open_orders_read.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>

namespace cg {

namespace {

struct Reading {
    Broker &broker;
    std::function<void(Result<std::vector<Order>>)> done;
    std::vector<Order> orders;
    std::unordered_set<std::string> ids;
    int pages = 0;
};

void readPage(const std::shared_ptr<Reading> &r, std::optional<Timestamp> until) {
    r->broker.ordersPage(
        OrderListStatus::Open, kOpenOrdersPage, until,
        [r](Result<std::vector<Order>> page) mutable {
            if (!page)
                return r->done(page.error());
            ++r->pages;
            const std::size_t before = r->orders.size();
            std::optional<Timestamp> oldest;
            for (Order &o : page.value()) {
                if (!oldest || o.submittedAt < *oldest)
                    oldest = o.submittedAt;
                if (r->ids.insert(o.id).second)
                    r->orders.push_back(std::move(o));
            }
            if (page.value().size() < static_cast<std::size_t>(kOpenOrdersPage))
                return r->done(std::move(r->orders));
            if (r->pages >= kMaxOpenOrderPages)
                return r->done(Error::make("The account has more than " +
                                           std::to_string(kMaxOpenOrderPages * kOpenOrdersPage) +
                                           " open orders; cancel some at Alpaca and try again"));
            // Alpaca's `until` is exclusive and goes by the millisecond here: the next page
            // starts at the last one's oldest millisecond, so an order submitted in that same
            // millisecond but left off this page is read; the ones read twice are dropped.
            if (r->orders.size() == before || oldest->time_since_epoch().count() <= 0)
                return r->done(
                    Error::make("Alpaca's open orders could not be read past " +
                                std::to_string(r->orders.size()) +
                                " (a full page of orders all submitted in the same millisecond)"));
            readPage(r, *oldest + std::chrono::milliseconds{1});
        });
}

} // namespace

void readOpenOrders(Broker &broker, std::function<void(Result<std::vector<Order>>)> done) {
    readPage(std::make_shared<Reading>(Reading{broker, std::move(done), {}, {}, 0}), std::nullopt);
}

} // namespace cg
