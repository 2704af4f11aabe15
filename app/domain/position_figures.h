#pragma once
// A position's figures against the live market: the mark, unrealized and day P&L, cost basis,
// greeks x qty x multiplier and moneyness (days to expiry: domain/eastern_time.h). Pure: the caller
// passes the live mid, the contract's greeks and the underlying price it has (each may be missing).

#include "domain/account.h"
#include "domain/account_activity.h"
#include "domain/occ_symbol.h"
#include "domain/quote.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cg {

// Day P&L, the one definition: value now minus value at the previous close; none while the
// previous close is unknown. The account bar (dayPnl(Account)) and each position use it.
std::optional<double> changeSincePreviousClose(double valueNow,
                                               std::optional<double> valueAtPreviousClose);

// 100 for an option, 1 for a stock (the contract's own multiplier when the chain has it).
double positionMultiplier(const Position &p, std::optional<double> contractMultiplier = {});

struct PositionPnl {
    double mark = 0.0;     // live mid when given, else the broker's current_price
    bool liveMark = false; // the mark is the live mid
    double multiplier = 1.0;
    double marketValue = 0.0;  // mark x qty x multiplier (negative when short)
    double costBasis = 0.0;    // avg entry x qty x multiplier (negative when short)
    double unrealized = 0.0;   // (mark - avg entry) x qty x multiplier
    std::optional<double> day; // (mark - lastday_price) x qty x multiplier; none without lastday
};

PositionPnl positionPnl(const Position &p, std::optional<double> liveMid,
                        std::optional<double> contractMultiplier = {});

// One of today's executions in the position's symbol (a FILL activity of today).
struct TodayFill {
    double qty = 0.0; // signed: + bought, - sold
    double price = 0.0;
    bool operator==(const TodayFill &) const = default;
};

// Today's fills by symbol from the account's activities: the FILL activities (trades) of the
// New York date `today`, signed by side (a sale, a short sale included, negative).
std::map<std::string, std::vector<TodayFill>> todayFills(const std::vector<Activity> &activities,
                                                         std::chrono::year_month_day today);

// The day P&L of a position opened and closed today (no longer held): what today's fills
// bought and sold it for, when they net to nothing; empty otherwise (part of it was held at the
// previous close, whose price is not known here).
std::optional<double> closedTodayPnl(const std::vector<TodayFill> &fills, double multiplier);

// Day P&L with today's fills, the same definition (value now minus value at the previous close)
// made exact for what was traded today: value now - (qty held at the previous close x
// lastday_price x multiplier) - net cash paid today for the fills. A position opened today is
// then (mark - fill price) x qty x multiplier, not (mark - lastday_price) x ...; none when a
// quantity was held at the previous close but lastday_price is unknown.
std::optional<double> dayPnlWithFills(const Position &p, const PositionPnl &pnl,
                                      const std::vector<TodayFill> &fills);

struct PositionGreeks {
    double deltaShares = 0.0;           // delta x qty x multiplier (a stock: its qty)
    std::optional<double> deltaDollars; // delta shares x underlying price
    double gamma = 0.0;                 // per $1 of the underlying, in shares
    double thetaPerDay = 0.0;           // dollars per calendar day
    double vega = 0.0;                  // dollars per volatility point
};

// A stock: delta = qty, the rest 0. An option: none without the contract's greeks.
std::optional<PositionGreeks> positionGreeks(const Position &p, const std::optional<Greeks> &g,
                                             std::optional<double> underlyingPrice,
                                             std::optional<double> contractMultiplier = {});

struct StrikeDistance {
    bool inTheMoney = false;
    double distancePct = 0.0; // (strike - underlying) / underlying x 100
};
std::optional<StrikeDistance> strikeDistance(const OccSymbol &occ, double underlyingPrice);

} // namespace cg
