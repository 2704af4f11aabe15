#include "alpaca/symbol_index.h"

#include <bit>
#include <functional>

namespace cg::alpaca {

SymbolIndex::SymbolIndex(const std::vector<OptionContract> &chain)
    : m_chain(&chain) {
    // At most half full: probes stay short.
    const std::size_t size = std::bit_ceil(std::max<std::size_t>(16, chain.size() * 2));
    m_slots.assign(size, 0);
    m_mask = size - 1;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        const std::string_view symbol = chain[i].symbol;
        std::size_t s = std::hash<std::string_view>{}(symbol)&m_mask;
        for (;; s = (s + 1) & m_mask) {
            const std::uint32_t at = m_slots[s];
            if (at == 0) {
                m_slots[s] = static_cast<std::uint32_t>(i + 1);
                break;
            }
            if (chain[at - 1].symbol == symbol)
                break; // a repeated symbol: the first one stays
        }
    }
}

std::size_t SymbolIndex::find(std::string_view symbol) const {
    if (m_slots.empty())
        return npos;
    const std::vector<OptionContract> &chain = *m_chain;
    for (std::size_t s = std::hash<std::string_view>{}(symbol)&m_mask;; s = (s + 1) & m_mask) {
        const std::uint32_t at = m_slots[s];
        if (at == 0)
            return npos;
        if (chain[at - 1].symbol == symbol)
            return at - 1;
    }
}

} // namespace cg::alpaca
