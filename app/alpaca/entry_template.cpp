#include "alpaca/entry_template.h"

#include "alpaca/simd_width.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

namespace cg::alpaca {

namespace {

bool roomFor(const char *p, const char *end, std::size_t length) {
    return static_cast<std::size_t>(end - p) >= (length + 31) / 32 * 32;
}

} // namespace

bool detail::templateRunMatchesSse2(const char *p, const char *end, const char *bytes,
                                    const char *mutableMask, std::size_t length) {
    if (!roomFor(p, end, length))
        return false;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    // The bytes that pass: a fixed byte equal to the template's, or a string's byte that would
    // not stop or fail it. One mask a step, all ones where the step passes.
    const auto passing = [&](std::size_t k) {
        const __m128i text = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + k));
        const __m128i want = _mm_loadu_si128(reinterpret_cast<const __m128i *>(bytes + k));
        const __m128i loose = _mm_loadu_si128(reinterpret_cast<const __m128i *>(mutableMask + k));
        const __m128i special =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(text, quote), _mm_cmpeq_epi8(text, backslash)),
                         _mm_cmplt_epi8(text, space));
        return static_cast<unsigned>(_mm_movemask_epi8(_mm_andnot_si128(
            _mm_and_si128(special, loose), _mm_or_si128(_mm_cmpeq_epi8(text, want), loose))));
    };
    std::size_t k = 0;
    for (; k + 16 <= length; k += 16)
        if (passing(k) != 0xffffu)
            return false;
    if (k == length)
        return true;
    const unsigned tail = (1u << (length - k)) - 1;
    return (passing(k) & tail) == tail;
#else
    for (std::size_t k = 0; k < length; ++k) {
        const auto ch = static_cast<unsigned char>(p[k]);
        if (mutableMask[k] == 0 ? p[k] != bytes[k]
                                : ch == '"' || ch == '\\' || ch < 0x20 || ch >= 0x80)
            return false;
    }
    return true;
#endif
}

#if defined(__x86_64__) && defined(__GNUC__)
namespace {
// As the SSE2 steps' mask, for 32 bytes. Signed compares: a byte above 0x7f is negative, so below
// 0x20 as a control character is.
[[gnu::target("avx2"), gnu::always_inline]] inline std::uint32_t
passingAvx2(const char *p, const char *bytes, const char *mutableMask) {
    const __m256i text = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
    const __m256i want = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(bytes));
    const __m256i loose = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(mutableMask));
    const __m256i special =
        _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(text, _mm256_set1_epi8('"')),
                                        _mm256_cmpeq_epi8(text, _mm256_set1_epi8('\\'))),
                        _mm256_cmpgt_epi8(_mm256_set1_epi8(0x20), text));
    return static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_andnot_si256(
        _mm256_and_si256(special, loose), _mm256_or_si256(_mm256_cmpeq_epi8(text, want), loose))));
}
} // namespace

[[gnu::target("avx2")]] bool detail::templateRunMatchesAvx2(const char *p, const char *end,
                                                            const char *bytes,
                                                            const char *mutableMask,
                                                            std::size_t length) {
    if (!roomFor(p, end, length))
        return false;
    std::size_t k = 0;
    for (; k + 32 <= length; k += 32)
        if (passingAvx2(p + k, bytes + k, mutableMask + k) != ~std::uint32_t{0})
            return false;
    if (k == length)
        return true;
    const std::uint32_t tail = (std::uint32_t{1} << (length - k)) - 1;
    return (passingAvx2(p + k, bytes + k, mutableMask + k) & tail) == tail;
}
#else
bool detail::templateRunMatchesAvx2(const char *p, const char *end, const char *bytes,
                                    const char *mutableMask, std::size_t length) {
    return templateRunMatchesSse2(p, end, bytes, mutableMask, length);
}
#endif

bool templateRunMatches(const char *p, const char *end, const char *bytes, const char *mutableMask,
                        std::size_t length) {
    return detail::useAvx2() ? detail::templateRunMatchesAvx2(p, end, bytes, mutableMask, length)
                             : detail::templateRunMatchesSse2(p, end, bytes, mutableMask, length);
}

namespace {

bool isString(std::string_view v) {
    return v.size() >= 2 && v.front() == '"' && v.back() == '"';
}

bool within(std::span<const ValueSpan> values, std::size_t size) {
    std::uint32_t last = 0;
    for (const ValueSpan &v : values) {
        if (v.begin < last || v.end < v.begin || v.end > size)
            return false;
        last = v.end;
    }
    return true;
}

} // namespace

void EntryTemplate::clear() {
    m_pieces.clear();
    m_reads.clear();
    m_bytes.clear();
    m_mutable.clear();
}

bool EntryTemplate::build(std::string_view first, std::span<const ValueSpan> firstValues,
                          std::string_view second, std::span<const ValueSpan> secondValues,
                          const std::vector<bool> &read) {
    clear();
    const std::size_t n = secondValues.size();
    if (firstValues.size() != n || read.size() != n || first.empty() || first.front() != '{' ||
        second.empty() || second.front() != '{' || second.back() != '}' ||
        !within(firstValues, first.size()) || !within(secondValues, second.size()) ||
        second.size() > UINT32_MAX / 2)
        return false;
    std::string mask(second.size(), '\0');
    std::vector<Piece> pieces;
    std::uint32_t runStart = 0;
    std::vector<std::uint32_t> readsIn; // the keys read in the run being built
    const auto addRun = [&](std::uint32_t from, std::uint32_t to) {
        if (to <= from)
            return;
        Piece run{true, static_cast<std::uint32_t>(m_bytes.size()), to - from, 0,
                  0,    static_cast<std::uint32_t>(m_reads.size())};
        for (const std::uint32_t key : readsIn) {
            const ValueSpan v = secondValues[key];
            m_reads.push_back({key, v.begin - from, v.end - v.begin, second[v.begin] == '"'});
        }
        run.readCount = static_cast<std::uint32_t>(readsIn.size());
        readsIn.clear();
        pieces.push_back(run);
        m_bytes.append(second.substr(from, to - from));
        m_mutable.append(mask, from, to - from);
    };
    for (std::size_t i = 0; i < n; ++i) {
        const ValueSpan a = firstValues[i], b = secondValues[i];
        const std::string_view va = first.substr(a.begin, a.end - a.begin);
        const std::string_view vb = second.substr(b.begin, b.end - b.begin);
        // A string of the same length keeps its quotes and may change its content; any other
        // value stays only where it is the same (a literal, a nested value repeated as it is).
        const bool sameLengthStrings = isString(va) && isString(vb) && va.size() == vb.size();
        // A number the caller reads is cut even where two entries agree (an open interest
        // written as a number would rarely repeat): a literal (true, null) is kept.
        const bool literal =
            !vb.empty() && (vb.front() == 't' || vb.front() == 'f' || vb.front() == 'n');
        const bool fixed =
            !vb.empty() && (sameLengthStrings || (va == vb && (!read[i] || literal)));
        if (fixed) {
            if (sameLengthStrings)
                mask.replace(b.begin + 1, vb.size() - 2, vb.size() - 2, '\xff');
            if (read[i])
                readsIn.push_back(static_cast<std::uint32_t>(i));
            continue;
        }
        addRun(runStart, b.begin);
        pieces.push_back({false, 0, 0, static_cast<std::uint32_t>(i), 0, 0});
        runStart = b.end;
    }
    addRun(runStart, static_cast<std::uint32_t>(second.size()));
    m_bytes.append(kTemplatePadding, '\0');
    m_mutable.append(kTemplatePadding, '\0');
    m_pieces = std::move(pieces);
    return true;
}

} // namespace cg::alpaca
