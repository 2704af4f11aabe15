#include "models/ticket_figures.h"

#include "domain/number_format.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cg::models {

TicketFigures ticketFigures(const Decision &proposal, const DispatcherSettings &settings, int qty,
                            double price) {
    TicketFigures f;
    f.multiplier = proposal.isOption() && proposal.contract && proposal.contract->multiplier > 0.0
                       ? proposal.contract->multiplier
                       : (proposal.isOption() ? 100.0 : 1.0);
    const double perContract = price * f.multiplier;
    f.cost = qty * perContract;
    if (proposal.equity && *proposal.equity > 0.0)
        f.pctOfEquity = f.cost / *proposal.equity * 100.0;
    // A close spends no budget and is not capped by buying power (as at its re-check): it
    // reduces risk, and an option short's collateral is what ties the buying power up.
    const bool closing = proposal.closesPosition();
    const double budget =
        closing ? 0.0 : (proposal.sizing ? proposal.sizing->budget : proposal.budget);
    if (budget > 0.0)
        f.pctOfBudget = f.cost / budget * 100.0;

    int max = std::numeric_limits<int>::max();
    const auto cap = [&](int n, std::string why) {
        if (n < max) {
            max = n;
            f.maxQtyReason = std::move(why);
        }
    };
    const RiskLimits &risk = settings.risk;
    // A close reduces risk: the per-order limits do not hold it (manual_order.cpp, the
    // re-check), what is left to close does (held less what open orders close already).
    if (closing) {
        const double held = std::abs(proposal.heldQty);
        const double whole = std::floor(held + 1e-9); // a fraction is never closed here
        const int left = proposal.closableQty.value_or(static_cast<int>(whole));
        std::string why = proposal.closableWords;
        if (why.empty()) {
            why = formatTrimmed(held, 4) + " held";
            if (whole - left >= 1.0 - 1e-9)
                why += ", " + formatTrimmed(whole - left, 4) + " in open orders to close";
        }
        cap(std::max(0, left), std::to_string(std::max(0, left)) + " left to close (" + why + ")");
    } else if (proposal.isOption() && risk.maxContractsPerOrder > 0) {
        cap(risk.maxContractsPerOrder,
            "at most " + std::to_string(risk.maxContractsPerOrder) + " contracts per order");
    }
    if (perContract > 0.0) {
        // A stock SELL closes a long (it never opens a short): the per-order limits do not
        // hold it either, at its proposal or its re-check.
        const bool stockSell =
            !proposal.isOption() && proposal.order && proposal.order->side == OrderSide::Sell;
        if (!closing && !stockSell && risk.maxNotionalPerOrder > 0.0)
            cap(static_cast<int>(std::floor(risk.maxNotionalPerOrder / perContract + 1e-9)),
                "at most " + formatMoney(risk.maxNotionalPerOrder) + " per order");
        const bool buying = !proposal.order || proposal.order->side == OrderSide::Buy;
        const std::optional<double> power = proposal.optionsBuyingPower;
        if (buying && !closing && proposal.isOption() && power)
            cap(static_cast<int>(std::floor(*power / perContract + 1e-9)),
                "options buying power " + formatMoney(*power));
    }
    if (max == std::numeric_limits<int>::max())
        max = std::max(qty, 1) * 10; // no limit known: still a finite spin box
    f.maxQty = std::max(1, max);

    if (qty > max)
        f.warning = "Above the limit: " + f.maxQtyReason;
    else if (f.pctOfBudget && *f.pctOfBudget > 100.0 + 1e-9)
        f.warning = "Above the strategy's budget of " + formatMoney(budget);
    return f;
}

} // namespace cg::models
