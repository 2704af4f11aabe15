#include "dispatch/account_step.h"

namespace cg {

std::optional<std::string> noteAccount(Decision &d, const Account &a) {
    d.equity = a.equity;
    d.optionsBuyingPower = a.optionsBuyingPower;
    d.dailyPnl = dayPnl(a);
    if (a.tradingBlocked)
        return "The account is blocked from trading";
    return std::nullopt;
}

RiskState riskStateOf(const Decision &d, bool killSwitch, int ordersToday) {
    return RiskState{killSwitch, ordersToday, d.dailyPnl.value_or(0.0)};
}

} // namespace cg
