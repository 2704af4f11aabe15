#include "dispatch/json_writer.h"

#include <charconv>
#include <cmath>

namespace cg {

void JsonWriter::newline() {
    m_out.append('\n');
    m_out.append(static_cast<qsizetype>(m_first.size() * 4), ' ');
}

void JsonWriter::beforeValue() {
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_first.empty())
        return;
    if (!m_first.back())
        m_out.append(',');
    m_first.back() = false;
    newline();
}

void JsonWriter::beginObject() {
    beforeValue();
    m_out.append('{');
    m_first.push_back(true);
}

void JsonWriter::endObject() {
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty)
        newline();
    m_out.append('}');
    if (m_first.empty())
        m_out.append('\n');
}

void JsonWriter::beginArray() {
    beforeValue();
    m_out.append('[');
    m_first.push_back(true);
}

void JsonWriter::endArray() {
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty)
        newline();
    m_out.append(']');
    if (m_first.empty())
        m_out.append('\n');
}

void JsonWriter::key(std::string_view k) {
    beforeValue();
    quoted(k);
    m_out.append(": ");
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
    m_out.append(buf, r.ptr - buf);
}

void JsonWriter::integer(std::optional<std::int64_t> v) {
    if (!v) {
        null();
        return;
    }
    beforeValue();
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, *v);
    m_out.append(buf, r.ptr - buf);
}

void JsonWriter::boolean(bool v) {
    beforeValue();
    m_out.append(v ? "true" : "false");
}

void JsonWriter::null() {
    beforeValue();
    m_out.append("null");
}

void JsonWriter::string(std::string_view s) {
    beforeValue();
    quoted(s);
}

void JsonWriter::quoted(std::string_view s) {
    m_out.append('"');
    // Runs of characters that need no escape go in one append: most text has none.
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20)
            continue;
        m_out.append(s.data() + run, static_cast<qsizetype>(i - run));
        run = i + 1;
        switch (c) {
        case '"':
            m_out.append("\\\"");
            break;
        case '\\':
            m_out.append("\\\\");
            break;
        case '\n':
            m_out.append("\\n");
            break;
        case '\r':
            m_out.append("\\r");
            break;
        case '\t':
            m_out.append("\\t");
            break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            const char esc[6] = {'\\', 'u', '0', '0', hex[(c >> 4) & 0xF], hex[c & 0xF]};
            m_out.append(esc, 6);
        }
        }
    }
    m_out.append(s.data() + run, static_cast<qsizetype>(s.size() - run));
    m_out.append('"');
}

} // namespace cg
