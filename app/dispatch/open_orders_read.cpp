#include "dispatch/open_orders_read.h"

#include <memory>
#include <string>
#include <unordered_set>
#include <utility>

namespace cg {

namespace {

struct Reading {
    Broker &broker;
    std::function<void(OpenOrders)> done;
    OpenOrders read;
    std::unordered_set<std::string> ids;
    int pages = 0;

    void stop(Error why) {
        read.incomplete = std::move(why);
        done(std::move(read));
    }
};

void readPage(const std::shared_ptr<Reading> &r, std::optional<Timestamp> until) {
    r->broker.ordersPage(
        OrderListStatus::Open, kOpenOrdersPage, until,
        [r](Result<std::vector<Order>> page) mutable {
            if (!page)
                return r->stop(page.error());
            ++r->pages;
            const std::size_t before = r->read.orders.size();
            const std::size_t size = page.value().size();
            // The next page starts at the last order's time on this one (Alpaca's sort is by
            // submission, newest first), that of the last one that has a time.
            std::optional<Timestamp> last;
            for (Order &o : page.value()) {
                if (o.submittedAt.time_since_epoch().count() > 0)
                    last = o.submittedAt;
                if (r->ids.insert(o.id).second)
                    r->read.orders.push_back(std::move(o));
            }
            if (size < static_cast<std::size_t>(kOpenOrdersPage))
                return r->done(std::move(r->read));
            if (r->pages >= kMaxOpenOrderPages)
                return r->stop(Error::make("The account has more than " +
                                           std::to_string(kMaxOpenOrderPages * kOpenOrdersPage) +
                                           " open orders; only the newest " +
                                           std::to_string(r->read.orders.size()) +
                                           " were read. Cancel some at Alpaca and try again"));
            // Alpaca's `until` is exclusive and goes by the millisecond here: the next page
            // starts just after the last one's millisecond, so an order submitted in that same
            // millisecond but left off this page is read; the ones read twice are dropped.
            if (r->read.orders.size() == before || !last)
                return r->stop(
                    Error::make("Alpaca's open orders could not be read past the newest " +
                                std::to_string(r->read.orders.size()) +
                                " (a full page without a submission time to go on from)"));
            readPage(r, *last + std::chrono::milliseconds{1});
        });
}

} // namespace

void readOpenOrders(Broker &broker, std::function<void(OpenOrders)> done) {
    readPage(std::make_shared<Reading>(Reading{broker, std::move(done), {}, {}, 0}), std::nullopt);
}

void readAllOpenOrders(Broker &broker, std::function<void(Result<std::vector<Order>>)> done) {
    readOpenOrders(broker, [done = std::move(done)](OpenOrders read) {
        if (read.incomplete)
            return done(*read.incomplete);
        done(std::move(read.orders));
    });
}

} // namespace cg
