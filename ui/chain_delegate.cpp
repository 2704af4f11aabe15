#include "ui/chain_delegate.h"

#include "models/chain_roles.h"
#include "ui/chain_colors.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QPainter>
#include <QRgba64>

#include <algorithm>

namespace cg::ui {

using namespace cg::models;

namespace {

// The roles a cell is painted from, asked for in one call: through the window's proxies each
// data() call maps the index again.
enum Slot {
    Display,
    Alignment,
    Font,
    Field,
    GateField,
    Gate,
    Itm,
    Pick,
    ChangedAt,
    Direction,
    Boundary,
    Dimmed,
    kSlots
};
constexpr std::array<int, kSlots> kRoles{
    Qt::DisplayRole, Qt::TextAlignmentRole, Qt::FontRole,    FieldRole,
    GateFieldRole,   GateStateRole,         ItmRole,         PickRole,
    ChangedAtRole,   ChangeDirectionRole,   AtmBoundaryRole, DimmedRole};

// The text of a dimmed cell: a third of its colour, readable when looked for, not at a glance.
constexpr float kDimmedTextAlpha = 0.35f;

// A laid-out text per distinct string is small; past this many the tables start again.
constexpr qsizetype kMaxTexts = 20000;

// `c` drawn source-over onto the opaque pixel `dst`, in the raster engine's arithmetic (the
// colour premultiplied in 16 bits, rounded to 8, then 8-bit BYTE_MUL): the pixel that a
// translucent fillRect over `dst` writes.
QRgb blendOver(QRgb dst, const QColor &c) {
    const QRgb src = qPremultiply(c.rgba64()).toArgb32();
    const uint inverse = 255 - qAlpha(src);
    const auto mul = [inverse](uint x) {
        const uint t = x * inverse;
        return (t + (t >> 8) + 0x80) >> 8;
    };
    return qRgba(int(qRed(src) + mul(qRed(dst))), int(qGreen(src) + mul(qGreen(dst))),
                 int(qBlue(src) + mul(qBlue(dst))), int(qAlpha(src) + mul(qAlpha(dst))));
}

} // namespace

ChainDelegate::ChainDelegate(QObject *parent)
    : QStyledItemDelegate(parent) {}

QSize ChainDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const {
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setWidth(s.width() + 6);
    return s;
}

int ChainDelegate::cachedTexts() const {
    int n = 0;
    for (const auto &t : m_texts)
        n += static_cast<int>(t.laidOut.size());
    return n;
}

void ChainDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const {
    std::array<QModelRoleData, kSlots> roles{
        QModelRoleData(kRoles[0]), QModelRoleData(kRoles[1]),  QModelRoleData(kRoles[2]),
        QModelRoleData(kRoles[3]), QModelRoleData(kRoles[4]),  QModelRoleData(kRoles[5]),
        QModelRoleData(kRoles[6]), QModelRoleData(kRoles[7]),  QModelRoleData(kRoles[8]),
        QModelRoleData(kRoles[9]), QModelRoleData(kRoles[10]), QModelRoleData(kRoles[11])};
    index.multiData(roles);
    const auto role = [&roles](Slot s) -> const QVariant & { return roles[s].data(); };

    const ChainColors colors = ChainColors::forPalette(option.palette);
    const QRect r = option.rect;
    const bool selected = option.state & QStyle::State_Selected;
    const bool gateColumn = role(GateField).toBool();
    const bool strikeColumn = role(Field).toInt() < 0;
    const QVariant &gateVar = role(Gate);
    const auto gate = gateVar.isValid() ? static_cast<GateState>(gateVar.toInt()) : GateState::Pass;
    const bool pick = role(Pick).toBool();

    // Background: the base, then translucent overlays, bottom to top.
    const QBrush &base = option.palette.brush(option.features & QStyleOptionViewItem::Alternate
                                                  ? QPalette::AlternateBase
                                                  : QPalette::Base);
    std::array<QColor, 6> overlays;
    std::size_t layers = 0;
    if (strikeColumn)
        overlays[layers++] = colors.strikeFill;
    if (role(Itm).toBool())
        overlays[layers++] = colors.itmFill;
    if (!gateColumn && gate == GateState::Fail)
        overlays[layers++] = colors.failFill;
    else if (!gateColumn && gate == GateState::Unknown && gateVar.isValid())
        overlays[layers++] = colors.unknownFill;
    if (pick)
        overlays[layers++] = colors.pickFill;
    // Flash: strongest on change, fading out over kFlashMs.
    const qint64 changed = m_flashEnabled ? role(ChangedAt).toLongLong() : 0;
    if (changed > 0) {
        const qint64 now = m_nowMs ? m_nowMs() : QDateTime::currentMSecsSinceEpoch();
        const qint64 age = now - changed;
        if (age >= 0 && age < kFlashMs) {
            const int dir = role(Direction).toInt();
            QColor flash = dir > 0   ? colors.flashUp
                           : dir < 0 ? colors.flashDown
                                     : colors.flashOther;
            flash.setAlphaF(flash.alphaF() * (1.0 - double(age) / kFlashMs));
            overlays[layers++] = flash;
        }
    }
    if (selected) {
        QColor h = option.palette.color(QPalette::Highlight);
        h.setAlpha(110);
        overlays[layers++] = h;
    }
    if (base.style() == Qt::SolidPattern && base.color().alpha() == 255 &&
        painter->opacity() == 1.0 &&
        painter->compositionMode() == QPainter::CompositionMode_SourceOver) {
        // One fill of the colour the layers blend to: most of a cell's cost was blending them.
        QRgb pixel = base.color().rgba();
        for (std::size_t i = 0; i < layers; ++i)
            pixel = blendOver(pixel, overlays[i]);
        painter->fillRect(r, QColor::fromRgba(pixel));
    } else {
        painter->fillRect(r, base);
        for (std::size_t i = 0; i < layers; ++i)
            painter->fillRect(r, overlays[i]);
    }

    // Text.
    QColor fg = option.palette.color(QPalette::Text);
    bool bold = false;
    bool italic = false;
    if (gateColumn) {
        fg = gate == GateState::Pass   ? colors.pass
             : gate == GateState::Fail ? colors.fail
                                       : colors.unknown;
        bold = true;
    } else if (gate == GateState::Fail && gateVar.isValid()) {
        fg = colors.fail;
    }
    if (strikeColumn || pick)
        bold = true;
    // Listed by "Passing only" although it fails (its strike's other side passes): faded, so
    // that a failing contract never reads as one the filter let through.
    if (role(Dimmed).toBool())
        fg.setAlphaF(fg.alphaF() * kDimmedTextAlpha);
    // Greeks computed from the mid (not sent by the feed) are italic; the model says which.
    if (!gateColumn && !strikeColumn && role(Font).isValid())
        italic = role(Font).value<QFont>().italic();
    painter->save();
    if (bold || italic) {
        QFont font = option.font;
        font.setBold(bold);
        font.setItalic(italic);
        painter->setFont(font);
    } else {
        painter->setFont(option.font);
    }
    painter->setPen(fg);
    drawText(painter, r.adjusted(3, 0, -4, 0), role(Alignment).toInt(), role(Display).toString(),
             (bold ? 1 : 0) | (italic ? 2 : 0));

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
    if (m_boundaryVisible && role(Boundary).toBool()) {
        QPen pen(colors.boundary);
        pen.setWidth(2);
        painter->setPen(pen);
        painter->drawLine(r.left(), r.bottom(), r.right(), r.bottom());
    }
    painter->restore();
}

// Where QPainter::drawText(rect, align, text) puts one line (qt_format_text: the text's
// natural width and its font's ascent + descent, aligned in the rectangle), drawn from a text
// laid out once. Text wider than the rectangle is drawn the ordinary way, which clips it.
void ChainDelegate::drawText(QPainter *painter, const QRect &rect, int align, const QString &text,
                             int style) const {
    if (text.isEmpty())
        return;
    const QFont &font = painter->font();
    Texts &texts = m_texts[static_cast<std::size_t>(style)];
    if (texts.height < 0 || !(font == texts.font) || texts.laidOut.size() >= kMaxTexts) {
        texts.font = font;
        const QFontMetricsF fm(font);
        texts.height = fm.ascent() + fm.descent();
        texts.laidOut.clear();
    }
    auto it = texts.laidOut.find(text);
    if (it == texts.laidOut.end()) {
        QStaticText st(text);
        st.setTextFormat(Qt::PlainText);
        st.prepare(QTransform(), font);
        it = texts.laidOut.insert(text, st);
    }
    const QSizeF size = it->size();
    const qreal height = texts.height;
    if (size.width() > rect.width() || height > rect.height() || text.contains(QLatin1Char('\n'))) {
        painter->drawText(rect, align, text);
        return;
    }
    qreal x = rect.x();
    if (align & Qt::AlignRight)
        x += rect.width() - size.width();
    else if (align & Qt::AlignHCenter)
        x += (rect.width() - size.width()) / 2;
    qreal y = rect.y();
    if (align & Qt::AlignBottom)
        y += rect.height() - height;
    else if (align & Qt::AlignVCenter)
        y += (rect.height() - height) / 2;
    painter->drawStaticText(QPointF(x, y), *it);
}

} // namespace cg::ui
