// The start-up heap tuning (app/config/heap_tuning.h): after it, memory freed at the heap's top
// stays with the process (up to the pad), so the next chain load reuses it instead of faulting in
// fresh pages. Checked through glibc's own count of the heap (mallinfo2), on glibc builds without
// a sanitizer (which replaces the allocator).

#include "config/heap_tuning.h"

#include <QtTest>

#include <cstdlib>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

// A sanitizer replaces the allocator: glibc's counts say nothing then.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CHAINGATE_OWN_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CHAINGATE_OWN_ALLOCATOR 1
#endif
#endif

class TestHeapTuning : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void freedTopStaysWithTheProcess() {
#if !defined(__GLIBC__) || defined(CHAINGATE_OWN_ALLOCATOR)
        QSKIP("glibc's allocator only");
#else
        // 64 MB in 1 MB blocks (below the mmap threshold: from the heap), touched, then freed
        // from the top down, as a chain's vectors are dropped after the next load.
        const auto heapAfterFreeing = [] {
            std::vector<char *> blocks;
            for (int i = 0; i < 64; ++i) {
                auto *b = static_cast<char *>(std::malloc(1 << 20));
                for (int k = 0; k < (1 << 20); k += 4096)
                    b[k] = 1;
                blocks.push_back(b);
            }
            for (auto it = blocks.rbegin(); it != blocks.rend(); ++it)
                std::free(*it);
            return mallinfo2().arena;
        };
        const std::size_t before = heapAfterFreeing();
        cg::config::tuneHeapForChainLoads();
        const std::size_t after = heapAfterFreeing();
        // glibc's default gives the freed top back (trims above 128 kB); tuned, it is kept.
        QVERIFY2(before < std::size_t{32} << 20,
                 qPrintable(QStringLiteral("default heap kept %1 MB").arg(before >> 20)));
        QVERIFY2(after >= std::size_t{64} << 20,
                 qPrintable(QStringLiteral("tuned heap kept only %1 MB").arg(after >> 20)));
#endif
    }
};

QTEST_APPLESS_MAIN(TestHeapTuning)
#include "tst_heap_tuning.moc"
