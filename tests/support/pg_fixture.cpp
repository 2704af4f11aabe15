#include "support/pg_fixture.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QUrl>

#include <algorithm>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cg::test {

namespace {

std::atomic<int> g_adminConnections{0};

bool isRoot() {
    return ::geteuid() == 0;
}

int freeLoopbackPort() {
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

// Gives the folder tree to the postgres user (initdb and the server must own their files).
bool chownToPostgres(const QString &path) {
    const passwd *pw = ::getpwnam("postgres");
    if (!pw)
        return false;
    return ::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) == 0;
}

} // namespace

PgFixture::~PgFixture() {
    shutdown();
}

QString PgFixture::binDir() {
    const QString fromEnv = qEnvironmentVariable("CHAINGATE_PG_BIN");
    if (!fromEnv.isEmpty())
        return QFile::exists(fromEnv + QStringLiteral("/pg_ctl")) ? fromEnv : QString();
    const QString preferred = QStringLiteral("/usr/lib/postgresql/15/bin");
    if (QFile::exists(preferred + QStringLiteral("/pg_ctl")))
        return preferred;
    QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
              [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
    for (const QString &v : versions) {
        const QString bin = root.filePath(v + QStringLiteral("/bin"));
        if (QFile::exists(bin + QStringLiteral("/pg_ctl")))
            return bin;
    }
    return {};
}

bool PgFixture::skipRequested() {
    return qEnvironmentVariable("CHAINGATE_SKIP_PG") == "1";
}

QString PgFixture::missingMessage() {
    return QStringLiteral(
        "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/15/bin: "
        "install the 'postgresql' package (scripts/deps.sh does), or set CHAINGATE_SKIP_PG=1 to "
        "skip the PostgreSQL tests on purpose");
}

QString PgFixture::run(const QStringList &command, int timeoutMs) {
    QStringList argv = command;
    QString program = argv.takeFirst();
    if (isRoot()) {
        argv.prepend(program);
        argv = QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--")} +
               argv;
        program = QStringLiteral("runuser");
    }
    QProcess p;
    p.setWorkingDirectory(m_dir->path());
    p.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    env.remove(QStringLiteral("PGPASSWORD"));
    p.setProcessEnvironment(env);
    p.start(program, argv);
    if (!p.waitForStarted(30000))
        return QStringLiteral("could not run %1: %2").arg(program, p.errorString());
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        return QStringLiteral("%1 did not finish in %2 s")
            .arg(command.first())
            .arg(timeoutMs / 1000);
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("%1 failed (exit %2): %3")
            .arg(command.first())
            .arg(p.exitCode())
            .arg(QString::fromLocal8Bit(p.readAll()).trimmed());
    return {};
}

QString PgFixture::serverLog() const {
    if (!m_dir)
        return {};
    QFile f(m_dir->filePath(QStringLiteral("server.log")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray all = f.readAll();
    return QString::fromLocal8Bit(all.right(4000));
}

QString PgFixture::start(Options options) {
    shutdown();
    m_options = options;
    m_bin = binDir();
    if (m_bin.isEmpty())
        return missingMessage();
    if (isRoot() && !::getpwnam("postgres"))
        return QStringLiteral("running as root but there is no 'postgres' user to run the "
                              "server as (install the postgresql package)");

    // As root, /tmp rather than $TMPDIR: the postgres user must be able to reach the folder.
    const QString base = isRoot() ? QStringLiteral("/tmp") : QDir::tempPath();
    m_dir = std::make_unique<QTemporaryDir>(base + QStringLiteral("/chaingate-pg-XXXXXX"));
    if (!m_dir->isValid())
        return QStringLiteral("could not create a temporary folder: ") + m_dir->errorString();
    m_password = QStringLiteral("pw-%1'\"x")
                     .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    QFile pwfile(m_dir->filePath(QStringLiteral("pwfile")));
    if (!pwfile.open(QIODevice::WriteOnly) || pwfile.write(m_password.toUtf8() + "\n") < 0)
        return QStringLiteral("could not write the password file");
    pwfile.close();
    if (isRoot() && (!chownToPostgres(m_dir->path()) || !chownToPostgres(pwfile.fileName())))
        return QStringLiteral("could not give the temporary folder to the postgres user");

    const QString data = m_dir->filePath(QStringLiteral("data"));
    if (QString err = run(
            {m_bin + QStringLiteral("/initdb"), QStringLiteral("-D"), data, QStringLiteral("-U"),
             QStringLiteral("chaingate"), QStringLiteral("--pwfile=") + pwfile.fileName(),
             QStringLiteral("--auth-local=trust"), QStringLiteral("--auth-host=scram-sha-256"),
             QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C"),
             QStringLiteral("--no-sync")});
        !err.isEmpty())
        return err;
    QFile::remove(pwfile.fileName());

    QString err;
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = freeLoopbackPort();
        if (m_port == 0)
            return QStringLiteral("no free loopback port");
        err = pgCtlStart();
        if (err.isEmpty())
            return {};
    }
    return err;
}

QString PgFixture::pgCtlStart() {
    QString serverOptions = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 "
                                           "-c max_connections=40 -c shared_buffers=16MB")
                                .arg(m_port)
                                .arg(m_dir->path());
    if (!m_options.durable)
        serverOptions += QStringLiteral(" -c fsync=off -c synchronous_commit=off "
                                        "-c full_page_writes=off");
    const QString err = run({m_bin + QStringLiteral("/pg_ctl"), QStringLiteral("-D"),
                             m_dir->filePath(QStringLiteral("data")), QStringLiteral("-l"),
                             m_dir->filePath(QStringLiteral("server.log")), QStringLiteral("-w"),
                             QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"),
                             serverOptions, QStringLiteral("start")});
    if (!err.isEmpty())
        return err + QStringLiteral("\nserver log:\n") + serverLog();
    m_running = true;
    return {};
}

QString PgFixture::stopServer() {
    if (!m_running)
        return {};
    const QString err = run({m_bin + QStringLiteral("/pg_ctl"), QStringLiteral("-D"),
                             m_dir->filePath(QStringLiteral("data")), QStringLiteral("-m"),
                             QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop")});
    if (err.isEmpty())
        m_running = false;
    return err;
}

QString PgFixture::startServer() {
    if (m_running)
        return {};
    if (!m_dir)
        return QStringLiteral("the PostgreSQL fixture was never started");
    return pgCtlStart();
}

void PgFixture::shutdown() {
    if (m_running && m_dir) {
        run({m_bin + QStringLiteral("/pg_ctl"), QStringLiteral("-D"),
             m_dir->filePath(QStringLiteral("data")), QStringLiteral("-m"),
             QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")});
        m_running = false;
    }
    m_dir.reset(); // deletes the cluster
}

// The postmaster (first line of postmaster.pid) and its children (from /proc), signalled.
QString PgFixture::signalServer(int sig) {
    if (!m_running || !m_dir)
        return QStringLiteral("the PostgreSQL fixture is not running");
    QFile pidFile(m_dir->filePath(QStringLiteral("data/postmaster.pid")));
    if (!pidFile.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read postmaster.pid: ") + pidFile.errorString();
    const qint64 postmaster = QString::fromUtf8(pidFile.readLine()).trimmed().toLongLong();
    if (postmaster <= 0)
        return QStringLiteral("postmaster.pid names no process");
    QList<qint64> pids{postmaster};
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &e : entries) {
        bool isPid = false;
        const qint64 pid = e.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
        const QString line = QString::fromUtf8(stat.readAll());
        const QStringList rest =
            line.mid(line.lastIndexOf(QLatin1Char(')')) + 2).split(QLatin1Char(' '));
        if (rest.size() > 1 && rest[1].toLongLong() == postmaster)
            pids << pid;
    }
    for (qint64 pid : pids) {
        if (::kill(pid_t(pid), sig) != 0 && errno != ESRCH)
            return QStringLiteral("kill(%1): %2")
                .arg(pid)
                .arg(QString::fromLocal8Bit(strerror(errno)));
    }
    return {};
}

QString PgFixture::pauseServer() {
    return signalServer(SIGSTOP);
}

QString PgFixture::resumeServer() {
    return signalServer(SIGCONT);
}

QString PgFixture::url(const QString &database) const {
    return QStringLiteral("postgresql://chaingate:%1@127.0.0.1:%2/%3")
        .arg(QString::fromUtf8(QUrl::toPercentEncoding(m_password)))
        .arg(m_port)
        .arg(database);
}

QString PgFixture::createDatabase(QString *error) {
    const QString name = QStringLiteral("cg_test_%1").arg(++m_databases);
    const QString connection = QStringLiteral("cg_pg_admin_%1").arg(++g_adminConnections);
    QString err;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(QStringLiteral("chaingate"));
        db.setPassword(m_password);
        db.setDatabaseName(QStringLiteral("postgres"));
        db.setConnectOptions(QStringLiteral("connect_timeout=10"));
        if (!db.open()) {
            err = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("CREATE DATABASE ") + name))
                err = q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (!err.isEmpty()) {
        if (error)
            *error = QStringLiteral("could not create a test database: ") + err;
        return {};
    }
    return url(name);
}

} // namespace cg::test
