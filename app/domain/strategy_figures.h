#pragma once
// The figures of a multi-leg strategy, per share of one unit (x the multiplier for dollars).
// Prices are signed as Alpaca's mleg limit price: debit positive, credit negative.
//  - net at mid: sum of ratio x mid, bought legs +, sold legs -.
//  - net at natural: what crossing every leg costs (buy at the ask, sell at the bid); never
//    better than the mid.
//  - combined spread: natural - mid = sum of ratio x (ask - bid) / 2.
//  - P/L is taken against the net at mid.
//  - Same-expiry structures: the P/L at expiry is piecewise linear with kinks at the strikes;
//    max profit and max loss are its extremes over [0, last strike] and its slope beyond (a
//    rising slope: unlimited profit; falling: unlimited loss); break-evens are its zeros.
//  - Calendars and diagonals: "at expiry" is the near expiry, the far leg priced with
//    Black-Scholes at its IV; the extremes and break-evens are searched numerically on the
//    underlying from 0.2 x to 3 x the spot (2,000 steps, roots refined by bisection).
//  - Probability of profit: the chance that the underlying at the near expiry lies where the
//    P/L at expiry is above 0, with a lognormal underlying (drift the rate) whose volatility at
//    a price is the near-expiry legs' IV interpolated linearly by strike (flat beyond the
//    outermost legs; legs on one strike averaged). For a calendar or diagonal that is the
//    near leg's IV, over the time to the near expiry.
//  - Greeks: sum of signed ratio x each leg's greeks (per share; empty if a leg has none).

#include "domain/black_scholes_greeks.h"
#include "domain/result.h"
#include "domain/strategy_leg.h"

#include <optional>
#include <string>
#include <vector>

namespace cg {

struct StrategyFigures {
    double netMid = 0.0;
    double netNatural = 0.0;
    double combinedSpread = 0.0;
    std::optional<double> maxProfit; // empty: unlimited (or not valued: see notValued)
    std::optional<double> maxLoss;   // a positive number; empty: unlimited (or not valued)
    std::vector<double> breakEvens;  // ascending
    std::optional<double> probabilityOfProfit; // 0..1; empty without IVs
    std::optional<Greeks> greeks;
    double multiplier = 100.0;
    // Why max profit and loss, the break-evens and the probability are not known (a leg that
    // expires after the near expiry without an implied volatility: it is priced there with one);
    // empty where they were worked out. Such figures price the strategy: enough to close it, not
    // to open it.
    std::string notValued;

    bool valued() const { return notValued.empty(); }
    bool unlimitedProfit() const { return valued() && !maxProfit; }
    bool unlimitedLoss() const { return valued() && !maxLoss; }
    // Max loss of one unit in dollars (x multiplier), empty when unlimited or not valued.
    std::optional<double> maxLossDollars() const {
        return maxLoss ? std::optional<double>(*maxLoss * multiplier) : std::nullopt;
    }
    // The same for an order at the net `limit` (signed as netMid): every outcome moves by what
    // the limit pays beyond the mid, so a debit above the mid, or a credit below it, risks more.
    std::optional<double> maxLossDollarsAt(double limit) const {
        if (!maxLoss)
            return std::nullopt;
        const double perShare = *maxLoss + (limit - netMid);
        return (perShare > 0.0 ? perShare : 0.0) * multiplier;
    }
};

// Errors name the leg: "Cannot price sell 1 SPY...: no quote", "... no implied volatility".
Result<StrategyFigures> strategyFigures(const MultiLegStrategy &s, double spot, Timestamp now,
                                        double rate = kComputedGreeksRate);

// strategyFigures, or where they cannot be valued (a leg that expires after the near expiry
// without an implied volatility) the prices alone, `notValued` saying why: for a ticket that may
// close the strategy. An error where a leg cannot be priced, or strategyFigures' own.
Result<StrategyFigures> strategyFiguresOrPrices(const MultiLegStrategy &s, double spot,
                                                Timestamp now, double rate = kComputedGreeksRate);

// The net mid and natural prices alone (used by the combo gate and the ticket). A leg bought
// needs an ask (its bid may be 0), a leg sold a bid.
struct NetPrices {
    double mid = 0.0;
    double natural = 0.0;
};
Result<NetPrices> netPrices(const MultiLegStrategy &s);

// P(underlying at the horizon <= x), lognormal as above with volatility `vol`.
double lognormalCdf(double x, double spot, double years, double rate, double vol);

} // namespace cg
