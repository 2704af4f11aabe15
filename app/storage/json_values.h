#pragma once
// Values as the engine's JSON writes them (the records' explain_json, a decision's JSON): null
// where a value is unknown, so a reader never mistakes a missing figure for 0 or "".

#include <QJsonValue>
#include <QString>

#include <cmath>
#include <optional>
#include <string>

namespace cg {

// The number; null when there is none or it is not finite (JSON has no NaN nor infinity).
inline QJsonValue jsonNumber(const std::optional<double> &v) {
    return v && std::isfinite(*v) ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

// The text; null when it is empty.
inline QJsonValue jsonTextOrNull(const std::string &s) {
    return s.empty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QString::fromStdString(s));
}

} // namespace cg
