#pragma once
// A stock's price bars for the bars endpoint: the sessions before the market started are
// synthesized backward from its starting price and previous close (seeded, so the same start
// gives the same history), and the session minutes the market walks after that are recorded as
// they happen. So the last bar closes at the price the snapshot shows, and yesterday's daily bar
// closes at the previous close.

#include "domain/quote.h"
#include "market/sim_contract.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cg::market {

struct BarTimeframe {
    enum class Unit { Minute, Hour, Day, Week, Month };
    int amount = 1;
    Unit unit = Unit::Minute;
    bool operator==(const BarTimeframe &) const = default;
};

// Alpaca's forms: [1-59]Min or T, [1-23]Hour or H, 1Day or D, 1Week or W, [1,2,3,4,6,12]Month
// or M ("5Min", "1D", "3Month"). Empty when not one of them.
std::optional<BarTimeframe> parseBarTimeframe(std::string_view text);

class StockTape {
public:
    struct Anchor {
        std::string symbol;
        std::uint64_t seed = 0;
        double vol = 0.25;            // annualised, shapes the synthesized walk
        std::int64_t shareVolume = 0; // a full session's volume
        Timestamp start{};            // when the market started
        double startPrice = 0.0;      // its last trade then
        double prevClose = 0.0;       // the session before start's close
    };

    StockTape() = default;
    explicit StockTape(Anchor anchor);

    // The market walked from `before` to `after` at `now` (recorded within regular sessions).
    void record(Timestamp now, double before, double after);
    // Bars whose start lies in [from, to], oldest first, aggregated to the timeframe (daily and
    // longer stamped at New York midnight, as Alpaca does). History goes back at most
    // kMaxHistorySessions sessions before the start.
    std::vector<SimBar> bars(BarTimeframe tf, Timestamp from, Timestamp to) const;

    static constexpr int kMaxHistorySessions = 1300; // about five years

private:
    // Minute bars of the sessions overlapping [from, to], oldest first.
    std::vector<SimBar> minuteBars(Timestamp from, Timestamp to) const;
    void appendSynthesized(std::vector<SimBar> &out, Timestamp from, Timestamp to) const;
    SimBar minuteBar(Timestamp t, int minuteOfSession, double open, double close) const;

    Anchor m_a;
    std::map<std::int64_t, SimBar> m_recorded; // by epoch minute
};

} // namespace cg::market
