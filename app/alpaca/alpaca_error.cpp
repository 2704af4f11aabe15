#include "alpaca/alpaca_error.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace cg::alpaca {

QString sanitizedLine(const QString &text, int maxChars) {
    QString out;
    out.reserve(std::min<qsizetype>(text.size(), maxChars) + 3);
    bool lastSpace = false;
    for (const QChar c : text) {
        if (out.size() >= maxChars) {
            out += QLatin1String("...");
            break;
        }
        const bool space = c.isSpace() || !c.isPrint();
        if (space) {
            if (!lastSpace && !out.isEmpty())
                out += QLatin1Char(' ');
        } else {
            out += c;
        }
        lastSpace = space;
    }
    return out.trimmed();
}

ErrorBody parseErrorBody(const QByteArray &body) {
    ErrorBody e;
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonObject o = doc.object();
        const QJsonValue code = o.value(QLatin1String("code"));
        if (code.isDouble()) {
            const double d = code.toDouble();
            if (d >= 0 && d < 1e15)
                e.code = static_cast<long long>(d);
        } else if (code.isString()) {
            bool ok = false;
            const long long v = code.toString().toLongLong(&ok);
            if (ok)
                e.code = v;
        }
        const QJsonValue msg = o.value(QLatin1String("message"));
        if (msg.isString())
            e.message = sanitizedLine(msg.toString());
        else if (o.value(QLatin1String("msg")).isString())
            e.message = sanitizedLine(o.value(QLatin1String("msg")).toString());
        if (!e.message.isEmpty() || e.code != 0)
            return e;
    }
    e.message = sanitizedLine(QString::fromUtf8(body));
    return e;
}

Error httpError(int status, const QByteArray &body, const QString &what, int attempts) {
    const ErrorBody b = parseErrorBody(body);
    const QString said = b.message.isEmpty() ? QStringLiteral("(no message)") : b.message;
    QString text;
    switch (status) {
    case 401:
        text = QStringLiteral("Alpaca rejected the API keys (401): check APCA_API_KEY_ID / "
                              "APCA_API_SECRET_KEY, and paper vs live");
        break;
    case 403:
        text = QStringLiteral("Alpaca refused %1 (403): %2").arg(what, said);
        break;
    case 404:
        text = QStringLiteral("Alpaca found nothing for %1 (404): %2").arg(what, said);
        break;
    case 422:
        text = QStringLiteral("Alpaca rejected %1 (422): %2").arg(what, said);
        break;
    case 429:
        text = QStringLiteral("Alpaca's rate limit (429) was still hit after %1 attempt(s) of %2; "
                              "wait a minute and try again")
                   .arg(attempts)
                   .arg(what);
        break;
    case 400:
        text = QStringLiteral("Alpaca rejected %1 as invalid (400): %2").arg(what, said);
        break;
    default:
        if (status >= 500)
            text = QStringLiteral("Alpaca server error %1 on %2 after %3 attempt(s): %4; try "
                                  "again shortly")
                       .arg(status)
                       .arg(what)
                       .arg(attempts)
                       .arg(said);
        else if (status >= 300 && status < 400)
            text = QStringLiteral("Alpaca answered %1 with a redirect (%2), which is not "
                                  "followed so the keys never go elsewhere: check the URL")
                       .arg(what)
                       .arg(status);
        else
            text = QStringLiteral("Alpaca answered %1 with HTTP %2: %3")
                       .arg(what)
                       .arg(status)
                       .arg(said);
    }
    return Error{text.toStdString(), status, b.code};
}

} // namespace cg::alpaca
