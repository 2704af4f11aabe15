#include "dispatch/json_writer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace cg {

void JsonWriter::newline() {
    static constexpr char kIndent[] = "\n                                                  "
                                      "                                                  ";
    constexpr std::size_t kSpaces = sizeof kIndent - 2;
    const std::size_t width = m_first.size() * 4;
    if (width <= kSpaces) {
        m_out.put(kIndent, width + 1);
        return;
    }
    m_out.put('\n');
    for (std::size_t left = width; left > 0;) {
        const std::size_t n = std::min(left, kSpaces);
        m_out.put(kIndent + 1, n);
        left -= n;
    }
}

void JsonWriter::beforeValue() {
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_first.empty())
        return;
    if (!m_first.back())
        m_out.put(',');
    m_first.back() = false;
    newline();
}

void JsonWriter::closed() {
    if (m_first.empty()) {
        // The document is complete: its bytes are the buffer's (or the sink's).
        m_out.put('\n');
        if (m_sink)
            m_out.drain(m_sink);
        m_out.finish();
    } else if (m_sink && m_out.written() >= m_chunk) {
        m_out.drain(m_sink);
    }
}

void JsonWriter::beginObject() {
    beforeValue();
    m_out.put('{');
    m_first.push_back(true);
}

void JsonWriter::endObject() {
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty)
        newline();
    m_out.put('}');
    closed();
}

void JsonWriter::beginArray() {
    beforeValue();
    m_out.put('[');
    m_first.push_back(true);
}

void JsonWriter::endArray() {
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty)
        newline();
    m_out.put(']');
    closed();
}

void JsonWriter::key(std::string_view k) {
    beforeValue();
    quoted(k);
    m_out.put(": ");
    m_afterKey = true;
}

void JsonWriter::number(std::optional<double> v) {
    if (!v || !std::isfinite(*v)) {
        null();
        return;
    }
    beforeValue();
    m_out.number(*v); // shortest round-trip form, as std::to_chars writes it
}

void JsonWriter::integer(std::optional<std::int64_t> v) {
    if (!v) {
        null();
        return;
    }
    beforeValue();
    m_out.integer(*v);
}

void JsonWriter::boolean(bool v) {
    beforeValue();
    if (v)
        m_out.put("true");
    else
        m_out.put("false");
}

void JsonWriter::null() {
    beforeValue();
    m_out.put("null");
}

void JsonWriter::string(std::string_view s) {
    beforeValue();
    quoted(s);
}

namespace {

// The bytes JSON escapes in a string: the quote, the backslash and the control characters.
constexpr std::array<bool, 256> kNeedsEscape = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 0x20; ++c)
        t[static_cast<std::size_t>(c)] = true;
    t['"'] = true;
    t['\\'] = true;
    return t;
}();

} // namespace

void JsonWriter::quoted(std::string_view s) {
    // Most text (every key, symbols, sentences) has nothing to escape: one copy.
    std::size_t clean = 0;
    while (clean < s.size() && !kNeedsEscape[static_cast<unsigned char>(s[clean])])
        ++clean;
    if (clean == s.size()) {
        char *p = m_out.reserve(s.size() + 2);
        *p++ = '"';
        std::memcpy(p, s.data(), s.size());
        p += s.size();
        *p++ = '"';
        m_out.advance(p);
        return;
    }
    m_out.put('"');
    // Runs of characters that need no escape go in one put.
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (!kNeedsEscape[static_cast<unsigned char>(c)])
            continue;
        m_out.put(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            m_out.put("\\\"");
            break;
        case '\\':
            m_out.put("\\\\");
            break;
        case '\n':
            m_out.put("\\n");
            break;
        case '\r':
            m_out.put("\\r");
            break;
        case '\t':
            m_out.put("\\t");
            break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            const char esc[6] = {'\\', 'u', '0', '0', hex[(c >> 4) & 0xF], hex[c & 0xF]};
            m_out.put(esc, 6);
        }
        }
    }
    m_out.put(s.data() + run, s.size() - run);
    m_out.put('"');
}

} // namespace cg
