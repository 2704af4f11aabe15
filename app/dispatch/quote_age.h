#pragma once
// How old a contract's quote may be for the dispatcher to trade on it: the limit price is the
// quote's mid, and a quote that stopped updating prices the order on a market that has moved.

#include "domain/contract.h"

#include <optional>
#include <string>

namespace cg {

// Why `c` must not be traded on at `now`, or empty when its quote is fresh enough:
// "Quote of SPY261204C00600000 is 75 s old, above the 60 s limit". The limit is
// `maxAgeSec` in the regular session and `maxAgeOffHoursSec` outside it. A quote without a time
// has no known age and is refused; one timed after `now` (clocks apart) counts as fresh.
std::optional<std::string> quoteAgeRefusal(const OptionContract &c, Timestamp now, int maxAgeSec,
                                           int maxAgeOffHoursSec);

// A duration a trader reads: "75 s", "12 min", "1 h", "2 h 30 min".
std::string ageText(long long seconds);

} // namespace cg
