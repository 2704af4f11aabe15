#pragma once
// The per-contract columns of a chain (quote, greeks, the five gates): titles, the gate that
// governs each value, the raw value and its display text.

#include "domain/gates.h"
#include "models/chain_entry.h"
#include "models/chain_roles.h"

#include <QString>

#include <optional>
#include <vector>

namespace cg::models {

enum class ChainField {
    Bid,
    Ask,
    Mid,
    SpreadPct,
    Last,
    Volume,
    OpenInterest,
    ImpliedVol,
    Delta,
    Gamma,
    Theta,
    Vega,
    GateQuote,
    GateSpread,
    GateExpiry,
    GateOpenInterest,
    GateVolume,
    // Optional columns, hidden by default.
    ProbItm,      // N(d2) for a call, N(-d2) for a put, from the contract's IV
    ExpectedMove, // the expiry's ATM straddle (call mid + put mid)
};
inline constexpr int kChainFieldCount = 19;

// The side-by-side chain's order, each side read outward from the strike. Bid comes before Ask on
// both sides, as in thinkorswim and TWS, and the other fields mirror around the strike:
//   ... Gates  Vega ... IV  Volume  Last  Sprd %  Mid  Bid  Ask | Strike | Bid  Ask  Mid  Sprd %
//   ...
// `distance` 0 is the column next to the strike (docs/chain-display.md).
ChainField sideField(ChainSide side, int distance);
int sideDistance(ChainSide side, ChainField f);

QString fieldTitle(ChainField f);
QString fieldDescription(ChainField f);
bool isGateField(ChainField f);
// The gate a value is judged by (Spread % -> Spread gate), or empty for ungated values.
std::optional<GateId> fieldGate(ChainField f);
// Numeric value for sorting and comparison; gate fields give 1 (pass) or 0 (fail).
std::optional<double> fieldValue(const ChainEntry &e, ChainField f);
// Fixed decimals per field; "" for unknown values, check marks for gates.
QString fieldText(ChainField f, std::optional<double> value);
// The fields a trader switches on when wanted (hidden in the default columns).
bool isOptionalField(ChainField f);
// An optional field's tooltip: how the figure was made, or why it is blank (no IV, no straddle).
QString fieldToolTip(const ChainEntry &e, ChainField f);

// The rate the probability ITM assumes: the payoff chart's (ui/contract_detail_panel).
inline constexpr double kChainFigureRate = 0.04;
// Fills each entry's probItm (from its own IV; empty without one) and expectedMove (the ATM
// straddle of its expiry, among these entries; empty without a quoted straddle) at `spot` and
// `now`.
void computeChainFigures(std::vector<ChainEntry> &entries, double spot, Timestamp now);

} // namespace cg::models
