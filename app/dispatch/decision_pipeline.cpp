#include "dispatch/decision_pipeline.h"

#include "dispatch/account_step.h"
#include "dispatch/decision_run.h"
#include "dispatch/holdings_read.h"
#include "dispatch/log.h"
#include "dispatch/quote_age.h"
#include "dispatch/risk_limits.h"
#include "domain/black_scholes_greeks.h"
#include "domain/eastern_time.h"
#include "domain/number_format.h"
#include "domain/sellable_shares.h"
#include "domain/strike_selection.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

namespace cg {

namespace {

constexpr std::string_view kNoContract = "No suitable option contract found";

// One decision in flight: the steps share this state and hand it on through callbacks.
class Run : public DecisionRun, public std::enable_shared_from_this<Run> {
public:
    Run(MarketData &md, Broker &broker, DecisionInputs in, DecisionCallback done)
        : DecisionRun(std::move(done))
        , m_md(md)
        , m_broker(broker)
        , m_in(std::move(in)) {
        m_d.signal = m_in.signal;
        m_d.decidedAt = m_in.now;
        m_d.dryRun = m_in.dryRun;
        m_d.clientOrderId = m_in.clientOrderId;
        m_d.params = m_in.settings.params(m_in.signal.strategy);
        m_d.orderType = m_in.settings.orderType;
    }

    void start() {
        auto self = shared_from_this();
        m_md.underlyingPrice(m_in.signal.symbol,
                             [self](Result<UnderlyingPrice> r) { self->onPrice(std::move(r)); });
    }

private:
    void onPrice(Result<UnderlyingPrice> r) {
        if (!takePrice(m_in.signal.symbol, r))
            return;
        if (!m_d.isOption()) {
            m_d.price = r->price;
            return fetchAccount();
        }
        const OptionType type =
            m_in.signal.action == SignalAction::Call ? OptionType::Call : OptionType::Put;
        m_type = type;
        m_d.targetStrike = targetStrike(type, r->price, m_d.params);
        auto self = shared_from_this();
        m_md.optionChain(chainQueryFor(m_in.signal.symbol, type, r->price, m_d.params,
                                       m_in.settings.strikeBandPct, m_in.now),
                         [self](Result<OptionChain> c) { self->onChain(std::move(c)); });
    }

    void onChain(Result<OptionChain> r) {
        if (!r)
            return failed(couldNotRead("the option chain of " + m_in.signal.symbol, r.error()));
        m_chain = std::move(r).value().contracts;
        m_d.chainSize = static_cast<int>(m_chain.size());
        const double spot = *m_d.underlyingPrice;

        // Selection needs only which gates each contract fails (a byte); the full report, with
        // its figures, is made again for the one contract the decision keeps.
        const GateThresholds &thresholds = m_in.settings.gates;
        std::vector<GateMask> failures;
        failures.reserve(m_chain.size());
        for (const OptionContract &c : m_chain)
            failures.push_back(failedGates(c, thresholds, m_in.now));

        const SelectionResult sel =
            selectStrike(m_chain, failures, m_type, spot, m_d.params, m_in.now);
        m_d.targetStrike = sel.targetStrike;
        m_d.candidates = sel.candidates;
        if (!sel.index) {
            if (auto blocked = blockingGate(m_chain, failures, m_type, spot, m_d.params, thresholds,
                                            m_in.now)) {
                m_d.contract = std::move(m_chain[blocked->index]);
                completeGreeks(*m_d.contract, spot, m_in.now); // recorded with the fallback
                m_d.gates = evaluateGates(*m_d.contract, thresholds, m_in.now);
                m_d.contractSelected = false;
                return fallback(blocked->reason);
            }
            return fallback(sel.reason.empty() ? std::string(kNoContract) : sel.reason);
        }
        m_d.contract = std::move(m_chain[*sel.index]);
        // Greeks the feed did not send: computed from the mid for the chosen contract only
        // (selection reads no greeks), before the delta check below reads them.
        completeGreeks(*m_d.contract, spot, m_in.now);
        m_d.gates = evaluateGates(*m_d.contract, thresholds, m_in.now);
        m_d.contractSelected = true;

        if (auto refusal =
                moneynessRefusal(*m_d.contract, m_d.params, spot, m_in.settings.maxOtmAbsDelta))
            return fallback(*refusal);
        if (auto refusal = quoteAgeRefusal(*m_d.contract, m_in.now, m_in.settings.maxQuoteAgeSec,
                                           m_in.settings.maxQuoteAgeOffHoursSec))
            return fallback(*refusal);

        const Quote &q = *m_d.contract->quote; // the quote gate passed
        if (m_d.orderType == OrderType::Limit) {
            // Options are only bought (to open) here.
            m_d.limitPrice =
                limitPriceAtMid(q, optionClass(*m_d.contract), OrderSide::Buy, m_in.settings);
            m_d.price = *m_d.limitPrice;
        } else {
            m_d.price = q.ask;
        }
        fetchAccount();
    }

    void fetchAccount() {
        auto self = shared_from_this();
        m_broker.account([self](Result<Account> a) { self->onAccount(std::move(a)); });
    }

    void onAccount(Result<Account> r) {
        if (r) // recorded with a blocked account's fallback too
            m_d.budget = r->equity * m_d.params.riskPct / 100.0;
        if (!takeAccount(r))
            return;
        const Account &a = *r;
        if (m_d.isOption())
            return sizeOption(a);
        if (m_in.signal.action == SignalAction::Sell) {
            auto self = shared_from_this();
            readHoldings(m_broker,
                         [self, a](Result<Holdings> h) { self->onHoldings(a, std::move(h)); });
            return;
        }
        sizeStock(a, std::nullopt);
    }

    void sizeOption(const Account &a) {
        const OptionContract &c = *m_d.contract;
        SizingInput in;
        in.equity = a.equity;
        in.riskPct = m_d.params.riskPct;
        in.price = m_d.price;
        in.multiplier = c.multiplier > 0.0 ? c.multiplier : 100.0;
        in.optionsBuyingPower = a.optionsBuyingPower;
        in.maxContracts = m_in.settings.risk.maxContractsPerOrder;
        // Sized down to the per-order dollar limit rather than refused for it (the ticket's
        // quantity box is capped the same way).
        in.maxNotional = m_in.settings.risk.maxNotionalPerOrder;
        const SizingResult s = sizePosition(in);
        m_d.sizing = s;
        m_d.budget = s.budget;
        m_d.qty = s.qty;
        m_d.cost = s.totalCost;
        if (s.qty == 0) {
            if (s.reason.find("buying power") != std::string::npos)
                return fallback("Insufficient buying power: one contract costs " +
                                formatMoney(s.costPerContract) + ", options buying power is " +
                                formatMoney(a.optionsBuyingPower));
            return fallback(s.reason);
        }
        ProposedOrder po{s.qty, m_d.price, in.multiplier, true};
        if (auto refusal = checkRisk(po))
            return fallback(*refusal);

        OrderRequest req;
        req.symbol = c.symbol;
        req.qty = s.qty;
        req.side = OrderSide::Buy;
        req.type = m_d.orderType;
        req.limitPrice = m_d.limitPrice;
        req.timeInForce = "day"; // the only time in force every options account accepts
        req.clientOrderId = m_in.clientOrderId;
        req.intent = PositionIntent::BuyToOpen; // without it a sell-side mix-up opens shorts
        propose(std::move(req));
    }

    void onHoldings(const Account &a, Result<Holdings> h) {
        if (!h)
            return failed(h.error().message);
        // Shares already offered by open sell orders are not sold twice, nor those short calls
        // hold.
        const Sellable s = sellableShares(h->positions, h->open, m_in.signal.symbol);
        if (s.held >= 1.0 && s.available() < 1.0)
            return fallback("No " + m_in.signal.symbol +
                            " shares left to sell: " + describeSellable(s, m_in.signal.symbol));
        sizeStock(a, s.available());
    }

    // BUY: shares the budget buys at the live price. SELL: closes the long position (never
    // opens a short).
    void sizeStock(const Account &a, std::optional<double> held) {
        const double price = m_d.price;
        if (m_d.orderType == OrderType::Limit) {
            m_d.limitPrice = std::round(price * 100.0) / 100.0;
            m_d.price = *m_d.limitPrice;
        }
        const bool sell = held.has_value();
        int qty = 0;
        if (sell) {
            qty = static_cast<int>(std::floor(std::max(0.0, *held) + 1e-9));
            if (qty == 0)
                return fallback("No " + m_in.signal.symbol +
                                " shares held to sell (a SELL signal never opens a short)");
        } else {
            qty = static_cast<int>(std::min(1e9, std::floor(m_d.budget / m_d.price + 1e-9)));
            if (qty <= 0)
                return fallback("position size below one share: budget " + formatMoney(m_d.budget) +
                                ", " + m_in.signal.symbol + " at " + formatMoney(m_d.price));
            const double bp = a.buyingPower;
            if (qty * m_d.price > bp) {
                qty = static_cast<int>(std::floor(std::max(0.0, bp) / m_d.price + 1e-9));
                if (qty == 0)
                    return fallback("Insufficient buying power: one share costs " +
                                    formatMoney(m_d.price) + ", buying power is " +
                                    formatMoney(bp));
            }
        }
        m_d.qty = qty;
        m_d.cost = qty * m_d.price;
        // Closing a position reduces risk: only the kill switch holds it.
        auto refusal = sell ? checkCloseRiskState(riskState())
                            : checkRisk(ProposedOrder{qty, m_d.price, 1.0, false});
        if (!refusal && !m_in.preRefusal.empty())
            refusal = m_in.preRefusal;
        if (refusal)
            return fallback(*refusal);

        OrderRequest req;
        req.symbol = m_in.signal.symbol;
        req.qty = qty;
        req.side = sell ? OrderSide::Sell : OrderSide::Buy;
        req.type = m_d.orderType;
        req.limitPrice = m_d.limitPrice;
        req.timeInForce = "day";
        req.clientOrderId = m_in.clientOrderId;
        propose(std::move(req));
    }

    RiskState riskState() const { return riskStateOf(m_d, m_in.killSwitch, m_in.ordersToday); }

    std::optional<std::string> checkRisk(const ProposedOrder &po) const {
        if (!m_in.preRefusal.empty())
            return m_in.preRefusal;
        return checkRiskLimits(m_in.settings.risk, riskState(), po);
    }

    void propose(OrderRequest req) {
        if (m_in.orderMode == ExecutionMode::AlpacaLive && !m_in.settings.liveTradingEnabled)
            return fallback(kLiveTradingOffReason);
        m_d.order = std::move(req);
        m_d.mode = m_in.orderMode;
        finish();
    }

    MarketData &m_md;
    Broker &m_broker;
    DecisionInputs m_in;
    OptionType m_type = OptionType::Call;
    std::vector<OptionContract> m_chain;
};

std::chrono::year_month_day plusDays(std::chrono::year_month_day d, int days) {
    return std::chrono::year_month_day{std::chrono::sys_days{d} + std::chrono::days{days}};
}

} // namespace

void proposeDecision(MarketData &marketData, Broker &broker, DecisionInputs inputs,
                     DecisionCallback done) {
    std::make_shared<Run>(marketData, broker, std::move(inputs), std::move(done))->start();
}

double limitPriceAtMid(const Quote &q, std::string_view optionClass, OrderSide side,
                       const DispatcherSettings &settings) {
    TickRounding how = TickRounding::Nearest;
    if (settings.limitRounding == LimitRounding::Passive)
        how = side == OrderSide::Buy ? TickRounding::Down : TickRounding::Up;
    const TickTable ticks = settings.tickTable();
    // The quote's own grid counts: a penny class missing from the list is still quoted in
    // pennies, and a nickel limit there can land outside its market.
    const std::optional<Quote> seen = settings.tickEvidence(q);
    const double limit = ticks.round(optionClass, mid(q), how, seen);
    // A mid below one tick would round a buy to $0.00, which no order can carry: one tick is the
    // lowest limit.
    return std::max(limit, ticks.tick(optionClass, limit, seen));
}

ChainQuery chainQueryFor(const std::string &underlying, OptionType type, double spot,
                         const StrategyParams &params, double bandPct, Timestamp now) {
    ChainQuery q;
    q.underlying = underlying;
    q.type = type;
    const double band = std::max(0.0, bandPct) / 100.0;
    // The band must reach the target strike even when set narrower than the moneyness distance.
    const double reach = std::max(band, params.moneynessPct / 100.0 * 1.5);
    q.strikeMin = std::floor(spot * (1.0 - reach));
    q.strikeMax = std::ceil(spot * (1.0 + reach));
    const auto today = easternDate(now);
    q.expiryFrom = plusDays(today, std::max(0, params.minDte));
    q.expiryTo = plusDays(today, std::max(params.minDte, params.maxDte));
    q.withOpenInterest = true;
    return q;
}

std::optional<BlockingGate> blockingGate(std::span<const OptionContract> contracts,
                                         std::span<const GateMask> failures, OptionType type,
                                         double spot, const StrategyParams &params,
                                         const GateThresholds &thresholds, Timestamp now) {
    if (contracts.size() != failures.size())
        return std::nullopt;
    // Selection with every gate passed finds the contract the strategy wanted; its real gates
    // say what stood in the way.
    const std::vector<GateMask> allPass(contracts.size(), GateMask{0});
    const SelectionResult wanted = selectStrike(contracts, allPass, type, spot, params, now);
    if (!wanted.index || failures[*wanted.index] == 0)
        return std::nullopt;
    const GateReport report = evaluateGates(contracts[*wanted.index], thresholds, now);
    const GateResult *failure = report.firstFailure();
    if (!failure)
        return std::nullopt;
    return BlockingGate{*wanted.index, failure->reason()};
}

std::optional<std::string> moneynessRefusal(const OptionContract &c, const StrategyParams &params,
                                            double spot, double maxOtmAbsDelta) {
    const bool itm = isInTheMoney(c.type, c.strike, spot);
    const std::string &underlying = c.underlying.empty() ? c.root : c.underlying;
    const std::string where = c.symbol + " (strike " + formatPrice(c.strike) + ") with " +
                              underlying + " at " + formatPrice(spot);
    if (params.moneyness == Moneyness::OTM && itm)
        return "Moneyness check failed: " + where +
               " is in the money; an OTM strategy never buys it";
    if (params.moneyness == Moneyness::ITM && !itm)
        return "Moneyness check failed: " + where +
               " is out of the money; an ITM strategy never buys it";
    if (params.moneyness == Moneyness::OTM && c.greeks && maxOtmAbsDelta > 0.0 &&
        std::abs(c.greeks->delta) > maxOtmAbsDelta)
        return "Moneyness check failed: delta " + formatTrimmed(c.greeks->delta, 3) + " of " +
               where + " says deep in the money; the underlying price looks wrong";
    return std::nullopt;
}

} // namespace cg
