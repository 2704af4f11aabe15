#include "alpaca/simd_width.h"

#include <atomic>

namespace cg::alpaca::detail {

bool cpuHasAvx2() {
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init(); // may run before main (gAvx2's initializer)
    return __builtin_cpu_supports("avx2") != 0;
#else
    return false;
#endif
}

namespace {
std::atomic<bool> gAvx2{cpuHasAvx2()};
} // namespace

bool useAvx2() {
    return gAvx2.load(std::memory_order_relaxed);
}

bool setAvx2(bool on) {
    return gAvx2.exchange(on && cpuHasAvx2(), std::memory_order_relaxed);
}

} // namespace cg::alpaca::detail
