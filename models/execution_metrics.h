#pragma once
// Execution quality over a period, from the recorded decisions (the seed's success metrics):
// execution mode distribution (target: 80% or more of decisions placed as orders, ALPACA_PAPER in
// the seed), fill rate of the orders placed, spread at entry (average target under 7%), slippage
// of the fill against the quote mid, and how often each of the five gates passed.
// Pure: the caller reads the rows; nothing here touches the store or the clock.

#include "domain/signal.h"

#include <array>
#include <optional>
#include <vector>

namespace cg::models {

inline constexpr double kTargetOrderSharePct = 80.0;
inline constexpr double kTargetAvgSpreadPct = 7.0;
inline constexpr int kModeCount = 5; // ExecutionMode values

struct GatePassRate {
    int evaluated = 0;
    int passed = 0;
    std::optional<double> pct() const {
        return evaluated > 0 ? std::optional(100.0 * passed / evaluated) : std::nullopt;
    }
};

struct ExecutionMetrics {
    int total = 0;                        // decisions in the period
    std::array<int, kModeCount> modes{};  // by ExecutionMode
    int ordersPlaced = 0;                 // ALPACA_PAPER, ALPACA_LIVE or DEMO
    int decided = 0;                      // total minus REJECTED_BY_USER (the trader's own call)
    int filled = 0;                       // orders with status filled
    int open = 0;                         // orders not final yet
    std::vector<double> entrySpreads;     // spread % of each order at entry, oldest first
    std::vector<double> slippagesPct;     // (fill - mid) / mid %, sign: positive = worse than mid
    std::vector<double> slippagesDollars; // per share, same sign
    std::array<GatePassRate, 5> gates{};  // quote_valid, spread, not_expired, open_interest, volume

    int count(ExecutionMode m) const { return modes[static_cast<size_t>(m)]; }
    // Share of all decisions in the period, %.
    std::optional<double> modeSharePct(ExecutionMode m) const;
    // Orders placed among the decisions the dispatcher made (user rejections left out), %.
    std::optional<double> orderSharePct() const;
    std::optional<double> fillRatePct() const;
    std::optional<double> avgSpreadPct() const;
    std::optional<double> maxSpreadPct() const;
    std::optional<double> avgSlippagePct() const;
    std::optional<double> worstSlippagePct() const; // the largest (most against the trader)
    std::optional<double> avgSlippageDollars() const;
    bool meetsOrderShareTarget() const;
    bool meetsSpreadTarget() const;
};

// The periods the Metrics panel offers. Today is the New York trading day.
enum class MetricsPeriod { Today, Last7Days, Last30Days, AllTime };
// Where the period starts (nullopt: open); it always ends now.
std::optional<Timestamp> periodStart(MetricsPeriod period, Timestamp now);

// Rows whose created_at is in [from, to) (an open end when nullopt), in any order; with
// `source`, only the rows of that source ("manual" or "signal").
ExecutionMetrics computeExecutionMetrics(const std::vector<ExecutionRecord> &rows,
                                         std::optional<Timestamp> from = std::nullopt,
                                         std::optional<Timestamp> to = std::nullopt,
                                         const std::string &source = {});

} // namespace cg::models
