#include "ui/metrics_panel.h"

#include "models/display_format.h"
#include "storage/execution_store.h"
#include "storage/store_worker.h"
#include "ui/chain_colors.h"
#include "ui/plot_style.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/qcustomplot_include.h"

#include <algorithm>
#include <cmath>

namespace cg::ui {

using namespace cg::models;

namespace {

const QColor kPlaced(0x2e, 0xa0, 0x5a);
const QColor kLive(0xe0, 0x4f, 0x4f);
const QColor kFallback(0xd9, 0x8e, 0x04);
const QColor kRejected(0x9e, 0x9e, 0x9e);

QString pct(std::optional<double> v, int decimals = 1) {
    return v ? percentText(*v, decimals) : QStringLiteral("\u2014");
}

void setCategories(QCustomPlot *p, const QStringList &names) {
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < names.size(); ++i)
        ticker->addTick(i + 1, names[i]);
    p->xAxis->setTicker(ticker);
    p->xAxis->setRange(0.4, names.size() + 0.6);
    p->xAxis->grid()->setVisible(false);
}

// A horizontal reference line with its label at the right end.
void targetLine(QCustomPlot *p, double y, const QString &label, const QColor &color) {
    auto *line = new QCPItemStraightLine(p);
    line->point1->setCoords(0, y);
    line->point2->setCoords(1, y);
    line->setPen(QPen(color, 1.5, Qt::DashLine));
    auto *text = new QCPItemText(p);
    text->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    text->position->setTypeY(QCPItemPosition::ptPlotCoords);
    text->position->setCoords(0.99, y);
    text->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    text->setText(label);
    text->setColor(color);
    QFont f = p->font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    f.setBold(true);
    text->setFont(f);
}

// The value over a bar.
void barLabel(QCustomPlot *p, double x, double y, const QString &text) {
    auto *t = new QCPItemText(p);
    t->position->setCoords(x, y);
    t->setPositionAlignment(Qt::AlignHCenter | (y >= 0 ? Qt::AlignBottom : Qt::AlignTop));
    t->setText(text);
    t->setColor(p->palette().color(QPalette::Text));
    QFont f = p->font();
    f.setPointSizeF(f.pointSizeF() * 0.8);
    t->setFont(f);
}

QCPBars *bars(QCustomPlot *p, const QColor &color, double width = 0.6) {
    auto *b = new QCPBars(p->xAxis, p->yAxis);
    b->setPen(Qt::NoPen);
    b->setBrush(color);
    b->setWidth(width);
    return b;
}

void noData(QCustomPlot *p, const QString &text) {
    auto *t = new QCPItemText(p);
    t->position->setType(QCPItemPosition::ptAxisRectRatio);
    t->position->setCoords(0.5, 0.5);
    t->setText(text);
    t->setColor(p->palette().color(QPalette::PlaceholderText));
}

} // namespace

MetricsPanel::MetricsPanel(ExecutionStore *store, const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_clock(clock) {
    setObjectName(QStringLiteral("metricsPanel"));
    auto *top = new QHBoxLayout;
    top->setSpacing(14);
    auto *periodBox = new QVBoxLayout;
    periodBox->setSpacing(2);
    auto *periodTitle = new QLabel(tr("PERIOD"), this);
    QFont small = periodTitle->font();
    small.setPointSizeF(small.pointSizeF() * 0.75);
    periodTitle->setFont(small);
    periodTitle->setForegroundRole(QPalette::PlaceholderText);
    m_period = new QComboBox(this);
    m_period->setObjectName(QStringLiteral("metricsPeriod"));
    m_period->addItem(tr("Today (New York)"), static_cast<int>(MetricsPeriod::Today));
    m_period->addItem(tr("Last 7 days"), static_cast<int>(MetricsPeriod::Last7Days));
    m_period->addItem(tr("Last 30 days"), static_cast<int>(MetricsPeriod::Last30Days));
    m_period->addItem(tr("All time"), static_cast<int>(MetricsPeriod::AllTime));
    m_period->setCurrentIndex(1);
    connect(m_period, &QComboBox::currentIndexChanged, this, &MetricsPanel::refresh);
    periodBox->addWidget(periodTitle);
    periodBox->addWidget(m_period);
    top->addLayout(periodBox);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("metricsSummary"));
    top->addWidget(m_summary);
    m_orderShare = makeFigure(QStringLiteral("metricsOrderShare"));
    m_fillRate = makeFigure(QStringLiteral("metricsFillRate"));
    m_spread = makeFigure(QStringLiteral("metricsSpread"));
    m_slippage = makeFigure(QStringLiteral("metricsSlippage"));
    for (QLabel *l : {m_orderShare, m_fillRate, m_spread, m_slippage})
        top->addWidget(l);
    top->addStretch();

    m_modes = makePlot(tr("Modes, % of decisions"), QStringLiteral("metricsModesPlot"));
    m_fills = makePlot(tr("Fills, % of orders"), QStringLiteral("metricsFillsPlot"));
    m_spreads = makePlot(tr("Spread at entry, %"), QStringLiteral("metricsSpreadPlot"));
    m_slips = makePlot(tr("Slippage vs mid, %"), QStringLiteral("metricsSlippagePlot"));
    m_gates = makePlot(tr("Gates passed, %"), QStringLiteral("metricsGatesPlot"));
    // Five charts side by side when each gets ~230 px, else on two rows: squeezed charts
    // overlap their titles, tick labels and axis titles.
    m_plots = new QGridLayout;
    m_plots->setSpacing(4);
    arrangePlots(5);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(6);
    layout->addLayout(top);
    layout->addLayout(m_plots, 1);
    refresh();
}

QLabel *MetricsPanel::makeFigure(const QString &objectName) {
    auto *l = new QLabel(this);
    l->setObjectName(objectName);
    l->setTextFormat(Qt::RichText);
    // Narrow docks wrap the note under the figure instead of widening the window.
    l->setWordWrap(true);
    l->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("SPREAD AT ENTRY  ")));
    l->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    return l;
}

QCustomPlot *MetricsPanel::makePlot(const QString &title, const QString &objectName) {
    auto *p = new QCustomPlot(this);
    p->setObjectName(objectName);
    p->setMinimumSize(110, 110);
    p->plotLayout()->insertRow(0);
    QFont f = font();
    f.setBold(true);
    p->plotLayout()->addElement(0, 0, new QCPTextElement(p, title, f));
    QFont ticks = font();
    ticks.setPointSizeF(ticks.pointSizeF() * 0.85);
    p->xAxis->setTickLabelFont(ticks);
    p->yAxis->setTickLabelFont(ticks);
    p->xAxis->setLabelFont(ticks);
    p->axisRect()->setAutoMargins(QCP::msLeft | QCP::msBottom | QCP::msTop);
    p->axisRect()->setMargins(QMargins(0, 0, 8, 0));
    followPalette(p); // frame, axes and title; the series from changeEvent()
    return p;
}

void MetricsPanel::setPeriod(MetricsPeriod period) {
    const int i = m_period->findData(static_cast<int>(period));
    if (i >= 0 && i != m_period->currentIndex())
        m_period->setCurrentIndex(i); // refreshes
    else
        refresh();
}

MetricsPeriod MetricsPanel::period() const {
    return static_cast<MetricsPeriod>(m_period->currentData().toInt());
}

void MetricsPanel::refresh() {
    if (m_worker && m_store) {
        if (m_readInFlight)
            return;
        m_readInFlight = true;
        const auto from = periodStart(period(), m_clock.now());
        ExecutionFilter f;
        f.from = from;
        f.limit = 0;
        m_worker->run<std::vector<ExecutionRecord>>(
            [f](ExecutionStore &s) { return s.records().executions(f); }, this,
            [this, from](Result<std::vector<ExecutionRecord>> read) {
                m_readInFlight = false;
                m_error.clear();
                std::vector<ExecutionRecord> rows;
                if (read)
                    rows = std::move(*read);
                else
                    m_error = QString::fromStdString(read.error().message);
                m_metrics = computeExecutionMetrics(rows, from);
                showFigures();
                replotAll();
            });
        return;
    }
    m_error.clear();
    std::vector<ExecutionRecord> rows;
    const auto from = periodStart(period(), m_clock.now());
    if (!m_store) {
        m_error = tr("No database is open.");
    } else {
        ExecutionFilter f;
        f.from = from;
        f.limit = 0;
        auto read = m_store->records().executions(f);
        if (read)
            rows = std::move(*read);
        else
            m_error = QString::fromStdString(read.error().message);
    }
    m_metrics = computeExecutionMetrics(rows, from);
    showFigures();
    replotAll();
}

void MetricsPanel::arrangePlots(int columns) {
    if (columns == m_plotColumns)
        return;
    m_plotColumns = columns;
    QCustomPlot *const all[] = {m_modes, m_fills, m_spreads, m_slips, m_gates};
    for (QCustomPlot *p : all)
        m_plots->removeWidget(p);
    for (int c = 0; c < 5; ++c) {
        m_plots->setColumnStretch(c, c < columns ? 1 : 0);
        m_plots->setRowStretch(c, c < (5 + columns - 1) / columns ? 1 : 0);
    }
    for (int i = 0; i < 5; ++i)
        m_plots->addWidget(all[i], i / columns, i % columns);
}

void MetricsPanel::resizeEvent(QResizeEvent *event) {
    QWidget::resizeEvent(event);
    arrangePlots(width() >= 5 * 230 ? 5 : 3);
}

void MetricsPanel::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        showFigures(); // their rich text names colours
        // The plots' labels take the plots' palettes, which change after this panel's: redrawn
        // once they have.
        QTimer::singleShot(0, this, &MetricsPanel::replotAll);
    }
}

void MetricsPanel::showFigures() {
    const ChainColors colors = ChainColors::forPalette(palette());
    const QString dim = palette().color(QPalette::PlaceholderText).name();
    const auto figure = [&](QLabel *l, const QString &caption, const QString &value,
                            const QString &note, std::optional<bool> good) {
        const QString color = !good   ? palette().color(QPalette::Text).name()
                              : *good ? colors.pass.name()
                                      : colors.fail.name();
        l->setText(QStringLiteral("<span style='color:%1;font-size:small'>%2</span><br>"
                                  "<b style='color:%3;font-size:large'>%4</b> "
                                  "<span style='color:%1'>%5</span>")
                       .arg(dim, caption.toUpper().toHtmlEscaped(), color, value.toHtmlEscaped(),
                            note.toHtmlEscaped()));
    };
    const ExecutionMetrics &m = m_metrics;
    if (!m_error.isEmpty())
        m_summary->setText(QStringLiteral("<b style='color:%1'>\u26a0 %2</b>")
                               .arg(colors.warning.name(), m_error.toHtmlEscaped()));
    else
        m_summary->setText(QStringLiteral("<span style='color:%1;font-size:small'>%2</span><br>"
                                          "<b style='font-size:large'>%3</b>")
                               .arg(dim, tr("DECISIONS"), QString::number(m.total)));

    const auto share = m.orderSharePct();
    figure(m_orderShare, tr("Orders placed"), pct(share, 0),
           tr("target \u2265 %1%").arg(kTargetOrderSharePct),
           share ? std::optional(m.meetsOrderShareTarget()) : std::nullopt);
    const auto fill = m.fillRatePct();
    figure(m_fillRate, tr("Fill rate"), pct(fill, 0),
           tr("%1 of %2 filled%3")
               .arg(m.filled)
               .arg(m.ordersPlaced)
               .arg(m.open > 0 ? tr(", %1 open").arg(m.open) : QString()),
           fill ? std::optional(*fill >= 99.95) : std::nullopt);
    const auto avg = m.avgSpreadPct();
    figure(m_spread, tr("Spread at entry"), pct(avg),
           tr("avg \u00b7 max %1 \u00b7 target < %2%")
               .arg(pct(m.maxSpreadPct()))
               .arg(kTargetAvgSpreadPct),
           avg ? std::optional(m.meetsSpreadTarget()) : std::nullopt);
    const auto slip = m.avgSlippagePct();
    figure(m_slippage, tr("Slippage vs mid"),
           slip ? signedPercentText(*slip, 2) : QStringLiteral("\u2014"),
           slip ? tr("avg \u00b7 worst %1 \u00b7 %2/share")
                      .arg(signedPercentText(*m.worstSlippagePct(), 2),
                           signedMoneyText(m.avgSlippageDollars().value_or(0.0)))
                : tr("no fills"),
           std::nullopt);
}

void MetricsPanel::replotAll() {
    for (QCustomPlot *p : {m_modes, m_fills, m_spreads, m_slips, m_gates}) {
        p->clearPlottables();
        p->clearItems();
        p->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        p->xAxis->grid()->setVisible(true);
    }
    plotModes();
    plotFills();
    plotSpreads();
    plotSlippage();
    plotGates();
    for (QCustomPlot *p : {m_modes, m_fills, m_spreads, m_slips, m_gates})
        p->replot();
}

void MetricsPanel::plotModes() {
    QCustomPlot *p = m_modes;
    struct Bar {
        ExecutionMode mode;
        QString name;
        QColor color;
    };
    const Bar list[] = {{ExecutionMode::AlpacaPaper, tr("Paper"), kPlaced},
                        {ExecutionMode::AlpacaLive, tr("Live"), kLive},
                        {ExecutionMode::Demo, tr("Demo"), kPlaced.lighter(130)},
                        {ExecutionMode::SimulatedFallback, tr("Fallback"), kFallback},
                        {ExecutionMode::RejectedByUser, tr("Rejected"), kRejected}};
    // The modes that occurred (paper always, the seed's target mode), so the labels have room.
    std::vector<const Bar *> shown;
    for (const Bar &b : list) {
        if (b.mode == ExecutionMode::AlpacaPaper || m_metrics.count(b.mode) > 0)
            shown.push_back(&b);
    }
    QStringList names;
    for (const Bar *b : shown)
        names << b->name;
    setCategories(p, names);
    p->yAxis->setRange(0, 118);
    if (m_metrics.total == 0) {
        noData(p, tr("No decisions in this period"));
        return;
    }
    for (size_t i = 0; i < shown.size(); ++i) {
        const double x = double(i + 1);
        const double v = m_metrics.modeSharePct(shown[i]->mode).value_or(0.0);
        bars(p, shown[i]->color)->addData(x, v);
        barLabel(p, x, v, QString::number(m_metrics.count(shown[i]->mode)));
    }
    targetLine(p, kTargetOrderSharePct, tr("target %1%").arg(kTargetOrderSharePct),
               ChainColors::forPalette(palette()).pass);
}

void MetricsPanel::plotFills() {
    QCustomPlot *p = m_fills;
    setCategories(p, {tr("Filled"), tr("Open"), tr("Unfilled")});
    p->yAxis->setRange(0, 118);
    const ExecutionMetrics &m = m_metrics;
    if (m.ordersPlaced == 0) {
        noData(p, tr("No orders placed"));
        return;
    }
    const int notFilled = m.ordersPlaced - m.filled - m.open;
    const int counts[] = {m.filled, m.open, notFilled};
    const QColor colors[] = {kPlaced, QColor(0x42, 0x8b, 0xca), kLive};
    for (int i = 0; i < 3; ++i) {
        const double v = 100.0 * counts[i] / m.ordersPlaced;
        bars(p, colors[i])->addData(i + 1, v);
        barLabel(p, i + 1, v, QString::number(counts[i]));
    }
    targetLine(p, 100.0, tr("target 100%"), ChainColors::forPalette(palette()).pass);
}

void MetricsPanel::plotSpreads() {
    QCustomPlot *p = m_spreads;
    const auto &s = m_metrics.entrySpreads;
    p->xAxis->setLabel(tr("orders, oldest first"));
    const double maxY = s.empty() ? 10.0 : std::max(10.0, *std::max_element(s.begin(), s.end()));
    p->yAxis->setRange(0, maxY * 1.15);
    if (s.empty()) {
        p->xAxis->setRange(0, 1);
        noData(p, tr("No orders placed"));
        return;
    }
    const ChainColors colors = ChainColors::forPalette(palette());
    auto *under = bars(p, kPlaced, 0.7);
    auto *over = bars(p, colors.fail, 0.7);
    for (size_t i = 0; i < s.size(); ++i)
        (s[i] < kTargetAvgSpreadPct ? under : over)->addData(double(i + 1), s[i]);
    p->xAxis->setRange(0.3, double(s.size()) + 0.7);
    targetLine(p, kTargetAvgSpreadPct, tr("target %1%").arg(kTargetAvgSpreadPct), colors.pass);
    if (const auto avg = m_metrics.avgSpreadPct()) {
        auto *line = new QCPItemStraightLine(p);
        line->point1->setCoords(0, *avg);
        line->point2->setCoords(1, *avg);
        line->setPen(QPen(palette().color(QPalette::Text), 1, Qt::DotLine));
        auto *t = new QCPItemText(p);
        t->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        t->position->setTypeY(QCPItemPosition::ptPlotCoords);
        t->position->setCoords(0.01, *avg);
        t->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        t->setText(tr("avg %1").arg(percentText(*avg, 1)));
        t->setColor(palette().color(QPalette::Text));
    }
}

void MetricsPanel::plotSlippage() {
    QCustomPlot *p = m_slips;
    const auto &s = m_metrics.slippagesPct;
    p->xAxis->setLabel(tr("fills (above 0: paid more than mid)"));
    if (s.empty()) {
        p->xAxis->setRange(0, 1);
        p->yAxis->setRange(-1, 1);
        noData(p, tr("No fills in this period"));
        return;
    }
    const ChainColors colors = ChainColors::forPalette(palette());
    auto *worse = bars(p, colors.fail, 0.7);
    auto *better = bars(p, kPlaced, 0.7);
    double lo = 0.0, hi = 0.0;
    for (size_t i = 0; i < s.size(); ++i) {
        (s[i] > 0 ? worse : better)->addData(double(i + 1), s[i]);
        lo = std::min(lo, s[i]);
        hi = std::max(hi, s[i]);
    }
    const double pad = std::max(0.5, (hi - lo) * 0.15);
    p->yAxis->setRange(lo - (lo < 0 ? pad : 0.0), hi + pad);
    p->xAxis->setRange(0.3, double(s.size()) + 0.7);
    auto *zero = new QCPItemStraightLine(p);
    zero->point1->setCoords(0, 0);
    zero->point2->setCoords(1, 0);
    zero->setPen(QPen(palette().color(QPalette::Text), 1));
}

void MetricsPanel::plotGates() {
    QCustomPlot *p = m_gates;
    setCategories(p, {tr("Quote"), tr("Sprd"), tr("Exp"), tr("OI"), tr("Vol")});
    p->yAxis->setRange(0, 118);
    bool any = false;
    const ChainColors colors = ChainColors::forPalette(palette());
    auto *b = bars(p, colors.pass);
    for (int i = 0; i < 5; ++i) {
        const auto rate = m_metrics.gates[static_cast<size_t>(i)].pct();
        if (!rate)
            continue;
        any = true;
        b->addData(i + 1, *rate);
        barLabel(p, i + 1, *rate, QString::number(std::lround(*rate)));
    }
    if (!any)
        noData(p, tr("No gate results in this period"));
}

} // namespace cg::ui
