#include "support/paper_window.h"

#include "support/demo_client_config.h"

#include <QLatin1String>
#include <QWidget>

#include <chrono>

namespace cg::test {

PaperWindow::PaperWindow(Timestamp now, DispatcherSettings settings)
    : clock(now)
    , market(now) {
    server.setClock(&clock);
    server.setFillInterval(std::chrono::milliseconds{10});
    if (!server.listen())
        qFatal("fake server did not listen");
    const alpaca::AlpacaConfig c = test::demoClientConfig(server.baseUrl(), 5000);
    client = std::make_unique<alpaca::AlpacaClient>(c);
    if (auto r = store.open(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("t.db"))); !r)
        qFatal("store: %s", r.error().message.c_str());
    models::TradingSession::Options o;
    o.orderMode = ExecutionMode::AlpacaPaper;
    o.settings = settings;
    o.settings.orderPollIntervalMs = 20;
    o.signalPollMs = 60000;
    o.accountPollMs = 60000;
    session = std::make_unique<models::TradingSession>(*client, *client, store, clock, o);
    if (auto r = session->start(); !r)
        qFatal("session: %s", r.error().message.c_str());
    ui::MainWindow::Options wo;
    wo.persist = false;
    chain = std::make_unique<models::ChainSession>(*client, clock);
    window = std::make_unique<ui::MainWindow>(*chain, clock, TradingMode::Paper, wo);
    docks = ui::installTradingDocks(*window, *session);
    docks->setConfirmer([](const QString &, const QString &) { return true; });
    window->resize(1600, 1000);
    window->show();
}

PaperWindow::~PaperWindow() {
    // The window watches the sessions: it goes first.
    window.reset();
    chain.reset();
    session.reset();
}

void saveShot(QWidget *w, const char *name) {
    const QString dir = qEnvironmentVariable("CHAINGATE_TEST_SHOTS");
    if (!dir.isEmpty())
        w->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}

} // namespace cg::test
