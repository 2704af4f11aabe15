#pragma once
// TradeUpdates over Alpaca's trading WebSocket (/stream, JSON in binary or text frames,
// ../shared/alpaca/API.md section 11): authenticate, listen to trade_updates, map each event's
// order with the REST order mapper, reconnect with exponential backoff. Events sent while the
// connection was down are not replayed by Alpaca: after a reconnect the owner should reconcile
// open orders over REST (status() says "Live" again with a detail that says so).
//
// Construct with the same AlpacaConfig the REST client uses; the URL is config.tradeUpdatesUrl()
// (DEMO: ws://127.0.0.1:PORT/stream on the fake server).

#include "alpaca/alpaca_config.h"
#include "broker/trade_updates.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <string>

class QWebSocket;

namespace cg::alpaca {

class AlpacaTradeUpdates : public QObject, public TradeUpdates {
    Q_OBJECT

public:
    struct Options {
        std::chrono::milliseconds backoffBase{500};
        std::chrono::milliseconds backoffMax{30'000};
        bool jitter = true;
        // Connect, authorization and listening must fit in this.
        std::chrono::milliseconds handshakeTimeout{10'000};
        // A ping this often while idle; no pong within the interval counts as a dead connection.
        std::chrono::milliseconds keepAlive{20'000};
        // A larger frame or message is refused before it is buffered, and the stream reconnects.
        // One event carries one order (about 1-2 KB, a few more with multi-leg legs): 1 MB is
        // hundreds of times that.
        qint64 maxMessageBytes = 1024LL * 1024;
    };

    explicit AlpacaTradeUpdates(AlpacaConfig config, QObject *parent = nullptr);
    AlpacaTradeUpdates(AlpacaConfig config, Options options, QObject *parent = nullptr);
    ~AlpacaTradeUpdates() override;

    void start() override;
    void stop() override;
    StreamStatus status() const override { return m_status; }

    QUrl url() const { return m_config.tradeUpdatesUrl(); }
    int connectionCount() const { return m_connections; } // successful listens
    int unreadableMessages() const { return m_unreadable; }
    std::string lastMessageError() const { return m_lastError; }

Q_SIGNALS:
    void statusChanged();
    // After every successful listen; the second and later ones call for a REST reconciliation.
    void listening(bool reconnected);

private:
    enum class Phase { Idle, Opening, Authorizing, Listening, Ready };

    void connectNow();
    void onMessage(const QByteArray &json);
    void onClosed(QWebSocket *socket);
    void scheduleReconnect(const std::string &reason);
    void fail(const std::string &detail);
    void dropSocket();
    void send(const QByteArray &json);
    void setStatus(StreamHealth health, std::string detail);

    AlpacaConfig m_config;
    Options m_options;
    QWebSocket *m_socket = nullptr;
    Phase m_phase = Phase::Idle;
    bool m_running = false;
    bool m_awaitingPong = false;
    int m_attempt = 0;
    int m_connections = 0;
    int m_unreadable = 0;
    std::string m_lastError;
    StreamStatus m_status;
    QTimer m_retry;
    QTimer m_handshake;
    QTimer m_keepAlive;
};

} // namespace cg::alpaca
