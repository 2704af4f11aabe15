#include "dispatch/holdings_read.h"
#include "dispatch/open_orders_read.h"

#include <utility>

namespace cg {

namespace {
Error unread(const char *what, const Error &e) {
    return Error::make(couldNotRead(std::string("the ") + what, e));
}
} // namespace

void readHoldings(Broker &broker, std::function<void(Result<Holdings>)> done) {
    readAllOpenOrders(broker,
                      [&broker, done = std::move(done)](Result<std::vector<Order>> o) mutable {
                          if (!o)
                              return done(unread("open orders", o.error()));
                          broker.positions([done = std::move(done), open = std::move(*o)](
                                               Result<std::vector<Position>> p) mutable {
                              if (!p)
                                  return done(unread("positions", p.error()));
                              done(Holdings{std::move(open), std::move(*p)});
                          });
                      });
}

} // namespace cg
