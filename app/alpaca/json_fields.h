#pragma once
// Reading fields of one Alpaca JSON object tolerantly but never silently: numbers may come as
// JSON numbers or decimal strings, null means "not known", and the first field that cannot be
// used becomes the error ("Alpaca's account has \"equity\": \"abc\", expected a number").

#include "domain/quote.h"
#include "domain/result.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <optional>
#include <string>

namespace cg::alpaca {

class FieldReader {
public:
    FieldReader(const QJsonObject &object, std::string what)
        : m_o(object)
        , m_what(std::move(what)) {}

    // Required fields set the error when missing or null; optional ones return empty.
    std::optional<double> number(const char *key, bool required = false);
    std::optional<std::int64_t> integer(const char *key, bool required = false);
    // A number of shares or contracts, fractions allowed, within +-2147483647: what the engine
    // later holds as an int must fit one.
    std::optional<double> quantity(const char *key, bool required = false);
    std::optional<std::string> string(const char *key, bool required = false);
    std::optional<bool> boolean(const char *key, bool required = false);
    std::optional<Timestamp> time(const char *key, bool required = false);

    bool ok() const { return m_error.empty(); }
    Error error() const { return Error::make(m_error); }

private:
    void fail(const char *key, const std::string &why);
    QJsonValue get(const char *key, bool required, bool &present);

    const QJsonObject &m_o;
    std::string m_what;
    std::string m_error;
};

// "abc" -> empty; "12.5" -> 12.5; rejects inf/nan and trailing junk.
std::optional<double> parseDecimal(std::string_view text);

} // namespace cg::alpaca
