#include "dispatch/json_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace cg {

namespace {

// Appends without QByteArray::append: in Qt 6.4 every append is a general insert (~100
// instructions a call, over a million calls for a 5,700-contract chain); this is a capacity check
// and a memcpy, with the same geometric growth.
void put(QByteArray &out, const char *s, qsizetype n) {
    if (n <= 0)
        return;
    const qsizetype at = out.size();
    if (at + n > out.capacity())
        out.reserve(std::max(2 * out.capacity(), at + n));
    out.resize(at + n);
    std::memcpy(out.data() + at, s, static_cast<std::size_t>(n));
}

void put(QByteArray &out, char c) {
    put(out, &c, 1);
}

template <std::size_t N> void put(QByteArray &out, const char (&s)[N]) {
    put(out, s, static_cast<qsizetype>(N - 1));
}

} // namespace

void JsonWriter::newline() {
    // From a constant run of spaces: Qt 6.4's append(count, ch) builds a temporary array and
    // inserts it, a malloc per line (a fifth of `chaingate-cli chain --json`'s instructions).
    static constexpr char kIndent[] = "\n                                                  "
                                      "                                                  ";
    const std::size_t width = m_first.size() * 4;
    if (width + 1 < sizeof kIndent) {
        put(m_out, kIndent, static_cast<qsizetype>(width + 1));
        return;
    }
    put(m_out, '\n');
    m_out.append(static_cast<qsizetype>(width), ' ');
}

void JsonWriter::beforeValue() {
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_first.empty())
        return;
    if (!m_first.back())
        put(m_out, ',');
    m_first.back() = false;
    newline();
}

void JsonWriter::beginObject() {
    beforeValue();
    put(m_out, '{');
    m_first.push_back(true);
}

void JsonWriter::endObject() {
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty)
        newline();
    put(m_out, '}');
    if (m_first.empty())
        put(m_out, '\n');
}

void JsonWriter::beginArray() {
    beforeValue();
    put(m_out, '[');
    m_first.push_back(true);
}

void JsonWriter::endArray() {
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty)
        newline();
    put(m_out, ']');
    if (m_first.empty())
        put(m_out, '\n');
}

void JsonWriter::key(std::string_view k) {
    beforeValue();
    quoted(k);
    put(m_out, ": ");
    m_afterKey = true;
}

void JsonWriter::number(std::optional<double> v) {
    if (!v || !std::isfinite(*v)) {
        null();
        return;
    }
    beforeValue();
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, *v); // shortest round-trip form
    put(m_out, buf, r.ptr - buf);
}

void JsonWriter::integer(std::optional<std::int64_t> v) {
    if (!v) {
        null();
        return;
    }
    beforeValue();
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, *v);
    put(m_out, buf, r.ptr - buf);
}

void JsonWriter::boolean(bool v) {
    beforeValue();
    if (v)
        put(m_out, "true");
    else
        put(m_out, "false");
}

void JsonWriter::null() {
    beforeValue();
    put(m_out, "null");
}

void JsonWriter::string(std::string_view s) {
    beforeValue();
    quoted(s);
}

void JsonWriter::quoted(std::string_view s) {
    put(m_out, '"');
    // Runs of characters that need no escape go in one append: most text has none.
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20)
            continue;
        put(m_out, s.data() + run, static_cast<qsizetype>(i - run));
        run = i + 1;
        switch (c) {
        case '"':
            put(m_out, "\\\"");
            break;
        case '\\':
            put(m_out, "\\\\");
            break;
        case '\n':
            put(m_out, "\\n");
            break;
        case '\r':
            put(m_out, "\\r");
            break;
        case '\t':
            put(m_out, "\\t");
            break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            const char esc[6] = {'\\', 'u', '0', '0', hex[(c >> 4) & 0xF], hex[c & 0xF]};
            put(m_out, esc, 6);
        }
        }
    }
    put(m_out, s.data() + run, static_cast<qsizetype>(s.size() - run));
    put(m_out, '"');
}

} // namespace cg
