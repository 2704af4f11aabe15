#include "domain/vector_registers.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

namespace cg {

namespace {
// Compiled for AVX on its own: the rest of the program stays baseline x86-64.
[[gnu::target("avx")]] void zeroUpper() {
    _mm256_zeroupper();
}
} // namespace

void clearUpperVectorRegisters() {
    static const bool hasAvx = [] {
        __builtin_cpu_init(); // may run before the library's own detection did
        return __builtin_cpu_supports("avx") != 0;
    }();
    if (hasAvx)
        zeroUpper();
}

} // namespace cg

#else

namespace cg {
void clearUpperVectorRegisters() {}
} // namespace cg

#endif
