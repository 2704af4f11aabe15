// The Underlying dock and the optional chain columns, offscreen over an in-process MarketData:
// the last session's intraday bars, daily bars, the expected move band from the nearest expiry's
// straddle, a bars error said in words, and probability ITM / expected move hidden by default.

#include "domain/expected_move.h"
#include "models/chain_field.h"
#include "models/chain_roles.h"
#include "models/chain_session.h"
#include "models/chain_table_model.h"
#include "support/fake_market_data.h"
#include "support/window_fixture.h"
#include "ui/chain_view.h"
#include "ui/main_window.h"
#include "ui/underlying_chart_panel.h"

#include <QDockWidget>
#include <QTest>

using namespace cg;
using namespace cg::models;
using namespace cg::ui;
using namespace std::chrono;

namespace {

// Thursday 2026-11-26, 10:00 New York.
const Timestamp kNow = test::kWindowNow;
constexpr year_month_day kNear = test::kWindowNear;
constexpr year_month_day kMid = test::kWindowMid;

PriceBar bar(Timestamp t, double close) {
    return PriceBar{t, close - 0.1, close + 0.2, close - 0.3, close, 1000, 10, close};
}

// The shared window fixture with the underlying's bars.
struct Fixture : test::WindowFixture {
    Fixture()
        : WindowFixture({kNear, kMid}, [](test::FakeMarketData &market) {
            // Yesterday's last two 5-minute bars and today's first three; daily bars before.
            for (int d = 30; d >= 1; --d)
                market.bars.push_back(
                    bar(sys_days{year{2026} / 11 / 26} - days{d} + hours{5}, 100));
            market.bars.push_back(
                bar(sys_days{year{2026} / 11 / 25} + hours{20} + minutes{50}, 100.5));
            market.bars.push_back(
                bar(sys_days{year{2026} / 11 / 25} + hours{20} + minutes{55}, 100.6));
            for (int m = 0; m < 3; ++m)
                market.bars.push_back(bar(kNow - minutes{30} + minutes{5 * m}, 100.8 + 0.1 * m));
        }) {}
    UnderlyingChartPanel *panel() const { return window->underlyingPanel(); }
};

} // namespace

class TstUnderlyingPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void intradayShowsTheLastSessionWithTheExpectedMove() {
        Fixture f;
        QVERIFY(f.window->underlyingDock());
        QCOMPARE(f.window->underlyingDock()->windowTitle(), QStringLiteral("Underlying"));
        f.window->openSymbol(QStringLiteral("SPY"));
        QVERIFY(QTest::qWaitFor([&] { return f.panel()->barCount() > 0; }, 5000));
        // Only today's session of the five days asked for.
        QCOMPARE(f.panel()->barCount(), 3);
        QCOMPARE(f.market.barsQueries.back().timeframe, std::string("5Min"));
        QCOMPARE(f.market.barsQueries.back().symbol, std::string("SPY"));
        // The nearest expiry's straddle at 101: both legs quoted, so a band is drawn.
        QVERIFY(f.panel()->expectedMove() > 0.0);
        std::vector<OptionContract> nearest;
        for (const auto &c : f.market.contracts)
            if (c.expiry == kNear)
                nearest.push_back(c);
        QCOMPARE(f.panel()->expectedMove(), straddleExpectedMove(nearest, 101, kNear)->move);
    }

    void dailyAndErrors() {
        Fixture f;
        f.window->openSymbol(QStringLiteral("SPY"));
        QVERIFY(QTest::qWaitFor([&] { return f.panel()->barCount() > 0; }, 5000));
        f.panel()->setRange(UnderlyingChartPanel::Range::Daily);
        QVERIFY(QTest::qWaitFor([&] { return f.panel()->barCount() == 35; }, 5000));
        QCOMPARE(f.market.barsQueries.back().timeframe, std::string("1Day"));
        f.market.barsError = Error::make("Alpaca is down");
        f.panel()->reload();
        QVERIFY(QTest::qWaitFor([&] { return f.panel()->barCount() == 0; }, 5000));
        QVERIFY(f.panel()->statusText().contains(QStringLiteral("Alpaca is down")));
        QCOMPARE(f.panel()->expectedMove(), 0.0);
    }

    void optionalColumnsHiddenByDefault() {
        Fixture f;
        f.window->openSymbol(QStringLiteral("SPY"));
        QVERIFY(QTest::qWaitFor(
            [&] { return f.window->session()->state() == ChainSession::State::Loaded; }, 5000));
        ChainTableModel *m = f.window->session()->chainModel();
        ChainView *v = f.window->chainView();
        for (auto side : {ChainSide::Call, ChainSide::Put})
            for (auto field : {ChainField::ProbItm, ChainField::ExpectedMove})
                QVERIFY(v->isColumnHidden(m->columnOf(side, field)));
        v->setOptionalColumnsVisible(true);
        const int p = m->columnOf(ChainSide::Call, ChainField::ProbItm);
        const int e = m->columnOf(ChainSide::Put, ChainField::ExpectedMove);
        QVERIFY(!v->isColumnHidden(p) && !v->isColumnHidden(e));
        // Every row of the expiry carries its expected move; P(ITM) from the IV, or a reason.
        bool sawValue = false;
        for (int r = 0; r < m->rowCount(); ++r) {
            QVERIFY(m->index(r, e).data().toString().startsWith(QStringLiteral("\u00b1")));
            const QString itm = m->index(r, p).data().toString();
            const QString tip = m->index(r, p).data(Qt::ToolTipRole).toString();
            if (itm.isEmpty())
                QVERIFY(tip.contains(QStringLiteral("no implied volatility")));
            else
                sawValue = tip.contains(QStringLiteral("probability of expiring in the money"));
        }
        QVERIFY(sawValue);
    }
};

QTEST_MAIN(TstUnderlyingPanel)
#include "tst_underlying_panel.moc"
