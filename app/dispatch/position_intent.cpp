#include "dispatch/position_intent.h"

#include "domain/closable_contracts.h"
#include "domain/number_format.h"

#include <cmath>

namespace cg {

PositionIntent choosePositionIntent(OrderSide side, double heldQty) {
    if (side == OrderSide::Buy)
        return heldQty < 0.0 ? PositionIntent::BuyToClose : PositionIntent::BuyToOpen;
    return heldQty > 0.0 ? PositionIntent::SellToClose : PositionIntent::SellToOpen;
}

bool closesOnAskAlone(PositionIntent intent, const std::optional<Quote> &quote) {
    return intent == PositionIntent::BuyToClose && quote && quote->ask > 0.0 &&
           quote->ask >= quote->bid && quote->bid >= 0.0;
}

bool isOpening(PositionIntent intent) {
    return intent == PositionIntent::BuyToOpen || intent == PositionIntent::SellToOpen;
}

std::string describeIntent(PositionIntent intent) {
    switch (intent) {
    case PositionIntent::BuyToOpen:
        return "Buy to open";
    case PositionIntent::BuyToClose:
        return "Buy to close";
    case PositionIntent::SellToOpen:
        return "Sell to open";
    case PositionIntent::SellToClose:
        return "Sell to close";
    case PositionIntent::None:
        break;
    }
    return {};
}

namespace {

std::string count(double v) {
    return formatTrimmed(v, 4);
}

} // namespace

std::optional<std::string> intentRefusal(const IntentCheck &c) {
    if (c.qty < 1)
        return "Quantity " + std::to_string(c.qty) + " is not a positive whole number";
    const double held = std::abs(c.heldQty);
    switch (c.intent) {
    case PositionIntent::None:
        return std::string("An option order needs a position intent");
    case PositionIntent::SellToClose:
    case PositionIntent::BuyToClose: {
        // Closing reduces risk: allowed at every level, on the position's side (a long is sold,
        // a short bought back: the position may have turned since the ticket), never more than
        // is held.
        const bool sell = c.intent == PositionIntent::SellToClose;
        if (held > 1e-9 && (sell ? c.heldQty < 0.0 : c.heldQty > 0.0))
            return describeIntent(c.intent) + " " + std::to_string(c.qty) + " " + c.contract +
                   ": the position is " + (sell ? "short " : "long ") + count(held) + " now, not " +
                   (sell ? "long" : "short") + "; there is nothing to " +
                   (sell ? "sell" : "buy back");
        if (c.qty > held + 1e-9)
            return describeIntent(c.intent) + " " + std::to_string(c.qty) + " " + c.contract +
                   ": only " + count(held) + " held, so at most " + count(std::floor(held)) +
                   " can be closed";
        return std::nullopt;
    }
    case PositionIntent::BuyToOpen:
        if (c.optionsLevel < 2)
            return "Buying to open needs options level 2 (long calls and puts); this account is "
                   "at level " +
                   std::to_string(c.optionsLevel);
        if (c.premium > c.optionsBuyingPower + 1e-9)
            return "Insufficient options buying power: the order costs " + formatMoney(c.premium) +
                   ", options buying power is " + formatMoney(c.optionsBuyingPower);
        return std::nullopt;
    case PositionIntent::SellToOpen:
        break;
    }
    // Writing: level 1 allows covered calls and cash-secured puts only.
    if (c.optionsLevel < 1)
        return "Selling to open needs options level 1 (covered calls, cash-secured puts); options "
               "trading is off on this account (level 0)";
    if (c.type == OptionType::Call) {
        const double needed = c.qty * c.multiplier;
        const double free = c.sharesHeld - c.sharesCovering;
        if (free + 1e-9 < needed) {
            const std::string covering = c.sharesCovering > 0.0 && c.sharesHeld > 0.0
                                             ? ", " +
                                                   count(std::min(c.sharesCovering, c.sharesHeld)) +
                                                   " of them covering short calls already"
                                             : "";
            return "Selling to open " + std::to_string(c.qty) + " " + c.contract + " needs " +
                   count(needed) + " " + c.underlying +
                   " shares to cover it (a covered call, options level 1); " +
                   count(std::max(0.0, c.sharesHeld)) + " held" + covering + " (options level " +
                   std::to_string(c.optionsLevel) + "). Alpaca does not allow uncovered calls";
        }
        return std::nullopt;
    }
    const double collateral = c.strike * c.multiplier * c.qty;
    if (collateral > c.optionsBuyingPower + 1e-9)
        return "Selling to open " + std::to_string(c.qty) + " " + c.contract +
               " is a cash-secured put: it needs " + formatMoney(collateral) +
               " of options buying power (strike x " + count(c.multiplier) + " x " +
               std::to_string(c.qty) + "), " + formatMoney(c.optionsBuyingPower) + " available";
    return std::nullopt;
}

IntentCheck intentCheckFor(PositionIntent intent, const OptionContract &c,
                           const std::string &underlying, int qty, double price, OrderSide side,
                           const Account &account, std::span<const Position> positions) {
    IntentCheck check;
    for (const Position &p : positions) {
        if (p.symbol == c.symbol)
            check.heldQty = p.qty;
        if (p.symbol == underlying)
            check.sharesHeld = p.qty;
    }
    check.sharesCovering = sharesCoveringShortCalls(positions, underlying);
    check.intent = intent;
    check.type = c.type;
    check.contract = c.symbol;
    check.underlying = underlying;
    check.strike = c.strike;
    check.qty = qty;
    check.multiplier = c.multiplier > 0.0 ? c.multiplier : 100.0;
    check.optionsLevel = account.optionsTradingLevel;
    check.optionsBuyingPower = account.optionsBuyingPower;
    check.premium = side == OrderSide::Buy ? qty * price * check.multiplier : 0.0;
    return check;
}

} // namespace cg
