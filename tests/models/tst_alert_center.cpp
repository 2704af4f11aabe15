// The alert source: a notice never carries a key, a secret or an account id; the trader's alert
// on the underlying's price fires once when the chain shows it crossing and not again until
// re-armed; the alerts are kept in the settings; the quote stream lost and back.

#include "domain/occ_symbol.h"
#include "models/alert_center.h"
#include "models/alert_rules_model.h"
#include "models/chain_session.h"
#include "models/display_format.h"
#include "models/trading_session.h"
#include "storage/execution_store.h"
#include "support/fake_broker.h"
#include "support/fake_market_data.h"
#include "support/fake_quote_stream.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cg;
using namespace cg::models;
using namespace std::chrono;

namespace {

const Timestamp kNow = sys_days{year{2026} / 11 / 26} + hours{15};
constexpr year_month_day kNear{year{2026}, month{11}, day{27}};
const QString kKeyId = QStringLiteral("PKZ8X4Q2M7N1B5V3C6T9");
const QString kSecret = QStringLiteral("q8Zr2LmT5vXy9NwB3cKd7HfJ1pGs4AeU6oRi0tYb");
const QString kAccount = QStringLiteral("904837e3-3b76-47ec-b432-046db621571b");

bool clean(const QString &text) {
    return !text.contains(kKeyId) && !text.contains(kSecret) && !text.contains(kAccount) &&
           !text.contains(QStringLiteral("PKZ8")) && !text.contains(QStringLiteral("904837e3"));
}

// SPY's price crossing `level` in `direction`, its side `last` when known.
AlertRule spyRule(AlertDirection direction, double level, std::optional<double> last = {}) {
    AlertRule r;
    r.symbol = "SPY";
    r.direction = direction;
    r.level = level;
    r.last = last;
    return r;
}

// Every rule's value is `v` (none: not known now).
AlertRulesModel::ValueOf valueIs(std::optional<double> v) {
    return [v](const AlertRule &) { return v; };
}

} // namespace

class TestAlertCenter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noticesNeverCarryKeysOrAccounts() {
        // Known secrets, and ones never told (an unknown key id, account id or long secret).
        const QString text = QStringLiteral("403 for key %1 secret %2 on account %3; "
                                            "AAPL261218C00150000 at 1.25")
                                 .arg(kKeyId, kSecret, kAccount);
        const QString redacted = redactSecrets(text, {});
        QVERIFY2(clean(redacted), qPrintable(redacted));
        // What a trader needs stays: the contract and the price.
        QVERIFY(redacted.contains(QStringLiteral("AAPL261218C00150000 at 1.25")));

        FixedClock clock(kNow);
        AlertCenter center(clock);
        center.addSecret(QStringLiteral("CHAINGATE-DEMO-KEY"));
        QSignalSpy spy(&center, &AlertCenter::notice);
        center.post(AlertKind::Rejection, QStringLiteral("Order refused %1").arg(kAccount),
                    QStringLiteral("with CHAINGATE-DEMO-KEY / %1: %2").arg(kSecret, text));
        QCOMPARE(spy.count(), 1);
        const auto n = spy.at(0).at(0).value<AlertNotice>();
        QVERIFY2(clean(n.title) && clean(n.body), qPrintable(n.title + n.body));
        QVERIFY(!n.body.contains(QStringLiteral("CHAINGATE-DEMO-KEY")));
        QCOMPARE(center.history().size(), 1);
    }

    // The console's last alerts, newest first, as the Alerts dock lists them: each posted one a
    // row inserted at the top with its time and kind; past 50 the oldest row is removed.
    void historyListsTheLastAlertsNewestFirst() {
        FixedClock clock(kNow);
        AlertCenter center(clock);
        center.addSecret(QStringLiteral("CHAINGATE-DEMO-KEY"));
        AlertHistoryModel &m = *center.historyModel();
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        center.post(AlertKind::Fill, QStringLiteral("Filled"), QStringLiteral("first"));
        clock.advance(std::chrono::seconds(90));
        center.post(AlertKind::Rejection, QStringLiteral("Order refused"),
                    QStringLiteral("for CHAINGATE-DEMO-KEY"));
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(inserted.at(1).at(1).toInt(), 0); // at the top
        QCOMPARE(m.index(0, AlertHistoryModel::Title).data().toString(),
                 QStringLiteral("Order refused"));
        QCOMPARE(m.index(0, AlertHistoryModel::Kind).data().toString(), QStringLiteral("Rejected"));
        QCOMPARE(m.index(1, AlertHistoryModel::Kind).data().toString(), QStringLiteral("Fill"));
        // Redacted as the notification is; the time it was posted.
        QVERIFY(!m.index(0, AlertHistoryModel::Message)
                     .data()
                     .toString()
                     .contains(QStringLiteral("DEMO-KEY")));
        QCOMPARE(center.history().back().at, clock.now());
        QCOMPARE(m.index(0, AlertHistoryModel::Time).data(Qt::ToolTipRole).toString(),
                 utcTimeText(clock.now()));
        QCOMPARE(m.index(1, AlertHistoryModel::Time).data(Qt::ToolTipRole).toString(),
                 utcTimeText(kNow));
        for (int i = 0; i < AlertHistoryModel::kMaxNotices; ++i)
            center.post(AlertKind::UserAlert, QStringLiteral("Alert %1").arg(i), QString());
        QCOMPARE(m.rowCount(), AlertHistoryModel::kMaxNotices);
        QCOMPARE(removed.count(), 2);
        QCOMPARE(removed.at(0).at(1).toInt(), AlertHistoryModel::kMaxNotices); // the bottom row
        QCOMPARE(m.index(0, AlertHistoryModel::Title).data().toString(),
                 QStringLiteral("Alert 49"));
        QCOMPARE(
            m.index(AlertHistoryModel::kMaxNotices - 1, AlertHistoryModel::Title).data().toString(),
            QStringLiteral("Alert 0"));
        QCOMPARE(center.history().size(), AlertHistoryModel::kMaxNotices);
    }

    void priceAlertFiresOnceUntilRearmedAndIsKept() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("alerts.ini")), QSettings::IniFormat);
        test::FakeMarketData market;
        market.price = 101;
        market.contracts = test::makeChain("SPY", kNear, 90, 1, 21, 101);
        FixedClock clock(kNow);
        ChainSession chain(market, clock);
        AlertCenter center(clock);
        center.rules()->setSettings(&settings);
        center.watchChain(chain);
        AlertRule r;
        r.symbol = "SPY";
        r.direction = AlertDirection::Above;
        r.level = 101.5;
        center.rules()->add(r);
        QSignalSpy spy(&center, &AlertCenter::notice);

        const auto loadAt = [&](double price) {
            market.price = price;
            chain.refresh();
            return QTest::qWaitFor(
                [&] { return !chain.isBusy() && chain.underlyingPrice() == price; }, 5000);
        };
        chain.setSymbol(QStringLiteral("SPY"));
        QVERIFY(
            QTest::qWaitFor([&] { return chain.state() == ChainSession::State::Loaded; }, 5000));
        QCOMPARE(spy.count(), 0); // 101: the side is set
        QVERIFY(loadAt(102));
        QTRY_COMPARE(spy.count(), 1);
        const auto n = spy.at(0).at(0).value<AlertNotice>();
        QCOMPARE(n.kind, AlertKind::UserAlert);
        QCOMPARE(n.title, QStringLiteral("Alert: SPY price above 101.50"));
        QVERIFY(!center.rules()->rules()[0].armed);
        // Down and up again: quiet until re-armed.
        QVERIFY(loadAt(100));
        QVERIFY(loadAt(102.5));
        QCOMPARE(spy.count(), 1);
        center.rules()->rearm(0);
        QVERIFY(loadAt(101));
        QVERIFY(loadAt(103));
        QTRY_COMPARE(spy.count(), 2);

        // Kept: a new model reads the rule back from the settings.
        AlertRulesModel again;
        again.setSettings(&settings);
        QCOMPARE(again.rowCount(), 1);
        QCOMPARE(again.rules()[0].symbol, std::string("SPY"));
        QCOMPARE(again.rules()[0].level, 101.5);
        again.remove(0);
        AlertRulesModel third;
        third.setSettings(&settings);
        QCOMPARE(third.rowCount(), 0);
    }

    // The window starts its session (which reads the kill switch) before the alert center
    // watches it: the first change after that is a change, and is told. It was taken for the
    // start, and another console's switch was never announced.
    // A streamed quote with no offer (ask 0) has no price: a contract's price alert does not
    // fire at half the bid. A crossing kept from before a restart (the side is saved) fires at
    // the first value after it.
    void oneSidedQuotesDoNotFireAndTheSideOutlivesARestart() {
        test::FakeMarketData market;
        market.price = 101;
        market.contracts = test::makeChain("SPY", kNear, 90, 1, 21, 101);
        FixedClock clock(kNow);
        ChainSession chain(market, clock);
        test::FakeQuoteStream stream;
        chain.setQuoteStream(&stream);
        stream.setStatus(StreamHealth::Live);
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("alerts.ini")), QSettings::IniFormat);
        AlertCenter center(clock);
        center.rules()->setSettings(&settings);
        center.watchChain(chain);
        chain.setSymbol(QStringLiteral("SPY"));
        QVERIFY(
            QTest::qWaitFor([&] { return chain.state() == ChainSession::State::Loaded; }, 5000));
        const std::string c = formatOccSymbol("SPY", *chain.expiry(), OptionType::Call, 101);
        AlertRule r;
        r.symbol = c;
        r.direction = AlertDirection::Below;
        r.level = 0.80;
        r.last = 1.00; // added from the chain at 1.00
        center.rules()->add(r);
        QSignalSpy spy(&center, &AlertCenter::notice);
        OptionQuoteTick t;
        t.symbol = c;
        t.bid = 0.98;
        t.ask = 0.0;
        t.time = kNow + seconds{1};
        stream.push({t});
        QTest::qWait(200);
        QCOMPARE(spy.count(), 0);

        // Saved with its side; read back by a new console, the first value past the level fires.
        AlertRulesModel again;
        again.setSettings(&settings);
        QCOMPARE(again.rowCount(), 1);
        QVERIFY(again.rules()[0].last.has_value());
        const auto fired = again.observe(valueIs(0.70));
        QCOMPARE(fired.size(), std::size_t(1));

        // The side last seen is what a restart starts from: above 100 seen at 105, then 95 (the
        // side changed, saved), closed, 106 at the start: the crossing fires.
        AlertRulesModel rules;
        QSettings other(dir.filePath(QStringLiteral("side.ini")), QSettings::IniFormat);
        rules.setSettings(&other);
        rules.add(spyRule(AlertDirection::Above, 100.0));
        (void)rules.observe(valueIs(105.0));
        (void)rules.observe(valueIs(95.0));
        AlertRulesModel restarted;
        restarted.setSettings(&other);
        QCOMPARE(restarted.observe(valueIs(106.0)).size(), std::size_t(1));

        // Touching a Below level and leaving it: the side saved is the one a crossing reads.
        AlertRulesModel below;
        QSettings third(dir.filePath(QStringLiteral("below.ini")), QSettings::IniFormat);
        below.setSettings(&third);
        below.add(spyRule(AlertDirection::Below, 100.0, 101.0));
        (void)below.observe(valueIs(100.0)); // fires
        below.rearm(0);
        (void)below.observe(valueIs(100.0)); // sets the side: at it
        (void)below.observe(valueIs(101.0)); // back above: saved
        AlertRulesModel belowAgain;
        belowAgain.setSettings(&third);
        QCOMPARE(belowAgain.observe(valueIs(99.0)).size(), std::size_t(1));
    }

    // DEMO's rules and a real account's are apart: the simulated SPY fired (and disarmed) the
    // trader's real rule. An old build's one list goes to PAPER or LIVE, not to DEMO.
    void eachModeKeepsItsOwnRules() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("modes.ini")), QSettings::IniFormat);
        const AlertRule old = spyRule(AlertDirection::Above, 700.0);
        {
            AlertRulesModel legacy;
            legacy.setSettings(&settings);
            legacy.add(old);
        }
        AlertRulesModel demo;
        demo.setSettings(&settings, QStringLiteral("DEMO"));
        QCOMPARE(demo.rowCount(), 0);
        AlertRulesModel paper;
        paper.setSettings(&settings, QStringLiteral("PAPER"));
        QCOMPARE(paper.rowCount(), 1);
        // Taken over once: a later LIVE start does not bring the old list back.
        AlertRulesModel live;
        live.setSettings(&settings, QStringLiteral("LIVE"));
        QCOMPARE(live.rowCount(), 0);
        // DEMO's crossing leaves the paper rule armed.
        demo.add(spyRule(AlertDirection::Above, 700.0, 690.0));
        QCOMPARE(demo.observe(valueIs(710.0)).size(), std::size_t(1));
        AlertRulesModel paperAgain;
        paperAgain.setSettings(&settings, QStringLiteral("PAPER"));
        QCOMPARE(paperAgain.rowCount(), 1);
        QVERIFY(paperAgain.rules()[0].armed);

        // A rule with no value now (its chain or expiry not shown) says so.
        (void)paperAgain.observe(valueIs(std::nullopt));
        QVERIFY(paperAgain.index(0, AlertRulesModel::State)
                    .data()
                    .toString()
                    .contains(QStringLiteral("no value now")));
        (void)paperAgain.observe(valueIs(695.0));
        QCOMPARE(paperAgain.index(0, AlertRulesModel::State).data().toString(),
                 QStringLiteral("Armed"));
    }

    void killSwitchPulledAfterTheStartIsTold() {
        test::FakeBroker broker;
        test::FakeMarketData market;
        ExecutionStore store;
        QVERIFY(store.open(QStringLiteral("sqlite::memory:")).ok());
        FixedClock clock(Timestamp{std::chrono::milliseconds{1'767'366'000'000}});
        TradingSession::Options o;
        o.signalPollMs = 60000;
        o.accountPollMs = 60000;
        TradingSession session(broker, market, store, clock, o);
        QVERIFY(session.start().ok());
        AlertCenter center(clock);
        center.watchTrading(session, nullptr);
        QSignalSpy spy(&center, &AlertCenter::notice);
        session.engageKillSwitch(QStringLiteral("from another console"));
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<AlertNotice>().title, QStringLiteral("Kill switch engaged"));
    }

    void streamLostAndBack() {
        test::FakeMarketData market;
        FixedClock clock(kNow);
        ChainSession chain(market, clock);
        test::FakeQuoteStream stream;
        chain.setQuoteStream(&stream);
        AlertCenter center(clock);
        center.watchChain(chain);
        QSignalSpy spy(&center, &AlertCenter::notice);
        stream.setStatus(StreamHealth::Connecting);
        stream.setStatus(StreamHealth::Reconnecting); // never live yet: nothing lost
        QCOMPARE(spy.count(), 0);
        stream.setStatus(StreamHealth::Live);
        stream.setStatus(StreamHealth::Reconnecting, "Reconnecting in 4 s (connection closed)");
        QTRY_COMPARE(spy.count(), 1);
        auto n = spy.at(0).at(0).value<AlertNotice>();
        QCOMPARE(n.kind, AlertKind::StreamLost);
        // Auto-refresh is off (outside DEMO by default): nothing polls, and the alert says so.
        // It said "Quotes are polled until it is back".
        QCOMPARE(n.body, QStringLiteral("Reconnecting in 4 s (connection closed). Quotes are "
                                        "not updated until it is back: auto-refresh is off."));
        stream.setStatus(StreamHealth::Silent); // still lost: once
        stream.setStatus(StreamHealth::Live);
        QTRY_COMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).value<AlertNotice>().title, QStringLiteral("Quote stream back"));
        // A quiet chain's stream goes Silent and back all day on one connection: no notice (it
        // posted "lost" and "back" every few seconds).
        for (int i = 0; i < 3; ++i) {
            stream.setStatus(StreamHealth::Silent);
            stream.setStatus(StreamHealth::Live);
        }
        QTest::qWait(50);
        QCOMPARE(spy.count(), 2);

        // With auto-refresh on, the chain polls while the stream is away.
        chain.setAutoRefresh(true);
        stream.setStatus(StreamHealth::Reconnecting, "Reconnecting in 4 s (connection closed)");
        QTRY_COMPARE(spy.count(), 3);
        QCOMPARE(spy.at(2).at(0).value<AlertNotice>().body,
                 QStringLiteral("Reconnecting in 4 s (connection closed). Quotes are polled "
                                "until it is back."));
    }
};

QTEST_GUILESS_MAIN(TestAlertCenter)
#include "tst_alert_center.moc"
