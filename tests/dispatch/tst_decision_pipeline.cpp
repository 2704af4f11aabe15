// The decision for one signal, without a store: the seed's scenario, every fallback reason, the
// moneyness check, sizing and the risk limits.

#include "dispatch/decision_json.h"
#include "dispatch/decision_pipeline.h"
#include "dispatch/quote_age.h"
#include "support/fake_broker.h"
#include "support/fake_market_data.h"
#include "support/scenario.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace cg;
using namespace cg::test;
using namespace std::chrono;

class TestDecisionPipeline : public QObject {
    Q_OBJECT

    FakeMarketData *md = nullptr;
    FakeBroker *broker = nullptr;

    DecisionInputs inputs(const std::string &symbol, SignalAction action,
                          Strategy strategy = Strategy::DayTrade) {
        DecisionInputs in;
        in.signal.id = 7;
        in.signal.symbol = symbol;
        in.signal.action = action;
        in.signal.strategy = strategy;
        in.clientOrderId = "cg-sig-7";
        in.now = seedNow();
        return in;
    }

    Decision decide(const DecisionInputs &in) {
        bool done = false;
        Decision out;
        proposeDecision(*md, *broker, in, [&](Decision d) {
            out = std::move(d);
            done = true;
        });
        if (!waitFor([&] { return done; }))
            qFatal("decision never answered");
        return out;
    }

private Q_SLOTS:
    void init() {
        md = new FakeMarketData;
        broker = new FakeBroker;
        md->prices["SPY"] = kSeedSpot;
        md->contracts = seedChain();
    }
    void cleanup() {
        delete md;
        delete broker;
    }

    void seedScenarioSelectsLowestPassingStrikeAboveTarget() {
        const Decision d = decide(inputs("SPY", SignalAction::Call));
        QVERIFY2(d.fallbackReason.empty(), d.fallbackReason.c_str());
        QVERIFY(d.placesOrder());
        QVERIFY(d.underlyingPrice && d.targetStrike && d.contract && d.sizing && d.gates);
        QCOMPARE(*d.underlyingPrice, kSeedSpot);
        QVERIFY(std::abs(*d.targetStrike - 707.5768) < 1e-9);
        QVERIFY(d.contractSelected);
        QCOMPARE(d.contract->symbol, std::string("SPY260130C00709000"));
        QVERIFY(d.contract->strike >= 707.58);
        QVERIFY(d.contract->strike != 609.0);
        QCOMPARE(d.order->symbol, d.contract->symbol);
        QCOMPARE(d.order->timeInForce, std::string("day"));
        QVERIFY(d.order->intent == PositionIntent::BuyToOpen);
        QCOMPARE(d.order->clientOrderId, std::string("cg-sig-7"));
        QVERIFY(d.order->type == OrderType::Limit);
        // Limit at mid on SPY's cent, rounded down for a buy: never above the mid.
        const double m = mid(*d.contract->quote);
        QVERIFY(*d.order->limitPrice <= m + 1e-9);
        QVERIFY(m - *d.order->limitPrice < 0.01 - 1e-9);
        QCOMPARE(*d.order->limitPrice, roundToTick(m, 0.01, TickRounding::Down));
        // Sizing: $5,000 budget, capped at 10 contracts by the default risk limit.
        QCOMPARE(d.budget, 5000.0);
        QCOMPARE(d.qty, 10);
        QVERIFY(d.sizing->cappedByMaxContracts);
        QVERIFY(d.mode == ExecutionMode::AlpacaPaper);
        // Every gate is in the report.
        for (const GateResult &g : d.gates->gates)
            QVERIFY2(g.pass, g.reason().c_str());
    }

    // The review's unguarded mutation: a non-penny class's $1.275 mid must never become a $1.275
    // or $1.28 limit (not a tick of the class), and a buy at the mid rounds down, to $1.25.
    void nonPennyClassBuyLimitIsOnItsTickAndNotAboveTheMid() {
        const std::string root = "ZVZZT"; // the exchanges' test symbol: never a penny class
        md->prices[root] = 20.0;
        OptionContract c =
            pricedContract(root, OptionType::Call, 2026y / January / 30, 21, 20.0, seedNow());
        c.quote = Quote{1.25, 1.30, 10, 10, seedNow()}; // mid 1.275
        md->contracts = {c};
        const Decision d = decide(inputs(root, SignalAction::Call));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(d.contract->symbol, c.symbol);
        QVERIFY(d.order->limitPrice);
        QCOMPARE(*d.order->limitPrice, 1.25);
        QCOMPARE(*d.limitPrice, 1.25);
        QCOMPARE(d.price, 1.25); // sized at the limit sent
        // The decision keeps what the ticket shows: the exact mid and the rounded limit.
        QCOMPARE(*d.contractMid(), 1.275);
    }

    void spyBuyLimitAtAHalfCentMidRoundsDown() {
        OptionContract *c = md->find("SPY260130C00709000");
        QVERIFY(c);
        c->quote->bid = 1.22;
        c->quote->ask = 1.25; // mid 1.235: nearest would pay 1.24, above the mid
        const Decision d = decide(inputs("SPY", SignalAction::Call));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(d.contract->symbol, std::string("SPY260130C00709000"));
        QCOMPARE(*d.order->limitPrice, 1.23);
    }

    void limitAtMidOnTheClassTick_data() {
        QTest::addColumn<QString>("root");
        QTest::addColumn<double>("bid");
        QTest::addColumn<double>("ask");
        QTest::addColumn<bool>("buy");
        QTest::addColumn<bool>("nearest");
        QTest::addColumn<double>("limit");
        // A non-penny class's $0.29 mid: never $0.29; a sell $0.30, a buy $0.25.
        // A non-penny class quotes in nickels; its mid between two is no tick.
        QTest::newRow("non-penny 0.275 sell") << "ZVZZT" << 0.25 << 0.30 << false << false << 0.30;
        QTest::newRow("non-penny 0.275 buy") << "ZVZZT" << 0.25 << 0.30 << true << false << 0.25;
        QTest::newRow("non-penny 3.05 buy") << "ZVZZT" << 3.00 << 3.10 << true << false << 3.00;
        QTest::newRow("non-penny 2.975 sell") << "ZVZZT" << 2.95 << 3.00 << false << false << 3.00;
        // SPY: cents at every price, so never a $0.05 limit.
        QTest::newRow("SPY 1.235 buy") << "SPY" << 1.22 << 1.25 << true << false << 1.23;
        QTest::newRow("SPY 1.235 sell") << "SPY" << 1.22 << 1.25 << false << false << 1.24;
        QTest::newRow("SPY 1.235 nearest") << "SPY" << 1.22 << 1.25 << true << true << 1.24;
        QTest::newRow("SPY 5.035 buy") << "SPY" << 5.01 << 5.06 << true << false << 5.03;
        QTest::newRow("SPY 88.01 buy") << "SPY" << 85.78 << 90.24 << true << false << 88.01;
        // A penny class: cents under $3, nickels from $3.
        QTest::newRow("AAPL 1.235 buy") << "AAPL" << 1.22 << 1.25 << true << false << 1.23;
        QTest::newRow("AAPL 3.025 buy") << "AAPL" << 3.00 << 3.05 << true << false << 3.00;
        QTest::newRow("AAPL 3.025 sell") << "AAPL" << 3.00 << 3.05 << false << false << 3.05;
        // On the tick already: unchanged either way.
        QTest::newRow("non-penny 0.30 buy") << "ZVZZT" << 0.25 << 0.35 << true << false << 0.30;
        // Below one tick there is no price under the mid: one tick.
        QTest::newRow("non-penny 0.025 buy") << "ZVZZT" << 0.00 << 0.05 << true << false << 0.05;
        // A class the list misses, quoted in pennies: the quote proves its ticks (a nickel limit
        // would sit outside this market, 1.00 under a bid of 1.01).
        QTest::newRow("unlisted penny 1.025 buy")
            << "ZVZZT" << 1.01 << 1.04 << true << false << 1.02;
        QTest::newRow("unlisted penny 1.025 sell")
            << "ZVZZT" << 1.01 << 1.04 << false << false << 1.03;
        QTest::newRow("unlisted penny 3.035 buy")
            << "AAPL" << 3.01 << 3.06 << true << false << 3.03;
    }

    void limitAtMidOnTheClassTick() {
        QFETCH(QString, root);
        QFETCH(double, bid);
        QFETCH(double, ask);
        QFETCH(bool, buy);
        QFETCH(bool, nearest);
        QFETCH(double, limit);
        DispatcherSettings s;
        s.quotesOnExchangeTicks = true; // OPRA's quotes: on each class's ticks
        if (nearest)
            s.limitRounding = LimitRounding::Nearest;
        const double got = limitPriceAtMid(Quote{bid, ask}, root.toStdString(),
                                           buy ? OrderSide::Buy : OrderSide::Sell, s);
        QVERIFY2(got == limit, qPrintable(QString::number(got, 'g', 17)));
    }

    // Alpaca's indicative feed modifies its quotes: one off a class's grid proves nothing there,
    // and the listed ticks decide (a non-penny class's 0.28/0.30 never gives a 0.29 limit).
    void aModifiedQuoteProvesNoTick() {
        DispatcherSettings s;
        QVERIFY(!s.quotesOnExchangeTicks);
        QCOMPARE(limitPriceAtMid(Quote{0.28, 0.30}, "ZVZZT", OrderSide::Buy, s), 0.25);
        QCOMPARE(limitPriceAtMid(Quote{1.01, 1.04}, "ZVZZT", OrderSide::Sell, s), 1.05);
        s.quotesOnExchangeTicks = true;
        QCOMPARE(limitPriceAtMid(Quote{1.01, 1.04}, "ZVZZT", OrderSide::Sell, s), 1.03);
    }

    void extraPennyClassReachesTheLimit() {
        DispatcherSettings s;
        const Quote q{0.25, 0.30};
        QCOMPARE(limitPriceAtMid(q, "ZVZZT", OrderSide::Buy, s), 0.25);
        s.extraPennyClasses = {"ZVZZT"};
        QCOMPARE(limitPriceAtMid(q, "ZVZZT", OrderSide::Buy, s), 0.27);
    }

    void chainQueryUsesStrategyWindowAndStrikeBand() {
        decide(inputs("SPY", SignalAction::Call));
        QCOMPARE(md->queries.size(), size_t(1));
        const ChainQuery &q = md->queries.front();
        QVERIFY(q.type == OptionType::Call);
        QVERIFY(*q.expiryFrom == 2026y / January / 29);
        QVERIFY(*q.expiryTo == 2026y / February / 4);
        QVERIFY(*q.strikeMin <= 697.12 * 0.85 + 1 && *q.strikeMin >= 697.12 * 0.85 - 1);
        QVERIFY(*q.strikeMax >= 697.12 * 1.15 - 1 && *q.strikeMax <= 697.12 * 1.15 + 1);
        QVERIFY(q.withOpenInterest);
    }

    void dayTradePutGoesToHighestPassingStrikeBelowTarget() {
        const Decision d = decide(inputs("SPY", SignalAction::Put));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QVERIFY(d.contract);
        // 697.12 x 0.985 = 686.6632: the highest strike at or below is 686.
        QCOMPARE(d.contract->strike, 686.0);
        QVERIFY(d.contract->expiry == 2026y / January / 30);
    }

    void conservativeAndSwing() {
        auto in = inputs("SPY", SignalAction::Call, Strategy::Swing);
        // Swing: ATM, 7-45 days: the 697 call of 02-06.
        Decision d = decide(in);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QVERIFY(d.contract);
        QCOMPARE(d.contract->strike, 697.0);
        QVERIFY(d.contract->expiry == 2026y / February / 6);
        QCOMPARE(d.budget, 10000.0);
        // Conservative: 30-90 days, none in this chain.
        in.signal.strategy = Strategy::Conservative;
        d = decide(in);
        QVERIFY(!d.placesOrder());
        QVERIFY(d.fallbackReason.rfind("No suitable option contract found", 0) == 0);
    }

    void seedsWrongUnderlyingPriceCannotBuyDeepInTheMoneyCall() {
        // The seed assumed SPY at 600: 609 looked 1.5 % OTM, its delta 0.987 said otherwise.
        md->prices["SPY"] = 600.0;
        const Decision d = decide(inputs("SPY", SignalAction::Call));
        QVERIFY(!d.placesOrder());
        QVERIFY(d.mode == ExecutionMode::SimulatedFallback);
        QVERIFY2(d.contract, d.fallbackReason.c_str());
        QCOMPARE(d.contract->symbol, std::string("SPY260130C00609000"));
        QVERIFY2(d.fallbackReason.rfind("Moneyness check failed: delta 0.987", 0) == 0,
                 d.fallbackReason.c_str());
    }

    void moneynessCheckRefusesInTheMoneyForOtm() {
        OptionContract c = pricedContract("SPY", OptionType::Call, 2026y / January / 30, 690,
                                          kSeedSpot, seedNow());
        const auto otm = defaultParams(Strategy::DayTrade);
        const auto r = moneynessRefusal(c, otm, kSeedSpot, 0.75);
        QVERIFY(r);
        QVERIFY2(r->find("is in the money; an OTM strategy never buys it") != std::string::npos,
                 r->c_str());
        const auto itm = defaultParams(Strategy::Conservative);
        QVERIFY(!moneynessRefusal(c, itm, kSeedSpot, 0.75));
        c.strike = 720;
        c.greeks->delta = 0.2;
        QVERIFY(moneynessRefusal(c, itm, kSeedSpot, 0.75));
        QVERIFY(!moneynessRefusal(c, otm, kSeedSpot, 0.75));
    }

    void smallAccountCannotAffordOneContract() {
        // $100,000 x 5 % = $5,000 against the seed's $8,801 contract.
        md->prices["SPY"] = 600.0;
        OptionContract *c = md->find("SPY260130C00609000");
        QVERIFY(c && c->greeks);
        c->greeks->delta = 0.40; // consistent with the strike being OTM at 600
        const Decision d = decide(inputs("SPY", SignalAction::Call));
        QVERIFY2(d.contract && d.limitPrice && d.sizing, d.fallbackReason.c_str());
        QCOMPARE(d.contract->symbol, std::string("SPY260130C00609000"));
        QCOMPARE(d.fallbackReason, std::string("position size below one contract"));
        QCOMPARE(d.budget, 5000.0);
        // SPY trades in cents at every price: the mid 88.01 is the limit, $8,801 a contract
        // (never a $0.05 tick's 88.00).
        QCOMPARE(*d.limitPrice, 88.01);
        QCOMPARE(d.sizing->costPerContract, 8801.0);
        QCOMPARE(d.qty, 0);
        QVERIFY(!d.order);
    }

    void spreadFailureReportsTheBlockingGate() {
        md->contracts.clear();
        OptionContract c = pricedContract("SPY", OptionType::Call, 2026y / January / 30, 710,
                                          kSeedSpot, seedNow());
        c.quote->bid = 0.938;
        c.quote->ask = 1.062;
        md->contracts.push_back(c);
        const Decision d = decide(inputs("SPY", SignalAction::Call));
        QCOMPARE(d.fallbackReason, std::string("Spread 12.4% is above the 10% limit"));
        QVERIFY(!d.contractSelected);
        QVERIFY(d.contract);
        QCOMPARE(d.contract->symbol, c.symbol);
        const QJsonObject j = decisionJson(d);
        QVERIFY(j.value("selected").isNull());
        QCOMPARE(j.value("blocked_contract").toObject().value("symbol").toString(),
                 QString::fromStdString(c.symbol));
    }

    void noContractAtAll() {
        md->contracts.clear();
        const Decision d = decide(inputs("SPY", SignalAction::Call));
        QVERIFY2(d.fallbackReason.rfind("No suitable option contract found", 0) == 0,
                 d.fallbackReason.c_str());
        QVERIFY(!d.contract);
    }

    void insufficientBuyingPower() {
        broker->acct.optionsBuyingPower = 10.0;
        const Decision d = decide(inputs("SPY", SignalAction::Call));
        QVERIFY2(d.fallbackReason.rfind("Insufficient buying power", 0) == 0,
                 d.fallbackReason.c_str());
    }

    // The account step: a blocked account sends nothing, and the fallback still records the
    // account's figures and the budget they give.
    void blockedAccountIsAFallbackWithItsFigures() {
        broker->acct.tradingBlocked = true;
        broker->acct.lastEquity = 101000.0;
        const Decision d = decide(inputs("SPY", SignalAction::Call));
        QCOMPARE(d.fallbackReason, std::string("The account is blocked from trading"));
        QVERIFY(d.error.empty());
        QVERIFY(!d.order);
        QCOMPARE(d.equity.value_or(0.0), 100000.0);
        QCOMPARE(d.optionsBuyingPower.value_or(0.0), 100000.0);
        QCOMPARE(d.dailyPnl.value_or(0.0), -1000.0);
        QCOMPARE(d.budget, 5000.0);
    }

    void riskLimits_data() {
        QTest::addColumn<int>("limitCase");
        QTest::addColumn<QString>("reason");
        QTest::newRow("orders per day") << 0 << "Daily order limit reached: 20 of 20";
        QTest::newRow("notional") << 1 << "Order value $";
        QTest::newRow("daily loss") << 2
                                    << "Daily loss limit reached: $6,000.00 lost today, "
                                       "limit $5,000.00";
        QTest::newRow("kill switch") << 3 << "Kill switch is on";
        QTest::newRow("live off") << 4 << "Live trading is off";
    }
    void riskLimits() {
        QFETCH(int, limitCase);
        QFETCH(QString, reason);
        auto in = inputs("SPY", SignalAction::Call);
        switch (limitCase) {
        case 0:
            in.ordersToday = 20;
            break;
        case 1:
            in.settings.risk.maxNotionalPerOrder = 1.0; // below one contract: sizing cannot help
            break;
        case 2:
            broker->acct.equity = 94000.0;
            break;
        case 3:
            in.killSwitch = true;
            break;
        case 4:
            in.orderMode = ExecutionMode::AlpacaLive;
            break;
        }
        const Decision d = decide(in);
        QVERIFY(!d.placesOrder());
        QVERIFY(d.mode == ExecutionMode::SimulatedFallback);
        QVERIFY2(QString::fromStdString(d.fallbackReason).startsWith(reason),
                 d.fallbackReason.c_str());
        // The rest of the decision is still there for the record.
        QVERIFY(d.contract);
        QVERIFY(d.gates);
    }

    void maxContractsCapsTheSize() {
        auto in = inputs("SPY", SignalAction::Call);
        in.settings.risk.maxContractsPerOrder = 3;
        const Decision d = decide(in);
        QVERIFY2(d.placesOrder() && d.sizing, d.fallbackReason.c_str());
        QCOMPARE(d.qty, 3);
        QCOMPARE(d.order->qty, 3);
        QVERIFY(d.sizing->cappedByMaxContracts);
    }

    // Sized down to the per-order dollar limit, not refused for it: before the fix a budget of
    // 10 contracts above the limit fell back ("Order value ... is above the ... limit") where
    // fewer would have passed. One contract above the limit is still refused.
    void theDollarLimitSizesDown() {
        auto in = inputs("SPY", SignalAction::Call);
        in.settings.risk.maxContractsPerOrder = 0;
        const Decision free = decide(in);
        QVERIFY2(free.placesOrder() && free.sizing && free.qty > 2, free.fallbackReason.c_str());
        const double perContract = free.sizing->costPerContract;
        in.settings.risk.maxNotionalPerOrder = perContract * 2.5;
        const Decision d = decide(in);
        QVERIFY2(d.placesOrder() && d.sizing, d.fallbackReason.c_str());
        QCOMPARE(d.qty, 2);
        QVERIFY(d.sizing->cappedByMaxNotional);
        in.settings.risk.maxNotionalPerOrder = perContract * 0.5;
        const Decision none = decide(in);
        QVERIFY(!none.placesOrder());
        QVERIFY2(none.fallbackReason.starts_with("Order value $"), none.fallbackReason.c_str());
    }

    void marketOrderSizesAtTheAsk() {
        auto in = inputs("SPY", SignalAction::Call);
        in.settings.orderType = OrderType::Market;
        const Decision d = decide(in);
        QVERIFY2(d.placesOrder() && d.contract, d.fallbackReason.c_str());
        QVERIFY(d.order->type == OrderType::Market);
        QVERIFY(!d.order->limitPrice);
        QCOMPARE(d.price, d.contract->quote->ask);
    }

    // The quote-age rule on its own: the age and the limit in the reason, the session decides
    // which limit applies, no time means no known age, a quote from "the future" is fresh.
    void quoteAgeRefusals() {
        OptionContract c;
        c.symbol = "SPY261204C00600000";
        const Timestamp session = seedNow(); // 10:30 New York, Wednesday
        c.quote = Quote{1.00, 1.10, 1, 1, session - seconds(60)};
        QVERIFY(!quoteAgeRefusal(c, session, 60, 60)); // at the limit: still fresh
        c.quote->time = session - seconds(75);
        QCOMPARE(quoteAgeRefusal(c, session, 60, 3600).value_or(""),
                 std::string("Quote of SPY261204C00600000 is 75 s old, above the 60 s limit"));
        QVERIFY(!quoteAgeRefusal(c, session, 90, 60));
        c.quote->time = session - milliseconds(60'500); // 60.5 s is above 60 s
        QVERIFY(quoteAgeRefusal(c, session, 60, 60));
        c.quote->time = session + seconds(5);
        QVERIFY(!quoteAgeRefusal(c, session, 60, 60));

        // Saturday noon, the quote from Friday's close: the off-hours limit applies.
        const Timestamp friday = easternInstant(2026y / January / 30, 16, 0);
        const Timestamp saturday = easternInstant(2026y / January / 31, 12, 0);
        c.quote->time = friday;
        QCOMPARE(quoteAgeRefusal(c, saturday, 60, 3600).value_or(""),
                 std::string("Quote of SPY261204C00600000 is 20 h old, above the 1 h limit "
                             "outside regular hours"));
        QVERIFY(!quoteAgeRefusal(c, saturday, 60, 3 * 86400));

        c.quote->time = Timestamp{};
        QCOMPARE(quoteAgeRefusal(c, session, 60, 60).value_or(""),
                 std::string("Quote of SPY261204C00600000 has no time, so its age is unknown"));
        c.quote.reset();
        QCOMPARE(quoteAgeRefusal(c, session, 60, 60).value_or(""),
                 std::string("SPY261204C00600000 has no quote"));

        QCOMPARE(ageText(0), std::string("0 s"));
        QCOMPARE(ageText(119), std::string("119 s"));
        QCOMPARE(ageText(120), std::string("2 min"));
        QCOMPARE(ageText(3599), std::string("59 min"));
        QCOMPARE(ageText(3600), std::string("1 h"));
        QCOMPARE(ageText(7199), std::string("1 h 59 min"));
        QCOMPARE(ageText(7200), std::string("2 h"));
        QCOMPARE(ageText(9000), std::string("2 h 30 min"));
    }

    // The pipeline applies it to the selected contract, with the decision kept for the record.
    void staleSelectedQuoteIsAFallback() {
        auto in = inputs("SPY", SignalAction::Call);
        in.now = seedNow() + seconds(61);
        const Decision d = decide(in);
        QVERIFY(!d.placesOrder());
        QCOMPARE(d.fallbackReason,
                 std::string("Quote of SPY260130C00709000 is 61 s old, above the 60 s limit"));
        QVERIFY(d.contract);
        QVERIFY(d.gates);
    }

    void dataFailureIsAnError() {
        md->priceErrors["SPY"] = Error::make("Alpaca did not answer within 10 s");
        Decision d = decide(inputs("SPY", SignalAction::Call));
        QVERIFY(!d.error.empty());
        QVERIFY(d.fallbackReason.find("within 10 s") != std::string::npos);
        md->priceErrors.clear();
        md->chainError = Error::make("HTTP 500");
        d = decide(inputs("SPY", SignalAction::Call));
        QVERIFY(d.error.find("option chain") != std::string::npos);
    }

    void stockBuyAndSell() {
        md->prices["AAPL"] = 250.0;
        Decision d = decide(inputs("AAPL", SignalAction::Buy));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(d.order->symbol, std::string("AAPL"));
        QCOMPARE(d.qty, 20); // $5,000 / $250
        QVERIFY(d.order->intent == PositionIntent::None);
        QVERIFY(d.order->side == OrderSide::Buy);
        // SELL without shares never opens a short.
        d = decide(inputs("AAPL", SignalAction::Sell));
        QVERIFY(!d.placesOrder());
        QVERIFY(d.fallbackReason.find("never opens a short") != std::string::npos);
        Position p;
        p.symbol = "AAPL";
        p.assetClass = "us_equity";
        p.qty = 7;
        broker->positionList.push_back(p);
        d = decide(inputs("AAPL", SignalAction::Sell));
        QVERIFY(d.placesOrder());
        QCOMPARE(d.qty, 7);
        QVERIFY(d.order->side == OrderSide::Sell);
    }

    void decisionJsonHasDesignShape() {
        const Decision d = decide(inputs("SPY", SignalAction::Call));
        QVERIFY2(d.placesOrder() && d.contract, d.fallbackReason.c_str());
        const QJsonObject j = decisionJson(d);
        for (const char *key :
             {"signal", "underlying_price", "strategy", "target_strike", "selected", "qty",
              "limit_price", "cost", "budget", "execution_mode", "fallback_reason",
              "client_order_id", "order_id", "order_status"})
            QVERIFY2(j.contains(QLatin1String(key)), key);
        const QJsonObject sel = j.value("selected").toObject();
        for (const char *key : {"symbol", "root", "type", "strike", "expiration", "bid", "ask",
                                "mid", "spread_pct", "volume", "open_interest", "delta", "gamma",
                                "theta", "vega", "iv", "tradeable", "gates"})
            QVERIFY2(sel.contains(QLatin1String(key)), key);
        const QJsonObject gates = sel.value("gates").toObject();
        QCOMPARE(gates.size(), 5);
        for (const char *g : {"quote_valid", "spread", "not_expired", "open_interest", "volume"}) {
            const QJsonObject e = gates.value(QLatin1String(g)).toObject();
            QVERIFY2(e.contains("pass") && e.contains("value") && e.contains("threshold") &&
                         e.contains("reason"),
                     g);
        }
        QCOMPARE(j.value("execution_mode").toString(), QStringLiteral("ALPACA_PAPER"));
        const QJsonObject explain = explainJson(d);
        for (const char *key : {"alpaca_order_id", "api_bid", "api_ask", "fallback_reason", "gates",
                                "underlying_price", "strategy", "sizing", "greeks"})
            QVERIFY2(explain.contains(QLatin1String(key)), key);
        QCOMPARE(explain.value("api_bid").toDouble(), d.contract->quote->bid);
    }
};

QTEST_GUILESS_MAIN(TestDecisionPipeline)
#include "tst_decision_pipeline.moc"
