#include "alpaca/symbol_index.h"

#include <bit>
#include <functional>

namespace cg::alpaca {

namespace {
// A slot: the position + 1 in the low half (0: empty), the hash's high half above it, so that a
// probe reads the contract (a cache miss on a large chain) only where the hashes agree.
constexpr std::uint64_t slot(std::size_t position, std::size_t hash) {
    return (static_cast<std::uint64_t>(hash) & 0xffffffff00000000u) |
           static_cast<std::uint64_t>(position + 1);
}
constexpr bool sameHash(std::uint64_t slot, std::size_t hash) {
    return ((slot ^ static_cast<std::uint64_t>(hash)) & 0xffffffff00000000u) == 0;
}
constexpr std::size_t positionOf(std::uint64_t slot) {
    return static_cast<std::size_t>(slot & 0xffffffffu) - 1;
}
} // namespace

SymbolIndex::SymbolIndex(const std::vector<OptionContract> &chain)
    : m_chain(&chain) {
    // At most half full: probes stay short.
    const std::size_t size = std::bit_ceil(std::max<std::size_t>(16, chain.size() * 2));
    m_slots.assign(size, 0);
    m_mask = size - 1;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        const std::string_view symbol = chain[i].symbol;
        const std::size_t hash = std::hash<std::string_view>{}(symbol);
        for (std::size_t s = hash & m_mask;; s = (s + 1) & m_mask) {
            const std::uint64_t at = m_slots[s];
            if (at == 0) {
                m_slots[s] = slot(i, hash);
                break;
            }
            if (sameHash(at, hash) && chain[positionOf(at)].symbol == symbol)
                break; // a repeated symbol: the first one stays
        }
    }
}

std::size_t SymbolIndex::find(std::string_view symbol) const {
    if (m_slots.empty())
        return npos;
    const std::vector<OptionContract> &chain = *m_chain;
    const std::size_t hash = std::hash<std::string_view>{}(symbol);
    for (std::size_t s = hash & m_mask;; s = (s + 1) & m_mask) {
        const std::uint64_t at = m_slots[s];
        if (at == 0)
            return npos;
        if (sameHash(at, hash) && chain[positionOf(at)].symbol == symbol)
            return positionOf(at);
    }
}

} // namespace cg::alpaca
