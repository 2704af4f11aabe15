#include "storage/sql_util.h"

#include <QDateTime>
#include <QSqlQuery>

#include <cmath>

namespace cg::sql {

QString errorText(const QSqlError &e) {
    QString text = e.databaseText().trimmed();
    if (text.isEmpty())
        text = e.driverText().trimmed();
    if (text.isEmpty())
        text = QStringLiteral("unknown database error");
    return text.simplified();
}

bool exec(QSqlDatabase &db, const QString &statement, QString *error) {
    QSqlQuery q(db);
    if (q.exec(statement))
        return true;
    if (error)
        *error = errorText(q.lastError());
    return false;
}

QString cleanText(const QString &text) {
    QString s = text;
    s.replace(QChar(u'\0'), QChar(QChar::ReplacementCharacter));
    return s;
}

QString cleanText(const std::string &bytes) {
    // fromUtf8 replaces every invalid sequence with U+FFFD.
    return cleanText(QString::fromUtf8(bytes.data(), static_cast<qsizetype>(bytes.size())));
}

QVariant textOrNull(const std::string &bytes) {
    if (bytes.empty())
        return {};
    return cleanText(bytes);
}

QVariant requiredText(const std::string &bytes) {
    QString s = cleanText(bytes);
    if (s.isNull())
        s = QStringLiteral(""); // an empty, not a null, string: NOT NULL columns
    return s;
}

QVariant number(const std::optional<double> &v) {
    if (!v || !std::isfinite(*v))
        return {};
    return *v;
}

QVariant integer(const std::optional<std::int64_t> &v) {
    if (!v)
        return {};
    return QVariant::fromValue<qlonglong>(*v);
}

QVariant time(Timestamp t) {
    return QDateTime::fromMSecsSinceEpoch(t.time_since_epoch().count(), Qt::UTC);
}

std::string toStdString(const QVariant &v) {
    if (v.isNull())
        return {};
    return v.toString().toStdString();
}

std::optional<double> toDouble(const QVariant &v) {
    if (v.isNull())
        return std::nullopt;
    bool ok = false;
    const double d = v.toDouble(&ok);
    if (!ok)
        return std::nullopt;
    return d;
}

std::optional<std::int64_t> toInt64(const QVariant &v) {
    if (v.isNull())
        return std::nullopt;
    bool ok = false;
    const qlonglong n = v.toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return static_cast<std::int64_t>(n);
}

Timestamp toTimestamp(const QVariant &v) {
    QDateTime dt;
    if (v.metaType().id() == QMetaType::QDateTime) {
        dt = v.toDateTime();
    } else {
        QString s = v.toString().trimmed();
        if (s.size() > 10 && s.at(10) == QLatin1Char(' '))
            s[10] = QLatin1Char('T');
        dt = QDateTime::fromString(s, Qt::ISODateWithMs);
        if (dt.isValid() && dt.timeSpec() == Qt::LocalTime)
            dt.setTimeSpec(Qt::UTC); // SQLite CURRENT_TIMESTAMP style text is UTC
    }
    if (!dt.isValid())
        return Timestamp{};
    return Timestamp{std::chrono::milliseconds{dt.toMSecsSinceEpoch()}};
}

} // namespace cg::sql
