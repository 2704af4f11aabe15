#pragma once
// Positions of a chain's contracts by OCC symbol, for merging what the contracts endpoint says
// (open interest, multiplier) into the snapshot chain: one flat open-addressing table of
// positions, no node and no string per contract (an unordered_map of 10,000 symbols cost more
// than reading the open interest). The chain must not change while the index is used.

#include "domain/contract.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace cg::alpaca {

class SymbolIndex {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    SymbolIndex() = default;
    explicit SymbolIndex(const std::vector<OptionContract> &chain);

    // The position of `symbol` in the chain (the first, when the chain repeats it), or npos.
    std::size_t find(std::string_view symbol) const;
    bool empty() const { return m_chain == nullptr || m_chain->empty(); }

private:
    const std::vector<OptionContract> *m_chain = nullptr;
    std::vector<std::uint64_t> m_slots; // hash's high half | position + 1; 0 is an empty slot
    std::size_t m_mask = 0;
};

} // namespace cg::alpaca
