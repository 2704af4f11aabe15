#include "domain/strategy_builder.h"

#include "domain/eastern_time.h"
#include "domain/number_format.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

namespace cg {

namespace {

using std::chrono::year_month_day;

constexpr double kStrikeEps = 1e-6;

std::string typeWord(OptionType t) {
    return std::string(toString(t));
}

// Legs of one expiry of the chain, and the lookups a placement needs.
class ExpirySlice {
public:
    ExpirySlice(std::span<const OptionContract> chain, std::string_view underlying,
                year_month_day expiry)
        : m_underlying(underlying) {
        for (const auto &c : chain)
            if (c.expiry == expiry)
                m_contracts.push_back(&c);
    }

    std::vector<double> strikes(OptionType type) const {
        std::set<double> s;
        for (const auto *c : m_contracts)
            if (c->type == type)
                s.insert(c->strike);
        return {s.begin(), s.end()};
    }

    // The contract at that strike: the root equal to the underlying first, then the symbol.
    const OptionContract *find(OptionType type, double strike) const {
        const OptionContract *best = nullptr;
        for (const auto *c : m_contracts) {
            if (c->type != type || std::abs(c->strike - strike) > kStrikeEps)
                continue;
            if (!best || better(*c, *best))
                best = c;
        }
        return best;
    }

    const std::vector<const OptionContract *> &contracts() const { return m_contracts; }

private:
    bool better(const OptionContract &a, const OptionContract &b) const {
        const bool aOwn = a.root == m_underlying, bOwn = b.root == m_underlying;
        if (aOwn != bOwn)
            return aOwn;
        return a.symbol < b.symbol;
    }

    std::string_view m_underlying;
    std::vector<const OptionContract *> m_contracts;
};

std::optional<double> nearestStrike(const std::vector<double> &strikes, double target) {
    std::optional<double> best;
    for (const double k : strikes) // ascending: on a tie the lower strike stays
        if (!best || std::abs(k - target) < std::abs(*best - target) - kStrikeEps)
            best = k;
    return best;
}

struct Placed {
    const OptionContract *contract = nullptr;
    std::string note; // why this strike
};

class Placement {
public:
    Placement(std::span<const OptionContract> chain, std::string_view underlying, double spot,
              const StrategyBuildParams &p, year_month_day expiry)
        : m_chain(chain)
        , m_underlying(underlying)
        , m_spot(spot)
        , m_p(p)
        , m_expiry(expiry)
        , m_near(chain, underlying, expiry) {}

    Result<std::vector<StrategyLeg>> place(std::vector<std::string> &notes,
                                           std::optional<year_month_day> &farExpiry) const {
        using enum StrategyTemplate;
        const auto C = OptionType::Call, P = OptionType::Put;
        const auto B = OrderSide::Buy, S = OrderSide::Sell;
        std::vector<StrategyLeg> legs;
        auto add = [&](const Placed &pl, OrderSide side, int ratio = 1) {
            legs.push_back(openingLeg(*pl.contract, side, ratio));
            notes.push_back(std::string(side == B ? "buy " : "sell ") +
                            (ratio != 1 ? std::to_string(ratio) + " x " : "") +
                            typeWord(pl.contract->type) + " " +
                            formatTrimmed(pl.contract->strike, 3) +
                            (pl.note.empty() ? "" : " (" + pl.note + ")"));
        };
#define CG_TRY(var, expr)                                                                          \
    auto var##_r = (expr);                                                                         \
    if (!var##_r)                                                                                  \
        return var##_r.error();                                                                    \
    const Placed var = var##_r.value();

        switch (m_p.kind) {
        case BullCallSpread: {
            CG_TRY(sh, shortLeg(m_near, C));
            CG_TRY(lo, wing(m_near, C, sh.contract->strike, -1));
            add(lo, B);
            add(sh, S);
            break;
        }
        case BearCallSpread: {
            CG_TRY(sh, shortLeg(m_near, C));
            CG_TRY(hi, wing(m_near, C, sh.contract->strike, +1));
            add(sh, S);
            add(hi, B);
            break;
        }
        case BullPutSpread: {
            CG_TRY(sh, shortLeg(m_near, P));
            CG_TRY(lo, wing(m_near, P, sh.contract->strike, -1));
            add(lo, B);
            add(sh, S);
            break;
        }
        case BearPutSpread: {
            CG_TRY(sh, shortLeg(m_near, P));
            CG_TRY(hi, wing(m_near, P, sh.contract->strike, +1));
            add(sh, S);
            add(hi, B);
            break;
        }
        case LongStraddle:
        case ShortStraddle: {
            CG_TRY(c, centre(m_near, C, true));
            CG_TRY(p, centre(m_near, P, true));
            const auto side = m_p.kind == LongStraddle ? B : S;
            add(c, side);
            add(p, side);
            break;
        }
        case LongStrangle:
        case ShortStrangle: {
            CG_TRY(p, shortLeg(m_near, P));
            CG_TRY(c, shortLeg(m_near, C));
            const auto side = m_p.kind == LongStrangle ? B : S;
            add(p, side);
            add(c, side);
            break;
        }
        case IronCondor: {
            CG_TRY(ps, shortLeg(m_near, P));
            CG_TRY(cs, shortLeg(m_near, C));
            if (ps.contract->strike > cs.contract->strike + kStrikeEps)
                return Error::make("the short put " + formatTrimmed(ps.contract->strike, 3) +
                                   " is above the short call " +
                                   formatTrimmed(cs.contract->strike, 3));
            CG_TRY(pl, wing(m_near, P, ps.contract->strike, -1));
            CG_TRY(cl, wing(m_near, C, cs.contract->strike, +1));
            add(pl, B);
            add(ps, S);
            add(cs, S);
            add(cl, B);
            break;
        }
        case IronButterfly: {
            CG_TRY(c, centre(m_near, C, true));
            CG_TRY(p, centre(m_near, P, true));
            CG_TRY(pl, wing(m_near, P, p.contract->strike, -1));
            CG_TRY(cl, wing(m_near, C, c.contract->strike, +1));
            add(pl, B);
            add(p, S);
            add(c, S);
            add(cl, B);
            break;
        }
        case Butterfly: {
            CG_TRY(c, centre(m_near, C, false));
            CG_TRY(lo, wing(m_near, C, c.contract->strike, -1));
            CG_TRY(hi, wing(m_near, C, c.contract->strike, +1));
            add(lo, B);
            add(c, S, 2);
            add(hi, B);
            break;
        }
        case Custom:
            return Error::make("a custom strategy is put together leg by leg, not placed");
        case Calendar:
        case Diagonal: {
            CG_TRY(sh, shortLeg(m_near, C));
            const double farStrike = sh.contract->strike;
            auto later = farExpiries();
            if (!later)
                return later.error();
            // The first far expiry on which the far leg can be placed (a strike listed there).
            std::optional<Placed> lf;
            std::optional<Error> first;
            for (const year_month_day e : *later) {
                const ExpirySlice far(m_chain, m_underlying, e);
                Result<Placed> leg = Error::make("");
                if (m_p.kind == Calendar) {
                    if (const OptionContract *c = far.find(C, farStrike))
                        leg = Placed{c, "same strike, " + formatDate(e)};
                    else
                        leg = Error::make("no call " + formatTrimmed(farStrike, 3) + " on " +
                                          formatDate(e));
                } else if (auto w = wing(far, C, farStrike, -1)) {
                    w.value().note += ", " + formatDate(e);
                    leg = w.value();
                } else {
                    leg = w.error();
                }
                if (leg) {
                    lf = leg.value();
                    farExpiry = e;
                    break;
                }
                if (!first)
                    first = leg.error();
            }
            if (!lf)
                return *first; // named on the first far expiry, as placed there
            add(sh, S);
            add(*lf, B);
            break;
        }
        }
#undef CG_TRY
        return legs;
    }

private:
    Result<Placed> shortLeg(const ExpirySlice &slice, OptionType type) const {
        if (m_p.shortDelta) {
            const double want = *m_p.shortDelta;
            const OptionContract *best = nullptr;
            auto farther = [&](const OptionContract &a, const OptionContract &b) {
                return type == OptionType::Call ? a.strike > b.strike : a.strike < b.strike;
            };
            for (const auto *c : slice.contracts()) {
                if (c->type != type || !c->greeks)
                    continue;
                if (!best) {
                    best = c;
                    continue;
                }
                const double dc = std::abs(std::abs(c->greeks->delta) - want);
                const double db = std::abs(std::abs(best->greeks->delta) - want);
                if (dc < db - 1e-12 || (std::abs(dc - db) <= 1e-12 && farther(*c, *best)))
                    best = c;
            }
            if (!best)
                return Error::make("no " + typeWord(type) + " with greeks on " +
                                   formatDate(m_expiry) + " to place a " + formatTrimmed(want, 3) +
                                   " delta leg");
            const auto *chosen = slice.find(type, best->strike);
            return Placed{
                chosen,
                "delta " +
                    formatFixed(chosen->greeks ? chosen->greeks->delta : best->greeks->delta, 2) +
                    ", nearest " + formatTrimmed(want, 3)};
        }
        const double sign = type == OptionType::Call ? 1.0 : -1.0;
        const double target = m_spot * (1.0 + sign * m_p.otmPct / 100.0);
        const auto k = nearestStrike(slice.strikes(type), target);
        if (!k)
            return Error::make("no " + typeWord(type) + "s on " + formatDate(m_expiry));
        return Placed{slice.find(type, *k), m_p.otmPct == 0.0
                                                ? "nearest the spot " + formatFixed(m_spot, 2)
                                                : "nearest " + formatFixed(target, 2) + ", " +
                                                      formatTrimmed(m_p.otmPct, 2) + "% OTM"};
    }

    // The strike nearest the spot; `both`: among strikes listed for calls and puts alike.
    Result<Placed> centre(const ExpirySlice &slice, OptionType type, bool both) const {
        auto strikes = slice.strikes(type);
        if (both) {
            const auto other =
                slice.strikes(type == OptionType::Call ? OptionType::Put : OptionType::Call);
            std::vector<double> common;
            std::set_intersection(strikes.begin(), strikes.end(), other.begin(), other.end(),
                                  std::back_inserter(common));
            strikes = std::move(common);
        }
        const auto k = nearestStrike(strikes, m_spot);
        if (!k)
            return Error::make("no strike with both a call and a put on " + formatDate(m_expiry));
        return Placed{slice.find(type, *k), "nearest the spot " + formatFixed(m_spot, 2)};
    }

    // The first strike at least `width` above (dir +1) or below (dir -1) `from`.
    Result<Placed> wing(const ExpirySlice &slice, OptionType type, double from, int dir) const {
        const auto strikes = slice.strikes(type);
        std::optional<double> k;
        if (dir > 0) {
            for (const double s : strikes)
                if (s >= from + m_p.width - kStrikeEps) {
                    k = s;
                    break;
                }
        } else {
            for (auto it = strikes.rbegin(); it != strikes.rend(); ++it)
                if (*it <= from - m_p.width + kStrikeEps) {
                    k = *it;
                    break;
                }
        }
        if (m_p.width <= 0.0)
            return Error::make("the width must be above $0");
        if (!k)
            return Error::make("no " + typeWord(type) + " strike $" + formatTrimmed(m_p.width, 2) +
                               (dir > 0 ? " above " : " below ") + formatTrimmed(from, 3));
        return Placed{slice.find(type, *k), "$" + formatTrimmed(std::abs(*k - from), 2) + " wing"};
    }

    // The expiries at least farGapDays after the near one, nearest first.
    Result<std::vector<year_month_day>> farExpiries() const {
        using namespace std::chrono;
        const auto minDay = sys_days{m_expiry} + days{std::max(1, m_p.farGapDays)};
        std::set<sys_days> later;
        for (const auto &c : m_chain)
            if (sys_days{c.expiry} >= minDay)
                later.insert(sys_days{c.expiry});
        if (later.empty())
            return Error::make("no far expiry " + std::to_string(m_p.farGapDays) +
                               " or more days after " + formatDate(m_expiry));
        return std::vector<year_month_day>(later.begin(), later.end());
    }

    std::span<const OptionContract> m_chain;
    std::string_view m_underlying;
    double m_spot;
    const StrategyBuildParams &m_p;
    year_month_day m_expiry;
    ExpirySlice m_near;
};

} // namespace

Result<MultiLegStrategy> buildStrategy(std::span<const OptionContract> chain,
                                       std::string_view underlying, double spot,
                                       const StrategyBuildParams &params, Timestamp now) {
    const std::string name(toString(params.kind));
    if (!(spot > 0.0))
        return Error::make("Cannot build " + name + ": the underlying price is unknown");
    if (params.shortDelta && !(*params.shortDelta > 0.0 && *params.shortDelta < 1.0))
        return Error::make("Cannot build " + name +
                           ": the short-leg delta must lie between 0 and 1");
    std::set<std::chrono::sys_days> expiries;
    for (const auto &c : chain) {
        const int dte = daysToExpiry(c.expiry, now);
        if (dte >= params.minDte && dte <= params.maxDte)
            expiries.insert(std::chrono::sys_days{c.expiry});
    }
    const std::string window =
        std::to_string(params.minDte) + "-" + std::to_string(params.maxDte) + " days";
    if (expiries.empty())
        return Error::make("Cannot build " + name + ": no expiry " + window + " out");
    std::string firstFailure;
    for (const auto day : expiries) {
        const year_month_day expiry{day};
        Placement placement(chain, underlying, spot, params, expiry);
        std::vector<std::string> notes;
        std::optional<year_month_day> farExpiry;
        auto legs = placement.place(notes, farExpiry);
        if (!legs) {
            if (firstFailure.empty())
                firstFailure = "on " + formatDate(expiry) + " " + legs.error().message;
            continue;
        }
        MultiLegStrategy s;
        s.kind = params.kind;
        s.underlying = std::string(underlying);
        s.legs = std::move(legs).value();
        s.explanation = name + " on " + formatDate(expiry) + " (" +
                        std::to_string(daysToExpiry(expiry, now)) + " days), spot " +
                        formatFixed(spot, 2) + ": ";
        for (std::size_t i = 0; i < notes.size(); ++i)
            s.explanation += (i ? "; " : "") + notes[i];
        return s;
    }
    return Error::make("Cannot build " + name + " " + window + " out: " + firstFailure);
}

} // namespace cg
