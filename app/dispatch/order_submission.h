#pragma once
// Sending an order so that a signal can never produce two: look the client_order_id up first
// (an earlier run may have sent it and crashed), send, and after any error look it up again
// before believing the order was not placed (the answer may have been lost, not the order). After
// an error that is not the broker's refusal (no answer, a timeout, a server error), "not found"
// is not proof either: the request may still arrive, so the order's state is unknown.

#include "broker/broker.h"

#include <functional>
#include <optional>
#include <string>

namespace cg {

struct SubmitOutcome {
    std::optional<Order> order; // the order that exists for this client_order_id
    bool adopted = false;       // found by client_order_id rather than created by this call
    bool unknown = false;       // could not tell whether the order exists (network down)
    Error error;                // why there is no order (when !order)
};

// Why an order must not go out after all (the kill switch pulled meanwhile), or nullopt.
using SendHold = std::function<std::optional<std::string>()>;

// `request.clientOrderId` must be set. The broker must outlive the call; `done` runs once.
// `hold`, when given, is asked at the last moment, just before the order is sent: a reason
// it gives is the outcome's error, and nothing is sent.
void submitOrderOnce(Broker &broker, const OrderRequest &request,
                     std::function<void(SubmitOutcome)> done, SendHold hold = {});

} // namespace cg
