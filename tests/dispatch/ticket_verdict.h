#pragma once
// A ticket confirmed and its verdict waited for (send, hold or refuse, with the reason).

#include "dispatch/confirmation_queue.h"
#include "support/scenario.h"

#include <QTest>

namespace cg::test {

inline TicketVerdict confirmVerdict(ConfirmationQueue &q, int id, TicketChanges c = {}) {
    bool done = false;
    TicketVerdict out;
    q.confirm(id, c, [&](TicketVerdict v) {
        out = std::move(v);
        done = true;
    });
    if (!waitFor([&] { return done; }))
        qFatal("confirm never answered");
    return out;
}

} // namespace cg::test
