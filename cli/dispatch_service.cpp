#include "cli/dispatch_service.h"

#include "cli/global_options.h"
#include "config/config_store.h"
#include "dispatch/auto_dispatcher.h"
#include "dispatch/dispatcher.h"
#include "dispatch/kill_switch.h"
#include "dispatch/order_tracker.h"
#include "storage/execution_store.h"
#include "storage/sql_util.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

#include <QByteArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcService, "chaingate.service", QtInfoMsg)

namespace cg::cli {

namespace {

QString nowText() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

int g_pipe[2] = {-1, -1};

// Async-signal-safe: one byte naming the signal, read on the event loop.
extern "C" void onServiceSignal(int sig) {
    const int saved = errno;
    const char byte = static_cast<char>(sig);
    // Nothing to do when the write fails: a full pipe already holds a byte that wakes the loop.
    // (A (void) cast does not silence glibc's warn_unused_result under _FORTIFY_SOURCE.)
    if (g_pipe[1] >= 0 && ::write(g_pipe[1], &byte, 1) < 0) {
    }
    errno = saved;
}

// sd-daemon(3) priorities, which journald reads from the start of a line on stderr.
int priority(QtMsgType type) {
    switch (type) {
    case QtDebugMsg:
        return 7;
    case QtInfoMsg:
        return 6;
    case QtWarningMsg:
        return 4;
    case QtCriticalMsg:
        return 3;
    case QtFatalMsg:
        return 2;
    }
    return 6;
}

void journalLine(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    QByteArray line = "<" + QByteArray::number(priority(type)) + ">";
    if (context.category && qstrcmp(context.category, "default") != 0)
        line += QByteArray(context.category) + ": ";
    // One message, one journal entry: embedded line breaks would split it.
    line += message.toUtf8().replace('\n', ' ') + '\n';
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

ServiceSignals::ServiceSignals(QObject *parent)
    : QObject(parent) {
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        g_pipe[0] = g_pipe[1] = -1;
        return;
    }
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        while (::read(g_pipe[0], &byte, 1) == 1) {
            if (byte == SIGHUP)
                Q_EMIT reloadRequested();
            else
                Q_EMIT stopRequested(byte == SIGINT ? QStringLiteral("SIGINT")
                                                    : QStringLiteral("SIGTERM"));
        }
    });
    struct sigaction sa {};
    sa.sa_handler = onServiceSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (int sig : {SIGTERM, SIGINT, SIGHUP})
        ::sigaction(sig, &sa, nullptr);
}

ServiceSignals::~ServiceSignals() {
    struct sigaction sa {};
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGTERM, SIGINT, SIGHUP})
        ::sigaction(sig, &sa, nullptr);
    for (int &fd : g_pipe) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
}

bool installJournalLogging() {
    if (qEnvironmentVariableIsEmpty("JOURNAL_STREAM"))
        return false;
    qInstallMessageHandler(journalLine);
    // The service's log is what the operator reads: the engine at info and above, unless the
    // unit asks for something else with QT_LOGGING_RULES.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("chaingate.*=true\n*.debug=false"));
    return true;
}

Result<Unit> saveServiceState(ExecutionStore &store, const std::string &dispatcherId,
                              const QJsonObject &state) {
    return store.kept().setValue(kServiceStatePrefix + dispatcherId,
                                 QJsonDocument(state).toJson(QJsonDocument::Compact).toStdString());
}

Result<std::vector<QJsonObject>> loadServiceStates(ExecutionStore &store) {
    if (auto r = store.ready(QStringLiteral("The service state was not read")); !r)
        return r.error();
    QSqlQuery q(store.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT value FROM engine_state WHERE key LIKE ? ORDER BY key"));
    q.addBindValue(QString(QString::fromLatin1(kServiceStatePrefix) + QLatin1Char('%')));
    if (!q.exec())
        return store.afterFailure(
            store.statementFailed(QStringLiteral("The service state was not read"), q.lastError()));
    std::vector<QJsonObject> states;
    while (q.next()) {
        const QJsonDocument doc = QJsonDocument::fromJson(q.value(0).toString().toUtf8());
        if (doc.isObject())
            states.push_back(doc.object());
    }
    return states;
}

ServiceReporter::ServiceReporter(ExecutionStore &store, Dispatcher &dispatcher,
                                 AutoDispatcher &timer, std::string dispatcherId,
                                 const GlobalOptions &options)
    : m_store(store)
    , m_dispatcher(dispatcher)
    , m_timer(timer)
    , m_id(std::move(dispatcherId))
    , m_configFile(options.configFile.isEmpty() ? config::defaultConfigPath()
                                                : options.configFile) {
    m_state = QJsonObject{
        {QStringLiteral("dispatcher_id"), QString::fromStdString(m_id)},
        {QStringLiteral("host"), QSysInfo::machineHostName()},
        {QStringLiteral("pid"), QCoreApplication::applicationPid()},
        {QStringLiteral("started_at"), nowText()},
        {QStringLiteral("settings_file"), m_configFile},
        {QStringLiteral("settings_loaded_at"), nowText()},
        {QStringLiteral("under_systemd"), !qEnvironmentVariableIsEmpty("INVOCATION_ID")},
    };
    // Orders in flight change between cycles: fills and cancels arrive on their own.
    QObject::connect(&dispatcher.tracker(), &OrderTracker::orderUpdated, &timer,
                     [this] { save(); });
}

void ServiceReporter::started() {
    m_state[QStringLiteral("state")] = QStringLiteral("running");
    qCInfo(lcService).noquote() << "dispatching pending signals every"
                                << m_timer.interval().count() / 1000 << "s from"
                                << m_store.displayUrl()
                                << QStringLiteral("(settings %1)").arg(m_configFile);
    save();
}

void ServiceReporter::cycleFinished(const RunSummary &run) {
    ++m_cycles;
    m_state[QStringLiteral("cycles")] = m_cycles;
    m_state[QStringLiteral("last_cycle")] =
        QJsonObject{{QStringLiteral("at"), nowText()},
                    {QStringLiteral("dispatched"), run.dispatched},
                    {QStringLiteral("failed"), run.failed},
                    {QStringLiteral("error"), QString::fromStdString(run.error)}};
    save();
}

void ServiceReporter::stopping(const QString &signalName) {
    const int inFlight = m_dispatcher.tracker().pendingCount();
    qCInfo(lcService).noquote()
        << signalName << "received:"
        << (m_timer.isRunning() ? "finishing the signal in flight, then stopping" : "stopping")
        << QStringLiteral("(%1 orders awaiting a final status)").arg(inFlight);
    m_state[QStringLiteral("state")] = QStringLiteral("stopping");
    save();
}

void ServiceReporter::stopped() {
    m_state[QStringLiteral("state")] = QStringLiteral("stopped");
    m_state[QStringLiteral("stopped_at")] = nowText();
    save();
    qCInfo(lcService).noquote() << "stopped after" << m_cycles << "cycles;"
                                << m_dispatcher.tracker().pendingCount()
                                << "orders still awaiting a final status (reconciled at the next "
                                   "start)";
}

void ServiceReporter::reloadSettings(const DispatcherSettings &current, bool keepOrderType) {
    // The window's file when no --config was given (absent: the defaults, as at the start).
    auto loaded =
        config::loadFile(m_configFile == config::defaultConfigPath() ? QString() : m_configFile);
    if (!loaded) {
        qCWarning(lcService).noquote() << "SIGHUP: the settings stay as they are:"
                                       << QString::fromStdString(loaded.error().message);
        m_state[QStringLiteral("settings_error")] = QString::fromStdString(loaded.error().message);
        save();
        return;
    }
    DispatcherSettings next = loaded->dispatcher;
    // A re-read can turn live trading off, never on: on needs --live at the start too.
    next.liveTradingEnabled = next.liveTradingEnabled && current.liveTradingEnabled;
    next.timerIntervalSec = current.timerIntervalSec;
    if (keepOrderType)
        next.orderType = current.orderType;
    m_dispatcher.setSettings(next);
    m_state[QStringLiteral("settings_loaded_at")] = nowText();
    m_state.remove(QStringLiteral("settings_error"));
    qCInfo(lcService).noquote() << "SIGHUP: settings re-read from" << m_configFile
                                << QStringLiteral("(max orders per day %1, max contracts per "
                                                  "order %2)")
                                       .arg(next.risk.maxOrdersPerDay)
                                       .arg(next.risk.maxContractsPerOrder);
    save();
}

void ServiceReporter::save() {
    const DispatcherSettings &s = m_dispatcher.settings();
    m_state[QStringLiteral("updated_at")] = nowText();
    m_state[QStringLiteral("interval_s")] = static_cast<qint64>(m_timer.interval().count() / 1000);
    m_state[QStringLiteral("run_in_flight")] = m_timer.isRunning();
    m_state[QStringLiteral("orders_in_flight")] = m_dispatcher.tracker().pendingCount();
    m_state[QStringLiteral("kill_switch")] =
        QJsonObject{{QStringLiteral("engaged"), m_dispatcher.killSwitch().engaged()},
                    {QStringLiteral("reason"), m_dispatcher.killSwitch().reason()}};
    m_state[QStringLiteral("max_orders_per_day")] = s.risk.maxOrdersPerDay;
    m_state[QStringLiteral("max_contracts_per_order")] = s.risk.maxContractsPerOrder;
    if (auto r = saveServiceState(m_store, m_id, m_state); !r)
        qCWarning(lcService).noquote()
            << "service state not saved:" << QString::fromStdString(r.error().message);
}

} // namespace cg::cli
