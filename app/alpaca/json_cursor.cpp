#include "alpaca/json_cursor.h"

#include "alpaca/simd_width.h"

#include <charconv>
#include <cmath>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace cg::alpaca {

bool toDouble(const JsonNumber &n, double &out) {
    // Clinger's fast path: an exact mantissa over an exact power of ten is rounded once, by the
    // division, so it is the nearest double, as the slow path's.
    if (!n.exponent && n.digits <= 19 && n.mantissa <= kExactMantissa && n.fraction <= 22) {
        const double d = static_cast<double>(n.mantissa) / kExactPowersOfTen[n.fraction];
        out = n.negative ? -d : d;
        return true;
    }
    // Long mantissas (greeks are sent with 16 digits) and exponents: libstdc++'s from_chars rounds
    // to nearest, as simdjson does.
    const char *const end = n.text.data() + n.text.size();
    double d = 0;
    const auto r = std::from_chars(n.text.data(), end, d);
    if (r.ec != std::errc{} || r.ptr != end || !std::isfinite(d))
        return false;
    out = d;
    return true;
}

bool x87KeepsSixtyFourBits() {
#if (defined(__x86_64__) || defined(__i386__)) && __LDBL_MANT_DIG__ == 64
    // 1/3 has bits all the way down: at 64 bits its low 11 are not zero. 2^64 - 1 is exact only
    // in 64 bits (valgrind rounds the conversion too).
    volatile long double one = 1.0L, three = 3.0L;
    const long double third = one / three;
    std::uint64_t significand = 0;
    std::memcpy(&significand, &third, sizeof significand);
    volatile std::uint64_t allOnes = ~std::uint64_t{0};
    const long double wide = static_cast<long double>(allOnes);
    return (significand & 0x7ffu) != 0 && wide != 0x1p64L;
#else
    return false;
#endif
}

bool beyondSixtyFourBits(const JsonNumber &n) {
    if (!n.integer)
        return false;
    // The digits without the sign; JSON has no leading zeros, so more digits is more.
    const std::string_view digits = n.text.substr(n.negative ? 1 : 0);
    const std::string_view limit = n.negative ? "9223372036854775808" : "18446744073709551615";
    return digits.size() > limit.size() || (digits.size() == limit.size() && digits > limit);
}

bool toInt64(const JsonNumber &n, std::int64_t &out) {
    if (!n.integer || n.digits > 18)
        return false;
    const auto magnitude = static_cast<std::int64_t>(n.mantissa);
    out = n.negative ? -magnitude : magnitude;
    return true;
}

bool JsonCursor::skipValue() {
    switch (peek()) {
    case '"': {
        std::string_view s;
        return string(s);
    }
    case '{':
        ++m_p;
        return skipRest(false);
    case '[':
        ++m_p;
        return skipRest(true);
    case 't':
        return literal("true");
    case 'f':
        return literal("false");
    case 'n':
        return literal("null");
    default:
        return skipNumber();
    }
}

namespace {

// One past the '}' that ends the flat object whose '{' is at `p`, or nullptr where the object is
// not one skipFlatObject takes. A step's bits: `close` the '}'s, `other` the bytes that send it
// to skipValue (a bracket, a backslash, a control character, a byte above 0x7f: negative as a
// signed byte, so below ' '), `quotes`; `parity` the quotes before the step.
const char *flatEnd(const char *step, std::uint32_t close, std::uint32_t other,
                    std::uint32_t quotes, unsigned parity) {
    const int i = __builtin_ctz(close);
    const std::uint32_t before = (std::uint32_t{1} << i) - 1;
    // Inside a string where an odd number of quotes comes before it.
    if ((other & before) != 0 || ((parity + __builtin_popcount(quotes & before)) & 1u) != 0)
        return nullptr;
    return step + i + 1;
}

#if defined(__x86_64__) && defined(__GNUC__)
[[gnu::target("avx2")]] const char *flatObjectEndAvx2(const char *p, const char *end) {
    unsigned parity = 0;
    for (const char *q = p + 1; end - q >= 32; q += 32) {
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(q));
        const auto close = static_cast<std::uint32_t>(
            _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('}'))));
        const __m256i brackets =
            _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('{')),
                                            _mm256_cmpeq_epi8(v, _mm256_set1_epi8('['))),
                            _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(']')),
                                            _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\'))));
        const auto other = static_cast<std::uint32_t>(_mm256_movemask_epi8(
            _mm256_or_si256(brackets, _mm256_cmpgt_epi8(_mm256_set1_epi8(' '), v))));
        const auto quotes = static_cast<std::uint32_t>(
            _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('"'))));
        if (close != 0)
            return flatEnd(q, close, other, quotes, parity);
        if (other != 0)
            return nullptr;
        parity += static_cast<unsigned>(__builtin_popcount(quotes));
    }
    return nullptr;
}
#endif

const char *flatObjectEndSse2(const char *p, const char *end) {
#if defined(__SSE2__)
    unsigned parity = 0;
    for (const char *q = p + 1; end - q >= 16; q += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(q));
        const auto close =
            static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('}'))));
        const __m128i brackets = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('{')),
                                                           _mm_cmpeq_epi8(v, _mm_set1_epi8('['))),
                                              _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(']')),
                                                           _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
        const auto other = static_cast<std::uint32_t>(
            _mm_movemask_epi8(_mm_or_si128(brackets, _mm_cmplt_epi8(v, _mm_set1_epi8(' ')))));
        const auto quotes =
            static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))));
        if (close != 0)
            return flatEnd(q, close, other, quotes, parity);
        if (other != 0)
            return nullptr;
        parity += static_cast<unsigned>(__builtin_popcount(quotes));
    }
#else
    (void)p;
    (void)end;
#endif
    return nullptr;
}

} // namespace

bool JsonCursor::skipFlatObject() {
    if (m_p >= m_end || *m_p != '{')
        return false;
#if defined(__x86_64__) && defined(__GNUC__)
    const char *const e =
        detail::useAvx2() ? flatObjectEndAvx2(m_p, m_end) : flatObjectEndSse2(m_p, m_end);
#else
    const char *const e = flatObjectEndSse2(m_p, m_end);
#endif
    if (e == nullptr)
        return false;
    m_p = e;
    return true;
}

bool JsonCursor::skipNumber() {
    // For structure only, as a nested value: the characters a number is written with. A value
    // that is not a number ends at the first other byte, where the caller expects ',' or '}'.
    const char *const start = m_p;
    while (m_p < m_end && isNumberChar(*m_p))
        ++m_p;
    return m_p != start || fail();
}

#if defined(__x86_64__) && defined(__GNUC__)
[[gnu::target("avx2")]] JsonCursor::Skip
JsonCursor::skipNestedAvx2(int &depth, std::uint64_t &kinds, bool &inString) {
    // As skipNestedSse2, 32 bytes at a time.
    const __m256i quote = _mm256_set1_epi8('"');
    const __m256i backslash = _mm256_set1_epi8('\\');
    const __m256i space = _mm256_set1_epi8(0x20);
    const __m256i openBrace = _mm256_set1_epi8('{');
    const __m256i closeBrace = _mm256_set1_epi8('}');
    const __m256i openBracket = _mm256_set1_epi8('[');
    const __m256i closeBracket = _mm256_set1_epi8(']');
    while (m_end - m_p >= 32) {
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(m_p));
        const auto bad = static_cast<std::uint32_t>(_mm256_movemask_epi8(
            _mm256_or_si256(_mm256_cmpeq_epi8(v, backslash), _mm256_cmpgt_epi8(space, v))));
        const auto quotes =
            static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, quote)));
        const std::uint32_t inside = insideStrings(quotes, 32, inString);
        const __m256i brackets = _mm256_or_si256(
            _mm256_or_si256(_mm256_cmpeq_epi8(v, openBrace), _mm256_cmpeq_epi8(v, closeBrace)),
            _mm256_or_si256(_mm256_cmpeq_epi8(v, openBracket), _mm256_cmpeq_epi8(v, closeBracket)));
        const auto outside = static_cast<std::uint32_t>(_mm256_movemask_epi8(brackets)) & ~inside;
        if (const Skip s = closeBrackets(outside, bad, depth, kinds); s != Skip::More)
            return s;
        m_p += 32;
    }
    return Skip::More;
}
#else
JsonCursor::Skip JsonCursor::skipNestedAvx2(int &, std::uint64_t &, bool &) {
    return Skip::More;
}
#endif

JsonCursor::Skip JsonCursor::skipNestedSse2(int &depth, std::uint64_t &kinds, bool &inString) {
#if defined(__SSE2__)
    // 16 bytes at a time: the quotes give the bytes inside strings (a running XOR of the quote
    // bits), and only the brackets outside them are looked at one by one: about one a value.
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i openBrace = _mm_set1_epi8('{');
    const __m128i closeBrace = _mm_set1_epi8('}');
    const __m128i openBracket = _mm_set1_epi8('[');
    const __m128i closeBracket = _mm_set1_epi8(']');
    while (m_end - m_p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(m_p));
        // A backslash, a control character (a newline too) or a byte above 0x7f before the value
        // ends: the DOM parser reads the page.
        const auto bad = static_cast<unsigned>(_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(v, backslash), _mm_cmplt_epi8(v, space))));
        const auto quotes = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)));
        const std::uint32_t inside = insideStrings(quotes, 16, inString);
        const __m128i brackets = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, openBrace), _mm_cmpeq_epi8(v, closeBrace)),
            _mm_or_si128(_mm_cmpeq_epi8(v, openBracket), _mm_cmpeq_epi8(v, closeBracket)));
        const unsigned outside =
            static_cast<unsigned>(_mm_movemask_epi8(brackets)) & ~inside & 0xffffu;
        if (const Skip s = closeBrackets(outside, bad, depth, kinds); s != Skip::More)
            return s;
        m_p += 16;
    }
#else
    (void)depth;
    (void)kinds;
    (void)inString;
#endif
    return Skip::More;
}

bool JsonCursor::skipNested(int depth, std::uint64_t kinds) {
    bool inString = false;
    Skip steps = detail::useAvx2() ? skipNestedAvx2(depth, kinds, inString) : Skip::More;
    if (steps == Skip::More)
        steps = skipNestedSse2(depth, kinds, inString);
    if (steps != Skip::More)
        return steps == Skip::Ended;
    // The last bytes, one at a time.
    for (; m_p < m_end; ++m_p) {
        const auto ch = static_cast<unsigned char>(*m_p);
        if (ch == '\\' || ch < 0x20 || ch >= 0x80)
            return fail();
        if (ch == '"')
            inString = !inString;
        else if (!inString && (ch == '{' || ch == '}' || ch == '[' || ch == ']')) {
            if (bracket(static_cast<char>(ch), depth, kinds)) {
                ++m_p;
                return true;
            }
            if (m_failed)
                return false;
        }
    }
    return fail();
}

} // namespace cg::alpaca
