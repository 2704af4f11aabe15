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

GateResult make(GateId id, bool pass, std::optional<double> value, std::optional<double> threshold,
                std::string reason) {
    return GateResult{id, pass, value, threshold, std::move(reason)};
}

GateResult minimumGate(GateId id, std::string_view what, std::string_view whatLower,
                       std::optional<std::int64_t> v, std::int64_t minimum) {
    const auto threshold = static_cast<double>(minimum);
    if (!v)
        return make(id, false, std::nullopt, threshold, std::string(whatLower) + " unknown");
    const std::string head = std::string(what) + " " + std::to_string(*v);
    const std::string limit = "the minimum of " + std::to_string(minimum);
    if (*v < minimum)
        return make(id, false, static_cast<double>(*v), threshold, head + " is below " + limit);
    return make(id, true, static_cast<double>(*v), threshold, head + " meets " + limit);
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
        return make(id, false, std::nullopt, std::nullopt, "no quote");
    // `!(x > 0)` also rejects NaN.
    const bool bidOk = q->bid > 0.0 && std::isfinite(q->bid);
    const bool askOk = q->ask > 0.0 && std::isfinite(q->ask);
    if (!bidOk && !askOk)
        return make(id, false, std::nullopt, std::nullopt, "Bid and ask must be above 0");
    if (!bidOk)
        return make(id, false, std::nullopt, std::nullopt, "Bid must be above 0");
    if (!askOk)
        return make(id, false, std::nullopt, std::nullopt, "Ask must be above 0");
    if (q->ask < q->bid)
        return make(id, false, std::nullopt, std::nullopt,
                    "Ask " + formatPrice(q->ask) + " is below bid " + formatPrice(q->bid));
    return make(id, true, std::nullopt, std::nullopt,
                "Bid " + formatPrice(q->bid) + " and ask " + formatPrice(q->ask) + " are valid");
}

GateResult spreadGate(const std::optional<Quote> &q, double maxSpreadPct) {
    constexpr GateId id = GateId::Spread;
    const std::string limit = "the " + formatTrimmed(maxSpreadPct, 6) + "% limit";
    const auto s = q ? spreadPct(*q) : std::nullopt;
    if (!s || !std::isfinite(*s))
        return make(id, false, std::nullopt, maxSpreadPct,
                    q ? "spread unknown: bid and ask are not valid" : "spread unknown: no quote");
    // A crossed quote has no meaningful spread; passing it here would read as "tight".
    if (*s < 0.0)
        return make(id, false, *s, maxSpreadPct,
                    "Spread " + percentText(*s, maxSpreadPct) + "% is negative: ask is below bid");
    // Strict, as the seed writes it ("< 10%"): a spread at the limit fails. The slack treats
    // binary noise around a spread that is exactly the limit in decimal as the limit itself.
    constexpr double kNoise = 1e-9;
    if (std::abs(*s - maxSpreadPct) <= kNoise)
        return make(id, false, *s, maxSpreadPct,
                    "Spread " + formatFixed(*s, 2) + "% is not below " + limit);
    const std::string head = "Spread " + percentText(*s, maxSpreadPct) + "%";
    if (*s < maxSpreadPct)
        return make(id, true, *s, maxSpreadPct, head + " is below " + limit);
    return make(id, false, *s, maxSpreadPct, head + " is above " + limit);
}

GateResult notExpiredGate(std::chrono::year_month_day expiry, Timestamp now) {
    constexpr GateId id = GateId::NotExpired;
    if (!expiry.ok())
        return make(id, false, std::nullopt, 0.0, "expiry date is not valid");
    const int dte = daysToExpiry(expiry, now);
    const std::string date = dateText(expiry);
    const auto value = static_cast<double>(dte);
    if (now >= optionExpiryInstant(expiry)) {
        if (dte == 0)
            return make(id, false, value, 0.0, "Expired today (" + date + ") at 16:00 ET");
        return make(id, false, value, 0.0, "Expired on " + date);
    }
    if (dte == 0)
        return make(id, true, value, 0.0, "Expires today (" + date + ") at 16:00 ET");
    return make(id, true, value, 0.0,
                "Expires " + date + ", " + std::to_string(dte) + (dte == 1 ? " day" : " days") +
                    " left");
}

GateResult openInterestGate(std::optional<std::int64_t> oi, std::int64_t minimum) {
    return minimumGate(GateId::OpenInterest, "Open interest", "open interest", oi, minimum);
}

GateResult volumeGate(std::optional<std::int64_t> volume, std::int64_t minimum) {
    return minimumGate(GateId::Volume, "Volume", "volume", volume, minimum);
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
