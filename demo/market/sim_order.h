#pragma once
// Orders, positions and the account of the simulated broker, in the terms Alpaca uses.

#include "domain/quote.h"

#include <optional>
#include <string>
#include <vector>

namespace cg::market {

// An order request as it arrives on the wire: every field optional, still text, so the
// validation can answer the way Alpaca does ("qty must be integer" ...).
// One entry of an mleg request's "legs" (Alpaca's MLegOrderLeg), still text.
struct LegSubmission {
    std::optional<std::string> symbol;
    std::optional<std::string> ratioQty;
    std::optional<std::string> side;
    std::optional<std::string> positionIntent;
};

struct OrderSubmission {
    std::optional<std::string> symbol;
    std::optional<std::string> qty;
    std::optional<std::string> notional;
    std::optional<std::string> side;
    std::optional<std::string> type;
    std::optional<std::string> timeInForce;
    std::optional<std::string> limitPrice;
    std::optional<std::string> stopPrice;
    std::optional<std::string> clientOrderId;
    std::optional<std::string> positionIntent;
    std::optional<std::string> orderClass;
    bool extendedHours = false;
    std::vector<LegSubmission> legs; // order_class "mleg"
};

// A leg of an mleg order: reported by Alpaca as a full order of its own (order_class "mleg").
struct SimLeg {
    std::string id;
    std::string clientOrderId;
    std::string symbol;
    std::string assetId;
    std::string side;
    std::string positionIntent;
    int ratioQty = 1;
    double filledQty = 0.0; // contracts: units filled x ratio
    std::optional<double> filledAvgPrice;
};

struct SimOrder {
    std::string id;
    std::string clientOrderId;
    std::string symbol;
    std::string assetId;
    std::string assetClass; // us_option, us_equity
    std::string orderClass; // "simple" for options, "" for equities (as Alpaca answers)
    std::string side;       // buy, sell
    std::string type;       // market, limit, stop, stop_limit
    std::string timeInForce;
    std::string positionIntent; // empty when not sent
    std::string status; // pending_new, accepted, new, partially_filled, filled, canceled, replaced
    double qty = 0.0;
    double filledQty = 0.0;
    double multiplier = 100.0;
    std::optional<double> limitPrice;
    std::optional<double> stopPrice; // stop, stop_limit
    std::optional<double> filledAvgPrice;
    bool extendedHours = false;
    Timestamp createdAt{};
    Timestamp updatedAt{};
    Timestamp submittedAt{};
    std::optional<Timestamp> filledAt;
    std::optional<Timestamp> canceledAt;
    std::optional<Timestamp> expiredAt;
    std::optional<Timestamp> failedAt;
    std::optional<Timestamp> replacedAt;
    std::string replacedBy;   // the order that replaced this one (PATCH)
    std::string replaces;     // the order this one replaced
    std::vector<SimLeg> legs; // order_class "mleg": qty counts units, prices are signed nets

    // Simulation state.
    Timestamp nextEventAt{};   // when the order may next change status or fill
    Timestamp patientFillAt{}; // a limit inside the spread fills from then on
    Timestamp dayEndsAt{};     // a day order still open at this close expires
    double reserved = 0.0;     // buying power held while open
    bool triggered = false;    // a stop whose price the market reached: it works as market/limit

    bool isOpen() const {
        return status == "pending_new" || status == "accepted" || status == "new" ||
               status == "partially_filled";
    }
};

struct SimPosition {
    std::string symbol;
    std::string assetId;
    std::string assetClass;
    double qty = 0.0;       // negative when short
    double costBasis = 0.0; // signed, multiplier included
    double multiplier = 100.0;
    // POST .../do-not-exercise: a long contract that is not exercised at expiry, in the money
    // or not, and cannot be exercised by request.
    bool doNotExercise = false;
    // Held at the last day roll (its day P&L runs from the previous close); the rest was opened
    // today and its day P&L runs from its entry, as Alpaca's unrealized_intraday_pl does.
    double overnightQty = 0.0;
};

// A position valued at the current quote.
struct PositionView {
    SimPosition position;
    double avgEntryPrice = 0.0; // per share
    double currentPrice = 0.0;  // per share (option mid)
    double lastdayPrice = 0.0;
    double marketValue = 0.0; // qty x price x multiplier
    double unrealizedPl = 0.0;
    double unrealizedPlpc = 0.0;
    double unrealizedIntradayPl = 0.0;
    double unrealizedIntradayPlpc = 0.0;
    double changeToday = 0.0;
    double qtyAvailable = 0.0;
};

struct AccountView {
    std::string id;
    std::string accountNumber;
    Timestamp createdAt{};
    double cash = 0.0;
    double equity = 0.0;
    double lastEquity = 0.0;
    double longMarketValue = 0.0;
    double shortMarketValue = 0.0;
    double buyingPower = 0.0;
    double optionsBuyingPower = 0.0;
    int optionsApprovedLevel = 3;
    int optionsTradingLevel = 3;
};

} // namespace cg::market
