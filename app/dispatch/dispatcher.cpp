#include "dispatch/dispatcher.h"

#include "dispatch/dispatch_state.h"
#include "dispatch/execution_record_builder.h"
#include "dispatch/log.h"
#include "dispatch/order_adoption.h"
#include "dispatch/strategy_pipeline.h"
#include "dispatch/ticket_recheck.h"
#include "domain/eastern_time.h"
#include "domain/number_format.h"
#include "storage/execution_store.h"
#include "storage/store_runner.h"

#include <QPointer>

#include <limits>

namespace cg {

namespace {

// What every proposal is decided with besides the market: the kill switch and today's order
// count (orders on their way are counted: their intents are recorded). A count that failed
// refuses the order rather than deciding blind.
template <typename Inputs>
void noteCountAndSwitch(Inputs &in, bool killSwitch, const Result<int> &ordersToday) {
    in.killSwitch = killSwitch;
    if (ordersToday)
        in.ordersToday = *ordersToday;
    else
        in.preRefusal =
            "Could not count today's orders, so no order is sent: " + ordersToday.error().message;
}

// Records whose order status reconciliation has nothing left to learn.
bool settled(const std::string &status) {
    return isFinalOrderStatus(status) || status == "not_placed";
}

// The record a signal already has, if any.
Result<std::optional<ExecutionRecord>> existingIn(ExecutionStore &store, std::int64_t signalId) {
    if (signalId <= 0)
        return std::optional<ExecutionRecord>();
    ExecutionFilter f;
    f.signalId = signalId;
    f.limit = 1;
    auto records = store.records().executions(f);
    if (!records)
        return records.error();
    if (records->empty())
        return std::optional<ExecutionRecord>();
    return std::optional(records->front());
}

} // namespace

Dispatcher::Dispatcher(Broker &broker, MarketData &marketData, ExecutionStore &store,
                       const Clock &clock, ExecutionMode orderMode, QObject *parent)
    : QObject(parent)
    , m_broker(broker)
    , m_marketData(marketData)
    , m_store(store)
    , m_inlineRunner(std::make_unique<InlineStoreRunner>(store))
    , m_runner(m_inlineRunner.get())
    , m_clock(clock)
    , m_orderMode(orderMode)
    , m_killSwitch(new KillSwitch(broker, killSwitchPersistence(store), this))
    , m_tracker(new OrderTracker(broker, store, clock, this)) {
    m_killSwitch->setOwnOrders(
        [this](const Order &o) { return isBookClientOrderId(o.clientOrderId, m_bookTag); });
    // An order whose submit timed out, found at the broker later: the switch may have been
    // pulled (and swept nothing) meanwhile.
    connect(m_tracker, &OrderTracker::orderFound, m_killSwitch, &KillSwitch::catchLateOrder);
    setSettings(m_settings);
}

Dispatcher::~Dispatcher() = default;

void Dispatcher::setStoreRunner(StoreRunner *runner) {
    m_runner = runner ? runner : m_inlineRunner.get();
    m_tracker->setStoreRunner(m_runner);
    KillSwitchLaterPersistence later;
    if (runner) {
        // The switch is read and saved on the runner; while the database is known to be
        // unreachable a read answers at once (the switch keeps its state) instead of queuing.
        QPointer<KillSwitch> ks(m_killSwitch);
        later.load = [this, ks](std::function<void(Result<std::optional<std::string>>)> done) {
            if (!m_runner->reachable())
                return done(Error::make("the database is unreachable"));
            m_runner->run<std::optional<std::string>>(
                [](ExecutionStore &s) { return killSwitchPersistence(s).load(); }, ks,
                std::move(done));
        };
        later.save = [this, ks](const std::string &value, std::function<void(Result<Unit>)> done) {
            m_runner->run<Unit>(
                [value](ExecutionStore &s) { return killSwitchPersistence(s).save(value); }, ks,
                std::move(done));
        };
    }
    m_killSwitch->setLaterPersistence(std::move(later));
}

void Dispatcher::setSettings(const DispatcherSettings &settings) {
    m_settings = settings;
    m_settings.quotesOnExchangeTicks = m_marketData.quotesOnExchangeTicks();
    m_tracker->setPollInterval(std::chrono::milliseconds(settings.orderPollIntervalMs));
    m_tracker->setMaxTries(settings.orderPollMaxTries);
    m_tracker->setUnknownWindow(std::chrono::minutes(std::max(0, settings.unknownOrderWindowMin)));
}

std::string Dispatcher::clientOrderIdFor(const Signal &s) const {
    return cg::clientOrderIdFor(s.id, m_bookTag);
}

namespace {

// What a start reads from the store: the kill switch, the book tag, the latest records.
struct StartState {
    Result<std::optional<std::string>> killSwitch = std::optional<std::string>();
    Result<std::string> bookTag = std::string();
    Result<std::vector<ExecutionRecord>> records = std::vector<ExecutionRecord>();
};

// The most recent records: older unfinished orders are long expired (day orders).
Result<std::vector<ExecutionRecord>> latestRecords(ExecutionStore &store) {
    ExecutionFilter f;
    f.limit = 1000;
    return store.records().executions(f);
}

} // namespace

void Dispatcher::start(std::function<void(Result<int>)> done) {
    startPass(false, std::move(done));
}

void Dispatcher::startReadOnly(std::function<void()> done) {
    startPass(true, [done = std::move(done)](Result<int>) {
        if (done)
            done();
    });
}

void Dispatcher::startPass(bool readOnly, std::function<void(Result<int>)> done) {
    // Read on the store runner (the window's worker: a database that does not answer holds the
    // worker, not the window). Decisions wait meanwhile: the pass over the account starts now
    // and every proposal waits for it, so none is decided before the kill switch is read.
    m_accountPass = AccountPass::Running;
    QPointer<Dispatcher> self(this);
    m_runner->run<StartState>(
        [readOnly](ExecutionStore &s) -> Result<StartState> {
            StartState st;
            st.killSwitch = killSwitchPersistence(s).load();
            if (readOnly) { // the tag read, never created; no record read to follow
                auto tag = s.kept().value(kBookTagStateKey);
                st.bookTag = tag && tag->has_value() ? Result<std::string>(**tag)
                                                     : Result<std::string>(std::string());
                return st;
            }
            st.bookTag = bookTag(s);
            st.records = latestRecords(s);
            return st;
        },
        this,
        [self, readOnly, done = std::move(done)](Result<StartState> st) {
            if (!self)
                return;
            auto loaded = self->m_killSwitch->loaded(st->killSwitch);
            if (!st->bookTag)
                qCWarning(lcDispatch).noquote()
                    << "no book tag, client order ids are cg-sig-<id>:"
                    << QString::fromStdString(st->bookTag.error().message);
            else if (!st->bookTag->empty())
                self->m_bookTag = *st->bookTag;
            Result<int> count = 0;
            if (readOnly) {
                self->finishAccountPass(0, {});
            } else {
                count = self->trackUnsettled(st->records);
                self->reconcileAccount();
            }
            if (done) {
                if (!loaded)
                    done(Error::make("Kill switch state unreadable, treated as on: " +
                                     loaded.error().message));
                else
                    done(std::move(count));
            }
        });
}

Result<int> Dispatcher::reconcile() {
    return trackUnsettled(latestRecords(m_store));
}

Result<int> Dispatcher::trackUnsettled(const Result<std::vector<ExecutionRecord>> &records) {
    if (!records)
        return records.error();
    int count = 0;
    for (const ExecutionRecord &r : *records) {
        // Another mode's order (a DEMO session on a book a paper service writes) is another
        // account's: asked here it is not found, and its record would be written off.
        if (r.clientOrderId.empty() || !isOrderMode(r.mode) || r.mode != m_orderMode ||
            settled(r.orderStatus))
            continue;
        m_tracker->track(TrackedOrder{r.clientOrderId, r.orderId, r.orderStatus, slippageBaseOf(r),
                                      0, 0.0, r.createdAt});
        ++count;
    }
    if (count > 0) {
        qCInfo(lcDispatch) << "reconciling" << count << "orders without a final status";
        m_tracker->pollNow();
    }
    return count;
}

// Every console's orders on this book, those on their way (intents) included.
Result<int> Dispatcher::ordersToday() const {
    return m_store.records().countOrders(easternInstant(easternDate(m_clock.now()), 0, 0));
}

void Dispatcher::countOrdersToday(std::function<void(Result<int>)> done) {
    if (!m_runner->reachable())
        return done(Error::make("the database is unreachable"));
    const Timestamp since = easternInstant(easternDate(m_clock.now()), 0, 0);
    m_runner->run<int>([since](ExecutionStore &s) { return s.records().countOrders(since); }, this,
                       std::move(done));
}

Result<std::optional<ExecutionRecord>> Dispatcher::existingExecution(const Signal &signal) const {
    return existingIn(m_store, signal.id);
}

void Dispatcher::propose(const Signal &signal, DecisionCallback done, bool dryRun) {
    QPointer<Dispatcher> self(this);
    afterAccountReconciled([self, signal, done = std::move(done), dryRun]() mutable {
        if (self)
            self->proposeNow(signal, std::move(done), dryRun);
    });
}

void Dispatcher::proposeNow(const Signal &signal, DecisionCallback done, bool dryRun) {
    DecisionInputs in;
    in.signal = signal;
    in.settings = m_settings;
    in.orderMode = m_orderMode;
    in.clientOrderId = clientOrderIdFor(signal);
    in.now = m_clock.now();
    in.dryRun = dryRun;
    QPointer<Dispatcher> self(this);
    countOrdersToday([self, dryRun, multiLeg = signal.multiLeg, in = std::move(in),
                      done = std::move(done)](Result<int> n) mutable {
        if (!self)
            return;
        noteCountAndSwitch(in, self->m_killSwitch->engaged(), n);
        if (!dryRun && in.clientOrderId.empty() && in.preRefusal.empty())
            in.preRefusal = "The signal has no id, so no client order id: no order is sent";

        auto answer = [self, done = std::move(done)](Decision d) {
            if (self)
                done(std::move(d));
        };
        // A multi-leg signal (SPY:NEUTRAL:iron_condor) is decided by its template.
        if (multiLeg)
            return proposeStrategySignal(self->m_marketData, self->m_broker, std::move(in),
                                         std::move(answer));
        proposeDecision(self->m_marketData, self->m_broker, std::move(in), std::move(answer));
    });
}

namespace {

// A trade by hand, one contract or several legs: today's order count (on the store runner) and
// the kill switch noted into its inputs, then `propose` (the pipeline) decides the ticket.
template <typename Inputs, typename Propose>
void proposeManualWith(Dispatcher &dispatcher, Inputs in, Propose propose, DecisionCallback done) {
    in.settings = dispatcher.settings();
    in.orderMode = dispatcher.orderMode();
    in.clientOrderId = manualClientOrderId(dispatcher.currentBookTag());
    in.now = dispatcher.clock().now();
    QPointer<Dispatcher> self(&dispatcher);
    dispatcher.countOrdersToday(
        [self, in = std::move(in), propose, done = std::move(done)](Result<int> n) mutable {
            if (!self)
                return;
            noteCountAndSwitch(in, self->killSwitch().engaged(), n);
            propose(self->marketData(), self->broker(), std::move(in),
                    [self, done = std::move(done)](Decision d) {
                        if (self)
                            done(std::move(d));
                    });
        });
}

} // namespace

void Dispatcher::proposeManual(const ManualOrder &order, DecisionCallback done) {
    ManualInputs in;
    in.order = order;
    proposeManualWith(*this, std::move(in), &cg::proposeManual, std::move(done));
}

void Dispatcher::proposeManualStrategy(const ManualStrategyOrder &order, DecisionCallback done) {
    ManualStrategyInputs in;
    in.order = order;
    proposeManualWith(*this, std::move(in), &cg::proposeManualStrategy, std::move(done));
}

// A multi-leg ticket is re-checked as it is confirmed (dispatch/strategy_pipeline.h): sent as
// shown, refused and recorded, or held (nothing sent, nothing recorded, the reason and the
// refreshed figures in the answer).
void Dispatcher::placeManualStrategy(Decision proposal, DecisionCallback done) {
    RecheckInputs in;
    // The trader's "send anyway" past the fat-finger checks holds for the re-check too.
    in.changes.overridePrecautions = proposal.multiLeg && proposal.multiLeg->precautionsOverridden;
    if (in.changes.overridePrecautions) // those the trader saw held, no other
        in.changes.overriddenPrecautions = proposal.multiLeg->overriddenPrecautions;
    if (proposal.multiLeg && proposal.multiLeg->limitTyped)
        in.changes.limitPrice = proposal.limitPrice;
    in.proposal = std::move(proposal);
    in.settings = m_settings;
    QPointer<Dispatcher> self(this);
    countOrdersToday([self, in = std::move(in), done = std::move(done)](Result<int> n) mutable {
        if (!self)
            return;
        in.now = self->m_clock.now();
        noteCountAndSwitch(in, self->m_killSwitch->engaged(), n);
        recheckStrategyTicket(
            self->m_marketData, self->m_broker, std::move(in),
            [self, done = std::move(done)](TicketVerdict v) mutable {
                if (!self)
                    return;
                if (v.kind == TicketVerdict::Kind::Send)
                    return self->sendRecorded(std::move(v.decision), std::move(done));
                if (v.kind == TicketVerdict::Kind::Refuse)
                    return self->recordThen(std::move(v.decision), std::move(done));
                Decision held = std::move(v.decision);
                held.mode = ExecutionMode::SimulatedFallback;
                held.fallbackReason = v.why;
                done(std::move(held));
            });
    });
}

void Dispatcher::dispatch(const Signal &signal, DispatchOptions options, DecisionCallback done) {
    if (!options.dryRun && m_accountPass == AccountPass::Running) {
        QPointer<Dispatcher> self(this);
        afterAccountReconciled([self, signal, options, done = std::move(done)]() mutable {
            if (self)
                self->dispatch(signal, options, std::move(done));
        });
        return;
    }
    if (!options.dryRun) {
        QPointer<Dispatcher> self(this);
        const std::int64_t signalId = signal.id;
        m_runner->run<std::optional<ExecutionRecord>>(
            [signalId](ExecutionStore &s) { return existingIn(s, signalId); }, this,
            [self, signal, options,
             done = std::move(done)](Result<std::optional<ExecutionRecord>> existing) mutable {
                if (!self)
                    return;
                if (!existing) {
                    Decision d;
                    d.signal = signal;
                    d.decidedAt = self->m_clock.now();
                    d.error = "Could not check whether the signal was already dispatched: " +
                              existing.error().message;
                    d.fallbackReason = d.error;
                    d.undecided = true;
                    done(std::move(d)); // nothing recorded: the store is what failed
                    return;
                }
                if (existing->has_value()) {
                    qCInfo(lcDispatch) << "signal" << signal.id << "already has execution"
                                       << (*existing)->id << "; not dispatched again";
                    const ExecutionRecord &r = **existing;
                    if (r.orderStatus == kSendingStatus && r.mode != self->m_orderMode) {
                        // Another mode's account (a paper service's, met by a DEMO session):
                        // only a session of that mode can ask whether it was placed.
                        Decision d;
                        d.signal = signal;
                        d.decidedAt = self->m_clock.now();
                        d.error = "Signal " + std::to_string(signal.id) +
                                  "'s order was being sent by a " + std::string(toString(r.mode)) +
                                  " session (record " + std::to_string(r.id) +
                                  "): only such a session can find out whether it was placed; "
                                  "nothing decided";
                        d.fallbackReason = d.error;
                        d.undecided = true;
                        return done(std::move(d));
                    }
                    if (r.orderStatus == kSendingStatus)
                        return self->resumeIntent(signal, r, std::move(done));
                    done(decisionFromRecord(signal, **existing));
                    return;
                }
                self->decide(signal, options, std::move(done));
            });
        return;
    }
    decide(signal, options, std::move(done));
}

void Dispatcher::decide(const Signal &signal, DispatchOptions options, DecisionCallback done) {
    QPointer<Dispatcher> self(this);
    auto answer = std::make_shared<DecisionCallback>(std::move(done));
    auto decide = [self, signal, options, answer] {
        if (!self)
            return;
        self->propose(
            signal,
            [self, options, answer](Decision d) {
                if (!self)
                    return;
                if (options.dryRun)
                    return (*answer)(std::move(d));
                if (d.placesOrder())
                    return self->place(std::move(d), *answer);
                self->recordThen(std::move(d), *answer);
            },
            options.dryRun);
    };
    if (options.dryRun)
        return decide();
    // An order this signal already has on the account is adopted, whatever a new decision
    // would be.
    reconcileSignal(signal, [decide, answer](std::optional<Decision> adopted) {
        if (adopted)
            return (*answer)(std::move(*adopted));
        decide();
    });
}

void Dispatcher::place(Decision proposal, DecisionCallback done) {
    if (!proposal.placesOrder()) {
        recordThen(std::move(proposal), std::move(done));
        return;
    }
    QPointer<Dispatcher> self(this);
    // Pulled from another console since the proposal?
    m_killSwitch->refresh([self, proposal = std::move(proposal), done = std::move(done)]() mutable {
        if (!self)
            return;
        if (self->m_killSwitch->engaged()) {
            proposal.mode = ExecutionMode::SimulatedFallback;
            proposal.fallbackReason = "Kill switch is on: no new orders until it is released";
            self->recordThen(std::move(proposal), std::move(done));
            return;
        }
        if (proposal.multiLeg && proposal.source == DecisionSource::Manual)
            return self->placeManualStrategy(std::move(proposal), std::move(done));
        // The intent is recorded first; no record, no order (dispatcher_records.cpp).
        self->sendRecorded(std::move(proposal), std::move(done));
    });
}

Decision Dispatcher::record(Decision d) {
    if (d.dryRun)
        return d;
    const auto id = m_store.records().recordExecution(toExecutionRecord(d));
    return noteRecord(std::move(d), id, false);
}

void Dispatcher::recordThen(Decision d, DecisionCallback done) {
    // Known unreachable: this thread's store keeps it in the outbox at once (the worker put it
    // there), rather than queuing it behind a job the database does not answer.
    if (d.dryRun || !m_runner->reachable())
        return done(record(std::move(d)));
    const ExecutionRecord r = toExecutionRecord(d);
    QPointer<Dispatcher> self(this);
    m_runner->run<std::int64_t>(
        [r](ExecutionStore &s) { return s.records().recordExecution(r); }, this,
        [self, d = std::move(d), done = std::move(done)](Result<std::int64_t> id) mutable {
            if (self)
                done(self->noteRecord(std::move(d), id, false));
        });
}

namespace {

// Where the decision's record is, when it is not simply in the database.
QString recordNote(const Decision &d) {
    if (d.recordState == RecordState::Queued)
        return QStringLiteral(" - waiting in the local outbox, not yet in the database (%1)")
            .arg(QString::fromStdString(d.recordError));
    if (d.recordState == RecordState::NotRecorded && !d.recordError.empty())
        return QStringLiteral(" - NOT recorded: %1").arg(QString::fromStdString(d.recordError));
    return {};
}

} // namespace

QString decisionSummary(const Decision &d) {
    QString head = QStringLiteral("%1 %2 %3")
                       .arg(QString::fromStdString(d.signal.symbol),
                            QString::fromUtf8(toString(d.signal.action).data()),
                            QString::fromUtf8(strategyName(d.signal).data()));
    const QString mode = QString::fromUtf8(toString(d.mode).data());
    const QString again = d.alreadyDispatched
                              ? QStringLiteral(" - already dispatched: the signal's record, "
                                               "nothing sent again")
                              : QString();
    if (!d.fallbackReason.empty())
        return QStringLiteral("%1: %2 (%3)")
                   .arg(head, mode, QString::fromStdString(d.fallbackReason)) +
               again + recordNote(d);
    // A re-run reads the record, which keeps the contract but no order request.
    // A multi-leg order has no symbol of its own: its legs are named instead.
    std::string symbol = d.order && !d.order->symbol.empty() ? d.order->symbol
                         : d.contract                        ? d.contract->symbol
                                                             : d.signal.symbol;
    if (d.multiLeg && d.multiLeg->strategy)
        symbol = std::to_string(d.multiLeg->strategy->legs.size()) + " legs";
    QString text =
        QStringLiteral("%1: %2 %3 x %4").arg(head, mode, QString::fromStdString(symbol)).arg(d.qty);
    if (d.limitPrice)
        text += QStringLiteral(" limit %1").arg(QString::fromStdString(formatPrice(*d.limitPrice)));
    if (!d.orderId.empty())
        text += QStringLiteral(", order %1").arg(QString::fromStdString(d.orderId));
    if (!d.orderStatus.empty())
        text += QStringLiteral(" (%1)").arg(QString::fromStdString(d.orderStatus));
    return text + again + recordNote(d);
}

} // namespace cg
