// How long a 10,000-contract option chain (10 pages of 1000, Alpaca's format) takes to parse and
// map to cg::OptionContract: the JSON cursor (production) against simdjson DOM and QJsonDocument.
// Prints figures; not a pass/fail test. Build with -DCMAKE_BUILD_TYPE=Release for meaningful
// numbers.

#include "alpaca/chain_parser.h"
#include "support/chain_page_generator.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

#include <time.h>

namespace {

using Parser = std::function<cg::Result<cg::alpaca::ChainPageInfo>(
    std::string_view, std::string_view, std::vector<cg::OptionContract> &)>;

struct Figures {
    double medianMs = 0;    // wall clock
    double bestMs = 0;      // wall clock
    double medianCpuMs = 0; // this thread's CPU time: honest on a loaded machine
    std::size_t contracts = 0;
};

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

Figures run(const Parser &parse, const cg::testing::GeneratedChain &chain, int rounds) {
    std::vector<double> ms, cpu;
    Figures f;
    for (int r = 0; r < rounds; ++r) {
        std::vector<cg::OptionContract> out;
        const double c0 = threadCpuMs();
        const auto t0 = std::chrono::steady_clock::now();
        for (const std::string &page : chain.pages) {
            auto info = parse(page, "SPY", out);
            if (!info) {
                std::fprintf(stderr, "parse failed: %s\n", info.error().message.c_str());
                std::exit(1);
            }
        }
        const auto t1 = std::chrono::steady_clock::now();
        cpu.push_back(threadCpuMs() - c0);
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        f.contracts = out.size();
    }
    std::sort(ms.begin(), ms.end());
    std::sort(cpu.begin(), cpu.end());
    f.medianCpuMs = cpu[cpu.size() / 2];
    f.medianMs = ms[ms.size() / 2];
    f.bestMs = ms.front();
    return f;
}

} // namespace

int main(int argc, char **argv) {
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 30;
    const auto chain = cg::testing::generateChainPages(10, 1000);
    std::printf("bench_chain_parse: %d contracts in %zu pages, %.2f MB of JSON, %d rounds\n",
                chain.contracts, chain.pages.size(), static_cast<double>(chain.bytes) / 1e6,
                rounds);
    const Figures cursor = run(cg::alpaca::parseChainPageCursor, chain, rounds);
    const Figures simd = run(cg::alpaca::parseChainPageSimdjson, chain, rounds);
    const Figures qt = run(cg::alpaca::parseChainPageQt, chain, rounds);
    const double scale = 10000.0 / static_cast<double>(chain.contracts);
    const auto line = [&](const char *name, const Figures &f) {
        std::printf("  %-14s %8.2f ms CPU per 10,000 contracts (median), wall %.2f ms median / "
                    "%.2f ms best, %6.0f MB/s (CPU), %zu contracts mapped\n",
                    name, f.medianCpuMs * scale, f.medianMs * scale, f.bestMs * scale,
                    static_cast<double>(chain.bytes) / 1e3 / f.medianCpuMs, f.contracts);
    };
    line("cursor", cursor);
    line("simdjson DOM", simd);
    line("QJsonDocument", qt);
    std::printf("  the cursor (production) is %.1fx faster than simdjson DOM, %.1fx faster than "
                "QJsonDocument\n",
                simd.medianCpuMs / cursor.medianCpuMs, qt.medianCpuMs / cursor.medianCpuMs);
    return 0;
}
