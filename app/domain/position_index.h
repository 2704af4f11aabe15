#pragma once
// Positions by key, for the chain's one lookup per symbol: the open-interest merge
// (alpaca::SymbolIndex) and the chain model's one lookup per tick (ChainTableModel). An
// open-addressing table of 8-byte slots instead of a node-based hash map (a 64-byte node and a
// malloc per contract): the keys are not copied, the caller reads the key at a position when asked
// (`keyAt`). A slot also keeps its key's hash, so a probe reads a key (a cache miss on a large
// chain) only where the hashes agree. The first of two equal keys wins, as a map's emplace would.

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace cg {

class PositionIndex {
public:
    // Indexes positions 0..count-1; `keyAt(i)` is the key at position i.
    template <class KeyAt> void rebuild(std::size_t count, KeyAt keyAt) {
        std::size_t size = 16;
        while (size < 2 * count) // at most half full: short probe runs
            size *= 2;
        m_slots.assign(size, kEmpty);
        m_mask = size - 1;
        for (std::size_t i = 0; i < count; ++i) {
            const std::string_view key = keyAt(i);
            const std::size_t hash = std::hash<std::string_view>{}(key);
            for (std::size_t s = hash & m_mask;; s = (s + 1) & m_mask) {
                std::uint64_t &slot = m_slots[s];
                if (slot == kEmpty) {
                    slot = slotFor(i, hash);
                    break;
                }
                if (sameHash(slot, hash) && keyAt(positionOf(slot)) == key)
                    break; // a duplicate: the first one stays
            }
        }
    }

    template <class KeyAt>
    std::optional<std::uint32_t> find(std::string_view key, KeyAt keyAt) const {
        if (m_slots.empty())
            return std::nullopt;
        const std::size_t hash = std::hash<std::string_view>{}(key);
        for (std::size_t s = hash & m_mask;; s = (s + 1) & m_mask) {
            const std::uint64_t slot = m_slots[s];
            if (slot == kEmpty)
                return std::nullopt;
            if (sameHash(slot, hash) && keyAt(positionOf(slot)) == key)
                return positionOf(slot);
        }
    }

    void clear() {
        m_slots.clear();
        m_mask = 0;
    }

private:
    // A slot: the hash's high half above the position + 1 (0: empty).
    static constexpr std::uint64_t kEmpty = 0;
    static constexpr std::uint64_t kHashBits = 0xffffffff00000000u;
    static std::uint64_t slotFor(std::size_t position, std::size_t hash) {
        return (static_cast<std::uint64_t>(hash) & kHashBits) |
               (static_cast<std::uint64_t>(position) + 1);
    }
    static bool sameHash(std::uint64_t slot, std::size_t hash) {
        return ((slot ^ static_cast<std::uint64_t>(hash)) & kHashBits) == 0;
    }
    static std::uint32_t positionOf(std::uint64_t slot) {
        return static_cast<std::uint32_t>((slot & ~kHashBits) - 1);
    }

    std::vector<std::uint64_t> m_slots;
    std::size_t m_mask = 0;
};

} // namespace cg
