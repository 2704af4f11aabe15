#pragma once
// Which contract a strategy buys for a signal. The rule, in order:
//  1. Only contracts of the signal's type that pass all five gates and whose days to expiry lie
//     in the strategy's window [minDte, maxDte] are candidates. Days to expiry count calendar
//     days from the New York date of `now` (daysToExpiry), not the UTC date.
//  2. A candidate must be on the target's far side: OTM call strike >= S x (1 + p), OTM put
//     strike <= S x (1 - p); ITM call strike <= S x (1 - p), ITM put strike >= S x (1 + p).
//     ATM has no side. (A strike equal to the target qualifies.)
//  3. The nearest expiry that has at least one candidate wins, even when a later expiry has a
//     strike closer to the target.
//  4. Within it, the strike nearest the target (for OTM/ITM the first strike past the target:
//     day_trade call the lowest strike >= S x 1.015, put the highest <= S x 0.985;
//     conservative call the highest <= S x 0.985, put the lowest >= S x 1.015; for ATM the
//     strike nearest S on either side).
//  5. Equally near (an ATM target halfway between two strikes, or one strike listed under an
//     adjusted root too): the tighter spread (DESIGN.md 3), then the lower strike, then the
//     symbol for determinism.
// When nothing qualifies, `reason` starts "No suitable option contract found: " and says where
// the chain ran dry: no contracts of the type, none in the window (with the count of the type),
// none passing the gates (with the count in the window and the most-failed gate), or none on
// the far side of the target (with the count passing and the target strike).

#include "domain/contract.h"
#include "domain/gates.h"
#include "domain/strategy.h"

#include <optional>
#include <span>
#include <string>

namespace cg {

struct SelectionResult {
    double targetStrike = 0.0;        // S x (1 +/- p), or S for ATM
    std::optional<std::size_t> index; // into the contracts passed in
    std::string reason;               // why nothing was selected (empty when selected)
    int candidates = 0;               // contracts that passed gates, window and side
};

double targetStrike(OptionType type, double spot, const StrategyParams &p);

// `reports[i]` are the gates of `contracts[i]`.
SelectionResult selectStrike(std::span<const OptionContract> contracts,
                             std::span<const GateReport> reports, OptionType type, double spot,
                             const StrategyParams &params, Timestamp now);
// The same from the gates each contract fails (`failures[i]` = reports[i].failures()): a chain's
// selection without a 320-byte report kept for every contract.
SelectionResult selectStrike(std::span<const OptionContract> contracts,
                             std::span<const GateMask> failures, OptionType type, double spot,
                             const StrategyParams &params, Timestamp now);
// The same over contracts kept elsewhere (a chain's entries, read in place, not copied); no
// pointer may be null.
SelectionResult selectStrike(std::span<const OptionContract *const> contracts,
                             std::span<const GateMask> failures, OptionType type, double spot,
                             const StrategyParams &params, Timestamp now);

// Is the contract in the money at that underlying price? (call: strike < S, put: strike > S)
bool isInTheMoney(OptionType type, double strike, double spot);

} // namespace cg
