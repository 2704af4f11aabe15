#pragma once
// What a bulk page repeats from one entry to the next, learnt from two of them. Alpaca writes each
// entry of a contracts page with the same keys in the same order and most values with the same
// length (ids, symbols, dates, "active", "100"). Built from two entries read the general way, a
// template holds the bytes a later entry must repeat (keys, punctuation, literals) and marks the
// string contents that may differ but keep their length. A value whose length changed between the
// two (a name, a strike, an open interest) cuts it: such a value is read the general way between
// two runs of the template; a value the caller reads inside a run is found at its place there. A
// run is checked 16 or 32 bytes at a time (templateRunMatches, below) instead of a key and a
// value at a time, and accepts what the general read accepts there: the same keys in the same
// places, strings without an escape, a control character or a byte above 0x7f, the same literals
// (and nested values passed over, whole and alike).
// Internal to the alpaca library.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cg::alpaca {

// Whether the `length` bytes at `p` (the page ending at `end`) are a run of an EntryTemplate:
// each byte equal to `bytes`' where `mutableMask` is 0 and, where it is 0xff (a string's
// content), a byte JsonCursor::string() takes there (no quote, backslash, control character or
// byte above 0x7f). `bytes` and `mutableMask` are readable kTemplatePadding bytes past `length`.
// False also where the page has fewer than `length` rounded up to 32 bytes left (the steps read
// whole vectors). 32 bytes a step where the CPU has AVX2, 16 otherwise (simd_width.h).
inline constexpr std::size_t kTemplatePadding = 32;
bool templateRunMatches(const char *p, const char *end, const char *bytes, const char *mutableMask,
                        std::size_t length);
namespace detail {
// Each width alone, for tests; the AVX2 one only where cpuHasAvx2().
bool templateRunMatchesSse2(const char *p, const char *end, const char *bytes,
                            const char *mutableMask, std::size_t length);
bool templateRunMatchesAvx2(const char *p, const char *end, const char *bytes,
                            const char *mutableMask, std::size_t length);
} // namespace detail

// Where one value of an entry stands, as offsets from the entry's '{': from just after its key's
// colon to just past its last byte.
struct ValueSpan {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

class EntryTemplate {
public:
    // One piece of an entry, in order: a run of template bytes, or the value of the key at
    // `keyIndex` in the entry's order, to read the general way.
    struct Piece {
        bool run = false;
        std::uint32_t at = 0;        // a run: where its bytes start in bytes() and mutableMask()
        std::uint32_t length = 0;    // a run: how many
        std::uint32_t keyIndex = 0;  // a value: its key's place in the entry's order
        std::uint32_t readCount = 0; // a run: how many values the caller reads in it, ...
        std::uint32_t firstRead = 0; // ... from this one of reads() on
    };
    // A value the caller reads that stands inside a run: where, from the run's first byte.
    struct Read {
        std::uint32_t keyIndex = 0;
        std::uint32_t offset = 0;
        std::uint32_t length = 0;
        // A string (its content may differ); otherwise the same bytes each time.
        bool quoted = false;
    };

    // From two entries with the same keys in the same order (`first` and `second` from '{' to
    // '}', `firstValues` and `secondValues` a value each, in that order); `read[i]` where the
    // caller reads key i's value. False (and no template) where the two do not line up.
    bool build(std::string_view first, std::span<const ValueSpan> firstValues,
               std::string_view second, std::span<const ValueSpan> secondValues,
               const std::vector<bool> &read);
    void clear();
    bool ready() const { return !m_pieces.empty(); }

    std::span<const Piece> pieces() const { return m_pieces; }
    std::span<const Read> reads() const { return m_reads; }
    // The runs' bytes and their mask (0xff where a string's content may differ), one run after
    // the other, then kTemplatePadding bytes: a run's last step reads within them.
    const char *bytes() const { return m_bytes.data(); }
    const char *mutableMask() const { return m_mutable.data(); }

private:
    std::vector<Piece> m_pieces;
    std::vector<Read> m_reads;
    std::string m_bytes;
    std::string m_mutable;
};

} // namespace cg::alpaca
