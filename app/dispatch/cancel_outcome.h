#pragma once
// What became of a cancel (DELETE /v2/orders/{id}), its answer checked against the order as
// Alpaca has it now. The transport retries a DELETE whose answer is lost, and the retry meets
// 422 "order is not cancelable" when the first one cancelled it: taken as it came, a cancelled
// order was reported "not cancelled". The Orders dock, Cancel all and the kill switch read it so.

#include "broker/broker.h"

#include <functional>
#include <optional>
#include <string>

namespace cg {

struct CancelOutcome {
    bool cancelled = false;     // cancelled (or pending_cancel) at Alpaca
    std::string finishedAs;     // not cancelled: it finished otherwise first ("filled")
    std::optional<Error> error; // neither: still working, or not known
};

// `answer` as the broker gave it; on an error the order is read again before `then` is called
// (once).
void settleCancel(Broker &broker, const std::string &orderId, Result<Unit> answer,
                  std::function<void(CancelOutcome)> then);

} // namespace cg
