#pragma once
// Contract symbol -> position in a chain's entries, for the chain model's one lookup per tick.
// An open-addressing table of 32-bit positions (8 bytes a contract) instead of a node-based hash
// map (a 64-byte node and a malloc per contract): the keys are not copied, the caller reads the
// symbol at a position when asked (`keyAt`). The first of two equal symbols wins, as a map's
// emplace would.

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace cg::models {

class ChainSymbolIndex {
public:
    // Indexes positions 0..count-1; `keyAt(i)` is the symbol at position i.
    template <class KeyAt> void rebuild(std::size_t count, KeyAt keyAt) {
        std::size_t size = 16;
        while (size < 2 * count) // at most half full: short probe runs
            size *= 2;
        m_slots.assign(size, kEmpty);
        m_mask = size - 1;
        for (std::size_t i = 0; i < count; ++i) {
            const std::string_view key = keyAt(i);
            for (std::size_t s = slotOf(key);; s = (s + 1) & m_mask) {
                std::uint32_t &slot = m_slots[s];
                if (slot == kEmpty) {
                    slot = static_cast<std::uint32_t>(i);
                    break;
                }
                if (keyAt(slot) == key)
                    break; // a duplicate: the first one stays
            }
        }
    }

    template <class KeyAt>
    std::optional<std::uint32_t> find(std::string_view key, KeyAt keyAt) const {
        if (m_slots.empty())
            return std::nullopt;
        for (std::size_t s = slotOf(key);; s = (s + 1) & m_mask) {
            const std::uint32_t slot = m_slots[s];
            if (slot == kEmpty)
                return std::nullopt;
            if (keyAt(slot) == key)
                return slot;
        }
    }

    void clear() {
        m_slots.clear();
        m_mask = 0;
    }

private:
    static constexpr std::uint32_t kEmpty = UINT32_MAX;
    std::size_t slotOf(std::string_view key) const {
        return std::hash<std::string_view>{}(key)&m_mask;
    }

    std::vector<std::uint32_t> m_slots;
    std::size_t m_mask = 0;
};

} // namespace cg::models
