#pragma once
// The fake server's WebSocket streams on its own port (docs/alpaca-wire.md sections 8-9):
//   /v1beta1/{indicative|opra}  option quotes and trades of the simulated market, msgpack
//                               (connected, auth 402, 412 without the msgpack Content-Type, 413
//                               for "*" quotes, 405 over the symbol limit, subscription echo with
//                               the full lists, batches every interval, ext -1 96-bit times);
//   /stream                     trade_updates in JSON binary frames (authenticate, listen; new,
//                               partial_fill, fill, canceled, expired, rejected, replaced for the
//                               paper account's orders, whichever way they were placed).
// Faults come from the server's FaultSpec (stream-disconnect, stream-silence, stream-malformed,
// slow-stream) and, for tests, from the calls below.

#include "domain/quote.h"
#include "fake_alpaca/http_message.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace cg::fake {

class FakeAlpacaServer;
struct FaultSpec;

class FakeStreams : public QObject {
    Q_OBJECT

public:
    static constexpr int kIndicativeSymbolLimit = 200;
    static constexpr int kOpraSymbolLimit = 1000;
    static constexpr std::chrono::milliseconds kDefaultInterval{100};
    static constexpr std::chrono::milliseconds kAuthTimeout{10'000};

    // `server` owns this object and its fault spec, which is read and consumed here.
    FakeStreams(FakeAlpacaServer *server, FaultSpec *faults);
    ~FakeStreams() override;

    // The server's upgrade handler: takes /v1beta1/{indicative,opra} and /stream.
    bool takeUpgrade(QTcpSocket *socket, const HttpRequest &request);

    void setInterval(std::chrono::milliseconds interval); // between batches (default 100 ms)
    void setSymbolLimit(int limit);                       // 0: per feed (200 / 1000)
    void faultsChanged();
    // After the server stepped the market or served a request: order events go out at once,
    // one per state change (a partial fill and the rest are two events, not one).
    void ordersMayHaveChanged();

    // Test triggers.
    void dropConnections();      // close every stream connection now
    void setSilent(bool silent); // the option stream sends nothing while set
    int optionClients() const;   // authenticated option stream connections
    int tradeClients() const;    // listening trade update connections
    int framesSent() const { return m_framesSent; }
    int quotesSent() const { return m_quotesSent; }

Q_SIGNALS:
    void clientCountChanged();

private:
    struct OptionClient {
        QWebSocket *socket = nullptr;
        bool msgpack = true;
        bool authenticated = false;
        int limit = kIndicativeSymbolLimit;
        QString feed;                    // the path's: indicative or opra
        std::vector<std::string> quotes; // in subscription order
        std::vector<std::string> trades;
        std::unordered_map<std::string, Quote> sentQuotes;
        std::unordered_map<std::string, Timestamp> sentTrades;
        QTimer authTimeout;
    };
    struct TradeClient {
        QWebSocket *socket = nullptr;
        bool authenticated = false;
        bool listening = false;
    };
    struct Pending {
        bool option = true;
        bool msgpack = true;
        int limit = kIndicativeSymbolLimit;
        QString feed;
    };
    struct OrderSeen {
        std::string status;
        double filledQty = 0.0;
    };

    void onNewConnection();
    void addOptionClient(QWebSocket *socket, const Pending &p);
    void addTradeClient(QWebSocket *socket);
    void onOptionMessage(OptionClient &c, const QByteArray &bytes);
    void onTradeMessage(TradeClient &c, const QByteArray &bytes);
    void removeClient(QWebSocket *socket);
    void onTick();
    void pushQuotes();
    void pushOrderEvents(bool send);
    bool silentNow() const;
    void updateTimer();

    FakeAlpacaServer *m_server;
    FaultSpec *m_faults;
    QWebSocketServer *m_ws = nullptr;
    std::map<quint16, Pending> m_pending; // by peer port, until the handshake completes
    std::map<QWebSocket *, std::unique_ptr<OptionClient>> m_options;
    std::map<QWebSocket *, std::unique_ptr<TradeClient>> m_trades;
    std::unordered_map<std::string, OrderSeen> m_orders;
    QTimer m_tick;
    QTimer m_disconnectTimer;
    QElapsedTimer m_silenceCycle;
    std::chrono::milliseconds m_interval = kDefaultInterval;
    int m_symbolLimit = 0;
    bool m_silent = false;
    int m_malformedSent = 0;
    int m_framesSent = 0;
    int m_quotesSent = 0;
};

} // namespace cg::fake
