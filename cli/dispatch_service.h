#pragma once
// `chaingate-cli dispatch --every N` as a service (systemd, installer/systemd): Unix signals
// turned into Qt signals (SIGTERM/SIGINT: stop after the order in flight is recorded; SIGHUP:
// re-read the settings), log lines the journal files by priority, and what the service is doing
// kept in the database for `chaingate-cli status`.

#include "dispatch/dispatcher_settings.h"
#include "domain/result.h"

#include <QJsonObject>
#include <QLoggingCategory>
#include <QObject>
#include <QString>

#include <string>
#include <vector>

class QSocketNotifier;

Q_DECLARE_LOGGING_CATEGORY(lcService)

namespace cg {
class AutoDispatcher;
class Dispatcher;
class ExecutionStore;
struct RunSummary;
} // namespace cg

namespace cg::cli {

struct GlobalOptions;

// SIGTERM, SIGINT and SIGHUP through a self-pipe, delivered on the event loop. One per process.
class ServiceSignals : public QObject {
    Q_OBJECT
public:
    explicit ServiceSignals(QObject *parent = nullptr);
    ~ServiceSignals() override;

Q_SIGNALS:
    void stopRequested(const QString &signalName);
    void reloadRequested();

private:
    QSocketNotifier *m_notifier = nullptr;
};

// Under systemd (JOURNAL_STREAM set): the engine's log at info and above on stderr, one line per
// message with its syslog priority as "<N>" and no timestamp (the journal stamps it). Elsewhere
// nothing changes. True when it did.
bool installJournalLogging();

// What `chaingate-cli status` reads: one JSON object per service process in the execution store's
// key/value state, under "service.<dispatcher id>".
inline constexpr char kServiceStatePrefix[] = "service.";
Result<Unit> saveServiceState(ExecutionStore &store, const std::string &dispatcherId,
                              const QJsonObject &state);
// Every service's state kept on this database, oldest first.
Result<std::vector<QJsonObject>> loadServiceStates(ExecutionStore &store);

// Keeps the service's state in the database and in the log as it runs: started, each cycle,
// settings re-read, stopping, stopped. A state that cannot be saved is logged, never fatal.
class ServiceReporter {
public:
    ServiceReporter(ExecutionStore &store, Dispatcher &dispatcher, AutoDispatcher &timer,
                    std::string dispatcherId, const GlobalOptions &options);

    void started();
    void cycleFinished(const RunSummary &run);
    void stopping(const QString &signalName);
    void stopped();
    // SIGHUP: re-reads the --config file and applies its dispatcher settings; the command's own
    // flags (live opt-in, the interval, --order-type when `keepOrderType`) stay as `current` has
    // them. A file that no longer loads keeps the settings running, and says why.
    void reloadSettings(const DispatcherSettings &current, bool keepOrderType);

private:
    void save();

    ExecutionStore &m_store;
    Dispatcher &m_dispatcher;
    AutoDispatcher &m_timer;
    std::string m_id;
    QString m_configFile;
    QJsonObject m_state;
    int m_cycles = 0;
};

} // namespace cg::cli
