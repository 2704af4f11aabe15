#include "dispatch/ticket_recheck.h"

#include "dispatch/decision_pipeline.h"
#include "dispatch/money_text.h"
#include "dispatch/risk_limits.h"
#include "domain/number_format.h"

#include <cmath>
#include <memory>

namespace cg {

namespace {

class Recheck : public std::enable_shared_from_this<Recheck> {
public:
    Recheck(MarketData &md, Broker &broker, RecheckInputs in, std::function<void(Decision)> done)
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
        if (m_in.changes.qty && *m_in.changes.qty <= 0)
            return refuse("Quantity " + std::to_string(*m_in.changes.qty) +
                          " is not a positive whole number");
        if (m_in.changes.limitPrice &&
            (!std::isfinite(*m_in.changes.limitPrice) || !(*m_in.changes.limitPrice > 0.0)))
            return refuse("Limit price " + formatPrice(*m_in.changes.limitPrice) +
                          " must be above 0");
        auto self = shared_from_this();
        m_md.underlyingPrice(m_d.signal.symbol,
                             [self](Result<UnderlyingPrice> r) { self->onPrice(std::move(r)); });
    }

private:
    void refuse(std::string reason) {
        m_d.mode = ExecutionMode::SimulatedFallback;
        m_d.fallbackReason = std::move(reason);
        m_d.order.reset();
        m_done(std::move(m_d));
    }

    void onPrice(Result<UnderlyingPrice> r) {
        if (!r || !(r->price > 0.0))
            return refuse("At confirmation: could not read the price of " + m_d.signal.symbol +
                          (r ? std::string() : ": " + r.error().message));
        m_d.underlyingPrice = r->price;
        m_d.underlyingTime = r->time;
        if (!m_d.isOption()) {
            m_d.price = r->price;
            if (m_d.orderType == OrderType::Limit)
                m_d.limitPrice = std::round(r->price * 100.0) / 100.0;
            return fetchAccount();
        }
        const OptionContract &c = *m_d.contract;
        ChainQuery q;
        q.underlying = m_d.signal.symbol;
        q.type = c.type;
        q.strikeMin = c.strike;
        q.strikeMax = c.strike;
        q.expiryFrom = c.expiry;
        q.expiryTo = c.expiry;
        auto self = shared_from_this();
        m_md.optionChain(q, [self](Result<OptionChain> r) { self->onChain(std::move(r)); });
    }

    void onChain(Result<OptionChain> r) {
        const std::string symbol = m_d.contract->symbol;
        if (!r)
            return refuse("At confirmation: could not read the quote of " + symbol + ": " +
                          r.error().message);
        const OptionContract *fresh = nullptr;
        for (const OptionContract &c : r->contracts) {
            if (c.symbol == symbol)
                fresh = &c;
        }
        if (!fresh)
            return refuse("At confirmation: " + symbol + " is no longer quoted");
        m_d.contract = *fresh;
        m_d.gates = evaluateGates(*fresh, m_in.settings.gates, m_in.now);
        if (const GateResult *failure = m_d.gates->firstFailure())
            return refuse("At confirmation: " + failure->reason);
        if (auto refusal = moneynessRefusal(*fresh, m_d.params, *m_d.underlyingPrice,
                                            m_in.settings.maxOtmAbsDelta))
            return refuse("At confirmation: " + *refusal);
        if (m_d.orderType == OrderType::Limit) {
            m_d.limitPrice =
                limitPriceAtMid(*fresh->quote, optionClass(*fresh), m_d.order->side, m_in.settings);
            m_d.price = *m_d.limitPrice;
        } else {
            m_d.price = fresh->quote->ask;
        }
        fetchAccount();
    }

    void fetchAccount() {
        if (m_in.changes.limitPrice) {
            if (m_d.orderType != OrderType::Limit)
                return refuse("A limit price was given for a market order");
            const double tick = m_d.isOption()
                                    ? m_in.settings.tickTable().tick(optionClass(*m_d.contract),
                                                                     *m_in.changes.limitPrice)
                                    : 0.01;
            m_d.limitPrice = roundToTick(*m_in.changes.limitPrice, tick);
            m_d.price = *m_d.limitPrice;
        }
        auto self = shared_from_this();
        m_broker.account([self](Result<Account> a) { self->onAccount(std::move(a)); });
    }

    void onAccount(Result<Account> r) {
        if (!r)
            return refuse("At confirmation: could not read the account: " + r.error().message);
        const Account &a = *r;
        m_d.equity = a.equity;
        m_d.optionsBuyingPower = a.optionsBuyingPower;
        m_d.dailyPnl = a.lastEquity > 0.0 ? a.equity - a.lastEquity : 0.0;
        if (a.tradingBlocked)
            return refuse("The account is blocked from trading");
        const double multiplier =
            m_d.isOption() ? (m_d.contract->multiplier > 0.0 ? m_d.contract->multiplier : 100.0)
                           : 1.0;
        const int qty = m_in.changes.qty.value_or(m_d.qty);
        const double cost = qty * m_d.price * multiplier;
        const bool buying = !m_d.order || m_d.order->side == OrderSide::Buy;
        const double power = m_d.isOption() ? a.optionsBuyingPower : a.buyingPower;
        if (buying && cost > power + 1e-9)
            return refuse("Insufficient buying power: the order costs " + formatMoney(cost) +
                          ", buying power is " + formatMoney(power));
        if (!m_in.preRefusal.empty())
            return refuse(m_in.preRefusal);
        const RiskState state{m_in.killSwitch, m_in.ordersToday, *m_d.dailyPnl};
        const auto refusal =
            buying ? checkRiskLimits(m_in.settings.risk, state,
                                     ProposedOrder{qty, m_d.price, multiplier, m_d.isOption()})
                   : checkRiskState(m_in.settings.risk, state);
        if (refusal)
            return refuse(*refusal);
        m_d.qty = qty;
        m_d.cost = cost;
        m_d.order->qty = qty;
        m_d.order->limitPrice = m_d.orderType == OrderType::Limit ? m_d.limitPrice : std::nullopt;
        m_done(std::move(m_d));
    }

    MarketData &m_md;
    Broker &m_broker;
    RecheckInputs m_in;
    std::function<void(Decision)> m_done;
    Decision m_d;
};

} // namespace

void recheckTicket(MarketData &marketData, Broker &broker, RecheckInputs inputs,
                   std::function<void(Decision)> done) {
    std::make_shared<Recheck>(marketData, broker, std::move(inputs), std::move(done))->start();
}

} // namespace cg
