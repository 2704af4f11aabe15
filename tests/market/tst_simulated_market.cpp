// The simulated market: determinism, chain shape, and a chain that trips every gate somewhere.

#include "domain/eastern_time.h"
#include "domain/gates.h"
#include "market/expiry_calendar.h"
#include "market/simulated_market.h"

#include <QElapsedTimer>
#include <QTest>

#include <set>

using namespace std::chrono;
using cg::market::SimContract;
using cg::market::SimulatedMarket;

namespace {

// Tuesday 2026-11-24, 10:00 New York time (15:00 UTC): a session is running.
const cg::Timestamp kTuesdayMorning = sys_days{2026y / November / 24} + hours{15};

cg::market::SimulatedMarket::Options seeded(std::uint64_t seed) {
    SimulatedMarket::Options o;
    o.seed = seed;
    return o;
}

cg::OptionContract toDomain(const SimContract &c) {
    cg::OptionContract d;
    d.symbol = c.symbol;
    d.root = c.root;
    d.underlying = c.underlying;
    d.type = c.type;
    d.strike = c.strike;
    d.expiry = c.expiry;
    d.quote = c.quote;
    d.openInterest = c.openInterest;
    if (c.hasDailyBar())
        d.volume = c.volume;
    return d;
}

// The Penny Interval Program's ticks, written out here so the test does not trust the code it
// checks: SPY, QQQ, IWM $0.01 at every price; AAPL (a penny class) $0.01 under $3 and $0.05
// from $3; any other class $0.05 under $3 and $0.10 from $3.
double exchangeTick(const std::string &root, double price) {
    if (root == "SPY" || root == "QQQ" || root == "IWM")
        return 0.01;
    if (root == "AAPL")
        return price < 3.0 ? 0.01 : 0.05;
    return price < 3.0 ? 0.05 : 0.10;
}

bool onTick(double price, double tick) {
    const double steps = price / tick;
    return std::abs(steps - std::round(steps)) < 1e-6;
}

} // namespace

class TestSimulatedMarket : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void startsAtKnownPrices() {
        SimulatedMarket m(kTuesdayMorning);
        QVERIFY(m.stock("SPY"));
        QCOMPARE(m.stock("SPY")->price, 697.12);
        for (const char *s : {"QQQ", "AAPL", "TSLA", "IWM", "NVDA"})
            QVERIFY2(m.hasUnderlying(s), s);
        QVERIFY(!m.hasUnderlying("ZZZZ"));
        QVERIFY(m.chain("ZZZZ").empty());
        QVERIFY(!m.contract("ZZZZ261127C00100000"));
    }

    void sameSeedSameMarket() {
        SimulatedMarket a(kTuesdayMorning, seeded(7));
        SimulatedMarket b(kTuesdayMorning, seeded(7));
        SimulatedMarket c(kTuesdayMorning, seeded(8));
        for (int i = 1; i <= 50; ++i) {
            const auto t = kTuesdayMorning + milliseconds{500 * i};
            a.step(t);
            b.step(t);
            c.step(t);
        }
        QCOMPARE(a.stock("SPY")->price, b.stock("SPY")->price);
        QCOMPARE(a.stock("TSLA")->fair, b.stock("TSLA")->fair);
        QVERIFY(a.stock("SPY")->fair != c.stock("SPY")->fair);
        const auto &ca = a.chain("SPY");
        const auto &cb = b.chain("SPY");
        QCOMPARE(ca.size(), cb.size());
        for (std::size_t i = 0; i < ca.size(); ++i) {
            QCOMPARE(ca[i].symbol, cb[i].symbol);
            QCOMPARE(ca[i].quote.bid, cb[i].quote.bid);
            QCOMPARE(ca[i].quote.ask, cb[i].quote.ask);
            QCOMPARE(ca[i].openInterest, cb[i].openInterest);
            QCOMPARE(ca[i].volume, cb[i].volume);
        }
    }

    void spyChainShape() {
        SimulatedMarket m(kTuesdayMorning);
        QElapsedTimer timer;
        timer.start();
        const auto &chain = m.chain("SPY");
        const auto buildMs = timer.elapsed();
        qInfo("SPY chain: %zu contracts, built and priced in %lld ms", chain.size(),
              static_cast<long long>(buildMs));
        QVERIFY2(chain.size() > 2000 && chain.size() < 12000, "a few thousand contracts");

        std::set<sys_days> expiries;
        for (const auto &c : chain)
            expiries.insert(sys_days{c.expiry});
        const sys_days today{2026y / November / 24};
        QCOMPARE(*expiries.begin(), today); // 0DTE listed
        for (int d = 0; d <= 14; ++d) {
            const year_month_day day{today + days{d}};
            if (cg::market::isTradingDay(day))
                QVERIFY2(expiries.contains(today + days{d}), "every trading day for two weeks");
        }
        // None on a holiday: Thanksgiving; Christmas Day's Friday expiry trades until Thursday.
        QVERIFY(!expiries.contains(sys_days{2026y / November / 26}));
        QVERIFY(!expiries.contains(sys_days{2026y / December / 25}));
        QVERIFY(expiries.contains(sys_days{2026y / December / 24}));
        for (const sys_days e : expiries) {
            const auto dte = (e - today).count();
            QVERIFY(dte >= 0 && dte <= 120);
            QVERIFY(cg::market::isTradingDay(year_month_day{e}));
            if (dte > 14)
                QVERIFY(weekday{e} == Friday ||
                        (weekday{e} == Thursday &&
                         !cg::market::isTradingDay(year_month_day{e + days{1}})));
            if (dte > 60)
                QVERIFY(cg::market::isThirdFriday(year_month_day{e}));
        }
        QVERIFY(expiries.contains(sys_days{2026y / December / 18})); // a monthly
        QVERIFY(expiries.contains(sys_days{2027y / March / 19}));    // ~115 days out

        // Strike step 1 near the money, wider far out, bounded by +-30 %.
        const year_month_day monthly{2027y / January / 15};
        std::vector<double> strikes;
        for (const auto &c : chain) {
            if (c.expiry == monthly && c.type == cg::OptionType::Call)
                strikes.push_back(c.strike);
        }
        QVERIFY(strikes.size() > 100);
        const double spot = m.stock("SPY")->price;
        bool sawStepOne = false, sawStepFive = false;
        for (std::size_t i = 1; i < strikes.size(); ++i) {
            const double step = strikes[i] - strikes[i - 1];
            if (std::abs(strikes[i] / spot - 1.0) < 0.05)
                QCOMPARE(step, 1.0);
            sawStepOne |= step == 1.0;
            sawStepFive |= step == 5.0;
        }
        QVERIFY(sawStepOne && sawStepFive);
        QVERIFY(strikes.front() >= spot * 0.69 && strikes.back() <= spot * 1.31);

        // A single name: Fridays only (the Thursday before when the Friday is a holiday).
        for (const auto &c : m.chain("AAPL")) {
            const sys_days e{c.expiry};
            QVERIFY(
                weekday{e} == Friday ||
                (weekday{e} == Thursday && !cg::market::isTradingDay(year_month_day{e + days{1}})));
        }
    }

    void everyGateFailsSomewhere() {
        SimulatedMarket m(kTuesdayMorning);
        const cg::GateThresholds t;
        int fails[cg::kGateCount] = {};
        int tradeable = 0, crossed = 0, empty = 0, zeroBid = 0, unknownOi = 0, noVolume = 0;
        int withGreeks = 0, withTrade = 0;
        const auto &chain = m.chain("SPY");
        for (const auto &c : chain) {
            const auto report = cg::evaluateGates(toDomain(c), t, m.now());
            for (int g = 0; g < cg::kGateCount; ++g)
                fails[g] += report.gates[static_cast<std::size_t>(g)].pass ? 0 : 1;
            tradeable += report.tradeable() ? 1 : 0;
            crossed += c.quote.bid > c.quote.ask ? 1 : 0;
            empty += c.quote.bid == 0.0 && c.quote.ask == 0.0 ? 1 : 0;
            zeroBid += c.quote.bid == 0.0 ? 1 : 0;
            unknownOi += c.openInterest ? 0 : 1;
            noVolume += c.hasDailyBar() ? 0 : 1;
            withGreeks += c.hasGreeks() ? 1 : 0;
            withTrade += c.lastTrade ? 1 : 0;
        }
        qInfo("SPY gates over %zu contracts: quote %d, spread %d, expiry %d, OI %d, volume %d "
              "fail; %d tradeable; %d zero bids, %d crossed, %d empty, %d unknown OI, %d without "
              "volume, %d with greeks, %d with a trade",
              chain.size(), fails[0], fails[1], fails[2], fails[3], fails[4], tradeable, zeroBid,
              crossed, empty, unknownOi, noVolume, withGreeks, withTrade);
        QVERIFY(fails[int(cg::GateId::QuoteValid)] > 0);
        QVERIFY(fails[int(cg::GateId::Spread)] > 0);
        QVERIFY(fails[int(cg::GateId::OpenInterest)] > 0);
        QVERIFY(fails[int(cg::GateId::Volume)] > 0);
        QVERIFY(tradeable > 100);
        QVERIFY(crossed >= 1 && empty >= 1);
        QVERIFY(unknownOi > 0 && noVolume > 0);
        QVERIFY(withGreeks > 0 && withGreeks < int(chain.size()));
        QVERIFY(withTrade > 0 && withTrade < int(chain.size()));

        // After the close on an expiry day the day's contracts are still listed, but expired.
        SimulatedMarket late(sys_days{2026y / November / 24} + hours{21} + minutes{30});
        int expired = 0;
        for (const auto &c : late.chain("SPY")) {
            if (!cg::notExpiredGate(c.expiry, late.now()).pass)
                ++expired;
        }
        QVERIFY(expired > 0);
    }

    void spreadsTightAtTheMoneyWideFarOut() {
        SimulatedMarket m(kTuesdayMorning);
        const double spot = m.stock("SPY")->price;
        const year_month_day expiry{2026y / December / 18};
        double atm = 100.0, far = 0.0;
        for (const auto &c : m.chain("SPY")) {
            if (c.expiry != expiry || c.quirk != cg::market::QuoteQuirk::None)
                continue;
            const auto pct = cg::spreadPct(c.quote);
            if (!pct)
                continue;
            if (std::abs(c.strike - spot) < 3.0)
                atm = std::min(atm, *pct);
            if (c.type == cg::OptionType::Call && c.strike > spot * 1.08)
                far = std::max(far, *pct);
        }
        qInfo("SPY Dec 18: ATM spread %.2f%%, far OTM call spread up to %.1f%%", atm, far);
        QVERIFY(atm < 3.0);
        QVERIFY(far > 10.0);
    }

    void quotesFollowTheUnderlying() {
        SimulatedMarket m(kTuesdayMorning, seeded(3));
        const std::string symbol = m.chain("SPY")[0].symbol; // make sure it exists
        const cg::market::SimContract *atm = nullptr;
        const double spot0 = m.stock("SPY")->fair;
        for (const auto &c : m.chain("SPY")) {
            if (c.type == cg::OptionType::Call &&
                c.expiry == year_month_day{2026y / December / 18} &&
                std::abs(c.strike - spot0) < 1.0)
                atm = &c;
        }
        QVERIFY(atm);
        const std::string atmSymbol = atm->symbol;
        const double theo0 = atm->theo;
        m.step(kTuesdayMorning + minutes{30});
        const double spot1 = m.stock("SPY")->fair;
        QVERIFY(spot1 != spot0);
        const auto *after = m.contract(atmSymbol);
        QVERIFY(after);
        QVERIFY(after->theo != theo0);
        // A call gains when the underlying rises (allowing for 30 minutes of decay).
        if (std::abs(spot1 - spot0) > 0.5)
            QCOMPARE(after->theo > theo0, spot1 > spot0);
        QVERIFY(m.contract(symbol));
    }

    // A listing (the contracts endpoint) prices nothing, price() prices only the contracts asked
    // for (a page of snapshots), and at one instant a contract gets one answer whichever call
    // priced it: chain(), contract() or price().
    void onlyWhatIsServedIsPricedOnceAnInstant() {
        SimulatedMarket a(kTuesdayMorning, seeded(5));
        SimulatedMarket b(kTuesdayMorning, seeded(5));
        (void)a.chain("SPY");
        (void)b.chain("SPY");
        const auto later = kTuesdayMorning + minutes{30};
        a.step(later);
        b.step(later);
        const std::vector<SimContract> &listed = b.listing("SPY");
        QVERIFY(listed.size() > 100);
        const cg::Quote before = listed[10].quote;
        const cg::Quote untouchedBefore = listed[11].quote;
        std::vector<const SimContract *> page = {&listed[10], &listed[50]};
        b.price("SPY", page);
        const cg::Quote pagePriced = listed[10].quote;
        QVERIFY(pagePriced.bid != before.bid || pagePriced.ask != before.ask ||
                pagePriced.time != before.time);
        QCOMPARE(listed[11].quote.time, untouchedBefore.time); // not on the page: not priced
        QCOMPARE(listed[11].quote.bid, untouchedBefore.bid);
        // The whole chain at the same instant: the page's contracts keep what the page said, and
        // every contract is what the other market, priced all at once, says.
        const std::vector<SimContract> &all = b.chain("SPY");
        const std::vector<SimContract> &reference = a.chain("SPY");
        QCOMPARE(all.size(), reference.size());
        QCOMPARE(all[10].quote.bid, pagePriced.bid);
        QCOMPARE(all[10].quote.ask, pagePriced.ask);
        QCOMPARE(all[10].quote.bidSize, pagePriced.bidSize);
        for (std::size_t i = 0; i < all.size(); ++i) {
            QCOMPARE(all[i].quote.bid, reference[i].quote.bid);
            QCOMPARE(all[i].quote.ask, reference[i].quote.ask);
            QCOMPARE(all[i].quote.askSize, reference[i].quote.askSize);
            QCOMPARE(all[i].quote.time, reference[i].quote.time);
        }
        const SimContract *one = b.contract(all[20].symbol);
        QVERIFY(one);
        QCOMPARE(one->quote.askSize, reference[20].quote.askSize);
        // Asked again at the same instant: nothing moves.
        b.price("SPY", page);
        QCOMPARE(listed[10].quote.bidSize, pagePriced.bidSize);
    }

    void optionQuotesSitOnTheirClassTicks() {
        SimulatedMarket m(kTuesdayMorning);
        cg::market::UnderlyingSpec spec; // a class outside the penny program
        spec.symbol = "ZVZZT";
        spec.startPrice = 40.0;
        spec.vol = 0.5;
        spec.innerStep = 1.0;
        spec.outerStep = 2.5;
        m.addSyntheticUnderlying(spec, 0);
        for (const char *root : {"SPY", "AAPL", "ZVZZT"}) {
            int checked = 0, spyCentsAboveFive = 0, under = 0, over = 0;
            for (const SimContract &c : m.chain(root)) {
                if (c.quote.bid <= 0.0 || c.quote.ask <= 0.0)
                    continue;
                for (const double p : {c.quote.bid, c.quote.ask}) {
                    ++checked;
                    (p < 3.0 ? under : over) += 1;
                    QVERIFY2(onTick(p, exchangeTick(root, p)),
                             qPrintable(QStringLiteral("%1 quoted at %2")
                                            .arg(QString::fromStdString(c.symbol))
                                            .arg(p, 0, 'g', 17)));
                    if (p >= 5.0 && !onTick(p, 0.05))
                        ++spyCentsAboveFive;
                }
                if (c.closePrice)
                    QVERIFY2(onTick(*c.closePrice, exchangeTick(root, *c.closePrice)),
                             c.symbol.c_str());
                if (c.lastTrade)
                    QVERIFY2(onTick(c.lastTrade->price, exchangeTick(root, c.lastTrade->price)),
                             c.symbol.c_str());
            }
            qInfo("%s: %d prices checked, %d under $3, %d from $3", root, checked, under, over);
            QVERIFY(under > 20 && over > 20); // both sides of $3 were seen
            if (std::string(root) == "SPY")
                QVERIFY2(spyCentsAboveFive > over / 2, "SPY is quoted in cents at every price");
        }
    }

    void syntheticChainForBenchmarks() {
        SimulatedMarket m(kTuesdayMorning);
        cg::market::UnderlyingSpec spec;
        spec.symbol = "BENCH";
        spec.startPrice = 500.0;
        spec.vol = 0.2;
        m.addSyntheticUnderlying(spec, 10000);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(m.chain("BENCH").size(), std::size_t{10000});
        qInfo("10,000-contract synthetic chain built in %lld ms",
              static_cast<long long>(timer.elapsed()));
        timer.restart();
        m.step(kTuesdayMorning + seconds{1});
        QCOMPARE(m.chain("BENCH").size(), std::size_t{10000});
        qInfo("repriced after a step in %lld ms", static_cast<long long>(timer.elapsed()));
    }

    void theMarketNeverReadsTheClock() {
        // Stepping backwards or to the same instant changes nothing.
        SimulatedMarket m(kTuesdayMorning, seeded(11));
        m.step(kTuesdayMorning + seconds{5});
        const double p = m.stock("SPY")->fair;
        m.step(kTuesdayMorning + seconds{5});
        m.step(kTuesdayMorning);
        QCOMPARE(m.stock("SPY")->fair, p);
        QCOMPARE(m.now(), kTuesdayMorning + seconds{5});
    }
};

QTEST_GUILESS_MAIN(TestSimulatedMarket)
#include "tst_simulated_market.moc"
