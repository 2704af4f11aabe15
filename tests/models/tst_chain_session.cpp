// ChainSession over an in-process MarketData: states, expiries, polling, picks, stale answers.

#include "dispatch/dispatcher_settings.h"
#include "domain/strike_selection.h"
#include "models/chain_session.h"
#include "models/chain_table_model.h"
#include "models/expiry_list_model.h"
#include "support/fake_market_data.h"

#include <QSignalSpy>
#include <QTest>

using namespace cg;
using namespace cg::models;
using namespace std::chrono;

namespace {

// Thursday 2026-11-26 10:00 New York.
const Timestamp kNow = sys_days{year{2026} / 11 / 26} + hours{15};
constexpr year_month_day kNear{year{2026}, month{11}, day{27}}; // 1 day
constexpr year_month_day kMid{year{2026}, month{12}, day{4}};   // 8 days
constexpr year_month_day kFar{year{2026}, month{12}, day{31}};  // 35 days

std::unique_ptr<test::FakeMarketData> market() {
    auto md = std::make_unique<test::FakeMarketData>();
    md->price = 101;
    for (auto e : {kNear, kMid, kFar}) {
        auto c = test::makeChain("SPY", e, 90, 1, 21, 101);
        md->contracts.insert(md->contracts.end(), c.begin(), c.end());
    }
    return md;
}

bool waitState(ChainSession &s, ChainSession::State want) {
    return QTest::qWaitFor([&] { return s.state() == want && !s.isBusy(); }, 5000);
}

} // namespace

class TstChainSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsEveryExpiryThenShowsOne() {
        auto md = market();
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        QCOMPARE(s.state(), ChainSession::State::NoSymbol);
        QSignalSpy applied(s.chainModel(), &ChainTableModel::chainApplied);
        s.setSymbol(QStringLiteral(" spy "));
        QCOMPARE(s.state(), ChainSession::State::Loading);
        QVERIFY(s.isBusy());
        QVERIFY(waitState(s, ChainSession::State::Loaded));
        QCOMPARE(applied.count(), 1);
        QCOMPARE(s.symbol(), QStringLiteral("SPY"));
        QCOMPARE(s.underlyingPrice(), 101.0);
        QCOMPARE(s.expiryModel()->rowCount(), 3);
        QCOMPARE(s.expiryModel()->index(1).data(ExpiryListModel::DteRole).toInt(), 8);
        // day_trade (1-7 days): the nearest expiry in the window is shown first.
        QCOMPARE(s.expiryRow(), 0);
        QCOMPARE(s.chainModel()->rowCount(), 21);
        QVERIFY(!md->queries.front().expiryFrom);

        // day_trade call: lowest passing strike >= 101 x 1.015 = 102.515 -> 103.
        const auto &call = s.pick(OptionType::Call);
        QVERIFY(call.entry);
        QCOMPARE(call.entry->contract.strike, 103.0);
        QVERIFY(call.entry->contract.expiry == kNear);
        const int row = s.chainModel()
                            ->indexOfSymbol(QString::fromStdString(call.entry->contract.symbol))
                            .row();
        QVERIFY(s.chainModel()->index(row, 0).data(PickRole).toBool());

        // Polls ask for the shown expiry only.
        s.refresh();
        QVERIFY(waitState(s, ChainSession::State::Loaded));
        QVERIFY(md->queries.back().expiryFrom == std::optional(kNear));
        QVERIFY(md->queries.back().expiryTo == std::optional(kNear));

        s.setExpiryRow(2);
        QVERIFY(s.expiry() == std::optional(kFar));
        QVERIFY(waitState(s, ChainSession::State::Loaded));
        QVERIFY(md->queries.back().expiryFrom == std::optional(kFar));

        s.setStrategy(Strategy::Swing);
        QVERIFY(s.pick(OptionType::Call).entry->contract.expiry == kMid);
        QCOMPARE(s.pick(OptionType::Call).entry->contract.strike, 101.0);
    }

    // The picks follow the strategies' settings, as the dispatcher does: day_trade at OTM 3 %
    // picks the lowest passing strike >= 101 x 1.03 = 104.03 (105), not the built-in 1.5 %'s
    // 103; a window of 2-10 days moves the pick to that expiry.
    void picksFollowTheStrategySettings() {
        auto md = market();
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        s.setSymbol(QStringLiteral("SPY"));
        QVERIFY(waitState(s, ChainSession::State::Loaded));
        QCOMPARE(s.pick(OptionType::Call).entry->contract.strike, 103.0);
        DispatcherSettings settings;
        settings.params(Strategy::DayTrade).moneynessPct = 3.0;
        QSignalSpy updated(&s, &ChainSession::updated);
        s.setStrategyParams(settings.strategies);
        QCOMPARE(updated.count(), 1);
        QCOMPARE(s.pick(OptionType::Call).entry->contract.strike, 105.0);
        settings.params(Strategy::DayTrade).minDte = 2;
        settings.params(Strategy::DayTrade).maxDte = 10;
        s.setStrategyParams(settings.strategies);
        QVERIFY(s.pick(OptionType::Call).entry->contract.expiry == kMid);
        s.setStrategyParams(settings.strategies); // the same: nothing moves
        QCOMPARE(updated.count(), 2);
    }

    // The picks read the store's entries in place, the expiries in the strategy's window first:
    // the same contract, target and reason as selectStrike on the whole chain. Some contracts
    // fail gates, two share the best key but for the symbol (an adjusted root), and every call
    // of the middle expiry fails, so that windows on it alone, on no expiry and on all of them
    // give each reason (nothing in the window, nothing passing, a pick).
    void picksMatchSelectionOnTheWholeChain() {
        auto md = market();
        for (std::size_t i = 0; i < md->contracts.size(); i += 3)
            md->contracts[i].volume = 1; // fails the volume gate
        for (OptionContract &c : md->contracts)
            if (c.expiry == kMid && c.type == OptionType::Call)
                c.volume = 1;
        OptionContract adjusted = md->contracts[13];
        adjusted.symbol = "SPY1" + adjusted.symbol.substr(3);
        adjusted.root = "SPY1";
        md->contracts.push_back(adjusted);
        const std::vector<OptionContract> all = md->contracts;
        std::vector<GateReport> reports;
        for (const OptionContract &c : all)
            reports.push_back(evaluateGates(c, GateThresholds{}, kNow));

        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        s.setSymbol(QStringLiteral("SPY"));
        QVERIFY(waitState(s, ChainSession::State::Loaded));
        const auto compare = [&](const StrategyParams &params) {
            for (const OptionType type : {OptionType::Call, OptionType::Put}) {
                const SelectionResult want = selectStrike(all, reports, type, 101, params, kNow);
                const auto &got = s.pick(type);
                QCOMPARE(got.targetStrike, want.targetStrike);
                QCOMPARE(got.entry.has_value(), want.index.has_value());
                if (want.index) {
                    QCOMPARE(got.entry->contract.symbol, all[*want.index].symbol);
                    QCOMPARE(got.entry->gates.tradeable(), reports[*want.index].tradeable());
                } else {
                    QCOMPARE(got.reason, QString::fromStdString(want.reason));
                }
            }
        };
        for (const Strategy strategy :
             {Strategy::DayTrade, Strategy::Swing, Strategy::Conservative}) {
            s.setStrategy(strategy);
            compare(defaultParams(strategy));
            if (QTest::currentTestFailed())
                return;
        }
        s.setStrategy(Strategy::DayTrade);
        DispatcherSettings settings;
        int noPick = 0;
        for (const auto &[from, to] : {std::pair{2, 5}, std::pair{8, 8}, std::pair{0, 400}}) {
            settings.params(Strategy::DayTrade).minDte = from;
            settings.params(Strategy::DayTrade).maxDte = to;
            s.setStrategyParams(settings.strategies);
            compare(settings.params(Strategy::DayTrade));
            if (QTest::currentTestFailed())
                return;
            noPick += !s.pick(OptionType::Call).entry;
        }
        QCOMPARE(noPick, 2); // 2-5 days (no expiry) and 8 days (every call fails)
        QVERIFY2(s.pick(OptionType::Put).entry, "a put of the window 0-400 days");
    }

    void unknownSymbol() {
        auto md = market();
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        s.setSymbol(QStringLiteral("XYZ"));
        QVERIFY(waitState(s, ChainSession::State::NotFound));
        QCOMPARE(s.chainModel()->rowCount(), 0);
        QCOMPARE(s.expiryModel()->rowCount(), 0);
    }

    void apiErrorThenRetry() {
        auto md = market();
        md->chainError = Error{"Alpaca is not answering (timed out after 10 s)", 0, 0};
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        s.setSymbol(QStringLiteral("SPY"));
        QVERIFY(waitState(s, ChainSession::State::Error));
        QCOMPARE(s.errorMessage(),
                 QStringLiteral("Alpaca is not answering (timed out after 10 s)"));
        md->chainError.reset();
        s.reload();
        QVERIFY(waitState(s, ChainSession::State::Loaded));
        QCOMPARE(s.errorMessage(), QString());

        // A failed poll keeps the data and says so.
        QSignalSpy failed(&s, &ChainSession::refreshFailed);
        md->chainError = Error{"HTTP 500", 500, 0};
        s.refresh();
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("HTTP 500"));
        QCOMPARE(s.state(), ChainSession::State::Loaded);
        QCOMPARE(s.chainModel()->rowCount(), 21);
    }

    void priceErrorIsAnError() {
        auto md = market();
        md->priceError = Error{"no trade for SPY", 404, 0};
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        s.setSymbol(QStringLiteral("SPY"));
        QVERIFY(waitState(s, ChainSession::State::Error));
        QCOMPARE(s.errorMessage(),
                 QStringLiteral("Could not read the price of SPY: no trade for SPY"));
    }

    void answerForOldSymbolIsDropped() {
        auto md = market();
        md->hold = true;
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        s.setSymbol(QStringLiteral("SPY"));
        QCOMPARE(md->pending(), 2);
        s.setSymbol(QStringLiteral("XYZ"));
        md->hold = false;
        md->release(); // SPY's answers, then XYZ's (held too)
        QVERIFY(waitState(s, ChainSession::State::NotFound));
        QCOMPARE(s.chainModel()->rowCount(), 0);
    }

    void pollsAreNotStacked() {
        auto md = market();
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        s.setSymbol(QStringLiteral("SPY"));
        QVERIFY(waitState(s, ChainSession::State::Loaded));
        md->hold = true;
        const auto before = md->queries.size();
        s.refresh();
        s.refresh();
        s.refresh();
        QCOMPARE(md->queries.size(), before + 1);
        md->hold = false;
        md->release();
        QVERIFY(!s.isBusy());
    }

    // A poll of the expiry shown, answered after the trader switched to another one, is dropped
    // whole: its price too, or the window would show the new price with picks, ITM shading and
    // the at-the-money line made at the old one until the next poll answers.
    void pollForAnExpiryLeftIsDroppedWithItsPrice() {
        auto md = market();
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        s.setSymbol(QStringLiteral("SPY"));
        QVERIFY(waitState(s, ChainSession::State::Loaded));
        QCOMPARE(s.pick(OptionType::Call).entry->contract.strike, 103.0); // 101 x 1.015 -> 103
        md->hold = true;
        md->price = 106; // the market moves
        s.refresh();     // a poll of the expiry shown, on its way
        const int left = s.expiryRow();
        s.setExpiryRow(left == 0 ? 1 : 0); // the trader switches meanwhile: no second poll yet
        QCOMPARE(md->pending(), 2);        // the first poll's price and chain
        const auto queries = md->queries.size();
        md->release(); // answers the first poll now; the next one on the next event-loop turn
        // The answer was for the expiry left: nothing of it is taken ...
        QCOMPARE(s.underlyingPrice(), 101.0);
        QCOMPARE(s.chainModel()->underlyingPrice(), 101.0);
        QCOMPARE(s.pick(OptionType::Call).entry->contract.strike, 103.0);
        // ... and the poll of the expiry shown, owed since the switch, is on its way.
        QCOMPARE(md->queries.size(), queries + 1);
        QCOMPARE(md->queries.back().expiryFrom, s.chainModel()->entries().front().contract.expiry);
        QVERIFY(QTest::qWaitFor([&] { return !s.isBusy(); }, 5000));
        // Its answer moves the price, the model and the picks together.
        QCOMPARE(s.underlyingPrice(), 106.0);
        QCOMPARE(s.chainModel()->underlyingPrice(), 106.0);
    }

    void autoRefreshPolls() {
        auto md = market();
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        s.setSymbol(QStringLiteral("SPY"));
        QVERIFY(waitState(s, ChainSession::State::Loaded));
        const auto before = md->queries.size();
        s.setAutoRefreshInterval(250);
        s.setAutoRefresh(true);
        QVERIFY(QTest::qWaitFor([&] { return md->queries.size() >= before + 2; }, 5000));
        s.setAutoRefresh(false);
        QVERIFY(!s.autoRefresh());
    }
};

QTEST_GUILESS_MAIN(TstChainSession)
#include "tst_chain_session.moc"
