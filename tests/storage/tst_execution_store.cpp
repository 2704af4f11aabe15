// One test suite, run twice: against SQLite files and against a real PostgreSQL server that the
// fixture starts in a temporary folder (CG_TEST_DATABASE=postgresql).

#include "storage/database_url.h"
#include "storage/execution_store.h"
#include "storage/migrations.h"
#include "storage/order_update.h"
#include "storage/store_notifications.h"
#include "support/pg_fixture.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

using namespace cg;

namespace {

// The seed's verification query, verbatim (the test also compares it with the seed document when
// that is available).
const char *const kSeedQuery = R"sql(SELECT 
  ticker,
  action,
  instrument_type,
  execution_mode,
  explain_json->>'alpaca_order_id' as order_id,
  explain_json->>'api_bid' as bid,
  explain_json->>'api_ask' as ask,
  delta,
  theta,
  option_symbol,
  created_at
FROM dispatcher_execution 
ORDER BY created_at DESC 
LIMIT 5;)sql";

const Timestamp kBase = Timestamp{std::chrono::milliseconds{1767364200000}}; // 2026-01-02 14:30Z

ExecutionRecord sample(int i) {
    ExecutionRecord r;
    r.executionUid = "uid-" + std::to_string(i);
    r.signalId = 100 + i;
    r.ticker = "AAPL";
    r.action = "CALL";
    r.instrumentType = "OPTION";
    r.mode = ExecutionMode::AlpacaPaper;
    r.strategy = "day_trade";
    r.optionSymbol = "AAPL260109C00200000";
    r.strike = 200.0;
    r.expiry = "2026-01-09";
    r.qty = 2;
    r.limitPrice = 3.45;
    r.fillPrice = 3.44;
    r.bid = 3.4;
    r.ask = 3.5;
    r.spreadPct = 2.898550724637681;
    r.delta = 0.4321;
    r.gamma = 0.0312;
    r.theta = -0.1187;
    r.vega = 0.2203;
    r.iv = 0.3125;
    r.openInterest = 12000;
    r.volume = 3456;
    r.underlyingPrice = 198.76;
    r.clientOrderId = "cg-" + std::to_string(i);
    r.orderId = "ord-" + std::to_string(i);
    r.orderStatus = "accepted";
    r.explainJson = R"({"gates":{"spread":{"pass":true,"value":2.9}},"reason":"all gates pass"})";
    r.createdAt = kBase + std::chrono::seconds(i);
    return r;
}

// A plain QtSql connection to the same database, for checks behind the store's back.
class RawDb {
public:
    explicit RawDb(const QString &url)
        : m_name(QStringLiteral("raw_%1").arg(++s_count)) {
        auto u = parseDatabaseUrl(url);
        QSqlDatabase db = QSqlDatabase::addDatabase(
            u->isPostgreSQL() ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), m_name);
        if (u->isPostgreSQL()) {
            db.setHostName(u->host);
            db.setPort(u->port);
            db.setUserName(u->user);
            db.setPassword(u->password);
            db.setDatabaseName(u->database);
        } else {
            db.setDatabaseName(u->path);
        }
        m_ok = db.open();
        m_pg = u->isPostgreSQL();
    }
    ~RawDb() {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool ok() const { return m_ok; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    SqlDialect dialect() const { return m_pg ? SqlDialect::PostgreSQL : SqlDialect::SQLite; }
    QVariant scalar(const QString &sql) {
        QSqlQuery q(db());
        if (!q.exec(sql) || !q.next()) {
            qWarning() << "raw query failed:" << sql << q.lastError().text();
            return {};
        }
        return q.value(0);
    }

private:
    static inline int s_count = 0;
    QString m_name;
    bool m_ok = false;
    bool m_pg = false;
};

// QCOMPARE cannot print the domain enums (their toString returns a string_view).
template <class E> QString name(E e) {
    return QString::fromLatin1(toString(e));
}

std::string cleaned(const std::string &bytes) {
    QString s = QString::fromUtf8(bytes.data(), static_cast<qsizetype>(bytes.size()));
    s.replace(QChar(u'\0'), QChar(QChar::ReplacementCharacter));
    return s.toStdString();
}

// The schema as text, one line per table (SQLite: its CREATE statement), column, constraint
// (PostgreSQL) and index, in the form of tests/storage/data/schema_v*_*.txt.
QStringList schemaOf(RawDb &raw) {
    QStringList out;
    QSqlQuery q(raw.db());
    const auto simplified = [](const QVariant &v) { return v.toString().simplified(); };
    if (raw.dialect() == SqlDialect::SQLite) {
        q.exec(QStringLiteral("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND "
                              "name NOT LIKE 'sqlite_%' ORDER BY name"));
        QStringList tables;
        while (q.next()) {
            tables << q.value(0).toString();
            out << QStringLiteral("table %1: %2").arg(tables.back(), simplified(q.value(1)));
            QSqlQuery c(raw.db());
            c.exec(QStringLiteral("PRAGMA table_info(%1)").arg(tables.back()));
            while (c.next())
                out << QStringLiteral("column %1.%2 %3")
                               .arg(tables.back(), c.value(1).toString(), c.value(2).toString()) +
                           (c.value(3).toInt() ? QStringLiteral(" NOT NULL") : QString()) +
                           (c.value(4).isNull()
                                ? QString()
                                : QStringLiteral(" DEFAULT ") + c.value(4).toString()) +
                           (c.value(5).toInt() ? QStringLiteral(" PK") : QString());
        }
        q.exec(QStringLiteral(
            "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"));
        while (q.next())
            out << QStringLiteral("index %1.%2: %3")
                       .arg(q.value(0).toString(), q.value(1).toString(), simplified(q.value(2)));
        return out;
    }
    q.exec(QStringLiteral("SELECT table_name, column_name, data_type, is_nullable, column_default "
                          "FROM information_schema.columns WHERE table_schema = current_schema() "
                          "ORDER BY table_name, ordinal_position"));
    while (q.next())
        out << QStringLiteral("column %1.%2 %3")
                       .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString()) +
                   (q.value(3).toString() == QLatin1String("NO") ? QStringLiteral(" NOT NULL")
                                                                 : QString()) +
                   (q.value(4).isNull() ? QString()
                                        : QStringLiteral(" DEFAULT ") + q.value(4).toString());
    q.exec(QStringLiteral("SELECT conrelid::regclass, conname, pg_get_constraintdef(oid) FROM "
                          "pg_constraint WHERE connamespace = current_schema()::regnamespace "
                          "ORDER BY conname"));
    while (q.next())
        out << QStringLiteral("constraint %1.%2: %3")
                   .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString());
    q.exec(QStringLiteral("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE "
                          "schemaname = current_schema() ORDER BY indexname"));
    while (q.next())
        out << QStringLiteral("index %1.%2: %3")
                   .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString());
    return out;
}

QStringList releasedSchema(SqlDialect dialect, int version) {
    QFile f(QStringLiteral(CHAINGATE_STORAGE_TEST_DATA "/schema_v%1_%2.txt")
                .arg(version)
                .arg(dialect == SqlDialect::PostgreSQL ? QStringLiteral("postgresql")
                                                       : QStringLiteral("sqlite")));
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QStringList lines;
    for (const QString &line : QString::fromUtf8(f.readAll()).split(QLatin1Char('\n')))
        if (!line.isEmpty() && !line.startsWith(QLatin1Char('#')))
            lines << line;
    return lines;
}

} // namespace

class TestExecutionStore : public QObject {
    Q_OBJECT

private:
    bool pg() const { return test::onPostgreSQL(); }

    QString freshUrl() {
        ++m_count;
        if (!pg())
            return QStringLiteral("sqlite:") +
                   m_tmp.filePath(QStringLiteral("db_%1.db").arg(m_count));
        QString err;
        const QString url = m_fixture.createDatabase(&err);
        if (url.isEmpty())
            qWarning().noquote() << err;
        return url;
    }
    QString freshOutbox() { return m_tmp.filePath(QStringLiteral("outbox_%1.db").arg(++m_count)); }

    // Opens a store on a fresh database; the outbox is private to the test.
    bool openFresh(ExecutionStore &store, QString *url = nullptr) {
        const QString u = freshUrl();
        if (url)
            *url = u;
        store.setOutboxPath(freshOutbox());
        auto r = store.open(u);
        if (!r)
            qWarning().noquote() << QString::fromStdString(r.error().message);
        return r.ok();
    }

    cg::test::PgFixture m_fixture;
    QTemporaryDir m_tmp;
    int m_count = 0;

private Q_SLOTS:
    void initTestCase() {
        QLoggingCategory::setFilterRules(QStringLiteral("chaingate.storage.info=false"));
        QVERIFY(m_tmp.isValid());
        if (pg()) {
            CG_REQUIRE_POSTGRESQL();
            const QString err = m_fixture.start();
            QVERIFY2(err.isEmpty(), qPrintable(err));
        }
    }

    void cleanupTestCase() { m_fixture.shutdown(); }

    void urlParsing() {
        auto a =
            parseDatabaseUrl(QStringLiteral("postgresql://trader:s%40cret@db.local:6543/book"));
        QVERIFY(a.ok());
        QVERIFY(a->isPostgreSQL());
        QCOMPARE(a->host, QStringLiteral("db.local"));
        QCOMPARE(a->port, 6543);
        QCOMPARE(a->user, QStringLiteral("trader"));
        QCOMPARE(a->password, QStringLiteral("s@cret"));
        QCOMPARE(a->database, QStringLiteral("book"));
        QVERIFY(!a->display().contains(QStringLiteral("cret")));
        QVERIFY(a->connectOptions.contains(QStringLiteral("connect_timeout=")));

        auto b = parseDatabaseUrl(QStringLiteral("sqlite:///var/tmp/x.db"));
        QVERIFY(b.ok());
        QCOMPARE(b->path, QStringLiteral("/var/tmp/x.db"));
        QCOMPARE(parseDatabaseUrl(QStringLiteral("sqlite::memory:"))->path,
                 QStringLiteral(":memory:"));
        QCOMPARE(parseDatabaseUrl(QStringLiteral("/tmp/plain.db"))->path,
                 QStringLiteral("/tmp/plain.db"));

        auto bad = parseDatabaseUrl(QStringLiteral("postgresql://u:topsecret@/nodb"));
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message.find("topsecret") == std::string::npos);
        QVERIFY(!parseDatabaseUrl(QStringLiteral("mysql://u@h/db")).ok());
        QVERIFY(!parseDatabaseUrl(QStringLiteral("postgresql://u:p@h:1/db?evil=1")).ok());
        QVERIFY(defaultDatabaseUrl().endsWith(QStringLiteral("/chaingate.db")));
    }

    void migrationsFromEmpty() {
        for (std::size_t i = 0; i < migrations().size(); ++i)
            QCOMPARE(migrations()[i].version, static_cast<int>(i + 1));
        QVERIFY(latestSchemaVersion() >= 2);

        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        QCOMPARE(store.schemaVersion(), latestSchemaVersion());
        QCOMPARE(store.backendName(),
                 pg() ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite"));
        store.close();

        // Opening again applies nothing and keeps one row per version.
        QVERIFY(store.open(url).ok());
        QCOMPARE(store.schemaVersion(), latestSchemaVersion());
        RawDb raw(url);
        QVERIFY(raw.ok());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(),
                 latestSchemaVersion());
    }

    // The look-ups that run on every order event, decision and signal poll use an index (SQLite's
    // plan; PostgreSQL's depends on the table's size). Before version 9 each was a full scan.
    void lookUpsUseAnIndex() {
        if (pg())
            QSKIP("SQLite's query plans; PostgreSQL plans by table statistics");
        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        store.close();
        RawDb raw(url);
        QVERIFY(raw.ok());
        for (const char *sql :
             {"UPDATE dispatcher_execution SET order_status = 'x' WHERE client_order_id = 'a'",
              "SELECT id FROM dispatcher_execution WHERE signal_id = 7",
              "SELECT id FROM dispatch_recommendations ORDER BY created_at DESC, id DESC LIMIT "
              "50"}) {
            QSqlQuery q(raw.db());
            QVERIFY2(q.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + QLatin1String(sql)),
                     qPrintable(q.lastError().text()));
            QStringList plan;
            while (q.next())
                plan << q.value(3).toString();
            const QString text = plan.join(QStringLiteral("; "));
            QVERIFY2(text.contains(QLatin1String("USING")) &&
                         !text.contains(QLatin1String("TEMP B-TREE")),
                     qPrintable(QLatin1String(sql) + QStringLiteral(" -> ") + text));
        }
    }

    // A console whose PostgreSQL role may read and write rows but not create tables opens a
    // database at the latest version. Before the fix every open ran CREATE TABLE IF NOT EXISTS
    // schema_version, which PostgreSQL refuses without CREATE on the schema.
    void aRowsOnlyRoleOpensAnUpToDateDatabase() {
        if (!pg())
            QSKIP("PostgreSQL roles");
        ExecutionStore owner;
        QString url;
        QVERIFY(openFresh(owner, &url));
        owner.close();
        const QString role = QStringLiteral("cg_rows_%1").arg(++m_count);
        {
            RawDb raw(url);
            QVERIFY(raw.ok());
            for (const QString &sql :
                 {QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'rows-only'").arg(role),
                  QStringLiteral("REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
                  QStringLiteral("GRANT USAGE ON SCHEMA public TO %1").arg(role),
                  QStringLiteral("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
                                 "public TO %1")
                      .arg(role),
                  QStringLiteral("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public "
                                 "TO %1")
                      .arg(role)}) {
                QSqlQuery q(raw.db());
                QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
            }
        }
        QString rowsUrl = url;
        rowsUrl.replace(QRegularExpression(QStringLiteral("//chaingate:[^@]*@")),
                        QStringLiteral("//%1:rows-only@").arg(role));
        ExecutionStore console;
        console.setOutboxPath(freshOutbox());
        const auto opened = console.open(rowsUrl);
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
        QCOMPARE(console.schemaVersion(), latestSchemaVersion());
        QVERIFY(console.records().recordExecution(sample(1)).ok());
    }

    // Kept state notifies listeners only for the kill switch: a dispatch service's state, saved
    // every cycle, woke every console to re-read the kill switch before version 9.
    void stateNotificationsAreForTheKillSwitch() {
        if (!pg())
            QSKIP("PostgreSQL LISTEN/NOTIFY");
        ExecutionStore listener;
        QString url;
        QVERIFY(openFresh(listener, &url));
        StoreNotifications notifications(listener);
        QTRY_VERIFY(notifications.isListening());
        QSignalSpy changed(&notifications, &StoreNotifications::stateChanged);
        ExecutionStore writer;
        writer.setOutboxPath(freshOutbox());
        QVERIFY(writer.open(url).ok());
        QVERIFY(writer.kept().setValue("dispatch.service.host-1", "{}").ok());
        QTest::qWait(400);
        QCOMPARE(changed.count(), 0);
        QVERIFY(writer.kept().setValue("dispatch.kill_switch", "{\"engaged\":true}").ok());
        QTRY_VERIFY(changed.count() >= 1);
    }

    void migrationsFromEachVersion() {
        for (int from = 0; from < latestSchemaVersion(); ++from) {
            const QString url = freshUrl();
            {
                RawDb raw(url);
                QVERIFY(raw.ok());
                QSqlDatabase db = raw.db();
                auto v = migrate(db, raw.dialect(), from);
                QVERIFY2(v.ok(), v.ok() ? "" : v.error().message.c_str());
                QCOMPARE(*v, from);
                if (from >= 1) {
                    // A row written by a version-1 ChainGate, with only the v1 columns.
                    QSqlQuery q(db);
                    QVERIFY2(q.exec(QStringLiteral(
                                 "INSERT INTO dispatcher_execution (execution_uid, ticker, action, "
                                 "instrument_type, execution_mode, explain_json, created_at) "
                                 "VALUES ('old-1', 'SPY', 'PUT', 'OPTION', 'DEMO', '{}', "
                                 "'2026-01-02T14:30:00.000Z')")),
                             qPrintable(q.lastError().text()));
                }
            }
            ExecutionStore store;
            store.setOutboxPath(freshOutbox());
            auto opened = store.open(url);
            QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
            QCOMPARE(store.schemaVersion(), latestSchemaVersion());
            auto rows = store.records().executions({});
            QVERIFY(rows.ok());
            QCOMPARE(rows->size(), from >= 1 ? std::size_t{1} : std::size_t{0});
            if (from >= 1) {
                QCOMPARE(rows->front().ticker, std::string("SPY"));
                QCOMPARE(name(rows->front().mode), name(ExecutionMode::Demo));
                QVERIFY(rows->front().fallbackReason.empty());
            }
            // v2 features work after the upgrade.
            QVERIFY(store.kept().setValue("k", "v").ok());
            QVERIFY(store.records().recordExecution(sample(1)).ok());
        }
    }

    // One statement list for both dialects still produces, fresh or upgraded version by version,
    // the schema the two separate lists produced (so databases they created keep opening).
    void schemaIsTheReleasedOne_data() {
        QTest::addColumn<int>("released"); // the version a pair of schema files describes
        QTest::newRow("v3") << 3;
        QTest::newRow("v4 source") << 4;
        QTest::newRow("v5 greeks_source") << 5;
        QTest::newRow("v6 execution_leg") << 6;
        QTest::newRow("v7 claim leases") << 7;
        QTest::newRow("v8 replaces_order_id") << 8;
        QTest::newRow("v9 look-up indexes") << 9;
    }

    void schemaIsTheReleasedOne() {
        QFETCH(int, released);
        const int kReleased = released;
        for (int from = 0; from < kReleased; ++from) {
            const QString url = freshUrl();
            RawDb raw(url);
            QVERIFY(raw.ok());
            QSqlDatabase db = raw.db();
            for (int to = from; to <= kReleased; ++to) {
                auto v = migrate(db, raw.dialect(), to);
                QVERIFY2(v.ok(), v.ok() ? "" : v.error().message.c_str());
            }
            const QStringList expected = releasedSchema(raw.dialect(), kReleased);
            QVERIFY(!expected.isEmpty());
            const QStringList actual = schemaOf(raw);
            for (const QString &line : expected)
                QVERIFY2(actual.contains(line), qPrintable(QStringLiteral("missing: ") + line));
            for (const QString &line : actual)
                QVERIFY2(expected.contains(line),
                         qPrintable(QStringLiteral("unexpected: ") + line));
            QCOMPARE(actual, expected);
        }
    }

    // Version 4 (issue 18) adds dispatcher_execution.source: 'signal' for every older row, and
    // 'manual' written for a trader's own order.
    void schemaVersionFourAddsSource() {
        constexpr int kVersion = 4;
        const QString url = freshUrl();
        {
            RawDb raw(url);
            QVERIFY(raw.ok());
            QSqlDatabase db = raw.db();
            QVERIFY(migrate(db, raw.dialect(), 3).ok());
            QSqlQuery q(db);
            QVERIFY2(q.exec(QStringLiteral(
                         "INSERT INTO dispatcher_execution (execution_uid, ticker, action, "
                         "instrument_type, execution_mode, explain_json, created_at) "
                         "VALUES ('old-3', 'SPY', 'CALL', 'OPTION', 'DEMO', '{}', "
                         "'2026-01-02T14:30:00.000Z')")),
                     qPrintable(q.lastError().text()));
            QVERIFY(migrate(db, raw.dialect(), kVersion).ok());
            const QStringList expected = releasedSchema(raw.dialect(), kVersion);
            QVERIFY(!expected.isEmpty());
            const QStringList actual = schemaOf(raw);
            for (const QString &line : expected)
                QVERIFY2(actual.contains(line), qPrintable(QStringLiteral("missing: ") + line));
            for (const QString &line : actual)
                QVERIFY2(expected.contains(line),
                         qPrintable(QStringLiteral("unexpected: ") + line));
        }
        ExecutionStore store;
        store.setOutboxPath(freshOutbox());
        QVERIFY(store.open(url).ok());
        ExecutionRecord manual = sample(7);
        manual.source = "manual";
        QVERIFY(store.records().recordExecution(manual).ok());
        auto rows = store.records().executions({});
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), std::size_t(2));
        for (const ExecutionRecord &r : *rows)
            QCOMPARE(r.source,
                     r.executionUid == "old-3" ? std::string("signal") : std::string("manual"));
    }

    // Version 8 links a replacing order to the order it replaced. Rows written before it (the
    // link in explain_json's "replaces" only) are linked by the migration, so a trade replaced
    // earlier that day counts once (it counted twice: the status no longer excludes it).
    void schemaVersionEightLinksEarlierReplaces() {
        const QString url = freshUrl();
        {
            RawDb raw(url);
            QVERIFY(raw.ok());
            QSqlDatabase db = raw.db();
            QVERIFY(migrate(db, raw.dialect(), 7).ok());
            QSqlQuery q(db);
            const QString insert =
                QStringLiteral(
                    "INSERT INTO dispatcher_execution (execution_uid, ticker, action, "
                    "instrument_type, execution_mode, client_order_id, order_id, order_status, "
                    "explain_json, created_at) VALUES (?, 'SPY', 'BUY', 'STOCK', 'DEMO', ?, ?, ?, "
                    "%1, "
                    "'2026-01-02T14:30:00.000Z')")
                    .arg(pg() ? QStringLiteral("CAST(? AS jsonb)") : QStringLiteral("?"));
            const auto row = [&](const char *uid, const char *cid, const char *oid,
                                 const char *status, const char *explain) {
                QVERIFY(q.prepare(insert));
                for (const char *v : {uid, cid, oid, status, explain})
                    q.addBindValue(QString::fromLatin1(v));
                QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
            };
            row("old-a", "cg-man-a", "o1", "replaced", "{}");
            row("old-b", "cg-man-a-r1", "o2", "new",
                R"({"replaces":{"order_id":"o1","client_order_id":"cg-man-a"}})");
            QVERIFY(migrate(db, raw.dialect(), 8).ok());
        }
        ExecutionStore store;
        store.setOutboxPath(freshOutbox());
        QVERIFY(store.open(url).ok());
        ExecutionFilter f;
        f.clientOrderId = "cg-man-a-r1";
        QCOMPARE(store.records().executions(f).value().front().replacesOrderId, std::string("o1"));
        f.clientOrderId = "cg-man-a";
        QVERIFY(store.records().executions(f).value().front().replacesOrderId.empty());
        const Timestamp dayStart = Timestamp{} + std::chrono::hours(24 * 365 * 50); // 2020
        QCOMPARE(store.records().countOrders(dayStart).value(), 1);
    }

    void refusesNewerSchema() {
        const QString url = freshUrl();
        {
            ExecutionStore store;
            store.setOutboxPath(freshOutbox());
            QVERIFY(store.open(url).ok());
        }
        {
            RawDb raw(url);
            QSqlQuery q(raw.db());
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO schema_version (version, description) VALUES (99, 'future')")));
        }
        ExecutionStore store;
        store.setOutboxPath(freshOutbox());
        auto r = store.open(url);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.find("newer") != std::string::npos, r.error().message.c_str());
    }

    void recordAndReadBack() {
        ExecutionStore store;
        QVERIFY(openFresh(store));
        const ExecutionRecord in = sample(7);
        auto id = store.records().recordExecution(in);
        QVERIFY2(id.ok(), id.ok() ? "" : id.error().message.c_str());
        QVERIFY(*id > 0);

        ExecutionRecord declined;
        declined.ticker = "TSLA";
        declined.action = "PUT";
        declined.instrumentType = "OPTION";
        declined.mode = ExecutionMode::SimulatedFallback;
        declined.fallbackReason = "Spread 12.4% is above the 10% limit";
        declined.createdAt = kBase + std::chrono::seconds(60);
        // uid generated, no order, NULL numbers
        QVERIFY(store.records().recordExecution(declined).ok());

        auto rows = store.records().executions({});
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), std::size_t{2});
        const ExecutionRecord &d = rows->at(0); // newest first
        QCOMPARE(d.ticker, std::string("TSLA"));
        QVERIFY(!d.executionUid.empty());
        QVERIFY(!d.strike.has_value());
        QVERIFY(!d.qty.has_value());
        QVERIFY(d.clientOrderId.empty());
        QCOMPARE(d.fallbackReason, declined.fallbackReason);

        const ExecutionRecord &o = rows->at(1);
        QCOMPARE(o.id, *id);
        QCOMPARE(o.executionUid, in.executionUid);
        QCOMPARE(o.signalId, in.signalId);
        QCOMPARE(o.ticker, in.ticker);
        QCOMPARE(o.action, in.action);
        QCOMPARE(o.instrumentType, in.instrumentType);
        QCOMPARE(name(o.mode), name(in.mode));
        QCOMPARE(o.strategy, in.strategy);
        QCOMPARE(o.optionSymbol, in.optionSymbol);
        QCOMPARE(o.strike, in.strike);
        QCOMPARE(o.expiry, in.expiry);
        QCOMPARE(o.qty, in.qty);
        QCOMPARE(o.limitPrice, in.limitPrice);
        QCOMPARE(o.fillPrice, in.fillPrice);
        QCOMPARE(o.bid, in.bid);
        QCOMPARE(o.ask, in.ask);
        QCOMPARE(o.spreadPct, in.spreadPct);
        QCOMPARE(o.delta, in.delta);
        QCOMPARE(o.gamma, in.gamma);
        QCOMPARE(o.theta, in.theta);
        QCOMPARE(o.vega, in.vega);
        QCOMPARE(o.iv, in.iv);
        QCOMPARE(o.openInterest, in.openInterest);
        QCOMPARE(o.volume, in.volume);
        QCOMPARE(o.underlyingPrice, in.underlyingPrice);
        QCOMPARE(o.clientOrderId, in.clientOrderId);
        QCOMPARE(o.orderId, in.orderId);
        QCOMPARE(o.orderStatus, in.orderStatus);
        QCOMPARE(o.createdAt, in.createdAt);

        const QJsonObject explain =
            QJsonDocument::fromJson(QByteArray::fromStdString(o.explainJson)).object();
        QCOMPARE(explain.value(QStringLiteral("alpaca_order_id")).toString(),
                 QStringLiteral("ord-7"));
        QCOMPARE(explain.value(QStringLiteral("api_bid")).toDouble(), 3.4);
        QCOMPARE(explain.value(QStringLiteral("api_ask")).toDouble(), 3.5);
        QCOMPARE(explain.value(QStringLiteral("underlying_price")).toDouble(), 198.76);
        QCOMPARE(explain.value(QStringLiteral("reason")).toString(),
                 QStringLiteral("all gates pass"));
        QVERIFY(explain.value(QStringLiteral("gates")).isObject());
    }

    void filters() {
        ExecutionStore store;
        QVERIFY(openFresh(store));
        for (int i = 0; i < 10; ++i) {
            ExecutionRecord r = sample(i);
            r.ticker = i % 2 ? "MSFT" : "AAPL";
            r.mode = i < 3 ? ExecutionMode::SimulatedFallback : ExecutionMode::AlpacaPaper;
            QVERIFY(store.records().recordExecution(r).ok());
        }
        ExecutionFilter f;
        f.limit = 4;
        auto rows = store.records().executions(f);
        QCOMPARE(rows->size(), std::size_t{4});
        QCOMPARE(rows->front().executionUid, std::string("uid-9"));
        f = {};
        f.ticker = "MSFT";
        QCOMPARE(store.records().executions(f)->size(), std::size_t{5});
        f = {};
        f.mode = ExecutionMode::SimulatedFallback;
        QCOMPARE(store.records().executions(f)->size(), std::size_t{3});
        f = {};
        f.from = kBase + std::chrono::seconds(2);
        f.to = kBase + std::chrono::seconds(5);
        rows = store.records().executions(f);
        QCOMPARE(rows->size(), std::size_t{3});
        QCOMPARE(rows->back().executionUid, std::string("uid-2"));
        f = {};
        f.signalId = 104;
        rows = store.records().executions(f);
        QCOMPARE(rows->size(), std::size_t{1});
        QCOMPARE(rows->front().executionUid, std::string("uid-4"));
        f = {};
        f.clientOrderId = "cg-6";
        QCOMPARE(store.records().executions(f)->front().executionUid, std::string("uid-6"));
        f = {};
        f.limit = 0;
        QCOMPARE(store.records().executions(f)->size(), std::size_t{10});
        f = {};
        f.ticker = "'; DROP TABLE dispatcher_execution; --";
        QCOMPARE(store.records().executions(f)->size(), std::size_t{0});
        QCOMPARE(store.records().executions({})->size(), std::size_t{10});
    }

    void idempotentAndUnique() {
        ExecutionStore store;
        QVERIFY(openFresh(store));
        auto first = store.records().recordExecution(sample(1));
        QVERIFY(first.ok());
        auto again = store.records().recordExecution(sample(1)); // same execution_uid: a replay
        QVERIFY(again.ok());
        QCOMPARE(*again, *first);

        ExecutionRecord clash = sample(2);
        clash.clientOrderId = sample(1).clientOrderId; // another decision, same order id
        auto refused = store.records().recordExecution(clash);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.find("cg-1") != std::string::npos,
                 refused.error().message.c_str());

        // Empty client order ids are not unique keys (declined decisions have none).
        for (int i = 10; i < 13; ++i) {
            ExecutionRecord r = sample(i);
            r.clientOrderId.clear();
            QVERIFY(store.records().recordExecution(r).ok());
        }
        QCOMPARE(store.records().executions({})->size(), std::size_t{4});
    }

    void explainJsonValidity() {
        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        const char *invalid[] = {
            "{", "{\"a\":}", "[1,2]", "42", "\"text\"", "{'single':1}", "{\"a\":1} trailing"};
        for (const char *text : invalid) {
            ExecutionRecord r = sample(1);
            r.explainJson = text;
            auto res = store.records().recordExecution(r);
            QVERIFY2(!res.ok(), text);
            QVERIFY(res.error().message.find("explain_json") != std::string::npos);
        }
        QCOMPARE(store.records().executions({})->size(), std::size_t{0}); // nothing written

        ExecutionRecord empty = sample(2);
        empty.explainJson.clear();
        QVERIFY(store.records().recordExecution(empty).ok());
        ExecutionRecord nul = sample(3);
        nul.explainJson = R"({"nul":"a\u0000b","nested":[{"k":"\u0000"}]})"; // JSONB rejects \u0000
        auto nulId = store.records().recordExecution(nul);
        QVERIFY2(nulId.ok(), nulId.ok() ? "" : nulId.error().message.c_str());

        RawDb raw(url);
        const QString check = pg() ? QStringLiteral("SELECT COUNT(*) FROM dispatcher_execution "
                                                    "WHERE jsonb_typeof(explain_json) = 'object'")
                                   : QStringLiteral("SELECT COUNT(*) FROM dispatcher_execution "
                                                    "WHERE json_valid(explain_json) AND "
                                                    "json_type(explain_json) = 'object'");
        QCOMPARE(raw.scalar(check).toInt(), 2);
        const auto stored = store.records().executions({});
        QVERIFY(stored.ok());
        for (const auto &r : *stored) {
            QJsonParseError e{};
            const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(r.explainJson), &e);
            QCOMPARE(e.error, QJsonParseError::NoError);
            QVERIFY(doc.object().contains(QStringLiteral("alpaca_order_id")));
        }
    }

    void hostileText() {
        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        // Built in place: GCC 12 reports a false -Warray-bounds on `std::string(n, c) + "..."` in
        // the list below (inside std::string's move, a system header it misjudges).
        std::string longText(10 * 1024, 'x');
        longText += "\xc3\xbc";
        const std::vector<std::string> hostile = {
            "O'Brien \"double\" `back` \\backslash\\",
            "'; DROP TABLE dispatcher_execution; --",
            "\"); DELETE FROM dispatch_recommendations; --",
            longText,
            "bad \xff\xfe utf8 \xc3\x28 end",
            std::string("nul\0byte", 8),
            "emoji \xf0\x9f\x9a\x80\xf0\x9f\x93\x88",
            "placeholders ? :name $1 %s {0}",
            "line\nbreak\r\ttab",
        };
        for (std::size_t k = 0; k < hostile.size(); ++k) {
            const std::string &h = hostile[k];
            const std::string tag = "#" + std::to_string(k);
            ExecutionRecord r = sample(static_cast<int>(k));
            r.executionUid = h + tag;
            r.ticker = h;
            r.action = h;
            r.instrumentType = h;
            r.strategy = h;
            r.optionSymbol = h;
            r.expiry = h;
            r.clientOrderId = h + tag;
            r.orderId = h;
            r.orderStatus = h;
            r.fallbackReason = h;
            // Raw bytes inside a JSON string: invalid UTF-8 must not cost the record.
            QString escaped = QString::fromUtf8(
                QJsonDocument(QJsonObject{{QStringLiteral("note"),
                                           QString::fromUtf8(h.data(), qsizetype(h.size()))}})
                    .toJson(QJsonDocument::Compact));
            r.explainJson = k == 4 ? "{\"raw\":\"" + h + "\"}" : escaped.toStdString();
            auto id = store.records().recordExecution(r);
            QVERIFY2(id.ok(), id.ok() ? "" : id.error().message.c_str());
            QVERIFY(*id > 0);

            Signal s;
            s.symbol = h;
            s.source = h;
            auto sid = store.signals().enqueue(s);
            QVERIFY2(sid.ok(), sid.ok() ? "" : sid.error().message.c_str());
            QVERIFY(store.kept().setValue(h + tag, h).ok());
        }

        auto rows = store.records().executions({});
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), hostile.size());
        for (const ExecutionRecord &r : *rows) {
            const auto k = static_cast<std::size_t>((r.createdAt - kBase).count() / 1000);
            QVERIFY(k < hostile.size());
            const std::string want = cleaned(hostile[k]);
            const std::string tag = "#" + std::to_string(k);
            QCOMPARE(r.executionUid, want + tag);
            QCOMPARE(r.ticker, want);
            QCOMPARE(r.action, want);
            QCOMPARE(r.instrumentType, want);
            QCOMPARE(r.strategy, want);
            QCOMPARE(r.optionSymbol, want);
            QCOMPARE(r.expiry, want);
            QCOMPARE(r.clientOrderId, want + tag);
            QCOMPARE(r.orderId, want);
            QCOMPARE(r.orderStatus, want);
            QCOMPARE(r.fallbackReason, want);
            const QJsonObject explain =
                QJsonDocument::fromJson(QByteArray::fromStdString(r.explainJson)).object();
            const QString note =
                explain.value(k == 4 ? QStringLiteral("raw") : QStringLiteral("note")).toString();
            QCOMPARE(note.toStdString(), want);
            auto st = store.kept().value(hostile[k] + tag);
            QVERIFY(st.ok() && st->has_value());
            QCOMPARE(**st, want);
            QVERIFY(want.find('\0') == std::string::npos);
            QVERIFY(QString::fromStdString(want).toUtf8().toStdString() == want); // valid UTF-8
        }
        auto sigs = store.signals().list(100);
        QVERIFY(sigs.ok());
        QCOMPARE(sigs->size(), hostile.size());
        std::multiset<std::string> symbols;
        for (const Signal &s : *sigs)
            symbols.insert(s.symbol);
        for (const auto &h : hostile)
            QVERIFY(symbols.count(cleaned(h)) == 1);

        RawDb raw(url);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM dispatcher_execution")).toInt(),
                 int(hostile.size()));
        QCOMPARE(
            raw.scalar(QStringLiteral("SELECT COUNT(*) FROM dispatch_recommendations")).toInt(),
            int(hostile.size()));
    }

    void seedVerificationQuery() {
        if (!pg())
            QSKIP(
                "The seed's query uses PostgreSQL's ->> on JSONB; it runs in the PostgreSQL build");
        // The embedded query must be the seed's, character for character.
        const QStringList candidates = {
            qEnvironmentVariable("CHAINGATE_SOURCE_DIR") +
                QStringLiteral("/../shared/seed/alpaca-options-integration.md"),
            QStringLiteral("/work/shared/seed/alpaca-options-integration.md")};
        bool compared = false;
        for (const QString &path : candidates) {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QString doc = QString::fromUtf8(f.readAll());
            const int start = doc.indexOf(QStringLiteral("```sql\n"));
            QVERIFY(start >= 0);
            const int end = doc.indexOf(QStringLiteral("\n```"), start + 7);
            QCOMPARE(doc.mid(start + 7, end - start - 7), QString::fromUtf8(kSeedQuery));
            compared = true;
            break;
        }
        if (!compared)
            qWarning("seed document not found; running the embedded copy of its query");

        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        for (int i = 0; i < 7; ++i)
            QVERIFY(store.records().recordExecution(sample(i)).ok());
        RawDb raw(url);
        QSqlQuery q(raw.db());
        QVERIFY2(q.exec(QString::fromUtf8(kSeedQuery)), qPrintable(q.lastError().text()));
        int n = 0;
        while (q.next()) {
            const int i = 6 - n; // newest first
            QCOMPARE(q.value(0).toString(), QStringLiteral("AAPL"));
            QCOMPARE(q.value(1).toString(), QStringLiteral("CALL"));
            QCOMPARE(q.value(2).toString(), QStringLiteral("OPTION"));
            QCOMPARE(q.value(3).toString(), QStringLiteral("ALPACA_PAPER"));
            QCOMPARE(q.value(4).toString(), QStringLiteral("ord-%1").arg(i));
            QCOMPARE(q.value(5).toString(), QStringLiteral("3.4"));
            QCOMPARE(q.value(6).toString(), QStringLiteral("3.5"));
            QCOMPARE(q.value(7).toDouble(), 0.4321);
            QCOMPARE(q.value(8).toDouble(), -0.1187);
            QCOMPARE(q.value(9).toString(), QStringLiteral("AAPL260109C00200000"));
            QVERIFY(q.value(10).toDateTime().isValid());
            ++n;
        }
        QCOMPARE(n, 5);
    }

    // New signals take ids above a reserved one (the signal ids a restored database's orders
    // already carry on the account), on a fresh table too; a lower reserve never lowers them.
    void signalIdsMovePastAReservedOne() {
        ExecutionStore store;
        QVERIFY(openFresh(store));
        QVERIFY(store.signals().reserveIdsThrough(41).ok()); // before any signal
        Signal s;
        s.symbol = "SPY";
        s.action = SignalAction::Call;
        s.source = "test";
        auto first = store.signals().enqueue(s);
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().message.c_str());
        QCOMPARE(*first, std::int64_t(42));
        QVERIFY(store.signals().reserveIdsThrough(100).ok());
        QCOMPARE(store.signals().enqueue(s).value(), std::int64_t(101));
        QVERIFY(store.signals().reserveIdsThrough(7).ok());
        QCOMPARE(store.signals().enqueue(s).value(), std::int64_t(102));
    }

    void signalQueue() {
        ExecutionStore store;
        QVERIFY(openFresh(store));
        auto none = store.signals().claimNext("d1");
        QVERIFY(none.ok());
        QVERIFY(!none->has_value());

        Signal s;
        s.symbol = "NVDA";
        s.action = SignalAction::Put;
        s.strategy = Strategy::Swing;
        s.source = "cli";
        auto id1 = store.signals().enqueue(s);
        s.symbol = "AMD";
        auto id2 = store.signals().enqueue(s);
        QVERIFY(id1.ok() && id2.ok());
        QVERIFY(*id2 > *id1);

        auto c1 = store.signals().claimNext("d1");
        QVERIFY(c1.ok() && c1->has_value());
        QCOMPARE((*c1)->id, *id1); // oldest first
        QCOMPARE((*c1)->symbol, std::string("NVDA"));
        QCOMPARE(name((*c1)->action), name(SignalAction::Put));
        QCOMPARE(name((*c1)->strategy), name(Strategy::Swing));
        QCOMPARE(name((*c1)->status), name(SignalStatus::Claimed));
        QCOMPARE((*c1)->claimedBy, std::string("d1"));

        QVERIFY(store.signals().finish(*id1, SignalStatus::Done, 42, "", {"d1"}).ok());
        auto c2 = store.signals().claimNext("d2");
        QVERIFY(c2.ok() && c2->has_value());
        QCOMPARE((*c2)->id, *id2);
        QVERIFY(store.signals()
                    .finish(*id2, SignalStatus::Failed, std::nullopt,
                            "Spread 12.4% is above the 10% limit", {"d2"})
                    .ok());
        QVERIFY(!store.signals().claimNext("d1")->has_value());
        QVERIFY(!store.signals().finish(999999, SignalStatus::Done, std::nullopt, "", {"d1"}).ok());

        auto list = store.signals().list(10);
        QVERIFY(list.ok());
        QCOMPARE(list->size(), std::size_t{2});
        QCOMPARE(list->at(0).id, *id2);
        QCOMPARE(name(list->at(0).status), name(SignalStatus::Failed));
        QCOMPARE(list->at(0).error, std::string("Spread 12.4% is above the 10% limit"));
        QCOMPARE(name(list->at(1).status), name(SignalStatus::Done));
        QCOMPARE(list->at(1).executionId, std::optional<std::int64_t>(42));
        QCOMPARE(list->at(1).claimedBy, std::string("d1"));
    }

    // Two consoles starting on a new book: the first value written is kept, and the second
    // reads it back (last writer won before: the two kept different book tags).
    void keepFirstKeepsTheFirstWriter() {
        ExecutionStore a;
        QString url;
        QVERIFY(openFresh(a, &url));
        ExecutionStore b;
        b.setOutboxPath(freshOutbox());
        QVERIFY(b.open(url).ok());
        QCOMPARE(a.kept().keepFirst("book_tag", "aaaa1111").value(), std::string("aaaa1111"));
        QCOMPARE(b.kept().keepFirst("book_tag", "bbbb2222").value(), std::string("aaaa1111"));
        QCOMPARE(b.kept().value("book_tag").value().value_or(""), std::string("aaaa1111"));
        QVERIFY(a.kept().setValue("empty", "").ok()); // empty counts as none
        QCOMPARE(b.kept().keepFirst("empty", "cccc").value(), std::string("cccc"));
    }

    // A console whose claim ran out (released, then taken by another) finishes late: it must
    // not overwrite the other's claim. It marked FAILED a signal the other held with an order
    // working, and a trader who queued it again sent a second order under a new id.
    void aStaleFinishLeavesAnotherConsolesClaim() {
        ExecutionStore store;
        QVERIFY(openFresh(store));
        Signal s;
        s.symbol = "SPY";
        s.action = SignalAction::Call;
        s.source = "test";
        const auto id = store.signals().enqueue(s);
        QVERIFY(id.ok());
        QVERIFY(*store.signals().claim(*id, "console-a"));
        QVERIFY(*store.signals().release(*id, "console-a")); // its lease ran out
        QVERIFY(*store.signals().claim(*id, "console-b"));
        const auto late = store.signals().finish(*id, SignalStatus::Failed, std::nullopt,
                                                 "timed out", {"console-a"});
        QVERIFY(!late.ok());
        QVERIFY2(late.error().message.find("console-b") != std::string::npos,
                 late.error().message.c_str());
        auto row = store.signals().byId(*id);
        QVERIFY(row.ok() && row->has_value());
        QCOMPARE(name((*row)->status), name(SignalStatus::Claimed));
        QCOMPARE((*row)->claimedBy, std::string("console-b"));
        // The holder's own finish goes through, once.
        QVERIFY(store.signals().finish(*id, SignalStatus::Done, 7, "", {"console-b"}).ok());
        row = store.signals().byId(*id);
        QCOMPARE(name((*row)->status), name(SignalStatus::Done));
        QVERIFY(!store.signals()
                     .finish(*id, SignalStatus::Failed, std::nullopt, "x", {"console-b"})
                     .ok());
        QCOMPARE(name((*store.signals().byId(*id))->status), name(SignalStatus::Done));
    }

    void externalEngineRows() {
        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        {
            // An outside signal engine inserts with the table's defaults, sometimes badly.
            RawDb raw(url);
            QSqlQuery q(raw.db());
            QVERIFY2(q.exec(QStringLiteral("INSERT INTO dispatch_recommendations (symbol, action) "
                                           "VALUES ('QQQ', 'LONG_STRADDLE')")),
                     qPrintable(q.lastError().text()));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO dispatch_recommendations (symbol, action) "
                                          "VALUES ('spy', 'call')")));
        }
        auto c = store.signals().claimNext("d1");
        QVERIFY(c.ok() && c->has_value());
        QCOMPARE((*c)->symbol, std::string("spy"));
        QCOMPARE(name((*c)->action), name(SignalAction::Call));
        QCOMPARE(name((*c)->strategy), name(Strategy::DayTrade));
        QCOMPARE((*c)->source, std::string("external"));
        auto list = store.signals().list(10);
        const auto bad = std::find_if(list->begin(), list->end(),
                                      [](const Signal &s) { return s.symbol == "QQQ"; });
        QVERIFY(bad != list->end());
        QCOMPARE(name(bad->status), name(SignalStatus::Failed));
        QVERIFY2(bad->error.find("LONG_STRADDLE") != std::string::npos, bad->error.c_str());
    }

    void concurrentClaims() {
        const QString url = freshUrl();
        const int kSignals = 300;
        {
            ExecutionStore store;
            store.setOutboxPath(freshOutbox());
            QVERIFY(store.open(url).ok());
            for (int i = 0; i < kSignals; ++i) {
                Signal s;
                s.symbol = "S" + std::to_string(i);
                s.source = "test";
                QVERIFY(store.signals().enqueue(s).ok());
            }
        }
        std::vector<std::int64_t> taken[2];
        std::atomic<int> errors{0};
        std::string firstError;
        std::mutex errorMutex;
        auto worker = [&](int n) {
            ExecutionStore store;
            store.setOutboxPath(m_tmp.filePath(QStringLiteral("claim_outbox_%1.db").arg(n)));
            if (auto r = store.open(url); !r) {
                ++errors;
                return;
            }
            const std::string me = "dispatcher-" + std::to_string(n);
            for (;;) {
                auto c = store.signals().claimNext(me);
                if (!c) {
                    std::lock_guard lock(errorMutex);
                    firstError = c.error().message;
                    ++errors;
                    return;
                }
                if (!c->has_value())
                    return;
                taken[n].push_back((*c)->id);
                if (!store.signals()
                         .finish((*c)->id, SignalStatus::Done, std::nullopt, "", {me})
                         .ok())
                    ++errors;
            }
        };
        std::thread a(worker, 0);
        std::thread b(worker, 1);
        a.join();
        b.join();
        QVERIFY2(errors == 0, firstError.c_str());
        std::set<std::int64_t> all;
        for (auto &v : taken)
            for (auto id : v)
                QVERIFY2(all.insert(id).second, "a signal was claimed twice");
        QCOMPARE(int(all.size()), kSignals);
        qInfo("claims: %zu by dispatcher-0, %zu by dispatcher-1", taken[0].size(), taken[1].size());

        RawDb raw(url);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM dispatch_recommendations "
                                           "WHERE status = 'DONE' AND claimed_by IS NOT NULL"))
                     .toInt(),
                 kSignals);
    }

    // dispatch --signal claims the row it inserted by id: of a console claiming it by id and a
    // timer claiming the next PENDING one at the same time, exactly one gets it. A claim of a
    // dead run goes back to PENDING only for the holder named.
    void claimByIdAndRelease() {
        const QString url = freshUrl();
        ExecutionStore store;
        store.setOutboxPath(freshOutbox());
        QVERIFY(store.open(url).ok());
        Signal s;
        s.symbol = "SPY";
        s.source = "cli";
        const std::int64_t id = store.signals().enqueue(s).value();
        QCOMPARE(store.signals().claim(id, "cli/1").value(), true);
        QCOMPARE(store.signals().claim(id, "cli/2").value(), false);
        QVERIFY(!store.signals().claimNext("timer").value().has_value());
        QCOMPARE(store.signals().release(id, "someone-else").value(), false);
        QCOMPARE(store.signals().release(id, "cli/1").value(), true);
        QCOMPARE(store.signals().release(id, "cli/1").value(), false); // PENDING again, not CLAIMED
        const auto next = store.signals().claimNext("timer").value();
        QVERIFY(next.has_value());
        QCOMPARE(next->id, id);
        QVERIFY(store.signals().finish(id, SignalStatus::Done, std::nullopt, "", {"timer"}).ok());
        QCOMPARE(store.signals().claim(id, "cli/1").value(), false); // DONE stays DONE

        // Races: 40 new signals, each claimed by id on one thread while another drains the
        // queue with claimNextSignal.
        std::vector<std::int64_t> ids;
        for (int i = 0; i < 40; ++i)
            ids.push_back(store.signals().enqueue(s).value());
        std::atomic<int> byId{0}, byTimer{0}, errors{0};
        std::thread console([&] {
            ExecutionStore st;
            st.setOutboxPath(m_tmp.filePath(QStringLiteral("claim_id_outbox.db")));
            if (!st.open(url).ok())
                return void(++errors);
            for (const std::int64_t i : ids) {
                auto c = st.signals().claim(i, "console");
                if (!c)
                    ++errors;
                else
                    byId += *c;
            }
        });
        std::thread timer([&] {
            ExecutionStore st;
            st.setOutboxPath(m_tmp.filePath(QStringLiteral("claim_timer_outbox.db")));
            if (!st.open(url).ok())
                return void(++errors);
            for (int n = 0; n < 80; ++n) {
                auto c = st.signals().claimNext("timer");
                if (!c)
                    ++errors;
                else if (c->has_value())
                    ++byTimer;
            }
        });
        console.join();
        timer.join();
        QCOMPARE(errors.load(), 0);
        QCOMPARE(byId + byTimer, 40); // each exactly once
        RawDb raw(url);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM dispatch_recommendations WHERE "
                                           "status = 'CLAIMED'"))
                     .toInt(),
                 40);
        qInfo("40 signals: %d claimed by id, %d by the timer", byId.load(), byTimer.load());
    }

    // SKIP LOCKED holds: while another transaction holds FOR UPDATE on the oldest PENDING
    // signal, a claim returns the next one at once. A watchdog connection looks for the claim
    // waiting on that lock (pg_stat_activity); if it ever waits, the watchdog cancels it and the
    // test fails (without SKIP LOCKED the claim would wait, then report an empty queue).
    void claimSkipsALockedSignal() {
        if (!pg())
            QSKIP("PostgreSQL row locks; SQLite serialises writers with BEGIN IMMEDIATE");
        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        Signal s;
        s.source = "test";
        s.symbol = "OLD";
        s.createdAt = kBase;
        const std::int64_t oldest = store.signals().enqueue(s).value();
        s.symbol = "NEXT";
        s.createdAt = kBase + std::chrono::seconds(1);
        const std::int64_t next = store.signals().enqueue(s).value();

        RawDb locker(url);
        QVERIFY(locker.ok());
        QSqlQuery lock(locker.db());
        QVERIFY(lock.exec(QStringLiteral("BEGIN")));
        QVERIFY(lock.exec(QStringLiteral("SELECT id FROM dispatch_recommendations WHERE id = %1 "
                                         "FOR UPDATE")
                              .arg(oldest)));
        QVERIFY(lock.next());

        std::atomic<bool> claimed{false};
        std::atomic<bool> waited{false};
        std::thread watchdog([&] {
            RawDb watch(url);
            if (!watch.ok())
                return;
            while (!claimed) {
                QSqlQuery w(watch.db());
                if (w.exec(QStringLiteral(
                        "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE datname = "
                        "current_database() AND wait_event_type = 'Lock'")) &&
                    w.next()) {
                    waited = true;
                    return;
                }
                std::this_thread::yield();
            }
        });
        auto c = store.signals().claimNext("d1");
        claimed = true;
        watchdog.join();
        QVERIFY2(!waited, "the claim waited for the locked row instead of skipping it");
        QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
        QVERIFY(c->has_value());
        QCOMPARE((*c)->id, next);
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        // The locked one was left PENDING for the next claim.
        const auto after = store.signals().claimNext("d1").value();
        QVERIFY(after.has_value());
        QCOMPARE(after->id, oldest);
    }

    void engineState() {
        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        auto missing = store.kept().value("kill_switch");
        QVERIFY(missing.ok() && !missing->has_value());
        QVERIFY(store.kept().setValue("kill_switch", "on").ok());
        QVERIFY(store.kept().setValue("kill_switch", "off").ok());
        QVERIFY(!store.kept().setValue("", "x").ok());
        store.close();
        QVERIFY(store.open(url).ok()); // survives a restart
        QCOMPARE(store.kept().value("kill_switch")->value(), std::string("off"));
    }

    void orderStatusUpdates() {
        ExecutionStore store;
        QVERIFY(openFresh(store));
        ExecutionRecord r = sample(1);
        r.fillPrice.reset();
        QVERIFY(store.records().recordExecution(r).ok());
        QVERIFY(store.records().updateOrderStatus("cg-1", "partially_filled", std::nullopt).ok());
        QVERIFY(store.records().updateOrderStatus("cg-1", "filled", 3.46).ok());
        auto row = store.records().executions({})->front();
        QCOMPARE(row.orderStatus, std::string("filled"));
        QCOMPARE(row.fillPrice, std::optional<double>(3.46));
        auto unknown = store.records().updateOrderStatus("nope", "filled", 1.0);
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().message.find("nope") != std::string::npos);
        // A late `new` or a repeated `partial_fill` after the fill is left out, without an error;
        // the same final status may still add a price.
        QVERIFY(store.records().updateOrderStatus("cg-1", "new", std::nullopt).ok());
        QVERIFY(store.records().updateOrderStatus("cg-1", "partially_filled", 3.40).ok());
        row = store.records().executions({})->front();
        QCOMPARE(row.orderStatus, std::string("filled"));
        QCOMPARE(row.fillPrice, std::optional<double>(3.46));
        QVERIFY(store.records().updateOrderStatus("cg-1", "filled", 3.47).ok());
        QCOMPARE(store.records().executions({})->front().fillPrice, std::optional<double>(3.47));
    }

    // A record made while the order's fate was unknown (no order id) gets the id back-filled by
    // reconciliation, with the fill price and slippage vs mid, in the columns and explain_json.
    void orderUpdateBackfillsAndExplains() {
        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        ExecutionRecord r = sample(3);
        r.orderId.clear();
        r.orderStatus = "unknown";
        r.fillPrice.reset();
        QVERIFY(store.records().recordExecution(r).ok());

        OrderUpdate partial;
        partial.clientOrderId = "cg-3";
        partial.status = "partially_filled";
        partial.orderId = "ord-late";
        partial.fillPrice = 3.47;
        partial.filledQty = 1;
        partial.slippage = 0.02;
        QVERIFY(store.records().updateOrder(partial).ok());
        OrderUpdate filled = partial;
        filled.status = "filled";
        filled.orderId = "ord-other"; // an id already recorded is never replaced
        filled.fillPrice = 3.48;
        filled.filledQty = 2;
        filled.slippage = 0.03;
        QVERIFY(store.records().updateOrder(filled).ok());
        OrderUpdate statusOnly;
        statusOnly.clientOrderId = "cg-3";
        statusOnly.status = "filled"; // nothing else known: the fill stays
        QVERIFY(store.records().updateOrder(statusOnly).ok());

        const ExecutionRecord row = store.records().executions({})->front();
        QCOMPARE(row.orderId, std::string("ord-late"));
        QCOMPARE(row.orderStatus, std::string("filled"));
        QCOMPARE(row.fillPrice, std::optional<double>(3.48));
        QCOMPARE(row.slippage, std::optional<double>(0.03));
        const QJsonObject explain =
            QJsonDocument::fromJson(QByteArray::fromStdString(row.explainJson)).object();
        QCOMPARE(explain.value(QStringLiteral("alpaca_order_id")).toString(),
                 QStringLiteral("ord-late"));
        QCOMPARE(explain.value(QStringLiteral("order_status")).toString(),
                 QStringLiteral("filled"));
        QCOMPARE(explain.value(QStringLiteral("fill_price")).toDouble(), 3.48);
        QCOMPARE(explain.value(QStringLiteral("slippage")).toDouble(), 0.03);
        QCOMPARE(explain.value(QStringLiteral("filled_qty")).toDouble(), 2.0);
        QVERIFY(explain.value(QStringLiteral("gates")).isObject()); // the decision is kept

        // The seed's way of reading the order id sees the back-filled one.
        RawDb raw(url);
        const QString orderIdSql =
            pg() ? QStringLiteral("SELECT explain_json->>'alpaca_order_id' FROM "
                                  "dispatcher_execution WHERE client_order_id = 'cg-3'")
                 : QStringLiteral("SELECT json_extract(explain_json, '$.alpaca_order_id') FROM "
                                  "dispatcher_execution WHERE client_order_id = 'cg-3'");
        QCOMPARE(raw.scalar(orderIdSql).toString(), QStringLiteral("ord-late"));
        QCOMPARE(raw.scalar(QStringLiteral("SELECT slippage FROM dispatcher_execution")).toDouble(),
                 0.03);

        OrderUpdate unknown;
        unknown.clientOrderId = "nope";
        unknown.status = "filled";
        QVERIFY(!store.records().updateOrder(unknown).ok());
    }

    // An order that never arrived ends not_placed with the reason a trader reads (the record's
    // fallback_reason and explain_json); a record that has a reason keeps it.
    void notPlacedKeepsItsReason() {
        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        ExecutionRecord r = sample(5);
        r.orderId.clear();
        r.orderStatus = "unknown";
        r.fallbackReason.clear();
        QVERIFY(store.records().recordExecution(r).ok());
        OrderUpdate never;
        never.clientOrderId = "cg-5";
        never.status = "not_placed";
        never.reason = "Not placed: Alpaca has no order cg-5 10 min after it was sent";
        QVERIFY(store.records().updateOrder(never).ok());
        ExecutionRecord row = store.records().executions({})->front();
        QCOMPARE(row.orderStatus, std::string("not_placed"));
        QCOMPARE(row.fallbackReason, never.reason);
        QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(row.explainJson))
                     .object()
                     .value(QStringLiteral("fallback_reason"))
                     .toString(),
                 QString::fromStdString(never.reason));
        OrderUpdate again = never;
        again.reason = "another reason";
        QVERIFY(store.records().updateOrder(again).ok());
        row = store.records().executions({})->front();
        QCOMPARE(row.fallbackReason, never.reason);
        // Through the outbox's JSON (PostgreSQL away) the reason is kept.
        QCOMPARE(orderUpdateFromJson(orderUpdateToJson(never)).reason, never.reason);
    }

    // The same update while PostgreSQL is away: queued in the outbox, applied on the replay.
    void orderUpdateThroughOutbox() {
        if (!pg())
            QSKIP("The outbox stands in for PostgreSQL; it runs in the PostgreSQL build");
        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        store.setReconnectInterval(0);
        ExecutionRecord r = sample(4);
        r.orderId.clear();
        r.orderStatus = "unknown";
        QVERIFY(store.records().recordExecution(r).ok());
        QString err = m_fixture.stopServer();
        QVERIFY2(err.isEmpty(), qPrintable(err));
        OrderUpdate u;
        u.clientOrderId = "cg-4";
        u.status = "filled";
        u.orderId = "ord-replayed";
        u.fillPrice = 3.52;
        u.filledQty = 2;
        u.slippage = 0.07;
        QVERIFY(store.records().updateOrder(u).ok());
        QCOMPARE(store.health(), StoreHealth::Outbox);
        QCOMPARE(store.outboxSize().value(), 1);
        err = m_fixture.startServer();
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QVERIFY(store.reconnect().ok());
        QCOMPARE(store.outboxSize().value(), 0);
        RawDb raw(url);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT explain_json->>'alpaca_order_id' FROM "
                                           "dispatcher_execution WHERE client_order_id = 'cg-4'"))
                     .toString(),
                 QStringLiteral("ord-replayed"));
        QCOMPARE(raw.scalar(QStringLiteral("SELECT order_id || ' ' || order_status || ' ' || "
                                           "fill_price || ' ' || slippage || ' ' || "
                                           "(explain_json->>'slippage') FROM dispatcher_execution"))
                     .toString(),
                 QStringLiteral("ord-replayed filled 3.52 0.07 0.07"));
    }

    // PostgreSQL answering but unable to write (a read-only standby after a fail-over, a full
    // disk, a lock or statement timeout) is an outage like the server gone: the record waits in
    // the outbox and is written once the server can write again. It was refused for good
    // ("cannot execute INSERT in a read-only transaction") and the decision lost.
    void readOnlyPostgreSqlKeepsTheRecordInTheOutbox() {
        if (!pg())
            QSKIP("A PostgreSQL server's states; SQLite's own are covered above");
        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        store.setReconnectInterval(0);
        RawDb admin(url);
        QVERIFY(admin.ok());
        const auto setReadOnly = [&admin](bool on) {
            QSqlQuery q(admin.db());
            return q.exec(
                       on ? QStringLiteral("ALTER SYSTEM SET default_transaction_read_only = on")
                          : QStringLiteral("ALTER SYSTEM RESET default_transaction_read_only")) &&
                   q.exec(QStringLiteral("SELECT pg_reload_conf()"));
        };
        QVERIFY(setReadOnly(true));
        QTest::qWait(200); // the reload reaches the store's session before its next statement
        const auto written = store.records().recordExecution(sample(5));
        QVERIFY(setReadOnly(false));
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message.c_str());
        QCOMPARE(store.outboxSize().value(), 1);
        QCOMPARE(store.health(), StoreHealth::Outbox);
        QTest::qWait(200);
        QVERIFY(store.reconnect().ok());
        QCOMPARE(store.outboxSize().value(), 0);
        QCOMPARE(admin.scalar(QStringLiteral("SELECT count(*) FROM dispatcher_execution")).toInt(),
                 1);
    }

    // An order's intent is a record before the order is sent; the broker's answer completes the
    // same row (same uid), and the order counts toward the day's limit from the intent on.
    void intentCompletedInPlace() {
        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        const Timestamp dayStart = kBase - std::chrono::hours(1);
        ExecutionRecord intent = sample(1);
        intent.orderId.clear();
        intent.orderStatus = "sending";
        intent.fillPrice.reset();
        auto written = store.records().recordIntent(intent, OrderCountLimit{dayStart, 5});
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message.c_str());
        QVERIFY(written->id > 0);
        QVERIFY(!written->limitReached);
        QCOMPARE(written->ordersSince, 0);
        QCOMPARE(store.records().countOrders(dayStart).value(), 1);

        ExecutionRecord done = intent;
        done.orderId = "ord-answer";
        done.orderStatus = "accepted";
        done.qty = 3;
        done.explainJson = R"({"alpaca_order_id":"ord-answer","adopted_existing_order":true})";
        auto completed = store.records().completeExecution(done);
        QVERIFY2(completed.ok(), completed.ok() ? "" : completed.error().message.c_str());
        QCOMPARE(*completed, written->id);
        auto rows = store.records().executions({});
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), std::size_t{1});
        QCOMPARE(rows->front().executionUid, intent.executionUid);
        QCOMPARE(rows->front().orderId, std::string("ord-answer"));
        QCOMPARE(rows->front().orderStatus, std::string("accepted"));
        QCOMPARE(*rows->front().qty, 3);
        RawDb raw(url);
        QCOMPARE(raw.scalar(pg() ? QStringLiteral("SELECT explain_json->>'alpaca_order_id' FROM "
                                                  "dispatcher_execution")
                                 : QStringLiteral("SELECT json_extract(explain_json, "
                                                  "'$.alpaca_order_id') FROM dispatcher_execution"))
                     .toString(),
                 QStringLiteral("ord-answer"));
        // Completing twice (an outbox replay) changes nothing more.
        QCOMPARE(store.records().completeExecution(done).value(), written->id);
        QCOMPARE(store.records().executions({})->size(), std::size_t{1});
        // A completion without its intent (written elsewhere) is inserted.
        ExecutionRecord orphan = sample(2);
        QVERIFY(store.records().completeExecution(orphan).value() > 0);
        QCOMPARE(store.records().executions({})->size(), std::size_t{2});

        // What counts as an order: not a fallback, not one recorded as never placed, not one
        // from before the day.
        QCOMPARE(store.records().countOrders(dayStart).value(), 2);
        ExecutionRecord fallback = sample(3);
        fallback.mode = ExecutionMode::SimulatedFallback;
        fallback.clientOrderId.clear();
        fallback.orderId.clear();
        QVERIFY(store.records().recordExecution(fallback).ok());
        QVERIFY(store.records().updateOrderStatus("cg-2", "not_placed", std::nullopt).ok());
        ExecutionRecord yesterday = sample(4);
        yesterday.createdAt = dayStart - std::chrono::hours(20);
        QVERIFY(store.records().recordExecution(yesterday).ok());
        QCOMPARE(store.records().countOrders(dayStart).value(), 1);

        // A replace (PATCH) is the same trade with new figures: the replacing order's row does
        // not count, whatever the replaced one's status (pending_replace, replaced, or filled
        // when its fill beat the replace), and reads back with the order it replaced.
        ExecutionRecord replacing = done;
        replacing.id = 0;
        replacing.executionUid = "uid-replacing";
        replacing.clientOrderId = done.clientOrderId + "-r1234";
        replacing.orderId = "ord-replacing";
        replacing.orderStatus = "new";
        replacing.replacesOrderId = done.orderId;
        QVERIFY(store.records().recordExecution(replacing).ok());
        for (const char *status : {"pending_replace", "replaced", "filled"}) {
            QVERIFY(
                store.records().updateOrderStatus(done.clientOrderId, status, std::nullopt).ok());
            QCOMPARE(store.records().countOrders(dayStart).value(), 1);
        }
        ExecutionFilter byId;
        byId.clientOrderId = replacing.clientOrderId;
        QCOMPARE(store.records().executions(byId).value().front().replacesOrderId,
                 std::string("ord-answer"));
    }

    // Consoles writing intents at the same time never exceed the day's order limit together.
    void intentLimitHoldsAcrossConsoles() {
        const QString url = freshUrl();
        {
            ExecutionStore store;
            store.setOutboxPath(freshOutbox());
            QVERIFY(store.open(url).ok());
        }
        constexpr int kLimit = 7;
        constexpr int kPerConsole = 6;
        std::atomic<int> written{0}, refused{0}, errors{0};
        std::string firstError;
        std::mutex errorMutex;
        auto console = [&](int n) {
            ExecutionStore store;
            store.setOutboxPath(m_tmp.filePath(QStringLiteral("intent_outbox_%1.db").arg(n)));
            if (auto r = store.open(url); !r) {
                ++errors;
                return;
            }
            for (int i = 0; i < kPerConsole; ++i) {
                ExecutionRecord r = sample(100 * n + i);
                r.orderStatus = "sending";
                auto w = store.records().recordIntent(r, OrderCountLimit{kBase, kLimit});
                if (!w) {
                    std::lock_guard lock(errorMutex);
                    firstError = w.error().message;
                    ++errors;
                } else if (w->limitReached) {
                    ++refused;
                } else {
                    ++written;
                }
            }
        };
        std::thread a(console, 1);
        std::thread b(console, 2);
        std::thread c(console, 3);
        a.join();
        b.join();
        c.join();
        QVERIFY2(errors == 0, firstError.c_str());
        QCOMPARE(written.load(), kLimit);
        QCOMPARE(refused.load(), 3 * kPerConsole - kLimit);
        RawDb raw(url);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM dispatcher_execution")).toInt(),
                 kLimit);
    }

    // The database cannot be written (SQLite: another connection holds the write lock past the
    // busy timeout; PostgreSQL: the server is down): an intent is refused, never queued, so no
    // order goes out; a record is queued in the local outbox and replayed when it can be written.
    void unwritableDatabaseRefusesIntentsAndQueuesRecords() {
        ExecutionStore store;
        QString url;
        store.setBusyTimeout(100);
        QVERIFY(openFresh(store, &url));
        store.setReconnectInterval(0);
        ExecutionRecord sent = sample(1);
        sent.orderStatus = "sending";
        QVERIFY(store.records().recordIntent(sent, {}).ok());

        std::unique_ptr<RawDb> lock;
        if (pg()) {
            const QString err = m_fixture.stopServer();
            QVERIFY2(err.isEmpty(), qPrintable(err));
        } else {
            lock = std::make_unique<RawDb>(url);
            QSqlQuery q(lock->db());
            QVERIFY2(q.exec(QStringLiteral("BEGIN EXCLUSIVE")), qPrintable(q.lastError().text()));
        }
        // A failed check must not leave the server down for the tests after this one.
        struct Restart {
            TestExecutionStore *t;
            ~Restart() {
                if (t->pg() && !t->m_fixture.isRunning())
                    (void)t->m_fixture.startServer();
            }
        } restart{this};
        auto intent = store.records().recordIntent(sample(2), {});
        QVERIFY(!intent.ok());
        if (!pg()) {
            const QString why = QString::fromStdString(intent.error().message);
            QVERIFY2(why.contains(QStringLiteral("locked")), qPrintable(why));
        }
        QCOMPARE(store.outboxSize().value(), 0); // never queued

        ExecutionRecord answered = sent;
        answered.orderId = "ord-1";
        answered.orderStatus = "accepted";
        auto completed = store.records().completeExecution(answered);
        QVERIFY2(completed.ok(), completed.ok() ? "" : completed.error().message.c_str());
        QCOMPARE(*completed, std::int64_t{0}); // queued
        ExecutionRecord fallback = sample(3);
        fallback.mode = ExecutionMode::SimulatedFallback;
        fallback.clientOrderId.clear();
        QCOMPARE(store.records().recordExecution(fallback).value(), std::int64_t{0});
        QCOMPARE(store.health(), StoreHealth::Outbox);
        QCOMPARE(store.outboxSize().value(), 2);
        QVERIFY2(store.healthMessage().contains(QStringLiteral("2 records waiting")),
                 qPrintable(store.healthMessage()));
        // still refused while it cannot write
        QVERIFY(!store.records().recordIntent(sample(4), {}).ok());

        if (pg()) {
            const QString err = m_fixture.startServer();
            QVERIFY2(err.isEmpty(), qPrintable(err));
        } else {
            QSqlQuery q(lock->db());
            QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
            lock.reset();
        }
        QVERIFY(store.reconnect().ok());
        QCOMPARE(store.health(), StoreHealth::Connected);
        QCOMPARE(store.outboxSize().value(), 0);
        auto rows = store.records().executions({});
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), std::size_t{2});
        for (const ExecutionRecord &r : *rows) {
            if (r.executionUid == sent.executionUid) {
                QCOMPARE(r.orderId, std::string("ord-1"));
                QCOMPARE(r.orderStatus, std::string("accepted"));
            }
        }
        QVERIFY(store.records().recordIntent(sample(5), {}).ok());
    }

    void outageInTheMiddleOfARun() {
        if (!pg())
            QSKIP("The outbox stands in for PostgreSQL; it runs in the PostgreSQL build");
        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        store.setReconnectInterval(0); // retry on every call: no waiting in the test
        QList<QPair<StoreHealth, QString>> health;
        connect(&store, &ExecutionStore::healthChanged, this, [&](StoreHealth h, const QString &m) {
            health.append({h, m});
        });

        int n = 0;
        for (; n < 5; ++n) {
            auto id = store.records().recordExecution(sample(n));
            QVERIFY(id.ok() && *id > 0);
        }
        QVERIFY(store.records().updateOrderStatus("cg-0", "filled", 3.44).ok());

        QString err = m_fixture.stopServer();
        QVERIFY2(err.isEmpty(), qPrintable(err));
        for (; n < 10; ++n) {
            auto id = store.records().recordExecution(sample(n));
            QVERIFY2(id.ok(), id.ok() ? "" : id.error().message.c_str());
            QCOMPARE(*id, std::int64_t{0}); // queued locally
        }
        QVERIFY(
            store.records().recordExecution(sample(2)).ok()); // a duplicate of a row already stored
        QVERIFY(store.records().updateOrderStatus("cg-7", "filled", 3.47).ok());
        QCOMPARE(store.health(), StoreHealth::Outbox);
        QCOMPARE(store.outboxSize().value(), 7);
        QVERIFY(!health.isEmpty());
        QCOMPARE(health.last().first, StoreHealth::Outbox);
        QVERIFY2(
            health.last().second.contains(QStringLiteral("7 records waiting in the local outbox")),
            qPrintable(health.last().second));
        QVERIFY(!health.last().second.contains(m_fixture.password()));
        auto readWhileAway = store.records().executions({});
        QVERIFY(!readWhileAway.ok());
        QVERIFY(readWhileAway.error().message.find("unreachable") != std::string::npos);
        Signal away;
        away.symbol = "AAPL";
        QVERIFY(!store.signals().enqueue(away).ok());

        err = m_fixture.startServer();
        QVERIFY2(err.isEmpty(), qPrintable(err));
        for (; n < 13; ++n) {
            auto id = store.records().recordExecution(sample(n));
            QVERIFY2(id.ok(), id.ok() ? "" : id.error().message.c_str());
            QVERIFY(*id > 0); // straight to PostgreSQL, after the replay
        }
        QCOMPARE(store.health(), StoreHealth::Connected);
        QCOMPARE(store.outboxSize().value(), 0);
        QCOMPARE(health.last().first, StoreHealth::Connected);

        RawDb raw(url);
        QSqlQuery q(raw.db());
        QVERIFY(q.exec(QStringLiteral("SELECT execution_uid, order_status, fill_price "
                                      "FROM dispatcher_execution ORDER BY id")));
        int i = 0;
        while (q.next()) {
            QCOMPARE(q.value(0).toString(), QStringLiteral("uid-%1").arg(i)); // each once, in order
            if (i == 0 || i == 7) {
                QCOMPARE(q.value(1).toString(), QStringLiteral("filled"));
            }
            if (i == 7) {
                QCOMPARE(q.value(2).toDouble(), 3.47);
            }
            ++i;
        }
        QCOMPARE(i, 13);
    }

    void timerReplaysWithoutNewWrites() {
        if (!pg())
            QSKIP("The outbox stands in for PostgreSQL; it runs in the PostgreSQL build");
        ExecutionStore store;
        QString url;
        QVERIFY(openFresh(store, &url));
        QString err = m_fixture.stopServer();
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QVERIFY(store.records().recordExecution(sample(1)).ok());
        QCOMPARE(store.health(), StoreHealth::Outbox);
        store.setReconnectInterval(200);
        err = m_fixture.startServer();
        QVERIFY2(err.isEmpty(), qPrintable(err));
        // Nothing else is written: the store's own timer brings the record over.
        QTRY_VERIFY_WITH_TIMEOUT(store.health() == StoreHealth::Connected, 20000);
        QCOMPARE(store.outboxSize().value(), 0);
        RawDb raw(url);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM dispatcher_execution")).toInt(),
                 1);
    }

    void outboxSurvivesRestartWhileAway() {
        if (!pg())
            QSKIP("The outbox stands in for PostgreSQL; it runs in the PostgreSQL build");
        const QString url = freshUrl();
        const QString outbox = freshOutbox();
        {
            ExecutionStore store;
            store.setOutboxPath(outbox);
            QVERIFY(store.open(url).ok()); // schema in place
        }
        QString err = m_fixture.stopServer();
        QVERIFY2(err.isEmpty(), qPrintable(err));
        {
            ExecutionStore store; // the console starts while PostgreSQL is down
            store.setOutboxPath(outbox);
            auto opened = store.open(url);
            QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
            QCOMPARE(store.health(), StoreHealth::Outbox);
            for (int i = 0; i < 3; ++i)
                QVERIFY(store.records().recordExecution(sample(i)).ok());
            QCOMPARE(store.outboxSize().value(), 3);
            QVERIFY(!store.reconnect().ok());
        } // ...and quits before it returns
        err = m_fixture.startServer();
        QVERIFY2(err.isEmpty(), qPrintable(err));
        ExecutionStore store;
        store.setOutboxPath(outbox);
        QVERIFY(store.open(url).ok()); // replays at open
        QCOMPARE(store.health(), StoreHealth::Connected);
        QCOMPARE(store.outboxSize().value(), 0);
        auto rows = store.records().executions({});
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), std::size_t{3});
        QCOMPARE(rows->back().executionUid, std::string("uid-0"));
    }

    void passwordNeverInErrors() {
        if (!pg())
            QSKIP("SQLite has no password");
        QString url = m_fixture.url(QStringLiteral("postgres"));
        const QString encoded = QString::fromUtf8(QUrl::toPercentEncoding(m_fixture.password()));
        const QString wrong = QStringLiteral("Wr0ngPassw0rd");
        url.replace(encoded, wrong);
        ExecutionStore store;
        store.setOutboxPath(freshOutbox());
        auto r = store.open(url);
        QVERIFY(!r.ok()); // a refused login is an error, not an outage
        QVERIFY2(r.error().message.find("Wr0ngPassw0rd") == std::string::npos,
                 r.error().message.c_str());
        QVERIFY2(r.error().message.find("password authentication failed") != std::string::npos,
                 r.error().message.c_str());
        QVERIFY(r.error().message.find("127.0.0.1") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestExecutionStore)
#include "tst_execution_store.moc"
