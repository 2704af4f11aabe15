#pragma once
// The P&L chart the Risk dock and the Strategy builder share: P&L up, the underlying's price
// across; today's curve, the chosen date's (dashed) and expiry's, the break-evens at expiry as
// diamonds on the zero line, the zero line and the live price's dotted line, in the theme's
// colours. Each panel adds its own items (the expected-move band, the live price's label).

#include <QCoreApplication>
#include <QPalette>
#include <QString>

#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;

namespace cg::ui {

struct PayoffPlot {
    Q_DECLARE_TR_FUNCTIONS(PayoffPlot)

public:
    // Where the y axis runs after draw(): the callers place their labels and bands by it.
    struct Span {
        double bottom = 0.0;
        double top = 0.0;
    };

    QCustomPlot *plot = nullptr;
    QCPItemStraightLine *zero = nullptr;
    QCPItemStraightLine *live = nullptr;
    QCPGraph *today = nullptr;
    QCPGraph *date = nullptr;
    QCPGraph *expiry = nullptr;
    QCPGraph *breakEvens = nullptr;

    // The zero and live lines; drawn under the items added after them and under the curves.
    void addLines(QCustomPlot *onPlot);
    // The curves and the break-evens (named `breakEvenName`), in the legend's order.
    void addCurves(const QString &breakEvenName);
    void applyColors(const QPalette &p);
    // Nothing to show: the curves emptied, the zero and live lines and the legend hidden (draw()
    // shows them again).
    void clear();
    // The curves over the prices `spot` and the axes fitted to them: x across the prices, y
    // around the P&L with zero always in and 8 % (at least $1) to spare; the zero line across,
    // the live line at `livePrice`. An empty curve is left out of the fit.
    Span draw(const std::vector<double> &spot, const std::vector<double> &todayPnl,
              const std::vector<double> &datePnl, const std::vector<double> &expiryPnl,
              const std::vector<double> &breakEvenPrices, double livePrice);
};

} // namespace cg::ui
