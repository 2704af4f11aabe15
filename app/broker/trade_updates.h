#pragma once
// Pushed order events (Alpaca's trade_updates stream). Callbacks run on the owning thread.

#include "broker/quote_stream.h"
#include "domain/account.h"

#include <functional>
#include <optional>
#include <string>

namespace cg {

struct TradeUpdate {
    std::string event; // new, fill, partial_fill, canceled, expired, rejected, replaced, ...
    Order order;       // the order as of this event (status, filled_qty, filled_avg_price, ...)
    std::optional<double> price;       // fill / partial_fill: average price of the fill
    std::optional<double> qty;         // fill / partial_fill: quantity of this event
    std::optional<double> positionQty; // fill / partial_fill: position after the event
    std::optional<Timestamp> timestamp;
    std::string executionId;
};

// `then` runs after what `slot` held: several listeners on one stream (the order tracker, the
// docks' refresher), each attached after the ones before it.
template <typename... Args>
void runAfter(std::function<void(Args...)> &slot, std::function<void(Args...)> then) {
    slot = [before = std::move(slot), then = std::move(then)](Args... args) {
        if (before)
            before(args...);
        then(args...);
    };
}

class TradeUpdates {
public:
    virtual ~TradeUpdates() = default;

    std::function<void(const TradeUpdate &)> onUpdate;
    std::function<void(const StreamStatus &)> onStatus;
    // An event that could not be read (what it said is lost): ask the broker instead.
    std::function<void(const std::string &why)> onUnreadable;

    virtual void start() = 0;
    virtual void stop() = 0;
    virtual StreamStatus status() const = 0;
};

} // namespace cg
