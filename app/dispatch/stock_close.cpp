#include "dispatch/stock_close.h"

#include "dispatch/account_step.h"
#include "dispatch/decision_run.h"
#include "dispatch/holdings_read.h"
#include "dispatch/risk_limits.h"
#include "domain/closable_contracts.h"

#include <cmath>
#include <memory>

namespace cg {

namespace {

class StockCloseRun : public DecisionRun, public std::enable_shared_from_this<StockCloseRun> {
public:
    StockCloseRun(MarketData &md, Broker &broker, ManualInputs in, DecisionCallback done)
        : DecisionRun(std::move(done))
        , m_md(md)
        , m_broker(broker)
        , m_in(std::move(in)) {
        m_d = manualDecision(m_in);
        m_d.signal.symbol = m_in.order.contract;
        m_d.signal.action =
            m_in.order.side == OrderSide::Sell ? SignalAction::Sell : SignalAction::Buy;
        // At the last price, which the re-check follows (as a SELL signal's), unless typed.
        m_d.limitChoice =
            m_in.order.limit == LimitChoice::Typed ? LimitChoice::Typed : LimitChoice::Mid;
    }

    void start() {
        auto self = shared_from_this();
        m_md.underlyingPrice(symbol(),
                             [self](Result<UnderlyingPrice> r) { self->onPrice(std::move(r)); });
    }

private:
    const std::string &symbol() const { return m_in.order.contract; }

    void onPrice(Result<UnderlyingPrice> r) {
        if (!takePrice(symbol(), r))
            return;
        const std::optional<double> typed =
            m_in.order.limit == LimitChoice::Typed ? m_in.order.typedLimit : std::nullopt;
        m_limit = typed && *typed > 0.0 ? *typed : std::round(r->price * 100.0) / 100.0;
        auto self = shared_from_this();
        m_broker.account([self](Result<Account> a) { self->onAccount(std::move(a)); });
    }

    void onAccount(Result<Account> r) {
        if (r)
            m_d.budget = r->equity * m_d.params.riskPct / 100.0; // recorded with a refusal too
        if (!takeAccount(r))
            return;
        auto self = shared_from_this();
        readHoldings(m_broker, [self](Result<Holdings> h) { self->onHoldings(std::move(h)); });
    }

    void onHoldings(Result<Holdings> h) {
        if (!h)
            return failed(h.error().message);
        const double held = stockPosition(h->positions, symbol());
        m_d.heldQty = held;
        if (auto nothing = nothingToClose(symbol(), m_in.order.side, held))
            return fallback(*nothing);
        propose(closableShares(h->positions, h->open, symbol()));
    }

    void propose(const Closable &closable) {
        const int available = static_cast<int>(std::floor(closable.available() + 1e-9));
        m_d.closableQty = available; // the ticket's maximum
        const std::string what =
            describeClosable(closable, symbol(), m_in.order.side == OrderSide::Buy);
        m_d.closableWords = what;
        if (available < 1) {
            // What would free some: the working order, else the short calls (describeClosable
            // says so); a fraction of a share is not closed from here.
            std::string next;
            if (closable.held < 1.0)
                next = " (less than one share: not closed from here)";
            else if (closable.inOpenCloses >= 1.0)
                next = ". Cancel or replace that order instead";
            return fallback("Nothing left to close: " + what + next);
        }
        int qty = m_in.order.qty;
        if (qty <= 0)
            qty = available;
        else if (qty > available)
            return fallback("Closing " + std::to_string(qty) + " is more than is left: " + what +
                            ", so at most " + std::to_string(available));
        m_d.qty = qty;
        m_d.limitPrice = m_limit;
        m_d.price = m_limit;
        m_d.cost = qty * m_limit;

        // Closing reduces risk: only the kill switch holds it.
        std::optional<std::string> refusal =
            m_in.preRefusal.empty()
                ? checkCloseRiskState(riskStateOf(m_d, m_in.killSwitch, m_in.ordersToday))
                : std::optional<std::string>(m_in.preRefusal);
        if (refusal)
            return fallback(*refusal);
        if (m_in.orderMode == ExecutionMode::AlpacaLive && !m_in.settings.liveTradingEnabled)
            return fallback(kLiveTradingOffReason);

        OrderRequest req;
        req.symbol = symbol();
        req.qty = qty;
        req.side = m_in.order.side;
        req.type = OrderType::Limit;
        req.limitPrice = m_limit;
        req.timeInForce = "day";
        req.clientOrderId = m_in.clientOrderId;
        m_d.order = std::move(req);
        m_d.mode = m_in.orderMode;
        finish();
    }

    MarketData &m_md;
    Broker &m_broker;
    ManualInputs m_in;
    double m_limit = 0.0;
};

} // namespace

void proposeStockClose(MarketData &marketData, Broker &broker, ManualInputs inputs,
                       DecisionCallback done) {
    std::make_shared<StockCloseRun>(marketData, broker, std::move(inputs), std::move(done))
        ->start();
}

} // namespace cg
