#pragma once
// The per-contract columns of a chain (quote, greeks, the five gates): titles, the gate that
// governs each value, the raw value and its display text.

#include "domain/expected_move.h"
#include "domain/gates.h"
#include "models/chain_entry.h"
#include "models/chain_roles.h"

#include <QString>

#include <chrono>
#include <map>
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
// The optional columns' figures of one contract (chainFigures).
struct ChainFigures {
    std::optional<double> probItm;      // 0..1
    std::optional<double> expectedMove; // of the contract's expiry, +- in price units
};
// The fields read from the contract alone: Bid, Ask, Last, Volume, Open interest, IV and the
// greeks.
constexpr bool isContractField(ChainField f) {
    return f == ChainField::Bid || f == ChainField::Ask ||
           (f >= ChainField::Last && f <= ChainField::Vega);
}
// The value of such a field (empty for every other field): inline, so that a caller naming the
// field at compile time (the model filling a row's cache) gets the one read, not the switch.
inline std::optional<double> contractFieldValue(const OptionContract &c, ChainField f) {
    const auto greek = [&c](double Greeks::*m) -> std::optional<double> {
        return c.greeks ? std::optional((*c.greeks).*m) : std::nullopt;
    };
    switch (f) {
    case ChainField::Bid:
        return c.quote ? std::optional(c.quote->bid) : std::nullopt;
    case ChainField::Ask:
        return c.quote ? std::optional(c.quote->ask) : std::nullopt;
    case ChainField::Last:
        return c.lastPrice;
    case ChainField::Volume:
        return c.volume ? std::optional(static_cast<double>(*c.volume)) : std::nullopt;
    case ChainField::OpenInterest:
        return c.openInterest ? std::optional(static_cast<double>(*c.openInterest)) : std::nullopt;
    case ChainField::ImpliedVol:
        return c.impliedVol ? std::optional(*c.impliedVol * 100.0) : std::nullopt;
    case ChainField::Delta:
        return greek(&Greeks::delta);
    case ChainField::Gamma:
        return greek(&Greeks::gamma);
    case ChainField::Theta:
        return greek(&Greeks::theta);
    case ChainField::Vega:
        return greek(&Greeks::vega);
    default:
        return std::nullopt;
    }
}

// Numeric value for sorting and comparison; gate fields give 1 (pass) or 0 (fail). The optional
// fields read `figures` (empty without).
std::optional<double> fieldValue(const ChainEntry &e, ChainField f,
                                 const ChainFigures &figures = {});
// Fixed decimals per field; "" for unknown values, check marks for gates.
QString fieldText(ChainField f, std::optional<double> value);
// The fields a trader switches on when wanted (hidden in the default columns).
bool isOptionalField(ChainField f);
// An optional field's tooltip: how the figure was made, or why it is blank (no IV, no straddle).
QString fieldToolTip(const ChainEntry &e, const ChainFigures &figures, ChainField f);

// The rate the probability ITM assumes: the payoff chart's (ui/contract_detail_panel).
inline constexpr double kChainFigureRate = 0.04;
// Each expiry's expected move among these entries (its ATM straddle at `spot`; empty without a
// quoted straddle): computed once a chain is shown, so later ticks do not move it.
using ExpectedMoves = std::map<std::chrono::year_month_day, std::optional<double>>;
// Built a contract at a time, in a pass over the entries that reads them anyway (the model's
// load: on a large chain each pass is a trip to memory).
class ExpectedMovesBuilder {
public:
    ExpectedMovesBuilder() = default;
    // Neither copied nor moved: it points into its own map (a moved-from builder would still
    // point into the map it gave away).
    ExpectedMovesBuilder(const ExpectedMovesBuilder &) = delete;
    ExpectedMovesBuilder &operator=(const ExpectedMovesBuilder &) = delete;

    void add(const OptionContract &c);
    ExpectedMoves finish(double spot) &&;

private:
    std::map<std::chrono::year_month_day, StraddleLegs> m_byExpiry;
    // A chain comes grouped by expiry: one map lookup a run, not one a contract.
    StraddleLegs *m_legs = nullptr;
    std::chrono::year_month_day m_legsExpiry{};
};
// A contract's figures: probItm from its own IV (empty without one) at `spot` and `now`, and its
// expiry's move from `moves`. Written when shown, not kept for every contract.
ChainFigures chainFigures(const OptionContract &c, const ExpectedMoves &moves, double spot,
                          Timestamp now);

} // namespace cg::models
