#pragma once
// Invariant checks for the fuzz targets: a broken invariant aborts, which libFuzzer reports as
// a crash and saves the input. Not assert(): the fuzz build may define NDEBUG.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace cg::fuzz {

[[noreturn]] inline void fail(const char *file, int line, const char *what,
                              const std::string &detail) {
    std::fprintf(stderr, "\n%s:%d: invariant broken: %s\n  %s\n", file, line, what, detail.c_str());
    std::abort();
}

// CHAINGATE_FUZZ_STRICT=1 turns the tolerated, already reported divergences (each marked
// "open bug Fn" after corpus/regressions/README.md) back into failures.
inline bool strict() {
    static const bool on = [] {
        const char *v = std::getenv("CHAINGATE_FUZZ_STRICT");
        return v && v[0] == '1';
    }();
    return on;
}

inline bool finite(double x) {
    return std::isfinite(x);
}

// Text for a failure message: non-printable bytes as \xNN, at most 300 characters.
inline std::string shown(std::string_view s) {
    std::string out;
    for (const char c : s.substr(0, 300)) {
        if (c >= 0x20 && c < 0x7f) {
            out += c;
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
            out += buf;
        }
    }
    return s.size() > 300 ? out + "..." : out;
}

} // namespace cg::fuzz

#define CG_FUZZ_CHECK(cond, detail)                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ::cg::fuzz::fail(__FILE__, __LINE__, #cond, detail);                                   \
    } while (false)
