#include "alpaca/simd_width.h"

#include <atomic>

namespace cg::alpaca::detail {

bool cpuHasAvx2() {
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init(); // may run before main (gUseAvx2's initializer)
    return __builtin_cpu_supports("avx2") != 0;
#else
    return false;
#endif
}

std::atomic<bool> gUseAvx2{cpuHasAvx2()};

bool setAvx2(bool on) {
    return gUseAvx2.exchange(on && cpuHasAvx2(), std::memory_order_relaxed);
}

} // namespace cg::alpaca::detail
