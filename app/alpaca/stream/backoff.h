#pragma once
// Reconnect delays: base x 2^attempt up to max, optionally with "equal jitter" (half fixed, half
// random) so that many consoles dropped at once do not reconnect in step.

#include <chrono>
#include <string>

namespace cg::alpaca::stream {

struct Backoff {
    std::chrono::milliseconds base{500};
    std::chrono::milliseconds max{30'000};
    bool jitter = true;

    // attempt 0 is the first retry; random01 in [0, 1) is only used with jitter.
    std::chrono::milliseconds delay(int attempt, double random01) const;
};

// "0.5 s", "4 s", "30 s": for status lines.
std::string secondsText(std::chrono::milliseconds d);

} // namespace cg::alpaca::stream
