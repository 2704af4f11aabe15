// Multi-leg option orders (order_class "mleg") in the paper account, as Alpaca takes them: 2-4
// option legs on one underlying, each {symbol, ratio_qty, side, position_intent}; qty in units
// of the strategy; a signed net limit (positive a debit, negative a credit); day only. Every
// short leg must be covered by a long leg of its type in the same order (Alpaca's level 3).
// All legs fill together, unit by unit: at the natural net (each leg at its ask or bid) when
// the limit reaches it, at the limit when it is at or past the net mid after a while, as a
// simple order does. Large orders fill in two parts.

#include "domain/eastern_time.h"
#include "domain/occ_symbol.h"
#include "market/expiry_calendar.h"
#include "market/paper_account.h"
#include "market/paper_order_rules.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

namespace cg::market {

namespace {

constexpr std::size_t kMaxLegs = 4;

struct CheckedLeg {
    SimLeg leg;
    InstrumentPrice price;
    OccSymbol occ;
};

double intrinsic(const CheckedLeg &l, double s) {
    return l.occ.type == OptionType::Call ? std::max(0.0, s - l.occ.strike())
                                          : std::max(0.0, l.occ.strike() - s);
}

// The most one unit can lose at expiry against a net premium (every leg at intrinsic value):
// the buying power an mleg order holds.
double maxLossPerUnit(const std::vector<CheckedLeg> &legs, double net) {
    std::vector<double> points{0.0};
    for (const auto &l : legs)
        points.push_back(l.occ.strike());
    points.push_back(points.back() * 10.0 + 1.0);
    double worst = 0.0;
    for (const double s : points) {
        double value = 0.0;
        for (const auto &l : legs)
            value += (l.leg.side == "buy" ? 1 : -1) * l.leg.ratioQty * intrinsic(l, s);
        worst = std::max(worst, net - value);
    }
    return worst;
}

} // namespace

Result<SimOrder> PaperAccount::submitMleg(const OrderSubmission &s, Timestamp now,
                                          const PriceLookup &lookup) {
    if (s.legs.empty())
        return invalidRequest("legs are required for mleg orders");
    if (s.legs.size() > kMaxLegs)
        return invalidRequest("too many legs: an mleg order takes at most 4");
    if (s.legs.size() < 2)
        return invalidRequest("an mleg order needs at least 2 legs");
    if (!s.type)
        return invalidRequest("type is required");
    if (*s.type != "market" && *s.type != "limit")
        return invalidRequest("invalid order type for mleg orders: use market or limit");
    if (!s.timeInForce)
        return invalidRequest("time_in_force is required");
    if (*s.timeInForce != "day")
        return invalidRequest("invalid time in force");
    if (!s.qty)
        return invalidRequest("qty is required for mleg orders");
    const auto qty = parseDecimal(*s.qty);
    if (!qty || *qty <= 0.0 || *qty != std::floor(*qty))
        return invalidRequest("qty must be a positive integer");
    if (s.notional)
        return invalidRequest("notional is not allowed for options orders");
    if (s.extendedHours)
        return invalidRequest("extended hours orders are not supported for options");
    std::optional<double> limit;
    if (*s.type == "limit") {
        if (!s.limitPrice)
            return invalidRequest("limit price is required for limit orders");
        limit = parseDecimal(*s.limitPrice);
        if (!limit || *limit == 0.0)
            return invalidRequest("invalid limit price");
    } else if (s.limitPrice) {
        return invalidRequest("limit_price must not be set for market orders");
    }
    if (s.clientOrderId && s.clientOrderId->size() > 128)
        return invalidRequest("client_order_id must be no more than 128 characters");
    if (s.clientOrderId && m_byClientId.contains(*s.clientOrderId))
        return Error{"client_order_id must be unique", 422, kUnprocessable};

    std::vector<CheckedLeg> legs;
    std::set<std::string> symbols;
    int divisor = 0;
    for (std::size_t i = 0; i < s.legs.size(); ++i) {
        const LegSubmission &in = s.legs[i];
        const std::string name = "leg." + std::to_string(i);
        if (!in.symbol || in.symbol->empty())
            return invalidRequest(name + " symbol is required");
        if (!in.ratioQty)
            return invalidRequest(name + " ratio_qty is required");
        const auto ratio = parseDecimal(*in.ratioQty);
        if (!ratio || *ratio < 1.0 || *ratio != std::floor(*ratio) || *ratio > 1e6)
            return invalidRequest(name + " ratio_qty must be a positive integer");
        if (!in.positionIntent)
            return invalidRequest(name + " position intent is required");
        const std::string &intent = *in.positionIntent;
        if (intent != "buy_to_open" && intent != "buy_to_close" && intent != "sell_to_open" &&
            intent != "sell_to_close")
            return invalidRequest(name + " invalid position_intent specified");
        const std::string side = in.side.value_or(intent.substr(0, intent.find('_')));
        if (side != "buy" && side != "sell")
            return invalidRequest(name + " invalid side: use buy or sell");
        if (!intent.starts_with(side))
            return invalidRequest(name + " position_intent " + intent + " does not match side " +
                                  side);
        if (!symbols.insert(*in.symbol).second)
            return invalidRequest("leg symbols must be unique: " + *in.symbol + " appears twice");
        const auto price = lookup(*in.symbol);
        if (!price)
            return invalidRequest("could not find asset \"" + *in.symbol + "\"");
        auto occ = parseOccSymbol(*in.symbol);
        if (price->assetClass != "us_option" || !occ)
            return invalidRequest(name +
                                  " must be an option contract: equity legs are not supported");
        if (!legs.empty() && occ->root != legs.front().occ.root)
            return invalidRequest("underlying asset mismatch: " + legs.front().occ.root +
                                  " != " + occ->root);
        CheckedLeg c;
        c.leg.symbol = *in.symbol;
        c.leg.assetId = price->assetId;
        c.leg.side = side;
        c.leg.positionIntent = intent;
        c.leg.ratioQty = static_cast<int>(*ratio);
        c.price = *price;
        c.occ = *occ;
        divisor = std::gcd(divisor, c.leg.ratioQty);
        legs.push_back(std::move(c));
    }
    if (divisor != 1)
        return invalidRequest("the greatest common divisor of the leg ratios must be 1");
    // Alpaca infers each leg's intent from the position, as for a simple order ([OPT-OVW]): an
    // opening leg that a position held the other way covers is a mismatch, and a closing leg
    // closes at most what is held and not in open orders on that side already.
    for (std::size_t i = 0; i < legs.size(); ++i) {
        const SimLeg &leg = legs[i].leg;
        const double contracts = *qty * leg.ratioQty;
        const auto pos = m_positions.find(leg.symbol);
        const double held = pos != m_positions.end() ? pos->second.qty : 0.0;
        const std::string &intent = leg.positionIntent;
        const char *inferred = nullptr;
        if (intent == "buy_to_open" && -held >= contracts)
            inferred = "buy_to_close";
        else if (intent == "sell_to_open" && held >= contracts)
            inferred = "sell_to_close";
        if (inferred)
            return Error{"leg." + std::to_string(i) + " position intent mismatch, inferred: " +
                             inferred + ", specified: " + intent,
                         422, kUnprocessable};
        const bool sellToClose = intent == "sell_to_close";
        if (sellToClose || intent == "buy_to_close") {
            const double available = std::max(
                sellToClose ? held - openSellQty(leg.symbol) : -held - openBuyQty(leg.symbol), 0.0);
            if (available < contracts)
                return Error{"insufficient qty available for order (requested: " +
                                 qtyText(contracts) + ", available: " + qtyText(available) + ")",
                             403, kForbidden};
        }
    }
    if (m_options.optionsLevel < 3)
        return Error{"account not eligible for level3 options trading", 403, kForbidden};
    // Level 3 spreads: every short opening leg covered by long legs of its type that expire
    // with it or later (a long that expires first leaves the short naked from then on). From the
    // latest expiry down, the longs gathered so far cover the next short.
    for (const OptionType type : {OptionType::Call, OptionType::Put}) {
        std::vector<const decltype(legs)::value_type *> ofType;
        for (const auto &l : legs)
            if (l.occ.type == type)
                ofType.push_back(&l);
        std::stable_sort(ofType.begin(), ofType.end(), [](const auto *a, const auto *b) {
            if (a->occ.expiry != b->occ.expiry)
                return a->occ.expiry > b->occ.expiry;
            return a->leg.side == "buy" && b->leg.side != "buy";
        });
        int longs = 0;
        for (const auto *l : ofType) {
            // A buy to close takes a short away; it covers nothing.
            if (l->leg.positionIntent == "buy_to_open") {
                longs += l->leg.ratioQty;
            } else if (l->leg.positionIntent == "sell_to_open") {
                if (l->leg.ratioQty > longs)
                    return Error{"uncovered short " + std::string(toString(type)) +
                                     " legs are not allowed in an mleg order",
                                 403, kForbidden};
                longs -= l->leg.ratioQty;
            }
        }
    }

    // Buying power: what the opening legs can lose (legs that close take risk off). With every
    // leg opening, against the order's net; otherwise against the opening legs' natural.
    double natural = 0.0, openingNatural = 0.0;
    std::vector<CheckedLeg> opening;
    for (const auto &l : legs) {
        const double price =
            l.leg.ratioQty * (l.leg.side == "buy" ? l.price.quote.ask : -l.price.quote.bid);
        natural += price;
        if (l.leg.positionIntent.ends_with("_to_open")) {
            openingNatural += price;
            opening.push_back(l);
        }
    }
    const double multiplier = legs.front().price.multiplier;
    const double net = opening.size() == legs.size() ? limit.value_or(natural) : openingNatural;
    const double reserved =
        opening.empty() ? 0.0 : maxLossPerUnit(opening, net) * *qty * multiplier;
    if (reserved > buyingPower(lookup) + 1e-9)
        return Error{"insufficient options buying power", 403, kForbidden};

    SimOrder o;
    o.id = newOrderId();
    o.clientOrderId = s.clientOrderId ? *s.clientOrderId : newOrderId();
    o.orderClass = "mleg";
    o.type = *s.type;
    o.timeInForce = *s.timeInForce;
    o.status = "pending_new";
    o.qty = *qty;
    o.multiplier = multiplier;
    o.limitPrice = limit;
    o.createdAt = o.updatedAt = o.submittedAt = now;
    o.nextEventAt = now + m_options.acceptDelay;
    o.dayEndsAt = sessionCloseFor(now);
    o.reserved = reserved;
    for (auto &l : legs) {
        l.leg.id = newOrderId();
        l.leg.clientOrderId = newOrderId();
        o.legs.push_back(std::move(l.leg));
    }
    m_byId.emplace(o.id, m_orders.size());
    m_byClientId.emplace(o.clientOrderId, m_orders.size());
    m_orders.push_back(o);
    return o;
}

void PaperAccount::processMleg(SimOrder &o, Timestamp now, const PriceLookup &lookup) {
    std::vector<InstrumentPrice> prices;
    double natural = 0.0, midNet = 0.0;
    for (const SimLeg &leg : o.legs) {
        const auto p = lookup(leg.symbol);
        if (!p || !p->quoteUsable || p->quote.bid <= 0.0)
            return;
        const bool buy = leg.side == "buy";
        natural += leg.ratioQty * (buy ? p->quote.ask : -p->quote.bid);
        midNet += leg.ratioQty * (buy ? 1 : -1) * (p->quote.bid + p->quote.ask) / 2.0;
        prices.push_back(*p);
    }
    std::optional<double> net;
    bool atNatural = false;
    if (o.type == "market" || *o.limitPrice >= natural - 1e-9) {
        net = natural;
        atNatural = true;
    } else if (*o.limitPrice >= midNet - 1e-9 && now >= o.patientFillAt) {
        net = *o.limitPrice;
    }
    if (!net)
        return;
    // Each leg's price: its ask or bid at the natural; otherwise its mid, the first leg taking
    // what the net differs from the net mid.
    std::vector<double> legPrice;
    for (std::size_t i = 0; i < o.legs.size(); ++i) {
        const Quote &q = prices[i].quote;
        const bool buy = o.legs[i].side == "buy";
        legPrice.push_back(atNatural ? (buy ? q.ask : q.bid) : (q.bid + q.ask) / 2.0);
    }
    if (!atNatural) {
        const double weight = o.legs[0].ratioQty * (o.legs[0].side == "buy" ? 1.0 : -1.0);
        legPrice[0] = std::max(0.0, legPrice[0] + (*net - midNet) / weight);
    }
    const double units = nextFillQty(o);
    double filledNet = 0.0;
    for (std::size_t i = 0; i < o.legs.size(); ++i) {
        SimLeg &leg = o.legs[i];
        const double contracts = units * leg.ratioQty;
        bookFill(leg.symbol, leg.assetId, "us_option", prices[i].multiplier, leg.side == "buy",
                 contracts, legPrice[i]);
        leg.filledAvgPrice =
            (leg.filledAvgPrice.value_or(0.0) * leg.filledQty + legPrice[i] * contracts) /
            (leg.filledQty + contracts);
        leg.filledQty += contracts;
        filledNet += leg.ratioQty * (leg.side == "buy" ? 1 : -1) * legPrice[i];
    }
    recordOrderFill(o, units, filledNet, now);
    // Each leg's fill is an activity of its own (its leg order's), with its option fees, as a
    // single-leg order's is.
    for (std::size_t i = 0; i < o.legs.size(); ++i) {
        const SimLeg &leg = o.legs[i];
        const double total = o.qty * leg.ratioQty;
        bookFillActivity({leg.id, o.status, leg.symbol, leg.side, true, units * leg.ratioQty,
                          legPrice[i], leg.filledQty, std::max(0.0, total - leg.filledQty)},
                         now);
    }
}

} // namespace cg::market
