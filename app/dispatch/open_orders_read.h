#pragma once
// Every open order of the account, not only the newest page: Alpaca lists at most 500 orders a
// request, newest first. A close that counts what open orders already close, or a kill switch
// that cancels them, must see an older order too (a GTC order from last month behind 500 newer
// ones), so the pages are read back in time until one is not full.

#include "broker/broker.h"

#include <functional>
#include <optional>
#include <vector>

namespace cg {

// Alpaca's largest page.
inline constexpr int kOpenOrdersPage = 500;
// Where the reading stops and says so: more open orders than a console can act on safely.
inline constexpr int kMaxOpenOrderPages = 20;

struct OpenOrders {
    std::vector<Order> orders; // newest first, each once: all of them, or those read
    // Why the reading stopped before the end (a page that failed, more than 10,000 orders,
    // pages that do not move back in time): `orders` is then only the newest part. A close must
    // not count on it; a kill switch cancels what was read and says the rest.
    std::optional<Error> incomplete;
};

void readOpenOrders(Broker &broker, std::function<void(OpenOrders)> done);

// The same, as all or nothing: the error when the reading did not reach the end.
void readAllOpenOrders(Broker &broker, std::function<void(Result<std::vector<Order>>)> done);

} // namespace cg
