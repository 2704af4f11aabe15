#include "ui/payoff_plot.h"

#include "ui/plot_style.h"
#include "ui/qcustomplot_include.h"

#include <algorithm>

namespace cg::ui {

namespace {

QVector<double> plotPoints(const std::vector<double> &v) {
    return QVector<double>(v.begin(), v.end());
}

} // namespace

void PayoffPlot::addLines(QCustomPlot *onPlot) {
    plot = onPlot;
    zero = new QCPItemStraightLine(plot);
    live = new QCPItemStraightLine(plot);
}

void PayoffPlot::addCurves(const QString &breakEvenName) {
    today = plot->addGraph();
    today->setName(tr("Today"));
    date = plot->addGraph();
    date->setName(tr("At the date"));
    expiry = plot->addGraph();
    expiry->setName(tr("At expiry"));
    breakEvens = plot->addGraph();
    breakEvens->setName(breakEvenName);
    breakEvens->setLineStyle(QCPGraph::lsNone);
}

void PayoffPlot::applyColors(const QPalette &p) {
    const QColor text = p.color(QPalette::Text);
    QColor faint = text;
    faint.setAlpha(110);
    today->setPen(QPen(p.color(QPalette::Highlight), 2));
    date->setPen(QPen(callColor(p), 2, Qt::DashLine));
    expiry->setPen(QPen(text, 2));
    breakEvens->setPen(QPen(putColor(p), 2));
    breakEvens->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDiamond, putColor(p), putColor(p), 10));
    zero->setPen(QPen(faint, 1));
    live->setPen(QPen(text, 1, Qt::DotLine));
}

void PayoffPlot::clear() {
    for (QCPGraph *g : {today, date, expiry, breakEvens})
        g->data()->clear();
    // Nothing drawn that reads as a figure: the zero line, placed by no draw() yet, crossed the
    // default axes as a diagonal, and a legend named curves that are not there.
    zero->setVisible(false);
    live->setVisible(false);
    plot->legend->setVisible(false);
}

PayoffPlot::Span PayoffPlot::draw(const std::vector<double> &spot,
                                  const std::vector<double> &todayPnl,
                                  const std::vector<double> &datePnl,
                                  const std::vector<double> &expiryPnl,
                                  const std::vector<double> &breakEvenPrices, double livePrice) {
    const QVector<double> x = plotPoints(spot);
    today->setData(x, plotPoints(todayPnl), true);
    date->setData(x, plotPoints(datePnl), true);
    expiry->setData(x, plotPoints(expiryPnl), true);
    const QVector<double> be = plotPoints(breakEvenPrices);
    breakEvens->setData(be, QVector<double>(be.size(), 0.0), true);
    double lo = 0.0, hi = 0.0;
    for (const auto *c : {&todayPnl, &datePnl, &expiryPnl}) {
        if (c->empty())
            continue;
        const auto [mn, mx] = std::minmax_element(c->begin(), c->end());
        lo = std::min(lo, *mn);
        hi = std::max(hi, *mx);
    }
    const double pad = std::max(1.0, (hi - lo) * 0.08);
    plot->xAxis->setRange(spot.front(), spot.back());
    plot->yAxis->setRange(lo - pad, hi + pad);
    zero->point1->setCoords(spot.front(), 0);
    zero->point2->setCoords(spot.back(), 0);
    zero->setVisible(true);
    plot->legend->setVisible(true);
    live->setVisible(true);
    live->point1->setCoords(livePrice, 0);
    live->point2->setCoords(livePrice, 1);
    return {lo - pad, hi + pad};
}

} // namespace cg::ui
