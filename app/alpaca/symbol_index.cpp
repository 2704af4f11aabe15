#include "alpaca/symbol_index.h"

#include <algorithm>
#include <cassert>

namespace cg::alpaca {

namespace {
struct SymbolAt {
    const std::vector<OptionContract> &chain;
    std::string_view operator()(std::size_t i) const { return chain[i].symbol; }
};
} // namespace

SymbolIndex::SymbolIndex(const std::vector<OptionContract> &chain) {
    index(chain);
}

void SymbolIndex::hashAppended(const std::vector<OptionContract> &chain) {
    // Another chain than the one hashed so far, or this one emptied and filled again (its last
    // contract hashed no longer the same): all of it again. One hash a call, in release builds
    // too: a stale hash would merge open interest into the wrong contract.
    const auto changed = [&] {
        const std::size_t last = m_hashes.size() - 1;
        return m_hashes.size() > chain.size() ||
               m_hashes[last] != PositionIndex::hashOf(chain[last].symbol);
    };
    if (&chain != m_hashedChain || (!m_hashes.empty() && changed())) {
        m_hashes.clear();
        m_hashedChain = &chain;
    }
    for (std::size_t i = m_hashes.size(); i < chain.size(); ++i)
        m_hashes.push_back(PositionIndex::hashOf(chain[i].symbol));
}

void SymbolIndex::index(const std::vector<OptionContract> &chain) {
    hashAppended(chain); // whatever was not hashed page by page
    assert(std::equal(m_hashes.begin(), m_hashes.end(), chain.begin(), chain.end(),
                      [](std::size_t h, const OptionContract &c) {
                          return h == PositionIndex::hashOf(c.symbol);
                      })); // appended to only, between the calls
    m_chain = &chain;
    m_index.rebuildHashed(m_hashes, SymbolAt{chain});
    m_hashes = {};
    m_hashedChain = nullptr;
}

std::size_t SymbolIndex::find(std::string_view symbol) const {
    if (!m_chain)
        return npos;
    const std::optional<std::uint32_t> at = m_index.find(symbol, SymbolAt{*m_chain});
    return at ? *at : npos;
}

std::size_t SymbolIndex::merge(const std::vector<ContractInfoView> &page,
                               std::vector<OptionContract> &chain) const {
    if (!m_chain)
        return 0;
    assert(&chain == m_chain);
    std::size_t withOpenInterest = 0;
    m_index.findEach(
        page.size(), [&page](std::size_t j) { return page[j].symbol; }, SymbolAt{chain},
        [&](std::size_t j, std::uint32_t at) {
            const ContractInfoView &info = page[j];
            OptionContract &c = chain[at];
            c.openInterest = info.openInterest;
            c.multiplier = info.multiplier;
            withOpenInterest += info.openInterest.has_value();
        });
    return withOpenInterest;
}

} // namespace cg::alpaca
