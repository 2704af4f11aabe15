#pragma once
// A tiny HTTP/1.1 server on 127.0.0.1 whose every answer the test decides: respond, drop the
// connection, or never answer. For the transport's retry and order-lookup behaviour, which the
// fake Alpaca server exercises too, but less precisely.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>

namespace cg::testing {

struct StubRequest {
    QByteArray method;
    QByteArray target;                     // path?query as sent
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;

    QString path() const { return QUrl(QString::fromLatin1(target)).path(); }
    QString query(const QString &key) const {
        return QUrlQuery(QUrl(QString::fromLatin1(target))).queryItemValue(key, QUrl::FullyDecoded);
    }
};

struct StubAction {
    enum Kind { Respond, Drop, Hang, Trickle } kind = Respond;
    int status = 200;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    bool chunked = false; // Transfer-Encoding: chunked, so no Content-Length announces the size
    int trickleMs = 0;    // Trickle: the headers at once, then a piece of the body this often
    int trickleBytes = 1; // the piece

    static StubAction json(int status, QByteArray body,
                           QList<std::pair<QByteArray, QByteArray>> headers = {}) {
        return StubAction{Respond, status, std::move(body), std::move(headers)};
    }
    static StubAction chunkedJson(int status, QByteArray body) {
        return StubAction{Respond, status, std::move(body), {}, true};
    }
    static StubAction drop() { return StubAction{Drop, 0, {}, {}}; }
    static StubAction hang() { return StubAction{Hang, 0, {}, {}}; }
    // A slow answer that is never silent: each byte resets a transfer (inactivity) timeout.
    static StubAction trickle(int status, QByteArray body, int everyMs, int bytes = 1) {
        return StubAction{Trickle, status, std::move(body), {}, false, everyMs, bytes};
    }
};

class StubServer {
public:
    using Handler = std::function<StubAction(const StubRequest &)>;

    explicit StubServer(Handler handler)
        : m_handler(std::move(handler)) {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection())
                serve(s);
        });
    }

    QUrl url() const {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
    }
    const QList<StubRequest> &requests() const { return m_requests; }
    int count(const QByteArray &method, const QString &path) const {
        int n = 0;
        for (const auto &r : m_requests)
            n += r.method == method && r.path() == path;
        return n;
    }
    void setHandler(Handler h) { m_handler = std::move(h); }

private:
    void serve(QTcpSocket *socket) {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            buffer->append(socket->readAll());
            for (;;) {
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                StubRequest req;
                const QList<QByteArray> lines = buffer->left(end).split('\n');
                const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
                req.method = first.value(0);
                req.target = first.value(1);
                for (qsizetype i = 1; i < lines.size(); ++i) {
                    const qsizetype colon = lines[i].indexOf(':');
                    if (colon > 0)
                        req.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                           lines[i].mid(colon + 1).trimmed());
                }
                const qsizetype length = req.headers.value("content-length", "0").toLongLong();
                if (buffer->size() < end + 4 + length)
                    return;
                req.body = buffer->mid(end + 4, length);
                buffer->remove(0, end + 4 + length);
                m_requests.append(req);
                const StubAction a = m_handler(req);
                if (a.kind == StubAction::Drop) {
                    socket->close();
                    return;
                }
                if (a.kind == StubAction::Hang)
                    return;
                QByteArray out = "HTTP/1.1 " + QByteArray::number(a.status) + " X\r\n";
                out += "Content-Type: application/json\r\n";
                if (a.chunked)
                    out += "Transfer-Encoding: chunked\r\n";
                else
                    out += "Content-Length: " + QByteArray::number(a.body.size()) + "\r\n";
                out += "Connection: close\r\n";
                for (const auto &[k, v] : a.headers)
                    out += k + ": " + v + "\r\n";
                out += "\r\n";
                if (a.chunked) {
                    for (qsizetype i = 0; i < a.body.size(); i += 1024) {
                        const QByteArray part = a.body.mid(i, 1024);
                        out += QByteArray::number(part.size(), 16) + "\r\n" + part + "\r\n";
                    }
                    out += "0\r\n\r\n";
                } else {
                    out += a.body;
                }
                if (a.kind == StubAction::Trickle) {
                    socket->write(out.left(out.size() - a.body.size()));
                    auto *timer = new QTimer(socket); // dies with the connection
                    auto rest = std::make_shared<QByteArray>(a.body);
                    QObject::connect(timer, &QTimer::timeout, socket,
                                     [socket, timer, rest, bytes = a.trickleBytes] {
                                         socket->write(rest->left(bytes));
                                         rest->remove(0, bytes);
                                         if (rest->isEmpty()) {
                                             timer->stop();
                                             socket->disconnectFromHost();
                                         }
                                     });
                    timer->start(a.trickleMs);
                    return;
                }
                socket->write(out);
                socket->disconnectFromHost();
                return;
            }
        });
    }

    QTcpServer m_server;
    Handler m_handler;
    QList<StubRequest> m_requests;
};

} // namespace cg::testing
