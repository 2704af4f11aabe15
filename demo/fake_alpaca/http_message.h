#pragma once
// One HTTP/1.1 request as the fake server parsed it, and the response it answers with.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

#include <chrono>
#include <optional>

namespace cg::fake {

struct HttpRequest {
    QByteArray method;
    QByteArray target; // as sent: /v2/orders?status=all
    QString path;      // percent-decoded, without the query
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body;
    bool keepAlive = true;

    QByteArray header(const QByteArray &lowerName) const {
        for (const auto &h : headers) {
            if (h.first == lowerName)
                return h.second;
        }
        return {};
    }
    bool hasHeader(const QByteArray &lowerName) const {
        for (const auto &h : headers) {
            if (h.first == lowerName)
                return true;
        }
        return false;
    }
    // A query parameter, fully decoded; empty optional when absent.
    std::optional<QString> param(const QString &name) const {
        if (!query.hasQueryItem(name))
            return std::nullopt;
        return query.queryItemValue(name, QUrl::FullyDecoded);
    }
};

struct HttpResponse {
    enum class Delivery {
        Normal,
        Drop,     // close the connection without answering
        Truncate, // send the head and half the body, then close
    };

    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json; charset=utf-8";
    QList<QPair<QByteArray, QByteArray>> headers;
    Delivery delivery = Delivery::Normal;
    std::chrono::milliseconds delay{0};
    bool close = false; // answer, then close the connection

    static HttpResponse json(int status, QByteArray body) {
        HttpResponse r;
        r.status = status;
        r.body = std::move(body);
        return r;
    }
    static HttpResponse noContent() {
        HttpResponse r;
        r.status = 204;
        r.contentType.clear();
        return r;
    }
};

} // namespace cg::fake
