#include "dispatch/expiry_rule.h"

#include "dispatch/dispatcher.h"
#include "dispatch/holdings_read.h"
#include "dispatch/log.h"
#include "domain/closable_contracts.h"
#include "domain/market_calendar.h"
#include "domain/occ_symbol.h"

#include <QPointer>

#include <cmath>
#include <memory>

namespace cg {

using namespace std::chrono;

bool expiresToday(const std::string &symbol, Timestamp now) {
    const auto occ = parseOccSymbol(symbol);
    return occ.ok() && occ->expiry == easternDate(now);
}

bool expiryRuleDue(Timestamp now, int minutesBefore) {
    const auto hours = marketHours(easternDate(now));
    if (!hours)
        return false;
    // Not before the open: on an early close a long lead would start in the pre-market, where
    // stale quotes refuse every try and use up the day's tries before the session.
    const int from = std::max(hours->openMinute, hours->closeMinute - std::max(0, minutesBefore));
    const int minute = easternMinuteOfDay(now);
    return minute >= from && minute < hours->closeMinute;
}

std::vector<Position> positionsToCloseAtExpiry(const std::vector<Position> &positions,
                                               Timestamp now, const ExpiryRuleSettings &settings) {
    std::vector<Position> out;
    if (!settings.enabled || !expiryRuleDue(now, settings.minutesBefore))
        return out;
    for (const Position &p : positions) {
        if (p.qty != 0.0 && expiresToday(p.symbol, now))
            out.push_back(p);
    }
    return out;
}

ExpiryRule::ExpiryRule(Dispatcher &dispatcher, QObject *parent)
    : QObject(parent)
    , m_dispatcher(dispatcher) {
    m_timer.setInterval(seconds{30});
    connect(&m_timer, &QTimer::timeout, this, [this] { runOnce(); });
}

void ExpiryRule::runOnce(std::function<void(std::vector<Decision>)> done) {
    const Timestamp now = m_dispatcher.clock().now();
    if (m_running || !m_settings.enabled || !expiryRuleDue(now, m_settings.minutesBefore)) {
        if (done)
            done({});
        return;
    }
    m_running = true;
    QPointer<ExpiryRule> self(this);
    // The open orders and the positions (holdings_read.h), then a proposal for each contract a
    // working close does not already take whole.
    readHoldings(m_dispatcher.broker(), [self, now, done](Result<Holdings> h) {
        if (!self)
            return;
        if (!h) {
            qCWarning(lcDispatch).noquote()
                << "expiry rule:" << QString::fromStdString(h.error().message);
            self->m_running = false;
            if (done)
                done({});
            return;
        }
        self->closeExpiring(h->positions, h->open, now, done);
    });
}

void ExpiryRule::closeExpiring(const std::vector<Position> &positions,
                               const std::vector<Order> &open, Timestamp now,
                               std::function<void(std::vector<Decision>)> done) {
    QPointer<ExpiryRule> self(this);
    const std::string day = std::to_string(sys_days{easternDate(now)}.time_since_epoch().count());
    // Each order with the key of its contract's day in m_tries.
    auto queue = std::make_shared<std::vector<std::pair<std::string, ManualOrder>>>();
    for (const Position &p : positionsToCloseAtExpiry(positions, now, m_settings)) {
        if (!wholeQuantity(std::abs(p.qty)))
            continue;
        std::string key = day + " " + p.symbol;
        // Closing already (this rule's order, or the trader's): nothing proposed, nothing
        // recorded. A close that was rejected or cancelled leaves the position to the next try.
        if (closableContracts(positions, open, p.symbol).available() < 1.0 - 1e-9 ||
            m_tries[key] >= kMaxTries)
            continue;
        ManualOrder o;
        o.contract = p.symbol;
        o.side = p.qty > 0 ? OrderSide::Sell : OrderSide::Buy;
        o.qty = 0; // what is held less what open orders already close (manual_order.h)
        o.limit = p.qty > 0 ? LimitChoice::Bid : LimitChoice::Ask;
        o.source = DecisionSource::ExpiryRule;
        o.closeOnly = true; // gone or turned by the time it is proposed: nothing opened
        queue->emplace_back(std::move(key), o);
    }
    auto decisions = std::make_shared<std::vector<Decision>>();
    // One at a time: each proposal reads the account after the previous order.
    auto next = std::make_shared<std::function<void()>>();
    *next = [self, queue, decisions, next, done] {
        if (!self)
            return;
        if (queue->empty()) {
            self->m_running = false;
            if (done)
                done(std::move(*decisions));
            *next = nullptr; // breaks the cycle
            return;
        }
        auto [key, o] = queue->front();
        queue->erase(queue->begin());
        self->m_dispatcher.proposeManual(o, [self, decisions, next, key](Decision d) {
            if (!self)
                return;
            self->m_dispatcher.place(std::move(d), [self, decisions, next, key](Decision placed) {
                if (!self)
                    return;
                // Every try counts, sent or not (the next check tries again while the position
                // is held and no working order closes it), but one refused for its quote's age
                // alone: a quiet contract's quote may stay unchanged for minutes, and ten such
                // checks would give the position up to assignment.
                if (!placed.quoteTooOld)
                    ++self->m_tries[key];
                Q_EMIT self->positionClosing(QString::fromStdString(placed.order
                                                                        ? placed.order->symbol
                                                                        : placed.signal.symbol),
                                             decisionSummary(placed));
                decisions->push_back(std::move(placed));
                (*next)();
            });
        });
    };
    (*next)();
}

} // namespace cg
