#include "ui/expiry_charts_panel.h"

#include "ui/chain_colors.h"
#include "ui/plot_style.h"

#include <QEvent>
#include <QSplitter>
#include <QVBoxLayout>

#include "ui/qcustomplot_include.h"

#include <algorithm>
#include <map>

namespace cg::ui {

using namespace cg::models;

namespace {

enum SmileGraph { CallLine, PutLine, CallPass, CallFail, PutPass, PutFail };

} // namespace

ExpiryChartsPanel::ExpiryChartsPanel(QWidget *parent)
    : QWidget(parent)
    , m_smile(new QCustomPlot(this))
    , m_volume(new QCustomPlot(this)) {
    m_smile->setObjectName(QStringLiteral("smilePlot"));
    m_volume->setObjectName(QStringLiteral("volumePlot"));
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_smile);
    split->addWidget(m_volume);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);
    for (QCustomPlot *p : {m_smile, m_volume}) {
        p->setMinimumHeight(150);
        p->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
        p->axisRect()->setRangeZoom(Qt::Horizontal);
        p->axisRect()->setRangeDrag(Qt::Horizontal);
        connect(p, &QCustomPlot::mouseWheel, this, [this] { m_userZoomed = true; });
        connect(p, &QCustomPlot::mousePress, this, [this] { m_userZoomed = true; });
    }
    setupPlots();
}

void ExpiryChartsPanel::setupPlots() {
    m_smile->clearGraphs();
    m_smile->clearPlottables();
    for (int i = 0; i < 6; ++i)
        m_smile->addGraph();
    m_smile->xAxis->setLabel(tr("Strike"));
    m_smile->yAxis->setLabel(tr("Implied volatility %"));
    m_smile->legend->setVisible(true);
    m_smile->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

    m_volume->clearPlottables();
    auto *group = new QCPBarsGroup(m_volume);
    for (int i = 0; i < 2; ++i) {
        auto *bars = new QCPBars(m_volume->xAxis, m_volume->yAxis);
        bars->setBarsGroup(group);
    }
    m_volume->xAxis->setLabel(tr("Strike"));
    m_volume->yAxis->setLabel(tr("Contracts"));
    m_volume->legend->setVisible(true);
    m_volume->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    // Each plot restyles itself when its own palette changes (it may change after this panel's).
    followPalette(m_smile);
    followPalette(m_volume);
}

void ExpiryChartsPanel::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        replotAll(); // the series' colours
}

void ExpiryChartsPanel::setChain(const std::vector<ChainEntry> &entries, double underlyingPrice) {
    m_entries = entries;
    m_spot = underlyingPrice;
    QString key;
    if (!entries.empty()) {
        const auto &c = entries.front().contract;
        key = QString::fromStdString(c.underlying) + QString::number(unsigned(c.expiry.day())) +
              QString::number(unsigned(c.expiry.month()));
    }
    if (key != m_shownKey) {
        m_shownKey = key;
        m_userZoomed = false;
    }
    replotAll();
}

void ExpiryChartsPanel::replotAll() {
    const QPalette pal = palette();
    const ChainColors colors = ChainColors::forPalette(pal);
    const QColor call = callColor(pal);
    const QColor put = putColor(pal);

    struct Xy {
        QVector<double> x, y;
    };
    Xy lines[2], pass[2], fail[2];
    std::map<double, std::pair<double, double>> byStrike; // strike -> (OI, volume)
    for (const ChainEntry &e : m_entries) {
        const auto &c = e.contract;
        const int side = c.type == OptionType::Call ? 0 : 1;
        auto &bucket = byStrike[c.strike];
        bucket.first += static_cast<double>(c.openInterest.value_or(0));
        bucket.second += static_cast<double>(c.volume.value_or(0));
        if (!c.impliedVol || *c.impliedVol <= 0.0)
            continue;
        const double iv = *c.impliedVol * 100.0;
        lines[side].x << c.strike;
        lines[side].y << iv;
        Xy &dots = e.gates.tradeable() ? pass[side] : fail[side];
        dots.x << c.strike;
        dots.y << iv;
    }

    const auto setGraph = [this](int i, const Xy &d, const QPen &pen, QCPScatterStyle scatter,
                                 const QString &name, bool legend) {
        QCPGraph *g = m_smile->graph(i);
        g->setData(d.x, d.y);
        g->setPen(pen);
        g->setScatterStyle(scatter);
        g->setLineStyle(scatter.isNone() ? QCPGraph::lsLine : QCPGraph::lsNone);
        g->setName(name);
        if (legend)
            g->addToLegend();
        else
            g->removeFromLegend();
    };
    setGraph(CallLine, lines[0], QPen(call, 1.5), QCPScatterStyle(), tr("Calls"), true);
    // Calls and puts often share one smile: puts dashed, with square markers, stay visible.
    setGraph(PutLine, lines[1], QPen(put, 1.5, Qt::DashLine), QCPScatterStyle(), tr("Puts"), true);
    setGraph(CallPass, pass[0], QPen(call), QCPScatterStyle(QCPScatterStyle::ssDisc, call, call, 6),
             tr("Passes all gates"), true);
    setGraph(CallFail, fail[0], QPen(call),
             QCPScatterStyle(QCPScatterStyle::ssCircle, call, pal.color(QPalette::Base), 6),
             tr("Fails a gate"), true);
    setGraph(PutPass, pass[1], QPen(put), QCPScatterStyle(QCPScatterStyle::ssSquare, put, put, 5),
             {}, false);
    setGraph(PutFail, fail[1], QPen(put),
             QCPScatterStyle(QCPScatterStyle::ssSquare, put, pal.color(QPalette::Base), 5), {},
             false);

    QVector<double> strikes, oi, vol;
    double step = 0.0;
    for (const auto &[k, v] : byStrike) {
        if (!strikes.isEmpty()) {
            const double d = k - strikes.back();
            step = step == 0.0 ? d : std::min(step, d);
        }
        strikes << k;
        oi << v.first;
        vol << v.second;
    }
    auto *oiBars = qobject_cast<QCPBars *>(m_volume->plottable(0));
    auto *volBars = qobject_cast<QCPBars *>(m_volume->plottable(1));
    const double width = step > 0.0 ? step * 0.4 : 0.4;
    QColor oiColor = colors.boundary;
    oiBars->setName(tr("Open interest"));
    oiBars->setData(strikes, oi, true);
    oiBars->setWidth(width);
    oiBars->setPen(Qt::NoPen);
    oiBars->setBrush(oiColor);
    volBars->setName(tr("Volume"));
    volBars->setData(strikes, vol, true);
    volBars->setWidth(width);
    volBars->setPen(Qt::NoPen);
    volBars->setBrush(call);
    volBars->barsGroup()->setSpacingType(QCPBarsGroup::stAbsolute);
    volBars->barsGroup()->setSpacing(0);

    for (QCustomPlot *p : {m_smile, m_volume}) {
        p->clearItems();
        if (m_spot > 0.0) {
            auto *line = new QCPItemStraightLine(p);
            line->point1->setCoords(m_spot, 0);
            line->point2->setCoords(m_spot, 1);
            line->setPen(QPen(colors.boundary, 1, Qt::DashLine));
        }
    }

    // No chain (unknown symbol, error): empty axes, not the previous symbol's strikes, and no
    // legend naming series that are not there.
    for (QCustomPlot *p : {m_smile, m_volume})
        p->legend->setVisible(!strikes.isEmpty());
    if (strikes.isEmpty()) {
        for (QCustomPlot *p : {m_smile, m_volume}) {
            p->xAxis->setRange(0, 5);
            p->yAxis->setRange(0, 5);
        }
    }
    // Default view: the strikes within 10 % of the price, where the trading is.
    if (!m_userZoomed && !strikes.isEmpty()) {
        double lo = strikes.front();
        double hi = strikes.back();
        if (m_spot > 0.0) {
            lo = std::max(lo, m_spot * 0.9);
            hi = std::min(hi, m_spot * 1.1);
            if (hi <= lo) {
                lo = strikes.front();
                hi = strikes.back();
            }
        }
        const double pad = std::max(step, (hi - lo) * 0.02);
        for (QCustomPlot *p : {m_smile, m_volume})
            p->xAxis->setRange(lo - pad, hi + pad);
        // y ranges from the visible strikes only.
        double ivLo = 1e9, ivHi = -1e9, barHi = 0.0;
        for (int s = 0; s < 2; ++s) {
            for (int i = 0; i < lines[s].x.size(); ++i) {
                if (lines[s].x[i] < lo || lines[s].x[i] > hi)
                    continue;
                ivLo = std::min(ivLo, lines[s].y[i]);
                ivHi = std::max(ivHi, lines[s].y[i]);
            }
        }
        for (int i = 0; i < strikes.size(); ++i) {
            if (strikes[i] >= lo && strikes[i] <= hi)
                barHi = std::max({barHi, oi[i], vol[i]});
        }
        if (ivHi > ivLo)
            m_smile->yAxis->setRange(ivLo - (ivHi - ivLo) * 0.1, ivHi + (ivHi - ivLo) * 0.25);
        else if (ivHi > 0)
            m_smile->yAxis->setRange(ivHi * 0.8, ivHi * 1.2);
        m_volume->yAxis->setRange(0, barHi > 0 ? barHi * 1.15 : 1);
    }
    m_smile->replot();
    m_volume->replot();
}

} // namespace cg::ui
