#pragma once
// The five quality gates. Every gate is always evaluated and reported on its own, with the
// measured value, the threshold and a reason a trader can read.

#include "domain/contract.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cg {

enum class GateId { QuoteValid = 0, Spread, NotExpired, OpenInterest, Volume };
inline constexpr int kGateCount = 5;

// JSON key of a gate, as in docs/command-line.md: quote_valid, spread, not_expired, ...
std::string_view gateKey(GateId id);

// Why a gate passed or failed. The sentence a trader reads is written from it only where it is
// shown or recorded (GateResult::reason()): judging a 10,000-contract chain builds no text.
enum class GateVerdict : std::uint8_t {
    None, // not evaluated
    NoQuote,
    BidAndAskNotPositive,
    BidNotPositive,
    AskNotPositive,
    AskBelowBid,
    QuoteValid,
    SpreadUnknownInvalidQuote,
    SpreadUnknownNoQuote,
    SpreadNegative,
    SpreadAtLimit,
    SpreadBelowLimit,
    SpreadAboveLimit,
    ExpiryInvalid,
    ExpiredToday,
    ExpiredOn,
    ExpiresToday,
    ExpiresLater,
    Unknown, // open interest or volume not known
    BelowMinimum,
    MeetsMinimum,
};

struct GateResult {
    GateId id = GateId::QuoteValid;
    bool pass = false;
    GateVerdict verdict = GateVerdict::None;
    std::optional<double> value;     // measured value (spread %, OI, volume, days to expiry ...)
    std::optional<double> threshold; // the limit it was judged against
    // The figures a sentence names beyond value and threshold: the quote's bid and ask, the
    // expiry date.
    double bid = 0.0;
    double ask = 0.0;
    std::chrono::year_month_day expiry{};

    // "Spread 12.4% is above the 10% limit"; empty when not evaluated.
    std::string reason() const;
};

// The spread must be below the maximum (a spread of exactly 10.00 % fails, as the seed's does);
// open interest and volume equal to their minimum pass.
struct GateThresholds {
    double maxSpreadPct = 10.0;
    std::int64_t minOpenInterest = 100;
    std::int64_t minVolume = 100;
    bool operator==(const GateThresholds &) const = default;
};

// The gates a contract fails, one bit each (bit i: GateId i): all a selection needs of a report,
// in one byte. 0 when the contract passes all five.
using GateMask = std::uint8_t;

struct GateReport {
    std::array<GateResult, kGateCount> gates{};

    bool tradeable() const;
    GateMask failures() const;
    const GateResult &operator[](GateId id) const { return gates[static_cast<int>(id)]; }
    // The first failing gate in gate order, or nullptr when all pass.
    const GateResult *firstFailure() const;
};

// `now` decides expiry: a contract expires at its expiry date's close, 16:00 US/Eastern (13:00
// on an early close: domain/market_calendar.h).
// Reasons, by example (tests/domain/tst_gates.cpp pins them all):
//   quote_valid   "Bid 85.78 and ask 90.24 are valid", "no quote", "Bid must be above 0",
//                 "Ask must be above 0", "Bid and ask must be above 0", "Ask 1.00 is below
//                 bid 1.20"
//   spread        "Spread 5.07% is below the 10% limit", "Spread 12.4% is above the 10% limit",
//                 "Spread 10.00% is not below the 10% limit" (strict: the limit itself fails),
//                 "spread unknown: no quote"; value = spread %, threshold = the maximum
//   not_expired   "Expires 2026-01-30, 2 days left", "Expires today (2026-01-30) at 16:00 ET",
//                 "Expired today (2026-01-30) at 16:00 ET", "Expired on 2026-01-30";
//                 value = calendar days to expiry in New York (negative once past), threshold 0
//   open_interest "Open interest 1500 meets the minimum of 100", "Open interest 42 is below the
//                 minimum of 100", "open interest unknown"; volume likewise ("volume unknown")
GateReport evaluateGates(const OptionContract &c, const GateThresholds &t, Timestamp now);
// evaluateGates(c, t, now).failures(), for a whole chain without keeping its reports.
GateMask failedGates(const OptionContract &c, const GateThresholds &t, Timestamp now);
// The five verdicts alone, in GateId order: what a chain keeps of its gates (a report is written
// from the contract again where it is shown: evaluateGate).
using GateVerdicts = std::array<GateVerdict, kGateCount>;
GateVerdicts judgeGates(const OptionContract &c, const GateThresholds &t, Timestamp now);
// Whether a verdict passes its gate (inline: a chain's load asks it five times a contract).
constexpr bool gatePasses(GateVerdict v) {
    switch (v) {
    case GateVerdict::QuoteValid:
    case GateVerdict::SpreadBelowLimit:
    case GateVerdict::ExpiresToday:
    case GateVerdict::ExpiresLater:
    case GateVerdict::MeetsMinimum:
        return true;
    default:
        return false;
    }
}
// One gate's result, as evaluateGates(c, t, now)[id] gives it.
GateResult evaluateGate(GateId id, const OptionContract &c, const GateThresholds &t, Timestamp now);

GateResult quoteValidGate(const std::optional<Quote> &q);
GateResult spreadGate(const std::optional<Quote> &q, double maxSpreadPct);
GateResult notExpiredGate(std::chrono::year_month_day expiry, Timestamp now);
GateResult openInterestGate(std::optional<std::int64_t> oi, std::int64_t minimum);
GateResult volumeGate(std::optional<std::int64_t> volume, std::int64_t minimum);

} // namespace cg
