#include "dispatch/order_submission.h"

#include "dispatch/crash_point.h"
#include "dispatch/log.h"

#include <memory>

namespace cg {

namespace {

bool notFound(const Error &e) {
    return e.httpStatus == 404;
}

// The broker refused the order (a 4xx answer, rate limit included, other than a request
// timeout): it was not placed. Anything else (no answer, 408, 5xx) may have been placed, or may
// still be.
// "client_order_id must be unique" is no refusal: an order with that id exists (a re-sent POST
// whose first try arrived), even while a look-up cannot find it yet.
bool refusal(const Error &e) {
    return e.httpStatus >= 400 && e.httpStatus < 500 && e.httpStatus != 408 &&
           e.message.find("client_order_id must be unique") == std::string::npos;
}

// After a failed submit: does the order exist anyway?
void confirmAfterError(Broker &broker, const OrderRequest &request, Error submitError,
                       std::function<void(SubmitOutcome)> done) {
    broker.orderByClientId(request.clientOrderId, [request, submitError,
                                                   done = std::move(done)](Result<Order> found) {
        SubmitOutcome out;
        if (found) {
            qCInfo(lcDispatch).noquote() << "order" << QString::fromStdString(request.clientOrderId)
                                         << "exists although submitting answered:"
                                         << QString::fromStdString(submitError.message);
            out.order = found.value();
            out.adopted = true;
        } else if (notFound(found.error()) && refusal(submitError)) {
            out.error = submitError;
        } else if (notFound(found.error())) {
            out.unknown = true;
            out.error = Error::make("Order state unknown after \"" + submitError.message +
                                    "\": no order with client order id " + request.clientOrderId +
                                    " yet, and the request may still arrive");
        } else {
            out.unknown = true;
            out.error = Error::make("Order state unknown after \"" + submitError.message +
                                    "\"; checking again by client order id " +
                                    request.clientOrderId + " failed: " + found.error().message);
        }
        done(std::move(out));
    });
}

} // namespace

void submitOrderOnce(Broker &broker, const OrderRequest &request,
                     std::function<void(SubmitOutcome)> done, SendHold hold) {
    if (request.clientOrderId.empty()) {
        SubmitOutcome out;
        out.error = Error::make("Internal error: an order without a client order id is never sent");
        done(std::move(out));
        return;
    }
    Broker *b = &broker;
    broker.orderByClientId(request.clientOrderId, [b, request, done = std::move(done),
                                                   hold = std::move(hold)](
                                                      Result<Order> existing) mutable {
        if (existing) {
            SubmitOutcome out;
            out.adopted = true;
            // The order sent before a crash is what exists, even when this (later) decision
            // would pick another contract: it is adopted, never doubled, never left unrecorded.
            if (existing->symbol != request.symbol)
                qCWarning(lcDispatch).noquote()
                    << "client order id" << QString::fromStdString(request.clientOrderId)
                    << "already has an order for" << QString::fromStdString(existing->symbol)
                    << "(this decision chose" << QString::fromStdString(request.symbol)
                    << "); adopting that order";
            out.order = existing.value();
            done(std::move(out));
            return;
        }
        if (!notFound(existing.error())) {
            // Unable to check: sending blind could duplicate, so nothing is sent.
            SubmitOutcome out;
            out.error =
                Error::make("Could not check for an earlier order " + request.clientOrderId + ": " +
                            existing.error().message + "; no order sent");
            done(std::move(out));
            return;
        }
        if (std::optional<std::string> why = hold ? hold() : std::nullopt) {
            SubmitOutcome out;
            out.error = Error::make(*why + "; no order sent");
            done(std::move(out));
            return;
        }
        crashPoint("before_submit");
        crashPointSoon("after_submit_sent", 20);
        b->submitOrder(request, [b, request, done = std::move(done)](Result<Order> sent) mutable {
            crashPoint("after_order_answer");
            crashPoint("after_submit_sent"); // the answer beat the timer: still before it is read
            if (sent) {
                SubmitOutcome out;
                out.order = sent.value();
                done(std::move(out));
                return;
            }
            confirmAfterError(*b, request, sent.error(), std::move(done));
        });
    });
}

} // namespace cg
