#include "config/heap_tuning.h"

#include <cstdlib> // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace cg::config {

void tuneHeapForChainLoads() {
#if defined(__GLIBC__)
    mallopt(M_TOP_PAD, 128 * 1024 * 1024);
    // Setting the pad also fixes the mmap threshold at its 128 kB start: once the heap was in
    // use, every large vector the top could not hold was mapped on its own. The most glibc
    // allows (32 MB on 64-bit) keeps a 100k-contract chain's vectors (27-31 MB) in the heap.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
#endif
}

} // namespace cg::config
