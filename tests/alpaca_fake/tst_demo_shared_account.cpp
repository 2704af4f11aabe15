// DEMO's shared account: two DemoBackends on one data folder (the window's and a chaingate-cli
// command's) see each other's orders, fills, positions and cash; a corrupt account file is set
// aside with a clear message, never lost, and the account starts afresh.

#include "domain/clock.h"
#include "fake_alpaca/demo_backend.h"
#include "fake_alpaca/demo_backend_state.h"
#include "market/simulated_market.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace cg;
using namespace std::chrono;

namespace {

// Tuesday 2026-11-24, 10:00 New York: the session is open.
const Timestamp kStart = sys_days{2026y / November / 24} + hours{15};

market::OrderSubmission buyShares(const std::string &symbol, int qty, const std::string &coid) {
    market::OrderSubmission s;
    s.symbol = symbol;
    s.side = "buy";
    s.qty = std::to_string(qty);
    s.type = "market";
    s.timeInForce = "day";
    s.clientOrderId = coid;
    return s;
}

// An order is accepted first, then filled: two steps of the market.
void settle(market::SimulatedMarket &m, FixedClock &clock) {
    for (int i = 0; i < 2; ++i) {
        clock.advance(seconds{1});
        m.step(clock.now());
    }
}

fake::DemoBackend::Options options(const Clock &clock, const QString &folder) {
    fake::DemoBackend::Options o;
    o.clock = &clock;
    o.accountFolder = folder;
    o.tick = milliseconds{3'600'000}; // the test steps the markets itself
    return o;
}

} // namespace

class TestDemoSharedAccount : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void twoBackendsShareOrdersPositionsAndCash() {
        QTemporaryDir dir;
        FixedClock windowClock{kStart}, cliClock{kStart + seconds{5}};
        fake::DemoBackend window(options(windowClock, dir.path()));
        fake::DemoBackend cli(options(cliClock, dir.path()));
        QVERIFY(window.accountNotice().isEmpty());
        QCOMPARE(window.accountFile(), QDir(dir.path()).filePath("demo-account.json"));

        // An order placed in the window is the CLI's too, under the same id.
        const auto placed = window.market()->submitOrder(buyShares("SPY", 4, "win-1"));
        QVERIFY2(placed, placed ? "" : placed.error().message.c_str());
        QVERIFY(QFile::exists(window.accountFile()));
        const market::SimOrder *seen = cli.market()->orderByClientOrderId("win-1");
        QVERIFY(seen);
        QCOMPARE(seen->id, placed->id);
        QCOMPARE(cli.market()->account().id, window.market()->account().id);

        // The window's market fills it; the CLI sees the fill, the position and the cash.
        settle(*window.market(), windowClock);
        QCOMPARE(window.market()->order(placed->id)->status, std::string("filled"));
        QCOMPARE(cli.market()->order(placed->id)->status, std::string("filled"));
        const auto positions = cli.market()->positions();
        QCOMPARE(positions.size(), std::size_t{1});
        QCOMPARE(positions.front().position.symbol, std::string("SPY"));
        QCOMPARE(positions.front().position.qty, 4.0);
        QCOMPARE(cli.market()->account().cash, window.market()->account().cash);
        QVERIFY(cli.market()->account().cash < 100000.0);

        // And the other way: the CLI sells one; the window holds three.
        auto sell = buyShares("SPY", 1, "cli-1");
        sell.side = "sell";
        QVERIFY(cli.market()->submitOrder(sell));
        settle(*cli.market(), cliClock);
        QCOMPARE(window.market()->positions().front().position.qty, 3.0);
        QCOMPARE(window.market()->orders().size(), std::size_t{2});

        // A third front end started later finds the same account.
        FixedClock later{kStart + minutes{3}};
        fake::DemoBackend third(options(later, dir.path()));
        QCOMPARE(third.market()->positions().front().position.qty, 3.0);
        QVERIFY(third.market()->orderByClientOrderId("win-1"));
    }

    // A replace in one front end (the window's Orders dock) is the other's too: the order the
    // CLI placed is replaced in the shared account, not in a stale copy of it.
    void aReplaceIsShared() {
        QTemporaryDir dir;
        FixedClock windowClock{kStart}, cliClock{kStart + seconds{5}};
        fake::DemoBackend window(options(windowClock, dir.path()));
        // Another seed: two processes draw different order ids (each salts its own); two
        // markets in one process with one seed would draw the same.
        auto cliOptions = options(cliClock, dir.path());
        cliOptions.seed += 1;
        fake::DemoBackend cli(cliOptions);
        auto resting = buyShares("SPY", 2, "cli-rest");
        resting.type = "limit";
        resting.limitPrice = "1.00"; // far under the market: it stays working
        const auto placed = cli.market()->submitOrder(resting);
        QVERIFY2(placed, placed ? "" : placed.error().message.c_str());
        settle(*cli.market(), cliClock);
        QCOMPARE(cli.market()->order(placed->id)->status, std::string("new"));
        market::PaperAccount::Replacement r;
        r.qty = std::string("3");
        const auto replaced = window.market()->replaceOrder(placed->id, r);
        QVERIFY2(replaced, replaced ? "" : replaced.error().message.c_str());
        QCOMPARE(cli.market()->order(placed->id)->status, std::string("replaced"));
        const market::SimOrder *fresh = cli.market()->order(replaced->id);
        QVERIFY(fresh);
        QCOMPARE(fresh->qty, 3.0);
    }

    void withoutAFolderTheAccountIsPrivate() {
        FixedClock clock{kStart};
        fake::DemoBackend::Options o;
        o.clock = &clock;
        fake::DemoBackend a(o), b(o);
        QVERIFY(a.accountFile().isEmpty());
        QVERIFY(a.market()->submitOrder(buyShares("SPY", 1, "only-a")));
        QVERIFY(!b.market()->orderByClientOrderId("only-a"));
    }

    void corruptFileIsSetAsideAndTheAccountStartsAfresh() {
        QTemporaryDir dir;
        const QString path = QDir(dir.path()).filePath("demo-account.json");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"format\": 1, \"cash\": 12"); // cut off mid-write by some other tool
        }
        FixedClock clock{kStart};
        fake::DemoBackend backend(options(clock, dir.path()));
        QVERIFY2(backend.accountNotice().contains("could not be read"),
                 qPrintable(backend.accountNotice()));
        QVERIFY(backend.accountNotice().contains("starts afresh"));
        const QStringList aside =
            QDir(dir.path()).entryList({QStringLiteral("demo-account.json.corrupt-*")});
        QCOMPARE(aside.size(), 1);
        QFile kept(QDir(dir.path()).filePath(aside.first()));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("{\"format\": 1, \"cash\": 12"));
        // A fresh account, written back as a readable file at the first change.
        QCOMPARE(backend.market()->account().cash, 100000.0);
        QVERIFY(backend.market()->submitOrder(buyShares("SPY", 1, "after")));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto state = fake::SharedAccountFile::fromJson(f.readAll());
        QVERIFY2(state, state ? "" : state.error().message.c_str());
        QCOMPARE(state->orders.size(), std::size_t{1});
    }

    void stateRoundTrips() {
        // Through the file, one handle per process: what one writes, the other reads the same.
        QTemporaryDir dir;
        auto fileA = fake::SharedAccountFile::open(dir.path());
        auto fileB = fake::SharedAccountFile::open(dir.path());
        QVERIFY(fileA && fileB);
        market::SimulatedMarket a(kStart), b(kStart);
        a.setAccountSync(fileA->get());
        QVERIFY(a.submitOrder(buyShares("QQQ", 3, "rt")));
        a.step(kStart + seconds{1});
        a.step(kStart + seconds{2});
        b.setAccountSync(fileB->get());
        QCOMPARE(b.positions().size(), std::size_t{1});
        QCOMPARE(b.account().cash, a.account().cash);
        QCOMPARE(b.orders().front().filledAvgPrice, a.orders().front().filledAvgPrice);
        // A do-not-exercise instruction is part of the position: another process honours it.
        market::PaperAccount::State marked;
        marked.accountId = "acct";
        marked.positions.push_back(
            market::SimPosition{"SPY261124C00670000", "id", "us_option", 1.0, 500.0, 100.0, true});
        const auto back =
            fake::SharedAccountFile::fromJson(fake::SharedAccountFile::toJson(marked));
        QVERIFY2(back, back ? "" : back.error().message.c_str());
        QVERIFY(back->positions.front().doNotExercise);
        QVERIFY(!fake::SharedAccountFile::fromJson("[]"));
        QVERIFY(
            fake::SharedAccountFile::fromJson("{\"format\":2}").error().message.find("format 2") !=
            std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestDemoSharedAccount)
#include "tst_demo_shared_account.moc"
