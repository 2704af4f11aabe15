#pragma once
// HTTP to Alpaca: auth headers, a timeout on every request, and retries with backoff for the
// requests that may be repeated safely (GET, DELETE). A POST is sent exactly once here; the
// order logic above decides what to do after an ambiguous answer.

#include "alpaca/alpaca_config.h"
#include "domain/result.h"

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <utility>

class QNetworkAccessManager;

namespace cg::alpaca {

enum class Api { Trading, Data };

struct RetryPolicy {
    int maxRetries = 3;     // extra attempts after the first one
    int baseDelayMs = 500;  // doubles after each attempt
    int maxDelayMs = 10000; // cap, also for Retry-After / X-RateLimit-Reset
};

struct HttpRequest {
    Api api = Api::Trading;
    QByteArray verb = "GET";
    QString path;                             // already percent-encoded, e.g. /v2/orders
    QList<std::pair<QString, QString>> query; // plain values; percent-encoded when sent
    QByteArray body;                          // JSON, for POST

    bool idempotent() const { return verb == "GET" || verb == "DELETE"; }
    QString describe() const { return QString::fromLatin1(verb) + QLatin1Char(' ') + path; }
};

struct HttpReply {
    int status = 0; // 0 when no HTTP answer arrived (timeout, refused, dropped, too large)
    QByteArray body;
    bool timedOut = false;
    bool tooLarge = false; // the answer was abandoned at the size limit
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorText; // plain words, no secrets
    int attempts = 1;

    bool answered() const { return status != 0; }
    bool success() const { return status >= 200 && status < 300; }
};

// The largest answer read from Alpaca. The biggest real one is an option contracts page
// (limit=10000, about 700 bytes per contract with its deliverable: ~7 MB); a snapshots page
// (limit=1000, about 500 bytes a snapshot) is under 1 MB. 64 MB is nine full contracts pages
// and still keeps a broken or hostile server from filling memory.
inline constexpr qint64 kDefaultMaxReplyBytes = 64LL * 1024 * 1024;

class Transport : public QObject {
    Q_OBJECT
public:
    explicit Transport(AlpacaConfig config, QObject *parent = nullptr);
    ~Transport() override;

    void setRetryPolicy(const RetryPolicy &p) { m_policy = p; }
    const RetryPolicy &retryPolicy() const { return m_policy; }
    const AlpacaConfig &config() const { return m_config; }

    // Answers above this many bytes are abandoned unread (see kDefaultMaxReplyBytes).
    void setMaxReplyBytes(qint64 bytes) { m_maxReplyBytes = bytes; }
    qint64 maxReplyBytes() const { return m_maxReplyBytes; }

    // Runs `retry` after `delayMs` (a single-shot timer by default). Tests replace it to see the
    // delay a retry was scheduled with, without waiting for it.
    using RetryScheduler = std::function<void(int delayMs, std::function<void()> retry)>;
    void setRetryScheduler(RetryScheduler s) { m_scheduler = std::move(s); }

    // Answers exactly once, on this object's thread (unless the transport is destroyed first).
    void send(const HttpRequest &request, std::function<void(const HttpReply &)> done);

    // The failure of a request as a trader reads it: HTTP errors through httpError(), network
    // failures as "did not answer within 10 s", "connection refused", ...
    Error toError(const HttpRequest &request, const HttpReply &reply) const;

    // Replaces any occurrence of the key id or secret (defence in depth for texts that echo
    // a request back).
    QString redact(QString text) const;

    QUrl urlFor(const HttpRequest &request) const;

private:
    struct Pending;
    void attempt(std::shared_ptr<Pending> p);
    int retryDelayMs(const Pending &p, const QNetworkReply &reply, int status) const;

    AlpacaConfig m_config;
    RetryPolicy m_policy;
    qint64 m_maxReplyBytes;
    RetryScheduler m_scheduler;
    QNetworkAccessManager *m_nam = nullptr;
};

} // namespace cg::alpaca
