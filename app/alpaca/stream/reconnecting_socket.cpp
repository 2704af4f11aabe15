#include "alpaca/stream/reconnecting_socket.h"

#include "alpaca/log.h"
#include "alpaca/stream/backoff.h"
#include "domain/number_format.h"

#include <QRandomGenerator>
#include <QWebSocket>

#include <algorithm>

namespace cg::alpaca::stream {

using namespace std::chrono;

namespace {

std::string capitalized(std::string text) {
    if (!text.empty() && text.front() >= 'a' && text.front() <= 'z')
        text.front() = static_cast<char>(text.front() - 'a' + 'A');
    return text;
}

} // namespace

ReconnectingSocket::ReconnectingSocket(Names names, Options options, QObject *parent)
    : QObject(parent)
    , m_names(std::move(names))
    , m_options(options) {
    m_retry.setSingleShot(true);
    m_handshake.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &ReconnectingSocket::connectNow);
    connect(&m_handshake, &QTimer::timeout, this, [this] {
        reconnect("no answer to the handshake within " + secondsText(m_options.handshakeTimeout));
    });
    connect(&m_ping, &QTimer::timeout, this, &ReconnectingSocket::onPingTimer);
}

ReconnectingSocket::~ReconnectingSocket() {
    // The owner may be half gone: no signals from here on.
    if (QWebSocket *socket = m_socket) {
        m_socket = nullptr;
        socket->disconnect(this);
        socket->abort();
    }
}

void ReconnectingSocket::start(const AlpacaConfig &config, const QNetworkRequest &request) {
    if (m_running)
        return;
    if (auto valid = config.validate(); !valid) {
        fail(valid.error().message);
        return;
    }
    if (!config.hasKeys()) {
        fail("The " + m_names.stream +
             " needs Alpaca keys (APCA_API_KEY_ID and APCA_API_SECRET_KEY)");
        return;
    }
    m_request = request;
    m_running = true;
    m_attempt = 0;
    setStatus(StreamHealth::Connecting, "Connecting to the " + m_names.stream);
    connectNow();
}

void ReconnectingSocket::stop() {
    const bool wasRunning = m_running;
    m_running = false;
    m_retry.stop();
    dropSocket();
    if (wasRunning || m_status.health != StreamHealth::Off)
        setStatus(StreamHealth::Off, capitalized(m_names.stream) + " stopped");
}

void ReconnectingSocket::fail(const std::string &detail) {
    qCWarning(lcAlpacaStream).noquote()
        << QString::fromStdString(m_names.log) << "failed:" << QString::fromStdString(detail);
    m_running = false;
    m_retry.stop();
    dropSocket();
    setStatus(StreamHealth::Failed, detail);
}

void ReconnectingSocket::reconnect(const std::string &reason) {
    if (!m_running)
        return;
    dropSocket();
    if (m_establishedFor.isValid() && m_establishedFor.elapsed() >= m_options.stableAfter.count())
        m_attempt = 0; // it was a good connection: this drop starts the backoff over
    m_establishedFor.invalidate();
    const Backoff backoff{m_options.backoffBase, m_options.backoffMax, m_options.jitter};
    const milliseconds delay =
        backoff.delay(m_attempt++, QRandomGenerator::global()->generateDouble());
    qCInfo(lcAlpacaStream).noquote()
        << QString::fromStdString(m_names.log) + QLatin1Char(':') << QString::fromStdString(reason)
        << "- reconnecting in" << delay.count() << "ms";
    setStatus(StreamHealth::Reconnecting,
              "Reconnecting in " + secondsText(delay) + " (" + reason + ")");
    m_retry.start(delay);
}

void ReconnectingSocket::established() {
    m_handshake.stop();
    m_establishedFor.start();
}

void ReconnectingSocket::connectNow() {
    if (!m_running)
        return;
    dropSocket();
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    QWebSocket *socket = m_socket;
    // Set before anything is read: Qt refuses a larger frame from its header, before buffering
    // the payload, and closes with 1009 (see onClosed).
    const auto maxBytes = static_cast<quint64>(std::max<qint64>(1, m_options.maxMessageBytes));
    socket->setMaxAllowedIncomingFrameSize(maxBytes);
    socket->setMaxAllowedIncomingMessageSize(maxBytes);
    // A replaced socket's signals may still be queued: only the current one speaks.
    connect(socket, &QWebSocket::connected, this, [this, socket] {
        if (socket == m_socket)
            Q_EMIT connected();
    });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket](const QByteArray &f) {
        if (socket == m_socket)
            Q_EMIT binaryMessage(f);
    });
    connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &t) {
        if (socket == m_socket)
            Q_EMIT textMessage(t);
    });
    connect(socket, &QWebSocket::pong, this, [this, socket] {
        if (socket == m_socket)
            m_awaitingPong = false;
    });
    connect(socket, &QWebSocket::disconnected, this, [this, socket] { onClosed(socket); });
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this, socket](QAbstractSocket::SocketError) {
                if (socket == m_socket && socket->state() != QAbstractSocket::ConnectedState)
                    onClosed(socket);
            });
    m_handshake.start(m_options.handshakeTimeout);
    qCDebug(lcAlpacaStream).noquote() << "opening" << m_request.url().toString();
    socket->open(m_request);
}

void ReconnectingSocket::dropSocket() {
    m_handshake.stop();
    stopPinging();
    if (QWebSocket *socket = m_socket) {
        m_socket = nullptr;
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
    Q_EMIT dropped();
}

void ReconnectingSocket::onClosed(QWebSocket *socket) {
    if (socket != m_socket || !m_running)
        return;
    QString why = socket->closeReason();
    if (socket->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData)
        why = QStringLiteral("Alpaca's %1 sent a message larger than the %2 limit")
                  .arg(QString::fromStdString(m_names.stream),
                       QString::fromStdString(formatByteSize(m_options.maxMessageBytes)));
    if (why.isEmpty())
        why = socket->errorString();
    if (why.isEmpty() || why == QLatin1String("Unknown error"))
        why = QStringLiteral("connection closed");
    reconnect(why.left(200).toStdString());
}

void ReconnectingSocket::sendText(const QString &text) {
    if (m_socket)
        m_socket->sendTextMessage(text);
}

void ReconnectingSocket::sendBinary(const QByteArray &bytes) {
    if (m_socket)
        m_socket->sendBinaryMessage(bytes);
}

void ReconnectingSocket::keepPinging(milliseconds interval, bool pingNow,
                                     const std::string &reasonPrefix) {
    if (!m_socket || interval.count() <= 0)
        return;
    m_pingReasonPrefix = reasonPrefix;
    if (pingNow) {
        m_awaitingPong = true;
        m_socket->ping();
    }
    m_ping.start(interval);
}

void ReconnectingSocket::stopPinging() {
    m_ping.stop();
    m_awaitingPong = false;
}

void ReconnectingSocket::onPingTimer() {
    if (!m_socket)
        return;
    if (m_awaitingPong) {
        reconnect(m_pingReasonPrefix + "no answer to a ping within " +
                  secondsText(duration_cast<milliseconds>(m_ping.intervalAsDuration())));
        return;
    }
    m_awaitingPong = true;
    m_socket->ping();
}

void ReconnectingSocket::setStatus(StreamHealth health, std::string detail) {
    if (m_status.health == health && m_status.detail == detail)
        return;
    m_status = StreamStatus{health, std::move(detail)};
    Q_EMIT statusChanged();
}

} // namespace cg::alpaca::stream
