#include "fake_alpaca/demo_backend.h"

#include "domain/clock.h"
#include "fake_alpaca/demo_backend_state.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "market/simulated_market.h"

namespace cg::fake {

DemoBackend::DemoBackend(QObject *parent)
    : DemoBackend(Options{}, parent) {}

DemoBackend::DemoBackend(Options options, QObject *parent)
    : QObject(parent)
    , m_ownClock(options.clock ? nullptr : std::make_unique<SystemClock>())
    , m_clock(options.clock ? options.clock : m_ownClock.get()) {
    market::SimulatedMarket::Options marketOptions;
    marketOptions.seed = options.seed;
    m_market = std::make_unique<market::SimulatedMarket>(m_clock->now(), marketOptions);
    if (!options.accountFolder.isEmpty()) {
        auto file = SharedAccountFile::open(options.accountFolder);
        if (file) {
            m_accountFile = std::move(file).value();
            m_accountNotice = m_accountFile->notice();
            m_market->setAccountSync(m_accountFile.get());
        } else {
            m_accountNotice = QString::fromStdString(file.error().message) +
                              QStringLiteral("; the DEMO account is this process's own.");
        }
    }
    m_server = new FakeAlpacaServer(m_market.get(), this);
    m_server->setClock(m_clock);
    m_server->listen(options.port);
    m_tick.setInterval(options.tick);
    connect(&m_tick, &QTimer::timeout, this, [this] { m_market->step(m_clock->now()); });
    m_tick.start();
}

DemoBackend::~DemoBackend() {
    // The server refers to the market and the clock: it goes first.
    delete m_server;
    m_server = nullptr;
    if (m_market)
        m_market->setAccountSync(nullptr);
}

QString DemoBackend::accountFile() const {
    return m_accountFile ? m_accountFile->path() : QString();
}

bool DemoBackend::isListening() const {
    return m_server && m_server->isListening();
}

QString DemoBackend::errorString() const {
    return m_server ? m_server->errorString() : QString();
}

QUrl DemoBackend::baseUrl() const {
    return m_server ? m_server->baseUrl() : QUrl();
}

} // namespace cg::fake
