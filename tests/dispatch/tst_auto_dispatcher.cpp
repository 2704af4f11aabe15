// Timer mode: claims pending signals, never overlaps, survives failures, stops on the kill
// switch.

#include "dispatch/auto_dispatcher.h"
#include "dispatch/claim_owner.h"
#include "dispatch_fixture.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSysInfo>

#include <unistd.h>

using namespace cg;
using namespace cg::test;

class TestAutoDispatcher : public QObject {
    Q_OBJECT

    static RunSummary run(AutoDispatcher &a) {
        bool done = false;
        RunSummary out;
        if (!a.runOnce([&](RunSummary s) {
                out = s;
                done = true;
            }))
            return out;
        if (!waitFor([&] { return done; }))
            qFatal("run never finished");
        return out;
    }

    static std::optional<Signal> signalById(DispatchFixture &f, std::int64_t id) {
        const auto all = f.store.signals().list(100); // kept alive: value() of a temporary dangles
        for (const Signal &s : all.value())
            if (s.id == id)
                return s;
        return std::nullopt;
    }

private Q_SLOTS:
    // A claim held by a run of this machine that no longer runs goes back to the queue at the
    // next run (then dispatched once); claims of live processes, of another machine that has the
    // same host name, and in the form before ids carried an instance are left to their lease.
    void claimsOfDeadRunsAreReleased() {
        QProcess gone;
        gone.start(QStringLiteral("sleep"), {QStringLiteral("0.05")});
        QVERIFY(gone.waitForStarted(10000));
        const qint64 deadPid = gone.processId(); // 0 once it has finished
        QVERIFY(gone.waitForFinished(10000));
        const std::string host = QSysInfo::machineHostName().toStdString();
        const QStringList mine =
            QString::fromStdString(dispatcherIdForThisProcess("chaingate-cli")).split('/');
        QCOMPARE(mine.size(), 4);
        QCOMPARE(mine.at(0).toStdString(), host);
        const std::string instance = mine.at(3).toStdString();
        QCOMPARE(instance.substr(0, 8), thisMachineToken());
        std::string otherMachine = instance;
        otherMachine[0] = otherMachine[0] == 'f' ? '0' : 'f';
        const std::string dead =
            host + "/chaingate-cli/" + std::to_string(deadPid) + "/" + instance;
        const std::string alive =
            host + "/chaingate-cli/" + std::to_string(::getppid()) + "/" + instance;
        const std::string twin = // a host named alike: its pids are not ours to judge
            host + "/chaingate-cli/" + std::to_string(deadPid) + "/" + otherMachine;
        const std::string legacy = host + "/chaingate-cli/" + std::to_string(deadPid);
        QVERIFY(claimHolderIsDead(dead));
        QVERIFY(!claimHolderIsDead(alive));
        QVERIFY(!claimHolderIsDead(twin));
        QVERIFY(!claimHolderIsDead(legacy));
        QVERIFY(!claimHolderIsDead(host + "/chaingate-cli"));
        // A container or sandbox on this host: the same machine id, another PID namespace. Its
        // pids are not this namespace's (a live holder there looks dead here): not judged.
        const std::string container = host + "/chaingate-cli/" + std::to_string(deadPid) + "/" +
                                      machineToken(QSysInfo::machineUniqueId(), "pid:[1]") +
                                      instance.substr(8);
        QVERIFY(!claimHolderIsDead(container));
        // This process's token is its machine id's seen from its own namespace (it was the
        // machine id's alone, the same in every container of the host).
        const QByteArray ownNamespace = QFile::symLinkTarget(QStringLiteral("/proc/self/ns/pid"))
                                            .section(QLatin1Char('/'), -1)
                                            .toUtf8();
        if (!QSysInfo::machineUniqueId().isEmpty() && !ownNamespace.isEmpty())
            QCOMPARE(thisMachineToken(), machineToken(QSysInfo::machineUniqueId(), ownNamespace));
        QVERIFY(!claimHolderIsDead(dispatcherIdForThisProcess("x")));
        QVERIFY(dispatcherIdForThisProcess("x") != host + "/x/" + std::to_string(::getpid()));

        DispatchFixture f;
        std::vector<Signal> s;
        for (const std::string &holder : {dead, alive, twin, legacy}) {
            s.push_back(f.addSignal("SPY", SignalAction::Call));
            QVERIFY(f.store.signals().claim(s.back().id, holder).value());
        }
        AutoDispatcher auto_(*f.dispatcher, dispatcherIdForThisProcess("test"));
        RunSummary r = run(auto_);
        QCOMPARE(r.dispatched, 1);
        QVERIFY(signalById(f, s[0].id)->status == SignalStatus::Done);
        for (int i : {1, 2, 3})
            QVERIFY(signalById(f, s[i].id)->status == SignalStatus::Claimed);
        QCOMPARE(f.broker.book.size(), size_t(1));

        // The twin's lease runs out (its heartbeat stopped): released, whatever host held it.
        QSqlQuery q(f.store.database());
        QVERIFY(q.exec(QStringLiteral("UPDATE dispatch_recommendations SET lease_expires_at = "
                                      "'2000-01-01T00:00:00.000Z' WHERE id = %1")
                           .arg(s[2].id)));
        r = run(auto_);
        QCOMPARE(r.dispatched, 1);
        QVERIFY(signalById(f, s[2].id)->status == SignalStatus::Done);
        QVERIFY(signalById(f, s[1].id)->status == SignalStatus::Claimed);
        QCOMPARE(f.broker.book.size(), size_t(2));
    }

    // A run renews its claims: the lease of a signal it holds moves on with every heartbeat,
    // and only its own.
    void heartbeatRenewsOnlyTheHoldersClaims() {
        DispatchFixture f;
        const Signal a = f.addSignal("SPY", SignalAction::Call);
        const Signal b = f.addSignal("SPY", SignalAction::Put);
        QVERIFY(f.store.signals().claim(a.id, "me").value());
        QVERIFY(f.store.signals().claim(b.id, "other").value());
        QSqlQuery q(f.store.database());
        QVERIFY(q.exec(QStringLiteral("UPDATE dispatch_recommendations SET lease_expires_at = "
                                      "'2000-01-01T00:00:00.000Z'")));
        QCOMPARE(f.store.signals().heartbeat("me").value(), 1);
        QCOMPARE(f.store.signals().releaseExpired().value(), 1); // b only
        QVERIFY(signalById(f, a.id)->status == SignalStatus::Claimed);
        QVERIFY(signalById(f, b.id)->status == SignalStatus::Pending);
        QCOMPARE(f.store.signals().releaseExpired().value(), 0);
    }

    // Auto -> Manual during a run: the decision in flight completes and is recorded, no further
    // signal is claimed without the trader's confirmation.
    void stopFinishesTheRunAfterTheOrderInFlight() {
        DispatchFixture f;
        const Signal a = f.addSignal("SPY", SignalAction::Call);
        const Signal b = f.addSignal("SPY", SignalAction::Put);
        const Signal c = f.addSignal("SPY", SignalAction::Call);
        AutoDispatcher auto_(*f.dispatcher, "console-1");
        int decided = 0;
        auto_.setDecisionObserver([&](const Decision &) {
            if (++decided == 1)
                auto_.stop();
        });
        const RunSummary r = run(auto_);
        QCOMPARE(r.dispatched, 1);
        QCOMPARE(QString::fromStdString(r.error), QStringLiteral("stopped: switched to Manual"));
        int pending = 0;
        for (const Signal &s : {a, b, c})
            pending += signalById(f, s.id)->status == SignalStatus::Pending;
        QCOMPARE(pending, 2);
        QCOMPARE(f.broker.book.size(), size_t(1));
        // The next run (after the trader switches back on) takes the rest.
        auto_.setDecisionObserver({});
        QCOMPARE(run(auto_).dispatched, 2);
    }

    void dispatchesAllPendingSignals() {
        DispatchFixture f;
        const Signal a = f.addSignal("SPY", SignalAction::Call);
        const Signal b = f.addSignal("SPY", SignalAction::Put);
        AutoDispatcher auto_(*f.dispatcher, "console-1");
        const RunSummary s = run(auto_);
        QCOMPARE(s.dispatched, 2);
        QCOMPARE(s.failed, 0);
        QCOMPARE(f.broker.book.size(), size_t(2));
        for (const Signal &x : {a, b}) {
            const auto done = signalById(f, x.id);
            QVERIFY(done->status == SignalStatus::Done);
            QVERIFY(done->executionId && *done->executionId > 0);
            QCOMPARE(done->claimedBy, std::string("console-1"));
        }
        // Nothing pending: an empty run.
        QCOMPARE(run(auto_).dispatched, 0);
    }

    void runsNeverOverlap() {
        DispatchFixture f;
        f.addSignal("SPY", SignalAction::Call);
        AutoDispatcher auto_(*f.dispatcher, "console-1");
        f.md.hold = true;
        bool finished = false;
        QVERIFY(auto_.runOnce([&](RunSummary) { finished = true; }));
        QVERIFY(auto_.isRunning());
        QSignalSpy skipped(&auto_, &AutoDispatcher::tickSkipped);
        RunSummary second;
        QVERIFY(!auto_.runOnce([&](RunSummary s) { second = s; }));
        QVERIFY(second.skipped);
        // A timer tick during the run is skipped too.
        auto_.setInterval(std::chrono::milliseconds(5));
        auto_.start();
        QVERIFY(waitFor([&] { return skipped.size() >= 2; }));
        QVERIFY(!finished);
        f.md.release();
        QVERIFY(waitFor([&] {
            if (f.md.pending() > 0)
                f.md.release();
            return finished;
        }));
        QCOMPARE(f.broker.book.size(), size_t(1));
        auto_.stop();
    }

    void oneFailureNeverStopsTheTimer() {
        DispatchFixture f;
        f.md.priceErrors["BAD"] = Error::make("HTTP 500 from the data API");
        const Signal bad = f.addSignal("BAD", SignalAction::Call);
        const Signal good = f.addSignal("SPY", SignalAction::Call);
        AutoDispatcher auto_(*f.dispatcher, "console-1");
        auto_.setInterval(std::chrono::milliseconds(20));
        QSignalSpy finished(&auto_, &AutoDispatcher::runFinished);
        QVERIFY(auto_.start());
        QVERIFY(waitFor([&] { return !finished.isEmpty(); }));
        QCOMPARE(finished.first().at(0).toInt(), 1);
        QCOMPARE(finished.first().at(1).toInt(), 1);
        const auto failed = signalById(f, bad.id);
        QVERIFY(failed->status == SignalStatus::Failed);
        QVERIFY(failed->error.find("HTTP 500") != std::string::npos);
        QVERIFY(failed->executionId); // the failed decision is recorded too
        const auto g = signalById(f, good.id);
        QVERIFY2(g->status == SignalStatus::Done,
                 (std::string(toString(g->status)) + " " + g->error).c_str());
        // Still ticking: a signal added later is picked up by a later run.
        QVERIFY(auto_.isActive());
        const Signal later = f.addSignal("SPY", SignalAction::Put);
        QVERIFY(waitFor([&] { return signalById(f, later.id)->status == SignalStatus::Done; }));
        auto_.stop();
    }

    // Nothing decided (the account could not be checked for an order of the signal: Alpaca
    // answered 500 or not at all): the signal goes back to the queue for the next run, not
    // FAILED for good, and the run stops there rather than claim it again at once.
    void anUndecidedSignalGoesBackToTheQueue() {
        DispatchFixture f;
        f.broker.failLookups = 1;
        const Signal s = f.addSignal("SPY", SignalAction::Call);
        AutoDispatcher auto_(*f.dispatcher, "console-1");
        RunSummary r = run(auto_);
        QCOMPARE(r.dispatched, 0);
        QCOMPARE(r.failed, 0);
        QCOMPARE(r.deferred, 1);
        QVERIFY2(r.error.find("connection refused") != std::string::npos, r.error.c_str());
        const auto pending = signalById(f, s.id);
        QVERIFY2(pending->status == SignalStatus::Pending, toString(pending->status).data());
        QVERIFY(f.records().empty());
        QVERIFY(f.broker.submitted.empty());
        r = run(auto_);
        QCOMPARE(r.dispatched, 1);
        QVERIFY(signalById(f, s.id)->status == SignalStatus::Done);
        QCOMPARE(f.broker.book.size(), size_t(1));
    }

    void killSwitchStopsTheTimer() {
        DispatchFixture f;
        AutoDispatcher auto_(*f.dispatcher, "console-1");
        auto_.setInterval(std::chrono::hours(1));
        QVERIFY(auto_.start());
        f.dispatcher->killSwitch().engage("test");
        QVERIFY(!auto_.isActive());
        f.addSignal("SPY", SignalAction::Call);
        const RunSummary s = run(auto_);
        QCOMPARE(s.dispatched, 0);
        QVERIFY(f.broker.submitted.empty());
    }
};

QTEST_GUILESS_MAIN(TestAutoDispatcher)
#include "tst_auto_dispatcher.moc"
