#include "ui/chain_delegate.h"

#include "models/chain_roles.h"
#include "ui/chain_colors.h"

#include <QDateTime>
#include <QPainter>

namespace cg::ui {

using namespace cg::models;

ChainDelegate::ChainDelegate(QObject *parent)
    : QStyledItemDelegate(parent) {}

QSize ChainDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const {
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setWidth(s.width() + 6);
    return s;
}

void ChainDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const {
    const ChainColors colors = ChainColors::forPalette(option.palette);
    const QRect r = option.rect;
    const bool selected = option.state & QStyle::State_Selected;
    const bool gateColumn = index.data(GateFieldRole).toBool();
    const bool strikeColumn = index.data(FieldRole).toInt() < 0;
    const QVariant gateVar = index.data(GateStateRole);
    const auto gate = gateVar.isValid() ? static_cast<GateState>(gateVar.toInt()) : GateState::Pass;

    painter->save();
    painter->fillRect(r, option.palette.brush(option.features & QStyleOptionViewItem::Alternate
                                                  ? QPalette::AlternateBase
                                                  : QPalette::Base));
    if (strikeColumn)
        painter->fillRect(r, colors.strikeFill);
    if (index.data(ItmRole).toBool())
        painter->fillRect(r, colors.itmFill);
    if (!gateColumn && gate == GateState::Fail)
        painter->fillRect(r, colors.failFill);
    else if (!gateColumn && gate == GateState::Unknown && gateVar.isValid())
        painter->fillRect(r, colors.unknownFill);
    const bool pick = index.data(PickRole).toBool();
    if (pick)
        painter->fillRect(r, colors.pickFill);

    // Flash: strongest on change, fading out over kFlashMs.
    const qint64 changed = m_flashEnabled ? index.data(ChangedAtRole).toLongLong() : 0;
    if (changed > 0) {
        const qint64 now = m_nowMs ? m_nowMs() : QDateTime::currentMSecsSinceEpoch();
        const qint64 age = now - changed;
        if (age >= 0 && age < kFlashMs) {
            const int dir = index.data(ChangeDirectionRole).toInt();
            QColor flash = dir > 0   ? colors.flashUp
                           : dir < 0 ? colors.flashDown
                                     : colors.flashOther;
            flash.setAlphaF(flash.alphaF() * (1.0 - double(age) / kFlashMs));
            painter->fillRect(r, flash);
        }
    }
    if (selected) {
        QColor h = option.palette.color(QPalette::Highlight);
        h.setAlpha(110);
        painter->fillRect(r, h);
    }

    // Text.
    const QString text = index.data(Qt::DisplayRole).toString();
    QColor fg = option.palette.color(QPalette::Text);
    QFont font = option.font;
    if (gateColumn) {
        fg = gate == GateState::Pass   ? colors.pass
             : gate == GateState::Fail ? colors.fail
                                       : colors.unknown;
        font.setBold(true);
    } else if (gate == GateState::Fail && gateVar.isValid()) {
        fg = colors.fail;
    }
    if (strikeColumn || pick)
        font.setBold(true);
    // Greeks computed from the mid (not sent by the feed) are italic; the model says which.
    if (!gateColumn && !strikeColumn) {
        if (const QVariant f = index.data(Qt::FontRole); f.isValid())
            font.setItalic(f.value<QFont>().italic());
    }
    painter->setFont(font);
    painter->setPen(fg);
    const int align = index.data(Qt::TextAlignmentRole).toInt();
    painter->drawText(r.adjusted(3, 0, -4, 0), align, text);

    if (pick) {
        QPen pen(colors.pickLine);
        pen.setWidth(1);
        painter->setPen(pen);
        painter->drawLine(r.topLeft(), r.topRight());
        painter->drawLine(r.bottomLeft(), r.bottomRight());
        if (strikeColumn) {
            // A marker that survives colour blindness: a small diamond left of the strike.
            const int s = std::max(3, r.height() / 5);
            const QPoint c(r.left() + s + 3, r.center().y());
            painter->setBrush(colors.pickLine);
            painter->setPen(Qt::NoPen);
            const QPoint diamond[] = {
                {c.x(), c.y() - s}, {c.x() + s, c.y()}, {c.x(), c.y() + s}, {c.x() - s, c.y()}};
            painter->drawPolygon(diamond, 4);
        }
    }
    if (m_boundaryVisible && index.data(AtmBoundaryRole).toBool()) {
        QPen pen(colors.boundary);
        pen.setWidth(2);
        painter->setPen(pen);
        painter->drawLine(r.left(), r.bottom(), r.right(), r.bottom());
    }
    painter->restore();
}

} // namespace cg::ui
