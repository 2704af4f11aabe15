#pragma once
// What holds a replace of a working order (the Orders dock, PATCH /v2/orders/{id}) before it is
// sent, as a new order is held at its ticket: a multi-leg order (Alpaca refuses to replace one),
// the per-order limits of an opening order, the option's tick, and the fat-finger precaution
// against the live quote, which alone the trader may override (a deliberate second step).
// Pure: the session reads the order and the quote, this judges them.

#include "dispatch/dispatcher_settings.h"
#include "dispatch/risk_limits.h"
#include "domain/account.h"
#include "domain/quote.h"

#include <optional>
#include <string>

namespace cg {

// Error::code of a refusal the trader may override (the precaution): replace again with the
// override ticked.
inline constexpr long long kReplaceOverridable = 1;

struct ReplaceCheckInput {
    Order order;                     // as Alpaca has it now
    int qty = 0;                     // after the replace
    std::optional<double> limit;     // after the replace
    bool limitChanged = false;       // a new limit is checked against the tick and the quote
    std::optional<Quote> quote;      // an option's live quote, read for a new limit or a raised qty
    std::optional<double> lastPrice; // a stock's live price, read likewise
    double tick = 0.0;               // the option's tick at the new limit; 0: not checked
    double stockPosition = 0.0; // a stock order's symbol held (signed): a buy when short covers
    bool overridePrecautions = false;
    // The day as the session knows it (the kill switch, the day's P&L): an opening order raised
    // by the replace is held by the daily loss limit as a new one is. The count of orders does
    // not apply (a replace is the same order).
    RiskState risk;
};

// Why the replace is not sent ("Nothing was replaced" in it), with kReplaceOverridable as the
// code where only the precaution holds it; nullopt when it may go.
std::optional<Error> checkReplace(const DispatcherSettings &settings, const ReplaceCheckInput &in);

} // namespace cg
