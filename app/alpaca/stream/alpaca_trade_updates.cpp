#include "alpaca/stream/alpaca_trade_updates.h"

#include "alpaca/log.h"
#include "alpaca/stream/trade_update_json.h"

#include <algorithm>

namespace cg::alpaca::stream {

using stream::TradeStreamMessage;

AlpacaTradeUpdates::AlpacaTradeUpdates(AlpacaConfig config, QObject *parent)
    : AlpacaTradeUpdates(std::move(config), Options{}, parent) {}

AlpacaTradeUpdates::AlpacaTradeUpdates(AlpacaConfig config, Options options, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_options(options)
    , m_link({"trade updates stream", "trade updates"}, options, this) {
    connect(&m_link, &stream::ReconnectingSocket::statusChanged, this, [this] {
        if (onStatus)
            onStatus(m_link.status());
        Q_EMIT statusChanged();
    });
    connect(&m_link, &stream::ReconnectingSocket::connected, this, [this] {
        m_phase = Phase::Authorizing;
        // The keys travel only inside this message, never in a log line.
        send(stream::authenticateAction(m_config.keyId, m_config.secret));
    });
    // Alpaca's paper stream sends JSON in binary frames; accept text frames as well.
    connect(&m_link, &stream::ReconnectingSocket::binaryMessage, this,
            &AlpacaTradeUpdates::onMessage);
    connect(&m_link, &stream::ReconnectingSocket::textMessage, this,
            [this](const QString &m) { onMessage(m.toUtf8()); });
    connect(&m_link, &stream::ReconnectingSocket::dropped, this, [this] { m_phase = Phase::Idle; });
}

AlpacaTradeUpdates::~AlpacaTradeUpdates() {
    onUpdate = nullptr;
    onStatus = nullptr;
}

void AlpacaTradeUpdates::start() {
    m_link.start(m_config, QNetworkRequest(m_config.tradeUpdatesUrl()));
}

void AlpacaTradeUpdates::stop() {
    m_link.stop();
}

void AlpacaTradeUpdates::send(const QByteArray &json) {
    m_link.sendText(QString::fromUtf8(json));
}

void AlpacaTradeUpdates::onMessage(const QByteArray &json) {
    m_link.alive();
    auto message = stream::parseTradeStreamMessage(json);
    if (!message) {
        ++m_unreadable;
        m_lastError = message.error().message;
        qCWarning(lcAlpacaStream).noquote() << QString::fromStdString(m_lastError);
        if (m_phase == Phase::Ready && onUnreadable)
            onUnreadable(m_lastError);
        return;
    }
    switch (message->type) {
    case TradeStreamMessage::Type::Authorization:
        if (!message->authorized) {
            m_link.fail(m_phase == Phase::Authorizing
                            ? "Alpaca refused the API keys on the trade updates stream; check "
                              "APCA_API_KEY_ID and APCA_API_SECRET_KEY"
                            : "Alpaca refused the trade updates action \"" + message->action +
                                  "\"");
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
            m_link.fail("Alpaca did not start the trade_updates stream");
            return;
        }
        m_phase = Phase::Ready;
        m_link.established();
        const bool reconnected = m_connections++ > 0;
        m_link.keepPinging(m_options.keepAlive, false);
        qCInfo(lcAlpacaStream) << "trade updates listening";
        m_link.setStatus(
            StreamHealth::Live,
            reconnected ? "Receiving order updates again (events during the gap are not replayed)"
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

} // namespace cg::alpaca::stream
