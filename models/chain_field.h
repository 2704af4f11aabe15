#pragma once
// The per-contract columns of a chain (quote, greeks, the five gates): titles, the gate that
// governs each value, the raw value and its display text.

#include "domain/gates.h"
#include "models/chain_entry.h"
#include "models/chain_roles.h"

#include <QString>

#include <optional>

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
};
inline constexpr int kChainFieldCount = 17;

// The side-by-side chain's order, each side read outward from the strike. Bid comes before Ask on
// both sides, as in thinkorswim and TWS, and the other fields mirror around the strike:
//   ... Gates  Vega ... IV  Volume  Last  Sprd %  Mid  Bid  Ask | Strike | Bid  Ask  Mid  Sprd %
//   ...
// `distance` 0 is the column next to the strike (docs/chain-columns.md).
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

} // namespace cg::models
