#include "domain/american_option.h"

#include "domain/number_format.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cg {

namespace {

bool europeanEnough(const BsInput &in) {
    // A call without a dividend, and a put when holding cash earns nothing (rate <= 0): the
    // early exercise is worth nothing, so the European value is the American one.
    return in.type == OptionType::Call ? in.dividend <= 0.0 : in.rate <= 0.0;
}

bool validInput(const BsInput &in) {
    return std::isfinite(in.spot) && in.spot > 0.0 && std::isfinite(in.strike) && in.strike > 0.0 &&
           std::isfinite(in.years) && std::isfinite(in.rate) && std::isfinite(in.dividend) &&
           std::isfinite(in.vol) && in.vol >= 0.0;
}

// Barone-Adesi-Whaley's put (Haug, The Complete Guide to Option Pricing Formulas, 2nd ed.,
// 3.5.1): the European put plus the early-exercise premium A (S / S*)^q1 above the critical
// price S*, below which the put is exercised (worth K - S).
double bawPut(const BsInput &in) {
    const double s = in.spot, k = in.strike, t = in.years, r = in.rate, v = in.vol;
    const double b = r - in.dividend; // cost of carry
    const double sqrtT = std::sqrt(t);
    const double n = 2.0 * b / (v * v);
    const double m = 2.0 * r / (v * v);
    const double kk = 1.0 - std::exp(-r * t);
    const double q1 = (-(n - 1.0) - std::sqrt((n - 1.0) * (n - 1.0) + 4.0 * m / kk)) / 2.0;
    const double carry = std::exp((b - r) * t);
    BsInput at = in;
    const auto european = [&at](double spot) {
        at.spot = spot;
        return blackScholes(at).price;
    };
    const auto d1 = [&](double spot) {
        return (std::log(spot / k) + (b + v * v / 2.0) * t) / (v * sqrtT);
    };

    // The critical price S*: K - S* = p(S*) - (1 - e^((b-r)T) N(-d1(S*))) S* / q1, by Newton
    // from Haug's seed.
    const double qInf = (-(n - 1.0) - std::sqrt((n - 1.0) * (n - 1.0) + 4.0 * m)) / 2.0;
    const double sInf = k / (1.0 - 1.0 / qInf);
    const double h = (b * t - 2.0 * v * sqrtT) * k / (k - sInf);
    double si = sInf + (k - sInf) * std::exp(h);
    if (!(si > 0.0 && si < k)) // the seed leaves (0, K) at a low vol: start from S* at T = inf
        si = sInf;
    for (int i = 0; i < 100; ++i) {
        const double nd1 = normalCdf(-d1(si));
        const double rhs = european(si) - (1.0 - carry * nd1) * si / q1;
        if (std::abs((k - si) - rhs) / k < 1e-10)
            break;
        const double slope =
            -carry * nd1 * (1.0 - 1.0 / q1) - (1.0 + carry * normalPdf(-d1(si)) / (v * sqrtT)) / q1;
        const double next = (k - rhs + slope * si) / (1.0 + slope);
        if (!std::isfinite(next) || next <= 0.0)
            break;
        si = next;
    }
    if (!(si > 0.0) || !std::isfinite(si))
        return std::numeric_limits<double>::quiet_NaN();
    if (s <= si)
        return k - s;
    const double a1 = -(si / q1) * (1.0 - carry * normalCdf(-d1(si)));
    return european(s) + a1 * std::pow(s / si, q1);
}

} // namespace

double americanPrice(const BsInput &in) {
    if (!validInput(in))
        return std::numeric_limits<double>::quiet_NaN();
    const BsResult european = blackScholes(in);
    if (europeanEnough(in) || !(in.years > 0.0) || !(in.vol > 0.0))
        return in.type == OptionType::Put && in.years > 0.0
                   ? std::max(european.price, in.strike - in.spot) // never below exercising now
                   : european.price;
    if (in.type == OptionType::Call) {
        // A call on a dividend payer by the put-call symmetry of the American model
        // (McDonald-Schroder): C(S, K, r, q) = P(K, S, q, r).
        BsInput sym = in;
        sym.type = OptionType::Put;
        sym.spot = in.strike;
        sym.strike = in.spot;
        sym.rate = in.dividend;
        sym.dividend = in.rate;
        return std::max(americanPrice(sym), european.price);
    }
    const double american = bawPut(in);
    return std::isfinite(american) ? std::max(american, european.price) : european.price;
}

double priceWith(VolModel model, const BsInput &in) {
    return model == VolModel::American ? americanPrice(in) : blackScholes(in).price;
}

VolModel volModelOf(const OptionContract &c) {
    return c.greeksSource == GreeksSource::Computed ? VolModel::American : VolModel::BlackScholes;
}

BsResult americanGreeks(const BsInput &in) {
    if (!validInput(in) || europeanEnough(in) || !(in.years > 0.0) || !(in.vol > 0.0))
        return blackScholes(in);
    BsResult r;
    r.price = americanPrice(in);
    const auto priced = [&in](auto change) {
        BsInput x = in;
        change(x);
        return americanPrice(x);
    };
    const double ds = in.spot * 1e-3;
    const double up = priced([ds](BsInput &x) { x.spot += ds; });
    const double down = priced([ds](BsInput &x) { x.spot -= ds; });
    r.delta = (up - down) / (2.0 * ds);
    r.gamma = (up - 2.0 * r.price + down) / (ds * ds);
    // One calendar day passing (or what is left of the last one).
    const double day = std::min(1.0 / 365.0, in.years / 2.0);
    r.thetaPerYear = (priced([day](BsInput &x) { x.years -= day; }) - r.price) / day;
    const double dv = std::min(0.005, in.vol / 2.0);
    r.vega =
        (priced([dv](BsInput &x) { x.vol += dv; }) - priced([dv](BsInput &x) { x.vol -= dv; })) /
        (2.0 * dv);
    constexpr double dr = 0.0005;
    r.rho = (priced([](BsInput &x) { x.rate += dr; }) - priced([](BsInput &x) { x.rate -= dr; })) /
            (2.0 * dr);
    r.thetaPerDay = r.thetaPerYear / 365.0;
    r.vegaPerPoint = r.vega / 100.0;
    r.rhoPerPoint = r.rho / 100.0;
    return r;
}

Result<double> americanImpliedVolatility(const BsInput &input, double price) {
    if (europeanEnough(input))
        return impliedVolatility(input, price);
    if (auto e = impliedVolInputError(input, price))
        return *e;
    BsInput in = input;
    in.vol = 0.0;
    const bool call = in.type == OptionType::Call;
    const double intrinsic = std::max(0.0, call ? in.spot - in.strike : in.strike - in.spot);
    const double floor = std::max(intrinsic, blackScholes(in).price); // vol 0
    if (price <= floor + 1e-12 * std::max(price, in.strike))
        return Error::make("no solution: price " + formatPrice(price) +
                           " has no time value above intrinsic value " + formatPrice(floor));
    const double ceiling = call ? in.spot : in.strike; // as vol grows without bound
    if (price >= ceiling)
        return Error::make("no solution: price " + formatPrice(price) +
                           " is at or above the maximum " + formatPrice(ceiling));
    const auto f = [&in, price](double vol) {
        in.vol = vol;
        return americanPrice(in) - price;
    };
    // The price rises with vol: bracket, then bisection polished by the secant (Illinois).
    double lo = 0.005, hi = 2.0; // 0.5 %: below it no listed option trades
    double flo = f(lo), fhi = f(hi);
    if (flo > 0.0)
        return Error::make("no solution: price " + formatPrice(price) +
                           " implies a volatility below 0.5%");
    while (fhi < 0.0) {
        lo = hi;
        flo = fhi;
        hi *= 2.0;
        if (hi > 1000.0)
            return Error::make("no solution: price " + formatPrice(price) +
                               " implies a volatility above 100000%");
        fhi = f(hi);
    }
    if (!std::isfinite(flo) || !std::isfinite(fhi))
        return Error::make("no solution: no volatility gives the price " + formatPrice(price));
    int side = 0;
    for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
        double x = (lo * fhi - hi * flo) / (fhi - flo);
        if (!(x > lo && x < hi))
            x = (lo + hi) / 2.0;
        const double fx = f(x);
        if (!std::isfinite(fx))
            return Error::make("no solution: no volatility gives the price " + formatPrice(price));
        if (std::abs(fx) <= 1e-12 * std::max(1.0, price))
            return x;
        if (fx < 0.0) {
            lo = x;
            flo = fx;
            if (side == -1)
                fhi /= 2.0;
            side = -1;
        } else {
            hi = x;
            fhi = fx;
            if (side == 1)
                flo /= 2.0;
            side = 1;
        }
    }
    return (lo + hi) / 2.0;
}

} // namespace cg
