#pragma once
// One entry of the paper account's activity log, as GET /v2/account/activities lists it: a fill
// (FILL) or a non-trade event (OPEXC exercise, OPASN assignment, OPEXP expiry, OPTRD the paired
// share trade, FEE a regulatory fee). And one point of its equity curve.

#include "domain/quote.h"

#include <optional>
#include <string>

namespace cg::market {

struct SimActivity {
    std::string id; // "<yyyyMMddHHmmssSSS>::<uuid>": sorts by time, then by booking order
    std::string type;
    Timestamp time{};
    std::string date; // YYYY-MM-DD, New York (non-trade)
    std::string symbol;
    double qty = 0.0; // FILL: this execution; non-trade: signed as Alpaca sends it
    std::optional<double> price;
    // FILL
    std::string fillType; // fill | partial_fill
    std::string side;
    double cumQty = 0.0;
    double leavesQty = 0.0;
    std::string orderId;
    std::string orderStatus;
    // Non-trade
    std::string subType; // activity_sub_type: FEE's ORF | OCC | TAF
    double netAmount = 0.0;
    std::string description;
};

struct EquityPoint {
    Timestamp time{};
    double equity = 0.0;
};

} // namespace cg::market
