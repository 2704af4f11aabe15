#include "domain/gates.h"

#include "domain/eastern_time.h"
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

std::string dateText(std::chrono::year_month_day d) {
    return formatDate(static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                      static_cast<unsigned>(d.day()));
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

GateResult minimumGate(GateId id, std::optional<std::int64_t> v, std::int64_t minimum) {
    const auto threshold = static_cast<double>(minimum);
    if (!v)
        return make(id, false, GateVerdict::Unknown, std::nullopt, threshold);
    const auto value = static_cast<double>(*v);
    if (*v < minimum)
        return make(id, false, GateVerdict::BelowMinimum, value, threshold);
    return make(id, true, GateVerdict::MeetsMinimum, value, threshold);
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

const GateResult *GateReport::firstFailure() const {
    for (const auto &g : gates) {
        if (!g.pass)
            return &g;
    }
    return nullptr;
}

GateResult quoteValidGate(const std::optional<Quote> &q) {
    constexpr GateId id = GateId::QuoteValid;
    if (!q)
        return make(id, false, GateVerdict::NoQuote);
    // `!(x > 0)` also rejects NaN.
    const bool bidOk = q->bid > 0.0 && std::isfinite(q->bid);
    const bool askOk = q->ask > 0.0 && std::isfinite(q->ask);
    GateResult r;
    if (!bidOk && !askOk)
        r = make(id, false, GateVerdict::BidAndAskNotPositive);
    else if (!bidOk)
        r = make(id, false, GateVerdict::BidNotPositive);
    else if (!askOk)
        r = make(id, false, GateVerdict::AskNotPositive);
    else if (q->ask < q->bid)
        r = make(id, false, GateVerdict::AskBelowBid);
    else
        r = make(id, true, GateVerdict::QuoteValid);
    r.bid = q->bid;
    r.ask = q->ask;
    return r;
}

GateResult spreadGate(const std::optional<Quote> &q, double maxSpreadPct) {
    constexpr GateId id = GateId::Spread;
    const auto s = q ? spreadPct(*q) : std::nullopt;
    if (!s || !std::isfinite(*s))
        return make(id, false,
                    q ? GateVerdict::SpreadUnknownInvalidQuote : GateVerdict::SpreadUnknownNoQuote,
                    std::nullopt, maxSpreadPct);
    // A crossed quote has no meaningful spread; passing it here would read as "tight".
    if (*s < 0.0)
        return make(id, false, GateVerdict::SpreadNegative, *s, maxSpreadPct);
    // Strict, as the seed writes it ("< 10%"): a spread at the limit fails. The slack treats
    // binary noise around a spread that is exactly the limit in decimal as the limit itself.
    constexpr double kNoise = 1e-9;
    if (std::abs(*s - maxSpreadPct) <= kNoise)
        return make(id, false, GateVerdict::SpreadAtLimit, *s, maxSpreadPct);
    if (*s < maxSpreadPct)
        return make(id, true, GateVerdict::SpreadBelowLimit, *s, maxSpreadPct);
    return make(id, false, GateVerdict::SpreadAboveLimit, *s, maxSpreadPct);
}

GateResult notExpiredGate(std::chrono::year_month_day expiry, Timestamp now) {
    constexpr GateId id = GateId::NotExpired;
    if (!expiry.ok())
        return make(id, false, GateVerdict::ExpiryInvalid, std::nullopt, 0.0);
    // A chain shares one `now` and a handful of expiries (sorted): the New York calendar
    // arithmetic is done once per distinct value on this thread, not once per contract.
    struct Memo {
        Timestamp now{};
        std::chrono::year_month_day today{};
        std::chrono::year_month_day expiry{};
        Timestamp expiresAt{};
        bool haveNow = false;
        bool haveExpiry = false;
    };
    thread_local Memo memo;
    if (!memo.haveNow || memo.now != now) {
        memo.now = now;
        memo.today = easternDate(now);
        memo.haveNow = true;
    }
    if (!memo.haveExpiry || memo.expiry != expiry) {
        memo.expiry = expiry;
        memo.expiresAt = optionExpiryInstant(expiry);
        memo.haveExpiry = true;
    }
    const int dte = static_cast<int>(
        (std::chrono::sys_days{expiry} - std::chrono::sys_days{memo.today}).count());
    const auto value = static_cast<double>(dte);
    GateResult r;
    if (now >= memo.expiresAt)
        r = make(id, false, dte == 0 ? GateVerdict::ExpiredToday : GateVerdict::ExpiredOn, value,
                 0.0);
    else
        r = make(id, true, dte == 0 ? GateVerdict::ExpiresToday : GateVerdict::ExpiresLater, value,
                 0.0);
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
        return "Expired today (" + dateText(expiry) + ") at 16:00 ET";
    case GateVerdict::ExpiredOn:
        return "Expired on " + dateText(expiry);
    case GateVerdict::ExpiresToday:
        return "Expires today (" + dateText(expiry) + ") at 16:00 ET";
    case GateVerdict::ExpiresLater: {
        const auto dte = static_cast<std::int64_t>(v);
        return "Expires " + dateText(expiry) + ", " + std::to_string(dte) +
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
    GateReport r;
    r.gates[static_cast<int>(GateId::QuoteValid)] = quoteValidGate(c.quote);
    r.gates[static_cast<int>(GateId::Spread)] = spreadGate(c.quote, t.maxSpreadPct);
    r.gates[static_cast<int>(GateId::NotExpired)] = notExpiredGate(c.expiry, now);
    r.gates[static_cast<int>(GateId::OpenInterest)] =
        openInterestGate(c.openInterest, t.minOpenInterest);
    r.gates[static_cast<int>(GateId::Volume)] = volumeGate(c.volume, t.minVolume);
    return r;
}

} // namespace cg
