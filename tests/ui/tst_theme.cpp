// Themes switched in a running process, offscreen: every chart (expiry charts, payoff, metrics)
// and every label of the Contract panel follow the palette at once, dark and back to light, and
// the chain's semantic colours keep their contrast in both.

#include "domain/clock.h"
#include "domain/gates.h"
#include "support/fake_market_data.h"
#include "ui/chain_colors.h"
#include "ui/contract_detail_panel.h"
#include "ui/expiry_charts_panel.h"
#include "ui/metrics_panel.h"
#include "ui/theme.h"

#include <QApplication>
#include <QLabel>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/qcustomplot_include.h"

using namespace cg;
using namespace cg::ui;

namespace {

// What the eye sees: a translucent colour over the background it is drawn on.
QColor over(const QColor &fg, const QColor &bg) {
    const double a = fg.alphaF();
    return QColor::fromRgbF(float(fg.redF() * a + bg.redF() * (1 - a)),
                            float(fg.greenF() * a + bg.greenF() * (1 - a)),
                            float(fg.blueF() * a + bg.blueF() * (1 - a)));
}

double labelContrast(const QLabel *l) {
    const QPalette p = l->palette();
    const QColor bg = p.color(QPalette::Window);
    return contrastRatio(over(p.color(l->foregroundRole()), bg), bg);
}

// As the menu does it, then one event-loop turn: the palette reaches widgets in posted events.
void switchTheme(const char *name) {
    applyTheme(QLatin1String(name));
    QCoreApplication::processEvents();
}

struct Window {
    FixedClock clock{Timestamp{std::chrono::milliseconds{1767364200000}}};
    QWidget host;
    ContractDetailPanel *detail = new ContractDetailPanel(&host);
    ExpiryChartsPanel *charts = new ExpiryChartsPanel(&host);
    MetricsPanel *metrics = new MetricsPanel(nullptr, clock, &host);

    Window() {
        auto *l = new QVBoxLayout(&host);
        l->addWidget(detail);
        l->addWidget(charts);
        l->addWidget(metrics);
        host.resize(700, 1200);
        host.show();
    }
};

} // namespace

class TstTheme : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { applyTheme(QStringLiteral("light")); }

    // Dark, then light, then dark again: each time every plot's background, axis rect, axis
    // labels and tick labels are the palette's, without a restart.
    void plotsFollowThePaletteBothWays() {
        Window w;
        QVERIFY(QTest::qWaitForWindowExposed(&w.host));
        const QList<QCustomPlot *> plots = w.host.findChildren<QCustomPlot *>();
        QCOMPARE(plots.size(), 1 + 2 + 5); // payoff, smile and volume, five metrics charts
        for (const char *theme : {"dark", "light", "dark", "light"}) {
            switchTheme(theme);
            const QPalette expected = QApplication::palette();
            const QColor base = expected.color(QPalette::Base);
            const QColor text = expected.color(QPalette::Text);
            for (QCustomPlot *p : plots) {
                const QByteArray where = QByteArray(theme) + " " + p->objectName().toLatin1();
                QVERIFY2(p->axisRect()->backgroundBrush().color() == base, where.constData());
                for (QCPAxis *a : {p->xAxis, p->yAxis}) {
                    QVERIFY2(a->labelColor() == text, where.constData());
                    QVERIFY2(a->tickLabelColor() == text, where.constData());
                    QVERIFY2(a->basePen().color() == text, where.constData());
                }
                QVERIFY2(p->legend->textColor() == text, where.constData());
                // The widget's own background, as painted.
                const QImage img = p->toPixmap(80, 60).toImage();
                const QByteArray painted = where + " " + img.pixelColor(1, 1).name().toLatin1();
                QVERIFY2(img.pixelColor(1, 1) == base, painted.constData());
            }
        }
    }

    // Every label of the Contract panel (field names, values, title, verdict) reads at WCAG AA
    // (4.5:1) in both themes and after switching back.
    void contractLabelsReadable() {
        Window w;
        QVERIFY(QTest::qWaitForWindowExposed(&w.host));
        // A contract that passes every gate: the verdict is in the pass colour.
        const Timestamp now = w.clock.now();
        const auto expiry = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(now) +
                                                        std::chrono::days{7}};
        const OptionContract c =
            test::makeContract("SPY", OptionType::Call, 100, expiry, 1.0, 1.02);
        w.detail->setContract(models::ChainEntry{c, GateThresholds{}, now}, 101, now, true, 0.04);
        QVERIFY(w.detail->findChild<QLabel *>(QStringLiteral("detailVerdict"))
                    ->text()
                    .contains(QStringLiteral("Passes")));
        for (const char *theme : {"dark", "light", "dark", "light"}) {
            switchTheme(theme);
            const QList<QLabel *> labels = w.detail->findChildren<QLabel *>();
            QVERIFY(labels.size() >= 16);
            for (const QLabel *l : labels) {
                const double ratio = labelContrast(l);
                const QByteArray what = QByteArray(theme) + " \"" + l->text().left(30).toUtf8() +
                                        "\": contrast " + QByteArray::number(ratio, 'f', 2);
                QVERIFY2(ratio >= 4.5, what.constData());
            }
        }
    }

    // Pass, fail and unknown text in the chain and the panels: 4.5:1 on the base and alternate
    // rows, in the money or not, in both themes.
    void chainColoursContrast() {
        for (const char *theme : {"dark", "light"}) {
            applyTheme(QLatin1String(theme));
            const QPalette p = QApplication::palette();
            const ChainColors c = ChainColors::forPalette(p);
            for (QPalette::ColorRole role : {QPalette::Base, QPalette::AlternateBase}) {
                for (bool itm : {false, true}) {
                    QColor bg = p.color(role);
                    if (itm)
                        bg = over(c.itmFill, bg);
                    for (const QColor &fg : {c.pass, c.fail, c.unknown, p.color(QPalette::Text)}) {
                        const double ratio = contrastRatio(fg, bg);
                        const QByteArray what = QByteArray(theme) + " " + fg.name().toLatin1() +
                                                " on " + bg.name().toLatin1() + ": " +
                                                QByteArray::number(ratio, 'f', 2);
                        QVERIFY2(ratio >= 4.5, what.constData());
                    }
                }
            }
        }
    }

    // A button styled only when checked (the dispatcher bar's Manual and Auto): unchecked, it
    // takes the new palette's colours after a switch, not the old theme's (Auto read as disabled
    // after dark -> light).
    void styleSheetButtonsFollow() {
        QWidget host;
        auto *button = new QToolButton(&host);
        button->setText(QStringLiteral("Auto"));
        button->setCheckable(true);
        button->setStyleSheet(QStringLiteral(
            "QToolButton:checked { background: #8a6100; color: white; font-weight: bold; }"));
        host.show();
        QVERIFY(QTest::qWaitForWindowExposed(&host));
        for (const char *theme : {"dark", "light", "dark", "light"}) {
            switchTheme(theme);
            const QPalette expected = QApplication::palette();
            for (QPalette::ColorRole role :
                 {QPalette::ButtonText, QPalette::Button, QPalette::WindowText, QPalette::Window}) {
                const QByteArray what = QByteArray(theme) + " role " + QByteArray::number(role) +
                                        " " + button->palette().color(role).name().toLatin1();
                QVERIFY2(button->palette().color(role) == expected.color(role), what.constData());
            }
        }
    }

    void contrastRatioIsWcag() {
        QCOMPARE(qRound(contrastRatio(Qt::black, Qt::white) * 100), 2100);
        QCOMPARE(contrastRatio(Qt::white, Qt::white), 1.0);
        QCOMPARE(qRound(contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) * 100), 454);
    }
};

QTEST_MAIN(TstTheme)
#include "tst_theme.moc"
