#include "dispatch/decision_run.h"

#include "dispatch/account_step.h"
#include "domain/number_format.h"

#include <cmath>

namespace cg {

void DecisionRun::fallback(std::string reason) {
    m_d.mode = ExecutionMode::SimulatedFallback;
    m_d.fallbackReason = std::move(reason);
    m_d.order.reset();
    finish();
}

void DecisionRun::failed(std::string what) {
    m_d.error = what;
    fallback(std::move(what));
}

bool DecisionRun::takePrice(const std::string &symbol, const Result<UnderlyingPrice> &r) {
    if (!r) {
        failed(couldNotRead("the price of " + symbol, r.error()));
        return false;
    }
    if (!std::isfinite(r->price) || !(r->price > 0.0)) {
        failed("The price of " + symbol + " is not valid (" + formatPrice(r->price) + ")");
        return false;
    }
    m_d.underlyingPrice = r->price;
    m_d.underlyingTime = r->time;
    return true;
}

bool DecisionRun::takeAccount(const Result<Account> &r) {
    if (!r) {
        failed(couldNotRead("the account", r.error()));
        return false;
    }
    if (auto refusal = noteAccount(m_d, *r)) {
        fallback(std::move(*refusal));
        return false;
    }
    return true;
}

} // namespace cg
