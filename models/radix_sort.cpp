#include "models/radix_sort.h"

#include <algorithm>
#include <array>
#include <bit>
#include <utility>

namespace cg::models {

void radixSortStable(std::vector<KeyedIndex> &items, std::vector<KeyedIndex> &scratch) {
    if (items.size() < 2)
        return;
    constexpr int kBits = 11;
    constexpr std::uint32_t kMask = (1u << kBits) - 1;
    std::uint32_t maxKey = 0;
    for (const KeyedIndex &item : items)
        maxKey = std::max(maxKey, item.key);
    const int passes = (std::bit_width(maxKey) + kBits - 1) / kBits;
    scratch.resize(items.size());
    std::vector<KeyedIndex> *from = &items;
    std::vector<KeyedIndex> *to = &scratch;
    for (int pass = 0; pass < passes; ++pass) {
        const int shift = pass * kBits;
        std::array<std::uint32_t, kMask + 1> offsets{};
        for (const KeyedIndex &item : *from)
            ++offsets[(item.key >> shift) & kMask];
        std::uint32_t sum = 0;
        for (std::uint32_t &o : offsets)
            sum += std::exchange(o, sum);
        KeyedIndex *out = to->data();
        for (const KeyedIndex &item : *from)
            out[offsets[(item.key >> shift) & kMask]++] = item;
        std::swap(from, to);
    }
    if (from != &items)
        items.swap(scratch);
}

} // namespace cg::models
