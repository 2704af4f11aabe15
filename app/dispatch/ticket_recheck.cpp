#include "dispatch/ticket_recheck.h"

#include "dispatch/account_step.h"
#include "dispatch/decision_pipeline.h"
#include "dispatch/holdings_read.h"
#include "dispatch/order_precautions.h"
#include "dispatch/position_intent.h"
#include "dispatch/quote_age.h"
#include "dispatch/risk_limits.h"
#include "dispatch/stop_trigger.h"
#include "dispatch/strategy_pipeline.h"
#include "domain/black_scholes_greeks.h"
#include "domain/closable_contracts.h"
#include "domain/number_format.h"
#include "domain/sellable_shares.h"

#include <algorithm>
#include <cmath>
#include <memory>

namespace cg {

namespace {

class Recheck : public std::enable_shared_from_this<Recheck> {
public:
    Recheck(MarketData &md, Broker &broker, RecheckInputs in,
            std::function<void(TicketVerdict)> done)
        : m_md(md)
        , m_broker(broker)
        , m_in(std::move(in))
        , m_done(std::move(done))
        , m_d(m_in.proposal) {
        m_d.decidedAt = m_in.now;
    }

    void start() {
        if (!m_d.placesOrder())
            return refuse("Nothing to confirm: the ticket has no order");
        const TicketChanges &c = m_in.changes;
        if (c.qty && *c.qty <= 0)
            return hold("Quantity " + std::to_string(*c.qty) + " is not a positive whole number." +
                        kNothingSent);
        if (c.limitPrice && (!std::isfinite(*c.limitPrice) || !(*c.limitPrice > 0.0)))
            return hold("Limit price " + formatPrice(*c.limitPrice) + " must be above 0." +
                        kNothingSent);
        if (c.orderType && *c.orderType != m_d.orderType) {
            m_d.orderType = *c.orderType;
            if (!hasLimitPrice(m_d.orderType))
                m_d.limitPrice.reset(); // recorded as sent: no limit on a market or stop order
        }
        if (c.limitPrice && !hasLimitPrice(m_d.orderType))
            return hold(std::string("A limit price was given for a ") +
                        orderTypeName(m_d.orderType) + " order." + kNothingSent);
        if (c.stopPrice && (!std::isfinite(*c.stopPrice) || !(*c.stopPrice > 0.0)))
            return hold("Stop price " + formatPrice(*c.stopPrice) + " must be above 0." +
                        kNothingSent);
        if (m_d.order) {
            m_d.order->type = m_d.orderType;
            if (c.timeInForce)
                m_d.order->timeInForce = *c.timeInForce;
            if (c.stopPrice)
                m_d.order->stopPrice = *c.stopPrice;
            if (!hasStopPrice(m_d.orderType))
                m_d.order->stopPrice.reset();
            else if (!m_d.order->stopPrice)
                return hold(std::string("A ") + orderTypeName(m_d.orderType) +
                            " order needs a stop price." + kNothingSent);
            if (m_d.isOption() && m_d.order->timeInForce != "day" &&
                m_d.order->timeInForce != "gtc")
                return hold("Alpaca takes options orders for the day or good till canceled, not " +
                            m_d.order->timeInForce + "." + kNothingSent);
        }
        if (hasLimitPrice(m_d.orderType) && !c.limitPrice && !m_in.proposal.limitPrice)
            return hold(std::string("A ") + orderTypeName(m_d.orderType) +
                        " order needs a limit price." + kNothingSent);
        m_qty = c.qty.value_or(m_d.qty);
        auto self = shared_from_this();
        m_md.underlyingPrice(m_d.signal.symbol,
                             [self](Result<UnderlyingPrice> r) { self->onPrice(std::move(r)); });
    }

private:
    void finish(TicketVerdict::Kind kind, std::string why = {}, bool overridable = false) {
        TicketVerdict v;
        v.kind = kind;
        v.why = std::move(why);
        v.overridable = overridable;
        v.precautions = overridable ? m_precautions : 0u;
        v.quantitySet = m_quantitySet;
        v.decision = std::move(m_d);
        m_done(std::move(v));
    }

    void refuse(std::string reason) {
        m_d.mode = ExecutionMode::SimulatedFallback;
        m_d.fallbackReason = std::move(reason);
        m_d.order.reset();
        finish(TicketVerdict::Kind::Refuse);
    }

    // The ticket keeps waiting with the refreshed figures in m_d.
    void hold(std::string why, bool overridable = false) {
        syncOrder();
        finish(TicketVerdict::Kind::Hold, std::move(why), overridable);
    }

    double multiplier() const {
        if (!m_d.isOption())
            return 1.0;
        return m_d.contract && m_d.contract->multiplier > 0.0 ? m_d.contract->multiplier : 100.0;
    }

    // The order request and the shown cost follow qty, limit and price.
    void syncOrder() {
        m_d.cost = m_d.qty * m_d.price * multiplier();
        // The recorded sizing describes the order sent, not the proposal's price.
        if (m_d.sizing) {
            m_d.sizing->costPerContract = m_d.price * multiplier();
            m_d.sizing->totalCost = m_d.cost;
        }
        if (m_d.order) {
            m_d.order->qty = m_d.qty;
            m_d.order->limitPrice = hasLimitPrice(m_d.orderType) ? m_d.limitPrice : std::nullopt;
        }
    }

    void setLimit(double limit) {
        m_d.limitPrice = limit;
        m_d.price = limit;
    }

    // The trader's price: typed now, or typed before and put on its tick by a hold (the
    // proposal's limit is then the trader's, not a mid to move with the market).
    bool typedLimit() const {
        if (m_in.changes.limitFromPrice)
            return false;
        return m_in.changes.limitPrice.has_value() ||
               m_in.proposal.limitChoice == LimitChoice::Typed;
    }
    double shownLimit() const {
        return m_in.changes.limitPrice.value_or(m_in.proposal.limitPrice.value_or(0.0));
    }
    bool selling() const { return m_d.order && m_d.order->side == OrderSide::Sell; }
    // The stop price of a stop or stop limit: the trader's, as a typed limit is.
    std::optional<double> typedStop() const {
        if (!m_d.order || !hasStopPrice(m_d.orderType))
            return std::nullopt;
        return m_d.order->stopPrice;
    }
    static std::string offTick(const char *what, double price, double tick, double onTick) {
        return std::string(what) + " " + formatPrice(price) + " is not on the option's " +
               formatPrice(tick) + " tick; the nearest is " + formatPrice(onTick) + "." +
               kNothingSent;
    }
    void holdStopTriggers(const std::string &refusal) {
        hold("At confirmation: " + refusal + "." + kNothingSent +
             " Move the stop beyond the market and confirm again.");
    }

    // The price the ticket costed an order without a limit at. Without the ticket's figure (a
    // caller that sends none), the proposal's price is the one shown only when its type is the
    // proposal's.
    std::optional<double> shownCrossingPrice() const {
        if (m_in.changes.shownPrice)
            return m_in.changes.shownPrice;
        if (m_d.orderType == m_in.proposal.orderType)
            return m_in.proposal.price;
        return std::nullopt;
    }

    // What an order without a limit (market, stop) would pay: the ask to buy, the bid to sell;
    // a stop fills at its stop price at best, so the worse of the two.
    double crossingPrice(const Quote &q) const {
        const double side = selling() ? q.bid : q.ask;
        const auto stop = m_d.order ? m_d.order->stopPrice : std::nullopt;
        if (m_d.orderType != OrderType::Stop || !stop)
            return side;
        return selling() ? std::min(side, *stop) : std::max(side, *stop);
    }

    void onPrice(Result<UnderlyingPrice> r) {
        if (!r || !(r->price > 0.0))
            return hold("Could not re-check the price of " + m_d.signal.symbol +
                        (r ? std::string(": no valid price") : ": " + r.error().message) + "." +
                        kNothingSent + " Confirm again to retry.");
        m_d.underlyingPrice = r->price;
        m_d.underlyingTime = r->time;
        if (m_d.isOption())
            return fetchQuote();
        m_lastPrice = r->price;
        if (const auto stop = typedStop())
            if (auto refusal = stopTriggersAtOnce(m_d.order->side, *stop, r->price, "the price"))
                return holdStopTriggers(*refusal);
        if (hasLimitPrice(m_d.orderType) && !typedLimit() && m_in.proposal.limitPrice) {
            const double shown = shownLimit();
            const double now = std::round(r->price * 100.0) / 100.0;
            if (std::abs(now - shown) / shown * 100.0 > kStockLimitDriftPct + 1e-9) {
                setLimit(now);
                return hold(m_d.signal.symbol + " moved from " + formatPrice(shown) + " to " +
                            formatPrice(now) + " since the ticket was shown: the limit is now " +
                            formatPrice(now) + "." + kNothingSent +
                            " Confirm again to send at the new limit.");
            }
        }
        if (!hasLimitPrice(m_d.orderType)) {
            // As an option's: the price it crosses (a stop's when worse) against the one the
            // ticket costed it at, to buy dearer or sell cheaper than shown.
            std::optional<double> shown = shownCrossingPrice();
            m_d.price = r->price;
            if (const auto stop = m_d.order ? m_d.order->stopPrice : std::nullopt;
                m_d.orderType == OrderType::Stop && stop)
                m_d.price = selling() ? std::min(r->price, *stop) : std::max(r->price, *stop);
            if (shown && !selling() && m_d.price > *shown + 1e-9)
                return hold(m_d.signal.symbol + " rose from " + formatPrice(*shown) + " to " +
                            formatPrice(m_d.price) + " since the ticket was shown." + kNothingSent +
                            " Confirm again to send at the new cost.");
            if (shown && selling() && m_d.price < *shown - 1e-9)
                return hold(m_d.signal.symbol + " fell from " + formatPrice(*shown) + " to " +
                            formatPrice(m_d.price) + " since the ticket was shown." + kNothingSent +
                            " Confirm again to send at the new price.");
        }
        // A stock's close by hand is checked as a close once the account is read (onAccount).
        if (!selling() || m_d.closesPosition())
            return fetchAccount();
        auto self = shared_from_this();
        readHoldings(m_broker, [self](Result<Holdings> h) {
            if (!h)
                return self->hold(h.error().message + "." + kNothingSent);
            self->onSellable(h->positions, h->open);
        });
    }

    // A stock SELL never sells more than is held minus what open sell orders already offer.
    void onSellable(const std::vector<Position> &positions, const std::vector<Order> &open) {
        const Sellable s = sellableShares(positions, open, m_d.signal.symbol);
        const int available = static_cast<int>(std::floor(s.available() + 1e-9));
        const std::string held = describeSellable(s, m_d.signal.symbol);
        if (available < 1)
            return refuse("Nothing left to sell: " + held);
        if (m_qty > available) {
            m_d.qty = available;
            m_quantitySet = true;
            return hold("Quantity " + std::to_string(m_qty) + " is more than can be sold: " + held +
                        ", so at most " + std::to_string(available) + ". Quantity set to " +
                        std::to_string(available) + "." + kNothingSent);
        }
        fetchAccount();
    }

    void fetchQuote() {
        auto self = shared_from_this();
        m_md.optionChain(ChainQuery::forContract(m_d.signal.symbol, *m_d.contract),
                         [self](Result<OptionChain> r) { self->onChain(std::move(r)); });
    }

    void onChain(Result<OptionChain> r) {
        const std::string symbol = m_d.contract->symbol;
        if (!r)
            return hold("Could not re-check the quote of " + symbol + ": " + r.error().message +
                        "." + kNothingSent + " Confirm again to retry.");
        const OptionContract *fresh = nullptr;
        for (const OptionContract &c : r->contracts) {
            if (c.symbol == symbol)
                fresh = &c;
        }
        if (!fresh)
            return refuse("At confirmation: " + symbol + " is no longer quoted");
        m_d.contract = *fresh;
        completeGreeks(*m_d.contract, *m_d.underlyingPrice, m_in.now); // as the proposal did
        fresh = &*m_d.contract;
        m_d.gates = evaluateGates(*fresh, m_in.settings.gates, m_in.now);
        // A manual trade is on the contract the trader chose: only a valid quote and an
        // unexpired contract are required (spread, OI and volume pick a signal's contract).
        const bool manual = m_d.source != DecisionSource::Signal;
        const GateResult *failure = m_d.gates->firstFailure();
        if (manual) {
            failure = nullptr;
            for (GateId id : {GateId::QuoteValid, GateId::NotExpired}) {
                // A buy to close needs only an ask (a short nearly worthless has no bid).
                if (id == GateId::QuoteValid && m_d.order &&
                    closesOnAskAlone(m_d.order->intent, fresh->quote))
                    continue;
                if (!(*m_d.gates)[id].pass && !failure)
                    failure = &(*m_d.gates)[id];
            }
        }
        if (failure)
            return hold("At confirmation: " + failure->reason() + "." + kNothingSent +
                        " The ticket shows the new quote.");
        if (!manual)
            if (auto refusal = moneynessRefusal(*fresh, m_d.params, *m_d.underlyingPrice,
                                                m_in.settings.maxOtmAbsDelta))
                return hold("At confirmation: " + *refusal + "." + kNothingSent);
        if (auto stale = quoteAgeRefusal(*fresh, m_in.now, m_in.settings.maxQuoteAgeSec,
                                         m_in.settings.maxQuoteAgeOffHoursSec))
            return hold("At confirmation: " + *stale + "." + kNothingSent +
                        " Confirm again when the quote is fresh.");
        const Quote &q = *fresh->quote; // the quote-valid gate passed
        // The stop is the trader's price as a typed limit is: off the tick it is held and put on
        // the nearest one (the ticket snaps it at Confirm; Alpaca would refuse it).
        if (const auto stop = typedStop()) {
            const double tick = m_in.settings.tickTable().tick(
                optionClass(*fresh), *stop, m_in.settings.tickEvidence(fresh->quote));
            const double onTick = nearestTickPrice(*stop, tick);
            if (std::abs(onTick - *stop) > 1e-9) {
                m_d.order->stopPrice = onTick;
                return hold(offTick("Stop", *stop, tick, onTick));
            }
            if (auto refusal = stopTriggersAtOnce(m_d.order->side, *stop, q))
                return holdStopTriggers(*refusal);
        }
        if (!hasLimitPrice(m_d.orderType)) {
            // The ticket costed it at the price it showed (the ask to buy, the bid to sell, a
            // stop's when worse): a worse one now would buy dearer or sell cheaper than shown,
            // whether the type was proposed or chosen on the ticket.
            const std::optional<double> shown = shownCrossingPrice();
            m_d.price = crossingPrice(q);
            if (shown && !selling() && m_d.price > *shown + 1e-9)
                return hold("The ask rose from " + formatPrice(*shown) + " to " +
                            formatPrice(m_d.price) + " since the ticket was shown." + kNothingSent +
                            " Confirm again to send at the new cost.");
            if (shown && selling() && m_d.price < *shown - 1e-9)
                return hold("The bid fell from " + formatPrice(*shown) + " to " +
                            formatPrice(m_d.price) + " since the ticket was shown." + kNothingSent +
                            " Confirm again to send at the new price.");
            return fetchAccount();
        }
        const double limit = shownLimit();
        // A stop limit's limit is where it works once triggered, away from today's market.
        // The proposal's limit no longer sits in the market: propose the new mid instead. Not when
        // the new mid is the limit shown: the class's ticks put it there (a penny quote on a
        // class listed for nickels, where the quote proves nothing), and holding again would
        // offer the same limit at every Confirm.
        const double midNow =
            limitPriceAtMid(q, optionClass(*fresh), m_d.order->side, m_in.settings);
        if (m_d.orderType == OrderType::Limit && !typedLimit() &&
            (limit < q.bid - 1e-9 || limit > q.ask + 1e-9) && std::abs(midNow - limit) > 1e-9) {
            setLimit(midNow);
            m_d.limitChoice = LimitChoice::Mid;
            return hold("The market moved: bid/ask is now " + formatPrice(q.bid) + " / " +
                        formatPrice(q.ask) + ", outside the limit " + formatPrice(limit) +
                        " shown. New limit " + formatPrice(*m_d.limitPrice) + " (the mid)." +
                        kNothingSent + " Confirm again to send it.");
        }
        if (typedLimit()) {
            const double tick = m_in.settings.tickTable().tick(
                optionClass(*fresh), limit, m_in.settings.tickEvidence(fresh->quote));
            // Under half the first tick, the first tick: $0.00 is no price.
            const double onTick = nearestTickPrice(limit, tick);
            if (std::abs(onTick - limit) > 1e-9) {
                setLimit(onTick);
                m_d.limitChoice = LimitChoice::Typed;
                return hold(offTick("Limit", limit, tick, onTick));
            }
        }
        fetchAccount();
    }

    void fetchAccount() {
        auto self = shared_from_this();
        m_broker.account([self](Result<Account> a) { self->onAccount(std::move(a)); });
    }

    void onAccount(Result<Account> r) {
        if (!r)
            return hold("Could not read the account: " + r.error().message + "." + kNothingSent +
                        " Confirm again to retry.");
        const Account &a = *r;
        if (auto refusal = noteAccount(m_d, a))
            return refuse(*refusal);
        if (!m_in.preRefusal.empty())
            return refuse(m_in.preRefusal);
        const RiskState state = riskStateOf(m_d, m_in.killSwitch, m_in.ordersToday);
        if (auto refusal = m_d.reducesRisk() ? checkCloseRiskState(state)
                                             : checkRiskState(m_in.settings.risk, state))
            return refuse(*refusal);
        if (m_d.source != DecisionSource::Manual || !m_d.order)
            return checkOrder(a);
        auto self = shared_from_this();
        if (!m_d.isOption()) {
            if (!m_d.closesPosition())
                return checkOrder(a);
            // A stock's close.
            readHoldings(m_broker, [self, a](Result<Holdings> h) {
                if (!h)
                    return self->hold(h.error().message + "." + kNothingSent +
                                      " Confirm again to retry.");
                const OrderRequest &order = *self->m_d.order;
                if (auto nothing = nothingToClose(order.symbol, order.side,
                                                  stockPosition(h->positions, order.symbol)))
                    return self->refuse("At confirmation: " + *nothing);
                self->checkLeftToClose(a, closableShares(h->positions, h->open, order.symbol));
            });
            return;
        }
        // The options level, the cover of a written call and the position a close needs are
        // asked again: the account or the position may have changed since the proposal. A close
        // reads the open orders too (holdings_read.h).
        const auto withPositions = [self, a](const std::vector<Position> &positions,
                                             const std::vector<Order> &open) {
            const Decision &d = self->m_d;
            const double price = hasLimitPrice(d.orderType) ? self->shownLimit() : d.price;
            IntentCheck check = intentCheckFor(d.order->intent, *d.contract, d.signal.symbol,
                                               self->m_qty, price, d.order->side, a, positions);
            // Buying power is checkOrder's to judge here: it holds the ticket with the new
            // figures (a signal's and a trader's alike) rather than refusing it.
            check.premium = 0.0;
            if (auto refusal = intentRefusal(check))
                return self->refuse("At confirmation: " + *refusal);
            if (isOpening(d.order->intent))
                return self->checkOrder(a);
            self->checkLeftToClose(a, closableContracts(positions, open, d.order->symbol));
        };
        const auto unread = [self](const std::string &why) {
            self->hold(why + "." + kNothingSent + " Confirm again to retry.");
        };
        if (isOpening(m_d.order->intent))
            return m_broker.positions([withPositions, unread](Result<std::vector<Position>> p) {
                if (!p)
                    return unread("Could not read the positions: " + p.error().message);
                withPositions(*p, {});
            });
        readHoldings(m_broker, [withPositions, unread](Result<Holdings> h) {
            if (!h)
                return unread(h.error().message);
            withPositions(h->positions, h->open);
        });
    }

    // A close's quantity against what is left to close: held less what open orders close.
    void checkLeftToClose(const Account &a, const Closable &c) {
        const OrderRequest &order = *m_d.order;
        const int available = static_cast<int>(std::floor(c.available() + 1e-9));
        m_d.closableQty = available; // a held ticket's maximum follows
        const std::string what = describeClosable(c, order.symbol, order.side == OrderSide::Buy);
        m_d.closableWords = what;
        if (available < 1)
            return refuse("At confirmation: nothing left to close: " + what);
        if (m_qty > available) {
            m_d.qty = available;
            m_quantitySet = true;
            return hold("Quantity " + std::to_string(m_qty) + " is more than is left to close: " +
                        what + ", so at most " + std::to_string(available) + ". Quantity set to " +
                        std::to_string(available) + "." + kNothingSent);
        }
        checkOrder(a);
    }

    void checkOrder(const Account &a) {
        const RiskState state = riskStateOf(m_d, m_in.killSwitch, m_in.ordersToday);

        // From here on the figures are the ticket's: what was shown is what is sent. A hold
        // below leaves the proposal's own figures in m_d (the trader's typed ones stay typed).
        const bool limitOrder = hasLimitPrice(m_d.orderType);
        const double price = limitOrder ? shownLimit() : m_d.price;
        const int shownQty = m_qty;
        const double cost = shownQty * price * multiplier();
        const bool buying = !selling();
        // A stock's buy to cover spends no budget and needs no buying power (stock_close.h).
        const bool stockClose = !m_d.isOption() && m_d.closesPosition();
        // The per-order limits hold every opening order, a sell to open too, as the proposal
        // does (manual_order.cpp); a close reduces risk and only the day's limits apply.
        const bool opening = m_d.order && m_d.order->intent != PositionIntent::None
                                 ? isOpening(m_d.order->intent)
                                 : buying && !stockClose;
        if (opening) {
            const ProposedOrder po{shownQty, price, multiplier(), m_d.isOption()};
            if (auto refusal = checkRiskLimits(m_in.settings.risk, state, po))
                return hold(*refusal + "." + kNothingSent);
        }
        // A close is not held for buying power or budget: it reduces risk, and an option's
        // short ties up the very buying power its buy back would need (its collateral). Alpaca
        // answers for it; its refusal is shown.
        const bool spends = buying && opening;
        if (spends) {
            const double power = m_d.isOption() ? a.optionsBuyingPower : a.buyingPower;
            if (cost > power + 1e-9)
                return hold("Insufficient buying power: the order costs " + formatMoney(cost) +
                            ", buying power is " + formatMoney(power) + "." + kNothingSent);
        }
        // Overridden: only the precautions the trader saw held (a quote moved since may trip
        // another, which holds again).
        const unsigned waived = !m_in.changes.overridePrecautions ? 0u
                                : m_in.changes.overriddenPrecautions
                                    ? *m_in.changes.overriddenPrecautions
                                    : ~0u;
        {
            PrecautionInput pi;
            pi.side = buying ? OrderSide::Buy : OrderSide::Sell;
            if (limitOrder)
                pi.limitPrice = price;
            if (m_d.orderType == OrderType::StopLimit && m_d.order)
                pi.stopPrice = m_d.order->stopPrice;
            if (m_d.isOption())
                pi.quote = m_d.contract->quote;
            pi.lastPrice = m_lastPrice;
            pi.cost = spends ? cost : 0.0; // a sale or a close spends no budget
            pi.budget = m_d.sizing ? m_d.sizing->budget : m_d.budget;
            const TrippedPrecautions tripped = judgePrecautions(m_in.settings.precautions, pi);
            if ((tripped.kinds & ~waived) != 0) {
                std::string why;
                for (const std::string &t : tripped.reasons)
                    why += t + ". ";
                m_precautions = tripped.kinds;
                return hold(why + "Nothing was sent. To send it anyway, tick the override and "
                                  "confirm again.",
                            true);
            }
        }
        if (limitOrder)
            setLimit(price);
        m_d.qty = shownQty;
        syncOrder();
        finish(TicketVerdict::Kind::Send);
    }

    MarketData &m_md;
    Broker &m_broker;
    RecheckInputs m_in;
    std::function<void(TicketVerdict)> m_done;
    Decision m_d;
    int m_qty = 0;
    bool m_quantitySet = false;        // a hold set the quantity to what is left
    unsigned m_precautions = 0;        // PrecautionKind bits of an overridable hold
    std::optional<double> m_lastPrice; // stocks
};

} // namespace

void recheckTicket(MarketData &marketData, Broker &broker, RecheckInputs inputs,
                   std::function<void(TicketVerdict)> done) {
    if (inputs.proposal.multiLeg) // the legs, the net limit and the combination
        return recheckStrategyTicket(marketData, broker, std::move(inputs), std::move(done));
    std::make_shared<Recheck>(marketData, broker, std::move(inputs), std::move(done))->start();
}

} // namespace cg
