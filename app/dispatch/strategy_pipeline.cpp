#include "dispatch/strategy_pipeline.h"

#include "dispatch/account_step.h"
#include "dispatch/decision_run.h"
#include "dispatch/holdings_read.h"
#include "dispatch/position_intent.h"
#include "dispatch/quote_age.h"
#include "dispatch/risk_limits.h"
#include "domain/black_scholes_greeks.h"
#include "domain/eastern_time.h"
#include "domain/number_format.h"
#include "domain/tick_table.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

namespace cg {

namespace {

std::string legName(const MultiLegStrategy &s, std::size_t i) {
    return "leg " + std::to_string(i + 1) + " (" + describeLeg(s.legs[i]) + ")";
}

// "a debit of 1.20" / "a credit of 0.85": a net price as a trader says it.
std::string netText(double net) {
    return std::string(net >= 0 ? "a debit of " : "a credit of ") + formatPrice(std::abs(net));
}

// The net mid on the tick of the first leg's class, toward the passive side (down: a debit
// never above the mid, a credit never smaller than the mid's).
double netLimitAtMid(const MultiLegStrategy &s, double netMid, const DispatcherSettings &settings) {
    const TickTable ticks = settings.tickTable();
    const double tick = ticks.tick(optionClass(s.legs.front().contract), std::abs(netMid));
    return roundToTick(netMid, tick, TickRounding::Down);
}

// One multi-leg decision in flight; Mode says whose (a signal's, a ticket's, or the ticket's
// re-check at confirmation).
class StrategyRun : public DecisionRun, public std::enable_shared_from_this<StrategyRun> {
public:
    enum class Mode { Signal, Manual, Recheck };

    // A strategy signal.
    StrategyRun(MarketData &md, Broker &broker, DecisionInputs in, DecisionCallback done)
        : DecisionRun(std::move(done))
        , m_md(md)
        , m_broker(broker)
        , m_mode(Mode::Signal)
        , m_settings(in.settings)
        , m_orderMode(in.orderMode)
        , m_now(in.now)
        , m_killSwitch(in.killSwitch)
        , m_ordersToday(in.ordersToday)
        , m_preRefusal(in.preRefusal) {
        m_d.signal = in.signal;
        m_d.decidedAt = in.now;
        m_d.dryRun = in.dryRun;
        m_d.clientOrderId = in.clientOrderId;
        m_kind = *in.signal.multiLeg;
        m_strategy = m_settings.strategySettings(m_kind);
    }

    // A multi-leg ticket; `recheck` is its confirmation (the order's qty and limit as shown).
    StrategyRun(MarketData &md, Broker &broker, ManualStrategyInputs in, DecisionCallback done,
                bool recheck)
        : DecisionRun(std::move(done))
        , m_md(md)
        , m_broker(broker)
        , m_mode(recheck ? Mode::Recheck : Mode::Manual)
        , m_settings(in.settings)
        , m_orderMode(in.orderMode)
        , m_now(in.now)
        , m_killSwitch(in.killSwitch)
        , m_ordersToday(in.ordersToday)
        , m_preRefusal(in.preRefusal)
        , m_order(in.order) {
        m_d.source = DecisionSource::Manual;
        m_d.decidedAt = in.now;
        m_d.clientOrderId = in.clientOrderId;
        m_d.signal.source = std::string(toString(DecisionSource::Manual));
        m_d.signal.symbol = m_order.strategy.underlying;
        m_kind = m_order.strategy.kind;
        m_d.signal.multiLeg = m_kind;
        m_d.signal.action = signalActionFor(m_kind);
        // Legs edited by hand are sized by the settings of the template they were placed from.
        m_strategy = m_settings.strategySettings(m_kind == StrategyTemplate::Custom
                                                     ? m_order.strategy.placedFrom.value_or(m_kind)
                                                     : m_kind);
    }

    // A re-check: the limit was typed on the ticket (kept as typed) rather than proposed (held
    // with the new mid when the market left it).
    void setLimitTyped(bool typed) { m_limitTyped = typed; }

    // Set by a re-check: Hold (the ticket may be confirmed again) rather than Refuse.
    bool held() const { return m_held; }
    bool overridable() const { return m_overridable; }
    const std::string &why() const { return m_why; }

    void start() {
        if (m_mode != Mode::Signal) {
            const MultiLegStrategy &s = m_order.strategy;
            if (s.legs.empty())
                return failed("The strategy has no legs");
            if (s.legs.size() > 4)
                return failed("Alpaca takes at most 4 legs in one order; the strategy has " +
                              std::to_string(s.legs.size()));
            if (s.underlying.empty())
                return failed("The strategy names no underlying");
            if (auto problem = legsProblem(s))
                return failed(*problem);
            if (m_order.qty < 0)
                return failed("Quantity " + std::to_string(m_order.qty) +
                              " is not a positive whole number");
            // Alpaca's multi-leg orders are day orders (API.md: mleg "market/limit, day"; a
            // gtc one is refused with 422 "invalid time in force").
            if (m_order.timeInForce != "day")
                return failed("Alpaca takes multi-leg orders for the day only, not " +
                              m_order.timeInForce);
        }
        auto self = shared_from_this();
        m_md.underlyingPrice(m_d.signal.symbol,
                             [self](Result<UnderlyingPrice> r) { self->onPrice(std::move(r)); });
    }

private:
    // Nothing is sent now but the ticket may be confirmed again (a re-check's Hold); for a
    // proposal it is a fallback like any other.
    void hold(std::string reason, bool overridable = false) {
        if (m_mode == Mode::Recheck) {
            m_held = true;
            m_overridable = overridable;
            m_why = reason + kNothingSent;
        }
        if (overridable && m_d.multiLeg)
            m_d.multiLeg->precautionsTripped = true;
        fallback(std::move(reason));
    }

    void onPrice(Result<UnderlyingPrice> r) {
        if (!takePrice(m_d.signal.symbol, r))
            return;
        ChainQuery q;
        q.underlying = m_d.signal.symbol;
        if (m_mode == Mode::Signal) {
            using namespace std::chrono;
            const StrategyBuildParams &b = m_strategy.build;
            const year_month_day today = easternDate(m_now);
            q.expiryFrom = year_month_day{sys_days{today} + days{std::max(0, b.minDte)}};
            const int far = spansExpiries(m_kind) ? b.farGapDays + 45 : 0;
            q.expiryTo = year_month_day{sys_days{today} + days{std::max(b.minDte, b.maxDte) + far}};
            // No strike band: a strategy placed by delta or by width reaches past any fixed
            // band (a 16-delta condor's wings, a high-IV name), and the expiry window already
            // bounds the request, as it does for `chaingate-cli strategy` and the builder.
        } else {
            // One request for every leg: the legs' expiries and strikes bound it.
            const auto &legs = m_order.strategy.legs;
            const auto [lo, hi] = std::minmax_element(
                legs.begin(), legs.end(), [](const StrategyLeg &a, const StrategyLeg &b) {
                    return a.contract.strike < b.contract.strike;
                });
            q.strikeMin = lo->contract.strike;
            q.strikeMax = hi->contract.strike;
            const auto [near, far] = std::minmax_element(
                legs.begin(), legs.end(), [](const StrategyLeg &a, const StrategyLeg &b) {
                    return daysOf(a.contract.expiry) < daysOf(b.contract.expiry);
                });
            q.expiryFrom = near->contract.expiry;
            q.expiryTo = far->contract.expiry;
        }
        auto self = shared_from_this();
        m_md.optionChain(q, [self](Result<OptionChain> c) { self->onChain(std::move(c)); });
    }

    static std::chrono::sys_days daysOf(std::chrono::year_month_day d) {
        return std::chrono::sys_days{d};
    }

    void onChain(Result<OptionChain> r) {
        if (!r)
            return failed(couldNotRead("the option chain of " + m_d.signal.symbol, r.error()));
        m_chain = std::move(r).value().contracts;
        m_d.chainSize = static_cast<int>(m_chain.size());
        if (m_mode == Mode::Signal) {
            completeGreeks(m_chain, *m_d.underlyingPrice, m_now);
            return fetchAccount();
        }
        // The trader's legs on their fresh quotes.
        MultiLegStrategy s = m_order.strategy;
        for (StrategyLeg &leg : s.legs) {
            const auto it =
                std::find_if(m_chain.begin(), m_chain.end(), [&](const OptionContract &c) {
                    return c.symbol == leg.contract.symbol;
                });
            if (it == m_chain.end())
                return fallback((m_mode == Mode::Recheck ? "At confirmation: " : "") +
                                leg.contract.symbol + " is not listed or not quoted");
            leg.contract = *it;
            completeGreeks(leg.contract, *m_d.underlyingPrice, m_now);
            // The figures price the legs as opened, at the proposal and at its confirmation
            // alike; the positions decide the intents once they are read (chooseLegIntents).
            leg.intent =
                leg.side == OrderSide::Buy ? PositionIntent::BuyToOpen : PositionIntent::SellToOpen;
        }
        m_d.candidates = static_cast<int>(s.legs.size());
        StrategyDecision &sd = m_d.multiLeg.emplace();
        sd.strategy = std::move(s);
        const MultiLegStrategy &legs = *sd.strategy;
        sd.legGates = legGates(legs, m_settings.gates, m_now);
        sd.combo = comboSpreadGate(legs, m_strategy.maxComboSpreadPct);
        // Prices without the risk figures (a calendar's far leg without an implied volatility) are
        // enough to close: an opening is refused once the positions have told (sizeManual).
        auto figures = strategyFiguresOrPrices(legs, *m_d.underlyingPrice, m_now);
        if (figures)
            sd.figures = *figures;
        const std::string at = m_mode == Mode::Recheck ? "At confirmation: " : "";
        // As on the single-leg ticket: a valid quote and an unexpired contract per leg (spread,
        // open interest and volume pick a signal's contracts and are shown), every gate for a
        // signal's ticket; the combination's natural-to-mid gate guards the net price.
        // A buy leg with an ask and no bid may be a worthless short bought back, which needs
        // only the ask (closesOnAskAlone, as a single-leg ticket): its quote is judged once the
        // positions have told its intent (sizeManual).
        m_askAloneLegs.clear();
        for (std::size_t i = 0; i < sd.legGates.size(); ++i) {
            const StrategyLeg &leg = legs.legs[i];
            const bool mayBuyBack =
                leg.side == OrderSide::Buy &&
                closesOnAskAlone(PositionIntent::BuyToClose, leg.contract.quote);
            for (const GateResult &g : sd.legGates[i].gates) {
                if (g.pass || !legGateHolds(g.id, m_order.allGates, false))
                    continue;
                if (!legGateHolds(g.id, m_order.allGates, mayBuyBack)) {
                    m_askAloneLegs.emplace_back(i, g.reason());
                    continue;
                }
                return hold(at + legName(legs, i) + ": " + g.reason() + ".");
            }
        }
        if (!sd.combo.pass)
            return hold(at + "the combination: " + sd.combo.reason + ".");
        if (!figures)
            return fallback(figures.error().message);
        for (std::size_t i = 0; i < legs.legs.size(); ++i) {
            if (auto stale =
                    quoteAgeRefusal(legs.legs[i].contract, m_now, m_settings.maxQuoteAgeSec,
                                    m_settings.maxQuoteAgeOffHoursSec))
                return hold(at + legName(legs, i) + ": " + *stale + ".");
        }
        fetchAccount();
    }

    void fetchAccount() {
        auto self = shared_from_this();
        m_broker.account([self](Result<Account> a) { self->onAccount(std::move(a)); });
    }

    void onAccount(Result<Account> r) {
        if (!takeAccount(r))
            return;
        m_account = *r;
        // The positions decide each leg's intent (a leg on a contract held the other way
        // closes it); the open orders, how much of a position a closing leg may still take.
        auto self = shared_from_this();
        readHoldings(m_broker, [self](Result<Holdings> h) { self->onHoldings(std::move(h)); });
    }

    void onHoldings(Result<Holdings> h) {
        if (!h)
            return failed(h.error().message);
        m_holdings = std::move(h).value();
        if (m_mode == Mode::Signal)
            return decideSignal(m_account);
        sizeManual(m_account);
    }

    void decideSignal(const Account &a) {
        StrategyDecisionInput in;
        in.chain = m_chain;
        in.underlying = m_d.signal.symbol;
        in.spot = *m_d.underlyingPrice;
        in.equity = a.equity;
        in.optionsBuyingPower = a.optionsBuyingPower;
        in.maxContracts = m_settings.risk.maxContractsPerOrder;
        in.settings = m_strategy;
        in.gates = m_settings.gates;
        in.ticks = m_settings.tickTable();
        in.now = m_now;
        m_d.multiLeg = decideStrategy(in);
        const StrategyDecision &sd = *m_d.multiLeg;
        m_d.budget = sd.budget;
        if (sd.strategy)
            m_d.candidates = static_cast<int>(sd.strategy->legs.size());
        if (!sd.sendable())
            return fallback(sd.fallbackReason.empty() ? std::string("No order to send")
                                                      : sd.fallbackReason);
        chooseLegIntents(*m_d.multiLeg->strategy, m_holdings.positions);
        m_d.multiLeg->intentsChosen = true;
        const MultiLegStrategy &s = *sd.strategy;
        // A signal opens its strategy: a leg on a contract held the other way would close part
        // of a position the trader holds for another reason, and what is left is not the
        // strategy that was sized.
        if (auto refusal = signalClosesRefusal(s))
            return fallback(*refusal);
        for (std::size_t i = 0; i < s.legs.size(); ++i) {
            if (auto stale = quoteAgeRefusal(s.legs[i].contract, m_now, m_settings.maxQuoteAgeSec,
                                             m_settings.maxQuoteAgeOffHoursSec))
                return fallback(legName(s, i) + ": " + *stale);
        }
        if (auto refusal = levelRefusal(a, s))
            return fallback(*refusal);
        if (sd.figures)
            if (auto refusal = uncoveredRefusal(s, *sd.figures))
                return fallback(*refusal);
        propose(a, sd.sizing.qty, *sd.limitPrice, sd.sizing.riskPerUnit, "day");
    }

    // A signal's strategy with a leg on a contract held the other way (the first named), or
    // nothing.
    static std::optional<std::string> signalClosesRefusal(const MultiLegStrategy &s) {
        for (std::size_t i = 0; i < s.legs.size(); ++i)
            if (!isOpening(s.legs[i].intent))
                return legName(s, i) + ": " + s.legs[i].contract.symbol + " is held " +
                       (s.legs[i].side == OrderSide::Sell ? "long" : "short") +
                       ", so this leg would close it rather than open the " +
                       std::string(toString(s.kind)) + "; a signal only opens a strategy";
        return std::nullopt;
    }

    // Some legs close what is held and some open: Alpaca would take it (a roll), but the risk
    // of what it opens cannot be told apart from what it closes in the figures, which price
    // every leg as opened. Two orders, each checked for what it is.
    static std::string mixedIntentsRefusal(const MultiLegStrategy &s) {
        std::string closes, opens;
        for (std::size_t i = 0; i < s.legs.size(); ++i) {
            std::string &list = isOpening(s.legs[i].intent) ? opens : closes;
            list += (list.empty() ? "" : ", ") + legName(s, i);
        }
        return "This order would close a position held (" + closes + ") and open another (" +
               opens +
               "): send the close and the new position as two orders, each checked for what it "
               "does";
    }

    // Alpaca takes no uncovered short option, in an mleg order or alone.
    static std::optional<std::string> uncoveredRefusal(const MultiLegStrategy &s,
                                                       const StrategyFigures &f) {
        const std::optional<std::string> leg = uncoveredShortLeg(s);
        // The figures price every leg as opened: with a leg that closes, they would call a long
        // strangle sold back two naked calls. The opening legs' cover decides then.
        const bool unlimited = legIntentMix(s) == LegIntentMix::Opening && f.unlimitedLoss();
        if (!leg && !unlimited)
            return std::nullopt;
        return std::string(toString(s.kind)) + (unlimited ? " has unlimited risk: " : ": ") +
               leg.value_or("a sold leg is not covered") + ", which Alpaca does not take";
    }

    std::optional<std::string> levelRefusal(const Account &a, const MultiLegStrategy &s) const {
        const int need = requiredOptionsLevel(s);
        if (a.optionsTradingLevel >= need)
            return std::nullopt;
        return std::string(toString(s.kind)) + " needs options level " + std::to_string(need) +
               (need >= 3 ? " (spreads)" : " (long options)") + "; the account has level " +
               std::to_string(a.optionsTradingLevel);
    }

    void sizeManual(const Account &a) {
        StrategyDecision &sd = *m_d.multiLeg;
        chooseLegIntents(*sd.strategy, m_holdings.positions);
        sd.intentsChosen = true;
        const MultiLegStrategy &s = *sd.strategy;
        const StrategyFigures &f = *sd.figures;
        const std::string at = m_mode == Mode::Recheck ? "At confirmation: " : "";
        const LegIntentMix mix = legIntentMix(s);
        // A signal's ticket opens its strategy, as the signal does (first: confirming again
        // would not change that).
        if (auto refusal = m_order.allGates ? signalClosesRefusal(s) : std::nullopt)
            return fallback(at + *refusal);
        if (m_order.shownIntents && *m_order.shownIntents != legIntents(s)) {
            const std::vector<PositionIntent> &shown = *m_order.shownIntents;
            std::size_t i = 0;
            while (i < s.legs.size() && i < shown.size() && shown[i] == s.legs[i].intent)
                ++i;
            const std::string now = i < s.legs.size() ? describeIntent(s.legs[i].intent) : "";
            const std::string was = i < shown.size() ? describeIntent(shown[i]) : "";
            return hold(at + "The positions changed since the ticket was shown: " +
                        (i < s.legs.size() ? legName(s, i) : std::string("a leg")) + " is now " +
                        now + ", not " + was + ". Check the legs and confirm again");
        }
        for (const auto &[i, reason] : m_askAloneLegs)
            if (legGateHolds(GateId::QuoteValid, m_order.allGates,
                             closesOnAskAlone(s.legs[i].intent, s.legs[i].contract.quote)))
                return hold(at + legName(s, i) + ": " + reason + "."); // opens: a bid is needed
        if (mix == LegIntentMix::Mixed)
            return fallback(at + mixedIntentsRefusal(s));
        // Closing takes risk off: nothing opens to cover. The level its legs need still applies
        // (a sale needs level 3 in an mleg order), and a close may not leave a short without
        // the cover it had.
        const bool closing = mix == LegIntentMix::Closing;
        if (!closing && !f.valued()) // its max loss sizes what opens
            return fallback(at + f.notValued);
        if (auto refusal = levelRefusal(a, s))
            return fallback(at + *refusal);
        if (auto refusal = closing ? std::nullopt : uncoveredRefusal(s, f))
            return fallback(at + *refusal);
        sd.budget = closing ? 0.0 : a.equity * m_strategy.budgetPct / 100.0; // a close: none
        m_d.budget = sd.budget;

        // The net limit: the trader's, or the mid on the tick toward the passive side.
        double limit = 0.0;
        const TickTable ticks = m_settings.tickTable();
        const double tick = ticks.tick(optionClass(s.legs.front().contract), std::abs(f.netMid));
        if (m_order.netLimit) {
            limit = *m_order.netLimit;
            if (!std::isfinite(limit))
                return fallback("The net limit is not a number");
            const double onTick = roundToTick(limit, tick);
            if (std::abs(onTick - limit) > 1e-9)
                return hold(at + "Net limit " + formatPrice(limit) + " is not on the " +
                            formatPrice(tick) + " tick; the nearest is " + formatPrice(onTick) +
                            ".");
        } else {
            limit = netLimitAtMid(s, f.netMid, m_settings);
        }
        if (std::abs(limit) < tick / 2)
            return fallback("The net limit rounds to 0: nothing to price (net mid " +
                            formatFixed(f.netMid, 2) + ")");
        if ((limit > 0) != (f.netMid > 0))
            return hold(at + "Net limit " + netText(limit) + " on a strategy priced at " +
                        netText(f.netMid) +
                        " at the mid: the sign is wrong (a debit is "
                        "positive, a credit negative).");
        sd.limitPrice = limit;
        if (m_mode == Mode::Manual)
            sd.limitTyped = m_order.netLimit.has_value() && m_order.netLimitTyped;
        if (m_mode == Mode::Recheck && !m_limitTyped) {
            // The shown limit must still be within the net bid / natural of the fresh quotes.
            const double half = std::abs(f.netNatural - f.netMid);
            if (limit < f.netMid - half - 1e-9 || limit > f.netMid + half + 1e-9) {
                const double fresh = netLimitAtMid(s, f.netMid, m_settings);
                sd.limitPrice = fresh;
                m_d.limitPrice = fresh;
                if (m_d.order)
                    m_d.order->limitPrice = fresh;
                return hold("The market moved: the net is now " + netText(f.netMid) +
                            " at the mid (" + netText(f.netNatural) + " natural), the limit " +
                            formatPrice(limit) + " shown is outside it. New limit " +
                            formatPrice(fresh) + " (the net mid). Confirm again to send it.");
            }
        }

        if (closing) {
            // Units: the trader's, or all that is left to close. Nothing is at risk.
            int qty = m_order.qty;
            if (qty == 0)
                qty = std::max(1, closableUnits(s, m_holdings.positions, m_holdings.open));
            sd.sizing.qty = qty;
            sd.sizing.riskPerUnit = 0.0;
            sd.sizing.reason.clear();
            return propose(a, qty, limit, 0.0, m_order.timeInForce);
        }

        // Units: the trader's, or floor(budget / max loss per unit).
        const double mult = f.multiplier;
        StrategySizingInput in;
        in.budget = sd.budget;
        in.maxLossPerUnit = f.maxLossDollarsAt(limit); // at the limit sent, not the mid
        in.spot = *m_d.underlyingPrice;
        in.multiplier = mult;
        in.optionsBuyingPower = a.optionsBuyingPower;
        in.maxContracts = m_settings.risk.maxContractsPerOrder;
        in.contractsPerUnit = contractsPerUnit(s);
        sd.sizing = sizeStrategy(in);
        int qty = m_order.qty;
        if (qty == 0) {
            qty = sd.sizing.qty;
            if (qty < 1)
                return fallback(sd.sizing.reason);
        }
        sd.sizing.qty = qty;
        const double riskPerUnit = f.maxLossDollarsAt(limit).value_or(0.0);
        sd.sizing.riskPerUnit = riskPerUnit;
        propose(a, qty, limit, riskPerUnit, m_order.timeInForce);
    }

    // The order as it will be sent, after the checks every order passes: risk limits (kill
    // switch, day limits, contracts and notional per order), buying power and, on a ticket, the
    // fat-finger precautions.
    void propose(const Account &a, int qty, double limit, double riskPerUnit,
                 const std::string &tif) {
        StrategyDecision &sd = *m_d.multiLeg;
        const MultiLegStrategy &s = *sd.strategy;
        const double mult = sd.figures ? sd.figures->multiplier : strategyMultiplier(s);
        const std::string at = m_mode == Mode::Recheck ? "At confirmation: " : "";
        // Every leg closing (a spread bought back): what a debit pays, as a single-leg close
        // records its premium; nothing is at risk.
        const bool closing = legIntentMix(s) == LegIntentMix::Closing;
        m_d.qty = qty;
        m_d.limitPrice = limit;
        m_d.price = std::abs(limit);
        // The money at risk: the structure's max loss (a close: the debit it pays).
        m_d.cost = closing ? qty * std::max(limit, 0.0) * mult : qty * riskPerUnit;
        m_d.orderType = OrderType::Limit;

        const RiskState state = riskStateOf(m_d, m_killSwitch, m_ordersToday);
        if (!m_preRefusal.empty())
            return fallback(m_preRefusal);
        if (closing) {
            // As a single-leg close: only the kill switch holds it (a trader past the day's loss
            // limit must still be able to take risk off).
            if (auto refusal = checkCloseRiskState(state))
                return fallback(at + *refusal);
        } else {
            if (auto refusal = checkRiskState(m_settings.risk, state))
                return fallback(at + *refusal);
            // Contracts: units x every leg's contracts; notional: the max loss, once a unit
            // (priced per contract, so that qty x price x multiplier is units x max loss).
            const int perUnit = contractsPerUnit(s);
            const ProposedOrder po{qty * perUnit, riskPerUnit / (mult * perUnit), mult, true};
            if (auto refusal = checkRiskLimits(m_settings.risk, state, po))
                return hold(at + *refusal + ".");
        }
        if (auto problem = legClosingProblem(s, qty, m_holdings.positions, m_holdings.open))
            return hold(at + *problem + ".");
        if (closing)
            if (auto left = shortLeftUncovered(s, qty, m_holdings.positions))
                return hold(at + *left + ".");
        if (m_mode != Mode::Signal) {
            if (!closing && m_d.cost > a.optionsBuyingPower + 1e-9)
                return hold(at + "Insufficient buying power: the strategy risks " +
                            formatMoney(m_d.cost) + ", options buying power is " +
                            formatMoney(a.optionsBuyingPower) + ".");
            // Overridden: only the precautions the trader saw held (another one tripped since,
            // by a raised quantity or a moved quote, holds again).
            sd.precautionsOverridden = m_order.overridePrecautions;
            sd.overriddenPrecautions =
                m_order.overridePrecautions ? m_order.overriddenPrecautions.value_or(~0u) : 0u;
            if (sd.figures) {
                const TrippedPrecautions tripped =
                    strategyPrecautions(m_settings.precautions, *sd.figures, limit,
                                        closing ? 0.0 : m_d.cost, sd.budget);
                if ((tripped.kinds & ~sd.overriddenPrecautions) != 0) {
                    sd.precautionKinds = tripped.kinds;
                    std::string why = at;
                    for (const std::string &t : tripped.reasons)
                        why += t + ". ";
                    return hold(why + "To send it anyway, tick the override and confirm again.",
                                true);
                }
            }
        }
        if (m_orderMode == ExecutionMode::AlpacaLive && !m_settings.liveTradingEnabled)
            return fallback(kLiveTradingOffReason);
        OrderRequest req = strategyOrderRequest(sd, m_d.clientOrderId);
        req.qty = qty;
        req.limitPrice = limit;
        req.timeInForce = tif;
        m_d.order = std::move(req);
        m_d.mode = m_orderMode;
        finish();
    }

    MarketData &m_md;
    Broker &m_broker;
    Mode m_mode;
    DispatcherSettings m_settings;
    ExecutionMode m_orderMode;
    Timestamp m_now{};
    bool m_killSwitch = false;
    int m_ordersToday = 0;
    std::string m_preRefusal;
    ManualStrategyOrder m_order;
    StrategyTemplate m_kind = StrategyTemplate::IronCondor;
    StrategySettings m_strategy;
    std::vector<OptionContract> m_chain;
    Account m_account;
    Holdings m_holdings;
    bool m_limitTyped = true;
    bool m_held = false;
    bool m_overridable = false;
    std::string m_why;
    // Buy legs whose quote-valid gate failed on the bid alone, with its reason: held unless the
    // leg turns out to buy a short back.
    std::vector<std::pair<std::size_t, std::string>> m_askAloneLegs;
};

} // namespace

void proposeStrategySignal(MarketData &marketData, Broker &broker, DecisionInputs inputs,
                           DecisionCallback done) {
    if (!inputs.signal.multiLeg) {
        Decision d;
        d.signal = inputs.signal;
        d.error = "The signal names no multi-leg strategy";
        d.fallbackReason = d.error;
        return done(std::move(d));
    }
    std::make_shared<StrategyRun>(marketData, broker, std::move(inputs), std::move(done))->start();
}

void proposeManualStrategy(MarketData &marketData, Broker &broker, ManualStrategyInputs inputs,
                           DecisionCallback done) {
    std::make_shared<StrategyRun>(marketData, broker, std::move(inputs), std::move(done), false)
        ->start();
}

void recheckStrategyTicket(MarketData &marketData, Broker &broker, RecheckInputs inputs,
                           std::function<void(TicketVerdict)> done) {
    const Decision proposal = inputs.proposal;
    if (!proposal.placesOrder() || !proposal.multiLeg || !proposal.multiLeg->strategy) {
        TicketVerdict v;
        v.decision = proposal;
        v.decision.mode = ExecutionMode::SimulatedFallback;
        v.decision.fallbackReason = "Nothing to confirm: the ticket has no multi-leg order";
        v.decision.order.reset();
        return done(std::move(v));
    }
    // The same decision again on fresh quotes, with the qty and limit the ticket showed.
    ManualStrategyInputs in;
    in.order.strategy = *proposal.multiLeg->strategy;
    in.order.qty = inputs.changes.qty.value_or(proposal.qty);
    in.order.netLimit = inputs.changes.limitPrice ? inputs.changes.limitPrice : proposal.limitPrice;
    in.order.timeInForce = inputs.changes.timeInForce.value_or(
        proposal.order ? proposal.order->timeInForce : std::string("day"));
    in.order.overridePrecautions = inputs.changes.overridePrecautions;
    in.order.overriddenPrecautions = inputs.changes.overriddenPrecautions;
    in.order.allGates = proposal.source != DecisionSource::Manual; // a signal's ticket
    if (proposal.multiLeg->intentsChosen)
        in.order.shownIntents = legIntents(*proposal.multiLeg->strategy);
    in.settings = inputs.settings;
    in.orderMode = proposal.mode;
    in.clientOrderId = proposal.clientOrderId;
    in.now = inputs.now;
    in.killSwitch = inputs.killSwitch;
    in.ordersToday = inputs.ordersToday;
    in.preRefusal = inputs.preRefusal;
    const bool typed = inputs.changes.limitPrice.has_value();
    // The callback reads the run's verdict; the run is alive while it calls (a weak reference
    // keeps the two from owning each other).
    auto holder = std::make_shared<std::weak_ptr<StrategyRun>>();
    auto run = std::make_shared<StrategyRun>(
        marketData, broker, std::move(in),
        [holder, proposal, done = std::move(done)](Decision d) {
            TicketVerdict v;
            const auto r = holder->lock();
            // Who asked and the record it completes stay the proposal's.
            d.signal = proposal.signal;
            d.source = proposal.source; // a signal's ticket stays the signal's
            d.executionUid = proposal.executionUid;
            if (d.placesOrder()) {
                v.kind = TicketVerdict::Kind::Send;
            } else if (r && r->held()) {
                // The ticket waits again with the refreshed figures, still an order to confirm.
                v.kind = TicketVerdict::Kind::Hold;
                v.why = r->why();
                v.overridable = r->overridable();
                if (v.overridable && d.multiLeg) // what an override of this hold is for
                    v.precautions = d.multiLeg->precautionKinds;
                d.fallbackReason.clear();
                d.error.clear();
                d.mode = proposal.mode;
                if (d.qty <= 0)
                    d.qty = proposal.qty;
                if (!d.limitPrice)
                    d.limitPrice = proposal.limitPrice;
                if (!d.multiLeg)
                    d.multiLeg = proposal.multiLeg;
                d.order = proposal.order;
                d.order->qty = d.qty;
                d.order->limitPrice = d.limitPrice;
            } else {
                v.kind = TicketVerdict::Kind::Refuse;
                d.order.reset();
            }
            v.decision = std::move(d);
            done(std::move(v));
        },
        true);
    *holder = run;
    run->setLimitTyped(typed);
    run->start();
}

int requiredOptionsLevel(const MultiLegStrategy &s) {
    for (const StrategyLeg &leg : s.legs) {
        if (leg.side == OrderSide::Sell)
            return 3;
    }
    return 2;
}

TrippedPrecautions strategyPrecautions(const Precautions &p, const StrategyFigures &f,
                                       double netLimit, double atRisk, double budget) {
    TrippedPrecautions out;
    // Debit or credit alike (signed, a higher net is worse for the trader: more paid or less
    // received): how far the limit pays beyond the natural price (the far side of every leg),
    // as a share of the net mid.
    const double m = std::abs(f.netMid);
    if (p.maxThroughMarketPct > 0.0 && m > 0.0) {
        const double through = netLimit - f.netNatural;
        const double allowed = p.maxThroughMarketPct / 100.0 * m;
        if (through > allowed + 1e-9) {
            out.kinds |= kThroughMarket;
            out.reasons.push_back("Net limit " + formatPrice(netLimit) + " is " +
                                  formatPrice(through) + " beyond the natural " +
                                  formatPrice(f.netNatural) + ", more than " +
                                  formatTrimmed(p.maxThroughMarketPct, 2) + "% of the net mid " +
                                  formatTrimmed(f.netMid, 4) + " through the market");
        }
    }
    if (p.budgetIsCap && budget > 0.0 && atRisk > budget + 1e-9) {
        out.kinds |= kOverBudget;
        out.reasons.push_back("The strategy risks " + formatMoney(atRisk) +
                              ", above the budget of " + formatMoney(budget));
    }
    return out;
}

} // namespace cg
