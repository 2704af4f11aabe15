// A whole chaingate-cli session with recognisable fake keys (demo-server accepting them, then
// chain, account, orders, signal add, dispatch --once, executions) under a throw-away HOME and
// XDG dirs, every log category at debug; then every byte the session left behind (stdout,
// stderr, the database and its WAL, settings, caches, crash output) is searched for the key and
// the secret. Also: a non-loopback http:// trading URL is refused before any request.

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

// Distinctive, so that a hit can only be a leak of these values.
const QByteArray kKeyId = "LEAKCHECKKEYID123";
const QByteArray kSecret = "leak-check-secret-XYZ";

struct Output {
    QString what;
    QByteArray bytes;
};

// Every place (output name or file path) holding any of `needles`, raw or base64-encoded.
QStringList findLeaks(const QList<QByteArray> &needles, const QList<Output> &outputs,
                      const QString &dir) {
    QList<QByteArray> forms;
    for (const QByteArray &n : needles)
        for (const QByteArray &form : {n, n.toBase64(), n.toPercentEncoding()})
            if (!forms.contains(form))
                forms << form;
    QStringList hits;
    const auto scan = [&](const QString &where, const QByteArray &bytes) {
        for (const QByteArray &f : forms)
            if (bytes.contains(f))
                hits << where + QStringLiteral(" holds ") + QString::fromLatin1(f);
    };
    for (const Output &o : outputs)
        scan(o.what, o.bytes);
    if (dir.isEmpty())
        return hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            scan(path, f.readAll());
        else
            hits << path + QStringLiteral(" is unreadable: cannot prove it holds no secret");
    }
    return hits;
}

} // namespace

class TestSecretLeak : public QObject {
    Q_OBJECT

    QTemporaryDir m_root;
    QProcessEnvironment m_env;
    QList<Output> m_outputs;

    QString path(const QString &name) const { return m_root.filePath(name); }

    void setUpEnvironment() {
        m_env = QProcessEnvironment::systemEnvironment();
        for (const char *dir : {"home", "config", "data", "cache", "state", "runtime", "tmp"})
            QDir().mkpath(path(QString::fromLatin1(dir)));
        m_env.insert(QStringLiteral("HOME"), path(QStringLiteral("home")));
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), path(QStringLiteral("config")));
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("data")));
        m_env.insert(QStringLiteral("XDG_CACHE_HOME"), path(QStringLiteral("cache")));
        m_env.insert(QStringLiteral("XDG_STATE_HOME"), path(QStringLiteral("state")));
        m_env.insert(QStringLiteral("XDG_RUNTIME_DIR"), path(QStringLiteral("runtime")));
        m_env.insert(QStringLiteral("TMPDIR"), path(QStringLiteral("tmp")));
        m_env.insert(QStringLiteral("CHAINGATE_DB"),
                     QStringLiteral("sqlite:") + path(QStringLiteral("data/e2e.db")));
        m_env.insert(QStringLiteral("APCA_API_KEY_ID"), QString::fromLatin1(kKeyId));
        m_env.insert(QStringLiteral("APCA_API_SECRET_KEY"), QString::fromLatin1(kSecret));
        // As much logging as the program can produce: every category, debug included.
        m_env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
        m_env.insert(QStringLiteral("QT_MESSAGE_PATTERN"),
                     QStringLiteral("%{category} %{type}: %{message}"));
        // Sanitizer reports are crash output too: keep them inside the searched tree.
        for (const char *var : {"ASAN_OPTIONS", "UBSAN_OPTIONS"}) {
            QString v = m_env.value(QString::fromLatin1(var));
            if (!v.isEmpty())
                v += QLatin1Char(':');
            m_env.insert(QString::fromLatin1(var),
                         v + QStringLiteral("log_path=") + path(QStringLiteral("tmp/sanitizer")));
        }
    }

    // Runs one command to completion, keeping its output for the search.
    int run(const QStringList &args, QByteArray *out = nullptr, QByteArray *err = nullptr) {
        QProcess p;
        p.setProcessEnvironment(m_env);
        p.setWorkingDirectory(path(QStringLiteral("home")));
        p.start(QStringLiteral(CHAINGATE_CLI), args);
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished();
        }
        const QByteArray o = p.readAllStandardOutput(), e = p.readAllStandardError();
        const QString name = args.join(QLatin1Char(' '));
        m_outputs << Output{name + QStringLiteral(" [stdout]"), o}
                  << Output{name + QStringLiteral(" [stderr]"), e};
        if (out)
            *out = o;
        if (err)
            *err = e;
        if (p.exitStatus() != QProcess::NormalExit)
            return -1; // a crash: its stderr is already in the search
        return p.exitCode();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_root.isValid());
        setUpEnvironment();
    }

    // The search must be able to fail: a planted secret is found, in a file and in an output.
    void searchFindsAPlantedSecret() {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("a/.hidden")));
        QFile f(dir.filePath(QStringLiteral("a/.hidden/settings.ini")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[alpaca]\nsecret=" + kSecret + "\n");
        f.close();
        const QStringList fileHits = findLeaks({kKeyId, kSecret}, {}, dir.path());
        QCOMPARE(fileHits.size(), 1);
        QVERIFY(fileHits.first().contains(QLatin1String("settings.ini")));
        const QStringList outHits =
            findLeaks({kKeyId, kSecret}, {{QStringLiteral("stderr"), "key " + kKeyId}}, {});
        QCOMPARE(outHits.size(), 1);
        const QStringList encodedHits = findLeaks(
            {kKeyId, kSecret}, {{QStringLiteral("stdout"), "x" + kSecret.toBase64()}}, {});
        QCOMPARE(encodedHits.size(), 1);
        QVERIFY(findLeaks({kKeyId, kSecret}, {{QStringLiteral("clean"), "nothing"}}, {}).isEmpty());
    }

    void wholeSessionLeaksNoKey() {
        QProcess server;
        server.setProcessEnvironment(m_env);
        server.start(QStringLiteral(CHAINGATE_CLI),
                     {QStringLiteral("demo-server"), QStringLiteral("--port"), QStringLiteral("0"),
                      QStringLiteral("--keys-from-env")});
        QVERIFY(server.waitForStarted(10000));
        QByteArray serverOut;
        for (int i = 0; i < 600 && !serverOut.contains('\n') && server.state() == QProcess::Running;
             ++i) {
            server.waitForReadyRead(100);
            serverOut += server.readAllStandardOutput();
        }
        const auto m = QRegularExpression(QStringLiteral("(http://127\\.0\\.0\\.1:\\d+)"))
                           .match(QString::fromUtf8(serverOut));
        QVERIFY2(m.hasMatch(), server.readAllStandardError().constData());
        const QString url = m.captured(1);
        const QStringList endpoints{QStringLiteral("--trading-url"), url,
                                    QStringLiteral("--data-url"), url};

        struct Step {
            QStringList args;
            bool mustSucceed;
        };
        const QList<Step> session{
            {QStringList{QStringLiteral("chain"), QStringLiteral("SPY"), QStringLiteral("--json")} +
                 endpoints,
             true},
            {QStringList{QStringLiteral("account")} + endpoints, true},
            {QStringList{QStringLiteral("orders"), QStringLiteral("--json")} + endpoints, true},
            {{QStringLiteral("signal"), QStringLiteral("add"), QStringLiteral("SPY"),
              QStringLiteral("CALL")},
             true},
            // Its outcome depends on the simulated market's hours; the leak search is the point.
            {QStringList{QStringLiteral("dispatch"), QStringLiteral("--once"),
                         QStringLiteral("--json")} +
                 endpoints,
             false},
            {{QStringLiteral("executions"), QStringLiteral("--json")}, true},
        };
        QStringList failures;
        for (const Step &step : session) {
            QByteArray out, err;
            const int rc = run(step.args, &out, &err);
            qInfo("%s: exit %d, %lld bytes out, %lld bytes err", qPrintable(step.args.first()), rc,
                  static_cast<long long>(out.size()), static_cast<long long>(err.size()));
            if (rc < 0)
                failures << step.args.first() + QStringLiteral(" crashed: ") +
                                QString::fromUtf8(err.right(400));
            else if (step.mustSucceed && rc != 0)
                failures << step.args.first() + QStringLiteral(" exited %1: ").arg(rc) +
                                QString::fromUtf8(err.right(400));
        }

        server.terminate();
        if (!server.waitForFinished(15000)) {
            server.kill();
            server.waitForFinished();
        }
        m_outputs << Output{QStringLiteral("demo-server [stdout]"),
                            serverOut + server.readAllStandardOutput()}
                  << Output{QStringLiteral("demo-server [stderr]"), server.readAllStandardError()};

        const QStringList leaks = findLeaks({kKeyId, kSecret}, m_outputs, m_root.path());
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));
        // Only after the search: a failing command still had its output searched.
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
        // The session did produce something to search, and did record into the database.
        QVERIFY(QFile::exists(path(QStringLiteral("data/e2e.db"))));
        qsizetype logged = 0;
        for (const Output &o : m_outputs)
            logged += o.bytes.size();
        QVERIFY2(logged > 1000, "the session printed almost nothing: nothing was searched");
        qInfo("searched %lld bytes of output of %lld streams and every file under %s",
              static_cast<long long>(logged), static_cast<long long>(m_outputs.size()),
              qPrintable(m_root.path()));
    }

    void plainHttpToARemoteHostIsRefused() {
        QByteArray out, err;
        const int rc = run({QStringLiteral("account"), QStringLiteral("--trading-url"),
                            QStringLiteral("http://paper-api.alpaca.markets")},
                           &out, &err);
        QCOMPARE(rc, 1);
        const QString message = QString::fromUtf8(err);
        QVERIFY2(message.contains(QLatin1String("plain http")) &&
                     message.contains(QLatin1String("https://")),
                 qPrintable(message));
        QVERIFY(
            findLeaks({kKeyId, kSecret}, {{QStringLiteral("refusal"), out + err}}, {}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSecretLeak)
#include "tst_secret_leak.moc"
