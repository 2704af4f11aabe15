#include "alpaca/json_fields.h"

#include "alpaca/alpaca_error.h"
#include "alpaca/rfc3339.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace cg::alpaca {

std::optional<double> parseDecimal(std::string_view s) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    double d = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), d);
    if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size() || !std::isfinite(d))
        return std::nullopt;
    return d;
}

void FieldReader::fail(const char *key, const std::string &why) {
    if (m_error.empty())
        m_error = "Alpaca's " + m_what + " has an unusable \"" + key + "\": " + why;
}

QJsonValue FieldReader::get(const char *key, bool required, bool &present) {
    const QJsonValue v = m_o.value(QLatin1String(key));
    present = !v.isNull() && !v.isUndefined();
    if (!present && required && m_error.empty())
        m_error = "Alpaca's " + m_what + " lacks \"" + key + "\"";
    return v;
}

namespace {
std::string shown(const QJsonValue &v) {
    if (v.isString())
        return "\"" + sanitizedLine(v.toString(), 40).toStdString() + "\"";
    if (v.isBool())
        return v.toBool() ? "true" : "false";
    if (v.isArray())
        return "an array";
    if (v.isObject())
        return "an object";
    return "a number";
}
} // namespace

std::optional<double> FieldReader::number(const char *key, bool required) {
    bool present = false;
    const QJsonValue v = get(key, required, present);
    if (!present)
        return std::nullopt;
    std::optional<double> d;
    if (v.isDouble())
        d = std::isfinite(v.toDouble()) ? std::optional<double>(v.toDouble()) : std::nullopt;
    else if (v.isString())
        d = parseDecimal(v.toString().toStdString());
    if (!d)
        fail(key, shown(v) + ", expected a number");
    return d;
}

std::optional<std::int64_t> FieldReader::integer(const char *key, bool required) {
    bool present = false;
    const QJsonValue v = get(key, required, present);
    if (!present)
        return std::nullopt;
    std::optional<double> d;
    if (v.isDouble()) {
        const qint64 i = v.toInteger(std::numeric_limits<qint64>::min());
        if (i != std::numeric_limits<qint64>::min())
            return i;
        d = v.toDouble();
    } else if (v.isString()) {
        const std::string s = v.toString().trimmed().toStdString();
        std::int64_t i = 0;
        const auto r = std::from_chars(s.data(), s.data() + s.size(), i);
        if (!s.empty() && r.ec == std::errc{} && r.ptr == s.data() + s.size())
            return i;
        d = parseDecimal(s);
    }
    if (!d || *d != std::floor(*d) || std::abs(*d) > 9.0e15) {
        fail(key, shown(v) + ", expected a whole number");
        return std::nullopt;
    }
    return static_cast<std::int64_t>(*d);
}

std::optional<double> FieldReader::quantity(const char *key, bool required) {
    const std::optional<double> q = number(key, required);
    constexpr double kMax = std::numeric_limits<int>::max();
    if (q && std::abs(*q) > kMax) {
        bool present = false;
        fail(key, shown(get(key, false, present)) + ", expected a quantity of at most " +
                      std::to_string(std::numeric_limits<int>::max()));
        return std::nullopt;
    }
    return q;
}

std::optional<std::string> FieldReader::string(const char *key, bool required) {
    bool present = false;
    const QJsonValue v = get(key, required, present);
    if (!present)
        return std::nullopt;
    if (!v.isString()) {
        fail(key, shown(v) + ", expected text");
        return std::nullopt;
    }
    return v.toString().toStdString();
}

std::optional<bool> FieldReader::boolean(const char *key, bool required) {
    bool present = false;
    const QJsonValue v = get(key, required, present);
    if (!present)
        return std::nullopt;
    if (v.isBool())
        return v.toBool();
    if (v.isString()) {
        if (v.toString() == QLatin1String("true"))
            return true;
        if (v.toString() == QLatin1String("false"))
            return false;
    }
    fail(key, shown(v) + ", expected true or false");
    return std::nullopt;
}

std::optional<Timestamp> FieldReader::time(const char *key, bool required) {
    bool present = false;
    const QJsonValue v = get(key, required, present);
    if (!present)
        return std::nullopt;
    std::optional<Timestamp> t;
    if (v.isString())
        t = parseRfc3339(v.toString().toStdString());
    if (!t)
        fail(key, shown(v) + ", expected an RFC-3339 time");
    return t;
}

} // namespace cg::alpaca
