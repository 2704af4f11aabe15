#pragma once
// Positions by key, for the chain's lookups by symbol: the open-interest merge
// (alpaca::SymbolIndex) and the chain model's one lookup per tick (ChainTableModel). An
// open-addressing table of 4-byte slots instead of a node-based hash map (a 64-byte node and a
// malloc per contract): the keys are not copied, the caller reads the key at a position when asked
// (`keyAt`). A slot keeps the position + 1 in its low bits and the key's hash in the bits the
// position leaves free (15 at 100,000 keys), so a probe reads a key (a cache miss on a large chain)
// only where those agree. The first of two equal keys wins, as a map's emplace would.
//
// On a large chain the table itself is a cache miss a lookup: rebuild and findEach hash a block of
// keys first and ask for their slots ahead (prefetch), so the misses overlap instead of queueing.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace cg {

class PositionIndex {
public:
    // Indexes positions 0..count-1 (count < 2^32 - 1); `keyAt(i)` is the key at position i.
    template <class KeyAt> void rebuild(std::size_t count, KeyAt keyAt) {
        std::vector<std::size_t> hashes(count);
        for (std::size_t i = 0; i < count; ++i)
            hashes[i] = hashOf(keyAt(i));
        rebuildHashed(hashes, keyAt);
    }

    // The same, where each key's hashOf() is known already (`hashes[i]`, worked out while the
    // key was in cache): a key is read only where another one's hash bits agree with it, so on
    // a large chain the build does not walk the contracts again.
    template <class KeyAt> void rebuildHashed(std::span<const std::size_t> hashes, KeyAt keyAt) {
        const std::size_t count = hashes.size();
        reset(count);
        for (std::size_t begin = 0; begin < count; begin += kBlock) {
            const std::size_t n = std::min(kBlock, count - begin);
            for (std::size_t k = begin; k < begin + n; ++k)
                __builtin_prefetch(&m_slots[hashes[k] & m_mask]);
            for (std::size_t k = begin; k < begin + n; ++k)
                insert(k, hashes[k], keyAt);
        }
    }

    template <class KeyAt>
    std::optional<std::uint32_t> find(std::string_view key, KeyAt keyAt) const {
        if (m_slots.empty())
            return std::nullopt;
        return findHashed(key, hashOf(key), keyAt);
    }

    // Looks up `keyOf(j)` for j in 0..count-1, a block at a time, and calls found(j, position)
    // for each key indexed (in order of j).
    template <class KeyOf, class KeyAt, class Found>
    void findEach(std::size_t count, KeyOf keyOf, KeyAt keyAt, Found found) const {
        if (m_slots.empty())
            return;
        forBlocks(count, keyOf,
                  [this, &keyAt, &found](std::size_t j, std::string_view key, std::size_t hash) {
                      if (const auto at = findHashed(key, hash, keyAt))
                          found(j, *at);
                  });
    }

    bool empty() const { return m_slots.empty(); }
    void clear() {
        m_slots.clear();
        m_mask = 0;
    }

private:
    static constexpr std::uint32_t kEmpty = 0;
    static constexpr std::size_t kBlock = 16;

    std::uint32_t positionMask() const {
        return m_positionBits >= 32 ? UINT32_MAX : (1u << m_positionBits) - 1;
    }
    // The hash's top bits, above the position's; none when the position takes all 32.
    std::uint32_t tagOf(std::size_t hash) const {
        if (m_positionBits >= 32)
            return 0;
        return static_cast<std::uint32_t>(static_cast<std::uint64_t>(hash) >> (32 + m_positionBits))
               << m_positionBits;
    }
    std::uint32_t positionOf(std::uint32_t slot) const { return (slot & positionMask()) - 1; }

    template <class KeyAt>
    std::optional<std::uint32_t> findHashed(std::string_view key, std::size_t hash,
                                            KeyAt &keyAt) const {
        const std::uint32_t tag = tagOf(hash);
        for (std::size_t s = hash & m_mask;; s = (s + 1) & m_mask) {
            const std::uint32_t slot = m_slots[s];
            if (slot == kEmpty)
                return std::nullopt;
            if ((slot & ~positionMask()) == tag && sameKey(keyAt(positionOf(slot)), key))
                return positionOf(slot);
        }
    }

public:
    // a == b, a symbol's 8 to 32 bytes compared as overlapping words in place (memcmp's call
    // cost more than its compare, measured on the open-interest merge); others by operator==.
    static bool sameKey(std::string_view a, std::string_view b) {
        const std::size_t n = a.size();
        if (n != b.size())
            return false;
        if (n < 8 || n > 32)
            return a == b;
        const auto word = [](const char *p) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            return w;
        };
        // Words at 0, 8, 16 while they fit, and the last 8 bytes (overlapping the one before).
        std::uint64_t diff = word(a.data() + n - 8) ^ word(b.data() + n - 8);
        for (std::size_t i = 0; i + 8 < n; i += 8)
            diff |= word(a.data() + i) ^ word(b.data() + i);
        return diff == 0;
    }

    // A key's hash: its bytes read as at most three overlapping words (all of a key of up to 24
    // bytes: an OCC symbol has 15 to 21), mixed by multiplications. A fifth of the instructions of
    // std::hash's byte loop for a symbol, and the same on every standard library (the tests count
    // probes). Keys longer than 24 bytes hash by their first 16 and last 8.
    static std::size_t hashOf(std::string_view key) {
        const char *const p = key.data();
        const std::size_t n = key.size();
        std::uint64_t a = 0, b = 0;
        if (n >= 8) {
            std::memcpy(&a, p, 8);
            std::memcpy(&b, p + n - 8, 8);
            if (n > 16) {
                std::uint64_t middle = 0;
                std::memcpy(&middle, p + 8, 8);
                a ^= std::rotl(middle * 0x9e3779b97f4a7c15u, 31);
            }
        } else if (n >= 4) {
            std::uint32_t low = 0, high = 0;
            std::memcpy(&low, p, 4);
            std::memcpy(&high, p + n - 4, 4);
            a = low;
            b = high;
        } else if (n > 0) {
            a = static_cast<unsigned char>(p[0]) | static_cast<unsigned char>(p[n / 2]) << 8 |
                static_cast<unsigned char>(p[n - 1]) << 16;
        }
        std::uint64_t h = (a ^ n) * 0xbf58476d1ce4e5b9u ^ std::rotl(b * 0x94d049bb133111ebu, 29);
        h ^= h >> 32;
        h *= 0xd6e8feb86659fd93u;
        h ^= h >> 29;
        return static_cast<std::size_t>(h);
    }

private:
    void reset(std::size_t count) {
        const std::size_t size = std::bit_ceil(std::max<std::size_t>(16, 2 * count)); // half full
        m_slots.assign(size, kEmpty);
        m_mask = size - 1;
        m_positionBits = std::max(1, static_cast<int>(std::bit_width(count)));
    }
    // Position i, of hash `hash`, unless an equal key is indexed already (the first one stays).
    template <class KeyAt> void insert(std::size_t i, std::size_t hash, KeyAt &keyAt) {
        const std::uint32_t tag = tagOf(hash);
        for (std::size_t s = hash & m_mask;; s = (s + 1) & m_mask) {
            std::uint32_t &slot = m_slots[s];
            if (slot == kEmpty) {
                slot = tag | static_cast<std::uint32_t>(i + 1);
                return;
            }
            if ((slot & ~positionMask()) == tag &&
                std::string_view(keyAt(positionOf(slot))) == std::string_view(keyAt(i)))
                return;
        }
    }

    // Calls visit(i, key, hash) for i in 0..count-1 in order; a block's slots are asked for
    // before the first of them is visited.
    template <class KeyOf, class Visit>
    void forBlocks(std::size_t count, KeyOf &keyOf, Visit visit) const {
        std::string_view keys[kBlock];
        std::size_t hashes[kBlock];
        for (std::size_t begin = 0; begin < count; begin += kBlock) {
            const std::size_t n = std::min(kBlock, count - begin);
            for (std::size_t k = 0; k < n; ++k) {
                keys[k] = keyOf(begin + k);
                hashes[k] = hashOf(keys[k]);
                __builtin_prefetch(&m_slots[hashes[k] & m_mask]);
            }
            for (std::size_t k = 0; k < n; ++k)
                visit(begin + k, keys[k], hashes[k]);
        }
    }

    std::vector<std::uint32_t> m_slots; // hash bits | position + 1; 0 is an empty slot
    std::size_t m_mask = 0;
    int m_positionBits = 1;
};

} // namespace cg
