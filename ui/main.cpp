// chaingate: builds the desktop object graph and shows the main window. DEMO (no keys, or
// --demo): an in-process simulated market behind a loopback fake Alpaca server, read by the real
// Alpaca client. With keys: Alpaca paper (or live, when the trading URL is Alpaca's live host).

#include "alpaca/alpaca_client.h"
#include "alpaca/alpaca_config.h"
#include "alpaca/as_of.h"
#include "alpaca/resolve_endpoints.h"
#include "alpaca/resolve_mode.h"
#include "alpaca/stream/alpaca_quote_stream.h"
#include "alpaca/stream/alpaca_trade_updates.h"
#include "config/config_store.h"
#include "config/heap_tuning.h"
#include "connection/connection.h"
#include "domain/clock.h"
#include "domain/trading_mode.h"
#include "keychain/alpaca_keychain.h"
#include "models/alert_center.h"
#include "models/chain_session.h"
#include "models/chain_table_model.h"
#include "models/console_session.h"
#include "storage/execution_store.h"
#include "storage/store_worker.h"
#include "ui/account_history_docks.h"
#include "ui/alerts_dock.h"
#include "ui/chain_delegate.h"
#include "ui/chain_view.h"
#include "ui/log.h"
#include "ui/main_window.h"
#include "ui/panels_docks.h"
#include "ui/risk_dock.h"
#include "ui/screenshot.h"
#include "ui/strategy_dock.h"
#include "ui/theme.h"
#include "ui/ticket_screenshot.h"
#include "ui/trading_docks.h"
#include "ui/underlying_chart_panel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QLabel>
#include <QMessageBox>
#include <QProcessEnvironment>
#include <QSettings>
#include <QStatusBar>

#include <cstdio>
#include <memory>
#include <optional>

namespace {

int fail(bool headless, const QString &message) {
    if (headless)
        std::fprintf(stderr, "chaingate: %s\n", qPrintable(message));
    else
        QMessageBox::critical(nullptr, QStringLiteral("ChainGate"), message);
    return 1;
}

} // namespace

int main(int argc, char *argv[]) {
    cg::config::tuneHeapForChainLoads();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("chaingate"));
    QApplication::setOrganizationName(QStringLiteral("ChainGate"));
    QApplication::setApplicationVersion(QStringLiteral(CHAINGATE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/chaingate.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ChainGate options trading console"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Open in DEMO, wait for the chain, save a PNG of the window and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption symbol(QStringLiteral("symbol"),
                                    QStringLiteral("Underlying to open (default SPY)."),
                                    QStringLiteral("SYM"));
    const QCommandLineOption theme(
        QStringLiteral("theme"), QStringLiteral("dark, light or system."), QStringLiteral("NAME"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("DEMO mode even when Alpaca keys are set."));
    const QCommandLineOption faults(
        QStringLiteral("demo-faults"),
        QStringLiteral("Faults the DEMO server injects (see chaingate-cli demo-server)."),
        QStringLiteral("SPEC"));
    const QCommandLineOption detail(QStringLiteral("select"),
                                    QStringLiteral("OCC symbol to select after loading."),
                                    QStringLiteral("OCC"));
    const QCommandLineOption shotDelay(
        QStringLiteral("screenshot-delay"),
        QStringLiteral("With --screenshot: take it after MS milliseconds instead of waiting for "
                       "the chain (pictures of the loading state)."),
        QStringLiteral("MS"));
    const QCommandLineOption refresh(QStringLiteral("refresh"),
                                     QStringLiteral("Auto-refresh every SECONDS (0: off)."),
                                     QStringLiteral("SECONDS"));
    const QCommandLineOption database(
        QStringLiteral("database"),
        QStringLiteral("Execution database: sqlite:/path/file.db, a path, or "
                       "postgresql://user:pass@host:port/db (default: CHAINGATE_DB, else a SQLite "
                       "file in the user's data folder)."),
        QStringLiteral("URL"));
    const QCommandLineOption shotTicket(
        QStringLiteral("screenshot-ticket"),
        QStringLiteral("Open in DEMO, open an order ticket for the strategy's call pick, save a "
                       "PNG of the ticket and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption underlying(
        QStringLiteral("underlying"),
        QStringLiteral("Show the Underlying dock with intraday (5-minute) or daily bars."),
        QStringLiteral("intraday|daily"));
    const QCommandLineOption optionalColumns(
        QStringLiteral("optional-columns"),
        QStringLiteral("Show the chain's probability ITM and expected move columns."));
    const QCommandLineOption asOf(
        QStringLiteral("as-of"),
        QStringLiteral("Replay the DEMO market from this instant (ISO-8601; New York time without "
                       "an offset): its expiries, prices and greeks. Implies --demo."),
        QStringLiteral("TIME"));
    const QCommandLineOption switchTheme(
        QStringLiteral("switch-theme"),
        QStringLiteral("Once the chain has loaded, switch the running window to this theme (a "
                       "live switch, for screenshots: --theme dark --switch-theme light)."),
        QStringLiteral("NAME"));
    const QCommandLineOption size(
        QStringLiteral("size"),
        QStringLiteral("Window size WxH, for example 1366x768 (screenshots of a smaller screen)."),
        QStringLiteral("WxH"));
    const QCommandLineOption showDock(
        QStringLiteral("show-dock"),
        QStringLiteral("Bring this dock to the front at start (its object name: riskDock, "
                       "alertsDock, positionsDock ...; NAME:float floats it large), for "
                       "screenshots."),
        QStringLiteral("NAME"));
    const QCommandLineOption strategy(
        QStringLiteral("strategy"),
        QStringLiteral("Once the chain has loaded, place this multi-leg template (iron_condor, "
                       "bull_call_spread, ...) in the Strategy builder with its default settings."),
        QStringLiteral("TEMPLATE"));
    const QCommandLineOption shotStrategy(
        QStringLiteral("screenshot-strategy"),
        QStringLiteral("Open in DEMO, place --strategy (default iron_condor), save a PNG of the "
                       "Strategy builder and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption shotStrategyTicket(
        QStringLiteral("screenshot-strategy-ticket"),
        QStringLiteral("Open in DEMO, place --strategy (default iron_condor), open its multi-leg "
                       "ticket, save a PNG of the ticket and exit."),
        QStringLiteral("FILE"));
    parser.addOptions({screenshot, symbol, theme, demo, faults, detail, shotDelay, refresh,
                       database, shotTicket, asOf, size, switchTheme, underlying, optionalColumns,
                       showDock, strategy, shotStrategy, shotStrategyTicket});
    parser.process(app);

    const bool strategyShot = parser.isSet(shotStrategy) || parser.isSet(shotStrategyTicket);
    const bool shot = parser.isSet(screenshot) || parser.isSet(shotTicket) || strategyShot;
    // The window's clock: the wall clock, or a replay running from --as-of that the DEMO market,
    // the gates and the dispatcher all share.
    std::unique_ptr<cg::Clock> clockOwner = std::make_unique<cg::SystemClock>();
    if (parser.isSet(asOf)) {
        const auto start = cg::alpaca::parseAsOf(parser.value(asOf));
        if (!start)
            return fail(true, QString::fromStdString(start.error().message));
        clockOwner = std::make_unique<cg::ReplayClock>(*start);
    }
    const cg::Clock &clock = *clockOwner;
    QSettings settings;
    cg::ui::applyTheme(parser.isSet(theme) ? parser.value(theme)
                                           : settings.value(QStringLiteral("ui/theme")).toString());

    // The settings file, read once: endpoints, feed, timeouts, database and the dispatcher's
    // settings. Precedence as in chaingate-cli: flags, then the environment, then the file.
    // Screenshots do not depend on the user's settings.
    cg::config::AppConfig saved;
    bool haveSaved = false;
    QString settingsError; // shown in the window: the defaults' database and limits apply
    if (!shot) {
        if (auto loaded = cg::config::loadFile(QString()); loaded) {
            saved = *loaded;
            haveSaved = true;
        } else {
            settingsError = QString::fromStdString(loaded.error().message);
            // Its database still holds: the window records in (and its kill switch acts on) the
            // book the trader chose, as chaingate-cli does.
            saved.databaseUrl = cg::config::databaseUrlIn(QString());
            qCWarning(lcUi).noquote() << "settings not used, defaults apply:" << settingsError;
        }
    }
    // DEMO, PAPER or LIVE, decided as chaingate-cli decides it; keys from the environment, then
    // the keychain (stored by Settings) unless DEMO was asked for.
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    cg::demo::Connection::Request request;
    request.inputs.file = saved.endpoints;
    request.inputs.env = env;
    request.inputs.demoOnly = shot || parser.isSet(demo) || parser.isSet(asOf);
    request.inputs.noKeysRemoteFallsBackToDemo = true; // the trader can enter keys in Settings
    request.inputs.storedKeys = [] { return cg::keychain::readStoredKeys(); };
    request.clock = &clock;
    request.faults = parser.value(faults);
    // DEMO's account is the one chaingate-cli sees too; a replay or a screenshot keeps its own.
    if (!shot && !parser.isSet(asOf))
        request.demoAccountFolder = cg::demo::Connection::defaultDemoAccountFolder();
    auto connection = cg::demo::Connection::open(request);
    if (!connection)
        return fail(shot, QString::fromStdString(connection.error().message));
    const cg::TradingMode mode = (*connection)->mode();
    const cg::alpaca::AlpacaConfig &config = (*connection)->config();
    cg::alpaca::AlpacaClient &client = (*connection)->client();
    // The execution store: screenshots use a throw-away one unless a database is named.
    cg::ExecutionStore store;
    const QString dbUrl =
        shot && !parser.isSet(database)
            ? QStringLiteral("sqlite::memory:")
            : cg::alpaca::resolveDatabaseUrl(
                  parser.isSet(database) ? std::optional(parser.value(database)) : std::nullopt,
                  env, saved.databaseUrl);
    if (const auto opened = store.open(dbUrl); !opened)
        return fail(shot, QStringLiteral("The execution database could not be opened: %1")
                              .arg(QString::fromStdString(opened.error().message)));
    // Every model of the window in one object: the chain, the trading session, the account,
    // positions, orders and executions. The dispatcher's settings from the settings file (gates,
    // strategies, risk limits, interval, ticket expiry); the chain judges contracts by the same
    // gates. The console always opens in Manual: Auto is switched on by the trader.
    cg::models::ConsoleSession::Options consoleOptions;
    if (haveSaved) {
        consoleOptions.trading.settings = saved.dispatcher;
        consoleOptions.chainThresholds = saved.dispatcher.gates;
    }
    consoleOptions.trading.orderMode = cg::recordedExecutionMode(mode);
    // Fills as they happen, from the trade_updates stream (polling stays the fallback), and
    // quotes pushed over the option stream (Alpaca's, or the DEMO server's in the same format),
    // polling as the fallback. Declared before the session, which lets go of them first.
    cg::alpaca::stream::AlpacaTradeUpdates tradeUpdates(config);
    cg::alpaca::stream::AlpacaQuoteStream quoteStream(config);
    cg::models::ConsoleSession console(client, client, store, clock, consoleOptions);
    if (const auto started = console.start(); !started)
        qCWarning(lcUi).noquote() << QString::fromStdString(started.error().message);
    console.setTradeUpdates(&tradeUpdates);
    tradeUpdates.start();
    // PostgreSQL: the periodic reads run on a worker with its own connection, and a database that
    // stops answering shows in the status bar while the window goes on (SQLite is local).
    std::unique_ptr<cg::StoreWorker> storeWorker;
    if (store.isPostgreSQL()) {
        storeWorker = std::make_unique<cg::StoreWorker>(store);
        storeWorker->start(dbUrl);
        console.setStoreWorker(storeWorker.get());
    }

    cg::ui::MainWindow::Options options;
    options.persist = !shot; // screenshots do not depend on (or change) the user's layout
    cg::ui::MainWindow window(*console.chain(), clock, mode, options);
    // Where every decision is recorded, never with a password.
    auto *recordsTo = new QLabel(
        QObject::tr("Records to %1 %2").arg(store.backendName(), store.displayUrl()), &window);
    recordsTo->setObjectName(QStringLiteral("recordsToLabel"));
    window.statusBar()->addPermanentWidget(recordsTo);
    if (storeWorker) {
        // "Database unreachable, N records in the outbox" while PostgreSQL does not answer.
        auto *databaseStatus = new QLabel(&window);
        databaseStatus->setObjectName(QStringLiteral("databaseStatusLabel"));
        databaseStatus->setStyleSheet(QStringLiteral("color: #d0461c; font-weight: bold;"));
        databaseStatus->hide();
        window.statusBar()->addPermanentWidget(databaseStatus);
        QObject::connect(storeWorker.get(), &cg::StoreWorker::statusChanged, databaseStatus,
                         [databaseStatus](const QString &text) {
                             databaseStatus->setText(text);
                             databaseStatus->setVisible(!text.isEmpty());
                         });
    }
    console.chain()->setQuoteStream(&quoteStream); // after the window, which shows its status
    quoteStream.start();
    cg::ui::TradingDocks *tradingDocks = cg::ui::installTradingDocks(window, *console.trading());
    cg::ui::TradingPanels *panels = cg::ui::installTradingPanels(window, console);
    // The risk graph and the alerts (issue 18), tabbed with Positions; notices never show keys.
    cg::ui::installRiskDock(window, *console.positionsModel(), clock, &client, options.rate);
    // Each mode's own rules; a replayed instant (--as-of) keeps none (its market is not now).
    const cg::ui::AlertsInstall alerts =
        cg::ui::installAlerts(window, clock, shot || parser.isSet(asOf) ? nullptr : &settings,
                              QString::fromLatin1(cg::toString(mode).data()));
    alerts.center->addSecret(config.keyId);
    alerts.center->addSecret(config.secret);
    alerts.center->watchConsole(console);
    auto *history =
        cg::ui::installAccountHistoryDocks(window, client, clock, console.positionsModel());
    QObject::connect(&console, &cg::models::ConsoleSession::fillReported, history,
                     &cg::ui::AccountHistoryDocks::reloadActivitiesSoon);
    // The strategy builder and the multi-leg ticket (issue 19), tabbed with the Risk dock.
    const cg::ui::StrategyDock strategyDock =
        cg::ui::installStrategyDock(window, console.trading());
    // The chain's flashes fade on the session's clock (a replay stamps changes in its own time),
    // and follow the Display setting, at once when Settings saves it.
    if (auto *cells = qobject_cast<cg::ui::ChainDelegate *>(window.chainView()->itemDelegate())) {
        cells->setClock([&clock] {
            return std::chrono::duration_cast<std::chrono::milliseconds>(
                       clock.now().time_since_epoch())
                .count();
        });
        cells->setFlashEnabled(saved.display.flashChanges);
        QObject::connect(panels, &cg::ui::TradingPanels::settingsSaved, cells,
                         [cells](const cg::config::AppConfig &c) {
                             cells->setFlashEnabled(c.display.flashChanges);
                         });
    }

    QStringList suggestions{QStringLiteral("SPY"),   QStringLiteral("QQQ"),  QStringLiteral("IWM"),
                            QStringLiteral("AAPL"),  QStringLiteral("MSFT"), QStringLiteral("NVDA"),
                            QStringLiteral("TSLA"),  QStringLiteral("AMZN"), QStringLiteral("META"),
                            QStringLiteral("GOOGL"), QStringLiteral("AMD"),  QStringLiteral("DIA")};
    if (const QStringList demoSymbols = (*connection)->demoSymbols(); !demoSymbols.isEmpty())
        suggestions = demoSymbols;
    window.setSymbolSuggestions(suggestions);
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        const int w = wh.size() == 2 ? wh[0].toInt() : 0;
        const int h = wh.size() == 2 ? wh[1].toInt() : 0;
        if (w <= 0 || h <= 0)
            return fail(true, QStringLiteral("--size wants WxH, for example 1366x768, not \"%1\"")
                                  .arg(parser.value(size)));
        window.resize(w, h);
    }
    if (parser.isSet(refresh))
        window.setAutoRefreshSeconds(parser.value(refresh).toInt());
    if (parser.isSet(underlying)) {
        window.underlyingDock()->show();
        window.underlyingDock()->raise();
        window.underlyingPanel()->setRange(parser.value(underlying) == QLatin1String("daily")
                                               ? cg::ui::UnderlyingChartPanel::Range::Daily
                                               : cg::ui::UnderlyingChartPanel::Range::Intraday);
    }
    if (parser.isSet(optionalColumns))
        window.chainView()->setOptionalColumnsVisible(true);
    window.show();
    if (!settingsError.isEmpty()) {
        // Not in a log line only: the whole file is set aside, its database and limits with it.
        auto *box = new QMessageBox(
            QMessageBox::Warning, QObject::tr("Settings not used"),
            QObject::tr("%1 could not be used: %2.\n\nThe defaults apply until it is fixed "
                        "(Settings saves a valid file): the default gates, risk limits and "
                        "endpoints. The database it names is still used.")
                .arg(cg::config::defaultConfigPath(), settingsError),
            QMessageBox::Ok, &window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    if (parser.isSet(showDock)) {
        // NAME:float floats it at 1200x720 over the window, to show a dock large.
        const QStringList how = parser.value(showDock).split(QLatin1Char(':'));
        if (auto *d = window.findChild<QDockWidget *>(how.value(0))) {
            d->show();
            d->raise();
            if (how.value(1) == QLatin1String("float")) {
                d->setFloating(true);
                d->setGeometry(window.x() + 200, window.y() + 140, 1200, 720);
            }
        }
    }

    if (parser.isSet(switchTheme)) {
        // Connected before the screenshot's own handler, so the picture shows the switch.
        QObject::connect(
            window.session()->chainModel(), &cg::models::ChainTableModel::chainApplied, &window,
            [name = parser.value(switchTheme)] { cg::ui::applyTheme(name); },
            Qt::SingleShotConnection);
    }
    if (parser.isSet(strategy) || strategyShot)
        cg::ui::placeAtStart(strategyDock, window, console.trading(),
                             parser.isSet(strategy) ? parser.value(strategy)
                                                    : QStringLiteral("iron_condor"),
                             parser.value(shotStrategy), parser.value(shotStrategyTicket));
    std::unique_ptr<cg::ui::ScreenshotTaker> taker;
    std::unique_ptr<cg::ui::TicketScreenshot> ticketShot;
    if (parser.isSet(shotTicket))
        ticketShot = std::make_unique<cg::ui::TicketScreenshot>(
            &window, tradingDocks, parser.value(shotTicket), std::chrono::seconds(30));
    else if (shot && !strategyShot)
        taker = std::make_unique<cg::ui::ScreenshotTaker>(&window, parser.value(screenshot),
                                                          std::chrono::seconds(20));
    if (taker && parser.isSet(shotDelay))
        taker->takeAfter(std::chrono::milliseconds(parser.value(shotDelay).toInt()));
    if (parser.isSet(detail)) {
        const QString occ = parser.value(detail);
        QObject::connect(
            window.session(), &cg::models::ChainSession::updated, &window,
            [&window, occ] { window.selectSymbol(occ); }, Qt::SingleShotConnection);
    }
    const QString sym =
        parser.isSet(symbol)
            ? parser.value(symbol)
            : (shot ? QStringLiteral("SPY")
                    : settings.value(QStringLiteral("chain/symbol"), QStringLiteral("SPY"))
                          .toString());
    window.openSymbol(sym);
    return app.exec();
}
