#include "ui/account_history_docks.h"

#include "domain/eastern_time.h"
#include "domain/position_figures.h"
#include "models/activities_model.h"
#include "models/display_format.h"
#include "models/positions_model.h"
#include "ui/plot_style.h"
#include "ui/qcustomplot_include.h"
#include "ui/trading_table_view.h"

#include <QDockWidget>
#include <QHBoxLayout>
#include <QLabel>
#include <QMainWindow>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>

#include <chrono>
#include <map>

namespace cg::ui {

using namespace std::chrono;

namespace {

struct PeriodChoice {
    const char *period;
    const char *timeframe;
};

PeriodChoice choiceFor(const QString &period) {
    if (period == QLatin1String("1D"))
        return {"1D", "5Min"};
    if (period == QLatin1String("1W"))
        return {"1W", "1H"};
    if (period == QLatin1String("3M"))
        return {"3M", "1D"};
    return {"1M", "1D"};
}

} // namespace

AccountHistoryDocks::AccountHistoryDocks(QMainWindow &window, Broker &broker, const Clock &clock,
                                         models::PositionsModel *positions, int pollMs)
    : QObject(&window)
    , m_window(window)
    , m_broker(broker)
    , m_clock(clock)
    , m_positions(positions)
    , m_activities(new models::ActivitiesModel(this))
    , m_table(new TradingTableView(&window))
    , m_activitiesStatus(new QLabel(&window))
    , m_plot(new QCustomPlot(&window))
    , m_equityStatus(new QLabel(&window))
    , m_activitiesDock(new QDockWidget(tr("Activities"), &window))
    , m_equityDock(new QDockWidget(tr("Equity"), &window)) {
    setObjectName(QStringLiteral("accountHistoryDocks"));
    m_table->setObjectName(QStringLiteral("activitiesTable"));
    m_table->setModel(m_activities);
    m_table->setSortingEnabled(false); // newest first, as Alpaca lists them
    m_table->setPlaceholderText(tr("No account activity yet"));
    m_activitiesStatus->setObjectName(QStringLiteral("activitiesStatus"));
    m_activitiesStatus->setWordWrap(true);
    auto *activitiesBox = new QWidget(&window);
    auto *al = new QVBoxLayout(activitiesBox);
    al->setContentsMargins(0, 0, 0, 0);
    al->setSpacing(2);
    al->addWidget(m_table, 1);
    al->addWidget(m_activitiesStatus);

    m_plot->setObjectName(QStringLiteral("equityPlot"));
    m_plot->setMinimumHeight(140);
    m_equityStatus->setObjectName(QStringLiteral("equityStatus"));
    m_equityStatus->setWordWrap(true);
    m_graph = m_plot->addGraph();
    m_graph->setName(tr("Equity"));
    m_graph->setLineStyle(QCPGraph::lsLine);
    m_graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4)); // one point shows too
    m_base = new QCPItemStraightLine(m_plot);
    m_base->setVisible(false);
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    m_plot->xAxis->setTicker(ticker);
    m_plot->yAxis->setLabel(tr("Equity ($)"));
    followPalette(m_plot, [this] { applyColors(); });
    applyColors();

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("Account equity"), &window);
    top->addWidget(title, 1);
    for (const char *p : {"1D", "1W", "1M", "3M"}) {
        auto *b = new QToolButton(&window);
        b->setText(QLatin1String(p));
        b->setObjectName(QStringLiteral("equityPeriod") + QLatin1String(p));
        b->setCheckable(true);
        b->setAutoRaise(true);
        b->setChecked(m_period == QLatin1String(p));
        connect(b, &QToolButton::clicked, this, [this, p] { setPeriod(QLatin1String(p)); });
        top->addWidget(b);
        m_periodButtons << b;
    }
    auto *equityBox = new QWidget(&window);
    auto *el = new QVBoxLayout(equityBox);
    el->setContentsMargins(4, 4, 4, 4);
    el->addLayout(top);
    el->addWidget(m_plot, 1);
    el->addWidget(m_equityStatus);

    for (auto [dock, name, content] :
         {std::tuple{m_activitiesDock, "activitiesDock", activitiesBox},
          std::tuple{m_equityDock, "equityDock", equityBox}}) {
        dock->setObjectName(QLatin1String(name));
        dock->setWidget(content);
        dock->setAllowedAreas(Qt::AllDockWidgetAreas);
        window.addDockWidget(Qt::BottomDockWidgetArea, dock);
    }
    // Beside the other trading docks when they are there.
    QDockWidget *last = nullptr;
    for (const char *name : {"metricsDock", "executionsDock", "ordersDock", "positionsDock"}) {
        if ((last = window.findChild<QDockWidget *>(QLatin1String(name))))
            break;
    }
    if (last) {
        window.tabifyDockWidget(last, m_activitiesDock);
        window.tabifyDockWidget(m_activitiesDock, m_equityDock);
        if (auto *positionsDock = window.findChild<QDockWidget *>(QStringLiteral("positionsDock")))
            positionsDock->raise();
    }
    connect(m_activitiesDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            loadActivities();
    });
    connect(m_equityDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            loadEquity();
    });

    m_activitiesSoon.setSingleShot(true);
    m_activitiesSoon.setInterval(1000);
    connect(&m_activitiesSoon, &QTimer::timeout, this, &AccountHistoryDocks::loadActivities);
    m_timer.setInterval(std::max(1000, pollMs));
    connect(&m_timer, &QTimer::timeout, this, &AccountHistoryDocks::reload);
    m_timer.start();
    QTimer::singleShot(0, this, &AccountHistoryDocks::reload);
}

QString AccountHistoryDocks::activitiesStatus() const {
    return m_activitiesStatus->text();
}

QString AccountHistoryDocks::equityStatus() const {
    return m_equityStatus->text();
}

void AccountHistoryDocks::setPeriod(const QString &period) {
    m_period = choiceFor(period).period;
    for (QToolButton *b : m_periodButtons)
        b->setChecked(b->text() == m_period);
    loadEquity();
}

void AccountHistoryDocks::reloadActivitiesSoon() {
    if (!m_activitiesSoon.isActive())
        m_activitiesSoon.start();
}

void AccountHistoryDocks::reload() {
    loadActivities();
    loadEquity();
}

void AccountHistoryDocks::loadActivities() {
    ActivitiesQuery q;
    q.maxActivities = 500;
    QPointer<AccountHistoryDocks> self(this);
    m_broker.activities(q, [self](Result<std::vector<Activity>> r) {
        if (!self)
            return;
        if (!r) {
            const QString e = QString::fromStdString(r.error().message);
            self->m_activitiesStatus->setText(tr("Activities unavailable: %1").arg(e));
            Q_EMIT self->activitiesLoaded(0, e);
            return;
        }
        // Today's fills (New York date) by symbol: the Positions table's day P&L counts them.
        auto fills = todayFills(*r, easternDate(self->m_clock.now()));
        int exercised = 0, assigned = 0, expired = 0;
        for (const Activity &a : *r) {
            exercised += a.activityType == "OPEXC" || a.activityType == "OPXRC";
            assigned += a.activityType == "OPASN";
            expired += a.activityType == "OPEXP";
        }
        if (self->m_positions)
            self->m_positions->setTodayFills(std::move(fills));
        const int n = static_cast<int>(r->size());
        self->m_activities->setActivities(std::move(*r));
        self->m_activitiesStatus->setText(
            tr("%1 activities, newest first").arg(n) +
            (exercised + assigned + expired > 0
                 ? tr(" · option events: %1 exercised, %2 assigned, %3 expired")
                       .arg(exercised)
                       .arg(assigned)
                       .arg(expired)
                 : QString()));
        Q_EMIT self->activitiesLoaded(n, {});
    });
}

void AccountHistoryDocks::loadEquity() {
    const PeriodChoice c = choiceFor(m_period);
    PortfolioHistoryQuery q;
    q.period = c.period;
    q.timeframe = c.timeframe;
    QPointer<AccountHistoryDocks> self(this);
    m_broker.portfolioHistory(q, [self](Result<PortfolioHistory> r) {
        if (!self)
            return;
        if (!r) {
            const QString e = QString::fromStdString(r.error().message);
            self->m_equityStatus->setText(tr("Equity history unavailable: %1").arg(e));
            self->m_points = 0;
            Q_EMIT self->equityLoaded(0, e);
            return;
        }
        self->showEquity(*r);
        Q_EMIT self->equityLoaded(self->m_points, {});
    });
}

void AccountHistoryDocks::showEquity(const PortfolioHistory &h) {
    QVector<double> keys, values;
    for (std::size_t i = 0; i < h.timestamps.size() && i < h.equity.size(); ++i) {
        if (!h.equity[i])
            continue; // a point without data is a gap, not a zero
        keys << static_cast<double>(
            duration_cast<seconds>(h.timestamps[i].time_since_epoch()).count());
        values << *h.equity[i];
    }
    m_points = static_cast<int>(keys.size());
    m_graph->setData(keys, values, true);
    m_plot->xAxis->setTickLabels(m_points > 0);
    m_plot->yAxis->setTickLabels(m_points > 0);
    if (m_points == 0) {
        m_base->setVisible(false);
        m_plot->xAxis->setRange(0, 1);
        m_plot->yAxis->setRange(0, 1);
        m_equityStatus->setText(tr("No equity history for this period yet"));
    } else {
        bool found = false;
        QCPRange k = m_graph->getKeyRange(found);
        QCPRange v = m_graph->getValueRange(found);
        if (h.baseValue && *h.baseValue > 0.0) {
            v.expand(*h.baseValue);
            m_base->point1->setCoords(k.lower, *h.baseValue);
            m_base->point2->setCoords(k.upper + 1, *h.baseValue);
            m_base->setVisible(true);
        }
        const double pad = std::max(v.size() * 0.08, 1.0);
        // A single point gets a bar's width either side, so the axis is not a blur of labels.
        const double halfSpan = k.size() > 0.0                    ? k.size() * 0.03 + 1.0
                                : m_period == QLatin1String("1D") ? 3600.0
                                                                  : 86400.0;
        m_plot->xAxis->setRange(k.lower - halfSpan, k.upper + halfSpan);
        m_plot->yAxis->setRange(v.lower - pad, v.upper + pad);
        auto ticker = qSharedPointerCast<QCPAxisTickerDateTime>(m_plot->xAxis->ticker());
        // New York wall time, as the underlying's chart.
        const int offset =
            static_cast<int>(duration_cast<seconds>(easternUtcOffset(m_clock.now())).count());
        ticker->setDateTimeSpec(Qt::OffsetFromUTC);
        ticker->setTimeZone(QTimeZone(offset));
        ticker->setDateTimeFormat(m_period == QLatin1String("1D") ? QStringLiteral("HH:mm")
                                                                  : QStringLiteral("MMM d"));
        const double last = values.back();
        QString text = tr("%1 · %2 of %3")
                           .arg(models::moneyText(last))
                           .arg(m_points == 1 ? tr("1 point") : tr("%1 points").arg(m_points))
                           .arg(QString::fromStdString(h.timeframe));
        if (h.baseValue && *h.baseValue > 0.0)
            text += tr(" · %1 (%2) since the start of the period")
                        .arg(models::signedMoneyText(last - *h.baseValue),
                             models::signedPercentText((last / *h.baseValue - 1.0) * 100.0));
        m_equityStatus->setText(text);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void AccountHistoryDocks::applyColors() {
    const QPalette p = m_plot->palette();
    m_graph->setPen(QPen(p.color(QPalette::Highlight), 2));
    QColor fill = p.color(QPalette::Highlight);
    fill.setAlpha(30);
    m_graph->setBrush(fill);
    m_base->setPen(QPen(p.color(QPalette::Text), 1, Qt::DotLine));
}

AccountHistoryDocks *installAccountHistoryDocks(QMainWindow &window, Broker &broker,
                                                const Clock &clock,
                                                models::PositionsModel *positions) {
    return new AccountHistoryDocks(window, broker, clock, positions);
}

} // namespace cg::ui
