#pragma once
// Colours a QCustomPlot from the widget palette (dark or light) and gives the series colours.

#include <QColor>
#include <QPalette>

class QCustomPlot;

namespace cg::ui {

void stylePlot(QCustomPlot *plot);
QColor callColor(const QPalette &palette);
QColor putColor(const QPalette &palette);

} // namespace cg::ui
