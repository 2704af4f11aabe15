#pragma once
// chaingate-cli as separate processes, the way an operator runs it: the fake Alpaca server
// (`demo-server`) and dispatchers (`dispatch --every N`), each with a clean environment (no keys,
// so the loopback endpoints mean DEMO) and folders of its own. Header only: the soak test and the
// latency benchmark share it.

#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace cg::test {

// The environment for one chaingate-cli process whose home is `home` (created).
inline QProcessEnvironment cliEnvironment(const QString &home) {
    QDir().mkpath(home);
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"APCA_API_KEY_ID", "APCA_API_SECRET_KEY", "APCA_API_BASE_URL",
                             "APCA_API_DATA_URL", "CHAINGATE_DB", "CHAINGATE_CRASH_AT"})
        e.remove(QLatin1String(name));
    e.insert(QStringLiteral("HOME"), home);
    e.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    e.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    return e;
}

// Starts `chaingate-cli demo-server --port 0 [extra]` in `process`; its http://127.0.0.1:PORT, or
// an empty string (and `error`) when it did not come up.
inline QString startDemoServer(QProcess &process, const QString &cli, const QString &home,
                               const QStringList &extra = {}, QString *error = nullptr) {
    process.setProcessEnvironment(cliEnvironment(home));
    process.start(cli, QStringList{QStringLiteral("demo-server"), QStringLiteral("--port"),
                                   QStringLiteral("0")} +
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

// `--trading-url URL --data-url URL --db DB`
inline QStringList cliEndpoints(const QString &url, const QString &db) {
    return {QStringLiteral("--trading-url"), url, QStringLiteral("--data-url"), url,
            QStringLiteral("--db"),          db};
}

} // namespace cg::test
