#include "alpaca/symbol_index.h"

namespace cg::alpaca {

namespace {
struct SymbolAt {
    const std::vector<OptionContract> &chain;
    std::string_view operator()(std::size_t i) const { return chain[i].symbol; }
};
} // namespace

SymbolIndex::SymbolIndex(const std::vector<OptionContract> &chain)
    : m_chain(&chain) {
    m_index.rebuild(chain.size(), SymbolAt{chain});
}

std::size_t SymbolIndex::find(std::string_view symbol) const {
    if (!m_chain)
        return npos;
    const std::optional<std::uint32_t> at = m_index.find(symbol, SymbolAt{*m_chain});
    return at ? *at : npos;
}

} // namespace cg::alpaca
