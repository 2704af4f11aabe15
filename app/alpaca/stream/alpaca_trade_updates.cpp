#include "alpaca/stream/alpaca_trade_updates.h"

#include "alpaca/stream/backoff.h"
#include "alpaca/stream/stream_log.h"
#include "alpaca/stream/trade_update_json.h"
#include "domain/number_format.h"

#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QWebSocket>

#include <algorithm>

namespace cg::alpaca {

using namespace std::chrono;
using stream::TradeStreamMessage;

AlpacaTradeUpdates::AlpacaTradeUpdates(AlpacaConfig config, QObject *parent)
    : AlpacaTradeUpdates(std::move(config), Options{}, parent) {}

AlpacaTradeUpdates::AlpacaTradeUpdates(AlpacaConfig config, Options options, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_options(options) {
    m_retry.setSingleShot(true);
    m_handshake.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &AlpacaTradeUpdates::connectNow);
    connect(&m_handshake, &QTimer::timeout, this, [this] {
        scheduleReconnect("no answer to the handshake within " +
                          stream::secondsText(m_options.handshakeTimeout));
    });
    connect(&m_keepAlive, &QTimer::timeout, this, [this] {
        if (!m_socket)
            return;
        if (m_awaitingPong) {
            scheduleReconnect("no answer to a ping within " +
                              stream::secondsText(m_options.keepAlive));
            return;
        }
        m_awaitingPong = true;
        m_socket->ping();
    });
}

AlpacaTradeUpdates::~AlpacaTradeUpdates() {
    onUpdate = nullptr;
    onStatus = nullptr;
    dropSocket();
}

void AlpacaTradeUpdates::start() {
    if (m_running)
        return;
    if (auto valid = m_config.validate(); !valid) {
        fail(valid.error().message);
        return;
    }
    if (!m_config.hasKeys()) {
        fail("The trade updates stream needs Alpaca keys (APCA_API_KEY_ID and "
             "APCA_API_SECRET_KEY)");
        return;
    }
    m_running = true;
    m_attempt = 0;
    setStatus(StreamHealth::Connecting, "Connecting to the trade updates stream");
    connectNow();
}

void AlpacaTradeUpdates::stop() {
    const bool wasRunning = m_running;
    m_running = false;
    m_retry.stop();
    dropSocket();
    if (wasRunning || m_status.health != StreamHealth::Off)
        setStatus(StreamHealth::Off, "Trade updates stream stopped");
}

void AlpacaTradeUpdates::connectNow() {
    if (!m_running)
        return;
    dropSocket();
    m_phase = Phase::Opening;
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    QWebSocket *socket = m_socket;
    // Set before anything is read: Qt refuses a larger frame from its header, before buffering
    // the payload, and closes with 1009 (see onClosed).
    const auto maxBytes = static_cast<quint64>(std::max<qint64>(1, m_options.maxMessageBytes));
    socket->setMaxAllowedIncomingFrameSize(maxBytes);
    socket->setMaxAllowedIncomingMessageSize(maxBytes);
    connect(socket, &QWebSocket::connected, this, [this, socket] {
        if (socket != m_socket)
            return;
        m_phase = Phase::Authorizing;
        // The keys travel only inside this message, never in a log line.
        send(stream::authenticateAction(m_config.keyId, m_config.secret));
    });
    // Alpaca's paper stream sends JSON in binary frames; accept text frames as well.
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket](const QByteArray &m) {
        if (socket == m_socket)
            onMessage(m);
    });
    connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &m) {
        if (socket == m_socket)
            onMessage(m.toUtf8());
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
    qCDebug(lcAlpacaStream).noquote() << "opening" << m_config.tradeUpdatesUrl().toString();
    socket->open(QNetworkRequest(m_config.tradeUpdatesUrl()));
}

void AlpacaTradeUpdates::dropSocket() {
    m_handshake.stop();
    m_keepAlive.stop();
    m_awaitingPong = false;
    m_phase = Phase::Idle;
    if (QWebSocket *socket = m_socket) {
        m_socket = nullptr;
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }
}

void AlpacaTradeUpdates::send(const QByteArray &json) {
    if (m_socket)
        m_socket->sendTextMessage(QString::fromUtf8(json));
}

void AlpacaTradeUpdates::onClosed(QWebSocket *socket) {
    if (socket != m_socket || !m_running)
        return;
    QString why = socket->closeReason();
    if (socket->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData)
        why = QStringLiteral("Alpaca's %1 sent a message larger than the %2 limit")
                  .arg(QLatin1String("trade updates stream"),
                       QString::fromStdString(formatByteSize(m_options.maxMessageBytes)));
    if (why.isEmpty())
        why = socket->errorString();
    if (why.isEmpty() || why == QLatin1String("Unknown error"))
        why = QStringLiteral("connection closed");
    scheduleReconnect(why.left(200).toStdString());
}

void AlpacaTradeUpdates::scheduleReconnect(const std::string &reason) {
    if (!m_running)
        return;
    dropSocket();
    const stream::Backoff backoff{m_options.backoffBase, m_options.backoffMax, m_options.jitter};
    const milliseconds delay =
        backoff.delay(m_attempt++, QRandomGenerator::global()->generateDouble());
    qCInfo(lcAlpacaStream).noquote() << "trade updates:" << QString::fromStdString(reason)
                                     << "- reconnecting in" << delay.count() << "ms";
    setStatus(StreamHealth::Reconnecting,
              "Reconnecting in " + stream::secondsText(delay) + " (" + reason + ")");
    m_retry.start(delay);
}

void AlpacaTradeUpdates::fail(const std::string &detail) {
    qCWarning(lcAlpacaStream).noquote()
        << "trade updates failed:" << QString::fromStdString(detail);
    m_running = false;
    m_retry.stop();
    dropSocket();
    setStatus(StreamHealth::Failed, detail);
}

void AlpacaTradeUpdates::onMessage(const QByteArray &json) {
    m_awaitingPong = false;
    auto message = stream::parseTradeStreamMessage(json);
    if (!message) {
        ++m_unreadable;
        m_lastError = message.error().message;
        qCWarning(lcAlpacaStream).noquote() << QString::fromStdString(m_lastError);
        return;
    }
    switch (message->type) {
    case TradeStreamMessage::Type::Authorization:
        if (!message->authorized) {
            fail(m_phase == Phase::Authorizing
                     ? "Alpaca refused the API keys on the trade updates stream; check "
                       "APCA_API_KEY_ID and APCA_API_SECRET_KEY"
                     : "Alpaca refused the trade updates action \"" + message->action + "\"");
            return;
        }
        if (m_phase == Phase::Authorizing) {
            m_phase = Phase::Listening;
            send(stream::listenAction());
        }
        return;
    case TradeStreamMessage::Type::Listening: {
        const bool listens = std::find(message->streams.begin(), message->streams.end(),
                                       "trade_updates") != message->streams.end();
        if (m_phase != Phase::Listening)
            return;
        if (!listens) {
            fail("Alpaca did not start the trade_updates stream");
            return;
        }
        m_phase = Phase::Ready;
        m_handshake.stop();
        m_attempt = 0;
        const bool reconnected = m_connections++ > 0;
        if (m_options.keepAlive.count() > 0)
            m_keepAlive.start(m_options.keepAlive);
        qCInfo(lcAlpacaStream) << "trade updates listening";
        setStatus(StreamHealth::Live,
                  reconnected
                      ? "Receiving order updates again (events during the gap are not replayed)"
                      : "Receiving order updates");
        Q_EMIT listening(reconnected);
        return;
    }
    case TradeStreamMessage::Type::TradeUpdate:
        if (m_phase != Phase::Ready)
            return;
        qCDebug(lcAlpacaStream).noquote()
            << "trade update" << QString::fromStdString(message->update.event)
            << QString::fromStdString(message->update.order.symbol);
        if (onUpdate)
            onUpdate(message->update);
        return;
    case TradeStreamMessage::Type::Other:
        qCDebug(lcAlpacaStream).noquote()
            << "ignoring trade stream message" << QString::fromStdString(message->stream);
        return;
    }
}

void AlpacaTradeUpdates::setStatus(StreamHealth health, std::string detail) {
    if (m_status.health == health && m_status.detail == detail)
        return;
    m_status = StreamStatus{health, std::move(detail)};
    if (onStatus)
        onStatus(m_status);
    Q_EMIT statusChanged();
}

} // namespace cg::alpaca
