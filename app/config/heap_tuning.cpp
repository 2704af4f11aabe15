#include "config/heap_tuning.h"

#include <cstdlib> // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace cg::config {

void tuneHeapForChainLoads() {
#if defined(__GLIBC__)
    mallopt(M_TOP_PAD, 128 * 1024 * 1024);
#endif
}

} // namespace cg::config
