#pragma once
// Test helpers: a fake Alpaca server on a fixed clock, a QNetworkAccessManager that talks to it,
// and a JSON shape comparison against the example bodies of API.md.

#include "domain/clock.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "market/simulated_market.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace cg::fake::test {

// Tuesday 2026-11-24, 10:00 New York time: the session is open.
inline const cg::Timestamp kSessionTime =
    std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 24} +
    std::chrono::hours{15};

struct HttpResult {
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QList<QNetworkReply::RawHeaderPair> headers;
    qint64 elapsedMs = 0;

    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    QJsonObject object() const { return json().object(); }
    QByteArray header(const QByteArray &name) const {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
};

class Fixture {
public:
    explicit Fixture(cg::Timestamp start = kSessionTime)
        : clock(start)
        , market(start)
        , server(&market) {
        server.setClock(&clock);
        server.setFillInterval(std::chrono::milliseconds{10});
        listening = server.listen();
    }
    Fixture(cg::Timestamp start, cg::market::SimulatedMarket::Options options)
        : clock(start)
        , market(start, std::move(options))
        , server(&market) {
        server.setClock(&clock);
        server.setFillInterval(std::chrono::milliseconds{10});
        listening = server.listen();
    }

    // auth: 0 demo keys, 1 none, 2 wrong secret.
    HttpResult request(const QByteArray &verb, const QString &pathAndQuery,
                       const QByteArray &body = {}, int auth = 0) {
        QNetworkRequest req(QUrl(server.baseUrl().toString() + pathAndQuery));
        req.setTransferTimeout(15000);
        if (auth == 0 || auth == 2) {
            req.setRawHeader("APCA-API-KEY-ID", kDemoKeyId);
            req.setRawHeader("APCA-API-SECRET-KEY", auth == 0 ? kDemoSecret : "wrong");
        }
        if (!body.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QElapsedTimer timer;
        timer.start();
        QNetworkReply *reply = nam.sendCustomRequest(req, verb, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        HttpResult r;
        r.elapsedMs = timer.elapsed();
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        r.error = reply->error();
        r.headers = reply->rawHeaderPairs();
        reply->deleteLater();
        return r;
    }
    HttpResult get(const QString &pathAndQuery) { return request("GET", pathAndQuery); }

    cg::FixedClock clock;
    cg::market::SimulatedMarket market;
    FakeAlpacaServer server;
    QNetworkAccessManager nam;
    bool listening = false;
};

inline QString jsonType(const QJsonValue &v) {
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("bool");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

// Compares `actual` to an API.md example: every example key must be present with the same JSON
// type (an example null allows null or a string: a nullable field that got a value), and every
// key of `actual` must appear in the example or in `extraKeys`. Keys in `nullable` may be null
// where the example has a value. Returns the differences.
inline QStringList shapeDiff(const QJsonValue &example, const QJsonValue &actual,
                             const QString &where = QStringLiteral("$"),
                             const QSet<QString> &extraKeys = {},
                             const QSet<QString> &nullable = {}) {
    QStringList diffs;
    if (actual.isNull() && nullable.contains(where.mid(where.lastIndexOf(QLatin1Char('.')) + 1)))
        return diffs;
    if (example.isNull()) {
        if (!actual.isNull() && !actual.isString())
            diffs << QStringLiteral("%1: expected null or string, got %2")
                         .arg(where, jsonType(actual));
        return diffs;
    }
    if (jsonType(example) != jsonType(actual)) {
        diffs << QStringLiteral("%1: expected %2, got %3")
                     .arg(where, jsonType(example), jsonType(actual));
        return diffs;
    }
    if (example.isObject()) {
        const QJsonObject e = example.toObject();
        const QJsonObject a = actual.toObject();
        for (auto it = e.begin(); it != e.end(); ++it) {
            if (!a.contains(it.key()))
                diffs << QStringLiteral("%1.%2: missing").arg(where, it.key());
            else
                diffs << shapeDiff(it.value(), a.value(it.key()),
                                   where + QLatin1Char('.') + it.key(), extraKeys, nullable);
        }
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (!e.contains(it.key()) && !extraKeys.contains(it.key()))
                diffs << QStringLiteral("%1.%2: not in the example").arg(where, it.key());
        }
    } else if (example.isArray()) {
        const QJsonArray e = example.toArray();
        const QJsonArray a = actual.toArray();
        if (!e.isEmpty() && !a.isEmpty())
            diffs << shapeDiff(e.first(), a.first(), where + QStringLiteral("[0]"), extraKeys,
                               nullable);
    }
    return diffs;
}

inline QJsonValue parseExample(const char *text) {
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &err);
    Q_ASSERT_X(err.error == QJsonParseError::NoError, "example", qPrintable(err.errorString()));
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

} // namespace cg::fake::test
