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

    // A block larger than the heap's free top, as a 100,000-contract chain's vectors (27-31 MB)
    // once the heap is in use: glibc serves a request it cannot fit above its mmap threshold with
    // fresh pages, which a reload then faults in and zeroes again (the 100k load went from 53 to
    // 69 ms after smaller loads had used the heap). Tuned, the heap grows for it instead, and
    // keeps it when it is freed.
    void largeBlocksComeFromTheHeap() {
#if !defined(__GLIBC__) || defined(CHAINGATE_OWN_ALLOCATOR)
        QSKIP("glibc's allocator only");
#else
        cg::config::tuneHeapForChainLoads();
        // 64 kB blocks (each from the heap) until the heap has less room free than the block.
        constexpr std::size_t kBlock = std::size_t{48} << 20; // a 150k-contract chain's
        std::vector<void *> used;
        while (mallinfo2().fordblks >= kBlock && used.size() < 100000)
            used.push_back(std::malloc(64 << 10));
        const std::size_t mappedBefore = mallinfo2().hblkhd;
        auto *volatile block = static_cast<char *>(std::malloc(kBlock)); // volatile: kept
        const std::size_t mapped = mallinfo2().hblkhd - mappedBefore;
        std::free(block);
        for (void *b : used)
            std::free(b);
        QVERIFY2(mapped == 0, qPrintable(QStringLiteral("a 48 MB block was mapped on its own "
                                                        "(%1 MB of fresh pages)")
                                             .arg(mapped >> 20)));
#endif
    }
};

QTEST_APPLESS_MAIN(TestHeapTuning)
#include "tst_heap_tuning.moc"
