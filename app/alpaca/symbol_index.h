#pragma once
// Positions of a chain's contracts by OCC symbol, for merging what the contracts endpoint says
// (open interest, multiplier) into the snapshot chain: a PositionIndex (domain/position_index.h)
// over the contracts' symbols, no node and no string per contract (an unordered_map of 10,000
// symbols cost more than reading the open interest). The chain must not change while the index
// is used.

#include "alpaca/contracts_page.h"
#include "domain/contract.h"
#include "domain/position_index.h"

#include <string_view>
#include <vector>

namespace cg::alpaca {

class SymbolIndex {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    SymbolIndex() = default;
    explicit SymbolIndex(const std::vector<OptionContract> &chain);

    // For a chain read page by page: hashes the symbols of the contracts appended to `chain`
    // since the last call (call it after each page, while the page is in cache), then index()
    // builds the table from those hashes without walking the chain again (on a large chain a
    // walk is a trip to memory), hashing whatever was not. Between the calls the chain is only
    // appended to (a contract changed in place would keep its old hash); another chain, or this
    // one emptied and filled again (told by its last contract hashed), is hashed from its start.
    // index() ends the hashing.
    void hashAppended(const std::vector<OptionContract> &chain);
    void index(const std::vector<OptionContract> &chain);

    // The position of `symbol` in the chain (the first, when the chain repeats it), or npos.
    std::size_t find(std::string_view symbol) const;
    // Writes each entry's open interest and multiplier into the contract of its symbol in
    // `chain` (the chain indexed; an entry not in it is left out), the lookups a block at a time
    // (position_index.h). Returns how many entries carried an open interest.
    std::size_t merge(const std::vector<ContractInfoView> &page,
                      std::vector<OptionContract> &chain) const;
    bool empty() const { return m_chain == nullptr || m_chain->empty(); }

private:
    const std::vector<OptionContract> *m_chain = nullptr;
    PositionIndex m_index;
    std::vector<std::size_t> m_hashes; // until index(): the symbols' hashes, a contract each
    const std::vector<OptionContract> *m_hashedChain = nullptr; // the chain m_hashes is of
};

} // namespace cg::alpaca
