#pragma once
// A strict, one-pass reader of the JSON Alpaca's bulk pages are written in (the chain's snapshot
// pages, the contracts pages): ASCII text without escapes, read in place, no copy, no tape. It
// accepts a subset of JSON, and where it reads a value it reads it as the DOM parser would. In a
// value it passes over it checks only the structure (as simdjson On-Demand does), so a page with
// a malformed number there is read here and refused by the DOM parser. A byte it does not expect
// (an escape, a non-ASCII byte, a control character, a nesting deeper than kMaxDepth, a number it
// cannot convert exactly) fails the cursor, and the caller then reads the page with simdjson's DOM
// parser, which reads all of JSON and words what is wrong. So the cursor only has to be right
// about well-formed pages; tests/alpaca and tests/fuzz compare it with the DOM parser.
//
// Why not simdjson: its On-Demand front end needs AVX2 compiled into the caller's file, and the DOM
// parser writes a tape of every value of the page before one is read. A chain page reads 12 of
// about 70 values a contract; this reads the page once, front to back.
// Internal to the alpaca library.

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cg::alpaca {

// A number as it stands in the page, checked against JSON's grammar.
struct JsonNumber {
    std::string_view text;
    std::uint64_t mantissa = 0; // its digits without the point; exact when digits <= 19
    int digits = 0;             // digits before and after the point
    int fraction = 0;           // digits after the point
    bool negative = false;
    bool integer = true; // no point, no exponent
    bool exponent = false;
};

// The number as the nearest double, as simdjson and std::from_chars round it; false when it is
// out of double's range (the DOM parser decides about such a page).
bool toDouble(const JsonNumber &n, double &out);

// The powers of ten a double holds exactly: a mantissa of at most 2^53 over one of them is
// rounded once, by the division (Clinger's fast path).
inline constexpr double kExactPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
inline constexpr std::uint64_t kExactMantissa = std::uint64_t{1} << 53;
// Whether long double arithmetic here rounds to the x87 unit's full 64-bit significand: false
// where the precision control is set to 53 bits (-mpc64, some platforms' default, a library that
// changes it) or the arithmetic is emulated at double precision (valgrind). Checked once.
bool x87KeepsSixtyFourBits();
// Its answer at the program's start (a load where it is used, no guard).
inline const bool kX87SixtyFourBits = x87KeepsSixtyFourBits();

// m / 10^fraction as the nearest double, for a mantissa beyond Clinger's 2^53 (17 to 19 digits,
// below 2^64). The x87 unit holds m and 10^fraction exactly in its 64-bit significand and rounds
// their quotient once, to 64 bits; rounding that to 53 bits gives the nearest double unless the
// 64-bit quotient is exactly halfway between two doubles (its low 11 bits 10000000000). Rounding
// to 64 bits never steps over a halfway point (each has 64 bits itself), so only a quotient that
// lands on one can round the wrong way. Those answer false, as does a unit that does not keep 64
// bits and every other platform: the caller takes the long way (from_chars).
inline bool wideQuotient(std::uint64_t m, int fraction, double &out) {
#if (defined(__x86_64__) || defined(__i386__)) && __LDBL_MANT_DIG__ == 64
    if (!kX87SixtyFourBits)
        return false;
    static constexpr long double kPowers[] = {
        1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,  1e10L, 1e11L,
        1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L, 1e21L, 1e22L};
    const long double q = static_cast<long double>(m) / kPowers[fraction];
    std::uint64_t significand = 0; // the x87 format's first 8 bytes, the integer bit on top
    std::memcpy(&significand, &q, sizeof significand);
    if ((significand & 0x7ffu) == 0x400u)
        return false;
    out = static_cast<double>(q);
    return true;
#else
    (void)m;
    (void)fraction;
    (void)out;
    return false;
#endif
}

// An integer simdjson cannot hold: below -2^63 or above 2^64 - 1.
bool beyondSixtyFourBits(const JsonNumber &n);
// The number as an int64 when it is written as a whole number of at most 18 digits.
bool toInt64(const JsonNumber &n, std::int64_t &out);

// A key a page usually has next, as it stands there: the quoted key and its colon, at most 32
// bytes.
struct ExpectedKey {
    char bytes[32] = {};
    std::uint32_t mask = 0; // one bit a byte of `bytes` used
    std::string_view key;

    constexpr explicit ExpectedKey(std::string_view k)
        : key(k) {
        if (k.size() + 3 > sizeof bytes)
            return; // too long: never matched
        bytes[0] = '"';
        for (std::size_t i = 0; i < k.size(); ++i)
            bytes[i + 1] = k[i];
        bytes[k.size() + 1] = '"';
        bytes[k.size() + 2] = ':';
        mask = k.size() + 3 == 32 ? ~0u : (1u << (k.size() + 3)) - 1;
    }
};

// Bytes a reader expects at the cursor, as a template argument (`c.take<",\"h\":">()`): up to
// 24, kept as three little-endian words and their masks, worked out at compile time.
template <std::size_t N> struct Literal {
    static constexpr std::size_t size = N - 1;
    static_assert(size > 0 && size <= 24, "1 to 24 bytes");
    std::uint64_t words[3] = {};
    std::uint64_t masks[3] = {};
    char text[N] = {};

    constexpr Literal(const char (&s)[N]) { // NOLINT(google-explicit-constructor): the syntax
        for (std::size_t i = 0; i < N; ++i)
            text[i] = s[i];
        for (std::size_t i = 0; i < size; ++i) {
            words[i / 8] |= std::uint64_t{static_cast<unsigned char>(s[i])} << (8 * (i % 8));
            masks[i / 8] |= std::uint64_t{0xff} << (8 * (i % 8));
        }
    }
};

class JsonCursor {
public:
    static constexpr int kMaxDepth = 64;

    explicit JsonCursor(std::string_view json)
        : m_p(json.data())
        , m_end(json.data() + json.size()) {}

    bool failed() const { return m_failed; }
    // Always false, for `return c.fail();`.
    bool fail() {
        m_failed = true;
        m_p = m_end;
        return false;
    }

    // Where the cursor stands, and back there with the failure cleared: for a reader that tries
    // a fast path and, where it fails, reads the same bytes again the general way. (Cheaper than a
    // copy of the cursor, which is stored and read back as a whole before the stores complete.)
    const char *mark() const { return m_p; }
    void rewind(const char *mark) {
        m_p = mark;
        m_failed = false;
    }

    // The next character after whitespace, not consumed; '\0' at the end.
    char peek() {
        // Alpaca's pages have no whitespace: one test for the usual case.
        if (m_p < m_end && !isSpaceOrControl(*m_p))
            return *m_p;
        skipSpace();
        return m_p < m_end ? *m_p : '\0';
    }
    bool consume(char c) {
        if (peek() != c)
            return fail();
        ++m_p;
        return true;
    }
    // True when only whitespace is left.
    bool atEnd() {
        skipSpace();
        return m_p == m_end;
    }

    // An object's next key, after `consume('{')`: `bool first = true; while (c.field(first, key))`
    // reads each value in the loop body. False at the closing brace (consumed) or on a failure.
    bool field(bool &first, std::string_view &key) {
        char c = peek();
        if (c == '}') {
            ++m_p;
            return false;
        }
        if (!first) {
            if (c != ',')
                return fail();
            ++m_p;
            c = peek();
        }
        first = false;
        if (c != '"' || !string(key))
            return fail();
        if (peek() != ':')
            return fail();
        ++m_p;
        return true;
    }

    // As field, checking first for the key the caller expects there (Alpaca writes its keys in a
    // fixed order): a comma, then its bytes compared in place, without a scan. Any other text is
    // read by field, so the answer is field's either way.
    bool field(bool &first, std::string_view &key, const ExpectedKey &expected) {
#if defined(__SSE2__)
        const char *const at = first ? m_p : m_p + 1;
        if (expected.mask != 0 && m_end - at >= 32 && (first || *m_p == ',')) {
            const auto same = [](const char *a, const char *b) {
                return static_cast<std::uint32_t>(_mm_movemask_epi8(
                    _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(a)),
                                   _mm_loadu_si128(reinterpret_cast<const __m128i *>(b)))));
            };
            std::uint32_t equal = same(at, expected.bytes);
            if (expected.mask > 0xffffu)
                equal |= same(at + 16, expected.bytes + 16) << 16;
            if ((equal & expected.mask) == expected.mask) {
                key = expected.key;
                m_p = at + expected.key.size() + 3;
                first = false;
                return true;
            }
        }
#endif
        return field(first, key);
    }

    // As string(), for a string that is usually `likely` bytes long (the same key's value in
    // the entry before): where it is, the cursor moves on by that length without waiting for the
    // scan that confirms it (a predicted branch instead of a dependency: the next key's compare
    // starts at once); otherwise by the length found, which `likely` then becomes. The same
    // string and the same failures as string() either way.
    bool stringOfLikelyLength(std::string_view &s, std::uint32_t &likely) {
#if defined(__SSE2__)
        if (likely < 48 && m_end - m_p >= 50 && *m_p == '"') {
            const __m128i quote = _mm_set1_epi8('"');
            const __m128i backslash = _mm_set1_epi8('\\');
            const __m128i space = _mm_set1_epi8(0x20);
            const auto stops = [&](const char *at) {
                const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(at));
                return static_cast<std::uint64_t>(
                    static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(
                        _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                        _mm_cmplt_epi8(v, space)))));
            };
            const char *const start = m_p + 1;
            const std::uint64_t mask = stops(start) | stops(start + 16) << 16 |
                                       stops(start + 32) << 32 | std::uint64_t{1} << 48;
            const auto length = static_cast<std::uint32_t>(__builtin_ctzll(mask));
            const std::uint32_t expected = likely;
            if (length == expected && start[expected] == '"') [[likely]] {
                s = std::string_view(start, expected);
                m_p = start + expected + 1;
                return true;
            }
            if (length < 48)
                likely = length; // a stop of another kind fails in string(), below
        }
#endif
        return string(s);
    }

    // The string at the cursor, without its quotes.
    bool string(std::string_view &s) {
        if (m_p >= m_end || *m_p != '"')
            return fail();
        const char *const start = ++m_p;
#if defined(__SSE2__)
        // 16 bytes at a time: a quote ends it; a backslash, a control character or a byte of 0x80
        // and above (negative as a signed byte) fails it.
        const __m128i quote = _mm_set1_epi8('"');
        const __m128i backslash = _mm_set1_epi8('\\');
        const __m128i space = _mm_set1_epi8(0x20);
        while (m_end - m_p >= 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(m_p));
            const __m128i stop =
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                             _mm_cmplt_epi8(v, space));
            if (const int mask = _mm_movemask_epi8(stop)) {
                m_p += __builtin_ctz(static_cast<unsigned>(mask));
                return closeString(start, s);
            }
            m_p += 16;
        }
#endif
        while (m_p < m_end) {
            const auto ch = static_cast<unsigned char>(*m_p);
            if (ch == '"' || ch == '\\' || ch < 0x20 || ch >= 0x80)
                return closeString(start, s);
            ++m_p;
        }
        return fail();
    }

    // A number at the cursor, checked against JSON's grammar.
    bool number(JsonNumber &n) {
        n = JsonNumber{};
        const char *const start = m_p;
        if (m_p < m_end && *m_p == '-') {
            n.negative = true;
            ++m_p;
        }
        if (m_p >= m_end || !isDigit(*m_p))
            return fail();
        std::uint64_t m = 0;
        int digits = 0;
        if (*m_p == '0') {
            ++m_p;
            digits = 1;
        } else {
            digits = readDigits(m);
        }
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            const int fraction = readDigits(m);
            if (fraction == 0)
                return fail();
            n.fraction = fraction;
            digits += fraction;
            n.integer = false;
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            std::uint64_t ignored = 0;
            if (readDigits(ignored) == 0)
                return fail();
            n.integer = false;
            n.exponent = true;
        }
        n.text = std::string_view(start, static_cast<std::size_t>(m_p - start));
        n.mantissa = m;
        n.digits = digits;
        return true;
    }

    // The number at the cursor as toDouble(number()) gives it: in one pass where Clinger's fast
    // path applies (Alpaca's prices), or wideQuotient does (17 to 19 digits: most greeks). False
    // where the cursor fails, and for what the DOM parser decides: a number out of double's
    // range, -0 written as an integer (simdjson reads it as the integer 0, so its sign is lost
    // there) and an integer beyond 64 bits (simdjson refuses the page).
    bool readDouble(double &out) {
        const char *const start = m_p;
        const bool negative = m_p < m_end && *m_p == '-';
        if (negative)
            ++m_p;
        if (m_p >= m_end || !isDigit(*m_p))
            return fail();
        std::uint64_t m = 0;
        int digits = 1;
        if (*m_p == '0')
            ++m_p;
        else
            digits = readDigits(m);
        int fraction = 0;
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            fraction = readDigits(m);
            if (fraction == 0)
                return fail();
            digits += fraction;
        }
        const bool exponent = m_p < m_end && (*m_p == 'e' || *m_p == 'E');
        if (exponent || digits > 19 || m > kExactMantissa || fraction > 22) {
            // A greek's 17 to 19 digits: the x87 quotient (not for an integer below -2^63, which
            // the long way leaves to simdjson to refuse).
            if (!exponent && digits <= 19 && fraction <= 22 &&
                !(fraction == 0 && negative && m > (std::uint64_t{1} << 63)) &&
                wideQuotient(m, fraction, out)) {
                if (negative)
                    out = -out;
                return true;
            }
            m_p = start; // the long way
            JsonNumber n;
            return number(n) && !(n.integer && n.negative && n.mantissa == 0) &&
                   !(n.integer && beyondSixtyFourBits(n)) && toDouble(n, out);
        }
        if (negative && m == 0 && fraction == 0)
            return false;
        // No division for a whole number (sizes, round prices): its latency is on the path.
        const double d = fraction == 0 ? static_cast<double>(m)
                                       : static_cast<double>(m) / kExactPowersOfTen[fraction];
        out = negative ? -d : d;
        return true;
    }

    // The same into an optional, set only where a number is read.
    bool readDouble(std::optional<double> &out) {
        double d = 0;
        if (!readDouble(d))
            return false;
        out = d;
        return true;
    }

    // A count at the cursor written as digits only (at most 18, no leading zero): its value, as
    // toInt64(number()) gives it. False, with nothing consumed, for anything else (a sign, a
    // point, an exponent, more digits): the caller takes the long way.
    bool readDigitsOnly(std::int64_t &out) {
        const char *p = m_p;
        if (p >= m_end || !isDigit(*p) || (*p == '0' && p + 1 < m_end && isDigit(p[1])))
            return false;
        std::uint64_t m = 0;
        for (; p < m_end && isDigit(*p); ++p)
            m = m * 10 + static_cast<std::uint64_t>(*p - '0');
        if (p - m_p > 18 || (p < m_end && (*p == '.' || *p == 'e' || *p == 'E')))
            return false;
        m_p = p;
        out = static_cast<std::int64_t>(m);
        return true;
    }

    // The bytes of `L` at the cursor, consumed: up to three whole-word compares against
    // constants, inlined. False, with nothing consumed and the cursor not failed, where they are
    // not there: for readers that try the exact bytes a page usually has before the general read.
    template <Literal L> [[gnu::always_inline]] bool take() {
        return takeAfter<L>(0);
    }
    // The same `skip` bytes past the cursor (bytes the caller has checked), all consumed.
    template <Literal L> [[gnu::always_inline]] bool takeAfter(std::size_t skip) {
        constexpr std::size_t n = L.size;
        const char *const at = m_p + skip;
        if (m_end - at >= 24) [[likely]] {
            const auto word = [at](std::size_t i) {
                std::uint64_t w;
                std::memcpy(&w, at + 8 * i, 8);
                return w;
            };
            std::uint64_t diff = (word(0) & L.masks[0]) ^ L.words[0];
            if constexpr (n > 8)
                diff |= (word(1) & L.masks[1]) ^ L.words[1];
            if constexpr (n > 16)
                diff |= (word(2) & L.masks[2]) ^ L.words[2];
            if (diff != 0 || std::endian::native != std::endian::little)
                return false;
        } else if (m_end < at || static_cast<std::size_t>(m_end - at) < n ||
                   std::memcmp(at, L.text, n) != 0) {
            return false;
        }
        m_p = at + n;
        return true;
    }
    // The page's end, and `n` bytes at the cursor consumed that the caller has checked (an
    // EntryTemplate's run: templateRunMatches, entry_template.h).
    const char *end() const {
        return m_end;
    }
    void skipChecked(std::size_t n) {
        m_p += n;
    }

    // The next character, not consumed, without passing whitespace; '\0' at the end.
    char at() const {
        return m_p < m_end ? *m_p : '\0';
    }

    // A string of one character at the cursor (an exchange or a condition code, "C"), passed
    // over as string() passes it; false, with nothing consumed, for any other value.
    [[gnu::always_inline]] bool takeOneCharString() {
        if (m_end - m_p < 3 || m_p[0] != '"' || m_p[2] != '"' || m_p[1] == '"' || m_p[1] == '\\' ||
            static_cast<unsigned char>(m_p[1]) < 0x20 || static_cast<unsigned char>(m_p[1]) >= 0x80)
            return false;
        m_p += 3;
        return true;
    }

    // A number passed over as skipValue passes one (its characters, for structure only), where
    // the value starts with a digit or '-'; false, with nothing consumed, where it does not.
    [[gnu::always_inline]] bool takeNumberSkipped() {
        const char *p = m_p;
        if (p >= m_end || !(isDigit(*p) || *p == '-'))
            return false;
        while (p < m_end && isNumberChar(*p))
            ++p;
        m_p = p;
        return true;
    }

    // `null`, `true` or `false` at the cursor.
    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(m_end - m_p) < word.size() ||
            std::string_view(m_p, word.size()) != word)
            return fail();
        m_p += word.size();
        return true;
    }

    // Eight bytes as loaded (little-endian: the first in the low byte), all '0'-'9'.
    static bool allDigits(std::uint64_t v) {
        return (((v & 0xf0f0f0f0f0f0f0f0u) | (((v + 0x0606060606060606u) & 0xf0f0f0f0f0f0f0f0u) >>
                                              4)) == 0x3333333333333333u) &&
               std::endian::native == std::endian::little;
    }

    // The value at the cursor passed over: a string, number or literal checked as when it is read,
    // an object or array for structure only (skipRest).
    bool skipValue();
    // A flat object at the cursor (no object or array in it: Alpaca's bars) passed over as
    // skipValue passes it, its end found in fewer steps; false, with nothing consumed and the
    // cursor not failed, for anything else (or a '}' in a string, or a byte skipValue may refuse):
    // the caller then calls skipValue.
    bool skipFlatObject();
    // The rest of the object or array the cursor is in, up to and past its closing bracket, checked
    // for structure only, as simdjson On-Demand checks what it skips: strings closed, brackets
    // balanced and matched, at most kMaxDepth deep, nothing but printable ASCII. The values inside
    // are not parsed.
    bool skipRest(bool inArray = false) {
        return skipNested(1, inArray ? 1 : 0);
    }

private:
    static bool isDigit(char c) {
        return c >= '0' && c <= '9';
    }
    static bool isSpaceOrControl(char c) {
        return static_cast<unsigned char>(c) <= ' ';
    }
    static bool isNumberChar(char c) {
        return isDigit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    }
    bool skipNumber();

    // Their value, the first the most significant: pairs, then fours, then the eight.
    static std::uint64_t eightDigits(std::uint64_t v) {
        v -= 0x3030303030303030u;
        v = (v * 10) + (v >> 8);
        v = (((v & 0x000000ff000000ffu) * 0x000f424000000064u) +
             (((v >> 16) & 0x000000ff000000ffu) * 0x0000271000000001u)) >>
            32;
        return static_cast<std::uint32_t>(v);
    }

    // `depth` brackets are open; bit i of `kinds` is 1 where the i-th innermost is '['.
    bool skipNested(int depth, std::uint64_t kinds);
    // skipNested's steps of 16 bytes, and of 32 where the CPU has AVX2: Ended (the outermost
    // bracket closed, passed), Failed, or More where fewer bytes than a step are left (the caller
    // goes on from there).
    enum class Skip : std::uint8_t { Ended, Failed, More };
    Skip skipNestedSse2(int &depth, std::uint64_t &kinds, bool &inString);
#if defined(__x86_64__) && defined(__GNUC__)
    [[gnu::target("avx2")]]
#endif
    Skip
    skipNestedAvx2(int &depth, std::uint64_t &kinds, bool &inString);
    // The bytes inside strings in one of skipNested's steps (`width` bytes, bit i for byte i),
    // from its quotes (a running XOR) and whether it starts inside one; `inString` then says
    // whether the next step does.
    static std::uint32_t insideStrings(std::uint32_t quotes, int width, bool &inString) {
        std::uint32_t inside = quotes ^ (quotes << 1);
        inside ^= inside << 2;
        inside ^= inside << 4;
        inside ^= inside << 8;
        if (width > 16)
            inside ^= inside << 16;
        if (inString)
            inside = ~inside;
        if (__builtin_parity(quotes))
            inString = !inString;
        return inside;
    }
    // One step's brackets outside strings (`outside`, from the cursor), those before its first
    // bad byte (a backslash, a control character, a byte above 0x7f: `bad`) in turn: Ended where
    // one closes the outermost (the cursor past it), Failed at a mismatch or where a bad byte
    // comes before the end, More otherwise. So the answer does not depend on the step's width.
    Skip closeBrackets(std::uint32_t outside, std::uint32_t bad, int &depth, std::uint64_t &kinds) {
        outside &= (bad & -bad) - 1;
        while (outside) {
            const int i = __builtin_ctz(outside);
            if (bracket(m_p[i], depth, kinds)) {
                m_p += i + 1;
                return Skip::Ended;
            }
            if (m_failed)
                return Skip::Failed;
            outside &= outside - 1;
        }
        if (bad != 0) {
            fail();
            return Skip::Failed;
        }
        return Skip::More;
    }
    // One bracket met by skipNested (outside any string); true when it closes the outermost.
    bool bracket(char ch, int &depth, std::uint64_t &kinds) {
        if (ch == '{' || ch == '[') {
            if (depth >= kMaxDepth)
                return fail();
            kinds = kinds << 1 | (ch == '[' ? 1u : 0u);
            ++depth;
            return false;
        }
        if ((kinds & 1u) != (ch == ']' ? 1u : 0u))
            return fail(); // '{' closed by ']' or '[' by '}'
        kinds >>= 1;
        return --depth == 0;
    }

    void skipSpace() {
        while (m_p < m_end && static_cast<unsigned char>(*m_p) <= ' ' &&
               (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    // The digits at the cursor into `m` (which wraps past 19 digits: the caller counts); how many.
    int readDigits(std::uint64_t &m) {
        const char *const start = m_p;
        // Eight at a time while they last (a greek has 16): one multiply instead of eight.
        while (m_end - m_p >= 8) {
            std::uint64_t eight;
            std::memcpy(&eight, m_p, 8);
            if (!allDigits(eight))
                break;
            m = m * 100000000u + eightDigits(eight);
            m_p += 8;
        }
        while (m_p < m_end && isDigit(*m_p)) {
            m = m * 10 + static_cast<std::uint64_t>(*m_p - '0');
            ++m_p;
        }
        return static_cast<int>(m_p - start);
    }

    bool closeString(const char *start, std::string_view &s) {
        if (*m_p != '"')
            return fail();
        s = std::string_view(start, static_cast<std::size_t>(m_p - start));
        ++m_p;
        return true;
    }

    const char *m_p;
    const char *m_end;
    bool m_failed = false;
};

// Alpaca's next_page_token at the cursor, as both bulk readers take it: a string (empty: no next
// page) or null. False for any other value (the DOM readers word that error).
inline bool readPageToken(JsonCursor &c, std::optional<std::string> &token) {
    if (c.peek() != '"')
        return c.literal("null");
    std::string_view text;
    if (!c.string(text))
        return false;
    if (!text.empty())
        token = std::string(text);
    return true;
}

// An object's keys read in the order the page usually writes them (`order`): each key is
// expected to be followed by the next one of the order, and checked in place (JsonCursor::field).
// `while (fields.next(c, key))` as with field; any order reads the same, only slower.
class OrderedFields {
public:
    explicit OrderedFields(std::span<const ExpectedKey> order)
        : m_order(order) {}

    // Inlined into each walk: a call a key cost more than the check it makes (perf, 1k chain).
    [[gnu::always_inline]] bool next(JsonCursor &c, std::string_view &key) {
        if (m_next < m_order.size()) {
            const ExpectedKey &expected = m_order[m_next];
            if (!c.field(m_first, key, expected))
                return false;
            if (key.data() == expected.key.data()) {
                m_last = m_next++;
                return true;
            }
        } else if (!c.field(m_first, key)) {
            return false;
        }
        // Off the order: expect what follows this key in it, if it is one of its keys.
        m_next = m_last = m_order.size();
        for (std::size_t i = 0; i < m_order.size(); ++i)
            if (m_order[i].key == key) {
                m_last = i;
                m_next = i + 1;
                break;
            }
        return true;
    }

    // Where the key `next` gave stands in the order; the order's size for a key not in it.
    std::size_t lastIndex() const { return m_last; }

private:
    std::span<const ExpectedKey> m_order;
    std::size_t m_next = 0;
    std::size_t m_last = 0;
    bool m_first = true;
};

} // namespace cg::alpaca
