#include "dispatch/manual_order.h"

#include "dispatch/account_step.h"
#include "dispatch/decision_run.h"
#include "dispatch/holdings_read.h"
#include "dispatch/position_intent.h"
#include "dispatch/quote_age.h"
#include "dispatch/risk_limits.h"
#include "dispatch/stock_close.h"
#include "domain/closable_contracts.h"
#include "domain/occ_symbol.h"
#include "domain/tick_table.h"

#include <cmath>
#include <memory>

namespace cg {

namespace {

class ManualRun : public DecisionRun, public std::enable_shared_from_this<ManualRun> {
public:
    ManualRun(MarketData &md, Broker &broker, ManualInputs in, DecisionCallback done)
        : DecisionRun(std::move(done))
        , m_md(md)
        , m_broker(broker)
        , m_in(std::move(in)) {
        m_d = manualDecision(m_in); // an option order by hand always carries a limit
    }

    void start() {
        auto occ = parseOccSymbol(m_in.order.contract);
        if (!occ) {
            m_d.signal.symbol = m_in.order.contract;
            return failed("Not an option contract: " + m_in.order.contract);
        }
        m_occ = *occ;
        m_underlying = m_occ.underlying(); // not the root: AAPL1 is no stock (occ_symbol.h)
        m_d.signal.symbol = m_underlying;
        m_d.signal.action = m_occ.type == OptionType::Call ? SignalAction::Call : SignalAction::Put;
        auto self = shared_from_this();
        m_md.underlyingPrice(m_underlying,
                             [self](Result<UnderlyingPrice> r) { self->onPrice(std::move(r)); });
    }

private:
    void onPrice(Result<UnderlyingPrice> r) {
        if (!takePrice(m_underlying, r))
            return;
        OptionContract probe;
        probe.type = m_occ.type;
        probe.strike = m_occ.strike();
        probe.expiry = m_occ.expiry;
        auto self = shared_from_this();
        m_md.optionChain(ChainQuery::forContract(m_underlying, probe),
                         [self](Result<OptionChain> c) { self->onChain(std::move(c)); });
    }

    void onChain(Result<OptionChain> r) {
        if (!r)
            return failed("Could not read the quote of " + m_in.order.contract + ": " +
                          r.error().message);
        m_d.chainSize = static_cast<int>(r->contracts.size());
        for (const OptionContract &c : r->contracts) {
            if (c.symbol == m_in.order.contract)
                m_d.contract = c;
        }
        if (!m_d.contract)
            return fallback(m_in.order.contract + " is not listed or not quoted");
        m_d.contractSelected = true;
        m_d.candidates = 1;
        m_d.gates = evaluateGates(*m_d.contract, m_in.settings.gates, m_in.now);
        for (GateId id : {GateId::QuoteValid, GateId::NotExpired}) {
            const GateResult &g = (*m_d.gates)[id];
            // A quote with an ask may still buy a short back (closesOnAskAlone): told once the
            // position is read.
            if (!g.pass && id == GateId::QuoteValid &&
                closesOnAskAlone(PositionIntent::BuyToClose, m_d.contract->quote) &&
                m_in.order.side == OrderSide::Buy)
                m_quoteRefusal = g.reason();
            else if (!g.pass)
                return fallback(g.reason());
        }
        // The expiry-day rule sends its close without a ticket or its re-check (which checks the
        // quote's age): priced on a quote that stopped updating, the close rests unfilled, counts
        // as working, and the position is assigned. Refused here; the rule tries again.
        if (m_in.order.source == DecisionSource::ExpiryRule) {
            if (auto stale = quoteAgeRefusal(*m_d.contract, m_in.now, m_in.settings.maxQuoteAgeSec,
                                             m_in.settings.maxQuoteAgeOffHoursSec)) {
                m_d.quoteTooOld = true;
                return fallback(*stale);
            }
        }
        auto self = shared_from_this();
        m_broker.account([self](Result<Account> a) { self->onAccount(std::move(a)); });
    }

    void onAccount(Result<Account> r) {
        if (!r)
            return failed("Could not read the account: " + r.error().message);
        m_account = *r;
        m_d.budget = m_account.equity * m_d.params.riskPct / 100.0; // recorded with a refusal too
        if (auto refusal = noteAccount(m_d, m_account))
            return fallback(*refusal);
        auto self = shared_from_this();
        readHoldings(m_broker, [self](Result<Holdings> h) { self->onHoldings(std::move(h)); });
    }

    void onHoldings(Result<Holdings> h) {
        if (!h)
            return failed(h.error().message);
        const std::vector<Position> &positions = h->positions;
        double held = 0.0;
        for (const Position &p : positions) {
            if (p.symbol == m_in.order.contract)
                held = p.qty;
        }
        m_d.heldQty = held;
        const OrderSide side = m_in.order.side;
        const PositionIntent intent = choosePositionIntent(side, held);
        if (m_in.order.closeOnly && isOpening(intent))
            return fallback(nothingToClose(m_in.order.contract, side, held)
                                .value_or("Nothing to close: " + m_in.order.contract));
        if (m_quoteRefusal && !closesOnAskAlone(intent, m_d.contract->quote))
            return fallback(*m_quoteRefusal);
        if (isOpening(intent))
            return propose(intent, positions, std::nullopt);
        // A close takes what open orders on the contract do not close already.
        propose(intent, positions, closableContracts(positions, h->open, m_in.order.contract));
    }

    void propose(PositionIntent intent, const std::vector<Position> &positions,
                 const std::optional<Closable> &closable) {
        const OrderSide side = m_in.order.side;
        const double held = m_d.heldQty;
        const OptionContract &c = *m_d.contract;
        const double mult = c.multiplier > 0.0 ? c.multiplier : 100.0;
        int qty = m_in.order.qty;
        if (closable) {
            const int available = static_cast<int>(std::floor(closable->available() + 1e-9));
            m_d.closableQty = available; // the ticket's maximum
            const std::string what = describeClosable(*closable, c.symbol, held < 0);
            m_d.closableWords = what;
            if (available < 1)
                return fallback("Nothing left to close: " + what +
                                ". Cancel or replace that order instead");
            if (qty <= 0)
                qty = available;
            else if (qty > available)
                return fallback("Closing " + std::to_string(qty) + " is more than is left: " +
                                what + ", so at most " + std::to_string(available));
        }
        if (qty <= 0)
            qty = isOpening(intent) ? 1 : static_cast<int>(std::floor(std::abs(held) + 1e-9));
        const Quote &q = *c.quote; // the quote gate passed
        const auto limit = manualLimit(m_in.order.limit, m_in.order.typedLimit, q, optionClass(c),
                                       side, m_in.settings);
        if (!limit)
            return fallback("No limit price: the quote has no " +
                            std::string(m_in.order.limit == LimitChoice::Bid ? "bid" : "price"));
        m_d.limitPrice = *limit;
        m_d.limitChoice = m_in.order.limit;
        m_d.price = *limit;
        m_d.qty = qty;
        m_d.cost = qty * *limit * mult;

        if (auto refusal = intentRefusal(
                intentCheckFor(intent, c, m_underlying, qty, *limit, side, m_account, positions)))
            return fallback(*refusal);

        // Closing reduces risk: only the kill switch holds it.
        const RiskState state = riskStateOf(m_d, m_in.killSwitch, m_in.ordersToday);
        std::optional<std::string> refusal;
        if (!m_in.preRefusal.empty())
            refusal = m_in.preRefusal;
        else if (isOpening(intent))
            refusal =
                checkRiskLimits(m_in.settings.risk, state, ProposedOrder{qty, *limit, mult, true});
        else
            refusal = checkCloseRiskState(state);
        if (refusal)
            return fallback(*refusal);
        if (m_in.orderMode == ExecutionMode::AlpacaLive && !m_in.settings.liveTradingEnabled)
            return fallback(kLiveTradingOffReason);

        OrderRequest req;
        req.symbol = c.symbol;
        req.qty = qty;
        req.side = side;
        req.type = OrderType::Limit;
        req.limitPrice = *limit;
        req.timeInForce = "day";
        req.clientOrderId = m_in.clientOrderId;
        req.intent = intent;
        m_d.order = std::move(req);
        m_d.mode = m_in.orderMode;
        finish();
    }

    MarketData &m_md;
    Broker &m_broker;
    ManualInputs m_in;
    OccSymbol m_occ;
    std::string m_underlying;
    std::optional<std::string> m_quoteRefusal; // the quote gate's, unless the order buys to close
    Account m_account;
};

} // namespace

Decision manualDecision(const ManualInputs &in) {
    Decision d;
    d.source = in.order.source;
    d.decidedAt = in.now;
    d.clientOrderId = in.clientOrderId;
    d.signal.strategy = in.order.strategy;
    d.signal.source = std::string(toString(in.order.source));
    d.params = in.settings.params(in.order.strategy);
    d.orderType = OrderType::Limit;
    return d;
}

void proposeManual(MarketData &marketData, Broker &broker, ManualInputs inputs,
                   DecisionCallback done) {
    // A stock is traded by hand only to close its position.
    if (inputs.order.closeOnly && !parseOccSymbol(inputs.order.contract))
        return proposeStockClose(marketData, broker, std::move(inputs), std::move(done));
    std::make_shared<ManualRun>(marketData, broker, std::move(inputs), std::move(done))->start();
}

std::optional<double> manualLimit(LimitChoice choice, std::optional<double> typed, const Quote &q,
                                  std::string_view optionClass, OrderSide side,
                                  const DispatcherSettings &settings) {
    switch (choice) {
    case LimitChoice::Mid:
        return limitPriceAtMid(q, optionClass, side, settings);
    case LimitChoice::Bid:
        return q.bid > 0.0 ? std::optional(q.bid) : std::nullopt;
    case LimitChoice::Ask:
        return q.ask > 0.0 ? std::optional(q.ask) : std::nullopt;
    case LimitChoice::Typed:
        return typed && *typed > 0.0 ? typed : std::nullopt;
    }
    return std::nullopt;
}

} // namespace cg
