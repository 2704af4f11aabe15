#include "models/strategy_builder_model.h"

#include "domain/eastern_time.h"
#include "domain/number_format.h"
#include "domain/occ_symbol.h"
#include "domain/strategy_builder.h"
#include "domain/strategy_payoff.h"
#include "models/chain_session.h"
#include "models/chain_table_model.h"
#include "models/display_format.h"

#include <QDate>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace cg::models {

namespace {

constexpr int kPayoffPoints = 161;
constexpr int kDefaultFarGapDays = 28;
constexpr int kMaxRatio = 10;

QString contractText(const OptionContract &c) {
    const auto &ymd = c.expiry;
    const QDate d(int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day())));
    return StrategyBuilderModel::tr("%1 %2 %3 %4")
        .arg(qs(c.underlying), QLocale::c().toString(d, QStringLiteral("MMM d ''yy")),
             qs(formatTrimmed(c.strike, 2)),
             c.type == OptionType::Call ? QStringLiteral("C") : QStringLiteral("P"));
}

int daysBetween(std::chrono::year_month_day a, std::chrono::year_month_day b) {
    return static_cast<int>((std::chrono::sys_days{b} - std::chrono::sys_days{a}).count());
}

} // namespace

QString strategyTitle(StrategyTemplate t) {
    switch (t) {
    case StrategyTemplate::BullCallSpread:
        return StrategyBuilderModel::tr("Bull call spread");
    case StrategyTemplate::BearCallSpread:
        return StrategyBuilderModel::tr("Bear call spread");
    case StrategyTemplate::BullPutSpread:
        return StrategyBuilderModel::tr("Bull put spread");
    case StrategyTemplate::BearPutSpread:
        return StrategyBuilderModel::tr("Bear put spread");
    case StrategyTemplate::LongStraddle:
        return StrategyBuilderModel::tr("Long straddle");
    case StrategyTemplate::ShortStraddle:
        return StrategyBuilderModel::tr("Short straddle");
    case StrategyTemplate::LongStrangle:
        return StrategyBuilderModel::tr("Long strangle");
    case StrategyTemplate::ShortStrangle:
        return StrategyBuilderModel::tr("Short strangle");
    case StrategyTemplate::IronCondor:
        return StrategyBuilderModel::tr("Iron condor");
    case StrategyTemplate::IronButterfly:
        return StrategyBuilderModel::tr("Iron butterfly");
    case StrategyTemplate::Butterfly:
        return StrategyBuilderModel::tr("Butterfly");
    case StrategyTemplate::Calendar:
        return StrategyBuilderModel::tr("Calendar");
    case StrategyTemplate::Diagonal:
        return StrategyBuilderModel::tr("Diagonal");
    case StrategyTemplate::Custom:
        return StrategyBuilderModel::tr("Custom");
    }
    return {};
}

StrategyBuilderModel::StrategyBuilderModel(ChainSession &session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session) {
    m_timer.setSingleShot(true);
    m_timer.setInterval(250);
    connect(&m_timer, &QTimer::timeout, this, &StrategyBuilderModel::refreshNow);
    // Pushed quotes (a coalesced batch) and polls both move the legs' contracts in the store.
    connect(&session, &ChainSession::quoteBatchApplied, this,
            &StrategyBuilderModel::scheduleRefresh);
    connect(&session, &ChainSession::updated, this, &StrategyBuilderModel::scheduleRefresh);
    connect(&session, &ChainSession::expiryChanged, this, &StrategyBuilderModel::expiriesChanged);
    connect(&session, &ChainSession::stateChanged, this, [this](ChainSession::State s) {
        Q_EMIT expiriesChanged();
        // Another symbol: the legs were on the old one.
        if (s == ChainSession::State::Loading && !m_strategy.legs.empty() &&
            m_session.symbol() != qs(m_strategy.underlying))
            clear();
    });
}

StrategyBuilderModel::~StrategyBuilderModel() = default;

Timestamp StrategyBuilderModel::now() const {
    return m_session.clock().now();
}

const OptionContract *StrategyBuilderModel::liveContract(const OptionContract &c) const {
    if (const ChainEntry *e = m_session.chainModel()->entryOf(c.symbol))
        return &e->contract;
    const auto &byExpiry = m_session.entriesByExpiry();
    const auto it = byExpiry.find(c.expiry);
    if (it == byExpiry.end())
        return nullptr;
    for (const ChainEntry &e : it->second)
        if (e.contract.symbol == c.symbol)
            return &e.contract;
    return nullptr;
}

std::optional<std::chrono::year_month_day> StrategyBuilderModel::shownExpiry() const {
    return m_session.expiry();
}

std::vector<std::chrono::year_month_day> StrategyBuilderModel::laterExpiries() const {
    std::vector<std::chrono::year_month_day> out;
    const auto shown = m_session.expiry();
    if (!shown)
        return out;
    for (const auto &[expiry, entries] : m_session.entriesByExpiry())
        if (expiry > *shown && !entries.empty())
            out.push_back(expiry);
    return out;
}

Result<Unit> StrategyBuilderModel::placeTemplate(const StrategyPlacementParams &params) {
    const auto shown = m_session.expiry();
    if (!shown)
        return Error::make(tr("No chain is shown: open a symbol first.").toStdString());
    const double spot = m_session.underlyingPrice();
    if (!(spot > 0.0))
        return Error::make(tr("The underlying price is not known yet.").toStdString());
    const auto &byExpiry = m_session.entriesByExpiry();
    std::vector<OptionContract> chain;
    const auto near = byExpiry.find(*shown);
    if (near == byExpiry.end())
        return Error::make(tr("The shown expiry is not loaded yet.").toStdString());
    for (const ChainEntry &e : near->second)
        chain.push_back(e.contract);

    StrategyBuildParams build;
    build.kind = params.kind;
    // Only the shown expiry (and the far one) are offered: the window is then any DTE.
    build.minDte = 0;
    build.maxDte = 100000;
    build.width = params.width;
    if (params.by == StrategyPlacement::Delta && params.value > 0.0)
        build.shortDelta = params.value;
    else if (params.by == StrategyPlacement::OtmPercent)
        build.otmPct = params.value;
    if (spansExpiries(params.kind)) {
        auto far = byExpiry.end();
        if (params.farExpiry)
            far = byExpiry.find(*params.farExpiry);
        else
            for (auto it = std::next(near); it != byExpiry.end(); ++it)
                if (daysBetween(*shown, it->first) >= kDefaultFarGapDays) {
                    far = it;
                    break;
                }
        if (far == byExpiry.end() || !(far->first > *shown))
            return Error::make(tr("A %1 needs a far expiry after the shown one: none is loaded.")
                                   .arg(qs(toString(params.kind)))
                                   .toStdString());
        build.farGapDays = daysBetween(*shown, far->first);
        for (const ChainEntry &e : far->second)
            chain.push_back(e.contract);
    }
    auto placed = buildStrategy(chain, m_session.symbol().toStdString(), spot, build,
                                m_session.clock().now());
    if (!placed)
        return placed.error();
    beginResetModel();
    m_strategy = std::move(placed).value();
    m_strategy.placedFrom = params.kind;
    m_shown.clear();
    for (int i = 0; i < static_cast<int>(m_strategy.legs.size()); ++i)
        m_shown.push_back(shownOf(i));
    endResetModel();
    recompute();
    return Unit{};
}

Result<Unit> StrategyBuilderModel::addLeg(const QString &occSymbol, OrderSide side, int ratio) {
    const auto parsed = parseOccSymbol(occSymbol.toStdString());
    if (!parsed)
        return Error::make(tr("%1 is not an option symbol.").arg(occSymbol).toStdString());
    OptionContract probe;
    probe.symbol = occSymbol.toStdString();
    probe.expiry = parsed->expiry;
    const OptionContract *c = liveContract(probe);
    if (!c)
        return Error::make(tr("%1 is not in the loaded chain.").arg(occSymbol).toStdString());
    if (!m_strategy.legs.empty() && c->underlying != m_strategy.underlying)
        return Error::make(tr("The strategy is on %1: clear it before adding a %2 contract.")
                               .arg(qs(m_strategy.underlying), qs(c->underlying))
                               .toStdString());
    ratio = std::clamp(ratio, 1, kMaxRatio);
    for (int row = 0; row < static_cast<int>(m_strategy.legs.size()); ++row) {
        const StrategyLeg &leg = m_strategy.legs[static_cast<std::size_t>(row)];
        if (leg.contract.symbol == c->symbol && leg.side == side)
            return setRatio(row, leg.ratio + ratio)
                       ? Result<Unit>(Unit{})
                       : Error::make(tr("A leg takes at most %1 contracts per unit.")
                                         .arg(kMaxRatio)
                                         .toStdString());
    }
    if (m_strategy.legs.size() >= kMaxLegs)
        return Error::make(tr("Alpaca takes at most %1 legs in one order: remove one first.")
                               .arg(kMaxLegs)
                               .toStdString());
    const int row = static_cast<int>(m_strategy.legs.size());
    beginInsertRows({}, row, row);
    if (m_strategy.legs.empty()) {
        m_strategy.underlying = c->underlying;
        m_strategy.explanation.clear();
        m_strategy.placedFrom.reset(); // built by hand from nothing: no template's settings
    }
    m_strategy.legs.push_back(openingLeg(*c, side, ratio));
    m_shown.push_back(shownOf(row));
    endInsertRows();
    structureChanged();
    return Unit{};
}

void StrategyBuilderModel::removeLeg(int row) {
    if (row < 0 || row >= rowCount())
        return;
    beginRemoveRows({}, row, row);
    m_strategy.legs.erase(m_strategy.legs.begin() + row);
    m_shown.erase(m_shown.begin() + row);
    endRemoveRows();
    structureChanged();
}

void StrategyBuilderModel::clear() {
    beginResetModel();
    m_strategy = MultiLegStrategy{};
    m_shown.clear();
    endResetModel();
    recompute();
}

bool StrategyBuilderModel::setSide(int row, OrderSide side) {
    if (row < 0 || row >= rowCount())
        return false;
    StrategyLeg &leg = m_strategy.legs[static_cast<std::size_t>(row)];
    if (leg.side == side)
        return true;
    leg = openingLeg(leg.contract, side, leg.ratio);
    Q_EMIT dataChanged(index(row, Side), index(row, Side));
    structureChanged();
    return true;
}

bool StrategyBuilderModel::setRatio(int row, int ratio) {
    if (row < 0 || row >= rowCount() || ratio < 1 || ratio > kMaxRatio)
        return false;
    StrategyLeg &leg = m_strategy.legs[static_cast<std::size_t>(row)];
    if (leg.ratio == ratio)
        return true;
    leg.ratio = ratio;
    Q_EMIT dataChanged(index(row, Ratio), index(row, Ratio));
    structureChanged();
    return true;
}

void StrategyBuilderModel::structureChanged() {
    // Legs added or edited by hand are no longer the template's placement: the order and its
    // record say "custom" (the explanation still names the template it started from).
    m_strategy.kind = StrategyTemplate::Custom;
    if (!m_strategy.explanation.empty() &&
        m_strategy.explanation.find("edited by hand") == std::string::npos)
        m_strategy.explanation += "; edited by hand";
    recompute();
}

QString StrategyBuilderModel::firstGateFailure() const {
    if (m_strategy.legs.empty())
        return {};
    return qs(firstStrategyGateFailure(m_strategy, m_legGates, m_combo));
}

int StrategyBuilderModel::daysToNearExpiry() const {
    if (m_strategy.legs.empty())
        return 0;
    auto near = m_strategy.legs.front().contract.expiry;
    for (const StrategyLeg &l : m_strategy.legs)
        near = std::min(near, l.contract.expiry);
    return std::max(0, daysToExpiry(near, now()));
}

void StrategyBuilderModel::setDaysForward(int days) {
    days = std::clamp(days, 0, std::max(0, daysToNearExpiry()));
    if (days == m_daysForward)
        return;
    m_daysForward = days;
    computePayoff();
    Q_EMIT figuresChanged();
}

void StrategyBuilderModel::setMaxComboSpreadPct(double pct) {
    m_maxComboPct = pct;
    recompute();
}

void StrategyBuilderModel::setLive(bool live) {
    m_live = live;
    if (live && m_dirty)
        scheduleRefresh();
}

void StrategyBuilderModel::setRefreshInterval(int ms) {
    m_timer.setInterval(std::max(0, ms));
}

void StrategyBuilderModel::scheduleRefresh() {
    if (m_strategy.legs.empty())
        return;
    m_dirty = true;
    if (m_live && !m_timer.isActive())
        m_timer.start();
}

StrategyBuilderModel::Shown StrategyBuilderModel::shownOf(int row) const {
    const OptionContract &c = m_strategy.legs[static_cast<std::size_t>(row)].contract;
    Shown s;
    if (c.quote) {
        s.bid = c.quote->bid;
        s.ask = c.quote->ask;
    }
    if (c.greeks)
        s.delta = c.greeks->delta;
    s.iv = c.impliedVol;
    s.failures = evaluateGates(c, m_session.thresholds(), now()).failures();
    return s;
}

void StrategyBuilderModel::refreshNow() {
    m_timer.stop();
    m_dirty = false;
    if (m_strategy.legs.empty())
        return;
    ++m_refreshes;
    for (int row = 0; row < static_cast<int>(m_strategy.legs.size()); ++row) {
        StrategyLeg &leg = m_strategy.legs[static_cast<std::size_t>(row)];
        if (const OptionContract *live = liveContract(leg.contract))
            leg.contract = *live;
        Shown s = shownOf(row);
        if (!(s == m_shown[static_cast<std::size_t>(row)])) {
            m_shown[static_cast<std::size_t>(row)] = s;
            Q_EMIT dataChanged(index(row, Bid), index(row, Gates));
        }
    }
    recompute();
}

void StrategyBuilderModel::recompute() {
    if (m_session.underlyingPrice() > 0.0)
        m_spot = m_session.underlyingPrice();
    m_legGates.clear();
    m_figures.reset();
    m_figuresError.clear();
    m_combo = ComboGateResult{};
    if (m_strategy.legs.empty()) {
        m_payoff = StrategyPayoff{};
        m_daysForward = 0;
        Q_EMIT figuresChanged();
        return;
    }
    m_legGates = cg::legGates(m_strategy, m_session.thresholds(), now());
    if (m_strategy.legs.size() >= 2) {
        m_combo = comboSpreadGate(m_strategy, m_maxComboPct);
    } else {
        m_combo.pass = false;
        m_combo.threshold = m_maxComboPct;
        m_combo.reason = tr("A multi-leg order needs two legs or more").toStdString();
    }
    // Prices without the risk figures are kept: enough for a ticket that closes the strategy.
    if (auto f = strategyFiguresOrPrices(m_strategy, m_spot, now())) {
        m_figures = std::move(f).value();
        m_figuresError = qs(m_figures->notValued);
    } else {
        m_figuresError = qs(f.error().message);
    }
    m_daysForward = std::clamp(m_daysForward, 0, daysToNearExpiry());
    computePayoff();
    Q_EMIT figuresChanged();
}

void StrategyBuilderModel::computePayoff() {
    m_payoff = StrategyPayoff{};
    if (!m_figures || m_strategy.legs.empty() || !(m_spot > 0.0))
        return;
    double lo = m_spot, hi = m_spot;
    for (const StrategyLeg &l : m_strategy.legs) {
        lo = std::min(lo, l.contract.strike);
        hi = std::max(hi, l.contract.strike);
    }
    // Wide enough to show the wings' flat ends and the slopes beyond them.
    const double pad = std::max((hi - lo) * 0.6, m_spot * 0.06);
    const double from = std::max(0.01, lo - pad);
    const double to = hi + pad;
    const double mult = m_figures->multiplier;
    const double premium = m_figures->netMid;
    const Timestamp t0 = now();
    m_payoff.expiryInstant = nearExpiryInstant(m_strategy);
    m_payoff.dateInstant =
        std::min(t0 + std::chrono::hours(24) * m_daysForward, m_payoff.expiryInstant);
    m_payoff.livePrice = m_spot;
    m_payoff.breakEvens = m_figures->breakEvens;
    bool today = true, atDate = true, atExpiry = true;
    for (int i = 0; i < kPayoffPoints; ++i) {
        const double x = from + (to - from) * i / (kPayoffPoints - 1);
        m_payoff.spot.push_back(x);
        const auto a = strategyPnl(m_strategy, x, t0, premium);
        const auto b = strategyPnl(m_strategy, x, m_payoff.dateInstant, premium);
        const auto e = pnlAtExpiry(m_strategy, x, premium);
        today = today && a;
        atDate = atDate && b;
        atExpiry = atExpiry && e;
        m_payoff.today.push_back(a.value_or(0.0) * mult);
        m_payoff.atDate.push_back(b.value_or(0.0) * mult);
        m_payoff.atExpiry.push_back(e.value_or(0.0) * mult);
    }
    // A curve a leg cannot be priced for (no IV) is left out rather than drawn at zero.
    if (!today)
        m_payoff.today.clear();
    if (!atDate)
        m_payoff.atDate.clear();
    if (!atExpiry)
        m_payoff.atExpiry.clear();
}

int StrategyBuilderModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_strategy.legs.size());
}

int StrategyBuilderModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StrategyBuilderModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const StrategyLeg &leg = m_strategy.legs[row];
    const OptionContract &c = leg.contract;
    const GateReport *gates = row < m_legGates.size() ? &m_legGates[row] : nullptr;
    if (role == GatesPassRole)
        return gates ? QVariant(gates->tradeable()) : QVariant();
    if (role == GateReasonsRole) {
        QStringList reasons;
        if (gates)
            for (const GateResult &g : gates->gates)
                reasons << QStringLiteral("%1 %2: %3")
                               .arg(g.pass ? QStringLiteral("\u2714") : QStringLiteral("\u2718"),
                                    gateName(g.id), qs(g.reason()));
        return reasons;
    }
    if (role == Qt::EditRole) {
        if (index.column() == Side)
            return leg.side == OrderSide::Buy ? 0 : 1;
        if (index.column() == Ratio)
            return leg.ratio;
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Gates)
            return data(index, GateReasonsRole).toStringList().join(QLatin1Char('\n'));
        if (index.column() == Contract)
            return qs(c.symbol);
        // Whether the leg opens or closes is the positions' to say: the ticket reads them.
        if (index.column() == Side)
            return leg.side == OrderSide::Buy
                       ? tr("Buy: to open, or to close a short held (the ticket says which)")
                       : tr("Sell: to open, or to close a long held (the ticket says which)");
        return {};
    }
    if (role == Qt::TextAlignmentRole)
        return index.column() >= Bid && index.column() <= Iv
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Side:
        return leg.side == OrderSide::Buy ? tr("Buy") : tr("Sell");
    case Ratio:
        return leg.ratio;
    case Contract:
        return contractText(c);
    case Bid:
        return c.quote ? priceText(c.quote->bid) : QString();
    case Ask:
        return c.quote ? priceText(c.quote->ask) : QString();
    case Mid:
        return c.quote && c.quote->bid > 0.0 ? midText(mid(*c.quote)) : QString();
    case Delta:
        return c.greeks ? QLocale::c().toString(c.greeks->delta, 'f', 3) : QString();
    case Iv:
        return c.impliedVol ? percentText(*c.impliedVol * 100.0, 1) : QString();
    case Gates: {
        if (!gates)
            return {};
        QString marks;
        for (const GateResult &g : gates->gates)
            marks += g.pass ? QStringLiteral("\u2714") : QStringLiteral("\u2718");
        return marks;
    }
    default:
        return {};
    }
}

bool StrategyBuilderModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (!index.isValid() || role != Qt::EditRole)
        return false;
    if (index.column() == Side) {
        const QString text = value.toString();
        const bool sell = value.typeId() == QMetaType::QString
                              ? text.compare(tr("Sell"), Qt::CaseInsensitive) == 0 ||
                                    text.compare(QStringLiteral("sell"), Qt::CaseInsensitive) == 0
                              : value.toInt() == 1;
        return setSide(index.row(), sell ? OrderSide::Sell : OrderSide::Buy);
    }
    if (index.column() == Ratio)
        return setRatio(index.row(), value.toInt());
    return false;
}

Qt::ItemFlags StrategyBuilderModel::flags(const QModelIndex &index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && (index.column() == Side || index.column() == Ratio))
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant StrategyBuilderModel::headerData(int section, Qt::Orientation orientation,
                                          int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Side:
            return tr("Buy or sell (double-click to change); the ticket says whether each leg "
                      "opens or closes, from the positions held");
        case Ratio:
            return tr("Contracts of this leg per unit of the strategy (double-click to change)");
        case Gates:
            return tr("The five gates: quote valid, spread, not expired, open interest, volume "
                      "(hover a leg for the reasons)");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Side:
        return tr("Side");
    case Ratio:
        return tr("Ratio");
    case Contract:
        return tr("Contract");
    case Bid:
        return tr("Bid");
    case Ask:
        return tr("Ask");
    case Mid:
        return tr("Mid");
    case Delta:
        return tr("Delta");
    case Iv:
        return tr("IV");
    case Gates:
        return tr("Gates");
    default:
        return {};
    }
}

} // namespace cg::models
