#include "models/trading_session.h"

#include "dispatch/auto_dispatcher.h"
#include "dispatch/cancel_outcome.h"
#include "dispatch/claim_owner.h"
#include "dispatch/confirmation_queue.h"
#include "dispatch/dispatcher.h"
#include "dispatch/expiry_rule.h"
#include "dispatch/kill_switch.h"
#include "dispatch/open_orders_read.h"
#include "dispatch/order_adoption.h"
#include "dispatch/order_tracker.h"
#include "dispatch/replace_check.h"
#include "dispatch/roll_orders.h"
#include "domain/closable_contracts.h"
#include "domain/eastern_time.h"
#include "domain/occ_symbol.h"
#include "domain/tick_table.h"
#include "models/display_format.h"
#include "models/log.h"
#include "models/signals_model.h"
#include "storage/execution_store.h"
#include "storage/store_worker.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>
#include <set>

namespace cg::models {

namespace {

QString clockText(Timestamp t) {
    return QLocale::c().toString(
        QDateTime::fromMSecsSinceEpoch(t.time_since_epoch().count()).toLocalTime(),
        QStringLiteral("HH:mm:ss"));
}

// Whether a record's order closed a position (explain_json's closes_position, or an option's
// *_to_close intent in rows written before it): the per-order limits do not hold a close.
bool closesPosition(const ExecutionRecord &r) {
    const QJsonObject e =
        QJsonDocument::fromJson(QByteArray::fromStdString(r.explainJson)).object();
    if (const QJsonValue v = e.value(QLatin1String("closes_position")); v.isBool())
        return v.toBool();
    const QString intent = e.value(QLatin1String("position_intent")).toString();
    return intent == QLatin1String("sell_to_close") || intent == QLatin1String("buy_to_close");
}

// Today's orders' notional in total, and the largest opening order (what the per-order limit
// holds), dollars.
std::pair<double, double> notionalOf(const std::vector<ExecutionRecord> &records) {
    // A replaced order's figures are superseded by its replacing order's, when that is recorded
    // and was not rejected (a fill that beats the replace leaves the original as the order).
    const auto rejectedReplace = [](const ExecutionRecord &r) {
        return !r.replacesOrderId.empty() && r.orderStatus == "rejected";
    };
    std::set<std::string> replaced;
    for (const ExecutionRecord &r : records)
        if (!r.replacesOrderId.empty() && !rejectedReplace(r))
            replaced.insert(r.replacesOrderId);
    double total = 0.0;
    double largest = 0.0;
    for (const ExecutionRecord &r : records) {
        if (!isOrderMode(r.mode) || r.orderStatus == "not_placed" || !r.qty || rejectedReplace(r) ||
            (!r.orderId.empty() && replaced.contains(r.orderId)))
            continue;
        const double price = r.fillPrice.value_or(r.limitPrice.value_or(0.0));
        const double multiplier = r.instrumentType == "OPTION" ? 100.0 : 1.0;
        const double notional = *r.qty * price * multiplier;
        total += notional;
        if (!closesPosition(r))
            largest = std::max(largest, notional);
    }
    return {total, largest};
}

struct RiskFigures {
    int ordersToday = 0;
    double notionalToday = 0.0;
    double largestOrderToday = 0.0;
};

} // namespace

TradingSession::TradingSession(Broker &broker, MarketData &marketData, ExecutionStore &store,
                               const Clock &clock, Options options, QObject *parent)
    : QObject(parent)
    , m_broker(broker)
    , m_marketData(marketData)
    , m_store(store)
    , m_clock(clock)
    , m_options(std::move(options)) {
    if (m_options.dispatcherId.empty())
        m_options.dispatcherId = dispatcherIdForThisProcess("chaingate");
    if (m_options.ticketClaimId.empty())
        m_options.ticketClaimId = dispatcherIdForThisProcess("chaingate-ticket");
    m_dispatcher = new Dispatcher(broker, marketData, store, clock, m_options.orderMode, this);
    m_dispatcher->setSettings(m_options.settings);
    m_queue = new ConfirmationQueue(*m_dispatcher, this);
    m_auto = new AutoDispatcher(*m_dispatcher, m_options.dispatcherId, this);
    m_auto->setInterval(std::chrono::seconds(std::max(1, m_options.settings.timerIntervalSec)));
    m_signals = new SignalsModel(this);
    // A ticket's claim is a lease too: renewed while the trader looks at the ticket.
    auto *ticketLease = new QTimer(this);
    ticketLease->setInterval(std::max(1000, m_store.signals().leaseSeconds() * 1000 / 3));
    connect(ticketLease, &QTimer::timeout, this, [this] {
        // Only while a ticket holds a claim.
        if (m_queue->tickets().empty() || m_ticketLeaseInFlight)
            return;
        m_ticketLeaseInFlight = true;
        m_dispatcher->storeRunner().run<int>(
            [id = m_options.ticketClaimId](ExecutionStore &s) { return s.signals().heartbeat(id); },
            this, [this](Result<int>) { m_ticketLeaseInFlight = false; });
    });
    ticketLease->start();
    m_expiryRule = new ExpiryRule(*m_dispatcher, this);
    m_expiryRule->setSettings(m_options.settings.expiryRule);
    connect(m_expiryRule, &ExpiryRule::positionClosing, this,
            [this](const QString &contract, const QString &summary) {
                Q_EMIT message(tr("Expiry-day rule, %1: %2").arg(contract, summary));
                Q_EMIT ordersChangedByHand();
            });

    connect(m_queue, &ConfirmationQueue::ticketAdded, this, &TradingSession::onTicketAdded);
    connect(m_queue, &ConfirmationQueue::ticketConfirmed, this, [this](int id, qint64 exec) {
        finishTicket(id, exec, tr("confirmed"));
        settleRoll(id, true, tr("sent"));
    });
    connect(m_queue, &ConfirmationQueue::ticketRejected, this, [this](int id, qint64 exec) {
        finishTicket(id, exec, tr("rejected"));
        settleRoll(id, false, tr("rejected"));
    });
    connect(m_queue, &ConfirmationQueue::ticketExpired, this, [this](int id, qint64 exec) {
        finishTicket(id, exec, tr("expired"));
        settleRoll(id, false, tr("expired"));
    });
    connect(m_queue, &ConfirmationQueue::ticketHeld, this, [this](int id, const QString &why) {
        Q_EMIT message(tr("Ticket %1 not sent, waiting again: %2").arg(id).arg(why));
    });
    connect(m_queue, &ConfirmationQueue::ticketRefused, this,
            [this](int id, qint64 exec, const QString &reason) {
                finishTicket(id, exec, tr("refused at confirmation: %1").arg(reason));
                settleRoll(id, false, tr("refused at confirmation: %1").arg(reason));
            });

    connect(m_dispatcher, &Dispatcher::decisionRecorded, this,
            [this](qint64, const QString &summary) {
                Q_EMIT message(summary);
                refreshSignals();
                refreshRiskBudget();
            });
    connect(&m_dispatcher->tracker(), &OrderTracker::orderUpdated, this,
            [this](const QString &, const QString &status, double, double) {
                refreshSignals();
                if (status == QLatin1String("filled"))
                    refreshRiskBudget();
            });
    connect(&m_dispatcher->tracker(), &OrderTracker::orderUpdated, this,
            &TradingSession::orderUpdated);
    // The replace's answer may never have come (lost, the console closed, another console made
    // it): the replaced order names its successor, which is read, recorded and followed.
    connect(&m_dispatcher->tracker(), &OrderTracker::orderReplaced, this,
            [this](const QString &clientOrderId, const QString &replacedBy) {
                QPointer<TradingSession> self(this);
                m_broker.order(replacedBy.toStdString(), [self, clientOrderId](Result<Order> r) {
                    if (self && r)
                        self->recordReplacement(clientOrderId.toStdString(), *r);
                    else if (self)
                        qCWarning(lcModels).noquote()
                            << "the order replacing" << clientOrderId
                            << "could not be read:" << QString::fromStdString(r.error().message);
                });
            });

    connect(m_auto, &AutoDispatcher::activeChanged, this, [this](bool active) {
        if (active)
            m_sinceTick.start();
    });
    connect(m_auto, &AutoDispatcher::runStarted, this, [this] {
        if (m_auto->isActive())
            m_sinceTick.start();
        Q_EMIT runStarted();
    });
    connect(m_auto, &AutoDispatcher::tickSkipped, this, [this] {
        m_sinceTick.start();
        m_lastRun = tr("%1 \u00b7 skipped (%2)")
                        .arg(clockText(m_clock.now()),
                             killSwitchEngaged() ? tr("kill switch on") : tr("previous run busy"));
        Q_EMIT runFinished(m_lastRun);
    });
    connect(
        m_auto, &AutoDispatcher::runFinished, this,
        [this](int dispatched, int failed, const QString &error) {
            m_lastRun =
                tr("%1 \u00b7 %n dispatched", nullptr, dispatched).arg(clockText(m_clock.now()));
            if (failed > 0)
                m_lastRun += tr(", %n failed", nullptr, failed);
            if (!error.isEmpty())
                m_lastRun += tr(" \u00b7 %1").arg(error);
            refreshSignals();
            refreshRiskBudget();
            Q_EMIT runFinished(m_lastRun);
        });

    connect(&m_dispatcher->killSwitch(), &KillSwitch::changed, this,
            [this](bool engaged, const QString &reason) {
                if (engaged && m_mode == Mode::Auto) {
                    m_mode = Mode::Manual; // the timer stopped itself
                    Q_EMIT modeChanged(m_mode);
                }
                Q_EMIT killSwitchChanged(engaged, reason);
                // The switch lives in the database: every console on it obeys the same one.
                Q_EMIT message(engaged ? tr("Kill switch: on for every console on this database "
                                            "(%1)")
                                             .arg(m_store.displayUrl())
                                       : tr("Kill switch: off for every console on this database "
                                            "(%1)")
                                             .arg(m_store.displayUrl()));
            });
    connect(&m_dispatcher->killSwitch(), &KillSwitch::saveStateChanged, this,
            [this] { Q_EMIT killSwitchChanged(killSwitchEngaged(), killSwitch().reason()); });
    connect(&m_dispatcher->killSwitch(), &KillSwitch::cancelFailed, this, &TradingSession::message);
    connect(&m_dispatcher->killSwitch(), &KillSwitch::openOrdersCancelled, this, [this](int n) {
        Q_EMIT message(tr("Kill switch: %n open order(s) cancelled", nullptr, n));
        refreshSignals();
    });

    m_signalPoll.setInterval(std::max(100, m_options.signalPollMs));
    connect(&m_signalPoll, &QTimer::timeout, this, &TradingSession::refreshSignals);
    m_claimSweep.setInterval(std::max(100, m_options.claimSweepMs));
    connect(&m_claimSweep, &QTimer::timeout, this, [this] {
        releaseDeadTicketClaims();
        refreshSignals();
    });
    m_accountPoll.setInterval(std::max(100, m_options.accountPollMs));
    connect(&m_accountPoll, &QTimer::timeout, this, &TradingSession::refreshRiskBudget);
    m_risk.maxOrdersPerDay = m_options.settings.risk.maxOrdersPerDay;
    m_risk.maxNotionalPerOrder = m_options.settings.risk.maxNotionalPerOrder;
    m_risk.maxDailyLoss = m_options.settings.risk.maxDailyLoss;
}

TradingSession::~TradingSession() {
    // The queue and the timers refer to the dispatcher: they go first.
    delete m_expiryRule;
    delete m_auto;
    delete m_queue;
    delete m_dispatcher;
}

void TradingSession::setStoreWorker(StoreWorker *worker) {
    m_worker = worker;
    m_dispatcher->setStoreRunner(worker);
    m_auto->setClaimLease(std::chrono::seconds(m_store.signals().leaseSeconds()));
}

KillSwitch &TradingSession::killSwitch() const {
    return m_dispatcher->killSwitch();
}

bool TradingSession::killSwitchEngaged() const {
    return m_dispatcher->killSwitch().engaged();
}

const DispatcherSettings &TradingSession::settings() const {
    return m_dispatcher->settings();
}

void TradingSession::setSettings(const DispatcherSettings &settings) {
    m_dispatcher->setSettings(settings);
    m_expiryRule->setSettings(settings.expiryRule);
    m_auto->setInterval(std::chrono::seconds(std::max(1, settings.timerIntervalSec)));
    m_risk.maxOrdersPerDay = settings.risk.maxOrdersPerDay;
    m_risk.maxNotionalPerOrder = settings.risk.maxNotionalPerOrder;
    m_risk.maxDailyLoss = settings.risk.maxDailyLoss;
    Q_EMIT riskBudgetChanged();
    Q_EMIT settingsApplied();
}

void TradingSession::setTradeUpdates(TradeUpdates *updates) {
    m_dispatcher->tracker().setTradeUpdates(updates);
}

Result<Unit> TradingSession::start() {
    // The dispatcher reads its state on the store runner: with the window's worker the answer
    // comes later (a message then if the kill switch could not be read), with the inline
    // runner before start() returns.
    auto started = std::make_shared<std::optional<Result<Unit>>>();
    QPointer<TradingSession> self(this);
    m_dispatcher->start([self, started](Result<int> r) {
        *started = r ? Result<Unit>(Unit{}) : Result<Unit>(r.error());
        if (r)
            return;
        qCWarning(lcModels).noquote() << QString::fromStdString(r.error().message);
        if (self && self->m_worker)
            Q_EMIT self->message(qs(r.error().message));
    });
    Result<Unit> out = started->value_or(Unit{});
    releaseDeadTicketClaims();
    if (m_worker)
        refreshSignals();
    else if (auto r = reloadSignalsNow(); !r && out)
        out = r.error();
    refreshRiskBudget();
    m_signalPoll.start();
    m_accountPoll.start();
    m_claimSweep.start();
    m_expiryRule->start();
    m_started = true;
    Q_EMIT killSwitchChanged(killSwitchEngaged(), killSwitch().reason());
    return out;
}

// A ticket does not survive its console: the signal a dead console claimed for one goes back to
// PENDING so the trader (or a timer) can take it again. Its record, if any, keeps it from a
// second order. (A timer's own dead claims are released by AutoDispatcher's runs.)
void TradingSession::releaseDeadTicketClaims() {
    m_dispatcher->storeRunner().post(
        [](ExecutionStore &store) -> std::function<void()> {
            (void)store.signals().releaseExpired(); // any host's, once its lease ran out
            auto all = store.signals().claimed();
            if (!all)
                return {};
            for (const Signal &s : *all) {
                if (claimHolderIsDead(s.claimedBy))
                    (void)store.signals().release(s.id, s.claimedBy);
            }
            return {};
        },
        this);
}

void TradingSession::addSignal(const QString &symbol, SignalAction action, Strategy strategy,
                               std::optional<StrategyTemplate> multiLeg,
                               std::function<void(Result<qint64>)> done) {
    const auto answer = [&done](Result<qint64> r) {
        if (done)
            done(std::move(r));
    };
    const QString sym = symbol.trimmed().toUpper();
    static const QRegularExpression valid(QStringLiteral("^[A-Z][A-Z0-9.]{0,9}$"));
    if (!valid.match(sym).hasMatch())
        return answer(
            Error::make(tr("'%1' is not a ticker: use 1 to 10 letters, digits or dots, e.g. SPY")
                            .arg(sym.left(20))
                            .toStdString()));
    Signal s;
    s.symbol = sym.toStdString();
    s.action = action;
    s.strategy = strategy;
    if (multiLeg)
        if (auto wrong = setStrategyName(s, toString(*multiLeg)))
            return answer(Error::make(*wrong));
    s.source = "ui";
    s.createdAt = m_clock.now();
    // Inserted on the store runner; while the database is known not to answer, refused at once
    // (a signal typed in is not kept for later: the trader sees it was not queued).
    StoreRunner &runner = m_dispatcher->storeRunner();
    if (!runner.reachable())
        return answer(
            Error::make(tr("Signal not queued: the database is unreachable").toStdString()));
    QPointer<TradingSession> self(this);
    runner.run<qint64>(
        [s](ExecutionStore &store) -> Result<qint64> {
            auto id = store.signals().enqueue(s);
            if (!id)
                return id.error();
            return static_cast<qint64>(*id);
        },
        this,
        [self, done = std::move(done)](Result<qint64> id) {
            // The new row: read now on this thread's own store, or on the worker (then
            // signalsReloaded says when it is in the list).
            if (self && id && !self->m_worker)
                (void)self->reloadSignalsNow();
            else if (self && id)
                self->refreshSignals();
            if (done)
                done(std::move(id));
        });
}

namespace {

// A signal claimed for dispatch, and the record it already has (a previous run decided it).
struct ClaimedSignal {
    Signal signal;
    std::optional<std::int64_t> existing;
};

Result<Signal> claimIn(ExecutionStore &store, qint64 signalId, const std::string &by) {
    auto all = store.signals().list(1000);
    if (!all)
        return all.error();
    const auto it = std::find_if(all->begin(), all->end(),
                                 [signalId](const Signal &s) { return s.id == signalId; });
    if (it == all->end())
        return Error::make(
            TradingSession::tr("Signal %1 does not exist").arg(signalId).toStdString());
    if (it->status != SignalStatus::Pending)
        return Error::make(TradingSession::tr("Signal %1 is %2, not PENDING: nothing to dispatch")
                               .arg(signalId)
                               .arg(QString::fromLatin1(toString(it->status).data()))
                               .toStdString());
    auto claimed = store.signals().claim(signalId, by);
    if (!claimed)
        return claimed.error();
    if (!*claimed)
        return Error::make(TradingSession::tr("Signal %1 was taken by another dispatcher")
                               .arg(signalId)
                               .toStdString());
    Signal s = *it;
    if (!s.error.empty()) {
        // A row an outside engine wrote badly (an unknown action, strategy or no symbol): it
        // would dispatch as what its fields default to (a CALL). FAILED with its reason, as
        // the timer's claim marks it.
        (void)store.signals().finish(signalId, SignalStatus::Failed, std::nullopt, s.error, {by});
        return Error::make(TradingSession::tr("Signal %1 cannot be dispatched: %2")
                               .arg(signalId)
                               .arg(QString::fromStdString(s.error))
                               .toStdString());
    }
    s.status = SignalStatus::Claimed;
    s.claimedBy = by;
    return s;
}

// The claim, then the check for a record: a signal already decided (a previous run recorded it
// before a crash) is marked DONE and never dispatched twice.
Result<ClaimedSignal> claimForDispatch(ExecutionStore &store, qint64 signalId,
                                       const std::string &by) {
    auto claimed = claimIn(store, signalId, by);
    if (!claimed)
        return claimed.error();
    ExecutionFilter f;
    f.signalId = claimed->id;
    f.limit = 1;
    auto records = store.records().executions(f);
    if (!records) {
        (void)store.signals().finish(claimed->id, SignalStatus::Pending, std::nullopt, {}, {by});
        return records.error();
    }
    ClaimedSignal out{*claimed, std::nullopt};
    if (!records->empty()) {
        out.existing = records->front().id;
        (void)store.signals().finish(claimed->id, SignalStatus::Done, out.existing, {}, {by});
    }
    return out;
}

} // namespace

// The claim and the record check run on the store runner. With the inline runner (the CLI, the
// tests) the answer is there when this returns; through the window's worker it comes later, and a
// refusal then reaches the trader as a message.
Result<Unit> TradingSession::dispatchSignal(qint64 signalId) {
    const Mode mode = m_mode; // requestTicket asks for a ticket whatever the mode
    const std::string by = mode == Mode::Manual ? m_options.ticketClaimId : m_options.dispatcherId;
    StoreRunner &runner = m_dispatcher->storeRunner();
    if (!runner.reachable())
        return Error::make(tr("Signal %1 not dispatched: the database is unreachable")
                               .arg(signalId)
                               .toStdString());
    auto answer = std::make_shared<std::optional<Result<Unit>>>();
    auto returned = std::make_shared<bool>(false);
    QPointer<TradingSession> self(this);
    runner.run<ClaimedSignal>(
        [signalId, by](ExecutionStore &s) { return claimForDispatch(s, signalId, by); }, this,
        [self, mode, answer, returned](Result<ClaimedSignal> claimed) {
            if (!self)
                return;
            *answer = claimed ? self->dispatchClaimed(mode, claimed->signal, claimed->existing)
                              : self->dispatchClaimed(mode, claimed.error(), std::nullopt);
            if (*returned && !**answer)
                Q_EMIT self->message(qs((*answer)->error().message));
        });
    *returned = true;
    if (*answer)
        return std::move(**answer);
    return Unit{};
}

Result<Unit> TradingSession::dispatchClaimed(Mode mode, const Result<Signal> &claimed,
                                             std::optional<std::int64_t> existing) {
    if (!claimed)
        return claimed.error();
    const Signal signal = *claimed;
    refreshSignals();
    if (existing)
        return Error::make(tr("Signal %1 was already dispatched (execution %2): not again")
                               .arg(signal.id)
                               .arg(*existing)
                               .toStdString());

    QPointer<TradingSession> self(this);
    if (mode == Mode::Auto) {
        m_dispatcher->dispatch(signal, DispatchOptions{}, [self, signal](Decision d) {
            if (self)
                self->finishSignal(signal.id, d);
        });
        return Unit{};
    }
    m_queue->addSignal(signal, [self, signal](Decision d) {
        if (!self)
            return;
        // A fallback is recorded at once and never becomes a ticket.
        if (!d.placesOrder() || d.executionId > 0)
            self->finishSignal(signal.id, d);
    });
    return Unit{};
}

void TradingSession::requestTicket(const QString &symbol, SignalAction action, Strategy strategy,
                                   std::function<void(Result<qint64>)> done) {
    QPointer<TradingSession> self(this);
    addSignal(symbol, action, strategy, std::nullopt,
              [self, done = std::move(done)](Result<qint64> id) {
                  if (self && id) {
                      const Mode before = self->m_mode;
                      self->m_mode = Mode::Manual; // a ticket, even while the timer runs
                      auto dispatched = self->dispatchSignal(*id);
                      self->m_mode = before;
                      if (!dispatched)
                          id = dispatched.error();
                  }
                  if (done)
                      done(std::move(id));
              });
}

qint64 TradingSession::signalOfTicket(int ticketId) const {
    const auto it = m_ticketSignals.find(ticketId);
    return it == m_ticketSignals.end() ? 0 : it->second;
}

void TradingSession::tradeContract(const ManualOrder &order) {
    QPointer<TradingSession> self(this);
    const QString contract = QString::fromStdString(order.contract);
    m_queue->addManual(order, [self, contract](Decision d) {
        if (!self || d.placesOrder())
            return; // a ticket: ticketOpened follows from ticketAdded
        const QString reason = QString::fromStdString(d.fallbackReason);
        Q_EMIT self->message(tr("%1 not traded: %2").arg(contract, reason));
        Q_EMIT self->manualRefused(contract, reason);
    });
}

Result<Unit> TradingSession::rollPosition(const Position &held, const QString &toContract,
                                          Strategy strategy) {
    auto orders = rollOrders(held, toContract.toStdString(), strategy);
    if (!orders) {
        Q_EMIT message(tr("No roll: %1").arg(qs(orders.error().message)));
        return orders.error();
    }
    // The close first, on its own ticket: the open is proposed once the close is sent, for as
    // many contracts as it sent (settleRoll). A close refused, rejected or expired opens nothing:
    // a roll never leaves a new position beside the old one.
    QPointer<TradingSession> self(this);
    const QString from = qs(held.symbol);
    m_queue->addManual(orders->close, [self, open = orders->open, from, toContract](Decision d) {
        if (!self)
            return;
        if (!d.placesOrder()) {
            const QString reason = QString::fromStdString(d.fallbackReason);
            Q_EMIT self->message(
                tr("No roll of %1: the close was not proposed, so nothing is opened: %2")
                    .arg(from, reason));
            Q_EMIT self->manualRefused(from, reason);
            return;
        }
        for (const Ticket &t : self->m_queue->tickets())
            if (t.proposal.clientOrderId == d.clientOrderId)
                self->m_rolls[t.id] = PendingRoll{open, from, toContract, d.clientOrderId};
        Q_EMIT self->message(tr("Roll of %1 to %2: the close's ticket first; the open's follows "
                                "once the close is sent")
                                 .arg(from, toContract));
    });
    return Unit{};
}

void TradingSession::settleRoll(int closeTicketId, bool sent, const QString &what) {
    const auto it = m_rolls.find(closeTicketId);
    if (it == m_rolls.end())
        return;
    const PendingRoll roll = it->second;
    m_rolls.erase(it);
    if (!sent) {
        Q_EMIT message(
            tr("No roll of %1: its close was %2, so nothing is opened").arg(roll.from, what));
        return;
    }
    // As many as the close sent (a hold may have lowered it): read from its record.
    QPointer<TradingSession> self(this);
    m_dispatcher->storeRunner().run<int>(
        [cid = roll.closeClientOrderId](ExecutionStore &s) -> Result<int> {
            ExecutionFilter f;
            f.clientOrderId = cid;
            f.limit = 1;
            const auto rows = s.records().executions(f);
            if (!rows)
                return rows.error();
            if (rows->empty())
                return Error::make("its record was not found");
            return rows->front().qty.value_or(0);
        },
        this,
        [self, roll](Result<int> qty) {
            if (!self)
                return;
            if (!qty || *qty < 1) {
                Q_EMIT self->message(
                    tr("Roll of %1: the close was sent, but the open was not proposed (%2): "
                       "open %3 from the chain")
                        .arg(roll.from,
                             qty ? tr("no quantity") : QString::fromStdString(qty.error().message),
                             roll.to));
                return;
            }
            ManualOrder opening = roll.open;
            opening.qty = *qty;
            Q_EMIT self->message(tr("Roll of %1: the close was sent; the open's ticket for %2 "
                                    "follows")
                                     .arg(roll.from, roll.to));
            self->tradeContract(opening);
        });
}

void TradingSession::settleCancel(const std::string &orderId, Result<Unit> answer,
                                  std::function<void(Result<Unit>)> then) {
    cg::settleCancel(m_broker, orderId, std::move(answer), [then](CancelOutcome out) {
        if (out.cancelled)
            return then(Unit{});
        then(out.error ? *out.error : Error::make("it is " + out.finishedAs));
    });
}

void TradingSession::cancelOrder(const QString &orderId, std::function<void(Result<Unit>)> done) {
    QPointer<TradingSession> self(this);
    m_broker.cancelOrder(orderId.toStdString(), [self, orderId, done](Result<Unit> answer) {
        if (!self) {
            if (done)
                done(std::move(answer));
            return;
        }
        self->settleCancel(
            orderId.toStdString(), std::move(answer), [self, orderId, done](Result<Unit> r) {
                if (self) {
                    Q_EMIT self->message(
                        r ? tr("Cancel of order %1 accepted").arg(orderId)
                          : tr("Order %1 not cancelled: %2")
                                .arg(orderId, QString::fromStdString(r.error().message)));
                    Q_EMIT self->ordersChangedByHand();
                }
                if (done)
                    done(std::move(r));
            });
    });
}

void TradingSession::cancelAllOwnOrders(std::function<void(Result<int>)> done) {
    QPointer<TradingSession> self(this);
    readOpenOrders(m_broker, [self, done](OpenOrders r) {
        if (!self)
            return;
        // What was read is cancelled even when the reading stopped early; the rest is said.
        if (r.incomplete)
            Q_EMIT self->message(tr("Could not list every open order (%1 read): %2")
                                     .arg(r.orders.size())
                                     .arg(QString::fromStdString(r.incomplete->message)));
        std::vector<std::string> ids;
        for (const Order &o : r.orders) {
            if (isBookClientOrderId(o.clientOrderId, self->m_dispatcher->currentBookTag()))
                ids.push_back(o.id);
        }
        auto left = std::make_shared<std::size_t>(ids.size());
        auto cancelled = std::make_shared<int>(0);
        auto notCancelled = std::make_shared<QStringList>(); // "<id> (<why>)", each
        const auto finish = [self, done, cancelled, notCancelled] {
            if (self) {
                QString said = tr("%n ChainGate order(s) cancelled", nullptr, *cancelled);
                if (!notCancelled->isEmpty())
                    said += tr("; not cancelled: %1").arg(notCancelled->join(QStringLiteral(", ")));
                Q_EMIT self->message(said);
                Q_EMIT self->ordersChangedByHand();
            }
            if (done)
                done(*cancelled);
        };
        if (ids.empty())
            return finish();
        for (const std::string &id : ids) {
            self->m_broker.cancelOrder(id, [self, id, left, cancelled, notCancelled,
                                            finish](Result<Unit> answer) {
                const auto count = [id, left, cancelled, notCancelled, finish](Result<Unit> c) {
                    if (c)
                        ++*cancelled;
                    else
                        *notCancelled << QStringLiteral("%1 (%2)").arg(
                            QString::fromStdString(id), QString::fromStdString(c.error().message));
                    if (--*left == 0)
                        finish();
                };
                if (!self)
                    return count(std::move(answer));
                self->settleCancel(id, std::move(answer), count);
            });
        }
    });
}

void TradingSession::replaceOrder(const QString &orderId, const QString &clientOrderId,
                                  std::optional<int> qty, std::optional<double> limit,
                                  bool overridePrecautions,
                                  std::function<void(Result<Order>)> done) {
    QPointer<TradingSession> self(this);
    const auto refuse = [self, orderId, done](Error e) {
        if (self)
            Q_EMIT self->message(
                tr("Order %1 not replaced: %2").arg(orderId, QString::fromStdString(e.message)));
        if (done)
            done(std::move(e));
    };
    if (killSwitchEngaged())
        return refuse(Error::make("Kill switch is on: no order is replaced until it is released"));
    // The order as Alpaca has it now (a part may have filled), then its new figures judged as
    // a ticket's would be.
    m_broker.order(orderId.toStdString(), [self, orderId, clientOrderId, qty, limit,
                                           overridePrecautions, done,
                                           refuse](Result<Order> current) {
        if (!self)
            return;
        if (!current)
            return refuse(Error::make("Could not read the order: " + current.error().message +
                                      ". Nothing was replaced."));
        ReplaceCheckInput in;
        in.order = *current;
        in.qty = qty.value_or(static_cast<int>(std::lround(current->qty)));
        in.limit = limit ? limit : current->limitPrice;
        in.limitChanged = limit.has_value();
        in.overridePrecautions = overridePrecautions;
        in.risk.killSwitch = self->killSwitchEngaged();
        in.risk.dailyPnl = self->m_risk.dailyPnl.value_or(0.0);
        // Judged once what it needs is read: for a stock buy, the position (a buy against a
        // short covers it, and the per-order limits hold only what opens).
        auto check = [self, orderId, clientOrderId, qty, limit, done,
                      refuse](ReplaceCheckInput in) mutable {
            if (!self)
                return;
            const auto occ = parseOccSymbol(in.order.symbol);
            auto judge = [self, orderId, clientOrderId, qty, limit, done, refuse,
                          in](std::optional<Quote> quote, double tick,
                              std::optional<double> lastPrice = std::nullopt) mutable {
                if (!self)
                    return;
                in.quote = std::move(quote);
                in.tick = tick;
                in.lastPrice = lastPrice;
                if (auto refusal = checkReplace(self->settings(), in))
                    return refuse(*refusal);
                self->sendReplace(orderId, clientOrderId, qty, limit, done);
            };
            // A new option limit (the tick it must sit on) or more contracts at the old one: the
            // live quote it is judged against.
            const bool raised = in.qty > std::lround(in.order.qty);
            if ((!in.limitChanged && !raised) || !in.limit)
                return judge(std::nullopt, 0.0);
            if (!occ) { // a stock: judged against its live price, as at its ticket
                const std::string symbol = in.order.symbol;
                self->m_marketData.underlyingPrice(
                    symbol, [self, symbol, judge, refuse](Result<UnderlyingPrice> price) mutable {
                        if (!self)
                            return;
                        if (!price || !(price->price > 0.0))
                            return refuse(Error::make(
                                "Could not read the price of " + symbol + " to check the order" +
                                (price ? std::string() : ": " + price.error().message) +
                                ". Nothing was replaced."));
                        judge(std::nullopt, 0.0, price->price);
                    });
                return;
            }
            OptionContract probe;
            probe.type = occ->type;
            probe.strike = occ->strike();
            probe.expiry = occ->expiry;
            const std::string symbol = in.order.symbol;
            self->m_marketData.optionChain(
                ChainQuery::forContract(occ->underlying(), probe),
                [self, symbol, judge, refuse, at = *in.limit](Result<OptionChain> chain) mutable {
                    if (!self)
                        return;
                    const OptionContract *fresh = nullptr;
                    if (chain)
                        for (const OptionContract &c : chain->contracts)
                            if (c.symbol == symbol)
                                fresh = &c;
                    if (!fresh || !fresh->quote)
                        return refuse(Error::make(
                            "Could not read the live quote of " + symbol + " to check the order" +
                            (chain ? std::string() : ": " + chain.error().message) +
                            ". Nothing was replaced."));
                    const double tick = self->settings().tickTable().tick(
                        optionClass(*fresh), at, self->settings().tickEvidence(fresh->quote));
                    judge(fresh->quote, tick);
                });
        };
        if (!parseOccSymbol(current->symbol) && current->side == OrderSide::Buy &&
            current->intent == PositionIntent::None)
            return self->m_broker.positions([check, refuse,
                                             in](Result<std::vector<Position>> held) mutable {
                if (!held)
                    return refuse(Error::make("Could not read the positions to check the "
                                              "order: " +
                                              held.error().message + ". Nothing was replaced."));
                in.stockPosition = stockPosition(*held, in.order.symbol);
                check(std::move(in));
            });
        check(std::move(in));
    });
}

void TradingSession::sendReplace(const QString &orderId, const QString &clientOrderId,
                                 std::optional<int> qty, std::optional<double> limit,
                                 std::function<void(Result<Order>)> done) {
    ReplaceRequest req;
    req.qty = qty;
    req.limitPrice = limit;
    // The new order stays this book's (kill switch, cancel all): "<old>-r<time>".
    if (!clientOrderId.isEmpty()) {
        const std::string suffix =
            "-r" + std::to_string(m_clock.now().time_since_epoch().count() % 100000000);
        std::string base = clientOrderId.toStdString();
        // A second replace replaces the suffix rather than growing it.
        if (const auto at = base.rfind("-r");
            at != std::string::npos && at + 2 < base.size() &&
            base.find_first_not_of("0123456789", at + 2) == std::string::npos)
            base = base.substr(0, at);
        req.clientOrderId = base.substr(0, 128 - suffix.size()) + suffix;
    }
    QPointer<TradingSession> self(this);
    // `unknown`: the answer was lost and the new order could not be looked up either.
    const auto settled = [self, orderId, clientOrderId, done](Result<Order> r,
                                                              bool unknown = false) {
        if (self && r)
            self->recordReplacement(clientOrderId.toStdString(), *r);
        if (self) {
            QString said;
            if (r && isFinalOrderStatus(r->status) && r->status != "filled")
                said = tr("Order %1 replaced by %2, which is %3")
                           .arg(orderId, QString::fromStdString(r->id),
                                QString::fromStdString(r->status));
            else if (r)
                said = tr("Order %1 replaced by %2").arg(orderId, QString::fromStdString(r->id));
            else if (unknown)
                said = tr("Order %1 may have been replaced: %2")
                           .arg(orderId, QString::fromStdString(r.error().message));
            else
                said = tr("Order %1 not replaced: %2")
                           .arg(orderId, QString::fromStdString(r.error().message));
            Q_EMIT self->message(said);
            Q_EMIT self->ordersChangedByHand();
        }
        if (done)
            done(std::move(r));
    };
    m_broker.replaceOrder(
        orderId.toStdString(), req,
        [self, settled, newClientOrderId = req.clientOrderId](Result<Order> r) {
            // No answer (a timeout, a cut-off reply, a server error): the PATCH may have been
            // applied all the same. The new order is looked for by its client order id before
            // saying "not replaced"; Alpaca's refusals (4xx) are answers, and so is a 404 to the
            // lookup.
            const int status = r ? 0 : r.error().httpStatus;
            if (r || !self || newClientOrderId.empty() || (status >= 400 && status < 500))
                return settled(std::move(r));
            self->m_broker.orderByClientId(
                newClientOrderId, [settled, r](Result<Order> found) mutable {
                    if (found)
                        return settled(std::move(found));
                    if (found.error().httpStatus == 404)
                        return settled(std::move(r)); // not there: not replaced
                    settled(Error::make("its answer was lost and the new order could not be "
                                        "looked up (" +
                                        found.error().message +
                                        "); the Orders dock shows it once Alpaca answers again"),
                            true);
                });
        });
}

void TradingSession::recordReplacement(const std::string &oldClientOrderId,
                                       const Order &replacing) {
    if (oldClientOrderId.empty())
        return;
    // Read and written on the store runner, after the replaced order's own records.
    const Timestamp now = m_clock.now();
    QPointer<TradingSession> self(this);
    // The replacing order's record, or nullopt where the replaced order is not this book's.
    using Written = std::optional<ExecutionRecord>;
    m_dispatcher->storeRunner().run<Written>(
        [oldClientOrderId, replacing, now](ExecutionStore &s) -> Result<Written> {
            ExecutionFilter f;
            f.limit = 1;
            // Recorded already (the replace's answer and the replaced order's news both lead
            // here, one after the other on this runner): not written twice.
            f.clientOrderId = replacing.clientOrderId;
            if (!f.clientOrderId.empty())
                if (const auto known = s.records().executions(f); known && !known->empty())
                    return Written{}; // and followed since: not tracked again from old news
            f.clientOrderId = oldClientOrderId;
            const auto old = s.records().executions(f);
            if (!old || old->empty())
                return Written{}; // not an order this book recorded: nothing to follow it with
            ExecutionRecord record = replacementRecord(old->front(), replacing, now);
            const auto written = s.records().recordExecution(record);
            if (!written)
                return written.error();
            return Written{std::move(record)};
        },
        this,
        [self, replacing, now](Result<Written> written) {
            if (!self)
                return;
            if (!written) {
                Q_EMIT self->message(tr("The replacing order %1 was not recorded: %2")
                                         .arg(QString::fromStdString(replacing.id),
                                              QString::fromStdString(written.error().message)));
                return;
            }
            // Its fills reach its row as a placed order's do (polled, or pushed by the stream),
            // measured against the decision the replaced order was placed on.
            if (*written)
                self->m_dispatcher->tracker().track(
                    TrackedOrder{replacing.clientOrderId, replacing.id, replacing.status,
                                 slippageBaseOf(**written), 0, replacing.filledQty, now});
        });
}

void TradingSession::exercise(const QString &contract, std::function<void(Result<Unit>)> done) {
    QPointer<TradingSession> self(this);
    m_broker.exercise(contract.toStdString(), [self, contract, done](Result<Unit> r) {
        if (self) {
            Q_EMIT self->message(r ? tr("Exercise of %1 submitted").arg(contract)
                                   : tr("%1 not exercised: %2")
                                         .arg(contract, QString::fromStdString(r.error().message)));
            Q_EMIT self->ordersChangedByHand();
        }
        if (done)
            done(std::move(r));
    });
}

void TradingSession::onTicketAdded(int ticketId) {
    if (auto t = m_queue->ticket(ticketId))
        m_ticketSignals[ticketId] = t->proposal.signal.id;
    Q_EMIT ticketOpened(ticketId);
}

void TradingSession::finishTicket(int ticketId, qint64 executionId, const QString &what) {
    const auto it = m_ticketSignals.find(ticketId);
    if (it == m_ticketSignals.end())
        return;
    const qint64 signalId = it->second;
    m_ticketSignals.erase(it);
    if (signalId > 0) {
        std::optional<std::int64_t> exec;
        if (executionId > 0)
            exec = executionId;
        // Not recorded (the store failed): the signal stays claimed until the next start.
        if (exec) {
            finishOnRunner(signalId, SignalStatus::Done, exec, {});
            Q_EMIT message(tr("Ticket %1 %2").arg(ticketId).arg(what));
            refreshRiskBudget();
            return;
        }
    }
    Q_EMIT message(tr("Ticket %1 %2").arg(ticketId).arg(what));
    refreshSignals();
    refreshRiskBudget();
}

// The signal's new status, written after the order's records (same runner, in order); the list
// is read again once it is written.
void TradingSession::finishOnRunner(qint64 signalId, SignalStatus status,
                                    std::optional<std::int64_t> exec, const std::string &error) {
    // Claimed by the ticket's holder or the dispatcher's, as the mode was: both are this
    // console's.
    updateSignalOnRunner(signalId, [signalId, status, exec, error, ticket = m_options.ticketClaimId,
                                    timer = m_options.dispatcherId](ExecutionStore &s) {
        return s.signals().finish(signalId, status, exec, error, {ticket, timer});
    });
}

void TradingSession::updateSignalOnRunner(qint64 signalId,
                                          std::function<Result<Unit>(ExecutionStore &)> update) {
    QPointer<TradingSession> self(this);
    m_dispatcher->storeRunner().run<Unit>(
        std::move(update), this, [self, signalId](Result<Unit> r) {
            if (!self)
                return;
            if (!r)
                Q_EMIT self->message(
                    tr("Signal %1 not updated: %2").arg(signalId).arg(qs(r.error().message)));
            self->refreshSignals();
        });
}

void TradingSession::finishSignal(qint64 signalId, const Decision &d) {
    if (d.undecided) {
        // Nothing decided nor recorded (the account or the store could not be checked): the
        // signal goes back to the queue, as the timer's and the CLI's do, not FAILED for good.
        Q_EMIT message(
            tr("Signal %1 not decided, back in the queue: %2").arg(signalId).arg(qs(d.error)));
        updateSignalOnRunner(signalId, [signalId, ticket = m_options.ticketClaimId,
                                        timer = m_options.dispatcherId](ExecutionStore &s) {
            // Claimed by the ticket's holder or the dispatcher's, as the mode was.
            for (const std::string &holder : {ticket, timer}) {
                auto released = s.signals().release(signalId, holder);
                if (!released)
                    return Result<Unit>(released.error());
                if (*released)
                    break;
            }
            return Result<Unit>(Unit{});
        });
        return;
    }
    std::optional<std::int64_t> exec;
    if (d.executionId > 0)
        exec = d.executionId;
    const bool ok = d.error.empty();
    if (!ok)
        Q_EMIT message(tr("Signal %1 failed: %2").arg(signalId).arg(qs(d.error)));
    finishOnRunner(signalId, ok ? SignalStatus::Done : SignalStatus::Failed, exec, d.error);
}

void TradingSession::pendingSignalCount(std::function<void(Result<int>)> done) {
    StoreRunner &runner = m_dispatcher->storeRunner();
    if (!runner.reachable())
        return done(Error::make("the database is unreachable"));
    runner.run<int>(
        [](ExecutionStore &store) -> Result<int> {
            auto all = store.signals().list(10000);
            if (!all)
                return all.error();
            int n = 0;
            for (const Signal &s : *all)
                n += s.status == SignalStatus::Pending;
            return n;
        },
        this, std::move(done));
}

bool TradingSession::setMode(Mode mode) {
    if (mode == m_mode && (mode == Mode::Manual || m_auto->isActive()))
        return true;
    if (mode == Mode::Auto) {
        (void)killSwitch().refresh();
        if (killSwitchEngaged() || !m_auto->start()) {
            Q_EMIT message(tr("Auto mode refused: the kill switch is on. Release it first."));
            Q_EMIT modeChanged(m_mode);
            return false;
        }
    } else {
        m_auto->stop();
    }
    m_mode = mode;
    Q_EMIT modeChanged(m_mode);
    return true;
}

void TradingSession::setInterval(std::chrono::milliseconds interval) {
    m_auto->setInterval(interval);
    DispatcherSettings s = m_dispatcher->settings();
    s.timerIntervalSec = static_cast<int>(
        std::max<long long>(1, std::chrono::duration_cast<std::chrono::seconds>(interval).count()));
    m_dispatcher->setSettings(s);
    m_sinceTick.start(); // QTimer restarts its period on a new interval
}

std::chrono::milliseconds TradingSession::interval() const {
    return m_auto->interval();
}

qint64 TradingSession::msToNextRun() const {
    if (!m_auto->isActive() || !m_sinceTick.isValid())
        return -1;
    return std::max<qint64>(0, m_auto->interval().count() - m_sinceTick.elapsed());
}

bool TradingSession::isRunning() const {
    return m_auto->isRunning();
}

void TradingSession::engageKillSwitch(const QString &reason, bool allOrders) {
    QPointer<TradingSession> self(this);
    killSwitch().engage(
        reason,
        [self](Result<int> r) {
            if (!self)
                return;
            if (!r && !self->killSwitch().saved())
                Q_EMIT self->message(qs(r.error().message)); // says it is on, and not saved
            else if (!r)
                Q_EMIT self->message(
                    tr("Kill switch on, but open orders could not all be cancelled: %1")
                        .arg(qs(r.error().message)));
            self->refreshSignals();
        },
        allOrders ? KillSwitch::CancelScope::AllOrders : KillSwitch::CancelScope::OwnOrders);
}

void TradingSession::releaseKillSwitch(std::function<void(Result<Unit>)> done) {
    // Saved on the store runner; while the database is known not to answer, refused at once
    // (never kept for later: a release is done only once the store has it).
    if (!m_dispatcher->storeRunner().reachable()) {
        if (done)
            done(Error::make("the database is unreachable; the kill switch stays on"));
        return;
    }
    killSwitch().release(std::move(done));
}

void TradingSession::refreshSignals() {
    if (m_worker) {
        // One read at a time: while the database does not answer, polls do not pile up.
        if (m_signalsReadInFlight)
            return;
        m_signalsReadInFlight = true;
        m_worker->run<std::vector<SignalRow>>(
            [](ExecutionStore &s) { return SignalsModel::readRows(s); }, this,
            [this](Result<std::vector<SignalRow>> rows) {
                m_signalsReadInFlight = false;
                if (!rows) {
                    Q_EMIT message(tr("Signals not refreshed: %1").arg(qs(rows.error().message)));
                    return;
                }
                m_signals->setRows(std::move(*rows));
                Q_EMIT signalsReloaded();
            });
        return;
    }
    if (m_refreshQueued)
        return;
    m_refreshQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_refreshQueued = false;
        if (auto r = reloadSignalsNow(); !r)
            Q_EMIT message(tr("Signals not refreshed: %1").arg(qs(r.error().message)));
    });
}

Result<Unit> TradingSession::reloadSignalsNow() {
    auto r = m_signals->reload(m_store);
    if (r)
        Q_EMIT signalsReloaded();
    return r;
}

void TradingSession::setAccountSnapshot(const Account &a) {
    m_risk.equity = a.equity;
    m_risk.optionsBuyingPower = a.optionsBuyingPower;
    m_risk.dailyPnl = dayPnl(a);
    Q_EMIT riskBudgetChanged();
}

void TradingSession::refreshRiskBudget() {
    const DispatcherSettings &s = m_dispatcher->settings();
    m_risk.maxOrdersPerDay = s.risk.maxOrdersPerDay;
    m_risk.maxNotionalPerOrder = s.risk.maxNotionalPerOrder;
    m_risk.maxDailyLoss = s.risk.maxDailyLoss;
    m_risk.error.clear();
    if (m_worker) {
        refreshRiskFiguresOffThread();
    } else if (auto n = m_dispatcher->ordersToday())
        m_risk.ordersToday = *n;
    else
        m_risk.error = qs(n.error().message);

    ExecutionFilter f;
    f.from = easternInstant(easternDate(m_clock.now()), 0, 0);
    f.limit = 0;
    if (m_worker) {
        // Read by refreshRiskFiguresOffThread().
    } else if (auto records = m_store.records().executions(f)) {
        const auto [total, largest] = notionalOf(*records);
        m_risk.notionalToday = total;
        m_risk.largestOrderToday = largest;
    } else {
        m_risk.error = qs(records.error().message);
    }
    Q_EMIT riskBudgetChanged();

    if (m_accountInFlight)
        return;
    m_accountInFlight = true;
    QPointer<TradingSession> self(this);
    m_broker.account([self](Result<Account> a) {
        if (!self)
            return;
        self->m_accountInFlight = false;
        if (!a) {
            self->m_risk.error = tr("Account unavailable: %1").arg(qs(a.error().message));
        } else {
            self->m_risk.equity = a->equity;
            self->m_risk.optionsBuyingPower = a->optionsBuyingPower;
            self->m_risk.dailyPnl = dayPnl(*a);
            Q_EMIT self->accountRead(*a);
        }
        Q_EMIT self->riskBudgetChanged();
    });
}

void TradingSession::refreshRiskFiguresOffThread() {
    if (m_riskReadInFlight)
        return;
    m_riskReadInFlight = true;
    const Timestamp since = easternInstant(easternDate(m_clock.now()), 0, 0);
    m_worker->run<RiskFigures>(
        [since](ExecutionStore &s) -> Result<RiskFigures> {
            auto n = s.records().countOrders(since);
            if (!n)
                return n.error();
            ExecutionFilter f;
            f.from = since;
            f.limit = 0;
            auto records = s.records().executions(f);
            if (!records)
                return records.error();
            const auto [total, largest] = notionalOf(*records);
            return RiskFigures{*n, total, largest};
        },
        this,
        [this](Result<RiskFigures> figures) {
            m_riskReadInFlight = false;
            if (figures) {
                m_risk.ordersToday = figures->ordersToday;
                m_risk.notionalToday = figures->notionalToday;
                m_risk.largestOrderToday = figures->largestOrderToday;
            } else {
                m_risk.error = qs(figures.error().message);
            }
            Q_EMIT riskBudgetChanged();
        });
}

} // namespace cg::models
