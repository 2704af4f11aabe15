#include "fake_alpaca/http_connection.h"

#include "fake_alpaca/log.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTcpSocket>
#include <QUrl>

namespace cg::fake {

namespace {

QByteArray reasonPhrase(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 207:
        return "Multi-Status";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    default:
        return "Status";
    }
}

bool isToken(const QByteArray &s) {
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

HttpResponse badRequest(int status, const char *why) {
    HttpResponse r = HttpResponse::json(status, QByteArray(R"({"message":"bad request: )") + why +
                                                    QByteArray(R"("})"));
    r.close = true;
    return r;
}

// A refusal over a size limit, in words: "request body of 5000000 bytes is larger than the
// 4 MB limit".
HttpResponse tooLarge(int status, const QString &message) {
    HttpResponse r =
        HttpResponse::json(status, QJsonDocument(QJsonObject{{QStringLiteral("message"), message}})
                                       .toJson(QJsonDocument::Compact));
    r.close = true;
    return r;
}

QString sizeText(qsizetype bytes) {
    return bytes % (1024 * 1024) == 0 ? QStringLiteral("%1 MB").arg(bytes / (1024 * 1024))
                                      : QStringLiteral("%1 KB").arg(bytes / 1024);
}

bool headerHasToken(const QByteArray &value, const char *token) {
    for (const QByteArray &part : value.split(',')) {
        if (part.trimmed().toLower() == token)
            return true;
    }
    return false;
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, Handler handler, UpgradeHandler upgrade,
                               QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_handler(std::move(handler))
    , m_upgrade(std::move(upgrade)) {
    m_socket->setParent(this);
    m_socket->setReadBufferSize(kMaxRequestBytes);
    m_idle.setSingleShot(true);
    m_idle.setInterval(kIdleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        if (m_socket)
            m_socket->disconnectFromHost();
    });
    attach();
    m_idle.start();
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::attach() {
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::finish);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_socket && m_socket->state() != QAbstractSocket::ConnectedState)
            finish();
    });
}

void HttpConnection::finish() {
    m_closing = true;
    m_idle.stop();
    deleteLater();
}

void HttpConnection::onReadyRead() {
    if (!m_socket || m_closing)
        return;
    m_idle.start();
    if (m_buffer.isEmpty() && !m_busy && m_upgrade && tryUpgrade())
        return;
    // At most one largest request is held unprocessed: while a delayed answer holds the ones
    // behind it, the rest stays in the socket (whose buffer is capped too, so TCP pushes back)
    // and is read once that answer went out.
    while (m_socket && !m_closing && m_socket->bytesAvailable() > 0) {
        const qsizetype room = kMaxRequestBytes - m_buffer.size();
        if (room <= 0)
            return;
        m_buffer += m_socket->read(room);
        processBuffer();
        if (m_busy)
            return;
    }
}

// Looks at the next request without consuming it: a WebSocket handshake goes to the upgrade
// handler with its bytes still unread, as QWebSocketServer::handleConnection expects. True when
// the socket was handed over or the header section is still incomplete (nothing read yet).
bool HttpConnection::tryUpgrade() {
    const QByteArray peeked = m_socket->peek(kMaxHeaderBytes);
    if (peeked.indexOf("\r\n\r\n") < 0) {
        // Decide once the header section is complete; garbage is refused at once as usual.
        const qsizetype lineEnd = peeked.indexOf("\r\n");
        const bool badLine = lineEnd >= 0 && peeked.left(lineEnd).split(' ').size() != 3;
        return peeked.size() < kMaxHeaderBytes && !badLine;
    }
    const QByteArray saved = m_buffer;
    m_buffer = peeked;
    HttpRequest req;
    qsizetype consumed = 0;
    HttpResponse error;
    const Parse p = parseRequest(req, consumed, error);
    m_buffer = saved;
    if (p != Parse::Ready || !headerHasToken(req.header("upgrade"), "websocket"))
        return false;
    QTcpSocket *socket = m_socket;
    disconnect(socket, nullptr, this, nullptr);
    socket->setParent(nullptr);
    socket->setReadBufferSize(0); // the WebSocket layer sets its own frame and message limits
    if (!m_upgrade(socket, req)) {
        socket->setParent(this);
        socket->setReadBufferSize(kMaxRequestBytes);
        attach();
        return false;
    }
    m_socket = nullptr;
    finish();
    return true;
}

void HttpConnection::processBuffer() {
    while (m_socket && !m_busy && !m_closing && !m_buffer.isEmpty()) {
        HttpRequest req;
        qsizetype consumed = 0;
        HttpResponse error;
        const Parse p = parseRequest(req, consumed, error);
        if (p == Parse::NeedMore)
            return;
        if (p == Parse::Failed) {
            qCDebug(lcFakeAlpaca) << "refusing a request:" << error.body;
            m_buffer.clear();
            send(error, false);
            return;
        }
        m_buffer.remove(0, consumed);
        HttpResponse r = m_handler(req);
        const bool keepAlive = req.keepAlive && !r.close;
        if (r.delay.count() > 0) {
            m_busy = true;
            QTimer::singleShot(r.delay, this, [this, r, keepAlive] {
                m_busy = false;
                send(r, keepAlive);
                processBuffer();
                if (!m_busy && m_socket && m_socket->bytesAvailable() > 0)
                    onReadyRead(); // what waited in the socket meanwhile
            });
            return;
        }
        send(r, keepAlive);
    }
}

HttpConnection::Parse HttpConnection::parseRequest(HttpRequest &out, qsizetype &consumed,
                                                   HttpResponse &error) const {
    // Tolerate empty lines between requests (RFC 9112 section 2.2).
    qsizetype start = 0;
    while (m_buffer.mid(start, 2) == "\r\n")
        start += 2;
    const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n", start);
    if (headerEnd < 0) {
        if (m_buffer.size() - start > kMaxHeaderBytes) {
            error =
                tooLarge(431, QStringLiteral("request header section is larger than the %1 limit")
                                  .arg(sizeText(kMaxHeaderBytes)));
            return Parse::Failed;
        }
        // A request line that is already garbage need not wait for more bytes.
        const qsizetype lineEnd = m_buffer.indexOf("\r\n", start);
        const QByteArray firstLine = m_buffer.mid(start, lineEnd < 0 ? -1 : lineEnd - start);
        if (lineEnd >= 0 && firstLine.split(' ').size() != 3) {
            error = badRequest(400, "malformed request line");
            return Parse::Failed;
        }
        return Parse::NeedMore;
    }
    const QList<QByteArray> lines = m_buffer.mid(start, headerEnd - start).split('\n');
    const QList<QByteArray> requestLine =
        lines.first().chopped(lines.first().endsWith('\r') ? 1 : 0).split(' ');
    if (requestLine.size() != 3 || !isToken(requestLine[0]) || requestLine[1].isEmpty()) {
        error = badRequest(400, "malformed request line");
        return Parse::Failed;
    }
    const QByteArray version = requestLine[2];
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        error = badRequest(400, "unsupported HTTP version");
        return Parse::Failed;
    }
    out.method = requestLine[0];
    out.target = requestLine[1];

    qint64 contentLength = 0;
    bool sawLength = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (!line.endsWith('\r') && i + 1 < lines.size()) {
            error = badRequest(400, "bare LF in header section");
            return Parse::Failed;
        }
        if (line.endsWith('\r'))
            line.chop(1);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.left(colon))) {
            error = badRequest(400, "malformed header line");
            return Parse::Failed;
        }
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qint64 n = value.toLongLong(&ok);
            if (!ok || n < 0 || value.startsWith('+') || (sawLength && n != contentLength)) {
                error = badRequest(400, "invalid Content-Length");
                return Parse::Failed;
            }
            contentLength = n;
            sawLength = true;
        } else if (name == "transfer-encoding") {
            error = badRequest(501, "Transfer-Encoding is not supported, send Content-Length");
            return Parse::Failed;
        }
        out.headers.append({name, value});
    }
    // Decided from the headers alone: none of an oversized body is waited for.
    if (contentLength > kMaxBodyBytes) {
        error = tooLarge(413, QStringLiteral("request body of %1 bytes is larger than the %2 limit")
                                  .arg(contentLength)
                                  .arg(sizeText(kMaxBodyBytes)));
        return Parse::Failed;
    }
    const qsizetype bodyStart = headerEnd + 4;
    if (m_buffer.size() - bodyStart < contentLength)
        return Parse::NeedMore;
    out.body = m_buffer.mid(bodyStart, contentLength);
    consumed = bodyStart + contentLength;

    // Origin form (/path?query); absolute form (http://host/path) is reduced to it.
    QByteArray target = out.target;
    if (target.startsWith("http://") || target.startsWith("https://")) {
        const qsizetype slash = target.indexOf('/', target.indexOf("//") + 2);
        target = slash < 0 ? QByteArray("/") : target.mid(slash);
    }
    if (!target.startsWith('/')) {
        error = badRequest(400, "request target must be a path");
        return Parse::Failed;
    }
    const qsizetype q = target.indexOf('?');
    out.path = QUrl::fromPercentEncoding(q < 0 ? target : target.left(q));
    if (q >= 0)
        out.query = QUrlQuery(QString::fromUtf8(target.mid(q + 1)));
    const QByteArray connection = out.header("connection");
    out.keepAlive = version == "HTTP/1.1" ? !headerHasToken(connection, "close")
                                          : headerHasToken(connection, "keep-alive");
    return Parse::Ready;
}

void HttpConnection::send(const HttpResponse &r, bool keepAlive) {
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (r.delivery == HttpResponse::Delivery::Drop) {
        m_closing = true;
        m_socket->abort();
        finish();
        return;
    }
    const bool truncate = r.delivery == HttpResponse::Delivery::Truncate;
    keepAlive = keepAlive && !truncate;
    QByteArray head =
        "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reasonPhrase(r.status) + "\r\n";
    head += "Date: " +
            QLocale::c()
                .toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'")
                .toLatin1() +
            "\r\n";
    if (r.status != 204) {
        if (!r.contentType.isEmpty())
            head += "Content-Type: " + r.contentType + "\r\n";
        head += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
    }
    for (const auto &h : r.headers)
        head += h.first + ": " + h.second + "\r\n";
    head += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    m_socket->write(head);
    // The body apart: a chain page (~700 KB) is handed to the socket as it is, not copied
    // behind its head first.
    if (r.status != 204)
        m_socket->write(truncate ? r.body.left(r.body.size() / 2) : r.body);
    m_idle.start();
    if (!keepAlive) {
        m_closing = true;
        m_socket->disconnectFromHost();
    }
}

} // namespace cg::fake
