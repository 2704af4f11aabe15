#pragma once
// Expiry-day care. Options expiring today are flagged from the open (expiresToday); the optional
// rule (off by default) closes them N minutes before the close (16:00 New York, 13:00 on an early
// close: domain/market_calendar.h): each one gets a closing order at the far side of its quote (a
// sell at the bid, a buy at the ask: the point is to be out, not to earn the spread) through the
// dispatcher's proposal, risk limits, kill switch and records, with source "expiry_rule" and no
// ticket. Each check (every 30 s) proposes a close for each such position that working orders do
// not close already: a try that sent nothing (an outage, the kill switch, a refusal), or whose
// order was rejected or cancelled since, is tried again, up to kMaxTries a day (each one a decision
// in the log); a working close, the rule's or the trader's, is left alone without a word. Time
// comes from the dispatcher's injected clock only.

#include "broker/broker.h"
#include "dispatch/decision.h"
#include "dispatch/dispatcher_settings.h"
#include "domain/clock.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace cg {

class Dispatcher;

// True when the option symbol expires on `now`'s New York date (false for a stock).
bool expiresToday(const std::string &symbol, Timestamp now);
// The rule's moment has come: on a trading day, from its close - minutesBefore (the open at the
// earliest) until the close.
bool expiryRuleDue(Timestamp now, int minutesBefore);
// The positions the rule closes now: option positions expiring today, when the rule is due.
std::vector<Position> positionsToCloseAtExpiry(const std::vector<Position> &positions,
                                               Timestamp now, const ExpiryRuleSettings &settings);

class ExpiryRule : public QObject {
    Q_OBJECT
public:
    // Checks every `interval` on its own timer (started by start()); runOnce() checks now.
    ExpiryRule(Dispatcher &dispatcher, QObject *parent = nullptr);

    void setSettings(const ExpiryRuleSettings &settings) { m_settings = settings; }
    const ExpiryRuleSettings &settings() const { return m_settings; }
    void setInterval(std::chrono::milliseconds interval) { m_timer.setInterval(interval); }
    void start() { m_timer.start(); }
    void stop() { m_timer.stop(); }
    // One check now. `done` gets every decision it recorded (empty when not due or none).
    void runOnce(std::function<void(std::vector<Decision>)> done = {});

Q_SIGNALS:
    void positionClosing(const QString &contract, const QString &summary);

private:
    // A proposal for each option expiring today that a working order does not close already.
    void closeExpiring(const std::vector<Position> &positions, const std::vector<Order> &open,
                       Timestamp now, std::function<void(std::vector<Decision>)> done);

    Dispatcher &m_dispatcher;
    ExpiryRuleSettings m_settings;
    QTimer m_timer;
    bool m_running = false;
    // "<date> <contract>": its tries today, sent or not.
    static constexpr int kMaxTries = 10;
    std::map<std::string, int> m_tries;
};

} // namespace cg
