#pragma once
// The one place a chart takes its colours from: a QCustomPlot styled from a palette (background,
// axis rect, axes, grid, legend, title elements), and the series colours. A chart that follows
// the theme calls followPalette() once; its series colours are set again by `recolor`, since
// only the owner knows them. Every chart of the window (expiry charts, payoff, metrics, the
// underlying's price chart) goes through here.

#include <QColor>
#include <QPalette>

#include <functional>

class QCustomPlot;

namespace cg::ui {

void stylePlot(QCustomPlot *plot, const QPalette &palette);
// With the plot's own palette.
void stylePlot(QCustomPlot *plot);
// Styles `plot` now and, whenever its palette changes (a theme switch), styles it again, calls
// `recolor` (may be empty) and replots.
void followPalette(QCustomPlot *plot, std::function<void()> recolor = {});

QColor callColor(const QPalette &palette);
QColor putColor(const QPalette &palette);

} // namespace cg::ui
