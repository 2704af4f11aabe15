#pragma once
// QuoteStream over Alpaca's options market-data WebSocket (msgpack, docs/alpaca-wire.md
// section 8): handshake with Content-Type: application/msgpack, auth with the configured keys,
// quotes + trades for setSymbols() within symbolLimit(), resubscription by difference, reconnect
// with exponential backoff, and a watchdog that reports a connected but silent stream as Silent
// (poll snapshots meanwhile) and reconnects if the silent connection stops answering pings.
//
// Construct with the same AlpacaConfig the REST client uses; the URL is
// config.optionStreamUrl() (DEMO: ws://127.0.0.1:PORT/v1beta1/indicative on the fake server).
// Callbacks must not delete the stream (use deleteLater).

#include "alpaca/alpaca_config.h"
#include "alpaca/stream/reconnecting_socket.h"
#include "broker/quote_stream.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <set>
#include <string>
#include <vector>

namespace cg::alpaca::stream {

class AlpacaQuoteStream : public QObject, public QuoteStream {
    Q_OBJECT

public:
    // Backoff, handshake timeout ("connected", auth and "authenticated" must fit in it) and
    // message size limit (16 MB: Alpaca batches quotes into frames of some kilobytes; even a
    // subscription answer that lists 1000 symbols twice is about 50 KB) as the socket has them.
    struct Options : stream::ReconnectingSocket::Options {
        // 0: the feed's (indicative 200, opra 1000, as Alpaca's plans allow).
        int symbolLimit = 0;
        // Live -> Silent after this long without any message; a message brings it back.
        std::chrono::milliseconds watchdog{5'000};
        // While Silent, a ping this often; no pong within it -> reconnect (0: no pings).
        std::chrono::milliseconds silentReconnect{10'000};
    };

    explicit AlpacaQuoteStream(AlpacaConfig config, QObject *parent = nullptr);
    AlpacaQuoteStream(AlpacaConfig config, Options options, QObject *parent = nullptr);
    ~AlpacaQuoteStream() override;

    void start() override;
    void stop() override;
    void setSymbols(const std::vector<std::string> &symbols) override;
    int symbolLimit() const override { return m_options.symbolLimit; }
    StreamStatus status() const override { return m_link.status(); }

    QUrl url() const { return m_config.optionStreamUrl(); }
    // What the server last confirmed ("subscription" message), quotes list.
    std::vector<std::string> confirmedQuotes() const { return m_confirmedQuotes; }
    // The symbols being streamed (setSymbols() within the limit), in the caller's order.
    std::vector<std::string> streamedSymbols() const { return m_wanted; }
    int droppedSymbols() const { return m_dropped; }
    int connectionCount() const { return m_connections; } // successful authentications
    // Frames refused whole or in part (a message skipped); the stream goes on.
    int unreadableFrames() const { return m_unreadableFrames; }
    std::string lastFrameError() const { return m_lastFrameError; }

Q_SIGNALS:
    // Also as signals, for QSignalSpy and queued consumers.
    void statusChanged();
    void subscriptionConfirmed();

private:
    // Idle: no connection yet, or it is still opening.
    enum class Phase { Idle, AwaitConnected, Authenticating, Ready };

    void onBinaryMessage(const QByteArray &frame);
    void onTextMessage(const QString &text);
    void onDropped();
    void handleServerError(int code, const std::string &msg);
    void syncSubscription();
    void sendBinary(const std::string &bytes);
    void messageArrived();
    void onWatchdog();
    std::string liveDetail() const;

    AlpacaConfig m_config;
    Options m_options;
    stream::ReconnectingSocket m_link;
    Phase m_phase = Phase::Idle;
    int m_connections = 0;
    std::vector<std::string> m_wanted;  // within the limit, caller's order
    std::set<std::string> m_subscribed; // what this connection told the server
    // The server's own list (its last "subscription" message on this connection): a refused
    // subscribe (405 over the symbol limit, 400, 413) changes nothing there, so m_subscribed goes
    // back to it and the next sync sends the difference again.
    std::vector<std::string> m_confirmedQuotes;
    bool m_confirmedKnown = false; // a "subscription" message came on this connection
    int m_dropped = 0;             // symbols beyond the limit
    int m_unreadableFrames = 0;
    int m_unreadableSinceRead = 0; // frames with nothing readable since the last readable one
    std::string m_lastFrameError;
    std::string m_serverWarning; // a non-fatal server error, shown in the detail
    QTimer m_watchdog;
};

} // namespace cg::alpaca::stream
