// chaingate-cli status: what the dispatch services on this database are doing (each one's state,
// last cycle and orders in flight, kept by `dispatch --every`), the signals waiting and the kill
// switch, all read from the database, so it answers for a service run by systemd as another user.

#include "cli/dispatch_service.h"
#include "cli/global_options.h"
#include "cli/output.h"
#include "dispatch/dispatch_state.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

#include <cerrno>
#include <csignal>
#include <sys/types.h>

namespace cg::cli {

namespace {

constexpr const char *kStatusUsage = "status [--json]";

// A service of this host whose process is gone is reported as such (its state stays "running"
// when it was killed -9).
QString liveness(const QJsonObject &s) {
    if (s.value(QStringLiteral("state")).toString() == QLatin1String("stopped"))
        return QStringLiteral("stopped");
    if (s.value(QStringLiteral("host")).toString() != QSysInfo::machineHostName())
        return QStringLiteral("unknown (another host)");
    const auto pid = static_cast<pid_t>(s.value(QStringLiteral("pid")).toInteger());
    if (pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM))
        return QStringLiteral("alive");
    return QStringLiteral("gone");
}

Result<int> pendingSignals(ExecutionStore &store) {
    if (auto r = store.ready(QStringLiteral("The signals were not counted")); !r)
        return r.error();
    QSqlQuery q(store.database());
    if (!q.exec(QStringLiteral(
            "SELECT COUNT(*) FROM dispatch_recommendations WHERE status = 'PENDING'")) ||
        !q.next())
        return store.afterFailure(
            store.statementFailed(QStringLiteral("The signals were not counted"), q.lastError()));
    return q.value(0).toInt();
}

QString serviceText(const QJsonObject &s) {
    QStringList lines;
    lines << QStringLiteral("service %1: %2 (%3), every %4 s since %5")
                 .arg(s.value(QStringLiteral("dispatcher_id")).toString(),
                      s.value(QStringLiteral("state")).toString(),
                      s.value(QStringLiteral("process")).toString())
                 .arg(s.value(QStringLiteral("interval_s")).toInteger())
                 .arg(s.value(QStringLiteral("started_at")).toString());
    const QJsonObject last = s.value(QStringLiteral("last_cycle")).toObject();
    if (last.isEmpty()) {
        lines << QStringLiteral("  last cycle: none yet");
    } else {
        const QString error = last.value(QStringLiteral("error")).toString();
        lines << QStringLiteral("  last cycle: %1, %2 dispatched, %3 failed%4")
                     .arg(last.value(QStringLiteral("at")).toString())
                     .arg(last.value(QStringLiteral("dispatched")).toInt())
                     .arg(last.value(QStringLiteral("failed")).toInt())
                     .arg(error.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(error));
    }
    lines << QStringLiteral("  orders in flight: %1%2")
                 .arg(s.value(QStringLiteral("orders_in_flight")).toInt())
                 .arg(s.value(QStringLiteral("run_in_flight")).toBool()
                          ? QStringLiteral(", a run in progress")
                          : QString());
    const QString file = s.value(QStringLiteral("settings_file")).toString();
    lines << QStringLiteral("  settings: %1, loaded %2%3")
                 .arg(file.isEmpty() ? QStringLiteral("defaults") : file,
                      s.value(QStringLiteral("settings_loaded_at")).toString(),
                      s.contains(QStringLiteral("settings_error"))
                          ? QStringLiteral(" (re-read failed: %1)")
                                .arg(s.value(QStringLiteral("settings_error")).toString())
                          : QString());
    lines << QStringLiteral("  updated %1").arg(s.value(QStringLiteral("updated_at")).toString());
    return lines.join(QLatin1Char('\n'));
}

} // namespace

int runStatus(const QStringList &args) {
    QCommandLineParser parser;
    auto prologue = commandPrologue(parser, args, kStatusUsage);
    if (const int *exitCode = std::get_if<int>(&prologue))
        return *exitCode;
    const CommandLine &cl = std::get<CommandLine>(prologue);
    auto store = openStore(cl.global);
    if (!store)
        return fail(QString::fromStdString(store.error().message));
    ExecutionStore &db = **store;

    auto services = loadServiceStates(db);
    if (!services)
        return fail(QString::fromStdString(services.error().message));
    auto pending = pendingSignals(db);
    if (!pending)
        return fail(QString::fromStdString(pending.error().message));
    auto kill = db.kept().value(kKillSwitchStateKey);
    if (!kill)
        return fail(QString::fromStdString(kill.error().message));
    // "on: <reason>" or "off" (dispatch/kill_switch.cpp); never set: off.
    const QString killValue = kill->has_value() ? QString::fromStdString(**kill) : QString();
    const bool engaged = killValue.startsWith(QLatin1String("on"));
    const QString reason = engaged ? killValue.mid(3).trimmed() : QString();

    QJsonArray serviceArray;
    int ordersInFlight = 0;
    for (QJsonObject s : *services) {
        s[QStringLiteral("process")] = liveness(s);
        if (s.value(QStringLiteral("process")).toString() != QLatin1String("stopped"))
            ordersInFlight += s.value(QStringLiteral("orders_in_flight")).toInt();
        serviceArray.append(s);
    }

    // An outbox that cannot be read is said so: never a 0 that hides records waiting in it.
    const Result<int> outbox = db.outboxSize();
    const QString outboxError = outbox ? QString() : QString::fromStdString(outbox.error().message);
    if (cl.global.json) {
        printJson(QJsonDocument(QJsonObject{
            {QStringLiteral("database"), db.displayUrl()},
            {QStringLiteral("database_health"), db.health() == StoreHealth::Connected
                                                    ? QStringLiteral("connected")
                                                    : db.healthMessage()},
            {QStringLiteral("pending_signals"), *pending},
            {QStringLiteral("kill_switch"),
             QJsonObject{{QStringLiteral("engaged"), engaged}, {QStringLiteral("reason"), reason}}},
            {QStringLiteral("orders_in_flight"), ordersInFlight},
            {QStringLiteral("outbox"), outbox ? QJsonValue(*outbox) : QJsonValue()},
            {QStringLiteral("outbox_error"), outbox ? QJsonValue() : QJsonValue(outboxError)},
            {QStringLiteral("services"), serviceArray},
        }));
        return 0;
    }
    QStringList lines;
    lines << QStringLiteral("database: %1 %2").arg(db.backendName(), db.displayUrl());
    lines << QStringLiteral("kill switch: %1")
                 .arg(engaged ? QStringLiteral("ON (%1)").arg(reason) : QStringLiteral("off"));
    lines << QStringLiteral("pending signals: %1").arg(*pending);
    lines << QStringLiteral("orders in flight: %1").arg(ordersInFlight);
    if (!outbox)
        lines << QStringLiteral("outbox: %1").arg(outboxError);
    else if (*outbox > 0)
        lines << QStringLiteral("outbox: %1 records waiting").arg(*outbox);
    if (serviceArray.isEmpty())
        lines << QStringLiteral("no dispatch service has run on this database");
    for (const QJsonValue &s : serviceArray)
        lines << serviceText(s.toObject());
    printText(lines.join(QLatin1Char('\n')));
    return 0;
}

} // namespace cg::cli
