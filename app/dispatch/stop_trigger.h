#pragma once
// A stop on the near side of the market triggers at once, and Alpaca refuses it ("stop price
// must be greater than base_price + 0.01" for a buy, its mirror for a sell). Judged against the
// live market, not a last trade (an illiquid option's can be days old): a buy stop at or under
// the bid, a sell stop at or over the ask, a stock's stop on the near side of its price. A stop
// inside the spread is left to the broker, whose base price this cannot know.
// Pure code: the ticket warns with the sentence the re-check holds the order with, so a stop
// typed on the wrong side is said before it is sent, not as a broker's rejection after.

#include "domain/account.h"
#include "domain/quote.h"

#include <optional>
#include <string>

namespace cg {

// Why `stop` would trigger at once against `market` (a buy's: the bid or a stock's price; a
// sell's: the ask or a stock's price), named `marketName` ("the bid"): "A buy stop at 0.35 is
// not above the bid 0.53: it would trigger at once, and Alpaca refuses a stop on the near side
// of the market". nullopt when it waits, or when there is no market (<= 0).
std::optional<std::string> stopTriggersAtOnce(OrderSide side, double stop, double market,
                                              const std::string &marketName);
// An option's, against its live quote: a buy's bid, a sell's ask.
std::optional<std::string> stopTriggersAtOnce(OrderSide side, double stop, const Quote &quote);

} // namespace cg
