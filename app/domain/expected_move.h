#pragma once
// What the options price in: the expected move by expiry from the at-the-money straddle, and a
// contract's risk-neutral probability of expiring in the money. Pure functions of their inputs.

#include "domain/contract.h"

#include <chrono>
#include <optional>
#include <span>
#include <vector>

namespace cg {

struct ExpectedMove {
    std::chrono::year_month_day expiry{};
    double strike = 0.0;  // the straddle's strike: the one nearest the spot with both sides quoted
    double callMid = 0.0; // (bid + ask) / 2
    double putMid = 0.0;
    double move = 0.0; // callMid + putMid, in the underlying's price units (+- around spot)
};

// The expected move of one expiry: the mid of the call plus the mid of the put at the strike
// nearest `spot` among the strikes where both have a usable quote (bid > 0, ask >= bid). On a
// tie the lower strike; of two contracts of one type at one strike, the later one. Empty when no
// strike of that expiry has both sides quoted.
std::optional<ExpectedMove> straddleExpectedMove(std::span<const OptionContract> contracts,
                                                 double spot, std::chrono::year_month_day expiry);

// The same from one expiry's quoted strikes, gathered while the chain is read once for every
// expiry: 16 bytes a usable quote, and a linear pass when each side comes in strike order (a
// chain in OCC symbol order does), a stable sort otherwise.
struct StraddleLegs {
    struct Leg {
        double strike = 0.0;
        double mid = 0.0;
    };
    std::vector<Leg> calls, puts;

    // Keeps the contract's mid when its quote is usable; the expiry is the caller's to match.
    void add(const OptionContract &c);
};
std::optional<ExpectedMove> straddleExpectedMove(StraddleLegs legs, double spot,
                                                 std::chrono::year_month_day expiry);
// The same for the nearest expiry on or after `today` that has a quoted straddle.
std::optional<ExpectedMove> nearestExpectedMove(std::span<const OptionContract> contracts,
                                                double spot, std::chrono::year_month_day today);

struct ItmInput {
    OptionType type = OptionType::Call;
    double spot = 0.0;
    double strike = 0.0;
    double years = 0.0;    // to expiry
    double vol = 0.0;      // the contract's implied volatility, 0.20 = 20 %
    double rate = 0.0;     // continuously compounded
    double dividend = 0.0; // continuous yield
};

// N(d2) for a call, N(-d2) for a put, with d2 = (ln(S/K) + (r - q - vol^2/2) T) / (vol sqrt(T)).
// At or past expiry, or with zero vol, 1 or 0 by the (forward) moneyness. Empty when spot,
// strike or vol are unusable (not finite, spot or strike not above 0, vol negative).
std::optional<double> probabilityItm(const ItmInput &in);

} // namespace cg
