#pragma once
// A position's profit and loss across underlying prices (thinkorswim's Analyze in the small):
// today, at a chosen date and at the first expiry, every option priced by Black-Scholes at its
// implied volatility plus a shift, and the break-evens (the roots of the expiry and date curves).
// Pure: the caller passes the legs, the instant and the range.

#include "domain/american_option.h"
#include "domain/option_type.h"
#include "domain/quote.h"

#include <optional>
#include <span>
#include <vector>

namespace cg {

struct RiskLeg {
    bool isOption = true; // false: shares of the underlying
    OptionType type = OptionType::Call;
    double strike = 0.0;
    Timestamp expiry{};       // the option's expiry instant (its date's close: optionExpiryInstant)
    double qty = 0.0;         // signed: negative when short
    double multiplier = 100.; // 1 for shares
    double entryPrice = 0.0;  // average price paid (or received) per share
    double vol = 0.0;         // implied volatility, 0.20 = 20 %
    VolModel model = VolModel::BlackScholes; // what `vol` was solved with (american_option.h)
};

struct RiskScenario {
    Timestamp now{};
    double daysForward = 0.0; // the chosen date: now + days, never past the first expiry
    double volShift = 0.0;    // added to every option's IV, 0.05 = +5 points (floored at 0)
    double rate = 0.0;        // continuously compounded, 0.04 = 4 %
};

// Value in dollars of all legs at `spot` and instant `at`: shares at spot, each option by
// Black-Scholes (intrinsic once expired).
double riskValue(std::span<const RiskLeg> legs, double spot, Timestamp at, double volShift,
                 double rate);
// Value minus what the legs cost (entry x qty x multiplier): the P&L.
double riskPnl(std::span<const RiskLeg> legs, double spot, Timestamp at, double volShift,
               double rate);
// The first expiry among the option legs; none for shares only.
std::optional<Timestamp> firstExpiry(std::span<const RiskLeg> legs);

// The underlying prices in [low, high] where the P&L at `at` is zero, ascending. Found between
// the strikes and on a fine grid, refined by regula falsi: exact (to rounding) where the curve
// is linear between strikes, as at expiry.
std::vector<double> breakEvens(std::span<const RiskLeg> legs, Timestamp at, double volShift,
                               double rate, double low, double high);

struct RiskProfile {
    std::vector<double> spot;     // ascending, `points` prices from low to high
    std::vector<double> today;    // P&L now
    std::vector<double> atDate;   // P&L at dateInstant
    std::vector<double> atExpiry; // P&L at expiryInstant (the first expiry; now for shares)
    Timestamp dateInstant{};
    Timestamp expiryInstant{};
    std::vector<double> expiryBreakEvens;
    std::vector<double> dateBreakEvens;
};

RiskProfile riskProfile(std::span<const RiskLeg> legs, const RiskScenario &scenario, double low,
                        double high, int points = 201);

// A leg of an underlying at `spot` rescaled to an underlying at `base` with the same dollars:
// prices and strikes x base/spot, the multiplier x spot/base (Black-Scholes is homogeneous in
// spot and strike). A portfolio of several underlyings then moves them all by the same percent.
RiskLeg rescaleLeg(RiskLeg leg, double spot, double base = 100.0);

// One standard deviation of the underlying by `years`: spot x vol x sqrt(years).
double volExpectedMove(double spot, double vol, double years);

} // namespace cg
