// The chain's cell painter offscreen, with an injected clock (no timing luck): a stamped cell
// flashes at once and has faded completely within 300 ms, the flash setting switches it off, and
// the cell's colours are the palette's. Its cheap way (one fill of the blended colour, texts laid
// out once) paints the very pixels of the plain way. The view repaints, while cells fade, only
// the columns that flash over the rows that changed, and changed cells at most once a frame.

#include "models/chain_field.h"
#include "models/chain_roles.h"
#include "ui/chain_colors.h"
#include "ui/chain_delegate.h"
#include "ui/chain_view.h"
#include "ui/theme.h"

#include <QApplication>
#include <QHeaderView>
#include <QPaintEvent>
#include <QPainter>
#include <QStandardItemModel>
#include <QTest>

using namespace cg;
using namespace cg::models;
using namespace cg::ui;

namespace {

constexpr qint64 kStamp = 1'767'364'200'000;

struct Cell {
    QStandardItemModel model{1, 1};
    ChainDelegate delegate;
    qint64 now = kStamp;

    Cell() {
        QStandardItem *item = model.item(0, 0);
        if (!item) {
            item = new QStandardItem;
            model.setItem(0, 0, item);
        }
        item->setData(QStringLiteral("1.23"), Qt::DisplayRole);
        item->setData(int(Qt::AlignRight | Qt::AlignVCenter), Qt::TextAlignmentRole);
        item->setData(int(ChainField::Bid), FieldRole);
        item->setData(int(GateState::Pass), GateStateRole);
        item->setData(kStamp, ChangedAtRole);
        item->setData(1, ChangeDirectionRole);
        delegate.setClock([this] { return now; });
    }

    // The colour of the cell's top-left corner (the text is right-aligned, far from it).
    QColor corner(const QPalette &palette) {
        QImage img(80, 20, QImage::Format_ARGB32_Premultiplied);
        img.fill(Qt::transparent);
        QPainter p(&img);
        QStyleOptionViewItem opt;
        opt.rect = img.rect();
        opt.palette = palette;
        opt.state = QStyle::State_Enabled;
        opt.font = QApplication::font();
        delegate.paint(&p, opt, model.index(0, 0));
        p.end();
        return img.pixelColor(1, 1);
    }
};

// The cell as painted before the delegate learnt its shortcuts: every layer filled in turn, the
// text laid out by QPainter::drawText. The pixels the delegate must still paint.
QImage plainCell(const QModelIndex &index, const QStyleOptionViewItem &option, qint64 now) {
    QImage img(option.rect.size(), QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    QPainter p(&img);
    const ChainColors colors = ChainColors::forPalette(option.palette);
    const QRect r = option.rect;
    const bool gateColumn = index.data(GateFieldRole).toBool();
    const bool strikeColumn = index.data(FieldRole).toInt() < 0;
    const QVariant gateVar = index.data(GateStateRole);
    const auto gate = gateVar.isValid() ? static_cast<GateState>(gateVar.toInt()) : GateState::Pass;
    p.fillRect(r, option.palette.brush(option.features & QStyleOptionViewItem::Alternate
                                           ? QPalette::AlternateBase
                                           : QPalette::Base));
    if (strikeColumn)
        p.fillRect(r, colors.strikeFill);
    if (index.data(ItmRole).toBool())
        p.fillRect(r, colors.itmFill);
    if (!gateColumn && gate == GateState::Fail)
        p.fillRect(r, colors.failFill);
    else if (!gateColumn && gate == GateState::Unknown && gateVar.isValid())
        p.fillRect(r, colors.unknownFill);
    const bool pick = index.data(PickRole).toBool();
    if (pick)
        p.fillRect(r, colors.pickFill);
    const qint64 age = now - index.data(ChangedAtRole).toLongLong();
    if (index.data(ChangedAtRole).toLongLong() > 0 && age >= 0 && age < ChainDelegate::kFlashMs) {
        const int dir = index.data(ChangeDirectionRole).toInt();
        QColor flash = dir > 0 ? colors.flashUp : dir < 0 ? colors.flashDown : colors.flashOther;
        flash.setAlphaF(flash.alphaF() * (1.0 - double(age) / ChainDelegate::kFlashMs));
        p.fillRect(r, flash);
    }
    if (option.state & QStyle::State_Selected) {
        QColor h = option.palette.color(QPalette::Highlight);
        h.setAlpha(110);
        p.fillRect(r, h);
    }
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
    if (!gateColumn && !strikeColumn) {
        if (const QVariant f = index.data(Qt::FontRole); f.isValid())
            font.setItalic(f.value<QFont>().italic());
    }
    p.setFont(font);
    p.setPen(fg);
    p.drawText(r.adjusted(3, 0, -4, 0), index.data(Qt::TextAlignmentRole).toInt(),
               index.data(Qt::DisplayRole).toString());
    if (pick) {
        p.setPen(QPen(colors.pickLine, 1));
        p.drawLine(r.topLeft(), r.topRight());
        p.drawLine(r.bottomLeft(), r.bottomRight());
        if (strikeColumn) {
            const int s = std::max(3, r.height() / 5);
            const QPoint c(r.left() + s + 3, r.center().y());
            p.setBrush(colors.pickLine);
            p.setPen(Qt::NoPen);
            const QPoint diamond[] = {
                {c.x(), c.y() - s}, {c.x() + s, c.y()}, {c.x(), c.y() + s}, {c.x() - s, c.y()}};
            p.drawPolygon(diamond, 4);
        }
    }
    return img;
}

QImage delegateCell(const ChainDelegate &delegate, const QModelIndex &index,
                    const QStyleOptionViewItem &option) {
    QImage img(option.rect.size(), QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    QPainter p(&img);
    delegate.paint(&p, option, index);
    return img;
}

// Counts a widget's paint events and the region they repainted.
struct PaintCounter : QObject {
    int paints = 0;
    QRegion painted;
    bool eventFilter(QObject *, QEvent *e) override {
        if (e->type() == QEvent::Paint) {
            ++paints;
            painted += static_cast<QPaintEvent *>(e)->region();
        }
        return false;
    }
};

} // namespace

class TstChainDelegate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void flashIsBriefAndFades() {
        QVERIFY(ChainDelegate::kFlashMs >= 200 && ChainDelegate::kFlashMs <= 300);
        Cell cell;
        const QPalette pal = QApplication::palette();
        const QColor base = pal.color(QPalette::Base);
        const QColor peak = cell.corner(pal);
        QVERIFY2(peak != base, qPrintable(peak.name()));
        // An up move flashes green: more green than the base, less red.
        QVERIFY(peak.green() - peak.red() > base.green() - base.red());
        cell.now = kStamp + ChainDelegate::kFlashMs / 2;
        const QColor half = cell.corner(pal);
        QVERIFY(half != base && half != peak);
        cell.now = kStamp + ChainDelegate::kFlashMs;
        QCOMPARE(cell.corner(pal), base);
        cell.now = kStamp + 60'000;
        QCOMPARE(cell.corner(pal), base);
    }

    void settingOffMeansNoFlash() {
        Cell cell;
        const QPalette pal = QApplication::palette();
        cell.delegate.setFlashEnabled(false);
        QCOMPARE(cell.corner(pal), pal.color(QPalette::Base));
        cell.delegate.setFlashEnabled(true);
        QVERIFY(cell.corner(pal) != pal.color(QPalette::Base));
    }

    void unstampedCellNeverFlashes() {
        Cell cell;
        cell.model.item(0, 0)->setData(qint64(0), ChangedAtRole);
        const QPalette pal = QApplication::palette();
        QCOMPARE(cell.corner(pal), pal.color(QPalette::Base));
    }

    // A failing contract that "Passing only" lists beside a passing one (DimmedRole) is painted
    // faded: its text is much closer to the base than a normal cell's, on both themes.
    void dimmedCellTextIsFaded() {
        Cell cell;
        cell.now = kStamp + 60'000; // no flash
        cell.model.item(0, 0)->setData(QStringLiteral("888.88"), Qt::DisplayRole);
        // The largest distance of any pixel from the base: the text's ink.
        const auto ink = [&cell](const QPalette &pal) {
            QImage img(80, 20, QImage::Format_ARGB32_Premultiplied);
            img.fill(Qt::transparent);
            QPainter p(&img);
            QStyleOptionViewItem opt;
            opt.rect = img.rect();
            opt.palette = pal;
            opt.state = QStyle::State_Enabled;
            opt.font = QApplication::font();
            cell.delegate.paint(&p, opt, cell.model.index(0, 0));
            p.end();
            const QColor base = pal.color(QPalette::Base);
            int most = 0;
            for (int y = 0; y < img.height(); ++y)
                for (int x = 0; x < img.width(); ++x) {
                    const QColor c = img.pixelColor(x, y);
                    most = std::max(most, std::abs(c.red() - base.red()) +
                                              std::abs(c.green() - base.green()) +
                                              std::abs(c.blue() - base.blue()));
                }
            return most;
        };
        for (const char *theme : {"dark", "light"}) {
            applyTheme(QLatin1String(theme));
            const QPalette pal = QApplication::palette();
            cell.model.item(0, 0)->setData(false, DimmedRole);
            const int normal = ink(pal);
            cell.model.item(0, 0)->setData(true, DimmedRole);
            const int dimmed = ink(pal);
            cell.model.item(0, 0)->setData(false, DimmedRole);
            QVERIFY2(normal > 0 && dimmed * 2 < normal,
                     qPrintable(QStringLiteral("%1 vs %2").arg(dimmed).arg(normal)));
        }
    }

    // The cell follows whichever palette it is painted with: dark, then light again.
    void coloursFromThePalette() {
        Cell cell;
        cell.now = kStamp + 60'000;
        for (const char *theme : {"dark", "light"}) {
            applyTheme(QLatin1String(theme));
            const QPalette pal = QApplication::palette();
            QCOMPARE(cell.corner(pal), pal.color(QPalette::Base));
            cell.model.item(0, 0)->setData(true, ItmRole);
            const QColor itm = cell.corner(pal);
            cell.model.item(0, 0)->setData(false, ItmRole);
            QVERIFY(itm != pal.color(QPalette::Base));
            // The shading stays a tint: the text on it keeps its contrast.
            QVERIFY(contrastRatio(pal.color(QPalette::Text), itm) >= 4.5);
        }
    }

    // Shading, fails, the pick, a flash half-way, the selection, bold and italic text, on both
    // themes: the delegate's one fill and laid-out text give the pixels of every layer painted in
    // turn and QPainter::drawText. Text wider than its cell is clipped as drawText clips it.
    void oneFillAndLaidOutTextPaintTheSamePixels() {
        struct State {
            const char *name;
            QString text;
            int field;
            bool gateColumn, itm, pick, selected, alternate, italic;
            QVariant gate;
            qint64 changedAt;
            int direction;
            int align;
        };
        const int right = int(Qt::AlignRight | Qt::AlignVCenter);
        const QList<State> states{
            {"plain",
             "1.23",
             int(ChainField::Bid),
             false,
             false,
             false,
             false,
             false,
             false,
             {},
             0,
             0,
             right},
            {"itm, flash up", "12.05", int(ChainField::Ask), false, true, false, false, true, false,
             int(GateState::Pass), kStamp, 1, right},
            {"fail, flash down", "0.05", int(ChainField::Mid), false, false, false, false, false,
             false, int(GateState::Fail), kStamp - 90, -1, right},
            {"unknown, other", "7.5", int(ChainField::SpreadPct), false, true, false, true, false,
             false, int(GateState::Unknown), kStamp - 200, 0, right},
            {"strike, pick",
             "708.00",
             -1,
             false,
             true,
             true,
             false,
             false,
             false,
             {},
             0,
             0,
             int(Qt::AlignCenter)},
            {"gate column", "\u2717", int(ChainField::GateSpread), true, false, false, false, true,
             false, int(GateState::Fail), 0, 0, int(Qt::AlignCenter)},
            {"computed greek",
             "-0.431",
             int(ChainField::Delta),
             false,
             false,
             true,
             false,
             false,
             true,
             {},
             0,
             0,
             right},
            {"too wide",
             "123456789.123456",
             int(ChainField::Volume),
             false,
             false,
             false,
             false,
             false,
             false,
             {},
             kStamp - 30,
             1,
             right},
        };
        for (const char *theme : {"light", "dark"}) {
            applyTheme(QLatin1String(theme));
            for (const State &st : states) {
                QStandardItemModel model(1, 1);
                auto *item = new QStandardItem;
                item->setData(st.text, Qt::DisplayRole);
                item->setData(st.align, Qt::TextAlignmentRole);
                item->setData(st.field, FieldRole);
                item->setData(st.gateColumn, GateFieldRole);
                item->setData(st.gate, GateStateRole);
                item->setData(st.itm, ItmRole);
                item->setData(st.pick, PickRole);
                item->setData(st.changedAt, ChangedAtRole);
                item->setData(st.direction, ChangeDirectionRole);
                if (st.italic) {
                    QFont italic;
                    italic.setItalic(true);
                    item->setData(italic, Qt::FontRole);
                }
                model.setItem(0, 0, item);
                ChainDelegate delegate;
                delegate.setClock([] { return kStamp + 40; });
                QStyleOptionViewItem opt;
                opt.rect = QRect(0, 0, st.text.size() > 10 ? 50 : 72, 21);
                opt.palette = QApplication::palette();
                opt.state = QStyle::State_Enabled;
                if (st.selected)
                    opt.state |= QStyle::State_Selected;
                if (st.alternate)
                    opt.features |= QStyleOptionViewItem::Alternate;
                opt.font = QApplication::font();
                const QModelIndex index = model.index(0, 0);
                const QByteArray what = QByteArray(theme) + ": " + st.name;
                const QImage expected = plainCell(index, opt, kStamp + 40);
                QVERIFY2(delegateCell(delegate, index, opt) == expected, what.constData());
                // Again, from the text laid out the first time.
                QVERIFY2(delegateCell(delegate, index, opt) == expected, what.constData());
            }
        }
    }

    // A text is laid out once for a font and style, and again after the font changes.
    void textsAreLaidOutOncePerFont() {
        Cell cell;
        const QPalette pal = QApplication::palette();
        cell.corner(pal);
        cell.corner(pal);
        QCOMPARE(cell.delegate.cachedTexts(), 1);
        cell.model.item(0, 0)->setData(QStringLiteral("1.24"), Qt::DisplayRole);
        cell.corner(pal);
        QCOMPARE(cell.delegate.cachedTexts(), 2);
        QFont bigger = QApplication::font();
        bigger.setPointSizeF(bigger.pointSizeF() * 2);
        QImage img(80, 40, QImage::Format_ARGB32_Premultiplied);
        QPainter p(&img);
        QStyleOptionViewItem opt;
        opt.rect = img.rect();
        opt.palette = pal;
        opt.font = bigger;
        cell.delegate.paint(&p, opt, cell.model.index(0, 0));
        QCOMPARE(cell.delegate.cachedTexts(), 1);
    }

    // While cells fade, the view repaints the columns that flash (Bid, Volume) over the rows that
    // changed - not a gate column that changed with them, not the rest of the table - and stops
    // once the flash is over. After a sort the changed rows may be anywhere: all rows.
    void viewRepaintsOnlyWhereCellsFade() {
        QStandardItemModel model(40, 4);
        const std::array fields{ChainField::Bid, ChainField::GateQuote, ChainField::Delta,
                                ChainField::Volume};
        for (int c = 0; c < 4; ++c)
            model.setHeaderData(c, Qt::Horizontal, int(fields[std::size_t(c)]), FieldRole);
        for (int r = 0; r < 40; ++r)
            for (int c = 0; c < 4; ++c)
                model.setItem(r, c, new QStandardItem(QString::number(r * 10 + c)));
        ChainView view;
        view.setModel(&model);
        view.setSortingEnabled(false);
        view.resize(500, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.fadingRegion().isEmpty());

        model.item(3, 0)->setText(QStringLiteral("changed"));
        model.item(4, 0)->setText(QStringLiteral("changed"));
        model.item(4, 1)->setText(QStringLiteral("changed")); // a gate: no flash
        model.item(2, 2)->setText(QStringLiteral("changed")); // a greek: no flash
        const QRect bid(view.columnViewportPosition(0), view.rowViewportPosition(3),
                        view.columnWidth(0), 2 * view.rowHeight(3));
        QCOMPARE(view.fadingRegion(), QRegion(bid));

        model.item(10, 3)->setText(QStringLiteral("changed"));
        const QRect volume(view.columnViewportPosition(3), view.rowViewportPosition(10),
                           view.columnWidth(3), view.rowHeight(10));
        QCOMPARE(view.fadingRegion(), QRegion(bid) + volume);

        // Rows sorted another way: the fading columns over every row shown.
        view.setSortingEnabled(true);
        view.sortByColumn(2, Qt::DescendingOrder);
        const QRegion all = view.fadingRegion();
        QVERIFY(all.contains(QRect(view.columnViewportPosition(0), 0, view.columnWidth(0),
                                   view.viewport()->height())));
        QVERIFY(!all.intersects(QRect(view.columnViewportPosition(1), 0, view.columnWidth(1),
                                      view.viewport()->height())));

        // The flash is over: nothing left to repaint, the timer stops.
        QTRY_VERIFY_WITH_TIMEOUT(view.fadingRegion().isEmpty(), 10000);

        // A flush of many ranges in one turn: one repaint, of the changed cells only.
        qobject_cast<ChainDelegate *>(view.itemDelegate())->setFlashEnabled(false);
        QTest::qWait(50);
        PaintCounter counter;
        view.viewport()->installEventFilter(&counter);
        for (int r = 0; r < 12; r += 2) {
            model.item(r, 1)->setText(QStringLiteral("flush"));
            model.item(r, 2)->setText(QStringLiteral("flush"));
        }
        QCOMPARE(counter.paints, 0); // nothing painted synchronously
        QTRY_COMPARE(counter.paints, 1);
        QTest::qWait(100);
        QCOMPARE(counter.paints, 1);
        const QRect changed(view.columnViewportPosition(1), view.rowViewportPosition(0),
                            view.columnWidth(1) + view.columnWidth(2), 11 * view.rowHeight(0));
        QVERIFY(counter.painted.contains(changed));
        QVERIFY(!counter.painted.intersects(QRect(view.columnViewportPosition(3), 0,
                                                  view.columnWidth(3), view.viewport()->height())));
        view.viewport()->removeEventFilter(&counter);

        // With the setting off nothing fades, so nothing is tracked.
        model.item(5, 0)->setText(QStringLiteral("again"));
        QVERIFY(view.fadingRegion().isEmpty());
    }
};

QTEST_MAIN(TstChainDelegate)
#include "tst_chain_delegate.moc"
