#include "ui/flow_layout.h"

#include <QWidget>

#include <algorithm>

namespace cg::ui {

FlowLayout::FlowLayout(QWidget *parent, int hSpacing, int vSpacing)
    : QLayout(parent)
    , m_hSpace(hSpacing)
    , m_vSpace(vSpacing) {}

FlowLayout::~FlowLayout() {
    while (QLayoutItem *item = takeAt(0))
        delete item;
}

void FlowLayout::addItem(QLayoutItem *item) {
    m_items.append(item);
}

int FlowLayout::count() const {
    return static_cast<int>(m_items.size());
}

QLayoutItem *FlowLayout::itemAt(int index) const {
    return m_items.value(index);
}

QLayoutItem *FlowLayout::takeAt(int index) {
    return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
}

Qt::Orientations FlowLayout::expandingDirections() const {
    return {};
}

bool FlowLayout::hasHeightForWidth() const {
    return true;
}

int FlowLayout::heightForWidth(int width) const {
    return doLayout(QRect(0, 0, width, 0), true);
}

QSize FlowLayout::minimumSize() const {
    // As narrow as the widest item: everything else wraps.
    QSize size;
    for (const QLayoutItem *item : m_items) {
        if (!item->isEmpty())
            size = size.expandedTo(item->minimumSize());
    }
    const QMargins m = contentsMargins();
    return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

QSize FlowLayout::sizeHint() const {
    // Everything on one row.
    int width = 0;
    int height = 0;
    int shown = 0;
    for (const QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        const QSize s = item->sizeHint();
        width += s.width() + (shown++ > 0 ? m_hSpace : 0);
        height = std::max(height, s.height());
    }
    const QMargins m = contentsMargins();
    return QSize(width + m.left() + m.right(), height + m.top() + m.bottom());
}

void FlowLayout::setGeometry(const QRect &rect) {
    QLayout::setGeometry(rect);
    doLayout(rect, false);
}

int FlowLayout::doLayout(const QRect &rect, bool testOnly) const {
    const QMargins m = contentsMargins();
    const QRect area = rect.marginsRemoved(m);
    int x = area.x();
    int y = area.y();
    int lineHeight = 0;
    // Items of a row share its height and are centred in it.
    QList<QPair<QLayoutItem *, QRect>> row;
    const auto placeRow = [&] {
        if (!testOnly) {
            for (auto &[item, r] : row) {
                r.moveTop(r.top() + (lineHeight - r.height()) / 2);
                item->setGeometry(r);
            }
        }
        row.clear();
    };
    for (QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        QSize s = item->sizeHint().boundedTo(QSize(area.width(), QWIDGETSIZE_MAX));
        s = s.expandedTo(item->minimumSize());
        if (x > area.x() && x + s.width() > area.right() + 1) {
            placeRow();
            x = area.x();
            y += lineHeight + m_vSpace;
            lineHeight = 0;
        }
        row.append({item, QRect(QPoint(x, y), s)});
        x += s.width() + m_hSpace;
        lineHeight = std::max(lineHeight, s.height());
    }
    placeRow();
    return y + lineHeight - rect.y() + m.bottom();
}

} // namespace cg::ui
