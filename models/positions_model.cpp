#include "models/positions_model.h"

#include "domain/black_scholes_greeks.h"
#include "domain/market_calendar.h"
#include "domain/occ_symbol.h"
#include "models/display_format.h"

#include <QColor>
#include <QFont>
#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <map>

namespace cg::models {

namespace {

QString sharesText(double v) {
    return QLocale::c().toString(v, 'f', std::abs(v) >= 100.0 ? 0 : 1);
}

} // namespace

PositionsModel::PositionsModel(QObject *parent)
    : KeyedTableModel<PositionRow>(parent) {}

void PositionsModel::greeksFromMarkOf(PositionRow &r, const OccSymbol &occ) const {
    // The underlying: the chain's live price, else the account's own shares of it.
    std::optional<double> spot = r.market.underlyingPrice;
    if (!spot) {
        const auto shares = std::find_if(m_broker.begin(), m_broker.end(), [&](const Position &s) {
            return s.assetClass != "us_option" && s.symbol == occ.underlying() &&
                   s.currentPrice > 0.0;
        });
        if (shares != m_broker.end())
            spot = shares->currentPrice;
    }
    if (!m_clock || !spot || !(r.pnl.mark > 0.0))
        return; // the lookup's note says why there are none
    const auto g = greeksFromMark(occ.type, occ.strike(), optionExpiryInstant(occ.expiry), *spot,
                                  r.pnl.mark, m_clock->now());
    if (!g) {
        r.market.greeksNote =
            tr("No greeks: the chain shown does not hold this contract, and its mark %1 gives no "
               "volatility (%2)")
                .arg(priceText(r.pnl.mark), QString::fromStdString(g.error().message));
        return;
    }
    r.market.underlyingPrice = spot;
    r.market.greeks = g->greeks;
    r.market.greeksComputed = true;
    r.market.greeksNote =
        tr("Computed from the mark %1 and %2 at %3 (IV %4 solved from the mark); the chain "
           "shown does not hold this contract")
            .arg(priceText(r.pnl.mark), QString::fromStdString(occ.underlying()), priceText(*spot),
                 QLocale().toString(g->impliedVol * 100.0, 'f', 1) + QLatin1Char('%'));
}

PositionRow PositionsModel::figure(const Position &p) const {
    PositionRow r;
    static_cast<Position &>(r) = p;
    if (m_market)
        r.market = m_market(p);
    // Within a broker poll's interval of the broker's read, the chain's price is as current (and
    // live, where the broker's option price is a last trade).
    constexpr auto kAsCurrent = std::chrono::seconds(10);
    if (m_readAt && r.market.priceAsOf && *r.market.priceAsOf + kAsCurrent < *m_readAt) {
        // The broker's price is the newer: it marks the position. An option's greeks still
        // take the chain's underlying price (the broker gives none for an option).
        r.market.liveMid.reset();
        if (p.assetClass != "us_option")
            r.market.underlyingPrice.reset();
    }
    r.pnl = positionPnl(p, r.market.liveMid, r.market.multiplier);
    if (const auto f = m_todayFills.find(p.symbol); f != m_todayFills.end()) {
        r.pnl.day = dayPnlWithFills(p, r.pnl, f->second);
        r.dayFromFills = true;
    }
    std::optional<OccSymbol> occ;
    if (p.assetClass == "us_option") {
        if (auto parsed = parseOccSymbol(p.symbol); parsed.ok())
            occ = *parsed;
    }
    r.underlying =
        occ ? QString::fromStdString(occ->underlying()) : QString::fromStdString(p.symbol);
    if (occ && !r.market.greeks)
        greeksFromMarkOf(r, *occ);
    r.greeks = positionGreeks(p, r.market.greeks, r.market.underlyingPrice, r.market.multiplier);
    if (occ) {
        if (m_clock) {
            r.daysToExpiry = daysToExpiry(occ->expiry, m_clock->now());
            r.expiresToday = occ->expiry == easternDate(m_clock->now());
        }
        if (r.market.underlyingPrice)
            r.moneyness = cg::strikeDistance(*occ, *r.market.underlyingPrice);
    }
    return r;
}

void PositionsModel::setPositions(std::vector<Position> positions) {
    std::sort(positions.begin(), positions.end(),
              [](const Position &a, const Position &b) { return a.symbol < b.symbol; });
    m_broker = std::move(positions);
    if (m_clock)
        m_readAt = m_clock->now();
    refreshMarks();
}

void PositionsModel::refreshMarks() {
    std::vector<PositionRow> rows;
    rows.reserve(m_broker.size());
    for (const Position &p : m_broker)
        rows.push_back(figure(p));
    applyRows(std::move(rows));
    Q_EMIT totalsChanged();
}

void PositionsModel::setTodayFills(std::map<std::string, std::vector<TodayFill>> fills) {
    if (fills == m_todayFills)
        return;
    m_todayFills = std::move(fills);
    refreshMarks();
}

int PositionsModel::expiringTodayCount() const {
    return static_cast<int>(std::count_if(m_rows.begin(), m_rows.end(),
                                          [](const PositionRow &p) { return p.expiresToday; }));
}

double PositionsModel::totalUnrealizedPl() const {
    double sum = 0.0;
    for (const PositionRow &p : m_rows)
        sum += p.pnl.unrealized;
    return sum;
}

static void addTo(PositionTotals &t, const PositionRow &p) {
    t.costBasis += p.pnl.costBasis;
    t.unrealized += p.pnl.unrealized;
    if (p.pnl.day)
        t.day += *p.pnl.day;
    else
        t.dayComplete = false;
    if (!p.greeks) {
        ++t.withoutGreeks;
        return;
    }
    t.deltaShares += p.greeks->deltaShares;
    t.deltaDollars += p.greeks->deltaDollars.value_or(0.0);
    t.gamma += p.greeks->gamma;
    t.thetaPerDay += p.greeks->thetaPerDay;
    t.vega += p.greeks->vega;
}

// Symbols traded today and no longer held: their day P&L still counts in the totals (exact
// when today's fills open and close them; partial otherwise).
template <class Add> void PositionsModel::forClosedToday(Add add) const {
    for (const auto &[symbol, fills] : m_todayFills) {
        const bool held = std::any_of(m_rows.begin(), m_rows.end(),
                                      [&](const PositionRow &p) { return p.symbol == symbol; });
        if (held)
            continue;
        const auto occ = parseOccSymbol(symbol);
        const QString underlying = QString::fromStdString(occ ? occ->underlying() : symbol);
        add(underlying, closedTodayPnl(fills, occ ? 100.0 : 1.0));
    }
}

static void addClosed(PositionTotals &t, std::optional<double> day) {
    if (day)
        t.day += *day;
    else
        t.dayComplete = false;
}

std::vector<PositionTotals> PositionsModel::totalsByUnderlying() const {
    std::map<QString, PositionTotals> by;
    for (const PositionRow &p : m_rows) {
        PositionTotals &t = by[p.underlying];
        t.underlying = p.underlying;
        addTo(t, p);
    }
    forClosedToday([&by](const QString &underlying, std::optional<double> day) {
        PositionTotals &t = by[underlying];
        t.underlying = underlying;
        addClosed(t, day);
    });
    std::vector<PositionTotals> out;
    for (auto &[k, t] : by)
        out.push_back(t);
    return out;
}

PositionTotals PositionsModel::portfolioTotals() const {
    PositionTotals t;
    for (const PositionRow &p : m_rows)
        addTo(t, p);
    forClosedToday([&t](const QString &, std::optional<double> day) { addClosed(t, day); });
    return t;
}

QString PositionsModel::totalsText() const {
    if (m_rows.empty())
        return {};
    const auto line = [](const PositionTotals &t, bool shares) {
        QString s = tr("%1: P&L %2, day %3%4")
                        .arg(t.underlying.isEmpty() ? tr("Portfolio") : t.underlying,
                             signedMoneyText(t.unrealized), signedMoneyText(t.day),
                             t.dayComplete ? QString() : tr(" (partial)"));
        // Shares of delta and gamma (shares per $1) are per underlying: summed across
        // underlyings they mean nothing, so the portfolio line shows the dollar figures only.
        if (shares)
            s += tr(", Δ %1 sh").arg(sharesText(t.deltaShares));
        s += tr(", Δ$ %1").arg(signedMoneyText(t.deltaDollars));
        if (shares)
            s += tr(", Γ %1").arg(sharesText(t.gamma));
        s += tr(", Θ %1/day, vega %2").arg(signedMoneyText(t.thetaPerDay), signedMoneyText(t.vega));
        if (t.withoutGreeks > 0)
            s += tr(" (%n without greeks)", nullptr, t.withoutGreeks);
        return s;
    };
    QStringList parts;
    for (const PositionTotals &t : totalsByUnderlying())
        parts << line(t, true);
    parts << line(portfolioTotals(), false);
    return parts.join(QStringLiteral("   |   "));
}

bool PositionsModel::hiddenByDefault(int column) {
    return column == AssetClass || column == MarketValue || column == PnlPct || column == Gamma;
}

QVariant PositionsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case CurrentPrice:
            return tr("The live mid when the chain shown has the contract's quote (bold), else the "
                      "broker's current price");
        case Pnl:
            return tr("(mark - average entry) x qty x multiplier");
        case DayPnl:
            return tr("Value now minus value at the previous close (Alpaca's lastday_price): the "
                      "account bar's definition, per position");
        case DeltaShares:
            return tr("Delta x qty x multiplier, in shares of the underlying (a stock: its qty)");
        case DeltaDollars:
            return tr("Delta shares x the underlying price");
        case Theta:
            return tr("Theta x qty x multiplier: dollars per calendar day");
        case Vega:
            return tr("Vega x qty x multiplier: dollars per volatility point");
        case Distance:
            return tr("In or out of the money, and the strike's distance from the underlying");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Symbol:
        return tr("Symbol");
    case AssetClass:
        return tr("Class");
    case Qty:
        return tr("Qty");
    case AvgPrice:
        return tr("Avg");
    case CurrentPrice:
        return tr("Mark");
    case MarketValue:
        return tr("Market value");
    case Pnl:
        return tr("Unrealized");
    case PnlPct:
        return tr("P&L %");
    case DayPnl:
        return tr("Day P&L");
    case CostBasis:
        return tr("Cost basis");
    case DeltaShares:
        return tr("Δ sh");
    case DeltaDollars:
        return tr("Δ $");
    case Gamma:
        return tr("Γ");
    case Theta:
        return tr("Θ/day");
    case Vega:
        return tr("Vega");
    case Dte:
        return tr("DTE");
    case Distance:
        return tr("Moneyness");
    default:
        return {};
    }
}

QVariant PositionsModel::cell(const PositionRow &p, int column, int role) const {
    const bool option = p.assetClass == "us_option";
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Symbol:
            return QString::fromStdString(p.symbol);
        case AssetClass:
            return option                        ? tr("Option")
                   : p.assetClass == "us_equity" ? tr("Stock")
                                                 : QString::fromStdString(p.assetClass);
        case Qty:
            return quantityText(p.qty);
        case AvgPrice:
            return priceText(p.avgEntryPrice);
        case CurrentPrice:
            return priceText(p.pnl.mark);
        case MarketValue:
            return moneyText(p.pnl.marketValue);
        case Pnl:
            return signedMoneyText(p.pnl.unrealized);
        case PnlPct:
            return p.pnl.costBasis != 0.0
                       ? signedPercentText(p.pnl.unrealized / std::abs(p.pnl.costBasis) * 100.0)
                       : QString();
        case DayPnl:
            return p.pnl.day ? signedMoneyText(*p.pnl.day) : QString();
        case CostBasis:
            return moneyText(p.pnl.costBasis);
        case DeltaShares:
            return p.greeks ? sharesText(p.greeks->deltaShares) : QString();
        case DeltaDollars:
            return p.greeks && p.greeks->deltaDollars ? signedMoneyText(*p.greeks->deltaDollars)
                                                      : QString();
        case Gamma:
            return p.greeks && option ? sharesText(p.greeks->gamma) : QString();
        case Theta:
            return p.greeks && option ? signedMoneyText(p.greeks->thetaPerDay) : QString();
        case Vega:
            return p.greeks && option ? signedMoneyText(p.greeks->vega) : QString();
        case Dte:
            return p.daysToExpiry ? QString::number(*p.daysToExpiry) : QString();
        case Distance:
            return p.moneyness ? tr("%1 %2").arg(p.moneyness->inTheMoney ? tr("ITM") : tr("OTM"),
                                                 signedPercentText(p.moneyness->distancePct, 1))
                               : QString();
        default:
            return {};
        }
    }
    if (role == kValueRole) {
        switch (column) {
        case Qty:
            return p.qty;
        case AvgPrice:
            return p.avgEntryPrice;
        case CurrentPrice:
            return p.pnl.mark;
        case MarketValue:
            return p.pnl.marketValue;
        case Pnl:
            return p.pnl.unrealized;
        case PnlPct:
            return p.pnl.costBasis != 0.0 ? p.pnl.unrealized / std::abs(p.pnl.costBasis) : 0.0;
        case DayPnl:
            return p.pnl.day ? QVariant(*p.pnl.day) : QVariant();
        case CostBasis:
            return p.pnl.costBasis;
        case DeltaShares:
            return p.greeks ? QVariant(p.greeks->deltaShares) : QVariant();
        case DeltaDollars:
            return p.greeks && p.greeks->deltaDollars ? QVariant(*p.greeks->deltaDollars)
                                                      : QVariant();
        case Gamma:
            return p.greeks ? QVariant(p.greeks->gamma) : QVariant();
        case Theta:
            return p.greeks ? QVariant(p.greeks->thetaPerDay) : QVariant();
        case Vega:
            return p.greeks ? QVariant(p.greeks->vega) : QVariant();
        case Dte:
            return p.daysToExpiry ? QVariant(*p.daysToExpiry) : QVariant();
        case Distance:
            return p.moneyness ? QVariant(p.moneyness->distancePct) : QVariant();
        default:
            return cell(p, column, Qt::DisplayRole);
        }
    }
    if (role == Qt::ToolTipRole) {
        if (column == CurrentPrice)
            return p.pnl.liveMark ? tr("Live mid of the contract's quote")
                                  : tr("The broker's current price (no live quote in the chain "
                                       "shown)");
        if (column >= DeltaShares && column <= Vega && option) {
            if (!p.greeks)
                return p.market.greeksNote.isEmpty()
                           ? tr("No greeks: the chain shown does not hold this contract (show its "
                                "underlying and expiry)")
                           : p.market.greeksNote;
            return p.market.greeksNote.isEmpty() ? QVariant() : QVariant(p.market.greeksNote);
        }
        if (column == DayPnl && !p.pnl.day)
            return tr("The broker sent no previous close for this position");
        if (column == DayPnl && p.dayFromFills)
            return tr("Counts today's fills: what was bought or sold today is measured from its "
                      "fill price, the rest from the previous close");
        if (column == Distance && option && !p.moneyness)
            return tr("The underlying price is unknown (show its chain)");
        if (p.expiresToday)
            return tr("Expires today at %1 New York: close, roll or exercise it. After the "
                      "close an in-the-money contract is exercised (long) or assigned (short), "
                      "an out-of-the-money one expires worthless.")
                .arg(QString::fromStdString(
                    marketCloseText(easternDate(m_clock ? m_clock->now() : Timestamp{}))));
        return {};
    }
    if (role == Qt::BackgroundRole && p.expiresToday)
        return QColor(255, 170, 0, 70); // amber, see-through: readable on the light and dark themes
    if (role == Qt::FontRole && column == CurrentPrice && p.pnl.liveMark) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::FontRole && column >= DeltaShares && column <= Vega && p.greeks &&
        p.market.greeksComputed) {
        QFont f;
        f.setItalic(true);
        return f;
    }
    if (role == Qt::ForegroundRole && (column == Pnl || column == PnlPct || column == DayPnl)) {
        const double v = column == DayPnl ? p.pnl.day.value_or(0.0) : p.pnl.unrealized;
        if (const auto c = pnlColor(v))
            return *c;
        return {};
    }
    if (role == Qt::TextAlignmentRole)
        return column <= AssetClass ? int(Qt::AlignLeft | Qt::AlignVCenter)
                                    : int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace cg::models
