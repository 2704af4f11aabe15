// The account bar, Positions/Orders/Executions/Metrics docks and the settings dialog, offscreen:
// an in-process broker and a temporary SQLite store; the keychain as the test machine has it
// (usually none: the fallback to the environment must show).

#include "config/config_store.h"
#include "keychain/alpaca_keychain.h"
#include "models/account_model.h"
#include "models/broker_refresher.h"
#include "models/console_session.h"
#include "models/execution_filter_proxy_model.h"
#include "models/executions_model.h"
#include "models/positions_model.h"
#include "storage/execution_store.h"
#include "storage/migrations.h"
#include "support/down_broker.h"
#include "support/fake_broker.h"
#include "support/fake_market_data.h"
#include "ui/account_bar.h"
#include "ui/executions_panel.h"
#include "ui/metrics_panel.h"
#include "ui/panels_docks.h"
#include "ui/settings_dialog.h"
#include "ui/trading_table_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocumentFragment>

using namespace cg;
using namespace cg::models;
using namespace cg::ui;
using cg::keychain::AlpacaKeychain;

namespace {

const Timestamp kBase = Timestamp{std::chrono::milliseconds{1767364200000}}; // 2026-01-02 14:30Z

ExecutionRecord record(int i, const std::string &ticker, ExecutionMode mode) {
    ExecutionRecord r;
    r.executionUid = "ui-uid-" + std::to_string(i);
    r.ticker = ticker;
    r.action = "CALL";
    r.instrumentType = "OPTION";
    r.mode = mode;
    r.strategy = "day_trade";
    r.optionSymbol = ticker + "260109C00200000";
    r.strike = 200.0;
    r.expiry = "2026-01-09";
    r.qty = 1;
    r.limitPrice = 2.0;
    r.bid = 1.95;
    r.ask = 2.05;
    r.spreadPct = 5.0;
    r.createdAt = kBase + std::chrono::hours(i);
    r.explainJson =
        R"({"gates":{"quote_valid":{"pass":true,"reason":"Bid 1.95 and ask 2.05 are valid"},
        "spread":{"pass":true,"reason":"Spread 5.00% is within the 10% limit"},
        "not_expired":{"pass":true,"reason":"Expires 2026-01-09, 7 days left"},
        "open_interest":{"pass":true,"reason":"Open interest 900 meets the minimum of 100"},
        "volume":{"pass":true,"reason":"Volume 300 meets the minimum of 100"}},
        "reason":"All checks passed"})";
    if (mode == ExecutionMode::SimulatedFallback) {
        r.fallbackReason = "Open interest 42 is below the minimum of 100";
        r.fillPrice = 2.0;
    } else {
        r.clientOrderId = "cg-sig-" + std::to_string(i);
        r.orderId = "ord-" + std::to_string(i);
        r.orderStatus = "filled";
        r.fillPrice = 2.01;
    }
    return r;
}

QByteArray fileBytes(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestTradingPanels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void panelsFillFromBrokerAndStore();
    void executionsFilterExplainAndExport();
    void brokerDownIsVisible();
    void settingsRefuseInvalidValues();
    void settingsLiveNeedsConfirmation();
    void settingsKeysNeverInSettingsFile();
    void settingsDatabaseTest();
    void settingsDatabaseTestNeverFreezesTheDialog();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ExecutionStore> m_store;
};

void TestTradingPanels::init() {
    QVERIFY(m_dir.isValid());
    m_store = std::make_unique<ExecutionStore>();
    m_store->setOutboxPath(m_dir.filePath(QStringLiteral("outbox.db")));
    QFile::remove(m_dir.filePath(QStringLiteral("exec.db")));
    QVERIFY(
        m_store->open(QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("exec.db"))).ok());
}

void TestTradingPanels::panelsFillFromBrokerAndStore() {
    test::FakeBroker broker;
    broker.acct.equity = 101234.56;
    Position p;
    p.symbol = "SPY";
    p.assetClass = "us_equity";
    p.qty = 3;
    p.avgEntryPrice = 600;
    p.currentPrice = 601;
    p.unrealizedPl = 3;
    broker.positionList = {p};
    for (int i = 0; i < 5; ++i)
        QVERIFY(m_store->records()
                    .recordExecution(record(i, "SPY",
                                            i == 4 ? ExecutionMode::SimulatedFallback
                                                   : ExecutionMode::AlpacaPaper))
                    .ok());
    test::FakeMarketData market;
    FixedClock clock(kBase + std::chrono::hours(10));
    ConsoleSession::Options co;
    co.brokerPollMs = 50;
    ConsoleSession session(broker, market, *m_store, clock, co);
    QMainWindow window;
    TradingPanels::Options o;
    o.executionsPollMs = 50;
    auto *panels = new TradingPanels(&window, session, o);
    (void)session.start();
    window.resize(1400, 900);
    window.show();

    QTRY_COMPARE(panels->accountBar()->equityLabel()->text(), QStringLiteral("$101,234.56"));
    QCOMPARE(panels->accountBar()->dayPnlLabel()->text(), QStringLiteral("+$1,234.56 (+1.23%)"));
    QCOMPARE(panels->positionsTable()->model()->rowCount(), 1);
    QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("executionsDock")));
    QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("metricsDock")));
    QCOMPARE(window.tabifiedDockWidgets(panels->positionsDock()).size(), 3);

    // The broker moves: the bar follows on the next poll.
    broker.acct.equity = 99000;
    QTRY_COMPARE(panels->accountBar()->equityLabel()->text(), QStringLiteral("$99,000.00"));
    QVERIFY(panels->accountBar()->dayPnlLabel()->text().startsWith(QStringLiteral("-$1,000.00")));

    // A decision recorded elsewhere shows up in Executions while it is shown, without a click.
    QCOMPARE(panels->executionsModel()->rowCount(), 5);
    panels->executionsDock()->raise();
    QVERIFY(m_store->records().recordExecution(record(6, "QQQ", ExecutionMode::AlpacaPaper)).ok());
    QTRY_COMPARE(panels->executionsModel()->rowCount(), 6);

    MetricsPanel *metrics = panels->metricsPanel();
    metrics->setPeriod(MetricsPeriod::AllTime);
    QCOMPARE(metrics->metrics().total, 6);
    QCOMPARE(metrics->metrics().ordersPlaced, 5);
    QVERIFY2(metrics->orderShareLabel()->text().contains(QStringLiteral("83%")),
             qPrintable(metrics->orderShareLabel()->text()));
    QVERIFY(metrics->fillRateLabel()->text().contains(QStringLiteral("5 of 5 filled")));
    QVERIFY(metrics->spreadLabel()->text().contains(QStringLiteral("5.0%")));
    // Today in New York (the fixed clock is 2026-01-03 00:30Z = Jan 2, 19:30 ET): all of them.
    metrics->setPeriod(MetricsPeriod::Today);
    QCOMPARE(metrics->metrics().total, 6);
}

void TestTradingPanels::executionsFilterExplainAndExport() {
    for (int i = 0; i < 4; ++i)
        QVERIFY(m_store->records()
                    .recordExecution(record(i, i % 2 ? "QQQ" : "SPY",
                                            i == 3 ? ExecutionMode::SimulatedFallback
                                                   : ExecutionMode::AlpacaPaper))
                    .ok());
    ExecutionsModel model;
    model.setStore(m_store.get());
    QVERIFY(model.reload());
    ExecutionsPanel panel(&model);
    panel.resize(1200, 400);
    panel.show();
    QCOMPARE(panel.proxy()->rowCount(), 4);
    QCOMPARE(panel.countLabel()->text(), QStringLiteral("4 execution(s)"));

    panel.symbolEdit()->setText(QStringLiteral("qqq"));
    QCOMPARE(panel.proxy()->rowCount(), 2);
    panel.modeCombo()->setCurrentIndex(
        panel.modeCombo()->findData(static_cast<int>(ExecutionMode::SimulatedFallback)));
    QCOMPARE(panel.proxy()->rowCount(), 1);
    QCOMPARE(panel.countLabel()->text(), QStringLiteral("1 of 4 execution(s)"));

    panel.table()->selectRow(0);
    const QString text = panel.explanation()->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("No order (simulated fallback at mid)")),
             qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("PASS")));
    QVERIFY(text.contains(QStringLiteral("Open interest 900 meets the minimum of 100")));
    QVERIFY(!text.contains(QStringLiteral("\"pass\"")));

    const QString csvPath = m_dir.filePath(QStringLiteral("out.csv"));
    const auto written = panel.exportCsvTo(csvPath);
    QVERIFY(written.ok());
    QCOMPARE(*written, 1);
    const QList<QByteArray> lines = fileBytes(csvPath).split('\n');
    QCOMPARE(lines.size(), 3); // header, one row, the empty tail after the last CRLF
    QVERIFY(lines[1].contains("SIMULATED_FALLBACK"));
    QVERIFY(lines[1].contains("QQQ"));

    // A date range in local days: only day one (records 0-3 are all on 2026-01-02 UTC hours).
    panel.clearFilters();
    QCOMPARE(panel.proxy()->rowCount(), 4);
    const QDate day = QDateTime::fromMSecsSinceEpoch(kBase.time_since_epoch().count()).date();
    panel.fromEdit()->setDate(day.addDays(1));
    QVERIFY(panel.proxy()->rowCount() < 4);
    panel.fromEdit()->setDate(day.addDays(-1));
    panel.toEdit()->setDate(day.addDays(1));
    QCOMPARE(panel.proxy()->rowCount(), 4);
    QVERIFY(!panel.exportCsvTo(m_dir.filePath(QStringLiteral("no/such/dir/x.csv"))).ok());
}

void TestTradingPanels::brokerDownIsVisible() {
    test::DownBroker down;
    test::FakeMarketData market;
    ExecutionStore notOpen;
    FixedClock clock(kBase);
    ConsoleSession session(down, market, notOpen, clock, ConsoleSession::Options{});
    (void)session.start();
    QMainWindow window;
    auto *panels = new TradingPanels(&window, session, TradingPanels::Options{});
    window.show();
    QVERIFY(!panels->accountBar()->errorLabel()->isHidden());
    QVERIFY(panels->accountBar()->errorLabel()->toolTip().contains(
        QStringLiteral("connection refused")));
    QCOMPARE(panels->accountBar()->equityLabel()->text(), QStringLiteral("\u2014"));
    QVERIFY2(panels->executionsModel()->lastError().contains(QStringLiteral("not open")),
             qPrintable(panels->executionsModel()->lastError()));
    // An empty Positions table does not claim "No open positions" while the broker is down.
    QVERIFY2(panels->positionsTable()->placeholderText().startsWith(
                 QStringLiteral("Positions unavailable, the broker did not answer: Could not "
                                "reach Alpaca")),
             qPrintable(panels->positionsTable()->placeholderText()));
}

void TestTradingPanels::settingsRefuseInvalidValues() {
    const QString ini = m_dir.filePath(QStringLiteral("settings-invalid.conf"));
    QFile::remove(ini);
    QSettings settings(ini, QSettings::IniFormat);
    AlpacaKeychain keychain(
        QStringLiteral("ChainGate-test-%1").arg(QCoreApplication::applicationPid()));
    SettingsDialog dialog(settings, keychain);

    dialog.maxSpreadSpin()->setValue(150);
    auto r = dialog.save();
    QVERIFY(!r.ok());
    QVERIFY2(QString::fromStdString(r.error().message).contains(QStringLiteral("spread")),
             r.error().message.c_str());
    QVERIFY(!dialog.errorLabel()->isHidden());
    QVERIFY(dialog.errorLabel()->text().startsWith(QStringLiteral("Not saved")));
    settings.sync();
    QVERIFY(!fileBytes(ini).contains("150"));

    dialog.maxSpreadSpin()->setValue(12.5);
    dialog.minDteSpin(Strategy::Swing)->setValue(60);
    dialog.maxDteSpin(Strategy::Swing)->setValue(45);
    QVERIFY(!dialog.save().ok());
    QVERIFY(!fileBytes(ini).contains("12.5"));

    dialog.maxDteSpin(Strategy::Swing)->setValue(90);
    dialog.postgresRadio()->setChecked(true);
    dialog.postgresUrlEdit()->setText(
        QStringLiteral("postgresql://trader:hunter2pw@db.example/cg"));
    r = dialog.save();
    QVERIFY(!r.ok());
    QVERIFY(!QString::fromStdString(r.error().message).contains(QStringLiteral("hunter2pw")));
    QVERIFY(!dialog.errorLabel()->text().contains(QStringLiteral("hunter2pw")));
    QVERIFY(!fileBytes(ini).contains("hunter2pw"));

    dialog.postgresUrlEdit()->setText(QStringLiteral("postgresql://trader@db.example/cg"));
    // The ticket's precautions and the quote age are settings the trader can change here.
    auto *through = dialog.findChild<QDoubleSpinBox *>(QStringLiteral("throughMarketSpin"));
    auto *budgetCap = dialog.findChild<QCheckBox *>(QStringLiteral("budgetIsCapBox"));
    auto *quoteAge = dialog.findChild<QSpinBox *>(QStringLiteral("maxQuoteAgeSpin"));
    QVERIFY(through && budgetCap && quoteAge);
    QCOMPARE(through->value(), 10.0);
    // CHAINGATE_TEST_SHOTS=DIR: a picture of the tab (to look at it).
    if (const QString dir = qEnvironmentVariable("CHAINGATE_TEST_SHOTS"); !dir.isEmpty()) {
        through->window()->show();
        if (auto *tabs = dialog.findChild<QTabWidget *>())
            tabs->setCurrentIndex(2);
        QTest::qWait(50);
        dialog.grab().save(dir + QStringLiteral("/settings_risk.png"));
    }
    QVERIFY(budgetCap->isChecked());
    through->setValue(7.5);
    budgetCap->setChecked(false);
    quoteAge->setValue(30);
    // The chain's flashes can be switched off (Display tab), and the choice is kept.
    auto *flash = dialog.findChild<QCheckBox *>(QStringLiteral("flashChangesBox"));
    QVERIFY(flash && flash->isChecked());
    flash->setChecked(false);
    QSignalSpy saved(&dialog, &SettingsDialog::saved);
    r = dialog.save();
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(saved.count(), 1);
    QVERIFY(dialog.errorLabel()->isHidden());
    const auto loaded = config::loadFile(ini);
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
    QCOMPARE(loaded->dispatcher.gates.maxSpreadPct, 12.5);
    QCOMPARE(loaded->dispatcher.params(Strategy::Swing).minDte, 60);
    QCOMPARE(loaded->databaseUrl, QStringLiteral("postgresql://trader@db.example/cg"));
    QCOMPARE(loaded->dispatcher.precautions.maxThroughMarketPct, 7.5);
    QVERIFY(!loaded->dispatcher.precautions.budgetIsCap);
    QCOMPARE(loaded->dispatcher.maxQuoteAgeSec, 30);
    QVERIFY(!loaded->display.flashChanges);
    QVERIFY(!saved.at(0).at(0).value<config::AppConfig>().display.flashChanges);

    // A new dialog shows what was saved.
    SettingsDialog again(settings, keychain);
    QCOMPARE(again.maxSpreadSpin()->value(), 12.5);
    QVERIFY(!again.findChild<QCheckBox *>(QStringLiteral("flashChangesBox"))->isChecked());
    QVERIFY(again.postgresRadio()->isChecked());
}

void TestTradingPanels::settingsLiveNeedsConfirmation() {
    const QString ini = m_dir.filePath(QStringLiteral("settings-live.conf"));
    QFile::remove(ini);
    QSettings settings(ini, QSettings::IniFormat);
    AlpacaKeychain keychain(
        QStringLiteral("ChainGate-test-%1").arg(QCoreApplication::applicationPid()));
    SettingsDialog dialog(settings, keychain);
    QCOMPARE(dialog.endpointCombo()->currentIndex(), 0); // paper by default
    QVERIFY(!dialog.editedConfig().endpoints.isLive());

    int asked = 0;
    dialog.setLiveConfirmation([&] {
        ++asked;
        return false;
    });
    dialog.endpointCombo()->setCurrentIndex(1);
    Q_EMIT dialog.endpointCombo()->activated(1);
    QCOMPARE(asked, 1);
    QCOMPARE(dialog.endpointCombo()->currentIndex(), 0);
    QVERIFY(!dialog.editedConfig().endpoints.isLive());

    dialog.setLiveConfirmation([&] {
        ++asked;
        return true;
    });
    dialog.endpointCombo()->setCurrentIndex(1);
    Q_EMIT dialog.endpointCombo()->activated(1);
    QCOMPARE(asked, 2);
    const config::AppConfig c = dialog.editedConfig();
    QVERIFY(c.endpoints.isLive());
    QVERIFY(c.dispatcher.liveTradingEnabled);
    QVERIFY(dialog.save().ok());
    QVERIFY(config::loadFile(ini)->endpoints.isLive());
}

void TestTradingPanels::settingsKeysNeverInSettingsFile() {
    const QString keyId = QStringLiteral("test-panels-key-12345");
    const QString secret = QStringLiteral("panelsTestSecretXyz0123456789abcdefABCD");
    qputenv("APCA_API_KEY_ID", "test-env-key-00001");
    qputenv("APCA_API_SECRET_KEY", "envSecretForTest");
    const QString ini = m_dir.filePath(QStringLiteral("settings-keys.conf"));
    QFile::remove(ini);
    QSettings settings(ini, QSettings::IniFormat);
    AlpacaKeychain keychain(
        QStringLiteral("ChainGate-test-%1").arg(QCoreApplication::applicationPid()));
    SettingsDialog dialog(settings, keychain);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.keychainBusy(), 10000);

    QSignalSpy keys(&dialog, &SettingsDialog::keysChanged);
    dialog.keyIdEdit()->setText(keyId);
    dialog.secretEdit()->setText(secret);
    dialog.saveKeys();
    QTRY_VERIFY_WITH_TIMEOUT(keys.count() >= 1, 10000);
    const QString status = dialog.keyStatusLabel()->text();
    qInfo().noquote() << "keychain answer:"
                      << QTextDocumentFragment::fromHtml(status).toPlainText();
    QVERIFY(!status.contains(secret));
    QVERIFY(!status.contains(keyId));
    if (status.contains(QStringLiteral("stored just now"))) {
        // A real keychain on this machine: the entry is this test's own; remove it again.
        dialog.removeKeys();
        QTRY_VERIFY_WITH_TIMEOUT(keys.count() >= 2, 10000);
    } else {
        // No keychain (the usual offscreen case): said so, and the environment is used.
        QVERIFY2(status.contains(QStringLiteral("keychain")), qPrintable(status));
        QVERIFY(status.contains(QStringLiteral("APCA_API_KEY_ID")));
        QVERIFY(status.contains(QStringLiteral("Keys from the environment (APCA_API_KEY_ID test")));
        QVERIFY(!status.contains(QStringLiteral("test-env-key-00001")));
    }
    QVERIFY(dialog.save().ok());
    settings.sync();
    const QByteArray file = fileBytes(ini);
    QVERIFY(!file.isEmpty());
    QVERIFY(!file.contains(keyId.toLatin1()));
    QVERIFY(!file.contains(secret.toLatin1()));
    QVERIFY(!file.contains("envSecretForTest"));
    qunsetenv("APCA_API_KEY_ID");
    qunsetenv("APCA_API_SECRET_KEY");
}

void TestTradingPanels::settingsDatabaseTest() {
    const QString ini = m_dir.filePath(QStringLiteral("settings-db.conf"));
    QSettings settings(ini, QSettings::IniFormat);
    AlpacaKeychain keychain(
        QStringLiteral("ChainGate-test-%1").arg(QCoreApplication::applicationPid()));
    SettingsDialog dialog(settings, keychain);
    dialog.sqliteRadio()->setChecked(true);
    // A file that is not there (a typo, or a new book): said, and not created. Before the fix
    // the test created it, and an older database was migrated by the test itself.
    const QString missing = m_dir.filePath(QStringLiteral("typo/tested.bd"));
    dialog.sqlitePathEdit()->setText(missing);
    dialog.testDatabase();
    QTRY_VERIFY2(dialog.databaseResultLabel()->text().startsWith(QStringLiteral("No database")),
                 qPrintable(dialog.databaseResultLabel()->text()));
    QVERIFY(!QFileInfo::exists(missing));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("typo"))));

    const QString older = m_dir.filePath(QStringLiteral("tested.db"));
    {
        const QString connection = QStringLiteral("tested-at-v3");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(older);
            QVERIFY(db.open());
            QVERIFY(migrate(db, SqlDialect::SQLite, 3).ok());
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
    }
    dialog.sqlitePathEdit()->setText(older);
    dialog.testDatabase();
    QTRY_VERIFY2(
        dialog.databaseResultLabel()->text().contains(QStringLiteral("Connected to SQLite")),
        qPrintable(dialog.databaseResultLabel()->text()));
    QVERIFY2(dialog.databaseResultLabel()->text().contains(QStringLiteral("schema version 3;")),
             qPrintable(dialog.databaseResultLabel()->text()));
    {
        const QString connection = QStringLiteral("tested-after");
        int version = 0;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(older);
            QVERIFY(db.open());
            version = currentSchemaVersion(db).value();
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        QCOMPARE(version, 3); // tested, not migrated
    }

    dialog.postgresRadio()->setChecked(true);
    dialog.postgresUrlEdit()->setText(QStringLiteral("postgresql://u:topsecretpw@127.0.0.1:1/x"));
    dialog.testDatabase();
    QVERIFY(dialog.databaseResultLabel()->text().contains(QStringLiteral("PGPASSWORD")));
    QVERIFY(!dialog.databaseResultLabel()->text().contains(QStringLiteral("topsecretpw")));

    // Nothing listens on port 1: a refusal, said plainly.
    dialog.postgresUrlEdit()->setText(QStringLiteral("postgresql://u@127.0.0.1:1/x"));
    dialog.testDatabase();
    QTRY_VERIFY2(dialog.databaseResultLabel()->text().startsWith(QStringLiteral("\u2718")),
                 qPrintable(dialog.databaseResultLabel()->text()));
}

// A server that accepts the connection and then never answers (a stalled or partitioned
// PostgreSQL): the dialog keeps its event loop while the test waits, and says so when it ends.
void TestTradingPanels::settingsDatabaseTestNeverFreezesTheDialog() {
    QTcpServer silent; // accepts, never speaks: the client waits for the server's first bytes
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    const QString ini = m_dir.filePath(QStringLiteral("settings-db-silent.conf"));
    QSettings settings(ini, QSettings::IniFormat);
    AlpacaKeychain keychain(
        QStringLiteral("ChainGate-test-%1").arg(QCoreApplication::applicationPid()));
    SettingsDialog dialog(settings, keychain);
    dialog.postgresRadio()->setChecked(true);
    dialog.postgresUrlEdit()->setText(
        QStringLiteral("postgresql://u@127.0.0.1:%1/x?sslmode=disable").arg(silent.serverPort()));
    QElapsedTimer call;
    call.start();
    dialog.testDatabase();
    const qint64 callMs = call.elapsed();
    QVERIFY2(callMs < 1000, qPrintable(QStringLiteral("testDatabase() blocked %1 ms").arg(callMs)));
    QVERIFY(dialog.databaseResultLabel()->text().startsWith(QStringLiteral("Connecting to")));
    QTRY_VERIFY_WITH_TIMEOUT(
        dialog.databaseResultLabel()->text().startsWith(QStringLiteral("\u2718")), 60000);
}

QTEST_MAIN(TestTradingPanels)
#include "tst_trading_panels.moc"
