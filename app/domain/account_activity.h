#pragma once
// The account's history as Alpaca reports it: activities (GET /v2/account/activities: fills, and
// non-trade entries such as option exercise OPEXC, assignment OPASN, expiry OPEXP and the paired
// share trade OPTRD) and the equity curve (GET /v2/account/portfolio/history).

#include "domain/quote.h"

#include <optional>
#include <string>
#include <vector>

namespace cg {

struct Activity {
    std::string id;           // "20190524113406977::8efc7b9a-...": also the next page's page_token
    std::string activityType; // FILL, OPEXC (old docs: OPXRC), OPASN, OPEXP, OPTRD, FEE, ...
    std::string symbol;
    double qty = 0.0; // FILL: this execution (unsigned, side says); non-trade: signed as sent
    std::optional<double> price;
    // FILL only
    Timestamp transactionTime{};
    std::string fillType; // fill | partial_fill
    std::string side;     // buy | sell | sell_short
    double cumQty = 0.0;
    double leavesQty = 0.0;
    std::string orderId;
    std::string orderStatus;
    // Non-trade only
    std::string subType; // activity_sub_type: FEE's ORF | OCC | TAF
    std::string date;    // YYYY-MM-DD
    std::optional<double> netAmount;
    std::string description;
    std::string status; // executed | correct | canceled

    bool isTrade() const { return activityType == "FILL"; }
};

struct ActivitiesQuery {
    std::vector<std::string> types; // activity_types; empty: all
    std::string date;               // YYYY-MM-DD; empty: any
    std::string after;              // RFC-3339 or YYYY-MM-DD; empty: none
    int pageSize = 100;             // 1..100
    int maxActivities = 1000;       // across pages (newest first)
};

struct PortfolioHistory {
    std::vector<Timestamp> timestamps;         // epoch seconds on the wire
    std::vector<std::optional<double>> equity; // null on the wire for a point without data
    std::vector<std::optional<double>> profitLoss;
    std::vector<std::optional<double>> profitLossPct; // a fraction: 0.0035 = 0.35 %
    std::optional<double> baseValue;                  // null tolerated (Alpaca-API#272)
    std::string baseValueAsOf;
    std::string timeframe;
};

struct PortfolioHistoryQuery {
    std::string period = "1M";    // <n>D|W|M|A
    std::string timeframe = "1D"; // 1Min, 5Min, 15Min, 1H, 1D
};

// "FILL" -> "Fill", "OPEXC"/"OPXRC" -> "Exercise", "OPASN" -> "Assignment", "OPEXP" ->
// "Expiry", "OPTRD" -> "Option trade (shares)"; others as sent.
std::string activityTypeText(const std::string &type);

} // namespace cg
