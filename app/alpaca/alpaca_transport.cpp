#include "alpaca/alpaca_transport.h"

#include "alpaca/alpaca_error.h"
#include "alpaca/log.h"
#include "domain/number_format.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QIODevice>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <cstring>

namespace cg::alpaca {

struct Transport::Pending {
    HttpRequest request;
    std::function<void(const HttpReply &)> done;
    int attempts = 0;
    QElapsedTimer started;
};

namespace {

// Errors where no trustworthy HTTP answer exists, even if a status line arrived.
bool isTransportLevel(QNetworkReply::NetworkError e) {
    return e != QNetworkReply::NoError && static_cast<int>(e) < 200;
}

// Worth another try: the network hiccuped, the server did not answer in time or hung up.
bool isTransient(QNetworkReply::NetworkError e) {
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // what the transfer timeout and deadline report
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
        return true;
    default:
        return false;
    }
}

QString secondsText(int ms) {
    if (ms % 1000 == 0)
        return QString::number(ms / 1000);
    return QString::number(ms / 1000.0, 'f', 1);
}

// A request body that can be read exactly once. Qt re-sends a request on its own when a
// connection closes before the answer (QHttpNetworkConnectionChannel's reconnect attempts), for
// POST too; with a body that cannot be rewound that re-send fails (ContentReSendError) instead,
// and the order logic decides, after looking the order up.
class OneShotBody final : public QIODevice {
public:
    explicit OneShotBody(QByteArray data)
        : m_data(std::move(data)) {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    bool reset() override { return false; }
    bool seek(qint64) override { return false; }
    qint64 bytesAvailable() const override {
        return (m_data.size() - m_pos) + QIODevice::bytesAvailable();
    }

protected:
    qint64 readData(char *out, qint64 max) override {
        const qint64 n = std::min<qint64>(max, m_data.size() - m_pos);
        if (n <= 0)
            return m_pos >= m_data.size() ? -1 : 0;
        std::memcpy(out, m_data.constData() + m_pos, static_cast<size_t>(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_pos = 0;
};

} // namespace

Transport::Transport(AlpacaConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_maxReplyBytes(kDefaultMaxReplyBytes)
    , m_nam(new QNetworkAccessManager(this)) {
    // Redirects are never followed: a redirect would carry the key headers to another host.
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

Transport::~Transport() {
    // Replies still in flight must not call back into a half-destroyed owner.
    const auto replies = m_nam->findChildren<QNetworkReply *>();
    for (QNetworkReply *r : replies) {
        disconnect(r, nullptr, this, nullptr);
        r->abort();
    }
}

QUrl Transport::urlFor(const HttpRequest &request) const {
    QUrl url = request.api == Api::Trading ? m_config.tradingUrl : m_config.dataUrl;
    QString basePath = url.path(QUrl::FullyEncoded);
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + request.path, QUrl::TolerantMode);
    QString query;
    for (const auto &[key, value] : request.query) {
        if (!query.isEmpty())
            query += QLatin1Char('&');
        // Full encoding: base64 page tokens carry '+', '/' and '=', and '+' would read as a space.
        query += QString::fromLatin1(QUrl::toPercentEncoding(key)) + QLatin1Char('=') +
                 QString::fromLatin1(QUrl::toPercentEncoding(value));
    }
    url.setQuery(query.isEmpty() ? QString() : query, QUrl::TolerantMode);
    url.setFragment(QString());
    return url;
}

void Transport::send(const HttpRequest &request, std::function<void(const HttpReply &)> done) {
    auto p = std::make_shared<Pending>();
    p->request = request;
    p->done = std::move(done);
    p->started.start();
    attempt(std::move(p));
}

void Transport::attempt(std::shared_ptr<Pending> p) {
    ++p->attempts;
    QNetworkRequest nr(urlFor(p->request));
    nr.setRawHeader("APCA-API-KEY-ID", m_config.keyId.toUtf8());
    nr.setRawHeader("APCA-API-SECRET-KEY", m_config.secret.toUtf8());
    nr.setRawHeader("Accept", "application/json");
    if (!p->request.body.isEmpty())
        nr.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    // Catches a silent connection only: every byte received restarts it (see the deadline).
    nr.setTransferTimeout(m_config.timeoutMs);
    nr.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                    QNetworkRequest::ManualRedirectPolicy);
    nr.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    nr.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);

    QNetworkReply *reply = nullptr;
    const QByteArray &verb = p->request.verb;
    if (verb == "GET")
        reply = m_nam->get(nr);
    else if (verb == "POST") {
        // Never re-sent behind our back (see OneShotBody), and never over a kept-alive
        // connection the server may be closing at that very moment.
        auto *body = new OneShotBody(p->request.body);
        nr.setHeader(QNetworkRequest::ContentLengthHeader, p->request.body.size());
        nr.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        nr.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        nr.setRawHeader("Connection", "close");
        reply = m_nam->post(nr, body);
        body->setParent(reply);
    } else if (verb == "DELETE")
        reply = m_nam->deleteResource(nr);
    else
        reply = m_nam->sendCustomRequest(nr, verb, p->request.body);

    // An answer above the limit is abandoned before it is read: when its Content-Length says so,
    // or once the bytes received pass it (chunked answers); the buffer never holds more than one
    // byte beyond the limit.
    auto tooLarge = std::make_shared<bool>(false);
    if (const qint64 limit = m_maxReplyBytes; limit > 0) {
        reply->setReadBufferSize(limit + 1);
        const auto refuse = [reply, tooLarge] {
            if (*tooLarge)
                return;
            *tooLarge = true;
            reply->abort();
        };
        connect(reply, &QNetworkReply::metaDataChanged, this, [reply, limit, refuse] {
            const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
            if (length.isValid() && length.toLongLong() > limit)
                refuse();
        });
        connect(reply, &QNetworkReply::downloadProgress, this,
                [limit, refuse](qint64 received, qint64 total) {
                    if (received > limit || total > limit)
                        refuse();
                });
    }

    // The whole attempt, connecting to the last byte, gets the configured time too: a server
    // trickling its answer a byte at a time would otherwise hold the request open for ever. An
    // answer still arriving at a useful rate (a 7 MB contracts page on a slow link) gets the
    // time again, as often as it keeps that rate.
    auto late = std::make_shared<bool>(false);
    auto received = std::make_shared<qint64>(0);
    connect(reply, &QNetworkReply::downloadProgress, reply,
            [received](qint64 bytes, qint64) { *received = bytes; });
    auto *deadline = new QTimer(reply); // goes with the reply
    deadline->setSingleShot(true);
    QElapsedTimer started;
    started.start();
    connect(deadline, &QTimer::timeout, reply,
            [reply, late, received, deadline, started, timeoutMs = m_config.timeoutMs] {
                if (!reply->isRunning())
                    return;
                constexpr double kUsefulBytesPerSecond = 16 * 1024;
                if (static_cast<double>(*received) >=
                    kUsefulBytesPerSecond * static_cast<double>(started.elapsed()) / 1000.0) {
                    deadline->start(timeoutMs);
                    return;
                }
                *late = true;
                reply->abort();
            });
    deadline->start(m_config.timeoutMs);

    QElapsedTimer clock;
    clock.start();
    connect(reply, &QNetworkReply::finished, this, [this, p, reply, clock, tooLarge, late] {
        // Exactly one answer per attempt, even if a reply reported finished twice (abort after
        // a transfer timeout).
        disconnect(reply, nullptr, this, nullptr);
        reply->deleteLater();
        HttpReply r;
        r.attempts = p->attempts;
        r.networkError = reply->error();
        r.tooLarge = *tooLarge;
        if (!r.tooLarge && !isTransportLevel(r.networkError)) {
            r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            r.body = reply->readAll();
        }
        if (r.status == 0) {
            if (r.networkError == QNetworkReply::NoError)
                r.networkError = QNetworkReply::UnknownNetworkError;
            r.timedOut =
                !r.tooLarge && (*late || r.networkError == QNetworkReply::OperationCanceledError ||
                                r.networkError == QNetworkReply::TimeoutError);
            r.networkErrorText = redact(reply->errorString());
        }
        const QString what = p->request.describe();
        qCDebug(lcAlpaca).noquote()
            << what << "->"
            << (r.status     ? QString::number(r.status)
                : r.tooLarge ? QStringLiteral("abandoned above the size limit")
                             : r.networkErrorText)
            << "in" << clock.elapsed() << "ms, attempt" << r.attempts;

        // The same request would bring the same oversized answer: never retried.
        const bool retryable = !r.tooLarge && (r.status == 429 || r.status >= 500 ||
                                               (r.status == 0 && isTransient(r.networkError)));
        if (p->request.idempotent() && retryable && p->attempts <= m_policy.maxRetries) {
            const int delay = retryDelayMs(*p, *reply, r.status);
            qCInfo(lcAlpaca).noquote()
                << "retrying" << what << "in" << delay << "ms after"
                << (r.status ? QStringLiteral("HTTP %1").arg(r.status) : r.networkErrorText);
            QPointer<Transport> self(this);
            auto retry = [self, p] {
                if (self)
                    self->attempt(p);
            };
            if (m_scheduler)
                m_scheduler(delay, std::move(retry));
            else
                QTimer::singleShot(delay, this, std::move(retry));
            return;
        }
        if (!r.success())
            qCWarning(lcAlpaca).noquote()
                << what << "failed:" << toError(p->request, r).message.c_str();
        p->done(r);
    });
}

int Transport::retryDelayMs(const Pending &p, const QNetworkReply &reply, int status) const {
    const int cap = std::max(0, m_policy.maxDelayMs);
    if (status == 429) {
        const QByteArray retryAfter = reply.rawHeader("Retry-After").trimmed();
        if (!retryAfter.isEmpty()) {
            bool ok = false;
            const double s = retryAfter.toDouble(&ok);
            if (ok && s >= 0)
                return static_cast<int>(std::min<double>(s * 1000.0, cap));
            const QDateTime when =
                QDateTime::fromString(QString::fromLatin1(retryAfter), Qt::RFC2822Date);
            if (when.isValid())
                return static_cast<int>(
                    std::clamp<qint64>(QDateTime::currentDateTimeUtc().msecsTo(when), 0, cap));
        }
        const QByteArray reset = reply.rawHeader("X-RateLimit-Reset").trimmed();
        if (!reset.isEmpty()) {
            bool ok = false;
            const qint64 epoch = reset.toLongLong(&ok);
            if (ok)
                return static_cast<int>(
                    std::clamp<qint64>(epoch * 1000 - QDateTime::currentMSecsSinceEpoch(), 0, cap));
        }
    }
    const int shift = std::clamp(p.attempts - 1, 0, 16);
    const qint64 backoff = static_cast<qint64>(std::max(0, m_policy.baseDelayMs)) << shift;
    return static_cast<int>(std::min<qint64>(backoff, cap));
}

QString Transport::redact(QString text) const {
    if (!m_config.secret.isEmpty())
        text.replace(m_config.secret, QLatin1String("***"));
    if (!m_config.keyId.isEmpty())
        text.replace(m_config.keyId, QLatin1String("***"));
    return text;
}

Error Transport::toError(const HttpRequest &request, const HttpReply &reply) const {
    const QString what = request.describe();
    if (reply.answered()) {
        Error e = httpError(reply.status, reply.body, what, reply.attempts);
        e.message = redact(QString::fromStdString(e.message)).toStdString();
        return e;
    }
    const QUrl url = urlFor(request);
    const QString hostPort = QStringLiteral("%1:%2")
                                 .arg(url.host())
                                 .arg(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
    const QString tries =
        reply.attempts > 1 ? QStringLiteral(" (%1 attempts)").arg(reply.attempts) : QString();
    QString text;
    if (reply.tooLarge) {
        text = QStringLiteral("Alpaca's answer to %1 is larger than the %2 limit")
                   .arg(what, QString::fromStdString(formatByteSize(m_maxReplyBytes)));
    } else if (reply.timedOut) {
        text = QStringLiteral("Alpaca did not answer within %1 s (%2 to %3)%4")
                   .arg(secondsText(m_config.timeoutMs), what, url.host(), tries);
    } else {
        switch (reply.networkError) {
        case QNetworkReply::ConnectionRefusedError:
            text = QStringLiteral("Could not connect to %1: connection refused (%2)%3. Is the "
                                  "URL right and the server up?")
                       .arg(hostPort, what, tries);
            break;
        case QNetworkReply::HostNotFoundError:
            text = QStringLiteral("Could not resolve host %1 (%2): check the network "
                                  "connection and the URL")
                       .arg(url.host(), what);
            break;
        case QNetworkReply::RemoteHostClosedError:
        case QNetworkReply::ContentReSendError: // closed early; Qt's own re-send was refused
            text = QStringLiteral("%1 closed the connection before answering %2%3")
                       .arg(hostPort, what, tries);
            break;
        case QNetworkReply::SslHandshakeFailedError:
            text = QStringLiteral("Secure connection to %1 failed (%2): %3")
                       .arg(hostPort, what, sanitizedLine(reply.networkErrorText));
            break;
        default:
            text = QStringLiteral("Network error on %1 to %2%3: %4")
                       .arg(what, hostPort, tries, sanitizedLine(reply.networkErrorText));
        }
    }
    return Error{redact(text).toStdString(), 0, 0};
}

} // namespace cg::alpaca
