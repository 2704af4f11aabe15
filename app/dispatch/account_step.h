#pragma once
// The account and risk step every decision takes before its order is sized and sent (a signal's,
// a single or multi-leg ticket's, and a ticket's re-check at confirmation): the account's figures
// go into the decision (the ticket shows them; the daily-loss limit reads the day's P&L), an
// account blocked from trading sends nothing, and the risk limits read one state. Pure: the
// caller reads the account and acts on the answer (a fallback, a refusal, a hold).

#include "dispatch/decision.h"
#include "dispatch/risk_limits.h"
#include "domain/account.h"

#include <optional>
#include <string>

namespace cg {

// Notes the account's equity, options buying power and day P&L in `d`; the reason the account
// takes no order, or nullopt.
std::optional<std::string> noteAccount(Decision &d, const Account &a);

// What the risk limits read: the kill switch and today's order count as the dispatcher noted
// them, and the day's P&L from noteAccount (0 before it).
RiskState riskStateOf(const Decision &d, bool killSwitch, int ordersToday);

} // namespace cg
