#include "dispatch/expiry_rule.h"

#include "dispatch/dispatcher.h"
#include "dispatch/log.h"
#include "domain/eastern_time.h"
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
    const weekday day{sys_days{easternDate(now)}};
    if (day == Saturday || day == Sunday)
        return false;
    const int minute = easternMinuteOfDay(now);
    constexpr int close = 16 * 60;
    return minute >= close - std::max(0, minutesBefore) && minute < close;
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
    m_dispatcher.broker().positions([self, now, done](Result<std::vector<Position>> r) {
        if (!self)
            return;
        if (!r) {
            qCWarning(lcDispatch).noquote()
                << "expiry rule: positions not read:" << QString::fromStdString(r.error().message);
            self->m_running = false;
            if (done)
                done({});
            return;
        }
        const std::string day =
            std::to_string(sys_days{easternDate(now)}.time_since_epoch().count());
        // Each order with the key of its contract's day in m_tries.
        auto queue = std::make_shared<std::vector<std::pair<std::string, ManualOrder>>>();
        for (const Position &p : positionsToCloseAtExpiry(*r, now, self->m_settings)) {
            const auto qty = wholeQuantity(std::abs(p.qty));
            std::string key = day + " " + p.symbol;
            if (const auto t = self->m_tries.find(key);
                !qty ||
                (t != self->m_tries.end() && (t->second == kDone || t->second >= kMaxTries)))
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
                self->m_dispatcher.place(std::move(d), [self, decisions, next,
                                                        key](Decision placed) {
                    if (!self)
                        return;
                    // Sent: the contract's day is done. Anything else (an outage, the kill
                    // switch, a refusal that may lift) is tried again at the next check.
                    int &tries = self->m_tries[key];
                    tries = placed.placesOrder() ? kDone : tries + 1;
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
    });
}

} // namespace cg
