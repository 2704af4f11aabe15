#pragma once
// A dispatcher over in-process fakes and a real SQLite execution store in memory, on the
// seed's day with a fixed clock.

#include "dispatch/dispatcher.h"
#include "storage/execution_store.h"
#include "support/fake_broker.h"
#include "support/fake_market_data.h"
#include "support/scenario.h"

#include <QTest>

#include <functional>
#include <memory>

namespace cg::test {

struct DispatchFixture {
    FakeMarketData md;
    FakeBroker broker;
    FixedClock clock{seedNow()};
    ExecutionStore store;
    std::unique_ptr<Dispatcher> dispatcher;

    // `beforeOpen` sets the store up (busy timeout, outbox) before it opens.
    explicit DispatchFixture(const QString &dbUrl = QStringLiteral("sqlite::memory:"),
                             const std::function<void(ExecutionStore &)> &beforeOpen = {}) {
        md.prices["SPY"] = kSeedSpot;
        md.contracts = seedChain();
        broker.now = clock.now();
        if (beforeOpen)
            beforeOpen(store);
        const auto opened = store.open(dbUrl);
        if (!opened)
            qFatal("store: %s", opened.error().message.c_str());
        makeDispatcher();
    }

    void makeDispatcher(ExecutionMode mode = ExecutionMode::AlpacaPaper) {
        dispatcher.reset();
        dispatcher = std::make_unique<Dispatcher>(broker, md, store, clock, mode);
        DispatcherSettings s;
        s.orderPollIntervalMs = 10;
        dispatcher->setSettings(s);
    }

    Signal addSignal(const std::string &symbol, SignalAction action,
                     Strategy strategy = Strategy::DayTrade) {
        Signal s;
        s.symbol = symbol;
        s.action = action;
        s.strategy = strategy;
        s.source = "test";
        s.createdAt = clock.now();
        auto id = store.signals().enqueue(s);
        if (!id)
            qFatal("addSignal: %s", id.error().message.c_str());
        s.id = *id;
        return s;
    }

    Decision dispatch(const Signal &s, bool dryRun = false) {
        bool done = false;
        Decision out;
        dispatcher->dispatch(s, DispatchOptions{dryRun}, [&](Decision d) {
            out = std::move(d);
            done = true;
        });
        if (!waitFor([&] { return done; }))
            qFatal("dispatch never answered");
        return out;
    }

    std::vector<ExecutionRecord> records() {
        ExecutionFilter f;
        f.limit = 1000;
        auto r = store.records().executions(f);
        if (!r)
            qFatal("executions: %s", r.error().message.c_str());
        return *r;
    }
};

} // namespace cg::test
