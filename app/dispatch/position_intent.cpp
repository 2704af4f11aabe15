#include "dispatch/position_intent.h"

#include "domain/closable_contracts.h"
#include "domain/number_format.h"
#include "domain/occ_symbol.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>

namespace cg {

PositionIntent choosePositionIntent(OrderSide side, double heldQty) {
    if (side == OrderSide::Buy)
        return heldQty < 0.0 ? PositionIntent::BuyToClose : PositionIntent::BuyToOpen;
    return heldQty > 0.0 ? PositionIntent::SellToClose : PositionIntent::SellToOpen;
}

void chooseLegIntents(MultiLegStrategy &s, std::span<const Position> positions) {
    for (StrategyLeg &leg : s.legs) {
        double held = 0.0;
        for (const Position &p : positions)
            if (p.symbol == leg.contract.symbol)
                held = p.qty;
        leg.intent = choosePositionIntent(leg.side, held);
    }
}

namespace {

std::string count(double v) {
    return formatTrimmed(v, 4);
}

// Of each short option position on the roots in `roots`, the contracts no long covers, by
// symbol. Covered as uncoveredShortLeg covers a leg: by longs of its type that expire with it or
// later, gathered from the latest expiry down; a call also by the shares held (100 a contract).
std::map<std::string, long long>
uncoveredShorts(const std::vector<std::pair<std::string, double>> &held,
                const std::set<std::string> &roots, double shares) {
    struct Held {
        std::chrono::year_month_day expiry;
        bool isLong = false;
        std::string symbol;
        long long qty = 0;
    };
    std::map<std::string, long long> out;
    for (const OptionType type : {OptionType::Call, OptionType::Put}) {
        std::vector<Held> ofType;
        for (const auto &[symbol, qty] : held) {
            const auto occ = parseOccSymbol(symbol);
            const long long n = std::llround(std::abs(qty));
            if (occ && occ->type == type && roots.contains(occ->root) && n > 0)
                ofType.push_back({occ->expiry, qty > 0, symbol, n});
        }
        std::sort(ofType.begin(), ofType.end(), [](const Held &a, const Held &b) {
            if (a.expiry != b.expiry)
                return a.expiry > b.expiry;
            return a.isLong && !b.isLong;
        });
        long long longs =
            type == OptionType::Call ? static_cast<long long>(std::max(0.0, shares) / 100.0) : 0;
        for (const Held &h : ofType) {
            if (h.isLong) {
                longs += h.qty;
                continue;
            }
            const long long covered = std::min(longs, h.qty);
            longs -= covered;
            if (h.qty > covered)
                out[h.symbol] = h.qty - covered;
        }
    }
    return out;
}

} // namespace

std::optional<std::string> shortLeftUncovered(const MultiLegStrategy &s, int units,
                                              const std::vector<Position> &positions) {
    std::set<std::string> roots; // the order's own (an adjusted root's contracts are apart)
    for (const StrategyLeg &leg : s.legs)
        if (const auto occ = parseOccSymbol(leg.contract.symbol))
            roots.insert(occ->root);
    std::vector<std::pair<std::string, double>> before;
    double shares = 0.0;
    for (const Position &p : positions) {
        if (p.symbol == s.underlying)
            shares = p.qty;
        else
            before.emplace_back(p.symbol, p.qty);
    }
    auto after = before;
    for (const StrategyLeg &leg : s.legs) {
        const double change = (leg.side == OrderSide::Buy ? 1.0 : -1.0) * leg.ratio * units;
        const auto it = std::find_if(after.begin(), after.end(),
                                     [&](const auto &h) { return h.first == leg.contract.symbol; });
        if (it != after.end())
            it->second += change;
        else
            after.emplace_back(leg.contract.symbol, change);
    }
    // Only what this order uncovers: a short without cover before it is left as it was.
    const auto was = uncoveredShorts(before, roots, shares);
    for (const auto &[symbol, naked] : uncoveredShorts(after, roots, shares)) {
        const auto it = was.find(symbol);
        const long long already = it != was.end() ? it->second : 0;
        if (naked > already)
            return "After this order the account would hold " + std::to_string(naked) + " " +
                   symbol + " short without cover (" + std::to_string(naked - already) +
                   " of them uncovered by it): close the short in the same order, or first";
    }
    return std::nullopt;
}

LegIntentMix legIntentMix(const MultiLegStrategy &s) {
    bool opens = false, closes = false;
    for (const StrategyLeg &leg : s.legs) {
        opens = opens || isOpening(leg.intent);
        closes = closes || !isOpening(leg.intent);
    }
    if (opens && closes)
        return LegIntentMix::Mixed;
    return closes ? LegIntentMix::Closing : LegIntentMix::Opening;
}

int closableUnits(const MultiLegStrategy &s, const std::vector<Position> &positions,
                  const std::vector<Order> &open) {
    int units = -1;
    for (const StrategyLeg &leg : s.legs) {
        if (isOpening(leg.intent))
            continue;
        const double available =
            std::floor(closableContracts(positions, open, leg.contract.symbol).available() + 1e-9);
        const int most = static_cast<int>(available) / std::max(1, leg.ratio);
        units = units < 0 ? most : std::min(units, most);
    }
    return std::max(0, units);
}

std::optional<std::string> legClosingProblem(const MultiLegStrategy &s, int units,
                                             const std::vector<Position> &positions,
                                             const std::vector<Order> &open) {
    for (std::size_t i = 0; i < s.legs.size(); ++i) {
        const StrategyLeg &leg = s.legs[i];
        if (isOpening(leg.intent))
            continue;
        const Closable c = closableContracts(positions, open, leg.contract.symbol);
        const double available = std::floor(c.available() + 1e-9);
        const long long contracts = static_cast<long long>(units) * leg.ratio;
        if (static_cast<double>(contracts) <= available)
            continue;
        const long long most = static_cast<long long>(available) / std::max(1, leg.ratio);
        const std::string head =
            "Leg " + std::to_string(i + 1) + " (" + describeLeg(leg) + ") would " +
            (leg.side == OrderSide::Buy ? "buy back " : "sell ") + std::to_string(contracts) +
            " to close, and only " + count(available) + " can be: " +
            describeClosable(c, leg.contract.symbol, leg.intent == PositionIntent::BuyToClose);
        if (most < 1 && c.inOpenCloses > 0)
            return head + ". Nothing is left for this order to close: cancel the order that "
                          "closes it, or wait for it to fill";
        if (most < 1)
            return head + ". A unit of this leg closes " + std::to_string(leg.ratio) +
                   ", more than is held";
        return head +
               ". Alpaca takes one intent a leg, so a leg cannot close the position and open the "
               "other way at once: send at most " +
               std::to_string(most) + (most == 1 ? " unit" : " units") +
               ", or close the position first";
    }
    return std::nullopt;
}

bool closesOnAskAlone(PositionIntent intent, const std::optional<Quote> &quote) {
    return intent == PositionIntent::BuyToClose && quote && quote->ask > 0.0 &&
           quote->ask >= quote->bid && quote->bid >= 0.0;
}

bool legGateHolds(GateId gate, bool allGates, bool boughtBackOnAsk) {
    return allGates || (gate == GateId::QuoteValid && !boughtBackOnAsk) ||
           gate == GateId::NotExpired;
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
