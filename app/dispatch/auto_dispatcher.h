#pragma once
// Timer mode: every N seconds (default 60) pending signals are claimed from the database and
// dispatched without a prompt. Runs never overlap (a tick during a run is skipped), one failure
// never stops the timer, and the kill switch stops it. On PostgreSQL it also LISTENs: a signal
// inserted by anyone is dispatched at once, without waiting for the tick (the timer stays the
// fallback), and a kill switch pulled on another console stops it at once. Its claims are leases,
// renewed while a run holds them.

#include "dispatch/decision.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cg {

class Dispatcher;
class StoreNotifications;

struct RunSummary {
    int dispatched = 0;   // signals finished DONE
    int failed = 0;       // signals finished FAILED
    int deferred = 0;     // signals put back PENDING, nothing decided (Decision::undecided)
    bool skipped = false; // a run was in progress, or the kill switch is on
    std::string error;    // the run stopped early (e.g. the store could not claim)
};

class AutoDispatcher : public QObject {
    Q_OBJECT
public:
    // `dispatcherId` names this console in the signal claims.
    AutoDispatcher(Dispatcher &dispatcher, std::string dispatcherId, QObject *parent = nullptr);

    void setInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds interval() const;
    // Starts the timer (refused while the kill switch is on) and runs once at once.
    bool start();
    void stop();
    bool isActive() const { return m_timer.isActive(); }
    bool isRunning() const { return m_running; }
    void setMaxSignalsPerRun(int n) { m_maxPerRun = n; }
    // How long a claim of this dispatcher lives without a heartbeat (heartbeats come every third
    // of it while a run holds claims).
    void setClaimLease(std::chrono::seconds lease);
    // Listening to the database's notifications (PostgreSQL), so new signals need no tick.
    bool isListening() const;
    // Called with every decision of every run (e.g. to print it).
    void setDecisionObserver(std::function<void(const Decision &)> f) { m_observer = std::move(f); }

    // One run now: claims and dispatches signals until none is pending. Returns false (and
    // `done` gets a skipped summary) when a run is already in progress or the kill switch is on.
    bool runOnce(std::function<void(RunSummary)> done = {});
    // The last run's summary (as runFinished reports it, with the deferred and skipped).
    const RunSummary &lastRun() const { return m_summary; }

Q_SIGNALS:
    void runStarted();
    void runFinished(int dispatched, int failed, const QString &error);
    void tickSkipped();
    void activeChanged(bool active);

private:
    void next();
    void claimNext();
    void dispatchClaimed(const Signal &signal);
    void finishRun(std::string error = {});
    void recoverClaims(std::function<void()> then);
    void wake();

    Dispatcher &m_dispatcher;
    std::string m_id;
    QTimer m_timer;
    QTimer m_heartbeat;                            // renews this dispatcher's claims during a run
    StoreNotifications *m_notifications = nullptr; // PostgreSQL LISTEN
    bool m_wakeAfterRun = false;                   // a signal arrived during a run
    bool m_running = false;
    bool m_stopRequested = false; // stop(): finish the run after the decision in flight
    int m_maxPerRun = 100;
    RunSummary m_summary;
    bool m_recovered = false;
    bool m_heartbeatInFlight = false;
    std::vector<std::int64_t> m_recovering; // our own CLAIMED signals from before a restart
    struct Unfinished {
        std::int64_t id;
        SignalStatus status;
        std::optional<std::int64_t> executionId;
        std::string error;
    };
    std::vector<Unfinished> m_unfinished; // finishes the database did not take
    // Claimed signals nothing was decided for (Decision::undecided): released to the queue at
    // the next run, so a failing check is tried again once a run, not in a loop.
    std::vector<std::int64_t> m_deferred;
    std::function<void(RunSummary)> m_done;
    std::function<void(const Decision &)> m_observer;
};

} // namespace cg
