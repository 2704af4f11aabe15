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
    // use, every large vector the top could not hold was mapped on its own. 64 MB: twice a
    // 100k-contract chain's largest vector (27-31 MB), so a larger chain stays in the heap too.
    mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
#endif
}

} // namespace cg::config
