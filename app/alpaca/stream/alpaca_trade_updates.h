#pragma once
// TradeUpdates over Alpaca's trading WebSocket (/stream, JSON in binary or text frames,
// docs/alpaca-wire.md section 9): authenticate, listen to trade_updates, map each event's
// order with the REST order mapper, reconnect with exponential backoff. Events sent while the
// connection was down are not replayed by Alpaca: after a reconnect the owner should reconcile
// open orders over REST (status() says "Live" again with a detail that says so).
//
// Construct with the same AlpacaConfig the REST client uses; the URL is config.tradeUpdatesUrl()
// (DEMO: ws://127.0.0.1:PORT/stream on the fake server).

#include "alpaca/alpaca_config.h"
#include "alpaca/stream/reconnecting_socket.h"
#include "broker/trade_updates.h"

#include <QObject>
#include <QUrl>

#include <chrono>
#include <string>

namespace cg::alpaca::stream {

class AlpacaTradeUpdates : public QObject, public TradeUpdates {
    Q_OBJECT

public:
    // Backoff and handshake timeout (connect, authorization and listening must fit in it) as the
    // socket has them.
    struct Options : stream::ReconnectingSocket::Options {
        // One event carries one order (about 1-2 KB, a few more with multi-leg legs): 1 MB is
        // hundreds of times that.
        Options() { maxMessageBytes = 1024LL * 1024; }
        // A ping this often while idle; no pong within the interval counts as a dead connection.
        std::chrono::milliseconds keepAlive{20'000};
    };

    explicit AlpacaTradeUpdates(AlpacaConfig config, QObject *parent = nullptr);
    AlpacaTradeUpdates(AlpacaConfig config, Options options, QObject *parent = nullptr);
    ~AlpacaTradeUpdates() override;

    void start() override;
    void stop() override;
    StreamStatus status() const override { return m_link.status(); }

    QUrl url() const { return m_config.tradeUpdatesUrl(); }
    int connectionCount() const { return m_connections; } // successful listens
    int unreadableMessages() const { return m_unreadable; }
    std::string lastMessageError() const { return m_lastError; }

Q_SIGNALS:
    void statusChanged();
    // After every successful listen; the second and later ones call for a REST reconciliation.
    void listening(bool reconnected);

private:
    // Idle: no connection yet, or it is still opening.
    enum class Phase { Idle, Authorizing, Listening, Ready };

    void onMessage(const QByteArray &json);
    void send(const QByteArray &json);

    AlpacaConfig m_config;
    Options m_options;
    stream::ReconnectingSocket m_link;
    Phase m_phase = Phase::Idle;
    int m_connections = 0;
    int m_unreadable = 0;
    std::string m_lastError;
};

} // namespace cg::alpaca::stream
