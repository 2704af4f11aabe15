#pragma once
// Quote and greeks value types, and the price arithmetic every gate and ticket uses.

#include <chrono>
#include <optional>

namespace cg {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

struct Quote {
    double bid = 0.0;
    double ask = 0.0;
    int bidSize = 0;
    int askSize = 0;
    Timestamp time{};
    bool operator==(const Quote &) const = default;
};

struct Greeks {
    double delta = 0.0;
    double gamma = 0.0;
    double theta = 0.0; // per calendar day, as Alpaca reports it
    double vega = 0.0;  // per 1 volatility point
    double rho = 0.0;   // per 1 rate point
    bool operator==(const Greeks &) const = default;
};

// mid = (bid + ask) / 2
double mid(const Quote &q);
// The mid of a two-sided quote (bid above 0, ask at or above it), the one a position may be
// marked at; empty for a one-sided or crossed quote (no offer: its "mid" is half the bid).
std::optional<double> twoSidedMid(const Quote &q);
// spread % = (ask - bid) / mid x 100; empty when mid is not positive.
std::optional<double> spreadPct(const Quote &q);
// The minimum price increment of an option depends on its class: domain/tick_table.h.
// Nearest multiple of the tick (half away from zero), free of binary noise (2.675 -> 2.68).
double roundToTick(double price, double tick);
// The nearest price on the tick, never under the first tick (under half of it, $0.00, is no
// price): a typed limit or stop put on its tick.
double nearestTickPrice(double price, double tick);

enum class TickRounding {
    Nearest, // half away from zero
    Down,    // never above the price (a buy's passive side)
    Up,      // never below the price (a sell's passive side)
};
// A multiple of the tick in the given direction; a price already on the tick stays (0.30 on a
// $0.05 tick is 0.30 down and up, whatever 0.30 / 0.05 gives in binary).
double roundToTick(double price, double tick, TickRounding how);

} // namespace cg
