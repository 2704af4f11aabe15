#include "fake_alpaca/fake_alpaca_server.h"

#include "domain/clock.h"
#include "fake_alpaca/alpaca_routes.h"
#include "fake_alpaca/fake_streams.h"
#include "fake_alpaca/log.h"
#include "fake_alpaca/wire_json.h"
#include "market/simulated_market.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>

namespace cg::fake {

using namespace std::chrono;

FakeAlpacaServer::FakeAlpacaServer(market::SimulatedMarket *market, QObject *parent)
    : FakeAlpacaServer(market, Credentials{}, parent) {}

FakeAlpacaServer::FakeAlpacaServer(market::SimulatedMarket *market, Credentials credentials,
                                   QObject *parent)
    : QObject(parent)
    , m_ownClock(std::make_unique<SystemClock>())
    , m_clock(m_ownClock.get())
    , m_market(market)
    , m_credentials(std::move(credentials)) {
    if (!m_market) {
        m_ownMarket = std::make_unique<market::SimulatedMarket>(m_clock->now());
        m_market = m_ownMarket.get();
    }
    m_routes = std::make_unique<AlpacaRoutes>(m_market);
    m_fillTimer.setInterval(100);
    connect(&m_fillTimer, &QTimer::timeout, this, &FakeAlpacaServer::onFillTimer);
    m_streams = std::make_unique<FakeStreams>(this, &m_faults);
    m_upgrade = [this](QTcpSocket *socket, const HttpRequest &request) {
        return m_streams->takeUpgrade(socket, request);
    };
}

FakeAlpacaServer::~FakeAlpacaServer() {
    close();
}

bool FakeAlpacaServer::listen(quint16 port) {
    if (!m_server) {
        m_server = new QTcpServer(this);
        connect(m_server, &QTcpServer::newConnection, this, &FakeAlpacaServer::onNewConnection);
    }
    if (!m_server->listen(QHostAddress::LocalHost, port))
        return false;
    m_fillTimer.start();
    qCDebug(lcFakeAlpaca) << "fake Alpaca listening on" << baseUrl().toString();
    return true;
}

void FakeAlpacaServer::close() {
    m_fillTimer.stop();
    if (m_streams)
        m_streams->dropConnections();
    if (m_server)
        m_server->close();
}

bool FakeAlpacaServer::isListening() const {
    return m_server && m_server->isListening();
}

quint16 FakeAlpacaServer::port() const {
    return m_server ? m_server->serverPort() : 0;
}

QUrl FakeAlpacaServer::baseUrl() const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()));
}

QString FakeAlpacaServer::errorString() const {
    return m_server ? m_server->errorString() : QString();
}

void FakeAlpacaServer::setFaults(const FaultSpec &faults) {
    m_faults = faults;
    m_streams->faultsChanged();
    if (!faults.isEmpty())
        qCInfo(lcFakeAlpaca) << "faults:" << faults.toString();
}

FaultSpec FakeAlpacaServer::faults() const {
    return m_faults;
}

void FakeAlpacaServer::setClock(const cg::Clock *clock) {
    m_clock = clock ? clock : m_ownClock.get();
}

const cg::Clock *FakeAlpacaServer::clock() const {
    return m_clock;
}

void FakeAlpacaServer::setFillInterval(milliseconds interval) {
    m_fillTimer.setInterval(interval);
}

void FakeAlpacaServer::setUpgradeHandler(HttpConnection::UpgradeHandler handler) {
    m_upgrade = std::move(handler);
}

void FakeAlpacaServer::onNewConnection() {
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        // No Nagle: an answer's last small segment otherwise waits for the client's delayed
        // ACK, 40 ms on Linux (one chain page in seven did: a fetch of SPY took 69 ms, 37 without).
        // A request/response server sends each answer whole at once.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        new HttpConnection(
            socket,
            [this](const HttpRequest &req) {
                QElapsedTimer t;
                t.start();
                HttpResponse r = handle(req);
                m_handlingNs += t.nsecsElapsed();
                return r;
            },
            m_upgrade ? HttpConnection::UpgradeHandler(
                            [this](QTcpSocket *s, const HttpRequest &r) { return m_upgrade(s, r); })
                      : HttpConnection::UpgradeHandler(),
            this);
    }
}

void FakeAlpacaServer::onFillTimer() {
    if (m_market->hasOpenOrders()) {
        m_market->step(m_clock->now());
        m_streams->ordersMayHaveChanged();
    }
}

HttpResponse FakeAlpacaServer::authenticate(const HttpRequest &req, bool data) const {
    const bool hasKey = req.hasHeader("apca-api-key-id");
    const bool hasSecret = req.hasHeader("apca-api-secret-key");
    if (!hasKey && !hasSecret)
        return HttpResponse::json(403, dataError(QStringLiteral("forbidden.")));
    // Compare everything so that timing does not tell which part was wrong.
    const bool keyOk = req.header("apca-api-key-id") == m_credentials.keyId.toUtf8();
    const bool secretOk = req.header("apca-api-secret-key") == m_credentials.secret.toUtf8();
    if (keyOk && secretOk)
        return HttpResponse::json(0, {});
    const QString message = QStringLiteral("request is not authorized");
    return HttpResponse::json(401, data ? dataError(message) : tradingError(40110000, message));
}

bool FakeAlpacaServer::isTransportResend(const HttpRequest &req, Timestamp now) const {
    if (m_droppedClientOrderId.isEmpty() || now - m_droppedAt > seconds{5})
        return false;
    return QJsonDocument::fromJson(req.body)
               .object()
               .value(QLatin1String("client_order_id"))
               .toString() == m_droppedClientOrderId;
}

bool FakeAlpacaServer::faultApplies(const HttpRequest &req) const {
    return m_faults.pathPrefix.isEmpty() || req.path.startsWith(m_faults.pathPrefix);
}

void FakeAlpacaServer::addRateLimitHeaders(HttpResponse &r, bool exhausted,
                                           std::int64_t resetEpoch) const {
    const int limit =
        m_faults.rateLimitPerMinute > 0 ? m_faults.rateLimitPerMinute : kReportedRateLimit;
    const int remaining = exhausted ? 0 : std::max(limit - m_windowCount, 0);
    r.headers.append({"X-RateLimit-Limit", QByteArray::number(limit)});
    r.headers.append({"X-RateLimit-Remaining", QByteArray::number(remaining)});
    r.headers.append({"X-RateLimit-Reset", QByteArray::number(static_cast<qint64>(resetEpoch))});
}

HttpResponse FakeAlpacaServer::handle(const HttpRequest &req) {
    ++m_requestCount;
    const Timestamp now = m_clock->now();
    m_market->step(now);
    const bool data = isDataApiPath(req.path);
    const std::int64_t epochMs = now.time_since_epoch().count();
    const std::int64_t minute = epochMs / 60000;
    if (minute != m_windowMinute) {
        m_windowMinute = minute;
        m_windowCount = 0;
    }
    ++m_windowCount;
    std::int64_t resetEpoch = (minute + 1) * 60;
    bool exhausted = false;

    HttpResponse r = authenticate(req, data);
    if (r.status == 0) {
        const bool faulty = faultApplies(req);
        const auto tooMany = [&] {
            exhausted = true;
            return HttpResponse::json(
                429, data ? dataError(QStringLiteral("too many requests"))
                          : tradingError(42910000, QStringLiteral("rate limit exceeded")));
        };
        if (faulty && m_faults.burst429 > 0) {
            --m_faults.burst429;
            r = tooMany();
            resetEpoch = epochMs / 1000 + 1; // a burst clears within a second or two
        } else if (m_faults.rateLimitPerMinute > 0 && m_windowCount > m_faults.rateLimitPerMinute) {
            r = tooMany();
        } else if (faulty && m_faults.errors500 > 0) {
            --m_faults.errors500;
            r = HttpResponse::json(
                500,
                data ? dataError(QStringLiteral("internal server error"))
                     : tradingError(50010000, QStringLiteral("internal server error occurred")));
        } else {
            r = m_routes->route(req, now);
            const bool ok = r.status >= 200 && r.status < 300 && !r.body.isEmpty();
            const bool orderCreated =
                req.method == "POST" && req.path == QLatin1String("/v2/orders");
            if (ok && orderCreated && m_faults.dropOrderResponses > 0) {
                --m_faults.dropOrderResponses;
                r.delivery = HttpResponse::Delivery::Drop;
                m_droppedClientOrderId = QJsonDocument::fromJson(r.body)
                                             .object()
                                             .value(QLatin1String("client_order_id"))
                                             .toString();
                m_droppedAt = now;
                qCInfo(lcFakeAlpaca) << "fault: order accepted, response dropped";
            } else if (orderCreated && r.status == 422 && isTransportResend(req, now)) {
                // QNetworkAccessManager re-sends a request by itself when the connection drops
                // before any answer; the resend of the dropped order meets the duplicate check.
                // Drop that answer too, so the client sees the lost connection it would see
                // from a network that ate the response.
                r.delivery = HttpResponse::Delivery::Drop;
            } else if (ok && faulty && m_faults.malformed > 0) {
                --m_faults.malformed;
                const qsizetype colon = r.body.indexOf(':');
                if (colon >= 0)
                    r.body[colon] = '=';
                else
                    r.body.append('}');
            } else if (ok && faulty && m_faults.truncated > 0) {
                --m_faults.truncated;
                r.delivery = HttpResponse::Delivery::Truncate;
            }
        }
    }
    addRateLimitHeaders(r, exhausted, resetEpoch);
    r.delay += m_faults.latency;
    qCDebug(lcFakeAlpaca).noquote() << req.method << req.path << "->" << r.status;
    Q_EMIT requestServed(QString::fromLatin1(req.method), req.path, r.status);
    m_streams->ordersMayHaveChanged();
    return r;
}

} // namespace cg::fake
