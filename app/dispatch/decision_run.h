#pragma once
// What every decision in flight does the same way, the signal's (decision_pipeline.cpp) and the
// trader's by hand (manual_order.cpp): it ends once, either with an order proposed or as a
// fallback with its reason; a decision that could not be made (data unavailable) is a fallback
// whose reason is also its error; and its first step, the live underlying price, is refused the
// same way when unreadable or unusable.

#include "broker/market_data.h"
#include "dispatch/decision.h"
#include "dispatch/decision_pipeline.h"

#include <string>

namespace cg {

class DecisionRun {
protected:
    explicit DecisionRun(DecisionCallback done)
        : m_done(std::move(done)) {}

    void finish() { m_done(std::move(m_d)); }
    // No order: recorded as SIMULATED_FALLBACK with the reason.
    void fallback(std::string reason);
    // The decision could not be made: recorded as a fallback, and the signal fails.
    void failed(std::string what);
    // The live price of `symbol` into the decision. False when it is unreadable or not a
    // positive finite number: the run has then failed (and finished).
    bool takePrice(const std::string &symbol, const Result<UnderlyingPrice> &r);
    // The account step (dispatch/account_step.h) on the broker's answer. False when the account
    // is unreadable (the run has failed) or blocked from trading (a fallback): the run has ended.
    bool takeAccount(const Result<Account> &r);

    Decision m_d;

private:
    DecisionCallback m_done;
};

} // namespace cg
