#pragma once
// Appends text to a byte buffer (std::string, QByteArray: anything with data(), size() and
// resize()) through a raw pointer, for the documents of megabytes written field by field: a chain
// page of the DEMO server, `chaingate-cli chain --json`. Qt 6.4's QByteArray::append is a general
// insert, about a hundred instructions a call and a million calls for one chain; here a field is a
// bounds check and a memcpy, and the buffer's size is set once, when the appender is done.
//
// Numbers are written in their shortest round-trip form, exactly as std::to_chars(double) writes
// them, with a short path for the common decimals (prices, strikes, thresholds).

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace cg {

// The shortest text that reads back as `v`, byte for byte what std::to_chars(first, last, v)
// writes (fixed or scientific, whichever is shorter, fixed on a tie). `out` has room for 32
// characters; returns the end of the text.
inline char *writeShortestDouble(char *out, double v) {
    // A value with at most 6 decimals that k / 10^d reproduces exactly is the decimal k·10^-d:
    // k and 10^d are exact doubles and the division rounds correctly, as reading the text
    // would. The smallest such d gives the fewest digits, the shortest form std::to_chars picks.
    static constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
    static constexpr std::uint64_t kIntPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    const double a = std::fabs(v);
    if (a >= 1e-3 && a < 1e15) {
        for (int d = 0; d <= 6; ++d) {
            const double scaled = a * kPow10[d];
            if (scaled >= 1e15) // 15 digits: every such decimal is its own double
                break;
            const double k = std::nearbyint(scaled);
            if (k / kPow10[d] != a)
                continue;
            const auto digits = static_cast<std::uint64_t>(k);
            const std::uint64_t whole = digits / kIntPow10[d];
            const std::uint64_t frac = digits % kIntPow10[d];
            char wholeText[24];
            const auto wholeEnd = std::to_chars(wholeText, wholeText + sizeof wholeText, whole).ptr;
            const int wholeLen = static_cast<int>(wholeEnd - wholeText);
            const int fixedLen = wholeLen + (d > 0 ? 1 + d : 0);
            // Scientific: the significant digits, a point after the first when there are more,
            // and e+XX (|exponent| < 100 here).
            int significant = 0;
            if (whole > 0) {
                std::uint64_t s = digits;
                int len = wholeLen + d;
                while (s % 10 == 0) {
                    s /= 10;
                    --len;
                }
                significant = len;
            } else {
                char fracText[8];
                const auto fracEnd = std::to_chars(fracText, fracText + sizeof fracText, frac).ptr;
                significant = static_cast<int>(fracEnd - fracText); // frac ends in a non-zero
            }
            const int sciLen = significant + (significant > 1 ? 1 : 0) + 4;
            if (fixedLen > sciLen)
                break; // std::to_chars writes the scientific form
            if (v < 0)
                *out++ = '-';
            std::memcpy(out, wholeText, static_cast<std::size_t>(wholeLen));
            out += wholeLen;
            if (d > 0) {
                *out++ = '.';
                std::uint64_t f = frac;
                for (int i = d - 1; i >= 0; --i) {
                    out[i] = static_cast<char>('0' + f % 10);
                    f /= 10;
                }
                out += d;
            }
            return out;
        }
    }
    return std::to_chars(out, out + 32, v).ptr;
}

template <class Bytes> class ByteAppender {
public:
    // Appends after what `out` holds; `expected` bytes are made room for at once.
    explicit ByteAppender(Bytes &out, std::size_t expected = 256)
        : m_out(out) {
        const auto used = static_cast<std::size_t>(out.size());
        m_out.resize(
            static_cast<decltype(m_out.size())>(used + std::max<std::size_t>(expected, 64)));
        rebind(used);
    }
    ~ByteAppender() { finish(); }
    ByteAppender(const ByteAppender &) = delete;
    ByteAppender &operator=(const ByteAppender &) = delete;

    // Sets the buffer's size to what was written and lets go of it (a copy of the buffer taken
    // after this shares it; nothing touches it again); a later put continues after it.
    void finish() {
        if (!m_begin)
            return;
        const std::size_t used = written();
        if (static_cast<std::size_t>(m_out.size()) != used)
            m_out.resize(static_cast<decltype(m_out.size())>(used));
        m_begin = m_cur = m_end = nullptr;
    }

    std::size_t written() const {
        return m_begin ? static_cast<std::size_t>(m_cur - m_begin)
                       : static_cast<std::size_t>(m_out.size());
    }

    // Hands what was written to `sink(const char *, std::size_t)` and starts again at the
    // buffer's beginning: a document streamed through a buffer of bounded size.
    template <class Sink> void drain(Sink &&sink) {
        if (!m_begin)
            rebind(static_cast<std::size_t>(m_out.size()));
        sink(static_cast<const char *>(m_begin), written());
        m_cur = m_begin;
    }

    void put(char c) {
        if (m_cur == m_end)
            grow(1);
        *m_cur++ = c;
    }
    void put(const char *s, std::size_t n) {
        if (static_cast<std::size_t>(m_end - m_cur) < n)
            grow(n);
        std::memcpy(m_cur, s, n);
        m_cur += n;
    }
    void put(std::string_view s) { put(s.data(), s.size()); }
    template <std::size_t N> void put(const char (&s)[N]) { put(s, N - 1); }

    // Room for `n` bytes at the returned pointer; advance(end) then moves past what was written.
    char *reserve(std::size_t n) {
        if (static_cast<std::size_t>(m_end - m_cur) < n)
            grow(n);
        return m_cur;
    }
    void advance(char *end) { m_cur = end; }

    void number(double v) { advance(writeShortestDouble(reserve(32), v)); }
    void integer(long long v) {
        char *p = reserve(24);
        advance(std::to_chars(p, p + 24, v).ptr);
    }
    // `width` digits, zero-padded (dates and times).
    void digits(unsigned v, int width) {
        char *p = reserve(static_cast<std::size_t>(width));
        for (int i = width - 1; i >= 0; --i) {
            p[i] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
        m_cur = p + width;
    }

private:
    void rebind(std::size_t used) {
        m_begin = m_out.data();
        m_cur = m_begin + used;
        m_end = m_begin + m_out.size();
    }
    void grow(std::size_t n) {
        const std::size_t used = written();
        // Geometric: the size doubles, so a document is copied a bounded number of times.
        const auto size = static_cast<std::size_t>(m_out.size());
        m_out.resize(static_cast<decltype(m_out.size())>(std::max(used + n, 2 * size)));
        rebind(used);
    }

    Bytes &m_out;
    char *m_begin = nullptr;
    char *m_cur = nullptr;
    char *m_end = nullptr;
};

} // namespace cg
