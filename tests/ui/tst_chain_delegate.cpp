// The chain's cell painter offscreen, with an injected clock (no timing luck): a stamped cell
// flashes at once and has faded completely within 300 ms, the flash setting switches it off, and
// the cell's colours are the palette's.

#include "models/chain_field.h"
#include "models/chain_roles.h"
#include "ui/chain_colors.h"
#include "ui/chain_delegate.h"
#include "ui/theme.h"

#include <QApplication>
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
};

QTEST_MAIN(TstChainDelegate)
#include "tst_chain_delegate.moc"
