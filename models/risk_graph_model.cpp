#include "models/risk_graph_model.h"

#include "broker/market_data.h"
#include "domain/black_scholes.h"
#include "domain/black_scholes_greeks.h"
#include "domain/market_calendar.h"
#include "domain/occ_symbol.h"
#include "models/display_format.h"
#include "models/log.h"

#include <QDate>
#include <QLocale>
#include <QPointer>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cg::models {

using namespace std::chrono;

namespace {

constexpr auto kPriceEvery = seconds{10};

double yearsUntil(Timestamp from, Timestamp to) {
    return duration<double>(to - from).count() / (365.0 * 86400.0);
}

QString dateText(Timestamp t) {
    const year_month_day d = easternDate(t);
    return QLocale::c().toString(
        QDate(int(d.year()), int(unsigned(d.month())), int(unsigned(d.day()))),
        QStringLiteral("MMM d"));
}

} // namespace

RiskGraphModel::RiskGraphModel(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock) {}

void RiskGraphModel::setPositions(const std::vector<PositionRow> &rows) {
    m_rows = rows;
    QStringList names;
    for (const PositionRow &r : m_rows) {
        QString u = r.underlying;
        if (u.isEmpty()) {
            const auto occ = parseOccSymbol(r.symbol);
            u = occ.ok() ? qs(occ.value().underlying()) : qs(r.symbol);
        }
        if (!names.contains(u))
            names << u;
    }
    names.sort();
    if (names != m_underlyings) {
        m_underlyings = names;
        Q_EMIT underlyingsChanged();
    }
    recompute();
}

void RiskGraphModel::setUnderlyingPrice(const QString &underlying, double price) {
    if (!(price > 0.0))
        return;
    m_spots[underlying] = price;
    recompute();
}

void RiskGraphModel::setScope(const QString &underlying) {
    if (underlying == m_scope)
        return;
    m_scope = underlying;
    recompute();
}

void RiskGraphModel::setDaysForward(int days) {
    if (days == m_daysForward)
        return;
    m_daysForward = std::max(0, days);
    recompute();
}

void RiskGraphModel::setIvShiftPoints(int points) {
    if (points == m_ivShiftPoints)
        return;
    m_ivShiftPoints = points;
    recompute();
}

void RiskGraphModel::requestPrice(const QString &underlying) {
    if (!m_marketData)
        return;
    const auto now = steady_clock::now();
    if (auto it = m_asked.find(underlying); it != m_asked.end() && now - it->second < kPriceEvery)
        return;
    m_asked[underlying] = now;
    QPointer<RiskGraphModel> self(this);
    m_marketData->underlyingPrice(
        underlying.toStdString(), [self, underlying](Result<UnderlyingPrice> r) {
            if (!self)
                return;
            if (!r) {
                qCInfo(lcModels).noquote()
                    << "risk graph: no price for" << underlying << ":" << qs(r.error().message);
                return;
            }
            self->setUnderlyingPrice(underlying, r.value().price);
        });
}

void RiskGraphModel::recompute() {
    const Timestamp now = m_clock.now();
    m_leftOut.clear();
    // The live underlying price of each underlying: the chain's, a stock position's mark, or
    // the one fetched.
    std::map<QString, double> spot = m_spots;
    for (const PositionRow &r : m_rows) {
        if (r.assetClass != "us_option" && r.pnl.mark > 0.0)
            spot[qs(r.symbol)] = r.pnl.mark;
    }
    for (const PositionRow &r : m_rows) {
        if (r.market.underlyingPrice && *r.market.underlyingPrice > 0.0) {
            const auto occ = parseOccSymbol(r.symbol);
            spot[occ.ok() ? qs(occ.value().underlying()) : qs(r.symbol)] =
                *r.market.underlyingPrice;
        }
    }

    std::vector<Leg> legs;
    for (const PositionRow &r : m_rows) {
        const QString symbol = qs(r.symbol);
        Leg l;
        if (r.assetClass != "us_option") {
            l.underlying = symbol;
            l.leg.isOption = false;
            l.leg.multiplier = 1.0;
        } else {
            const auto occ = parseOccSymbol(r.symbol);
            if (!occ) {
                m_leftOut << tr("%1: not an option symbol").arg(symbol);
                continue;
            }
            l.underlying = qs(occ.value().underlying());
            l.leg.type = occ.value().type;
            l.leg.strike = occ.value().strike();
            l.leg.expiry = optionExpiryInstant(occ.value().expiry);
            l.leg.multiplier = r.pnl.multiplier > 0.0 ? r.pnl.multiplier : 100.0;
        }
        if (!m_scope.isEmpty() && l.underlying != m_scope)
            continue;
        const auto s = spot.find(l.underlying);
        if (s == spot.end()) {
            requestPrice(l.underlying);
            m_leftOut << tr("%1: no price for %2 yet").arg(symbol, l.underlying);
            continue;
        }
        if (!m_spots.count(l.underlying))
            requestPrice(l.underlying); // keep one of our own for when the chain moves on
        l.spot = s->second;
        l.leg.qty = r.qty;
        l.leg.entryPrice = r.avgEntryPrice;
        if (l.leg.isOption) {
            // The IV that prices the position at its mark, so "P&L now" is the Positions dock's
            // P&L; the chain's IV (the feed's, from its own rate and dividends) only where no
            // mark solves.
            std::optional<double> iv;
            std::optional<Error> unsolved;
            if (l.leg.expiry > now) {
                auto solved = impliedVolFromMark(l.leg.type, l.leg.strike, l.leg.expiry, l.spot,
                                                 r.pnl.mark, now, m_rate);
                if (solved)
                    iv = solved.value();
                else
                    unsolved = solved.error();
            }
            if (iv)
                l.leg.model = VolModel::American; // solved here, by the American model
            if (!iv && m_ivLookup)
                iv = m_ivLookup(r.symbol); // the chain's: the feed's Black-Scholes IV
            if (!iv && unsolved) {
                m_leftOut << tr("%1: no IV (%2)").arg(symbol, qs(unsolved->message));
                continue;
            }
            l.leg.vol = iv.value_or(0.0);
        }
        legs.push_back(l);
    }

    m_legCount = static_cast<int>(legs.size());
    m_move.reset();
    m_moveSource.clear();
    m_profile = {};
    m_daysToExpiry = 0;
    if (legs.empty()) {
        Q_EMIT changed();
        return;
    }
    std::set<QString> held;
    for (const Leg &l : legs)
        held.insert(l.underlying);
    m_percent = held.size() > 1;
    std::vector<RiskLeg> risk;
    for (const Leg &l : legs)
        risk.push_back(m_percent ? rescaleLeg(l.leg, l.spot) : l.leg);
    m_live = m_percent ? 100.0 : legs.front().spot;

    const std::optional<Timestamp> first = firstExpiry(risk);
    if (first && *first > now)
        m_daysToExpiry = int(std::ceil(duration<double>(*first - now).count() / 86400.0));
    // The expected move by the first expiry: the ATM straddle, else the mean IV of the options.
    if (first) {
        const double years = std::max(0.0, yearsUntil(now, *first));
        if (!m_percent && m_straddle) {
            if (const auto straddle = m_straddle(legs.front().underlying, easternDate(*first))) {
                m_move = *straddle;
                m_moveSource = tr("ATM straddle %1").arg(priceText(*straddle));
            }
        }
        if (!m_move) {
            double sum = 0.0;
            int n = 0;
            for (const RiskLeg &l : risk)
                if (l.isOption && l.vol > 0.0) {
                    sum += l.vol;
                    ++n;
                }
            if (n > 0 && years > 0.0) {
                const double vol = sum / n + m_ivShiftPoints / 100.0;
                // What an ATM straddle prices, as the band shows with one: sqrt(2/pi) of a
                // standard deviation (the straddle is 0.8 of it, not the whole).
                m_move = volExpectedMove(m_live, std::max(0.0, vol), years) *
                         std::sqrt(2.0 / std::numbers::pi);
                m_moveSource = tr("IV %1").arg(percentText(vol * 100.0, 1));
            }
        }
    }
    // The range: 3 expected moves each side (+-12 % without one), at least +-2 %, every strike
    // inside with room to spare.
    double half = m_move ? std::max(3.0 * *m_move, 0.02 * m_live) : 0.12 * m_live;
    for (const RiskLeg &l : risk)
        if (l.isOption)
            half = std::max(half, std::abs(l.strike - m_live) * 1.15);
    const double low = std::max(m_live - half, 0.01 * m_live);
    const double high = m_live + half;

    RiskScenario scenario;
    scenario.now = now;
    scenario.daysForward = m_daysForward;
    scenario.volShift = m_ivShiftPoints / 100.0;
    scenario.rate = m_rate;
    m_profile = riskProfile(risk, scenario, low, high);
    Q_EMIT changed();
}

QString RiskGraphModel::chosenDateText() const {
    return dateText(m_profile.dateInstant);
}

QString RiskGraphModel::summaryText() const {
    if (isEmpty())
        return m_rows.empty() ? tr("No open positions.") : tr("No position here can be priced.");
    const RiskProfile &p = m_profile;
    // The curves at the live price, interpolated on the grid (the grid holds the live price's
    // neighbours; the error is far below a cent at 201 points).
    const auto at = [&](const std::vector<double> &curve) {
        const auto it = std::lower_bound(p.spot.begin(), p.spot.end(), m_live);
        if (it == p.spot.begin())
            return curve.front();
        if (it == p.spot.end())
            return curve.back();
        const size_t i = size_t(it - p.spot.begin());
        const double t = (m_live - p.spot[i - 1]) / (p.spot[i] - p.spot[i - 1]);
        return curve[i - 1] + t * (curve[i] - curve[i - 1]);
    };
    QStringList parts;
    parts << tr("P&L now %1").arg(signedMoneyText(at(p.today)));
    if (m_daysForward > 0 && p.dateInstant != p.expiryInstant)
        parts << tr("at %1 %2").arg(dateText(p.dateInstant), signedMoneyText(at(p.atDate)));
    if (m_daysToExpiry > 0)
        parts << tr("at expiry %1 %2")
                     .arg(dateText(p.expiryInstant), signedMoneyText(at(p.atExpiry)));
    QStringList be;
    for (double x : p.expiryBreakEvens)
        be << (m_percent ? percentText(x, 1) : priceText(std::round(x * 100.0) / 100.0));
    parts << (be.isEmpty() ? tr("no break-even in range")
                           : tr("break-even %1").arg(be.join(QStringLiteral(", "))));
    if (m_move)
        parts << tr("±1 expected move %1 (%2)")
                     .arg(m_percent ? percentText(*m_move, 1)
                                    : priceText(std::round(*m_move * 100.0) / 100.0),
                          m_moveSource);
    return parts.join(QStringLiteral(" · "));
}

} // namespace cg::models
