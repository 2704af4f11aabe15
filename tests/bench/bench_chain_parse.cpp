// How long a 10,000-contract option chain (10 pages of 1000, Alpaca's format) takes to parse and
// map to cg::OptionContract: simdjson (production) against QJsonDocument. Prints figures; not a
// pass/fail test. Build with -DCMAKE_BUILD_TYPE=Release for meaningful numbers.

#include "alpaca/chain_parser.h"
#include "bench/chain_page_generator.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

namespace {

using Parser = std::function<cg::Result<cg::alpaca::ChainPageInfo>(
    std::string_view, std::string_view, std::vector<cg::OptionContract> &)>;

struct Figures {
    double medianMs = 0;
    double bestMs = 0;
    std::size_t contracts = 0;
};

Figures run(const Parser &parse, const cg::testing::GeneratedChain &chain, int rounds) {
    std::vector<double> ms;
    Figures f;
    for (int r = 0; r < rounds; ++r) {
        std::vector<cg::OptionContract> out;
        const auto t0 = std::chrono::steady_clock::now();
        for (const std::string &page : chain.pages) {
            auto info = parse(page, "SPY", out);
            if (!info) {
                std::fprintf(stderr, "parse failed: %s\n", info.error().message.c_str());
                std::exit(1);
            }
        }
        const auto t1 = std::chrono::steady_clock::now();
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        f.contracts = out.size();
    }
    std::sort(ms.begin(), ms.end());
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
    const Figures simd = run(cg::alpaca::parseChainPageSimdjson, chain, rounds);
    const Figures qt = run(cg::alpaca::parseChainPageQt, chain, rounds);
    const auto line = [&](const char *name, const Figures &f) {
        std::printf("  %-14s %8.2f ms per 10,000 contracts (median; best %.2f ms), %7.0f MB/s, "
                    "%zu contracts mapped\n",
                    name, f.medianMs * 10000.0 / static_cast<double>(chain.contracts),
                    f.bestMs * 10000.0 / static_cast<double>(chain.contracts),
                    static_cast<double>(chain.bytes) / 1e3 / f.medianMs, f.contracts);
    };
    line("simdjson", simd);
    line("QJsonDocument", qt);
    std::printf("  simdjson is %.1fx faster (production parser: %s)\n", qt.medianMs / simd.medianMs,
                "simdjson");
    return 0;
}
