#include "market/paper_account.h"
#include "market/paper_order_rules.h"

#include "domain/market_calendar.h"
#include "domain/occ_symbol.h"
#include "market/expiry_calendar.h"
#include "market/option_fees.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

namespace cg::market {

namespace {

// The root of an OCC symbol ("SPY250620C00500000" -> "SPY"): everything before the 15-character
// date/type/strike tail.
std::string parseUnderlying(const std::string &occ) {
    return occ.size() > 15 ? occ.substr(0, occ.size() - 15) : occ;
}

// A price field of an order: required (and positive) when the type takes it, refused when not.
Result<std::optional<double>> priceField(const std::optional<std::string> &text,
                                         const std::string &field, bool takes,
                                         const std::string &type) {
    if (!takes) {
        if (text)
            return invalidRequest(field + " must not be set for " + type + " orders");
        return std::optional<double>{};
    }
    if (!text)
        return invalidRequest(field + " is required for " + type + " orders");
    const auto v = parseDecimal(*text);
    if (!v || *v <= 0.0)
        return invalidRequest("invalid " + field);
    return v;
}

bool oneOf(const std::string &v, std::initializer_list<const char *> options) {
    return std::any_of(options.begin(), options.end(), [&](const char *o) { return v == o; });
}

} // namespace

PaperAccount::PaperAccount(std::uint64_t seed, Timestamp created, Options options)
    : m_options(options)
    , m_random(splitmix64(seed ^ 0xACC0'0000ULL))
    , m_createdAt(created)
    , m_cash(options.startingCash)
    , m_lastEquity(options.startingCash) {
    m_accountId = newId();
    m_accountNumber = "PA" + std::to_string(100'000'000 + m_random.next() % 900'000'000);
}

std::string PaperAccount::newId() {
    const std::uint64_t hi = m_random.next();
    return formatUuid(hi, m_random.next());
}

std::string PaperAccount::newOrderId() {
    // Alpaca's order ids are unique across sessions; a records database outlives one DEMO
    // market, so a seeded id repeated by the next run would name another run's order.
    static const std::uint64_t salt = [] {
        std::random_device device;
        return (std::uint64_t{device()} << 32) ^ device();
    }();
    const std::uint64_t hi = m_random.next() ^ salt;
    return formatUuid(hi, m_random.next());
}

Result<SimOrder> PaperAccount::submit(const OrderSubmission &s, Timestamp now,
                                      const PriceLookup &lookup) {
    if (s.orderClass && *s.orderClass == "mleg")
        return submitMleg(s, now, lookup);
    if (!s.legs.empty())
        return invalidRequest("legs are only allowed for order_class mleg");
    if (!s.symbol || s.symbol->empty())
        return invalidRequest("symbol is required");
    if (s.orderClass && !s.orderClass->empty() && *s.orderClass != "simple")
        return invalidRequest("order_class " + *s.orderClass +
                              " is not supported by the demo broker");
    const auto price = lookup(*s.symbol);
    if (!price)
        return invalidRequest("could not find asset \"" + *s.symbol + "\"");
    const bool option = price->assetClass == "us_option";

    if (!s.side)
        return invalidRequest("side is required");
    if (!oneOf(*s.side, {"buy", "sell"}))
        return invalidRequest("invalid side: use buy or sell");
    if (!s.type)
        return invalidRequest("type is required");
    // Options take market, limit, stop and stop_limit since Alpaca's 2026-08-27 changelog; a
    // trailing stop is an equity type the demo broker does not simulate.
    if (!oneOf(*s.type, {"market", "limit", "stop", "stop_limit"})) {
        if (*s.type == "trailing_stop")
            return invalidRequest("trailing_stop orders are not supported by the demo broker");
        return invalidRequest("invalid order type: use market, limit, stop or stop_limit");
    }
    const bool takesLimit = oneOf(*s.type, {"limit", "stop_limit"});
    const bool takesStop = oneOf(*s.type, {"stop", "stop_limit"});
    if (!s.timeInForce)
        return invalidRequest("time_in_force is required");
    // Options: day and gtc ([CHG-GTC]); the body is Alpaca's options page's ([OPT-OVW]).
    if (option && !oneOf(*s.timeInForce, {"day", "gtc"}))
        return Error{"invalid option time_in_force", 422, kUnprocessable};
    if (!option && !oneOf(*s.timeInForce, {"day", "gtc", "ioc", "fok", "opg", "cls"}))
        return invalidRequest("invalid time_in_force");
    if (s.notional)
        return invalidRequest(option ? "notional is not allowed for options orders"
                                     : "notional orders are not supported by the demo broker");
    if (!s.qty)
        return invalidRequest("qty is required");
    const auto qty = parseDecimal(*s.qty);
    if (!qty || *qty <= 0.0)
        return invalidRequest("qty must be > 0");
    if (option && *qty != std::floor(*qty))
        return invalidRequest("qty must be integer");
    const auto limitField = priceField(s.limitPrice, "limit_price", takesLimit, *s.type);
    if (!limitField)
        return limitField.error();
    const std::optional<double> limit = *limitField;
    const auto stopField = priceField(s.stopPrice, "stop_price", takesStop, *s.type);
    if (!stopField)
        return stopField.error();
    const std::optional<double> stop = *stopField;
    // [OPT-OVW]: an option market order outside the regular session is refused (a stop waits
    // for its price and may be placed at any time).
    if (option && *s.type == "market" && !isRegularSession(now))
        return Error{"options market orders are only allowed during market hours", 422,
                     kUnprocessable};
    // A stop must be on the far side of the market, or it would trigger at once. The sell-side
    // body is Alpaca's (Alpaca-API#166); the buy side is its mirror. The base price is the
    // instrument's mark here (Alpaca: its last trade).
    if (stop && price->mark > 0.0) {
        const double base = price->mark;
        if (*s.side == "sell" && !(*stop < base - 0.01 + 1e-9))
            return Error{"stop price must be less than base_price - 0.01", 422, kUnprocessable};
        if (*s.side == "buy" && !(*stop > base + 0.01 - 1e-9))
            return Error{"stop price must be greater than base_price + 0.01", 422, kUnprocessable};
    }
    if (s.positionIntent &&
        !oneOf(*s.positionIntent, {"buy_to_open", "buy_to_close", "sell_to_open", "sell_to_close"}))
        return invalidRequest("invalid position_intent specified");
    if (s.positionIntent && !s.positionIntent->starts_with(*s.side))
        return invalidRequest("position_intent " + *s.positionIntent + " does not match side " +
                              *s.side);
    // [OPT-OVW]: Alpaca infers the intent from the position; an opening intent for an order
    // that a position held the other way covers (buy_to_open of 1 with 2 held short) is refused.
    // One larger than that position is left to the rules below (a covered call's, ...).
    if (option && s.positionIntent) {
        const auto pos = m_positions.find(*s.symbol);
        const double held = pos != m_positions.end() ? pos->second.qty : 0.0;
        const char *inferred = nullptr;
        if (*s.positionIntent == "buy_to_open" && -held >= *qty)
            inferred = "buy_to_close";
        else if (*s.positionIntent == "sell_to_open" && held >= *qty)
            inferred = "sell_to_close";
        if (inferred)
            return Error{std::string("position intent mismatch, inferred: ") + inferred +
                             ", specified: " + *s.positionIntent,
                         422, kUnprocessable};
    }
    // The intent Alpaca reports for an option order sent without one: inferred from the
    // position (API.md section 4: a sell with no long position opens, a covered call).
    std::string intent = s.positionIntent.value_or("");
    if (option && intent.empty()) {
        const auto pos = m_positions.find(*s.symbol);
        const double held = pos != m_positions.end() ? pos->second.qty : 0.0;
        if (*s.side == "buy")
            intent = held < 0.0 ? "buy_to_close" : "buy_to_open";
        else // as the sale's own rule below decides it
            intent = std::max(held, 0.0) - openSellQty(*s.symbol) >= *qty ? "sell_to_close"
                                                                          : "sell_to_open";
    }
    if (option && s.extendedHours)
        return invalidRequest("extended hours orders are not supported for options");
    if (s.clientOrderId && s.clientOrderId->size() > 128)
        return invalidRequest("client_order_id must be no more than 128 characters");
    if (s.clientOrderId && m_byClientId.contains(*s.clientOrderId))
        return Error{"client_order_id must be unique", 422, kUnprocessable};

    // Alpaca's levels: 0 none, 1 covered calls and cash-secured puts, 2 long calls and puts.
    if (option && m_options.optionsLevel < 1)
        return Error{"account not eligible for options trading", 403, kForbidden};
    if (option && *s.side == "buy" && m_options.optionsLevel < 2 && intent == "buy_to_open")
        return Error{"account not eligible for level2 options trading", 403, kForbidden};

    // Buying power: a buy holds its cost; a sell either closes a long position or opens a
    // short, which the demo account allows only as a cash-secured put.
    const double mult = price->multiplier;
    const double bp = buyingPower(lookup);
    double reserved = 0.0;
    if (*s.side == "buy") {
        const double ask = price->quote.ask > 0.0 ? price->quote.ask : price->mark;
        // A stop buys at the market once triggered: at least its stop price.
        const double unit = limit ? *limit : (stop ? std::max(*stop, ask) : ask);
        reserved = unit * *qty * mult;
        // A buy back of a short put frees the collateral it holds: that counts toward its cost.
        double freed = 0.0;
        if (option && price->optionType == OptionType::Put) {
            const auto pos = m_positions.find(*s.symbol);
            if (pos != m_positions.end() && pos->second.qty < 0.0)
                freed = price->strike.value_or(0.0) * mult * std::min(-pos->second.qty, *qty);
        }
        if (reserved > bp + freed + 1e-9)
            return Error{option ? "insufficient options buying power" : "insufficient buying power",
                         403, kForbidden};
    } else {
        const auto pos = m_positions.find(*s.symbol);
        const double held = pos != m_positions.end() ? std::max(pos->second.qty, 0.0) : 0.0;
        const double available = std::max(held - openSellQty(*s.symbol), 0.0);
        const bool opening =
            s.positionIntent ? *s.positionIntent == "sell_to_open" : available < *qty;
        if (!opening && available < *qty)
            return Error{"insufficient qty available for order (requested: " + qtyText(*qty) +
                             ", available: " + qtyText(available) + ")",
                         403, kForbidden};
        if (opening) {
            if (!option)
                return Error{"insufficient qty available for order (requested: " + qtyText(*qty) +
                                 ", available: " + qtyText(available) + ")",
                             403, kForbidden};
            if (price->optionType == OptionType::Call)
                return Error{"insufficient underlying qty available for covered call (required: " +
                                 qtyText(*qty * mult) + ", available: 0)",
                             403, kForbidden};
            reserved = price->strike.value_or(0.0) * mult * *qty;
            // Alpaca's own words (API.md section 22).
            if (reserved > bp + 1e-9)
                return Error{"insufficient options buying power for cash-secured put (required: " +
                                 qtyText(std::ceil(reserved)) +
                                 ", available: " + qtyText(std::floor(bp)) + ")",
                             403, kForbidden};
        }
    }

    SimOrder o;
    o.id = newOrderId();
    o.clientOrderId = s.clientOrderId ? *s.clientOrderId : newOrderId();
    o.symbol = *s.symbol;
    o.assetId = price->assetId;
    o.assetClass = price->assetClass;
    o.orderClass = option ? "simple" : "";
    o.side = *s.side;
    o.type = *s.type;
    o.timeInForce = *s.timeInForce;
    o.positionIntent = intent;
    o.status = option ? "pending_new" : "accepted";
    o.qty = *qty;
    o.multiplier = mult;
    o.limitPrice = limit;
    o.stopPrice = stop;
    o.extendedHours = s.extendedHours;
    o.createdAt = o.updatedAt = o.submittedAt = now;
    o.nextEventAt = now + m_options.acceptDelay;
    o.dayEndsAt = sessionCloseFor(now);
    o.reserved = reserved;
    m_byId.emplace(o.id, m_orders.size());
    m_byClientId.emplace(o.clientOrderId, m_orders.size());
    m_orders.push_back(o);
    return o;
}

Result<SimOrder> PaperAccount::cancel(const std::string &id, Timestamp now) {
    const auto it = m_byId.find(id);
    if (it == m_byId.end())
        return Error{"order not found for " + id, 404, kNotFound};
    SimOrder &o = m_orders[it->second];
    if (!o.isOpen())
        return Error{"order is not cancelable", 422, kUnprocessable};
    o.status = "canceled";
    o.canceledAt = now;
    o.updatedAt = now;
    o.reserved = 0.0;
    return o;
}

std::vector<PaperAccount::Canceled> PaperAccount::cancelAll(Timestamp now) {
    std::vector<std::string> open;
    for (const SimOrder &o : m_orders) {
        if (o.isOpen())
            open.push_back(o.id);
    }
    std::vector<Canceled> out;
    for (std::string &id : open) {
        Result<SimOrder> r = cancel(id, now);
        out.push_back(Canceled{std::move(id), std::move(r)});
    }
    return out;
}

PaperAccount::Closed PaperAccount::closePosition(const std::string &symbolOrAssetId, const Close &c,
                                                 Timestamp now, const PriceLookup &lookup) {
    Closed out;
    auto pos = m_positions.find(symbolOrAssetId);
    if (pos == m_positions.end())
        pos = std::find_if(m_positions.begin(), m_positions.end(), [&](const auto &p) {
            return !p.second.assetId.empty() && p.second.assetId == symbolOrAssetId;
        });
    if (pos == m_positions.end()) {
        out.order = Error{"position does not exist", 404, kNotFound};
        return out;
    }
    const SimPosition &p = pos->second;
    const bool isLong = p.qty > 0.0;
    const double held = std::abs(p.qty);
    out.symbol = p.symbol;
    out.existingQty = p.qty;
    out.availableQty =
        std::max(held - (isLong ? openSellQty(p.symbol) : openBuyQty(p.symbol)), 0.0);

    // The message for both parameters is ours: Alpaca documents them as exclusive, not its words.
    if (c.qty && c.percentage) {
        out.order = invalidRequest("qty and percentage are mutually exclusive");
        return out;
    }
    double qty = held;
    if (c.qty) {
        const auto q = parseDecimal(*c.qty);
        if (!q || *q <= 0.0) {
            out.order = invalidRequest("invalid qty");
            return out;
        }
        qty = *q;
    } else if (c.percentage) {
        const auto pct = parseDecimal(*c.percentage);
        if (!pct || *pct <= 0.0 || *pct > 100.0) {
            out.order = invalidRequest("percentage must be between 0 and 100");
            return out;
        }
        // "Would only sell fractional if position is originally fractional": a whole position
        // closes whole units, rounded down (assumed; Alpaca does not say which way). Nothing
        // left after rounding is submit()'s "qty must be > 0".
        qty = held * *pct / 100.0;
        qty = held == std::floor(held) ? std::floor(qty + 1e-9) : std::round(qty * 1e9) / 1e9;
    }
    // Alpaca's words from its close-all example ([PY-POS]); submit() says the same for a long.
    if (qty > out.availableQty + 1e-9) {
        out.order = Error{"insufficient qty available for order (requested: " + qtyText(qty) +
                              ", available: " + qtyText(out.availableQty) + ")",
                          403, kForbidden};
        return out;
    }
    // Alpaca closes at the market, for the day ([PY-POS] samples: type market).
    OrderSubmission s;
    s.symbol = p.symbol;
    s.qty = qtyText(qty);
    s.side = isLong ? "sell" : "buy";
    s.type = "market";
    s.timeInForce = "day";
    s.positionIntent = isLong ? "sell_to_close" : "buy_to_close";
    out.order = submit(s, now, lookup);
    return out;
}

std::vector<PaperAccount::Closed> PaperAccount::closeAllPositions(bool cancelOrders, Timestamp now,
                                                                  const PriceLookup &lookup) {
    if (cancelOrders)
        cancelAll(now);
    std::vector<std::string> symbols;
    for (const auto &[symbol, pos] : m_positions)
        symbols.push_back(symbol);
    std::vector<Closed> out;
    for (const std::string &symbol : symbols)
        out.push_back(closePosition(symbol, Close{}, now, lookup));
    return out;
}

Result<Unit> PaperAccount::doNotExercise(const std::string &symbol, const PriceLookup &lookup,
                                         Timestamp now) {
    const auto price = lookup(symbol);
    if (!price || price->assetClass != "us_option")
        return Error{"invalid symbol", 422, kUnprocessable};
    const auto pos = m_positions.find(symbol);
    if (pos == m_positions.end() || pos->second.qty == 0.0)
        return Error{"no available position for the specified contract", 403, kForbidden};
    if (pos->second.qty < 0.0)
        return Error{"cannot submit DNE for short position", 403, 40310001};
    // [OPT-OVW]: only on the contract's expiration day.
    const auto occ = parseOccSymbol(symbol);
    if (!occ.ok() || easternDate(now) != occ->expiry)
        return Error{"dne requests are only accepted on the expiration day of the option contract",
                     403, kForbidden};
    pos->second.doNotExercise = true;
    return Unit{};
}

Result<SimOrder> PaperAccount::replace(const std::string &id, const Replacement &r, Timestamp now,
                                       const PriceLookup &lookup) {
    const auto it = m_byId.find(id);
    if (it == m_byId.end())
        return Error{"order not found for " + id, 404, kNotFound};
    const std::size_t index = it->second;
    {
        const SimOrder &old = m_orders[index];
        if (!old.legs.empty()) // Alpaca's options overview: 403 40310000
            return Error{"replace mleg order is disabled", 403, kForbidden};
        if (old.status == "replaced")
            return Error{"order already replaced", 422, kUnprocessable};
        if (!old.isOpen())
            return Error{"order is not open", 422, kUnprocessable};
        // "Order cannot be replaced when the status is accepted, pending_new, ..."
        if (old.status == "accepted" || old.status == "pending_new")
            return Error{"cannot replace order in " + old.status + " status", 422, kUnprocessable};
    }
    std::optional<double> qty;
    if (r.qty) {
        qty = parseDecimal(*r.qty);
        if (!qty || *qty <= 0.0 || *qty != std::floor(*qty))
            return invalidRequest("qty must be a positive whole number");
    }
    const SimOrder old = m_orders[index];
    // A price left out keeps the old one; one the order's type does not take is refused.
    const auto limitField = r.limitPrice
                                ? priceField(r.limitPrice, "limit_price",
                                             oneOf(old.type, {"limit", "stop_limit"}), old.type)
                                : Result<std::optional<double>>(std::nullopt);
    if (!limitField)
        return limitField.error();
    const std::optional<double> limit = *limitField;
    const auto stopField = r.stopPrice
                               ? priceField(r.stopPrice, "stop_price",
                                            oneOf(old.type, {"stop", "stop_limit"}), old.type)
                               : Result<std::optional<double>>(std::nullopt);
    if (!stopField)
        return stopField.error();
    const std::optional<double> stop = *stopField;
    if (r.timeInForce && !oneOf(*r.timeInForce, {"day", "gtc"}))
        return invalidRequest("invalid time_in_force");
    const double newQty = qty.value_or(old.qty);
    const std::optional<double> newLimit = limit ? limit : old.limitPrice;
    const std::string newTif = r.timeInForce.value_or(old.timeInForce);
    const std::optional<double> newStop = stop ? stop : old.stopPrice;
    if (newQty == old.qty && newLimit == old.limitPrice && newTif == old.timeInForce &&
        newStop == old.stopPrice)
        return Error{"order parameters are not changed", 422, kUnprocessable};
    if (newQty <= old.filledQty)
        return Error{"qty must be > filled_qty", 422, kUnprocessable};
    if (r.clientOrderId && r.clientOrderId->size() > 128)
        return invalidRequest("client_order_id must be no more than 128 characters");
    if (r.clientOrderId && m_byClientId.contains(*r.clientOrderId))
        return Error{"client_order_id must be unique", 422, kUnprocessable};

    double reserved = 0.0;
    if (old.side == "buy") {
        const auto price = lookup(old.symbol);
        const double unit = newLimit
                                ? *newLimit
                                : (price && price->quote.ask > 0.0 ? price->quote.ask
                                                                   : old.limitPrice.value_or(0.0));
        reserved = unit * (newQty - old.filledQty) * old.multiplier;
        // The old order's hold is released by the replace, so it counts as available.
        if (reserved > buyingPower(lookup) + old.reserved + 1e-9)
            return Error{old.assetClass == "us_option" ? "insufficient options buying power"
                                                       : "insufficient buying power",
                         403, kForbidden};
    } else if (old.reserved > 0.0) {
        reserved = old.reserved / std::max(old.qty - old.filledQty, 1.0) * (newQty - old.filledQty);
    }

    SimOrder n = old;
    n.id = newOrderId();
    n.clientOrderId = r.clientOrderId ? *r.clientOrderId : newOrderId();
    n.qty = newQty;
    n.limitPrice = newLimit;
    n.stopPrice = newStop;
    n.triggered = false;
    n.timeInForce = newTif;
    n.status = n.assetClass == "us_option" ? "pending_new" : "accepted";
    n.filledQty = 0.0;
    n.filledAvgPrice.reset();
    n.filledAt.reset();
    n.createdAt = n.updatedAt = n.submittedAt = now;
    n.replaces = old.id;
    n.replacedBy.clear();
    n.replacedAt.reset();
    n.nextEventAt = now + m_options.acceptDelay;
    n.reserved = reserved;
    // The filled part stays with the old order; the new one works what is left.
    n.qty = newQty - old.filledQty;

    SimOrder &o = m_orders[index];
    o.status = "replaced";
    o.replacedAt = now;
    o.replacedBy = n.id;
    o.updatedAt = now;
    o.reserved = 0.0;
    m_byId.emplace(n.id, m_orders.size());
    m_byClientId.emplace(n.clientOrderId, m_orders.size());
    m_orders.push_back(n);
    return n;
}

Result<Unit> PaperAccount::exercise(const std::string &symbol, const PriceLookup &lookup,
                                    Timestamp now) {
    const auto price = lookup(symbol);
    if (!price || price->assetClass != "us_option" || !price->strike || !price->optionType)
        return Error{"invalid symbol", 422, kUnprocessable};
    const auto pos = m_positions.find(symbol);
    if (pos == m_positions.end() || pos->second.qty == 0.0)
        return Error{"no available position for the specified contract", 403, kForbidden};
    if (pos->second.qty < 0.0)
        return Error{"cannot exercise short position", 403, 40310001};
    if (pos->second.doNotExercise) // [OPT-OVW]'s words
        return Error{"cannot exercise position marked as do-not-exercise", 403, kForbidden};
    // [OPT-OVW]: none from the close (16:00 New York, 13:00 on an early close) until midnight.
    if (now >= marketCloseInstant(easternDate(now)))
        return Error{"exercise requests are not accepted after market close until midnight", 403,
                     kForbidden};
    const double contracts = pos->second.qty;
    const double shares = contracts * pos->second.multiplier;
    const double cash = *price->strike * shares;
    const bool call = *price->optionType == OptionType::Call;
    if (call && cash > m_cash + 1e-9)
        return Error{"insufficient cash available (required: " + qtyText(cash) +
                         ", available: " + qtyText(std::floor(m_cash)) + ")",
                     403, kForbidden};
    book("OPEXC", now, symbol, -contracts).description = "Option Exercise";
    m_positions.erase(symbol); // OPEXC: the contracts are gone
    // The underlying leg (OPTRD): a call buys the shares at the strike, a put sells them.
    moveShares(parseUnderlying(symbol), call ? shares : -shares, *price->strike, now, lookup);
    return Unit{};
}

SimActivity &PaperAccount::book(std::string type, Timestamp now, const std::string &symbol,
                                double qty) {
    using namespace std::chrono;
    const auto ms = now.time_since_epoch().count();
    const auto utc = floor<days>(now);
    const year_month_day d{utc};
    const hh_mm_ss<milliseconds> t{now - utc};
    char stamp[24];
    std::snprintf(stamp, sizeof stamp, "%04d%02u%02u%02d%02d%02d%03d", int(d.year()),
                  unsigned(d.month()), unsigned(d.day()), int(t.hours().count()),
                  int(t.minutes().count()), int(t.seconds().count()), int(t.subseconds().count()));
    ++m_activitySeq;
    SimActivity a;
    // The uuid starts with the booking sequence: ids of the same millisecond sort in order.
    a.id = std::string(stamp) + "::" +
           formatUuid((m_activitySeq << 32) |
                          (splitmix64(static_cast<std::uint64_t>(ms)) & 0xFFFFFFFFULL),
                      splitmix64(m_activitySeq ^ static_cast<std::uint64_t>(ms)));
    a.type = std::move(type);
    a.time = now;
    const year_month_day ny = easternDate(now);
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02u-%02u", int(ny.year()), unsigned(ny.month()),
                  unsigned(ny.day()));
    a.date = date;
    a.symbol = symbol;
    a.qty = qty;
    m_activities.push_back(std::move(a));
    return m_activities.back();
}

void PaperAccount::moveShares(const std::string &underlying, double shares, double strike,
                              Timestamp now, const PriceLookup &lookup) {
    SimPosition &stock = m_positions[underlying];
    if (stock.symbol.empty()) {
        stock.symbol = underlying;
        stock.assetClass = "us_equity";
        stock.multiplier = 1.0;
        if (const auto s = lookup(underlying))
            stock.assetId = s->assetId;
    }
    m_cash -= shares * strike;
    stock.costBasis += shares * strike;
    stock.qty += shares;
    if (std::abs(stock.qty) < 1e-9)
        m_positions.erase(underlying);
    SimActivity &trd = book("OPTRD", now, underlying, shares);
    trd.price = strike;
    trd.netAmount = -shares * strike;
    trd.description = "Option Trade";
}

int PaperAccount::settleExpiries(Timestamp now, const PriceLookup &lookup) {
    std::vector<std::string> due;
    for (const auto &[symbol, pos] : m_positions) {
        if (pos.assetClass != "us_option")
            continue;
        const auto occ = parseOccSymbol(symbol);
        if (occ.ok() && now >= optionExpiryInstant(occ->expiry))
            due.push_back(symbol);
    }
    int settled = 0;
    for (const std::string &symbol : due) {
        const OccSymbol occ = parseOccSymbol(symbol).value();
        const SimPosition pos = m_positions[symbol];
        const auto spot = lookup(occ.root);
        const double strike = occ.strike();
        const bool call = occ.type == OptionType::Call;
        // Alpaca exercises what is in the money by a cent or more at the close.
        const double intrinsic = !spot ? 0.0 : call ? spot->mark - strike : strike - spot->mark;
        const bool itm = intrinsic >= 0.01;
        const double shares = std::abs(pos.qty) * pos.multiplier;
        m_positions.erase(symbol);
        settled += static_cast<int>(std::abs(pos.qty));
        // A long marked do-not-exercise expires like an OTM one (assumed: Alpaca books OPEXP).
        if (!itm || (pos.qty > 0.0 && pos.doNotExercise)) {
            book("OPEXP", now, symbol, -pos.qty).description = "Option Expiry";
            continue;
        }
        if (pos.qty > 0.0) {
            book("OPEXC", now, symbol, -pos.qty).description = "Option Exercise";
            moveShares(occ.root, call ? shares : -shares, strike, now, lookup);
        } else {
            book("OPASN", now, symbol, -pos.qty).description = "Option Assignment";
            // Assigned: a short call delivers the shares, a short put takes them.
            moveShares(occ.root, call ? -shares : shares, strike, now, lookup);
        }
    }
    return settled;
}

std::optional<double> PaperAccount::fillPrice(const SimOrder &o, const InstrumentPrice &p,
                                              Timestamp now) const {
    if (!p.quoteUsable)
        return std::nullopt;
    const Quote &q = p.quote;
    const double m = (q.bid + q.ask) / 2.0;
    // A stop waits until the market reached its price (process() sets `triggered`: a buy stop
    // when the ask rises to it, a sell stop when the bid falls to it); then it works as a
    // market (stop) or limit (stop_limit) order.
    if (o.stopPrice && !o.triggered)
        return std::nullopt;
    const bool market = o.type == "market" || o.type == "stop";
    if (o.side == "buy") {
        if (market)
            return q.ask;
        if (*o.limitPrice >= q.ask)
            return q.ask;
        // A patient limit at or above the mid gets filled at its price after a while, as a
        // market maker would; below the mid it waits for the market to come to it.
        if (*o.limitPrice >= m && now >= o.patientFillAt)
            return *o.limitPrice;
        return std::nullopt;
    }
    if (q.bid <= 0.0)
        return std::nullopt;
    if (market)
        return q.bid;
    if (*o.limitPrice <= q.bid)
        return q.bid;
    if (*o.limitPrice <= m && now >= o.patientFillAt)
        return *o.limitPrice;
    return std::nullopt;
}

void PaperAccount::process(Timestamp now, const PriceLookup &lookup) {
    settleExpiries(now, lookup);
    if (m_equity.empty() || now - m_equity.back().time >= std::chrono::minutes{1}) {
        m_equity.push_back({now, account(lookup).equity});
        // Thirty days of minutes at most: the history endpoint's intraday limit.
        if (m_equity.size() > 30u * 24u * 60u)
            m_equity.erase(m_equity.begin(), m_equity.begin() + 24 * 60);
    }
    for (SimOrder &o : m_orders) {
        if (o.isOpen() && o.timeInForce == "day" && now >= o.dayEndsAt) {
            o.status = "expired";
            o.expiredAt = now;
            o.updatedAt = now;
            o.reserved = 0.0;
            continue;
        }
        if (!o.isOpen() || now < o.nextEventAt)
            continue;
        if (o.status == "pending_new" || o.status == "accepted") {
            o.status = "new";
            o.updatedAt = now;
            o.nextEventAt = now + m_options.fillDelay;
            o.patientFillAt = now + 3 * m_options.fillDelay;
            continue;
        }
        if (!m_options.fillOutsideSession && !isRegularSession(now))
            continue;
        if (!o.legs.empty()) {
            processMleg(o, now, lookup);
            continue;
        }
        const auto price = lookup(o.symbol);
        if (!price)
            continue;
        if (o.stopPrice && !o.triggered && price->quoteUsable) {
            const Quote &q = price->quote;
            o.triggered =
                o.side == "buy" ? q.ask >= *o.stopPrice : (q.bid > 0.0 && q.bid <= *o.stopPrice);
            if (o.triggered)
                o.updatedAt = now;
        }
        const auto fill = fillPrice(o, *price, now);
        if (!fill)
            continue;
        applyFill(o, nextFillQty(o), *fill, now);
    }
}

void PaperAccount::bookFill(const std::string &symbol, const std::string &assetId,
                            const std::string &assetClass, double multiplier, bool buy, double qty,
                            double price) {
    SimPosition &pos = m_positions[symbol];
    if (pos.symbol.empty()) {
        pos.symbol = symbol;
        pos.assetId = assetId;
        pos.assetClass = assetClass;
        pos.multiplier = multiplier;
    }
    const double signedQty = buy ? qty : -qty;
    const double value = qty * price * multiplier;
    m_cash += buy ? -value : value;
    if (pos.qty == 0.0 || (pos.qty > 0.0) == (signedQty > 0.0)) {
        pos.costBasis += signedQty * price * multiplier;
    } else {
        const double held = std::abs(pos.qty);
        const double closed = std::min(qty, held);
        pos.costBasis *= (held - closed) / held;
        const double opened = qty - closed;
        if (opened > 0.0)
            pos.costBasis += (signedQty > 0.0 ? opened : -opened) * price * multiplier;
    }
    pos.qty += signedQty;
    if (std::abs(pos.qty) < 1e-9)
        m_positions.erase(symbol);
}

double PaperAccount::nextFillQty(const SimOrder &o) const {
    if (o.filledQty == 0.0 && o.qty >= m_options.partialFillFrom)
        return std::floor(o.qty / 2.0);
    return o.qty - o.filledQty;
}

void PaperAccount::recordOrderFill(SimOrder &o, double qty, double price, Timestamp now) {
    const double before = o.qty - o.filledQty;
    o.filledAvgPrice =
        (o.filledAvgPrice.value_or(0.0) * o.filledQty + price * qty) / (o.filledQty + qty);
    o.filledQty += qty;
    o.reserved *= before > 0.0 ? (before - qty) / before : 0.0;
    o.updatedAt = now;
    o.nextEventAt = now + m_options.fillDelay;
    if (o.filledQty >= o.qty - 1e-9) {
        o.status = "filled";
        o.filledAt = now;
        o.reserved = 0.0;
    } else {
        o.status = "partially_filled";
    }
}

void PaperAccount::applyFill(SimOrder &o, double qty, double price, Timestamp now) {
    bookFill(o.symbol, o.assetId, o.assetClass, o.multiplier, o.side == "buy", qty, price);
    recordOrderFill(o, qty, price, now);
    bookFillActivity({o.id, o.status, o.symbol, o.side, o.assetClass == "us_option", qty, price,
                      o.filledQty, std::max(0.0, o.qty - o.filledQty)},
                     now);
}

void PaperAccount::bookFillActivity(const FillActivity &f, Timestamp now) {
    SimActivity &fill = book("FILL", now, f.symbol, f.qty);
    fill.price = f.price;
    fill.side = f.side;
    fill.cumQty = f.cumQty;
    fill.leavesQty = f.leavesQty;
    fill.fillType = f.status == "filled" ? "fill" : "partial_fill";
    fill.orderId = f.orderId;
    fill.orderStatus = f.status;
    // Regulatory fees, as Alpaca books them: FEE activities beside the fill, cash debited.
    if (f.option) {
        for (const OptionFee &fee : optionFees(f.qty, f.side == "sell")) {
            SimActivity &a = book("FEE", now, f.symbol, 0.0);
            a.subType = fee.subType;
            a.netAmount = -fee.amount;
            a.description = fee.subType + " fee";
            m_cash -= fee.amount;
        }
    }
}

void PaperAccount::rollDay(const PriceLookup &lookup) {
    m_lastEquity = account(lookup).equity;
    for (auto &[symbol, pos] : m_positions)
        pos.overnightQty = pos.qty;
}

const SimOrder *PaperAccount::order(const std::string &id) const {
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &m_orders[it->second];
}

const SimOrder *PaperAccount::orderByClientOrderId(const std::string &clientOrderId) const {
    const auto it = m_byClientId.find(clientOrderId);
    return it == m_byClientId.end() ? nullptr : &m_orders[it->second];
}

bool PaperAccount::hasOpenOrders() const {
    return std::any_of(m_orders.begin(), m_orders.end(),
                       [](const SimOrder &o) { return o.isOpen(); });
}

double PaperAccount::openSellQty(const std::string &symbol) const {
    double q = 0.0;
    for (const SimOrder &o : m_orders) {
        if (!o.isOpen())
            continue;
        if (o.side == "sell" && o.symbol == symbol)
            q += o.qty - o.filledQty;
        // A multi-leg order's legs: its units left times each leg's ratio.
        for (const SimLeg &leg : o.legs)
            if (leg.side == "sell" && leg.symbol == symbol)
                q += (o.qty - o.filledQty) * leg.ratioQty;
    }
    return q;
}

double PaperAccount::openBuyQty(const std::string &symbol) const {
    double q = 0.0;
    for (const SimOrder &o : m_orders) {
        if (!o.isOpen())
            continue;
        if (o.side == "buy" && o.symbol == symbol)
            q += o.qty - o.filledQty;
        // A multi-leg order's legs: its units left times each leg's ratio.
        for (const SimLeg &leg : o.legs)
            if (leg.side == "buy" && leg.symbol == symbol)
                q += (o.qty - o.filledQty) * leg.ratioQty;
    }
    return q;
}

double PaperAccount::shortPutCollateral(const PriceLookup &lookup) const {
    double c = 0.0;
    for (const auto &[symbol, pos] : m_positions) {
        if (pos.qty >= 0.0 || pos.assetClass != "us_option")
            continue;
        const auto p = lookup(symbol);
        if (p && p->strike)
            c += *p->strike * pos.multiplier * -pos.qty;
    }
    return c;
}

double PaperAccount::buyingPower(const PriceLookup &lookup) const {
    double reserved = 0.0;
    for (const SimOrder &o : m_orders) {
        if (o.isOpen())
            reserved += o.reserved;
    }
    return std::max(m_cash - reserved - shortPutCollateral(lookup), 0.0);
}

std::vector<PositionView> PaperAccount::positions(const PriceLookup &lookup) const {
    std::vector<PositionView> out;
    for (const auto &[symbol, pos] : m_positions) {
        PositionView v;
        v.position = pos;
        const auto p = lookup(symbol);
        double current = p ? p->mark : 0.0;
        if (p && p->quoteUsable && p->quote.bid > 0.0)
            current = (p->quote.bid + p->quote.ask) / 2.0;
        v.currentPrice = current;
        v.lastdayPrice = p && p->prevClose > 0.0 ? p->prevClose : current;
        v.avgEntryPrice = pos.costBasis / (pos.qty * pos.multiplier);
        v.marketValue = pos.qty * current * pos.multiplier;
        v.unrealizedPl = v.marketValue - pos.costBasis;
        v.unrealizedPlpc = pos.costBasis != 0.0 ? v.unrealizedPl / std::abs(pos.costBasis) : 0.0;
        // The day's P&L: what was held overnight from the previous close, what was opened today
        // from its entry (API.md's example: a position opened today has unrealized_intraday_pl
        // equal to unrealized_pl). A position both held and added to today is priced at its
        // average entry for the added part.
        const double overnight =
            pos.overnightQty * pos.qty > 0.0
                ? std::copysign(std::min(std::abs(pos.overnightQty), std::abs(pos.qty)), pos.qty)
                : 0.0;
        const double dayBase =
            (overnight * v.lastdayPrice + (pos.qty - overnight) * v.avgEntryPrice) * pos.multiplier;
        v.unrealizedIntradayPl = v.marketValue - dayBase;
        v.unrealizedIntradayPlpc =
            dayBase != 0.0 ? v.unrealizedIntradayPl / std::abs(dayBase) : 0.0;
        v.changeToday = v.lastdayPrice > 0.0 ? (current - v.lastdayPrice) / v.lastdayPrice : 0.0;
        v.qtyAvailable = pos.qty > 0.0 ? std::max(pos.qty - openSellQty(symbol), 0.0) : pos.qty;
        out.push_back(v);
    }
    return out;
}

AccountView PaperAccount::account(const PriceLookup &lookup) const {
    AccountView a;
    a.id = m_accountId;
    a.accountNumber = m_accountNumber;
    a.createdAt = m_createdAt;
    a.cash = m_cash;
    for (const PositionView &p : positions(lookup)) {
        if (p.marketValue >= 0.0)
            a.longMarketValue += p.marketValue;
        else
            a.shortMarketValue += p.marketValue;
    }
    a.equity = m_cash + a.longMarketValue + a.shortMarketValue;
    a.lastEquity = m_lastEquity;
    a.buyingPower = buyingPower(lookup);
    a.optionsBuyingPower = a.buyingPower;
    a.optionsApprovedLevel = m_options.optionsLevel;
    a.optionsTradingLevel = m_options.optionsLevel;
    return a;
}

PaperAccount::State PaperAccount::state() const {
    State s;
    s.accountId = m_accountId;
    s.accountNumber = m_accountNumber;
    s.createdAt = m_createdAt;
    s.cash = m_cash;
    s.lastEquity = m_lastEquity;
    s.orders = m_orders;
    for (const auto &[symbol, p] : m_positions)
        s.positions.push_back(p);
    s.activities = m_activities;
    return s;
}

void PaperAccount::restore(State s) {
    m_accountId = std::move(s.accountId);
    m_accountNumber = std::move(s.accountNumber);
    m_createdAt = s.createdAt;
    m_cash = s.cash;
    m_lastEquity = s.lastEquity;
    m_orders = std::move(s.orders);
    m_byId.clear();
    m_byClientId.clear();
    for (std::size_t i = 0; i < m_orders.size(); ++i) {
        m_byId[m_orders[i].id] = i;
        m_byClientId[m_orders[i].clientOrderId] = i;
    }
    m_positions.clear();
    for (SimPosition &p : s.positions)
        m_positions[p.symbol] = std::move(p);
    m_activities = std::move(s.activities);
    m_activitySeq = std::max<std::uint64_t>(m_activitySeq, m_activities.size());
}

} // namespace cg::market
