#include "domain/closable_contracts.h"

#include "domain/number_format.h"
#include "domain/occ_symbol.h"

#include <algorithm>
#include <cmath>

namespace cg {

Closable closableContracts(const std::vector<Position> &positions, const std::vector<Order> &open,
                           std::string_view contract) {
    Closable c;
    double signedHeld = 0.0;
    for (const Position &p : positions) {
        if (p.symbol == contract)
            signedHeld = p.qty;
    }
    c.held = std::abs(signedHeld);
    if (signedHeld == 0.0)
        return c;
    const OrderSide closing = signedHeld > 0.0 ? OrderSide::Sell : OrderSide::Buy;
    const auto count = [&c](const Order &o, double offered) {
        if (offered <= 0.0)
            return;
        c.inOpenCloses += offered;
        if (c.firstOrderId.empty())
            c.firstOrderId = o.id;
    };
    // An order being replaced (pending_replace) beside its replacement: one of the two will
    // work, and until Alpaca says which (the old one may fill first, and the replace is then
    // rejected), the pair offers the larger of their remaining quantities.
    std::vector<std::pair<std::string_view, double>> replacedRemaining;
    for (const Order &o : open)
        if (!o.replaces.empty() && !isFinalOrderStatus(o.status))
            replacedRemaining.emplace_back(o.replaces, 0.0);
    const auto replacedSlot = [&replacedRemaining](std::string_view id) -> double * {
        for (auto &[replaced, remaining] : replacedRemaining)
            if (replaced == id)
                return &remaining;
        return nullptr;
    };
    for (const Order &o : open)
        if (double *slot = replacedSlot(o.id);
            slot && !isFinalOrderStatus(o.status) && o.symbol == contract && o.side == closing)
            *slot = std::max(*slot, o.qty - o.filledQty);
    for (const Order &o : open) {
        if (isFinalOrderStatus(o.status) || replacedSlot(o.id))
            continue;
        if (o.symbol == contract && o.side == closing) {
            const double *old = o.replaces.empty() ? nullptr : replacedSlot(o.replaces);
            count(o, std::max(o.qty - o.filledQty, old ? *old : 0.0));
        }
        // A multi-leg order's legs hold the position as a single order does. A leg's own
        // quantities where Alpaca gives them; else the order's, times the leg's ratio.
        if (o.orderClass != "mleg") // a bracket's or an OCO's exits are alternatives
            continue;
        for (const OrderLeg &l : o.legs) {
            if (l.symbol != contract || l.side != closing)
                continue;
            count(o, l.qty > 0.0 ? l.qty - l.filledQty : (o.qty - o.filledQty) * l.ratioQty);
        }
    }
    return c;
}

double stockPosition(const std::vector<Position> &positions, std::string_view symbol) {
    double held = 0.0;
    for (const Position &p : positions)
        if (p.symbol == symbol && p.assetClass != "us_option")
            held += p.qty;
    return held;
}

double sharesCoveringShortCalls(std::span<const Position> positions, std::string_view symbol) {
    double shares = 0.0;
    for (const Position &p : positions) {
        if (p.qty >= 0.0) // an OCC symbol below says it is an option
            continue;
        if (const auto occ = parseOccSymbol(p.symbol);
            occ && occ->type == OptionType::Call && occ->underlying() == symbol)
            shares += -p.qty * 100.0;
    }
    return shares;
}

Closable closableShares(const std::vector<Position> &positions, const std::vector<Order> &open,
                        std::string_view symbol) {
    Closable c = closableContracts(positions, open, symbol);
    if (stockPosition(positions, symbol) > 0.0)
        c.coveringShortCalls = sharesCoveringShortCalls(positions, symbol);
    return c;
}

std::string describeClosable(const Closable &c, std::string_view symbol, bool shortPosition) {
    std::string what = formatTrimmed(c.held, 4) + " " + std::string(symbol) + " " +
                       (shortPosition ? "short" : "held") + ", " +
                       formatTrimmed(c.inOpenCloses, 4) + " of them in open orders to close";
    if (!c.firstOrderId.empty())
        what += " (order " + c.firstOrderId + ")";
    if (c.coveringShortCalls > 0.0)
        what += ", " + formatTrimmed(c.coveringShortCalls, 4) + kCoveringShortCallsWords;
    return what;
}

std::optional<std::string> nothingToClose(std::string_view symbol, OrderSide side, double held) {
    const bool closes = side == OrderSide::Sell ? held > 1e-9 : held < -1e-9;
    if (closes)
        return std::nullopt;
    if (std::abs(held) < 1e-9)
        return "Nothing to close: " + std::string(symbol) +
               " is no longer held (closed or expired since it was shown)";
    return "Nothing to close by " + std::string(side == OrderSide::Buy ? "buying" : "selling") +
           ": " + std::string(symbol) + " is " + (held > 0 ? "long " : "short ") +
           formatTrimmed(std::abs(held), 4) + " now";
}

} // namespace cg
