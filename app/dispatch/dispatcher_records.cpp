// No order without a record, the dispatcher's side: an order's intent (client order id,
// contract, quantity, limit) is recorded before the order is sent, and becomes its execution
// record after the answer; the book's orders found on the account without a record are adopted,
// at start and before a signal is decided again. The store's side: ExecutionRecords::recordIntent
// and completeExecution.

#include "dispatch/crash_point.h"
#include "dispatch/dispatcher.h"
#include "dispatch/execution_record_builder.h"
#include "dispatch/log.h"
#include "dispatch/order_adoption.h"
#include "dispatch/order_submission.h"
#include "dispatch/risk_limits.h"
#include "domain/market_calendar.h"
#include "domain/number_format.h"
#include "storage/execution_store.h"
#include "storage/store_runner.h"

#include <QPointer>
#include <QUuid>

#include <map>
#include <utility>

namespace cg {

namespace {

// The most recent orders the start looks through (Alpaca's page limit).
constexpr int kAccountOrdersToScan = 500;

std::string newUid() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

// Slippage base of a placed order: the contract's mid, or for a stock the price decided at.
std::optional<double> slippageBase(const Decision &d) {
    if (d.multiLeg && d.multiLeg->figures) // the net mid, as the net fill is priced
        return d.multiLeg->figures->netMid;
    return d.isOption() ? d.contractMid() : d.underlyingPrice;
}

} // namespace

// The store's side of an adoption, on the store runner: the order's record when another console
// wrote it meanwhile, else the new record and what its write answered.
struct Adoption {
    std::optional<ExecutionRecord> existing;
    ExecutionRecord record;
    Result<std::int64_t> id = std::int64_t{0};
};

namespace {

Adoption adoptIn(ExecutionStore &store, ExecutionRecord r) {
    Adoption a;
    ExecutionFilter byOrder;
    byOrder.clientOrderId = r.clientOrderId;
    byOrder.limit = 1;
    if (auto existing = store.records().executions(byOrder); existing && !existing->empty()) {
        a.existing = existing->front();
        return a;
    }
    a.id = store.records().recordExecution(r);
    if (a.id)
        r.id = *a.id;
    a.record = std::move(r);
    return a;
}

} // namespace

void Dispatcher::sendRecorded(Decision d, DecisionCallback done) {
    if (d.executionUid.empty())
        d.executionUid = newUid();
    d.orderStatus = kSendingStatus;
    const Timestamp now = m_clock.now();
    if (!m_runner->reachable()) {
        // Not queued behind a job the database does not answer: the trader learns it now.
        sendAfterIntent(std::move(d), Error::make("the database is unreachable"), now,
                        std::move(done));
        return;
    }
    const ExecutionRecord intent = toExecutionRecord(d);
    // A close counts toward the day's orders but is never refused by their limit.
    const OrderCountLimit limit{easternInstant(easternDate(now), 0, 0),
                                d.reducesRisk() ? 0 : m_settings.risk.maxOrdersPerDay};
    QPointer<Dispatcher> self(this);
    m_runner->run<IntentWrite>(
        [intent, limit](ExecutionStore &s) { return s.records().recordIntent(intent, limit); },
        this,
        [self, now, d = std::move(d), done = std::move(done)](Result<IntentWrite> written) mutable {
            if (self)
                self->sendAfterIntent(std::move(d), written, now, std::move(done));
        });
}

// The order goes out only once its intent is in the database.
void Dispatcher::sendAfterIntent(Decision d, const Result<IntentWrite> &intent, Timestamp now,
                                 DecisionCallback done) {
    if (!intent || intent->limitReached) {
        // Nothing was sent: the decision is recorded as a fallback (if the store takes it).
        d.orderStatus.clear();
        d.mode = ExecutionMode::SimulatedFallback;
        if (!intent && !m_runner->reachable())
            d.fallbackReason = "Order not sent: the database is unreachable, so its record could "
                               "not be written first";
        else if (!intent)
            d.fallbackReason =
                "Order not sent: it could not be recorded first (" + intent.error().message + ")";
        else
            d.fallbackReason =
                checkRiskState(m_settings.risk, RiskState{false, intent->ordersSince, 0.0})
                    .value_or("Daily order limit reached");
        qCWarning(lcDispatch).noquote()
            << "signal" << d.signal.id << QString::fromStdString(d.fallbackReason);
        recordThen(std::move(d), std::move(done));
        return;
    }
    d.executionId = intent->id;
    ++m_inFlight;
    QPointer<Dispatcher> self(this);
    const OrderRequest request = *d.order;
    submitOrderOnce(
        m_broker, request,
        [self, request, now, d = std::move(d), done = std::move(done)](SubmitOutcome out) mutable {
            if (!self)
                return; // the intent stays: the next start reconciles it
            --self->m_inFlight;
            d.adoptedExistingOrder = out.adopted;
            if (out.order && out.order->symbol != request.symbol)
                adoptOrderIntoDecision(d, *out.order);
            if (out.order) {
                d.orderId = out.order->id;
                d.orderStatus = out.order->status;
                d.fillPrice = out.order->filledAvgPrice;
            } else if (out.unknown) {
                // Recorded as sent with an unknown status: reconciliation asks the broker by
                // client order id until it knows, or the unknown-order window has passed.
                d.orderStatus = "unknown";
                d.error = out.error.message;
            } else {
                d.orderStatus.clear();
                d.mode = ExecutionMode::SimulatedFallback;
                d.fallbackReason = "Order not placed: " + out.error.message;
            }
            const std::optional<Order> order = out.order;
            self->completeRecord(
                std::move(d), [self, now, order, done = std::move(done)](Decision recorded) {
                    crashPoint("after_record");
                    self->trackPlaced(recorded, now);
                    if (order) // the switch may have been pulled while the submit was out
                        self->m_killSwitch->catchLateOrder(*order);
                    done(std::move(recorded));
                });
        },
        [self, now]() -> std::optional<std::string> {
            if (!self)
                return std::nullopt;
            // Pulled in this console while the intent was written or the order looked up:
            // nothing goes out. (Pulled in another console meanwhile: the order's answer is
            // caught by catchLateOrder, which reads the switch again, and cancelled.)
            if (self->m_killSwitch->engaged())
                return "Kill switch is on: no new orders until it is released";
            // Held up (a database that stopped answering, a slow lookup) past the quote-age
            // limit (the regular session's, or the off-hours one): what was decided or
            // confirmed is not what the market is now.
            const int limit = isRegularSession(self->m_clock.now())
                                  ? self->m_settings.maxQuoteAgeSec
                                  : self->m_settings.maxQuoteAgeOffHoursSec;
            const auto waited =
                std::chrono::duration_cast<std::chrono::seconds>(self->m_clock.now() - now);
            if (limit > 0 && waited.count() > limit)
                return "Held up " + std::to_string(waited.count()) +
                       " s between the decision and the send (the database or Alpaca answered "
                       "slowly), past the " +
                       std::to_string(limit) + " s quote-age limit";
            return std::nullopt;
        });
}

// The completion runs after the intent and before the order's updates (the runner keeps them in
// order); `done` gets the decision as recorded.
void Dispatcher::completeRecord(Decision d, DecisionCallback done) {
    const ExecutionRecord r = toExecutionRecord(d);
    QPointer<Dispatcher> self(this);
    m_runner->run<std::int64_t>(
        [r](ExecutionStore &s) { return s.records().completeExecution(r); }, this,
        [self, d = std::move(d), done = std::move(done)](Result<std::int64_t> id) mutable {
            if (self)
                done(self->noteRecord(std::move(d), id, true));
        });
}

Decision Dispatcher::noteRecord(Decision d, const Result<std::int64_t> &id, bool completion) {
    if (!id) {
        qCCritical(lcDispatch).noquote()
            << "decision for signal" << d.signal.id
            << "not recorded:" << QString::fromStdString(id.error().message);
        d.recordState = RecordState::NotRecorded;
        d.recordError = id.error().message;
        if (completion)
            d.recordError += "; the order's intent is recorded and the next start reconciles it";
        d.error =
            (d.error.empty() ? std::string() : d.error + "; ") + "not recorded: " + d.recordError;
        return d;
    }
    if (*id == 0) {
        // Queued: written when the database can be written again. A completed intent keeps its
        // row id; a new record has none yet.
        d.recordState = RecordState::Queued;
        d.recordError = m_store.healthMessage().toStdString();
        qCWarning(lcDispatch).noquote() << decisionSummary(d);
        return d;
    }
    d.executionId = *id;
    d.recordState = RecordState::Recorded;
    d.recordError.clear();
    qCInfo(lcDispatch).noquote() << decisionSummary(d);
    Q_EMIT decisionRecorded(static_cast<qint64>(*id), decisionSummary(d));
    return d;
}

void Dispatcher::trackPlaced(const Decision &d, Timestamp sentAt) {
    if (!d.clientOrderId.empty() && d.placesOrder())
        m_tracker->track(TrackedOrder{d.clientOrderId, d.orderId, d.orderStatus, slippageBase(d), 0,
                                      0.0, sentAt});
}

// A record left as an intent (its run died between the intent and the answer): the order found
// for it completes it; none found, its fate is unknown and it is reconciled, never sent again.
void Dispatcher::resumeIntent(const Signal &signal, const ExecutionRecord &intent,
                              DecisionCallback done) {
    QPointer<Dispatcher> self(this);
    m_broker.orderByClientId(intent.clientOrderId, [self, signal, intent,
                                                    done = std::move(done)](Result<Order> found) {
        if (!self)
            return;
        if (found) {
            // Completed on the store runner (the window's worker), after the jobs before it.
            const ExecutionRecord completed = recordWithAdoptedOrder(intent, *found);
            self->m_runner->run<std::int64_t>(
                [completed](ExecutionStore &s) { return s.records().completeExecution(completed); },
                self,
                [self, signal, intent, completed, order = *found,
                 done = std::move(done)](Result<std::int64_t> id) {
                    if (!self)
                        return;
                    Decision d = decisionFromRecord(signal, completed);
                    d.executionId = intent.id;
                    d.adoptedExistingOrder = true;
                    d.order = requestOf(order);
                    d = self->noteRecord(std::move(d), id, true);
                    qCInfo(lcDispatch).noquote()
                        << "order" << QString::fromStdString(intent.clientOrderId)
                        << "of an unfinished record found on the account: adopted";
                    self->trackPlaced(d, intent.createdAt);
                    done(std::move(d));
                });
            return;
        }
        Decision d = decisionFromRecord(signal, intent);
        if (found.error().httpStatus == 404) {
            d.orderStatus = "unknown";
            self->m_runner->run<Unit>(
                [cid = intent.clientOrderId](ExecutionStore &s) {
                    return s.records().updateOrderStatus(cid, "unknown", std::nullopt);
                },
                self,
                [](Result<Unit> r) {
                    if (!r)
                        qCWarning(lcDispatch).noquote()
                            << QString::fromStdString(r.error().message);
                });
        }
        self->m_tracker->track(TrackedOrder{intent.clientOrderId, intent.orderId, d.orderStatus,
                                            std::nullopt, 0, 0.0, intent.createdAt});
        done(std::move(d));
    });
}

void Dispatcher::reconcileSignal(const Signal &signal,
                                 std::function<void(std::optional<Decision>)> done) {
    const std::string cid = clientOrderIdFor(signal);
    if (cid.empty()) {
        done(std::nullopt);
        return;
    }
    QPointer<Dispatcher> self(this);
    afterAccountReconciled([self, signal, cid, done = std::move(done)]() mutable {
        if (!self)
            return;
        self->m_broker.orderByClientId(cid, [self, signal, cid,
                                             done = std::move(done)](Result<Order> found) {
            if (!self)
                return;
            if (!found && found.error().httpStatus == 404)
                return done(std::nullopt);
            if (!found) {
                // Deciding blind could leave an order of this signal unrecorded.
                Decision d;
                d.signal = signal;
                d.decidedAt = self->m_clock.now();
                d.clientOrderId = cid;
                d.error = "Could not check the account for an order of signal " +
                          std::to_string(signal.id) + " (" + cid +
                          ") before deciding: " + found.error().message + "; nothing decided";
                d.fallbackReason = d.error;
                d.undecided = true;
                return done(std::move(d));
            }
            if (!orderFitsSignal(*found, signal)) {
                // Its client order id is taken by another trade's order (a database
                // restored from a backup, or copied): Alpaca would refuse the id, and the
                // order is not this signal's to adopt.
                Decision d;
                d.signal = signal;
                d.decidedAt = self->m_clock.now();
                d.mode = ExecutionMode::SimulatedFallback;
                d.fallbackReason =
                    "Signal " + std::to_string(signal.id) + " (" + signal.symbol + " " +
                    std::string(toString(signal.action)) +
                    ") was not sent: its client order "
                    "id " +
                    cid + " is already used by order " + found->id + " (" +
                    (found->symbol.empty() ? std::string("multi-leg") : found->symbol) +
                    ") on the account, another trade's. The database was restored from a "
                    "backup or copied from another console; queue the signal again for a "
                    "new id";
                qCWarning(lcDispatch).noquote() << QString::fromStdString(d.fallbackReason);
                return self->recordThen(std::move(d), [done](Decision r) { done(std::move(r)); });
            }
            qCInfo(lcDispatch).noquote()
                << "signal" << signal.id << "already has order" << QString::fromStdString(found->id)
                << "on the account: adopted";
            self->adoptOrder(signal.id, signal, *found, std::move(done));
        });
    });
}

// Checked and recorded on the store runner (the window's worker, off its thread).
void Dispatcher::adoptOrder(std::int64_t signalId, const std::optional<Signal> &signal,
                            const Order &o, DecisionCallback done) {
    ExecutionRecord r = adoptedOrderRecord(o, signalId, signal, m_orderMode, m_clock.now());
    QPointer<Dispatcher> self(this);
    m_runner->run<Adoption>(
        [r = std::move(r)](ExecutionStore &s) -> Result<Adoption> { return adoptIn(s, r); }, this,
        [self, signalId, signal, o, done = std::move(done)](Result<Adoption> a) {
            if (self)
                done(self->adoptedDecision(signalId, signal, o, *a));
        });
}

Decision Dispatcher::adoptedDecision(std::int64_t signalId, const std::optional<Signal> &signal,
                                     const Order &o, const Adoption &adoption) {
    Signal s = signal.value_or(Signal{});
    s.id = signalId;
    if (adoption.existing)
        return decisionFromRecord(s, *adoption.existing); // recorded meanwhile (another console)
    const ExecutionRecord &r = adoption.record;
    const Result<std::int64_t> &id = adoption.id;
    if (!signal) {
        s.symbol = r.ticker;
        if (auto a = parseSignalAction(r.action))
            s.action = *a;
    }
    Decision d = decisionFromRecord(s, r);
    d.alreadyDispatched = false;
    d.adoptedExistingOrder = true;
    d.order = requestOf(o);
    if (!wholeQuantity(o.qty))
        // Recorded without a quantity, never a cast one; the order is tracked all the same.
        d.error = "Order " + o.id + " at the broker has a quantity of " + formatTrimmed(o.qty, 4) +
                  ", not a whole number of contracts ChainGate can record";
    d = noteRecord(std::move(d), id, false);
    trackPlaced(d, r.createdAt);
    m_killSwitch->catchLateOrder(o); // engaged meanwhile: an adopted open order is cancelled
    return d;
}

void Dispatcher::afterAccountReconciled(std::function<void()> f) {
    if (m_accountPass == AccountPass::Running)
        m_afterAccountPass.push_back(std::move(f));
    else
        f();
}

// The account's recent orders of this book (client order id prefix) that have no record are
// adopted and recorded, whatever a new decision would be (kill switch on, gates failing).
void Dispatcher::reconcileAccount() {
    // start() marked the pass Running: decisions wait for it.
    const Timestamp since =
        m_clock.now() - std::chrono::days(std::max(0, m_settings.reconcileDays));
    QPointer<Dispatcher> self(this);
    m_broker.orders(
        OrderListStatus::All, kAccountOrdersToScan,
        [self, since](Result<std::vector<Order>> orders) {
            if (!self)
                return;
            if (!orders) {
                const QString error =
                    QStringLiteral("Could not list the account's orders to find unrecorded "
                                   "ones: %1")
                        .arg(QString::fromStdString(orders.error().message));
                qCWarning(lcDispatch).noquote() << error;
                return self->finishAccountPass(0, error);
            }
            std::vector<std::pair<std::int64_t, Order>> candidates;
            std::int64_t highestSignalId = 0; // of every order of this book listed, old ones too
            for (const Order &o : *orders) {
                const auto signalId = signalIdOf(o.clientOrderId, self->m_bookTag);
                if (signalId)
                    highestSignalId = std::max(highestSignalId, *signalId);
                if (signalId && (o.createdAt == Timestamp{} || o.createdAt >= since))
                    candidates.emplace_back(*signalId, o);
            }
            if (candidates.empty() && highestSignalId == 0)
                return self->finishAccountPass(0, {});
            // Their signals read, their records checked and written on the store runner.
            struct Found {
                std::optional<Signal> signal;
                Adoption adoption;
            };
            const ExecutionMode mode = self->m_orderMode;
            const Timestamp now = self->m_clock.now();
            self->m_runner->run<std::vector<Found>>(
                [candidates, mode, now,
                 highestSignalId](ExecutionStore &store) -> Result<std::vector<Found>> {
                    // A database restored from a backup (or copied) would hand these ids out
                    // again, and their client order ids are taken on the account.
                    if (auto reserved = store.signals().reserveIdsThrough(highestSignalId);
                        !reserved)
                        qCWarning(lcDispatch).noquote()
                            << QString::fromStdString(reserved.error().message);
                    std::map<std::int64_t, Signal> known;
                    if (auto all = store.signals().list(1000)) {
                        for (const Signal &s : *all)
                            known[s.id] = s;
                    }
                    std::vector<Found> found;
                    for (const auto &[signalId, o] : candidates) {
                        const auto s = known.find(signalId);
                        Found f;
                        std::int64_t tiedTo = signalId;
                        if (s != known.end() && orderFitsSignal(o, s->second))
                            f.signal = s->second;
                        else if (s != known.end())
                            tiedTo = 0; // another trade's order under a reused id: no signal's
                        f.adoption =
                            adoptIn(store, adoptedOrderRecord(o, tiedTo, f.signal, mode, now));
                        found.push_back(std::move(f));
                    }
                    return found;
                },
                self,
                [self, candidates](Result<std::vector<Found>> found) {
                    if (!self)
                        return;
                    if (!found)
                        return self->finishAccountPass(
                            0, QString::fromStdString(found.error().message));
                    int adopted = 0;
                    for (std::size_t i = 0; i < candidates.size(); ++i) {
                        const auto &[signalId, o] = candidates[i];
                        const Found &f = (*found)[i];
                        const Decision d = self->adoptedDecision(signalId, f.signal, o, f.adoption);
                        if (!d.alreadyDispatched && d.recordState != RecordState::NotRecorded) {
                            ++adopted;
                            qCWarning(lcDispatch).noquote()
                                << "order" << QString::fromStdString(o.clientOrderId)
                                << "was on the account without a record: adopted and recorded";
                        }
                    }
                    self->finishAccountPass(adopted, {});
                });
        });
}

void Dispatcher::finishAccountPass(int adopted, const QString &error) {
    m_accountPass = AccountPass::Done;
    QPointer<Dispatcher> self(this);
    Q_EMIT accountReconciled(adopted, error);
    if (!self)
        return;
    for (auto &f : std::exchange(m_afterAccountPass, {}))
        f();
}

} // namespace cg
