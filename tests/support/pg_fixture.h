#pragma once
// A throw-away PostgreSQL server for tests and benchmarks: initdb + pg_ctl in a temporary folder,
// listening on a free loopback port with its unix socket inside that folder, password login over
// TCP (so the URL's password is really used). Stopped and deleted by the destructor.
// As root (CI), the server runs as the postgres user via runuser, since initdb refuses root.

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace cg::test {

class PgFixture {
public:
    struct Options {
        bool durable = false; // fsync and synchronous commit on (benchmarks); off for tests
    };

    PgFixture() = default;
    ~PgFixture();
    PgFixture(const PgFixture &) = delete;
    PgFixture &operator=(const PgFixture &) = delete;

    // Where initdb and pg_ctl live: $CHAINGATE_PG_BIN, /usr/lib/postgresql/15/bin, or the newest
    // /usr/lib/postgresql/*/bin. Empty when none is installed.
    static QString binDir();
    // CHAINGATE_SKIP_PG=1: the only way a PostgreSQL test may skip instead of failing.
    static bool skipRequested();
    // The message a test fails (or skips) with when binDir() is empty.
    static QString missingMessage();

    // initdb + start. Empty string on success, otherwise what went wrong (with the server log).
    QString start(Options options);
    QString start() { return start(Options{}); }
    // pg_ctl stop -m fast / start again on the same port and data: an outage and its end.
    QString stopServer();
    QString startServer();
    void shutdown();
    bool isRunning() const { return m_running; }
    // SIGSTOP / SIGCONT to the server and its backends: a network partition as a client sees it
    // (connections stay open, nothing answers). Empty string on success.
    QString pauseServer();
    QString resumeServer();

    // A new empty database and its URL (postgresql://chaingate:PASSWORD@127.0.0.1:PORT/NAME).
    QString createDatabase(QString *error = nullptr);
    QString url(const QString &database) const;
    int port() const { return m_port; }
    QString password() const { return m_password; }
    QString serverLog() const;

private:
    QString run(const QStringList &command, int timeoutMs = 120000);
    QString pgCtlStart();
    QString signalServer(int sig);

    std::unique_ptr<QTemporaryDir> m_dir;
    Options m_options;
    QString m_bin;
    QString m_password;
    int m_port = 0;
    bool m_running = false;
    int m_databases = 0;
};

// Whether this run of a suite built for both back ends is the PostgreSQL one: CTest runs the
// same program twice, once with CG_TEST_DATABASE=postgresql (tests/CMakeLists.txt,
// chaingate_add_test_run).
inline bool onPostgreSQL() {
    return qEnvironmentVariable("CG_TEST_DATABASE") == QLatin1String("postgresql");
}

} // namespace cg::test

// In a QTest slot: fails loudly when PostgreSQL is missing, unless CHAINGATE_SKIP_PG=1 is set.
#define CG_REQUIRE_POSTGRESQL()                                                                    \
    do {                                                                                           \
        if (cg::test::PgFixture::binDir().isEmpty()) {                                             \
            if (cg::test::PgFixture::skipRequested())                                              \
                QSKIP("CHAINGATE_SKIP_PG=1: PostgreSQL tests skipped on request");                 \
            QFAIL(qPrintable(cg::test::PgFixture::missingMessage()));                              \
        }                                                                                          \
    } while (false)
