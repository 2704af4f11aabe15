#pragma once
// Pushed option quotes (Alpaca's options market-data stream, or anything that imitates it).
// Callbacks run on the thread that owns the stream (its event loop). Implementations reconnect
// by themselves with backoff and resubscribe; they report their health so that the window can
// show it and fall back to polling snapshots while the stream is not Live.

#include "domain/account.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cg {

struct OptionQuoteTick {
    std::string symbol; // OCC symbol, e.g. SPY260130C00708000
    double bid = 0.0;
    double ask = 0.0;
    std::uint32_t bidSize = 0;
    std::uint32_t askSize = 0;
    Timestamp time{};
};

struct OptionTradeTick {
    std::string symbol;
    double price = 0.0;
    std::uint32_t size = 0;
    Timestamp time{};
};

enum class StreamHealth {
    Off,          // not started, or stopped on purpose
    Connecting,   // first connection or handshake in progress
    Live,         // authenticated, subscribed, messages arriving (or quiet within the watchdog)
    Silent,       // connected but nothing arrived within the watchdog period: poll instead
    Reconnecting, // dropped; the next attempt is scheduled with backoff
    Failed,       // will not retry by itself (auth failed, feed not permitted); detail says why
};

struct StreamStatus {
    StreamHealth health = StreamHealth::Off;
    std::string detail; // trader-readable: "Reconnecting in 4 s (connection closed)"
};

class QuoteStream {
public:
    virtual ~QuoteStream() = default;

    // Quotes arrive in batches (one per frame) so that consumers can coalesce them.
    std::function<void(const std::vector<OptionQuoteTick> &)> onQuotes;
    std::function<void(const std::vector<OptionTradeTick> &)> onTrades;
    std::function<void(const StreamStatus &)> onStatus;

    virtual void start() = 0;
    virtual void stop() = 0;
    // Replaces the subscription (quotes and trades). Symbols beyond symbolLimit() are dropped
    // and reported through onStatus' detail, never silently.
    virtual void setSymbols(const std::vector<std::string> &symbols) = 0;
    virtual int symbolLimit() const = 0;
    virtual StreamStatus status() const = 0;
};

} // namespace cg
