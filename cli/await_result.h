#pragma once
// Runs one asynchronous engine call to completion in a local event loop: commands are one-shot.

#include "domain/result.h"

#include <QEventLoop>
#include <QTimer>

#include <memory>
#include <optional>

namespace cg::cli {

// `call(done)` must call done exactly once (the engine's contract). The guard only protects
// against a broken implementation; every request already has its own timeout.
template <class T, class Call> Result<T> awaitResult(Call &&call, int guardMs = 10 * 60 * 1000) {
    struct State {
        std::optional<Result<T>> result;
        QEventLoop loop;
    };
    auto state = std::make_shared<State>();
    std::weak_ptr<State> weak = state;
    call([weak](Result<T> r) {
        if (auto s = weak.lock()) {
            if (!s->result)
                s->result.emplace(std::move(r));
            s->loop.quit();
        }
    });
    if (!state->result) {
        QTimer::singleShot(guardMs, &state->loop, &QEventLoop::quit);
        state->loop.exec();
    }
    if (!state->result)
        return Error::make("no answer from the engine (internal error)");
    return std::move(*state->result);
}

} // namespace cg::cli
