// chaingate: builds the desktop object graph and shows the main window. DEMO (no keys, or
// --demo): an in-process simulated market behind a loopback fake Alpaca server, read by the real
// Alpaca client. With keys: Alpaca paper (or live, when the trading URL is Alpaca's live host).

#include "alpaca/alpaca_client.h"
#include "alpaca/alpaca_config.h"
#include "alpaca/as_of.h"
#include "fake_alpaca/demo_backend.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "fake_alpaca/fault_spec.h"
#include "alpaca/resolve_endpoints.h"
#include "alpaca/stream/alpaca_quote_stream.h"
#include "alpaca/stream/alpaca_trade_updates.h"
#include "config/config_store.h"
#include "dispatch/dispatcher.h"
#include "dispatch/order_tracker.h"
#include "domain/clock.h"
#include "market/simulated_market.h"
#include "models/account_model.h"
#include "models/trading_session.h"
#include "storage/execution_store.h"
#include "ui/alpaca_keychain.h"
#include "ui/log.h"
#include "ui/main_window.h"
#include "ui/panels_docks.h"
#include "ui/screenshot.h"
#include "ui/theme.h"
#include "ui/ticket_screenshot.h"
#include "ui/trading_docks.h"

#include <QApplication>
#include <QCommandLineParser>
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
    const QCommandLineOption asOf(
        QStringLiteral("as-of"),
        QStringLiteral("Replay the DEMO market from this instant (ISO-8601; New York time without "
                       "an offset): its expiries, prices and greeks. Implies --demo."),
        QStringLiteral("TIME"));
    parser.addOptions({screenshot, symbol, theme, demo, faults, detail, shotDelay, refresh,
                       database, shotTicket, asOf});
    parser.process(app);

    const bool shot = parser.isSet(screenshot) || parser.isSet(shotTicket);
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
    if (!shot) {
        if (auto loaded = cg::config::loadFile(QString()); loaded) {
            saved = *loaded;
            haveSaved = true;
        } else {
            qCWarning(lcUi).noquote() << "settings not used, defaults apply:"
                                      << QString::fromStdString(loaded.error().message);
        }
    }
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    auto resolved = cg::alpaca::resolveEndpoints(saved.endpoints, env);
    if (!resolved)
        return fail(shot, QString::fromStdString(resolved.error().message));
    cg::AlpacaConfig config = *resolved;
    const bool demoOnly = shot || parser.isSet(demo) || parser.isSet(asOf);
    if (!demoOnly)
        cg::ui::fillKeysFromKeychain(config); // stored by Settings; the environment wins
    std::unique_ptr<cg::fake::DemoBackend> backend;
    cg::ui::TradingMode mode = cg::ui::TradingMode::Demo;
    if (demoOnly || !config.hasKeys()) {
        cg::fake::DemoBackend::Options demoOptions;
        demoOptions.clock = &clock;
        backend = std::make_unique<cg::fake::DemoBackend>(demoOptions);
        if (!backend->isListening())
            return fail(
                shot,
                QStringLiteral("The DEMO server could not start: %1").arg(backend->errorString()));
        if (parser.isSet(faults)) {
            const auto spec = cg::fake::FaultSpec::parse(parser.value(faults));
            if (!spec)
                return fail(true, QString::fromStdString(spec.error().message));
            backend->server()->setFaults(*spec);
        }
        config.tradingUrl = backend->baseUrl();
        config.dataUrl = backend->baseUrl();
        config.keyId = backend->keyId();
        config.secret = backend->secret();
    } else {
        mode = config.paper() ? cg::ui::TradingMode::Paper : cg::ui::TradingMode::Live;
    }
    if (const auto ok = config.validate(); !ok)
        return fail(shot, QString::fromStdString(ok.error().message));

    cg::AlpacaClient client(config);
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
    cg::models::TradingSession::Options tradingOptions;
    // The dispatcher's settings from the settings file (gates, strategies, risk limits, interval,
    // ticket expiry). The console always opens in Manual: Auto is switched on by the trader.
    std::optional<cg::GateThresholds> savedGates;
    if (haveSaved) {
        tradingOptions.settings = saved.dispatcher;
        savedGates = saved.dispatcher.gates;
    }
    tradingOptions.orderMode = mode == cg::ui::TradingMode::Demo   ? cg::ExecutionMode::Demo
                               : mode == cg::ui::TradingMode::Live ? cg::ExecutionMode::AlpacaLive
                                                                   : cg::ExecutionMode::AlpacaPaper;
    // Fills as they happen, from the trade_updates stream (polling stays the fallback). Declared
    // before the session, which lets go of it through a guarded callback.
    cg::alpaca::AlpacaTradeUpdates tradeUpdates(config);
    cg::models::TradingSession trading(client, client, store, clock, tradingOptions);
    if (const auto started = trading.start(); !started)
        qCWarning(lcUi).noquote() << QString::fromStdString(started.error().message);
    trading.dispatcher().tracker().setTradeUpdates(&tradeUpdates);
    tradeUpdates.start();
    // Quotes pushed over the option stream (Alpaca's, or the DEMO server's in the same format),
    // polling as the fallback. Declared before the window, so the window's session lets go first.
    auto quoteStream = std::make_unique<cg::alpaca::AlpacaQuoteStream>(config);
    cg::ui::MainWindow::Options options;
    options.persist = !shot; // screenshots do not depend on (or change) the user's layout
    cg::ui::MainWindow window(client, clock, mode, options);
    // Where every decision is recorded, never with a password.
    auto *recordsTo = new QLabel(
        QObject::tr("Records to %1 %2").arg(store.backendName(), store.displayUrl()), &window);
    recordsTo->setObjectName(QStringLiteral("recordsToLabel"));
    window.statusBar()->addPermanentWidget(recordsTo);
    if (quoteStream) {
        window.session()->setQuoteStream(quoteStream.get());
        quoteStream->start();
    }
    // The chain judges contracts by the same gate thresholds the dispatcher uses.
    if (savedGates)
        window.session()->setThresholds(*savedGates);
    cg::ui::TradingDocks *tradingDocks = cg::ui::installTradingDocks(window, trading);
    cg::ui::TradingPanels *panels =
        cg::ui::installTradingPanels(window, client, store, clock, options.persist);
    // One account snapshot for the account bar and the risk meter: whichever read is newer is
    // shown by both, so their Day P&L never disagree.
    cg::models::AccountModel *accountModel = panels->accountModel();
    QObject::connect(&trading, &cg::models::TradingSession::accountRead, accountModel,
                     &cg::models::AccountModel::setAccount);
    const auto shareAccount = [&trading, accountModel] {
        if (const auto a = accountModel->account())
            trading.setAccountSnapshot(*a);
    };
    QObject::connect(accountModel, &QAbstractItemModel::dataChanged, &trading, shareAccount);
    QObject::connect(accountModel, &QAbstractItemModel::rowsInserted, &trading, shareAccount);
    // Saved settings apply at once: to the dispatcher and to the chain's gates.
    QObject::connect(panels, &cg::ui::TradingPanels::settingsSaved, &window,
                     [&trading, &window](const cg::config::AppConfig &saved) {
                         trading.setSettings(saved.dispatcher);
                         window.session()->setThresholds(saved.dispatcher.gates);
                     });

    QStringList suggestions{QStringLiteral("SPY"),   QStringLiteral("QQQ"),  QStringLiteral("IWM"),
                            QStringLiteral("AAPL"),  QStringLiteral("MSFT"), QStringLiteral("NVDA"),
                            QStringLiteral("TSLA"),  QStringLiteral("AMZN"), QStringLiteral("META"),
                            QStringLiteral("GOOGL"), QStringLiteral("AMD"),  QStringLiteral("DIA")};
    if (backend) {
        QStringList listed;
        for (const std::string &s : backend->market()->underlyingSymbols())
            listed << QString::fromStdString(s);
        suggestions = listed;
    }
    window.setSymbolSuggestions(suggestions);
    if (parser.isSet(refresh))
        window.setAutoRefreshSeconds(parser.value(refresh).toInt());
    window.show();

    std::unique_ptr<cg::ui::ScreenshotTaker> taker;
    std::unique_ptr<cg::ui::TicketScreenshot> ticketShot;
    if (parser.isSet(shotTicket))
        ticketShot = std::make_unique<cg::ui::TicketScreenshot>(
            &window, tradingDocks, parser.value(shotTicket), std::chrono::seconds(30));
    else if (shot)
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
