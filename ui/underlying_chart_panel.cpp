#include "ui/underlying_chart_panel.h"

#include "domain/eastern_time.h"
#include "domain/expected_move.h"
#include "models/chain_session.h"
#include "ui/plot_style.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/qcustomplot_include.h"

#include <algorithm>

namespace cg::ui {

using namespace std::chrono;
using models::ChainSession;

namespace {

constexpr int kRefreshMs = 60'000; // a new 5-minute bar is never more than a minute late

double seconds(Timestamp t) {
    return static_cast<double>(t.time_since_epoch().count()) / 1000.0;
}

QString dateText(year_month_day d) {
    return QLocale::c().toString(QDate(static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                                       static_cast<unsigned>(d.day())),
                                 QStringLiteral("MMM d"));
}

} // namespace

UnderlyingChartPanel::UnderlyingChartPanel(ChainSession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_intraday(new QToolButton(this))
    , m_daily(new QToolButton(this))
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_plot(new QCustomPlot(this)) {
    m_plot->setObjectName(QStringLiteral("underlyingPlot"));
    m_status->setObjectName(QStringLiteral("underlyingStatus"));
    m_intraday->setText(tr("Intraday"));
    m_intraday->setToolTip(tr("Today's 5-minute bars (the last session's before the open)"));
    m_daily->setText(tr("6 months"));
    m_daily->setToolTip(tr("Daily bars over about six months"));
    for (QToolButton *b : {m_intraday, m_daily}) {
        b->setCheckable(true);
        b->setAutoRaise(true);
    }
    m_intraday->setChecked(true);
    connect(m_intraday, &QToolButton::clicked, this, [this] { setRange(Range::Intraday); });
    connect(m_daily, &QToolButton::clicked, this, [this] { setRange(Range::Daily); });

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_title, 1);
    top->addWidget(m_intraday);
    top->addWidget(m_daily);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_status);
    m_status->setWordWrap(true);
    m_plot->setMinimumHeight(140);

    m_candles = new QCPFinancial(m_plot->xAxis, m_plot->yAxis);
    m_candles->setChartStyle(QCPFinancial::csCandlestick);
    m_candles->setTwoColored(true);
    m_candles->setName(tr("Price"));
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeSpec(Qt::UTC);
    m_plot->xAxis->setTicker(ticker);
    m_band = new QCPItemRect(m_plot);
    m_last = new QCPItemStraightLine(m_plot);
    m_bandLabel = new QCPItemText(m_plot);
    m_bandLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_bandLabel->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_bandLabel->position->setCoords(0.01, 0.01);
    m_bandLabel->setClipToAxisRect(false);
    // The theme's styling now and at every palette change; the series colours with it.
    followPalette(m_plot, [this] { applyColors(); });
    applyColors();

    connect(&session, &ChainSession::stateChanged, this, [this](ChainSession::State s) {
        if (s == ChainSession::State::Loaded) {
            if (m_session.symbol() != m_symbol)
                reload();
        } else if (s != ChainSession::State::Loading) {
            clear(s == ChainSession::State::NoSymbol ? QString() : m_session.errorMessage());
        }
    });
    connect(&session, &ChainSession::updated, this, &UnderlyingChartPanel::updateBand);
    m_timer.setInterval(kRefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &UnderlyingChartPanel::reload);
    m_timer.start();
    clear({});
}

QString UnderlyingChartPanel::statusText() const {
    return m_status->text();
}

void UnderlyingChartPanel::setRange(Range range) {
    m_intraday->setChecked(range == Range::Intraday);
    m_daily->setChecked(range == Range::Daily);
    if (range == m_range)
        return;
    m_range = range;
    reload();
}

void UnderlyingChartPanel::clear(const QString &why) {
    ++m_generation; // an answer on its way is for what is no longer shown
    m_symbol.clear();
    m_barCount = 0;
    m_lastClose = 0.0;
    m_candles->data()->clear();
    m_title->setText(tr("No symbol"));
    m_status->setText(why);
    updateBand();
}

void UnderlyingChartPanel::reload() {
    if (m_session.state() != ChainSession::State::Loaded || m_session.symbol().isEmpty())
        return;
    const QString symbol = m_session.symbol();
    const Timestamp now = m_session.clock().now();
    BarsQuery q;
    q.symbol = symbol.toStdString();
    if (m_range == Range::Intraday) {
        // From a few days back, of which the latest session is kept: before the open (or on a
        // weekend) that is the last session rather than an empty chart.
        q.timeframe = "5Min";
        q.start = easternInstant(year_month_day{sys_days{easternDate(now)} - days{5}}, 0, 0);
        m_barSeconds = 300.0;
    } else {
        q.timeframe = "1Day";
        q.start = now - days{183};
        m_barSeconds = 86400.0;
    }
    q.end = now;
    const quint64 generation = ++m_generation;
    const Range range = m_range;
    QPointer<UnderlyingChartPanel> self(this);
    m_status->setText(tr("Loading %1 bars…").arg(symbol));
    m_session.marketData().stockBars(q, [self, generation, symbol,
                                         range](Result<std::vector<PriceBar>> bars) {
        if (!self || generation != self->m_generation)
            return;
        self->m_symbol = symbol;
        self->m_candles->data()->clear();
        self->m_barCount = 0;
        if (!bars) {
            self->m_lastClose = 0.0;
            self->m_status->setText(
                tr("Bars unavailable: %1").arg(QString::fromStdString(bars.error().message)));
            self->updateBand();
            return;
        }
        std::vector<PriceBar> shown = std::move(bars).value();
        if (range == Range::Intraday && !shown.empty()) {
            const year_month_day last = easternDate(shown.back().time);
            std::erase_if(shown, [last](const PriceBar &b) { return easternDate(b.time) != last; });
        }
        QVector<QCPFinancialData> data;
        data.reserve(static_cast<int>(shown.size()));
        for (const PriceBar &b : shown)
            data.append(QCPFinancialData(seconds(b.time), b.open, b.high, b.low, b.close));
        self->m_candles->data()->set(data, true);
        self->m_candles->setWidth(self->m_barSeconds * 0.7);
        self->m_barCount = static_cast<int>(shown.size());
        self->m_lastClose = shown.empty() ? 0.0 : shown.back().close;
        if (shown.empty()) {
            self->m_title->setText(symbol);
            self->m_status->setText(tr("No bars for %1 in this range").arg(symbol));
        } else {
            const year_month_day first = easternDate(shown.front().time);
            const year_month_day last = easternDate(shown.back().time);
            self->m_title->setText(
                range == Range::Intraday
                    ? tr("%1 · 5-minute bars, %2").arg(symbol, dateText(last))
                    : tr("%1 · daily bars, %2 to %3").arg(symbol, dateText(first), dateText(last)));
            self->m_status->clear();
        }
        self->updateBand();
    });
}

void UnderlyingChartPanel::updateBand() {
    // The last price: the chain's underlying price when it is this symbol's, else the last bar.
    const bool same = m_session.symbol() == m_symbol && m_session.underlyingPrice() > 0.0;
    const double lastPrice = same ? m_session.underlyingPrice() : m_lastClose;
    std::optional<ExpectedMove> em;
    if (same && m_barCount > 0) {
        const year_month_day today = easternDate(m_session.clock().now());
        for (const auto &[expiry, entries] : m_session.entriesByExpiry()) {
            if (expiry < today)
                continue;
            std::vector<OptionContract> contracts;
            contracts.reserve(entries.size());
            for (const auto &e : entries)
                contracts.push_back(e.contract);
            if ((em = straddleExpectedMove(contracts, lastPrice, expiry)))
                break;
        }
    }
    m_move = em ? em->move : 0.0;
    const bool haveBars = m_barCount > 0;
    m_last->setVisible(haveBars && lastPrice > 0.0);
    m_band->setVisible(haveBars && em.has_value());
    m_bandLabel->setVisible(haveBars);
    if (haveBars) {
        m_last->point1->setCoords(0, lastPrice);
        m_last->point2->setCoords(1, lastPrice);
        const QLocale c = QLocale::c();
        if (em) {
            const double lo = m_candles->data()->begin()->key - m_barSeconds;
            const double hi = (m_candles->data()->end() - 1)->key + m_barSeconds * 4;
            m_band->topLeft->setCoords(lo, lastPrice + em->move);
            m_band->bottomRight->setCoords(hi, lastPrice - em->move);
            m_bandLabel->setText(
                tr("Expected move \u00b1%1 (\u00b1%2%) by %3\nATM %4 straddle \u00b7 last %5")
                    .arg(c.toString(em->move, 'f', 2),
                         c.toString(em->move / lastPrice * 100.0, 'f', 1), dateText(em->expiry),
                         c.toString(em->strike, 'f', em->strike == std::floor(em->strike) ? 0 : 1),
                         c.toString(lastPrice, 'f', 2)));
        } else {
            m_bandLabel->setText(
                tr("Last %1 · no quoted at-the-money straddle for an expected move")
                    .arg(c.toString(lastPrice, 'f', 2)));
        }
    }
    fitRanges();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void UnderlyingChartPanel::fitRanges() {
    if (m_barCount == 0) {
        m_plot->xAxis->setRange(0, 1);
        m_plot->yAxis->setRange(0, 1);
        return;
    }
    bool found = false;
    QCPRange keys = m_candles->getKeyRange(found);
    QCPRange values = m_candles->getValueRange(found);
    if (m_band->visible()) {
        values.expand(m_band->topLeft->coords().y());
        values.expand(m_band->bottomRight->coords().y());
        keys.expand(m_band->bottomRight->coords().x());
    }
    const double pad = std::max(values.size() * 0.08, 0.01);
    m_plot->xAxis->setRange(keys.lower - m_barSeconds, keys.upper + m_barSeconds);
    m_plot->yAxis->setRange(values.lower - pad, values.upper + pad * 2.5); // room for the label
    auto ticker = qSharedPointerCast<QCPAxisTickerDateTime>(m_plot->xAxis->ticker());
    // New York wall time on the axis: the session reads 09:30 to 16:00.
    const int offset = static_cast<int>(
        duration_cast<std::chrono::seconds>(easternUtcOffset(m_session.clock().now())).count());
    ticker->setDateTimeSpec(Qt::OffsetFromUTC);
    ticker->setTimeZone(QTimeZone(offset));
    ticker->setDateTimeFormat(m_range == Range::Intraday ? QStringLiteral("HH:mm")
                                                         : QStringLiteral("MMM d"));
}

void UnderlyingChartPanel::applyColors() {
    const QPalette p = m_plot->palette();
    const QColor up = callColor(p), down = putColor(p);
    m_candles->setBrushPositive(up);
    m_candles->setPenPositive(QPen(up));
    m_candles->setBrushNegative(down);
    m_candles->setPenNegative(QPen(down));
    QColor band = p.color(QPalette::Highlight);
    band.setAlpha(40);
    QColor edge = p.color(QPalette::Highlight);
    edge.setAlpha(140);
    m_band->setBrush(band);
    m_band->setPen(QPen(edge, 1, Qt::DashLine));
    m_last->setPen(QPen(p.color(QPalette::Text), 1, Qt::DotLine));
    m_bandLabel->setColor(p.color(QPalette::Text));
}

} // namespace cg::ui
