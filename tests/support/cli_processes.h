#pragma once
// chaingate-cli as separate processes, the way an operator runs it: the fake Alpaca server
// (`demo-server`) and dispatchers (`dispatch --once`, `dispatch --every N`), each with a clean
// environment (no keys, so the loopback endpoints mean DEMO) and folders of its own. Header only:
// the end-to-end tests, the soak test and the latency benchmark share it.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileDevice>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <csignal>
#include <sys/types.h>

namespace cg::test {

// The environment for one chaingate-cli process whose home is `home` (created).
inline QProcessEnvironment cliEnvironment(const QString &home) {
    QDir().mkpath(home);
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    // Nothing of the caller's own run leaks in: keys, database, crash and term hooks, systemd.
    // The session bus too (its address, and the runtime folder GLib finds it in without one):
    // through it the OS keychain would hand the CLI the keys the developer's window stored.
    for (const char *name :
         {"APCA_API_KEY_ID", "APCA_API_SECRET_KEY", "APCA_API_BASE_URL", "APCA_API_DATA_URL",
          "CHAINGATE_DB", "CHAINGATE_CRASH_AT", "CHAINGATE_TERM_AT", "JOURNAL_STREAM",
          "QT_LOGGING_RULES", "INVOCATION_ID", "DBUS_SESSION_BUS_ADDRESS"})
        e.remove(QLatin1String(name));
    e.insert(QStringLiteral("HOME"), home);
    QDir().mkpath(home + QStringLiteral("/run"));
    QFile::setPermissions(home + QStringLiteral("/run"),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    e.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + QStringLiteral("/run"));
    e.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    e.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    return e;
}

// The instant the DEMO market of these tests starts at, and the one the dispatchers judge by: an
// hour of a regular session (a Wednesday, 11:00 New York), so what the gates pass does not depend
// on when the suite runs. On the real clock, a run in the minute after 9:30 found every option
// without volume (a new session's) and a wide spread, and sent no order.
inline const QString kDemoInstant = QStringLiteral("2026-12-02T11:00");

// Starts `chaingate-cli demo-server --port 0 --as-of kDemoInstant [extra]` in `process`; its
// http://127.0.0.1:PORT, or an empty string (and `error`) when it did not come up.
inline QString startDemoServer(QProcess &process, const QString &cli, const QString &home,
                               const QStringList &extra = {}, QString *error = nullptr) {
    process.setProcessEnvironment(cliEnvironment(home));
    process.start(cli, QStringList{QStringLiteral("demo-server"), QStringLiteral("--port"),
                                   QStringLiteral("0"), QStringLiteral("--as-of"), kDemoInstant} +
                           extra);
    if (!process.waitForStarted(10000)) {
        if (error)
            *error = QStringLiteral("demo-server did not start");
        return {};
    }
    QByteArray out;
    for (int i = 0; i < 600 && !out.contains('\n') && process.state() == QProcess::Running; ++i) {
        process.waitForReadyRead(100);
        out += process.readAllStandardOutput();
    }
    const auto m = QRegularExpression(QStringLiteral("(http://127\\.0\\.0\\.1:\\d+)"))
                       .match(QString::fromUtf8(out));
    if (!m.hasMatch()) {
        if (error)
            *error = QString::fromUtf8(process.readAllStandardError());
        return {};
    }
    return m.captured(1);
}

// `--trading-url URL --data-url URL --db DB --as-of kDemoInstant`: the DEMO market's instant (its
// quotes are a few seconds later, so never stale).
inline QStringList cliEndpoints(const QString &url, const QString &db) {
    return {QStringLiteral("--trading-url"), url, QStringLiteral("--data-url"), url,
            QStringLiteral("--db"),          db,  QStringLiteral("--as-of"),    kDemoInstant};
}

// One chaingate-cli run to its end, as its caller saw it.
struct CliRun {
    bool killed = false; // died of a signal (SIGKILL by a crash hook or the caller)
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Waits up to a minute for `p` to end; kills it when it does not.
inline void finishProcess(QProcess &p) {
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
    }
}

// Runs `cli args` with `env` to its end; SIGKILLed after `killAfterMs` when that is >= 0.
inline CliRun runCli(const QString &cli, const QStringList &args, const QProcessEnvironment &env,
                     int killAfterMs = -1) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(cli, args);
    if (!p.waitForStarted(10000))
        return {};
    if (killAfterMs >= 0 && !p.waitForFinished(killAfterMs))
        ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
    finishProcess(p);
    CliRun r;
    r.killed = p.exitStatus() == QProcess::CrashExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// Ends a long-running process (demo-server, a service) with SIGTERM, then SIGKILL.
inline void stopProcess(QProcess &p) {
    p.terminate();
    if (!p.waitForFinished(10000))
        p.kill();
}

} // namespace cg::test
