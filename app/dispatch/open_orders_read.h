#pragma once
// Every open order of the account, not only the newest page: Alpaca lists at most 500 orders a
// request, newest first. A close that counts what open orders already close, or a kill switch
// that cancels them, must see an older order too (a GTC order from last month behind 500 newer
// ones), so the pages are read back in time until one is not full.

#include "broker/broker.h"

#include <functional>
#include <vector>

namespace cg {

// Alpaca's largest page.
inline constexpr int kOpenOrdersPage = 500;
// Where the reading stops and says so: more open orders than a console can act on safely.
inline constexpr int kMaxOpenOrderPages = 20;

// All open orders, newest first, each once. The error says what failed: the read itself
// ("internal server error"), or an account with more than 10,000 open orders, or pages that
// do not move back in time.
void readOpenOrders(Broker &broker, std::function<void(Result<std::vector<Order>>)> done);

} // namespace cg
