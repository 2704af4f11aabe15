#pragma once
// JSON written straight to bytes, indented as QJsonDocument::Indented writes it. For the large
// documents (`chain --json`: 10,000 contracts, ~10 MB) where building a QJsonObject tree and
// serializing it cost more than fetching, parsing and gating the chain.

#include <QByteArray>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace cg {

class JsonWriter {
public:
    explicit JsonWriter(QByteArray &out)
        : m_out(out) {}

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    void key(std::string_view k);

    // Non-finite numbers and empty optionals are written as null (JSON has neither NaN nor inf).
    void number(std::optional<double> v);
    void integer(std::optional<std::int64_t> v);
    void boolean(bool v);
    void string(std::string_view s); // UTF-8; quotes, backslashes and control characters escaped
    void null();

private:
    void beforeValue();
    void newline();
    void quoted(std::string_view s);

    QByteArray &m_out;
    std::vector<bool> m_first; // per open container: no element written yet
    bool m_afterKey = false;
};

} // namespace cg
