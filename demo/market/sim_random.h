#pragma once
// Deterministic randomness for the simulated market. Everything derives from one seed so a run
// can be replayed: a stream generator for the random walk, and stable hashes for per-contract
// traits (so a contract keeps its open interest however often its chain is rebuilt).

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string_view>

namespace cg::market {

constexpr std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// FNV-1a mixed through splitmix64: stable across runs and platforms.
constexpr std::uint64_t stableHash(std::string_view s, std::uint64_t seed) {
    std::uint64_t h = 0xCBF29CE484222325ULL ^ splitmix64(seed);
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ULL;
    }
    return splitmix64(h);
}

// [0, 1) from 53 bits of a hash.
constexpr double unitInterval(std::uint64_t h) {
    return static_cast<double>(h >> 11) * 0x1.0p-53;
}

// A small seeded generator (splitmix64 stream). std::normal_distribution is not specified
// bit-for-bit across standard libraries, so the normal variate is computed here.
class SimRandom {
public:
    explicit SimRandom(std::uint64_t seed)
        : m_state(seed) {}

    std::uint64_t next() {
        m_state += 0x9E3779B97F4A7C15ULL;
        return splitmix64(m_state);
    }
    double uniform() { return unitInterval(next()); }
    double normal() {
        // Box-Muller; 1 - u keeps the logarithm finite.
        const double u1 = 1.0 - uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }

private:
    std::uint64_t m_state;
};

} // namespace cg::market

#include <string>

namespace cg::market {

// A version-4-shaped UUID built from two 64-bit values (ids must look like Alpaca's).
inline std::string formatUuid(std::uint64_t hi, std::uint64_t lo) {
    hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    const auto put = [&](std::uint64_t v, int nibbles) {
        for (int i = nibbles - 1; i >= 0; --i)
            out += hex[(v >> (4 * i)) & 0xF];
    };
    put(hi >> 32, 8);
    out += '-';
    put(hi >> 16, 4);
    out += '-';
    put(hi, 4);
    out += '-';
    put(lo >> 48, 4);
    out += '-';
    put(lo, 12);
    return out;
}

} // namespace cg::market
