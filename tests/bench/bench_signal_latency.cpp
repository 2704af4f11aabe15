// Insert-to-order latency of a signal written by an outside engine (issue 20): a plain SQL
// INSERT into dispatch_recommendations, one at a time, and the time until the dispatcher
// (`chaingate-cli dispatch --every N`, its own process) has recorded the fake server's order id
// for it. PostgreSQL with LISTEN/NOTIFY and an hour-long timer (only the notification can wake
// it), then, for comparison, SQLite with a 1 s timer (the fallback, polling). The fake Alpaca
// server runs as `chaingate-cli demo-server`. Prints median, p99 and max.
//
//   bench_signal_latency [--signals N] [--fallback-signals M]

#include "storage/execution_store.h"
#include "support/cli_processes.h"
#include "support/pg_fixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace cg;

namespace {

QString loadAverage() {
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("?");
    return QString::fromLatin1(f.readAll()).section(QLatin1Char(' '), 0, 2);
}

double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

QSqlDatabase rawConnection(const QString &url, const QString &name) {
    QSqlDatabase db;
    if (url.startsWith(QLatin1String("sqlite:"))) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(url.mid(7));
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=15000"));
    } else {
        const QUrl u(url);
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(u.host());
        db.setPort(u.port());
        db.setUserName(u.userName());
        db.setPassword(u.password(QUrl::FullyDecoded));
        db.setDatabaseName(u.path().mid(1));
    }
    db.open();
    return db;
}

struct Phase {
    QString name;
    QString db;
    int everySeconds = 1;
    int signals = 0;
};

// Latencies in ms of `phase.signals` signals, one at a time (3 warm-up signals first).
std::vector<double> measure(const Phase &phase, const QString &serverUrl, const QString &home,
                            const QString &config, int *failures) {
    {
        ExecutionStore store; // the schema, before the engine inserts
        store.setOutboxPath(home + QStringLiteral("/outbox.db"));
        if (auto r = store.open(phase.db); !r) {
            std::fprintf(stderr, "store: %s\n", r.error().message.c_str());
            return {};
        }
    }
    QProcess dispatcher;
    dispatcher.setProcessEnvironment(test::cliEnvironment(home + QStringLiteral("/dispatcher")));
    dispatcher.setStandardOutputFile(home + QStringLiteral("/dispatcher-%1.out").arg(phase.name));
    dispatcher.setStandardErrorFile(home + QStringLiteral("/dispatcher-%1.err").arg(phase.name));
    dispatcher.start(QStringLiteral(CHAINGATE_CLI),
                     QStringList{QStringLiteral("dispatch"), QStringLiteral("--every"),
                                 QString::number(phase.everySeconds), QStringLiteral("--wait"),
                                 QStringLiteral("0"), QStringLiteral("--config"), config} +
                         test::cliEndpoints(serverUrl, phase.db));
    dispatcher.waitForStarted(10000);

    QSqlDatabase db = rawConnection(phase.db, QStringLiteral("engine_") + phase.name);
    std::vector<double> ms;
    for (int i = 0; i < phase.signals + 3; ++i) {
        QElapsedTimer t;
        t.start();
        QSqlQuery insert(db);
        if (!insert.exec(QStringLiteral("INSERT INTO dispatch_recommendations (symbol, action, "
                                        "source) VALUES ('AAPL', 'BUY', 'bench') RETURNING id")) ||
            !insert.next()) {
            std::fprintf(stderr, "insert: %s\n", qPrintable(insert.lastError().text()));
            ++*failures;
            continue;
        }
        const qlonglong id = insert.value(0).toLongLong();
        insert.finish(); // SQLite: an unfinished RETURNING statement keeps the write lock
        bool ordered = false;
        // Generous for the first (the dispatcher is still starting), then 30 s.
        const qint64 limit = i == 0 ? 120000 : 30000;
        while (t.elapsed() < limit) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT COUNT(*) FROM dispatcher_execution WHERE signal_id = "
                                  "%1 AND order_id IS NOT NULL AND order_id <> ''")
                       .arg(id));
            if (q.next() && q.value(0).toInt() > 0) {
                ordered = true;
                break;
            }
            QThread::usleep(500);
        }
        const double elapsed = static_cast<double>(t.nsecsElapsed()) / 1e6;
        if (!ordered)
            ++*failures;
        else if (i >= 3)
            ms.push_back(elapsed);
    }
    dispatcher.terminate();
    if (!dispatcher.waitForFinished(15000))
        dispatcher.kill();
    return ms;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    int pgSignals = 200;
    int fallbackSignals = 20;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--signals"))
            pgSignals = args.at(i + 1).toInt();
        else if (args.at(i) == QLatin1String("--fallback-signals"))
            fallbackSignals = args.at(i + 1).toInt();
    }
    QTemporaryDir dir;
    const QString home = dir.path();
    const QString config = home + QStringLiteral("/bench.ini");
    {
        QFile f(config);
        f.open(QIODevice::WriteOnly);
        // One share of AAPL per signal, no daily limits: every signal becomes an order.
        f.write("[risk]\nmax_orders_per_day=0\nmax_daily_loss=0\n"
                "[strategy_day_trade]\nrisk_pct=0.3\n");
    }
    test::PgFixture pg;
    if (test::PgFixture::binDir().isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(test::PgFixture::missingMessage()));
        return 1;
    }
    if (const QString err = pg.start(); !err.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(err));
        return 1;
    }
    QProcess server;
    QString err;
    const QString url =
        test::startDemoServer(server, QStringLiteral(CHAINGATE_CLI), home + "/server", {}, &err);
    if (url.isEmpty()) {
        std::fprintf(stderr, "demo-server: %s\n", qPrintable(err));
        return 1;
    }
    std::printf("insert-to-order latency: outside INSERT -> the fake server's order id recorded "
                "(load average %s at start)\n",
                qPrintable(loadAverage()));
    const std::vector<Phase> phases = {
        {QStringLiteral("postgresql-listen"), pg.createDatabase(), 3600, pgSignals},
        {QStringLiteral("sqlite-timer-1s"),
         QStringLiteral("sqlite:") + home + QStringLiteral("/fallback.db"), 1, fallbackSignals},
    };
    for (const Phase &phase : phases) {
        if (phase.signals <= 0)
            continue;
        int failures = 0;
        const std::vector<double> ms = measure(phase, url, home, config, &failures);
        std::printf("  %-18s %4zu signals: median %7.1f ms, p99 %7.1f ms, max %7.1f ms, "
                    "%d without an order (load average %s)\n",
                    qPrintable(phase.name), ms.size(), percentile(ms, 0.5), percentile(ms, 0.99),
                    ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()), failures,
                    qPrintable(loadAverage()));
        std::fflush(stdout);
    }
    server.terminate();
    server.waitForFinished(10000);
    return 0;
}
