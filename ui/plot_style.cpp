#include "ui/plot_style.h"

#include "ui/chain_colors.h"

#include "ui/qcustomplot_include.h"

namespace cg::ui {

namespace {

void styleAxis(QCPAxis *axis, const QPalette &p) {
    const QColor text = p.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(40);
    axis->setBasePen(QPen(text));
    axis->setTickPen(QPen(text));
    axis->setSubTickPen(QPen(text));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    axis->grid()->setZeroLinePen(QPen(grid, 1));
}

} // namespace

QColor callColor(const QPalette &palette) {
    return ChainColors::isDark(palette) ? QColor(0x4f, 0xc3, 0xf7) : QColor(0x15, 0x65, 0xc0);
}

QColor putColor(const QPalette &palette) {
    return ChainColors::isDark(palette) ? QColor(0xff, 0x8a, 0x65) : QColor(0xd8, 0x43, 0x15);
}

void stylePlot(QCustomPlot *plot) {
    const QPalette p = plot->palette();
    plot->setBackground(p.brush(QPalette::Base));
    plot->axisRect()->setBackground(p.brush(QPalette::Base));
    for (QCPAxis *a : plot->axisRect()->axes())
        styleAxis(a, p);
    plot->legend->setBrush(p.brush(QPalette::Base));
    plot->legend->setTextColor(p.color(QPalette::Text));
    plot->legend->setBorderPen(QPen(p.color(QPalette::Mid)));
    QFont small = plot->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    plot->legend->setFont(small);
    plot->setNoAntialiasingOnDrag(true);
}

} // namespace cg::ui
