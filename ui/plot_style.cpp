#include "ui/plot_style.h"

#include "ui/chain_colors.h"
#include "ui/theme.h"

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
    axis->setSelectedTickLabelColor(p.color(QPalette::Highlight));
    axis->setSelectedLabelColor(p.color(QPalette::Highlight));
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

void stylePlot(QCustomPlot *plot, const QPalette &p) {
    plot->setBackground(p.brush(QPalette::Base));
    const QColor text = p.color(QPalette::Text);
    for (QCPAxisRect *rect : plot->axisRects()) {
        rect->setBackground(p.brush(QPalette::Base));
        for (QCPAxis *a : rect->axes())
            styleAxis(a, p);
    }
    // Titles and other text in the layout (a metrics chart's title row).
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i) {
        if (auto *t = qobject_cast<QCPTextElement *>(plot->plotLayout()->elementAt(i)))
            t->setTextColor(text);
    }
    plot->legend->setBrush(p.brush(QPalette::Base));
    plot->legend->setTextColor(text);
    plot->legend->setBorderPen(QPen(p.color(QPalette::Mid)));
    QFont small = plot->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    plot->legend->setFont(small);
    plot->setNoAntialiasingOnDrag(true);
}

void stylePlot(QCustomPlot *plot) {
    stylePlot(plot, plot->palette());
}

void followPalette(QCustomPlot *plot, std::function<void()> recolor) {
    stylePlot(plot);
    onPaletteChange(plot, [plot, recolor = std::move(recolor)] {
        stylePlot(plot);
        if (recolor)
            recolor();
        plot->replot();
    });
}

} // namespace cg::ui
