#pragma once
// Where the trading engine's store calls run. The window gives the engine its StoreWorker: the
// calls run on that worker's thread and connection, so a database that stops answering holds the
// worker, never the event loop. The CLI, the service and the tests run them at once on the
// caller's thread (InlineStoreRunner), exactly as before. Jobs run in the order they are posted
// (completions and order updates stay in order); each answer comes back on the caller's thread.

#include "domain/result.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <utility>

namespace cg {

class ExecutionStore;

class StoreRunner {
public:
    // `job` runs on the runner's store and returns what to do on the caller's thread (skipped
    // when `context`, an object of that thread, is gone by then).
    using Job = std::function<std::function<void()>(ExecutionStore &)>;

    virtual ~StoreRunner() = default;
    virtual void post(Job job, QObject *context) = 0;
    // False once the database is known not to answer: a caller that must not queue behind a
    // stuck job (an order's intent) refuses at once instead.
    virtual bool reachable() const { return true; }

    // `job`'s answer goes to `done` on the caller's thread.
    template <typename T>
    void run(std::function<Result<T>(ExecutionStore &)> job, QObject *context,
             std::function<void(Result<T>)> done) {
        post(
            [job = std::move(job),
             done = std::move(done)](ExecutionStore &s) mutable -> std::function<void()> {
                auto answer = std::make_shared<Result<T>>(job(s));
                return [answer, done] {
                    if (done)
                        done(std::move(*answer));
                };
            },
            context);
    }
};

// Runs each job at once on the caller's thread, on the caller's store.
class InlineStoreRunner final : public StoreRunner {
public:
    explicit InlineStoreRunner(ExecutionStore &store)
        : m_store(store) {}
    void post(Job job, QObject *context) override {
        const QPointer<QObject> ctx(context);
        const std::function<void()> answer = job(m_store);
        if (answer && (!context || ctx))
            answer();
    }

private:
    ExecutionStore &m_store;
};

} // namespace cg
