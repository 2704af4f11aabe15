#pragma once
// A TradeUpdates the test drives by hand: push() delivers an event, setHealth() a status change,
// both synchronously, as a stream's socket callback would.

#include "broker/trade_updates.h"

namespace cg::test {

class FakeTradeUpdates : public TradeUpdates {
public:
    StreamStatus current{StreamHealth::Live, {}};
    bool started = false;

    void start() override { started = true; }
    void stop() override { started = false; }
    StreamStatus status() const override { return current; }

    void setHealth(StreamHealth h) {
        current.health = h;
        if (onStatus)
            onStatus(current);
    }
    // An event the client could not read.
    void pushUnreadable(const std::string &why) {
        if (onUnreadable)
            onUnreadable(why);
    }
    void push(const std::string &event, Order order, std::optional<double> price = std::nullopt) {
        TradeUpdate u;
        u.event = event;
        u.order = std::move(order);
        u.price = price;
        if (onUpdate)
            onUpdate(u);
    }
};

} // namespace cg::test
