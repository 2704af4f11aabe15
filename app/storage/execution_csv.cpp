#include "storage/execution_csv.h"

#include "storage/execution_json.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace cg {

namespace {

QString cellText(const QJsonValue &v) {
    switch (v.type()) {
    case QJsonValue::Double:
        // As a trader reads it: 12 significant digits drop the binary noise of price arithmetic
        // (1.28 - 1.255 = 0.025000000000000022 -> 0.025), and 'g' keeps the text shortest.
        {
            const double d = v.toDouble();
            if (std::trunc(d) == d && std::abs(d) < 9e15) // ids, counts: never "1e+15"
                return QString::number(static_cast<qint64>(d));
            return QString::number(d, 'g', 12);
        }
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return {};
    }
}

QString csvField(const QJsonValue &v) {
    QString s = cellText(v);
    if (v.isString() && !s.isEmpty() && QStringLiteral("=+-@\t\r").contains(s.front()))
        s.prepend(QLatin1Char('\''));
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) ||
        s.contains(QLatin1Char('\n')) || s.contains(QLatin1Char('\r')) || s.startsWith(' ') ||
        s.endsWith(' ')) {
        s.replace(QLatin1String("\""), QLatin1String("\"\""));
        s = QLatin1Char('"') + s + QLatin1Char('"');
    }
    return s;
}

} // namespace

QString executionsCsv(const std::vector<ExecutionRecord> &rows) {
    const QStringList &columns = executionColumns();
    QString out = columns.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (const ExecutionRecord &r : rows) {
        const QJsonObject o = executionToJson(r);
        QStringList cells;
        for (const QString &c : columns)
            cells << (c == QLatin1String("legs") ? csvField(QJsonValue(legsSummary(r.legs)))
                                                 : csvField(o.value(c)));
        out += cells.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out;
}

} // namespace cg
