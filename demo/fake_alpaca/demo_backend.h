#pragma once
// DEMO mode in one object: a simulated market served by a fake Alpaca server on an ephemeral
// loopback port, ticking on a timer so chains move live. chaingate-cli and chaingate start one
// in-process when no Alpaca keys are configured and point the real client at baseUrl().

#include "fake_alpaca/demo_credentials.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <cstdint>
#include <memory>

namespace cg {
class Clock;
}
namespace cg::market {
class SimulatedMarket;
}

namespace cg::fake {

class FakeAlpacaServer;
class SharedAccountFile;

class DemoBackend : public QObject {
    Q_OBJECT

public:
    struct Options {
        std::uint64_t seed = 20261126;
        quint16 port = 0; // 0: ephemeral
        std::chrono::milliseconds tick{500};
        // The simulated market's time: a FixedClock replays one instant exactly (chaingate-cli
        // --as-of), a ReplayClock runs from one (chaingate --as-of). Not owned, must outlive the
        // backend; nullptr: the system clock.
        const cg::Clock *clock = nullptr;
        // A folder for the account shared with the other DEMO front ends (SharedAccountFile);
        // empty: the account lives in this process only.
        QString accountFolder;
    };

    // Starts listening at once; check isListening() / errorString().
    explicit DemoBackend(QObject *parent = nullptr);
    explicit DemoBackend(Options options, QObject *parent = nullptr);
    ~DemoBackend() override;

    bool isListening() const;
    QString errorString() const;
    // Both the trading and the data API base URL: http://127.0.0.1:PORT
    QUrl baseUrl() const;
    QString keyId() const { return QString::fromLatin1(kDemoKeyId); }
    QString secret() const { return QString::fromLatin1(kDemoSecret); }

    market::SimulatedMarket *market() const { return m_market.get(); }
    FakeAlpacaServer *server() const { return m_server; }
    const cg::Clock &clock() const { return *m_clock; }
    // The shared account's file, or why it is not shared (empty when not asked for).
    QString accountFile() const;
    QString accountNotice() const { return m_accountNotice; }

private:
    std::unique_ptr<const cg::Clock> m_ownClock;
    const cg::Clock *m_clock = nullptr;
    std::unique_ptr<SharedAccountFile> m_accountFile; // outlives the market that uses it
    QString m_accountNotice;
    std::unique_ptr<market::SimulatedMarket> m_market;
    FakeAlpacaServer *m_server = nullptr;
    QTimer m_tick;
};

} // namespace cg::fake
