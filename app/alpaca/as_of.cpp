#include "alpaca/as_of.h"

#include "alpaca/rfc3339.h"
#include "domain/eastern_time.h"

#include <QRegularExpression>

namespace cg::alpaca {

Result<Timestamp> parseAsOf(const QString &raw) {
    const QString text = raw.trimmed();
    const auto bad = [&] {
        return Error::make(QStringLiteral("--as-of \"%1\" is not an ISO-8601 time (e.g. "
                                          "2026-01-02T15:30:00Z or 2026-01-02T10:30:00-05:00)")
                               .arg(text.left(40))
                               .toStdString());
    };
    const std::string s = text.toStdString();
    if (auto t = alpaca::parseRfc3339(s))
        return *t;
    // Date only: noon in New York, inside the session.
    if (auto d = alpaca::parseIsoDate(s))
        return easternInstant(*d, 12, 0);
    // Date and time without an offset: the market's clock, New York.
    static const QRegularExpression local(QStringLiteral(
        "^(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?$"));
    const auto m = local.match(text);
    if (!m.hasMatch())
        return bad();
    const auto d = alpaca::parseIsoDate(m.captured(1).toStdString());
    const int hh = m.captured(2).toInt(), mm = m.captured(3).toInt(), ss = m.captured(4).toInt();
    if (!d || hh > 23 || mm > 59 || ss > 59)
        return bad();
    const int ms = m.captured(5).isEmpty()
                       ? 0
                       : m.captured(5).leftJustified(3, QLatin1Char('0')).left(3).toInt();
    return easternInstant(*d, hh, mm) + std::chrono::seconds(ss) + std::chrono::milliseconds(ms);
}

} // namespace cg::alpaca
