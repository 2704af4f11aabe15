#include "domain/black_scholes_greeks.h"

#include "domain/american_option.h"
#include "domain/black_scholes.h"
#include "domain/market_calendar.h"
#include "domain/number_format.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace cg {

namespace {

// Why the solver refused, from the start of its message (black_scholes.h lists them).
GreeksSource refusal(const std::string &message) {
    if (message.find("expired") != std::string::npos)
        return GreeksSource::Expired;
    if (message.find("below intrinsic") != std::string::npos ||
        message.find("no time value") != std::string::npos)
        return GreeksSource::NoTimeValue;
    if (message.find("maximum") != std::string::npos)
        return GreeksSource::AboveMaximum;
    if (message.find("volatility below") != std::string::npos)
        return GreeksSource::VolBelowMinimum;
    return GreeksSource::Unsolved;
}

std::string midOf(const OptionContract &c) {
    return c.quote ? formatPrice(mid(*c.quote)) : std::string("?");
}

// Listed equity options are American: worth at least their intrinsic value now, not the
// discounted one the European model's floor is. A price at or below it has no time value, and
// a volatility solved between the two floors (a deep put) would be meaningless.
std::optional<Error> noAmericanTimeValue(OptionType type, double strike, double spot,
                                         double price) {
    const double intrinsic =
        std::max(0.0, type == OptionType::Call ? spot - strike : strike - spot);
    if (intrinsic <= 0.0 || price > intrinsic + 1e-9)
        return std::nullopt;
    return Error::make("no solution: price " + formatPrice(price) +
                       " has no time value above intrinsic value " + formatPrice(intrinsic));
}

} // namespace

void completeGreeks(OptionContract &c, double spot, Timestamp now, double rate) {
    if (c.greeks && c.greeksSource == GreeksSource::Feed)
        return;
    c.greeks.reset();
    c.impliedVol.reset();
    if (!c.quote || !(c.quote->bid > 0.0) || !(c.quote->ask >= c.quote->bid)) {
        c.greeksSource = GreeksSource::NoMid;
        return;
    }
    if (!std::isfinite(spot) || !(spot > 0.0)) {
        c.greeksSource = GreeksSource::NoUnderlying;
        return;
    }
    BsInput in;
    in.type = c.type;
    in.spot = spot;
    in.strike = c.strike;
    in.rate = rate;
    in.years = c.expiry.ok()
                   ? std::chrono::duration<double>(optionExpiryInstant(c.expiry) - now).count() /
                         (365.0 * 24 * 3600)
                   : 0.0;
    if (!(in.years > 0.0)) {
        c.greeksSource = GreeksSource::Expired;
        return;
    }
    if (noAmericanTimeValue(c.type, c.strike, spot, mid(*c.quote))) {
        c.greeksSource = GreeksSource::NoTimeValue;
        return;
    }
    const Result<double> iv = americanImpliedVolatility(in, mid(*c.quote));
    if (!iv) {
        c.greeksSource = refusal(iv.error().message);
        return;
    }
    in.vol = *iv;
    const BsResult r = americanGreeks(in);
    if (!std::isfinite(r.delta) || !std::isfinite(r.gamma) || !std::isfinite(r.thetaPerDay) ||
        !std::isfinite(r.vegaPerPoint)) {
        c.greeksSource = GreeksSource::Unsolved;
        return;
    }
    c.greeks = Greeks{r.delta, r.gamma, r.thetaPerDay, r.vegaPerPoint, r.rhoPerPoint};
    c.impliedVol = *iv;
    c.greeksSource = GreeksSource::Computed;
}

void completeGreeks(std::span<OptionContract> contracts, double spot, Timestamp now, double rate) {
    for (OptionContract &c : contracts)
        completeGreeks(c, spot, now, rate);
}

namespace {

BsInput markInput(OptionType type, double strike, Timestamp expiryInstant, double spot,
                  Timestamp now, double rate) {
    BsInput in;
    in.type = type;
    in.spot = spot;
    in.strike = strike;
    in.rate = rate;
    in.years = std::chrono::duration<double>(expiryInstant - now).count() / (365.0 * 24 * 3600);
    return in;
}

} // namespace

Result<double> impliedVolFromMark(OptionType type, double strike, Timestamp expiryInstant,
                                  double spot, double mark, Timestamp now, double rate) {
    if (auto e = noAmericanTimeValue(type, strike, spot, mark))
        return *e;
    return americanImpliedVolatility(markInput(type, strike, expiryInstant, spot, now, rate), mark);
}

Result<MarkGreeks> greeksFromMark(OptionType type, double strike, Timestamp expiryInstant,
                                  double spot, double mark, Timestamp now, double rate) {
    if (auto e = noAmericanTimeValue(type, strike, spot, mark))
        return *e;
    BsInput in = markInput(type, strike, expiryInstant, spot, now, rate);
    const Result<double> iv = americanImpliedVolatility(in, mark);
    if (!iv)
        return iv.error();
    in.vol = *iv;
    const BsResult r = americanGreeks(in);
    if (!std::isfinite(r.delta) || !std::isfinite(r.gamma) || !std::isfinite(r.thetaPerDay) ||
        !std::isfinite(r.vegaPerPoint))
        return Error::make("no solution: the greeks at the solved volatility are not finite");
    return MarkGreeks{Greeks{r.delta, r.gamma, r.thetaPerDay, r.vegaPerPoint, r.rhoPerPoint}, *iv};
}

std::string_view greeksSourceKey(const OptionContract &c) {
    if (c.greeksSource == GreeksSource::Computed && c.greeks)
        return "computed";
    return c.greeks ? "feed" : "none";
}

std::string greeksSourceNote(const OptionContract &c) {
    const std::string none = "No greeks: the feed sent none and ";
    switch (c.greeksSource) {
    case GreeksSource::Feed:
        return c.greeks ? std::string() : "No greeks: the feed sent none";
    case GreeksSource::Computed:
        return "Computed from the mid " + midOf(c) + " (IV solver); the feed sent no greeks";
    case GreeksSource::NoMid:
        return none + "there is no bid, so no mid to compute them from";
    case GreeksSource::NoUnderlying:
        return none + "the underlying price is unknown";
    case GreeksSource::Expired:
        return none + "the option has expired";
    case GreeksSource::NoTimeValue:
        return none + "the mid " + midOf(c) +
               " is not above the intrinsic value (no time value to solve for)";
    case GreeksSource::AboveMaximum:
        return none + "the mid " + midOf(c) + " is above what any volatility gives";
    case GreeksSource::VolBelowMinimum:
        return none + "the mid " + midOf(c) + " implies a volatility below 0.5%, too little to " +
               "solve for";
    case GreeksSource::Unsolved:
        return none + "no volatility gives the mid " + midOf(c);
    }
    return {};
}

} // namespace cg
