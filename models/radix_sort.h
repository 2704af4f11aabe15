#pragma once
// A stable sort of (key, index) pairs by key in linear time: least significant digit first, 11
// bits a pass, only as many passes as the largest key has digits (two for a chain's strikes in
// thousandths of a dollar). A comparison sort of 100,000 rows is n log n: 17 comparisons a row
// against 13 at 10,000, so the chain model's load grew faster than the chain.

#include <cstdint>
#include <vector>

namespace cg::models {

struct KeyedIndex {
    std::uint32_t key = 0;
    std::uint32_t index = 0;
};

// Sorts `items` by key; equal keys keep their order. `scratch` is a buffer the caller may keep
// between calls (resized as needed).
void radixSortStable(std::vector<KeyedIndex> &items, std::vector<KeyedIndex> &scratch);

} // namespace cg::models
