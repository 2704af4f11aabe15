#pragma once
// Alpaca's error answers in plain words: HTTP status + body ({"code","message"}, {"message"} or
// raw text) -> cg::Error a trader can act on.

#include "domain/result.h"

#include <QByteArray>
#include <QString>

namespace cg::alpaca {

struct ErrorBody {
    long long code = 0; // 40310000, ... (0 when absent)
    QString message;    // Alpaca's message, or the raw text (one line, shortened)
};

ErrorBody parseErrorBody(const QByteArray &body);

// `what` names the request, e.g. "GET /v2/account". `attempts` > 1 says retries happened.
Error httpError(int status, const QByteArray &body, const QString &what, int attempts = 1);

// One printable line of at most `maxChars` characters: raw server text can be anything.
QString sanitizedLine(const QString &text, int maxChars = 200);

} // namespace cg::alpaca
