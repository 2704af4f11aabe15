#pragma once
// Runs an asynchronous client call to completion in a local event loop (tests only).

#include "domain/result.h"

#include <QEventLoop>
#include <QTimer>

#include <memory>
#include <optional>

namespace cg::testing {

template <class T, class Call> Result<T> awaitResult(Call &&call, int timeoutMs = 180000) {
    struct State {
        std::optional<Result<T>> result;
        int answers = 0;
        QEventLoop loop;
    };
    auto state = std::make_shared<State>();
    std::weak_ptr<State> weak = state;
    call([weak](Result<T> r) {
        if (auto s = weak.lock()) {
            ++s->answers;
            if (!s->result)
                s->result.emplace(std::move(r));
            s->loop.quit();
        }
    });
    if (!state->result) {
        QTimer::singleShot(timeoutMs, &state->loop, &QEventLoop::quit);
        state->loop.exec();
    }
    if (!state->result)
        return Error::make("test: no answer within " + std::to_string(timeoutMs) + " ms");
    return std::move(*state->result);
}

} // namespace cg::testing
