#pragma once
// The vector width the bulk readers step with (JsonCursor's nested skip, an EntryTemplate's runs):
// 32 bytes where the CPU has AVX2 (asked once, at start-up), 16 (SSE2, every x86-64 has it)
// otherwise. Both widths give the same answers; tests turn the wide steps off to check that.
// Internal to the alpaca library.

#include <atomic>

namespace cg::alpaca::detail {

bool cpuHasAvx2();
// Whether the readers take 32-byte steps now: read inline (a call a run cost more than the read).
extern std::atomic<bool> gUseAvx2;
inline bool useAvx2() {
    return gUseAvx2.load(std::memory_order_relaxed);
}
// Turns the 32-byte steps on (where the CPU has AVX2) or off; returns the setting before.
bool setAvx2(bool on);

// For a test's scope: the setting given, the one before restored at its end.
class Avx2Setting {
public:
    explicit Avx2Setting(bool on)
        : m_before(setAvx2(on)) {}
    ~Avx2Setting() { setAvx2(m_before); }
    Avx2Setting(const Avx2Setting &) = delete;
    Avx2Setting &operator=(const Avx2Setting &) = delete;

private:
    bool m_before;
};

} // namespace cg::alpaca::detail
