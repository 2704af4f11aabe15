#pragma once
// The life of one of Alpaca's WebSockets, under both stream clients: open with a handshake
// timeout, reconnect with exponential backoff after a close, a failure to connect or a refusal
// the client calls temporary, keep-alive pings, stop, fail for good, and the StreamStatus the
// window shows. The clients keep only their protocol (auth, subscribe, decode): they hear of a
// new connection (connected()), of its frames, and of its end (dropped()), and say when their
// handshake is complete (established()).
//
// One connection at a time: frames and signals of a replaced socket never reach the client.

#include "alpaca/alpaca_config.h"
#include "broker/quote_stream.h"

#include <QElapsedTimer>
#include <QNetworkRequest>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <string>

class QWebSocket;

namespace cg::alpaca::stream {

class ReconnectingSocket : public QObject {
    Q_OBJECT

public:
    struct Options {
        std::chrono::milliseconds backoffBase{500};
        std::chrono::milliseconds backoffMax{30'000};
        bool jitter = true;
        // From opening to established() (the client's handshake included).
        std::chrono::milliseconds handshakeTimeout{10'000};
        // A larger frame or message is refused before it is buffered (Qt reads the frame header
        // first), and the socket reconnects.
        qint64 maxMessageBytes = 16LL * 1024 * 1024;
        // The backoff starts over only once an established connection has lasted this long: one
        // the server drops right after the handshake (a slow-client close, a resetting proxy)
        // keeps backing off instead of reconnecting and resubscribing twice a second.
        std::chrono::milliseconds stableAfter{30'000};
    };
    // How status and log lines name the stream, e.g. "option stream" and "option stream", or
    // "trade updates stream" and "trade updates".
    struct Names {
        std::string stream;
        std::string log;
    };

    ReconnectingSocket(Names names, Options options, QObject *parent = nullptr);
    ~ReconnectingSocket() override;

    // Checks the config (valid, with keys: otherwise Failed with a sentence saying why), then
    // Connecting and the first attempt. No-op while running.
    void start(const AlpacaConfig &config, const QNetworkRequest &request);
    // Off, no retry; the connection (if any) is dropped.
    void stop();
    // Retrying cannot help until the trader changes something: Failed with this detail.
    void fail(const std::string &detail);
    // This connection is of no more use (a close the server announced, a handshake the client
    // cannot finish): drop it and try again after the backoff.
    void reconnect(const std::string &reason);
    // The client's handshake is complete: the handshake timeout stops, the backoff starts over.
    void established();

    void sendText(const QString &text);
    void sendBinary(const QByteArray &bytes);

    // A ping now (if pingNow) and every interval; no pong nor frame (alive()) between two of
    // them -> reconnect ("<reasonPrefix>no answer to a ping within <interval>").
    void keepPinging(std::chrono::milliseconds interval, bool pingNow,
                     const std::string &reasonPrefix = {});
    void stopPinging();
    // A frame arrived: the connection answers, whatever the pings say.
    void alive() { m_awaitingPong = false; }

    bool running() const { return m_running; }
    bool hasConnection() const { return m_socket != nullptr; }
    StreamStatus status() const { return m_status; }
    // Unchanged health and detail: no signal.
    void setStatus(StreamHealth health, std::string detail);

Q_SIGNALS:
    void statusChanged();
    // The WebSocket is open: the client starts its handshake.
    void connected();
    void binaryMessage(const QByteArray &frame);
    void textMessage(const QString &text);
    // The connection is gone (closed, replaced, stopped, failed): the client's protocol state
    // starts over. Not emitted from the destructor.
    void dropped();

private:
    void connectNow();
    void onClosed(QWebSocket *socket);
    void dropSocket();
    void onPingTimer();

    Names m_names;
    Options m_options;
    QNetworkRequest m_request;
    QWebSocket *m_socket = nullptr;
    bool m_running = false;
    bool m_awaitingPong = false;
    int m_attempt = 0;              // consecutive failed connections, for the backoff
    QElapsedTimer m_establishedFor; // since established(); invalid until then
    StreamStatus m_status;
    std::string m_pingReasonPrefix;
    QTimer m_retry;
    QTimer m_handshake;
    QTimer m_ping;
};

} // namespace cg::alpaca::stream
