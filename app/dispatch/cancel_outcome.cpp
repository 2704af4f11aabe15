#include "dispatch/cancel_outcome.h"

namespace cg {

void settleCancel(Broker &broker, const std::string &orderId, Result<Unit> answer,
                  std::function<void(CancelOutcome)> then) {
    if (answer)
        return then(CancelOutcome{true, {}, std::nullopt});
    broker.order(orderId, [answer, then](Result<Order> now) {
        CancelOutcome out;
        if (now && (now->status == "canceled" || now->status == "pending_cancel"))
            out.cancelled = true;
        else if (now && isFinalOrderStatus(now->status))
            out.finishedAs = now->status;
        else
            out.error = answer.error();
        then(std::move(out));
    });
}

} // namespace cg
