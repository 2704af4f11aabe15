#pragma once
// Places a template's legs on a chain, deterministically. The rule:
//  1. Expiry: the nearest expiry whose days to expiry (New York date of `now`) lie in
//     [minDte, maxDte] and on which every leg can be placed. Calendars and diagonals take that
//     as the near expiry and, as the far one, the first expiry at least `farGapDays` later on
//     which the far leg's strike exists.
//  2. The centre strike: the strike nearest the spot (equal distance: the lower).
//  3. A short leg of a vertical, strangle, condor, calendar or diagonal: with `shortDelta`, the
//     contract whose |delta| is nearest it (equal: the one farther from the spot); without,
//     the strike nearest spot x (1 + otmPct/100) for a call, spot x (1 - otmPct/100) for a put
//     (otmPct 0: the centre). Straddles, the iron butterfly and the butterfly sit on the centre.
//  4. A wing `width` dollars away: the first listed strike at least `width` from the leg it
//     protects, on its side (so a chain with $5 strikes and width 3 gives a $5 wing).
// Equal strikes under different roots (adjusted contracts): the root equal to the underlying,
// then the symbol. What was placed, and why, is in `explanation`; when a leg cannot be placed
// the error says which ("No contract for the long call 605 on 2025-04-11").

#include "domain/contract.h"
#include "domain/result.h"
#include "domain/strategy_leg.h"

#include <optional>
#include <span>

namespace cg {

struct StrategyBuildParams {
    StrategyTemplate kind = StrategyTemplate::IronCondor;
    int minDte = 25; // expiry window in calendar days, inclusive
    int maxDte = 45;
    std::optional<double> shortDelta; // |delta| of the short legs, 0.16 = 16 delta
    double otmPct = 0.0;              // used when there is no shortDelta
    double width = 5.0;               // dollars between a short leg and its wing
    int farGapDays = 28;              // calendar and diagonal: the far expiry's minimum gap
    bool operator==(const StrategyBuildParams &) const = default;
};

Result<MultiLegStrategy> buildStrategy(std::span<const OptionContract> chain,
                                       std::string_view underlying, double spot,
                                       const StrategyBuildParams &params, Timestamp now);

} // namespace cg
