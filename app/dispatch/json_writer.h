#pragma once
// JSON written straight to bytes, indented as QJsonDocument::Indented writes it. For the large
// documents (`chain --json`: 10,000 contracts, ~10 MB) where building a QJsonObject tree and
// serializing it cost more than fetching, parsing and gating the chain.

#include "domain/byte_appender.h"

#include <QByteArray>

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace cg {

class JsonWriter {
public:
    // Appends to `out`, which holds the document once its outermost container is closed.
    explicit JsonWriter(QByteArray &out)
        : m_out(out) {}
    // Streams: whenever `chunk` bytes are written, they go to `sink` and `buffer` starts again,
    // so a document of any size passes through one buffer of about `chunk` bytes. The rest goes
    // to `sink` when the outermost container closes.
    using Sink = std::function<void(const char *, std::size_t)>;
    JsonWriter(QByteArray &buffer, Sink sink, std::size_t chunk)
        : m_out(buffer, chunk + 4096)
        , m_sink(std::move(sink))
        , m_chunk(chunk) {}

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
    void closed(); // a container ended

    ByteAppender<QByteArray> m_out;
    Sink m_sink;
    std::size_t m_chunk = 0;
    std::vector<bool> m_first; // per open container: no element written yet
    bool m_afterKey = false;
};

} // namespace cg
