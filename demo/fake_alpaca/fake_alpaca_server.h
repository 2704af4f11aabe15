#pragma once
// A loopback server that speaks Alpaca's wire format (docs/alpaca-wire.md) over the simulated
// market: the trading API (/v2/...) and the market data API (/v1beta1/..., /v2/stocks/...) on one
// port. It checks the APCA-API-* headers, adds X-RateLimit-* headers, and injects faults on
// request (FaultSpec). Orders fill on a timer driven by an injectable clock.
//
// The WebSocket streams share the port (FakeStreams: /v1beta1/{indicative,opra} msgpack option
// quotes, /stream trade updates); setUpgradeHandler() replaces them, e.g. for a test.

#include "domain/quote.h"
#include "fake_alpaca/demo_credentials.h"
#include "fake_alpaca/fault_spec.h"
#include "fake_alpaca/http_connection.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <memory>

class QTcpServer;

namespace cg {
class Clock;
}
namespace cg::market {
class SimulatedMarket;
}

namespace cg::fake {

class AlpacaRoutes;
class FakeStreams;

class FakeAlpacaServer : public QObject {
    Q_OBJECT

public:
    struct Credentials {
        QString keyId = QString::fromLatin1(kDemoKeyId);
        QString secret = QString::fromLatin1(kDemoSecret);
    };

    // Rate limit reported in X-RateLimit-Limit (requests per minute); enforced only with the
    // rate-limit fault.
    static constexpr int kReportedRateLimit = 10000;

    // `market` is not owned; nullptr makes the server own a default market started at the
    // clock's now.
    explicit FakeAlpacaServer(market::SimulatedMarket *market, QObject *parent = nullptr);
    FakeAlpacaServer(market::SimulatedMarket *market, Credentials credentials,
                     QObject *parent = nullptr);
    ~FakeAlpacaServer() override;

    // Listens on 127.0.0.1 (0: an ephemeral port). False with errorString() on failure.
    bool listen(quint16 port = 0);
    void close();
    bool isListening() const;
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT, for both the trading and the data API
    QString errorString() const;

    void setFaults(const FaultSpec &faults);
    FaultSpec faults() const; // what is left of them
    // The clock is not owned and must outlive the server; nullptr means the system clock.
    void setClock(const cg::Clock *clock);
    const cg::Clock *clock() const;
    // How often working orders are advanced (default 100 ms).
    void setFillInterval(std::chrono::milliseconds interval);
    void setUpgradeHandler(HttpConnection::UpgradeHandler handler);

    // The streams: their test triggers (dropConnections, setSilent) and counters.
    FakeStreams *streams() const { return m_streams.get(); }
    market::SimulatedMarket *market() const { return m_market; }
    Credentials credentials() const { return m_credentials; }
    int requestCount() const { return m_requestCount; }
    // Wall time spent answering requests (routing, the market, writing the body), in ns: what a
    // client's fetch from this server includes of the server's work (benchmarks).
    qint64 handlingNs() const { return m_handlingNs; }

Q_SIGNALS:
    // After every answered request (for logs and tests; never carries credentials).
    void requestServed(const QString &method, const QString &path, int status);

private:
    HttpResponse handle(const HttpRequest &req);
    HttpResponse authenticate(const HttpRequest &req, bool data) const;
    bool faultApplies(const HttpRequest &req) const;
    bool isTransportResend(const HttpRequest &req, Timestamp now) const;
    void addRateLimitHeaders(HttpResponse &r, bool exhausted, std::int64_t resetEpoch) const;
    void onNewConnection();
    void onFillTimer();

    std::unique_ptr<const cg::Clock> m_ownClock;
    const cg::Clock *m_clock = nullptr;
    std::unique_ptr<market::SimulatedMarket> m_ownMarket;
    market::SimulatedMarket *m_market = nullptr;
    std::unique_ptr<AlpacaRoutes> m_routes;
    Credentials m_credentials;
    QTcpServer *m_server = nullptr;
    QTimer m_fillTimer;
    FaultSpec m_faults;
    HttpConnection::UpgradeHandler m_upgrade;
    int m_requestCount = 0;
    qint64 m_handlingNs = 0;
    std::int64_t m_windowMinute = 0; // rate-limit window (epoch minutes)
    int m_windowCount = 0;
    QString m_droppedClientOrderId; // of the last order whose answer was dropped
    Timestamp m_droppedAt{};
    // Last: it refers to the market, the clock and the faults above, so it goes first.
    std::unique_ptr<FakeStreams> m_streams;
};

} // namespace cg::fake
