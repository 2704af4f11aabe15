#pragma once
// One client connection of the fake server: a small, strict HTTP/1.1 server side. Requests are
// answered strictly in order (pipelining-safe: a delayed answer holds the ones behind it),
// keep-alive by default, Content-Length bodies only, 400 and close on anything it cannot parse.
// A WebSocket upgrade request can be handed over, socket and unread handshake intact, to an
// upgrade handler (for QWebSocketServer::handleConnection).

#include "fake_alpaca/http_message.h"

#include <QObject>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace cg::fake {

class HttpConnection : public QObject {
    Q_OBJECT

public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;
    // Returns true when it took the socket (and its ownership).
    using UpgradeHandler = std::function<bool(QTcpSocket *, const HttpRequest &)>;

    // Larger requests are refused from their headers (431, 413) before the rest is read. The
    // biggest real one, an order, is under 1 KB.
    static constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
    static constexpr qsizetype kMaxBodyBytes = 4 * 1024 * 1024;
    // One request at its largest (plus the blank lines tolerated before it): all that is ever
    // buffered unprocessed.
    static constexpr qsizetype kMaxRequestBytes = kMaxHeaderBytes + kMaxBodyBytes + 1024;
    static constexpr int kIdleTimeoutMs = 120'000;

    HttpConnection(QTcpSocket *socket, Handler handler, UpgradeHandler upgrade,
                   QObject *parent = nullptr);
    ~HttpConnection() override;

private:
    enum class Parse { NeedMore, Ready, Failed };

    void attach();
    void onReadyRead();
    bool tryUpgrade();
    void processBuffer();
    Parse parseRequest(HttpRequest &out, qsizetype &consumed, HttpResponse &error) const;
    void send(const HttpResponse &r, bool keepAlive);
    void finish();

    QTcpSocket *m_socket;
    Handler m_handler;
    UpgradeHandler m_upgrade;
    QByteArray m_buffer;
    bool m_busy = false;    // an answer is being delayed
    bool m_closing = false; // no more requests are read
    QTimer m_idle;
};

} // namespace cg::fake
