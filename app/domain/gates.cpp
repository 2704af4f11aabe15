#include "domain/gates.h"

#include "domain/market_calendar.h"
#include "domain/number_format.h"

#include <cmath>

namespace cg {

namespace {

// A percentage with up to two decimals (5.0676 -> "5.07"), and more when two would print the
// limit itself for a value on the other side of it ("Spread 10% is above the 10% limit").
std::string percentText(double value, double limit) {
    const std::string limitText = formatTrimmed(limit, 6);
    std::string text = formatTrimmed(value, 2);
    for (int d = 3; d <= 6 && text == limitText && value != limit; ++d)
        text = formatTrimmed(value, d);
    return text;
}

GateResult make(GateId id, bool pass, GateVerdict verdict, std::optional<double> value = {},
                std::optional<double> threshold = {}) {
    GateResult r;
    r.id = id;
    r.pass = pass;
    r.verdict = verdict;
    r.value = value;
    r.threshold = threshold;
    return r;
}

// Each gate is judged once, here, into a verdict; whether it passes follows from the verdict
// (gatePasses).
// The full results (evaluateGates) and the failure masks (failedGates) share these judgements.
GateVerdict quoteVerdict(const std::optional<Quote> &q) {
    if (!q)
        return GateVerdict::NoQuote;
    // `!(x > 0)` also rejects NaN.
    const bool bidOk = q->bid > 0.0 && std::isfinite(q->bid);
    const bool askOk = q->ask > 0.0 && std::isfinite(q->ask);
    if (!bidOk && !askOk)
        return GateVerdict::BidAndAskNotPositive;
    if (!bidOk)
        return GateVerdict::BidNotPositive;
    if (!askOk)
        return GateVerdict::AskNotPositive;
    if (q->ask < q->bid)
        return GateVerdict::AskBelowBid;
    return GateVerdict::QuoteValid;
}

// `spread` is set when the verdict measured one.
GateVerdict spreadVerdict(const std::optional<Quote> &q, double maxSpreadPct,
                          std::optional<double> &spread) {
    const auto s = q ? spreadPct(*q) : std::nullopt;
    if (!s || !std::isfinite(*s))
        return q ? GateVerdict::SpreadUnknownInvalidQuote : GateVerdict::SpreadUnknownNoQuote;
    spread = s;
    // A crossed quote has no meaningful spread; passing it here would read as "tight".
    if (*s < 0.0)
        return GateVerdict::SpreadNegative;
    // Strict, as the seed writes it ("< 10%"): a spread at the limit fails. The slack treats
    // binary noise around a spread that is exactly the limit in decimal as the limit itself.
    constexpr double kNoise = 1e-9;
    if (std::abs(*s - maxSpreadPct) <= kNoise)
        return GateVerdict::SpreadAtLimit;
    if (*s < maxSpreadPct)
        return GateVerdict::SpreadBelowLimit;
    return GateVerdict::SpreadAboveLimit;
}

// Calendar days to expiry in New York (negative once past); set unless the date is invalid.
GateVerdict expiryVerdict(std::chrono::year_month_day expiry, Timestamp now, int &dte) {
    if (!expiry.ok())
        return GateVerdict::ExpiryInvalid;
    // A chain shares one `now` and a handful of expiries (sorted): the New York calendar
    // arithmetic is done once per distinct value on this thread, not once per contract.
    struct Memo {
        Timestamp now{};
        std::chrono::sys_days today{};
        std::chrono::year_month_day expiry{};
        Timestamp expiresAt{};
        int dte = 0;
        bool haveNow = false;
        bool haveExpiry = false;
    };
    thread_local Memo memo;
    if (!memo.haveNow || memo.now != now) {
        memo.now = now;
        memo.today = std::chrono::sys_days{easternDate(now)};
        memo.haveNow = true;
        memo.haveExpiry = false; // its days to expiry count from the old date
    }
    if (!memo.haveExpiry || memo.expiry != expiry) {
        memo.expiry = expiry;
        memo.expiresAt = optionExpiryInstant(expiry);
        memo.dte = static_cast<int>((std::chrono::sys_days{expiry} - memo.today).count());
        memo.haveExpiry = true;
    }
    dte = memo.dte;
    if (now >= memo.expiresAt)
        return dte == 0 ? GateVerdict::ExpiredToday : GateVerdict::ExpiredOn;
    return dte == 0 ? GateVerdict::ExpiresToday : GateVerdict::ExpiresLater;
}

GateVerdict minimumVerdict(std::optional<std::int64_t> v, std::int64_t minimum) {
    if (!v)
        return GateVerdict::Unknown;
    return *v < minimum ? GateVerdict::BelowMinimum : GateVerdict::MeetsMinimum;
}

GateResult minimumGate(GateId id, std::optional<std::int64_t> v, std::int64_t minimum) {
    const GateVerdict verdict = minimumVerdict(v, minimum);
    return make(id, gatePasses(verdict), verdict,
                v ? std::optional(static_cast<double>(*v)) : std::nullopt,
                static_cast<double>(minimum));
}

} // namespace

std::string_view gateKey(GateId id) {
    switch (id) {
    case GateId::QuoteValid:
        return "quote_valid";
    case GateId::Spread:
        return "spread";
    case GateId::NotExpired:
        return "not_expired";
    case GateId::OpenInterest:
        return "open_interest";
    case GateId::Volume:
        return "volume";
    }
    return "unknown";
}

bool GateReport::tradeable() const {
    for (const auto &g : gates) {
        if (!g.pass)
            return false;
    }
    return true;
}

GateMask GateReport::failures() const {
    GateMask m = 0;
    for (std::size_t i = 0; i < gates.size(); ++i)
        m |= static_cast<GateMask>(gates[i].pass ? 0u : 1u << i);
    return m;
}

const GateResult *GateReport::firstFailure() const {
    for (const auto &g : gates) {
        if (!g.pass)
            return &g;
    }
    return nullptr;
}

GateResult quoteValidGate(const std::optional<Quote> &q) {
    const GateVerdict verdict = quoteVerdict(q);
    GateResult r = make(GateId::QuoteValid, gatePasses(verdict), verdict);
    if (q) {
        r.bid = q->bid;
        r.ask = q->ask;
    }
    return r;
}

GateResult spreadGate(const std::optional<Quote> &q, double maxSpreadPct) {
    std::optional<double> spread;
    const GateVerdict verdict = spreadVerdict(q, maxSpreadPct, spread);
    return make(GateId::Spread, gatePasses(verdict), verdict, spread, maxSpreadPct);
}

GateResult notExpiredGate(std::chrono::year_month_day expiry, Timestamp now) {
    int dte = 0;
    const GateVerdict verdict = expiryVerdict(expiry, now, dte);
    GateResult r =
        make(GateId::NotExpired, gatePasses(verdict), verdict,
             verdict == GateVerdict::ExpiryInvalid ? std::nullopt
                                                   : std::optional(static_cast<double>(dte)),
             0.0);
    if (verdict != GateVerdict::ExpiryInvalid)
        r.expiry = expiry;
    return r;
}

GateResult openInterestGate(std::optional<std::int64_t> oi, std::int64_t minimum) {
    return minimumGate(GateId::OpenInterest, oi, minimum);
}

GateResult volumeGate(std::optional<std::int64_t> volume, std::int64_t minimum) {
    return minimumGate(GateId::Volume, volume, minimum);
}

std::string GateResult::reason() const {
    const double v = value.value_or(0.0);
    const double t = threshold.value_or(0.0);
    const auto whole = [](double x) { return std::to_string(static_cast<std::int64_t>(x)); };
    const bool oi = id == GateId::OpenInterest;
    switch (verdict) {
    case GateVerdict::None:
        return {};
    case GateVerdict::NoQuote:
        return "no quote";
    case GateVerdict::BidAndAskNotPositive:
        return "Bid and ask must be above 0";
    case GateVerdict::BidNotPositive:
        return "Bid must be above 0";
    case GateVerdict::AskNotPositive:
        return "Ask must be above 0";
    case GateVerdict::AskBelowBid:
        return "Ask " + formatPrice(ask) + " is below bid " + formatPrice(bid);
    case GateVerdict::QuoteValid:
        return "Bid " + formatPrice(bid) + " and ask " + formatPrice(ask) + " are valid";
    case GateVerdict::SpreadUnknownInvalidQuote:
        return "spread unknown: bid and ask are not valid";
    case GateVerdict::SpreadUnknownNoQuote:
        return "spread unknown: no quote";
    case GateVerdict::SpreadNegative:
        return "Spread " + percentText(v, t) + "% is negative: ask is below bid";
    case GateVerdict::SpreadAtLimit:
        return "Spread " + formatFixed(v, 2) + "% is not below the " + formatTrimmed(t, 6) +
               "% limit";
    case GateVerdict::SpreadBelowLimit:
        return "Spread " + percentText(v, t) + "% is below the " + formatTrimmed(t, 6) + "% limit";
    case GateVerdict::SpreadAboveLimit:
        return "Spread " + percentText(v, t) + "% is above the " + formatTrimmed(t, 6) + "% limit";
    case GateVerdict::ExpiryInvalid:
        return "expiry date is not valid";
    case GateVerdict::ExpiredToday:
        return "Expired today (" + formatDate(expiry) + ") at " + marketCloseText(expiry) + " ET";
    case GateVerdict::ExpiredOn:
        return "Expired on " + formatDate(expiry);
    case GateVerdict::ExpiresToday:
        return "Expires today (" + formatDate(expiry) + ") at " + marketCloseText(expiry) + " ET";
    case GateVerdict::ExpiresLater: {
        const auto dte = static_cast<std::int64_t>(v);
        return "Expires " + formatDate(expiry) + ", " + std::to_string(dte) +
               (dte == 1 ? " day" : " days") + " left";
    }
    case GateVerdict::Unknown:
        return oi ? "open interest unknown" : "volume unknown";
    case GateVerdict::BelowMinimum:
        return (oi ? "Open interest " : "Volume ") + whole(v) + " is below the minimum of " +
               whole(t);
    case GateVerdict::MeetsMinimum:
        return (oi ? "Open interest " : "Volume ") + whole(v) + " meets the minimum of " + whole(t);
    }
    return {};
}

GateReport evaluateGates(const OptionContract &c, const GateThresholds &t, Timestamp now) {
    // Built in place, in GateId order.
    return GateReport{{quoteValidGate(c.quote), spreadGate(c.quote, t.maxSpreadPct),
                       notExpiredGate(c.expiry, now),
                       openInterestGate(c.openInterest, t.minOpenInterest),
                       volumeGate(c.volume, t.minVolume)}};
}

GateMask failedGates(const OptionContract &c, const GateThresholds &t, Timestamp now) {
    const GateVerdicts v = judgeGates(c, t, now);
    unsigned mask = 0;
    for (std::size_t i = 0; i < v.size(); ++i)
        mask |= gatePasses(v[i]) ? 0u : 1u << i;
    return static_cast<GateMask>(mask);
}

GateVerdicts judgeGates(const OptionContract &c, const GateThresholds &t, Timestamp now) {
    std::optional<double> spread;
    int dte = 0;
    return {quoteVerdict(c.quote), spreadVerdict(c.quote, t.maxSpreadPct, spread),
            expiryVerdict(c.expiry, now, dte), minimumVerdict(c.openInterest, t.minOpenInterest),
            minimumVerdict(c.volume, t.minVolume)};
}

GateResult evaluateGate(GateId id, const OptionContract &c, const GateThresholds &t,
                        Timestamp now) {
    switch (id) {
    case GateId::QuoteValid:
        return quoteValidGate(c.quote);
    case GateId::Spread:
        return spreadGate(c.quote, t.maxSpreadPct);
    case GateId::NotExpired:
        return notExpiredGate(c.expiry, now);
    case GateId::OpenInterest:
        return openInterestGate(c.openInterest, t.minOpenInterest);
    case GateId::Volume:
        return volumeGate(c.volume, t.minVolume);
    }
    return {};
}

} // namespace cg
