#include "ui/trading_table_view.h"

#include <QHeaderView>
#include <QPainter>

#include <algorithm>

namespace cg::ui {

TradingTableView::TradingTableView(QWidget *parent)
    : QTableView(parent) {
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSortingEnabled(true);
    setWordWrap(false);
    setShowGrid(false);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    horizontalHeader()->setSectionsMovable(true);
}

void TradingTableView::setModel(QAbstractItemModel *model) {
    QTableView::setModel(model);
    if (!model)
        return;
    connect(model, &QAbstractItemModel::rowsInserted, this, &TradingTableView::fitColumnsOnce);
    connect(model, &QAbstractItemModel::modelReset, this, &TradingTableView::fitColumnsOnce);
    fitColumnsOnce();
}

void TradingTableView::fitColumnsOnce() {
    if (m_fitted || !model())
        return;
    // Headers alone would give narrow columns; wait for content.
    if (model()->rowCount() > 0)
        m_fitted = true;
    resizeColumnsToContents();
    for (int c = 0; c < horizontalHeader()->count(); ++c)
        setColumnWidth(c, std::max(columnWidth(c) + 12, 60));
}

void TradingTableView::setPlaceholderText(const QString &text) {
    m_placeholder = text;
    viewport()->update();
}

void TradingTableView::paintEvent(QPaintEvent *event) {
    QTableView::paintEvent(event);
    if (m_placeholder.isEmpty() || !model() || model()->rowCount() > 0)
        return;
    QPainter p(viewport());
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(viewport()->rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
               m_placeholder);
}

} // namespace cg::ui
