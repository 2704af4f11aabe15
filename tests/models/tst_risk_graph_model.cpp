// The Risk dock's model over PositionsModel rows: a long call's break-even exact at expiry, the
// IV solved from the mark when the chain has none (so the P&L now equals the position's
// unrealized P&L), a position left out until its underlying has a price (and named), the
// portfolio in percent of today's price across two underlyings, the straddle's expected move,
// the chosen date held at the first expiry and the IV shift.

#include "domain/black_scholes.h"
#include "domain/market_calendar.h"
#include "domain/occ_symbol.h"
#include "models/risk_graph_model.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <numbers>

using namespace cg;
using namespace cg::models;
using namespace std::chrono;

namespace {

const Timestamp kNow = sys_days{year{2026} / 11 / 26} + hours{15};
constexpr year_month_day kExpiry{year{2026}, month{12}, day{18}};

PositionRow call(const std::string &root, double strike, double qty, double avg, double mark,
                 std::optional<double> underlying) {
    PositionRow p;
    p.symbol = formatOccSymbol(root, kExpiry, OptionType::Call, strike);
    p.assetClass = "us_option";
    p.qty = qty;
    p.avgEntryPrice = avg;
    p.currentPrice = mark;
    p.pnl.mark = mark;
    p.pnl.multiplier = 100;
    p.market.underlyingPrice = underlying;
    p.underlying = QString::fromStdString(root);
    return p;
}

} // namespace

class TestRiskGraphModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The chain's IV (20 %, the feed's) does not price the mark 2.50: the IV solved from the
    // mark does (25.4 %), so the P&L now is the Positions dock's (2.50 - 2.00) x 100.
    void longCallBreakEvenAndIvFromTheMarkOverTheChains() {
        FixedClock clock(kNow);
        RiskGraphModel m(clock);
        m.setRate(0.0);
        m.setIvLookup([](const std::string &) { return std::optional(0.20); });
        QSignalSpy changed(&m, &RiskGraphModel::changed);
        m.setPositions({call("SPY", 100, 1, 2.00, 2.50, 100.0)});
        QVERIFY(changed.count() >= 1);
        QCOMPARE(m.underlyings(), QStringList{QStringLiteral("SPY")});
        QVERIFY(m.leftOut().isEmpty());
        QCOMPARE(m.legCount(), 1);
        QVERIFY(!m.percentAxis());
        QCOMPARE(m.livePrice(), 100.0);
        QCOMPARE(m.profile().expiryBreakEvens.size(), size_t(1));
        QVERIFY(std::abs(m.profile().expiryBreakEvens[0] - 102.0) < 1e-9);
        QCOMPARE(m.daysToFirstExpiry(), 23); // Nov 26 10:00 to Dec 18 16:00 New York
        QVERIFY2(m.summaryText().contains(QStringLiteral("P&L now +$50.00")),
                 qPrintable(m.summaryText()));
        // IV 25.4 %, 22.25 days: the move from the IV, in price.
        QVERIFY(m.expectedMove());
        QCOMPARE(m.expectedMoveSource(), QStringLiteral("IV 25.4%"));
        // The band an ATM straddle would draw at that IV (sqrt(2/pi) of a standard deviation),
        // the same measure as the straddle's own band, not a whole standard deviation.
        const double years = 22.25 / 365.0;
        QVERIFY2(std::abs(*m.expectedMove() - 100.0 * 0.254 * std::sqrt(years) *
                                                  std::sqrt(2.0 / std::numbers::pi)) < 0.02,
                 qPrintable(QString::number(*m.expectedMove())));
        QVERIFY(m.summaryText().contains(QStringLiteral("break-even 102.00")));
    }

    void ivSolvedFromTheMarkMatchesTheUnrealizedPnl() {
        FixedClock clock(kNow);
        RiskGraphModel m(clock);
        m.setRate(0.04);
        // No IV from the chain: solved from the mark 2.50 at the underlying 100, so the P&L now
        // at 100 is (2.50 - 2.00) x 100 = +$50.00.
        m.setPositions({call("SPY", 100, 1, 2.00, 2.50, 100.0)});
        QCOMPARE(m.legCount(), 1);
        QVERIFY(m.summaryText().startsWith(QStringLiteral("P&L now +$50.00")));
        // A deep put (American: its early exercise is in the mark) prices back to its mark too:
        // 120 put at 20.60 with the stock at 100, bought at 20.00: P&L now +$60.00.
        PositionRow deep = call("SPY", 120, 1, 20.00, 20.60, 100.0);
        deep.symbol = formatOccSymbol("SPY", kExpiry, OptionType::Put, 120);
        m.setPositions({deep});
        QCOMPARE(m.legCount(), 1);
        QVERIFY2(m.summaryText().startsWith(QStringLiteral("P&L now +$60.00")),
                 qPrintable(m.summaryText()));
        // A mark below the intrinsic value cannot be solved: left out, with the reason.
        m.setPositions({call("SPY", 90, 1, 2.00, 5.00, 100.0)});
        QCOMPARE(m.legCount(), 0);
        QCOMPARE(m.leftOut().size(), 1);
        QVERIFY2(m.leftOut()[0].contains(QStringLiteral("no IV")), qPrintable(m.leftOut()[0]));
        QCOMPARE(m.summaryText(), QStringLiteral("No position here can be priced."));
    }

    // A mark with no time value (a deep put at its intrinsic value) solves no IV: the chain's is
    // used, the feed's Black-Scholes IV, and priced by Black-Scholes, the model it came from.
    void chainIvIsPricedByItsOwnModel() {
        FixedClock clock(kNow);
        RiskGraphModel m(clock);
        m.setRate(0.04);
        m.setIvLookup([](const std::string &) { return std::optional(0.25); });
        PositionRow deep = call("SPY", 120, 1, 19.00, 20.00, 100.0);
        deep.symbol = formatOccSymbol("SPY", kExpiry, OptionType::Put, 120);
        m.setPositions({deep});
        QCOMPARE(m.legCount(), 1);
        BsInput in;
        in.type = OptionType::Put;
        in.spot = 100.0;
        in.strike = 120.0;
        in.rate = 0.04;
        in.vol = 0.25;
        in.years = duration<double>(optionExpiryInstant(kExpiry) - kNow).count() / (365.0 * 86400);
        const double pnl = (blackScholes(in).price - 19.00) * 100.0;
        const QString expected = QStringLiteral("P&L now +$%1").arg(pnl, 0, 'f', 2);
        QVERIFY2(m.summaryText().startsWith(expected),
                 qPrintable(expected + QStringLiteral(" expected: ") + m.summaryText()));
    }

    void portfolioAcrossUnderlyingsInPercent() {
        FixedClock clock(kNow);
        RiskGraphModel m(clock);
        m.setIvLookup([](const std::string &) { return std::optional(0.25); });
        QSignalSpy names(&m, &RiskGraphModel::underlyingsChanged);
        m.setPositions({call("SPY", 100, 1, 2.00, 2.50, 100.0), call("QQQ", 400, 1, 8.0, 8.0, {})});
        QCOMPARE(names.count(), 1);
        QCOMPARE(m.underlyings(), (QStringList{QStringLiteral("QQQ"), QStringLiteral("SPY")}));
        // QQQ has no price yet (no market data here): left out and named.
        QCOMPARE(m.leftOut(),
                 QStringList{QStringLiteral("QQQ261218C00400000: no price for QQQ yet")});
        QVERIFY(!m.percentAxis());
        m.setUnderlyingPrice(QStringLiteral("QQQ"), 400.0);
        QVERIFY(m.leftOut().isEmpty());
        QCOMPARE(m.legCount(), 2);
        QVERIFY(m.percentAxis());
        QCOMPARE(m.livePrice(), 100.0);
        // Rescaled to 100, the QQQ call is a 100 call at 2.00 on 400 shares' worth: at expiry
        // above 100 % the P&L is 100 (x - 100) - 200 + 400 (x - 100) - 800, zero at 102 %.
        QCOMPARE(m.profile().expiryBreakEvens.size(), size_t(1));
        QVERIFY(std::abs(m.profile().expiryBreakEvens[0] - 102.0) < 1e-9);
        // One underlying: back to its price.
        m.setScope(QStringLiteral("SPY"));
        QCOMPARE(m.legCount(), 1);
        QVERIFY(!m.percentAxis());
    }

    void straddleMoveDateAndIvShift() {
        FixedClock clock(kNow);
        RiskGraphModel m(clock);
        m.setRate(0.0);
        m.setIvLookup([](const std::string &) { return std::optional(0.20); });
        m.setStraddleLookup([](const QString &u, year_month_day e) -> std::optional<double> {
            if (u == QLatin1String("SPY") && e == kExpiry)
                return 3.0;
            return std::nullopt;
        });
        m.setPositions({call("SPY", 100, 1, 2.00, 2.50, 100.0)});
        QCOMPARE(*m.expectedMove(), 3.0);
        QCOMPARE(m.expectedMoveSource(), QStringLiteral("ATM straddle 3.00"));
        // Range: 3 moves each side.
        QCOMPARE(m.profile().spot.front(), 91.0);
        QCOMPARE(m.profile().spot.back(), 109.0);

        m.setDaysForward(400); // held at the expiry
        QCOMPARE(m.profile().dateInstant, m.profile().expiryInstant);
        m.setDaysForward(10);
        QCOMPARE(m.profile().dateInstant, kNow + days{10});
        QCOMPARE(m.chosenDateText(), QStringLiteral("Dec 6"));
        const double before = m.profile().today[100];
        m.setIvShiftPoints(10);
        QVERIFY(m.profile().today[100] > before + 50); // vega of an ATM call, 22 days
        QVERIFY(m.summaryText().contains(QStringLiteral("at Dec 6")));
    }
};

QTEST_GUILESS_MAIN(TestRiskGraphModel)
#include "tst_risk_graph_model.moc"
