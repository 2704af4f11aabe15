#include "dispatch/dispatcher.h"

#include "dispatch/crash_point.h"
#include "dispatch/dispatch_state.h"
#include "dispatch/execution_record_builder.h"
#include "dispatch/log.h"
#include "dispatch/order_submission.h"
#include "domain/eastern_time.h"
#include "domain/number_format.h"
#include "domain/occ_symbol.h"
#include "storage/execution_store.h"

#include <QPointer>

#include <limits>

namespace cg {

namespace {

bool isOrderMode(ExecutionMode m) {
    return m == ExecutionMode::AlpacaPaper || m == ExecutionMode::AlpacaLive ||
           m == ExecutionMode::Demo;
}

// Records whose order status reconciliation has nothing left to learn.
bool settled(const std::string &status) {
    return isFinalOrderStatus(status) || status == "not_placed";
}

// The decision a record stands for, for a signal that must not be dispatched twice.
Decision fromRecord(const Signal &signal, const ExecutionRecord &r) {
    Decision d;
    d.signal = signal;
    d.decidedAt = r.createdAt;
    d.alreadyDispatched = true;
    d.mode = r.mode;
    d.underlyingPrice = r.underlyingPrice;
    d.qty = r.qty.value_or(0);
    d.limitPrice = r.limitPrice;
    d.fillPrice = r.fillPrice;
    d.clientOrderId = r.clientOrderId;
    d.orderId = r.orderId;
    d.orderStatus = r.orderStatus;
    d.fallbackReason = r.fallbackReason;
    d.executionId = r.id;
    if (!r.optionSymbol.empty()) {
        OptionContract c;
        c.symbol = r.optionSymbol;
        c.underlying = r.ticker;
        c.strike = r.strike.value_or(0.0);
        if (r.bid && r.ask)
            c.quote = Quote{*r.bid, *r.ask, 0, 0, {}};
        if (auto occ = parseOccSymbol(r.optionSymbol)) {
            c.root = occ->root;
            c.type = occ->type;
            c.expiry = occ->expiry;
        }
        d.contract = c;
        d.contractSelected = r.fallbackReason.empty();
    }
    return d;
}

// An order sent before a restart for another contract than this (later) decision chose: the
// record names the order that exists, without this decision's quote and greeks for it.
void adoptOrderForAnotherContract(Decision &d, const Order &o) {
    if (auto occ = parseOccSymbol(o.symbol); occ && d.contract) {
        OptionContract actual;
        actual.symbol = o.symbol;
        actual.root = occ->root;
        actual.underlying = d.contract->underlying;
        actual.type = occ->type;
        actual.strike = occ->strike();
        actual.expiry = occ->expiry;
        actual.multiplier = d.contract->multiplier;
        d.contract = actual;
        d.gates.reset();
    }
    if (const auto qty = wholeQuantity(o.qty)) {
        d.qty = *qty;
    } else {
        // Recorded without a quantity, never a cast one; the order is tracked all the same.
        d.qty = 0;
        d.error = "Order " + o.id + " at the broker has a quantity of " + formatTrimmed(o.qty, 4) +
                  ", not a whole number of contracts ChainGate can record";
    }
    d.limitPrice = o.limitPrice;
    if (d.order)
        d.order->symbol = o.symbol;
}

} // namespace

Dispatcher::Dispatcher(Broker &broker, MarketData &marketData, ExecutionStore &store,
                       const Clock &clock, ExecutionMode orderMode, QObject *parent)
    : QObject(parent)
    , m_broker(broker)
    , m_marketData(marketData)
    , m_store(store)
    , m_clock(clock)
    , m_orderMode(orderMode)
    , m_killSwitch(new KillSwitch(broker, killSwitchPersistence(store), this))
    , m_tracker(new OrderTracker(broker, store, this)) {
    setSettings(m_settings);
}

Dispatcher::~Dispatcher() = default;

void Dispatcher::setSettings(const DispatcherSettings &settings) {
    m_settings = settings;
    m_tracker->setPollInterval(std::chrono::milliseconds(settings.orderPollIntervalMs));
    m_tracker->setMaxTries(settings.orderPollMaxTries);
}

std::string Dispatcher::clientOrderIdFor(const Signal &s) const {
    return cg::clientOrderIdFor(s.id, m_bookTag);
}

void Dispatcher::start(std::function<void(Result<int>)> done) {
    auto loaded = m_killSwitch->load();
    if (auto tag = bookTag(m_store))
        m_bookTag = *tag;
    else
        qCWarning(lcDispatch).noquote() << "no book tag, client order ids are cg-sig-<id>:"
                                        << QString::fromStdString(tag.error().message);
    auto count = reconcile();
    if (done) {
        if (!loaded)
            done(Error::make("Kill switch state unreadable, treated as on: " +
                             loaded.error().message));
        else
            done(std::move(count));
    }
}

Result<int> Dispatcher::reconcile() {
    ExecutionFilter f;
    f.limit = 1000; // the most recent: older unfinished orders are long expired (day orders)
    auto records = m_store.executions(f);
    if (!records)
        return records.error();
    int count = 0;
    for (const ExecutionRecord &r : *records) {
        if (r.clientOrderId.empty() || !isOrderMode(r.mode) || settled(r.orderStatus))
            continue;
        // Slippage base: the contract's mid, or for a stock order the price it was decided at.
        std::optional<double> m = r.underlyingPrice;
        if (r.bid && r.ask)
            m = (*r.bid + *r.ask) / 2.0;
        else if (r.instrumentType != "STOCK")
            m.reset();
        m_tracker->track(TrackedOrder{r.clientOrderId, r.orderId, r.orderStatus, m, 0});
        ++count;
    }
    if (count > 0) {
        qCInfo(lcDispatch) << "reconciling" << count << "orders without a final status";
        m_tracker->pollNow();
    }
    return count;
}

Result<int> Dispatcher::ordersToday() const {
    const Timestamp now = m_clock.now();
    ExecutionFilter f;
    f.from = easternInstant(easternDate(now), 0, 0);
    f.limit = 0; // all of today's
    auto records = m_store.executions(f);
    if (!records)
        return records.error();
    int n = 0;
    for (const ExecutionRecord &r : *records) {
        if (isOrderMode(r.mode) && (!r.orderId.empty() || !r.clientOrderId.empty()) &&
            r.orderStatus != "not_placed")
            ++n;
    }
    return n;
}

Result<std::optional<ExecutionRecord>> Dispatcher::existingExecution(const Signal &signal) const {
    if (signal.id <= 0)
        return std::optional<ExecutionRecord>();
    ExecutionFilter f;
    f.signalId = signal.id;
    f.limit = 1;
    auto records = m_store.executions(f);
    if (!records)
        return records.error();
    if (records->empty())
        return std::optional<ExecutionRecord>();
    return std::optional(records->front());
}

void Dispatcher::propose(const Signal &signal, DecisionCallback done, bool dryRun) {
    DecisionInputs in;
    in.signal = signal;
    in.settings = m_settings;
    in.orderMode = m_orderMode;
    in.clientOrderId = clientOrderIdFor(signal);
    in.now = m_clock.now();
    in.dryRun = dryRun;
    in.killSwitch = m_killSwitch->engaged();
    if (auto n = ordersToday())
        in.ordersToday = *n + m_inFlight;
    else
        in.preRefusal = "Could not count today's orders, so no order is sent: " + n.error().message;
    if (!dryRun && in.clientOrderId.empty() && in.preRefusal.empty())
        in.preRefusal = "The signal has no id, so no client order id: no order is sent";

    QPointer<Dispatcher> self(this);
    proposeDecision(m_marketData, m_broker, std::move(in),
                    [self, done = std::move(done)](Decision d) {
                        if (self)
                            done(std::move(d));
                    });
}

void Dispatcher::dispatch(const Signal &signal, DispatchOptions options, DecisionCallback done) {
    if (!options.dryRun) {
        auto existing = existingExecution(signal);
        if (!existing) {
            Decision d;
            d.signal = signal;
            d.decidedAt = m_clock.now();
            d.error = "Could not check whether the signal was already dispatched: " +
                      existing.error().message;
            d.fallbackReason = d.error;
            done(std::move(d)); // nothing recorded: the store is what failed
            return;
        }
        if (existing->has_value()) {
            qCInfo(lcDispatch) << "signal" << signal.id << "already has execution"
                               << (*existing)->id << "; not dispatched again";
            done(fromRecord(signal, **existing));
            return;
        }
    }
    QPointer<Dispatcher> self(this);
    propose(
        signal,
        [self, options, done = std::move(done)](Decision d) mutable {
            if (!self)
                return;
            if (options.dryRun)
                return done(std::move(d));
            if (d.placesOrder())
                return self->place(std::move(d), std::move(done));
            done(self->record(std::move(d)));
        },
        options.dryRun);
}

void Dispatcher::place(Decision proposal, DecisionCallback done) {
    if (!proposal.placesOrder()) {
        done(record(std::move(proposal)));
        return;
    }
    (void)m_killSwitch->refresh(); // pulled from another console since the proposal?
    if (m_killSwitch->engaged()) {
        proposal.mode = ExecutionMode::SimulatedFallback;
        proposal.fallbackReason = "Kill switch is on: no new orders until it is released";
        done(record(std::move(proposal)));
        return;
    }
    ++m_inFlight;
    QPointer<Dispatcher> self(this);
    const OrderRequest request = *proposal.order;
    submitOrderOnce(
        m_broker, request,
        [self, request, d = std::move(proposal),
         done = std::move(done)](SubmitOutcome out) mutable {
            if (!self)
                return;
            --self->m_inFlight;
            d.adoptedExistingOrder = out.adopted;
            if (out.order && out.order->symbol != request.symbol)
                adoptOrderForAnotherContract(d, *out.order);
            if (out.order) {
                d.orderId = out.order->id;
                d.orderStatus = out.order->status;
                d.fillPrice = out.order->filledAvgPrice;
            } else if (out.unknown) {
                // Recorded as sent with an unknown status: reconciliation asks the
                // broker by client order id until it knows.
                d.orderStatus = "unknown";
                d.error = out.error.message;
            } else {
                d.mode = ExecutionMode::SimulatedFallback;
                d.fallbackReason = "Order not placed: " + out.error.message;
            }
            Decision recorded = self->record(std::move(d));
            crashPoint("after_record");
            if (!recorded.clientOrderId.empty() && recorded.placesOrder())
                self->m_tracker->track(TrackedOrder{
                    recorded.clientOrderId, recorded.orderId, recorded.orderStatus,
                    recorded.isOption() ? recorded.contractMid() : recorded.underlyingPrice, 0});
            done(std::move(recorded));
        });
}

Decision Dispatcher::record(Decision d) {
    if (d.dryRun)
        return d;
    auto id = m_store.recordExecution(toExecutionRecord(d));
    if (!id) {
        qCCritical(lcDispatch).noquote()
            << "decision for signal" << d.signal.id
            << "not recorded:" << QString::fromStdString(id.error().message);
        d.error = (d.error.empty() ? std::string() : d.error + "; ") +
                  "not recorded: " + id.error().message;
        return d;
    }
    d.executionId = *id;
    qCInfo(lcDispatch).noquote() << decisionSummary(d);
    Q_EMIT decisionRecorded(static_cast<qint64>(*id), decisionSummary(d));
    return d;
}

QString decisionSummary(const Decision &d) {
    QString head = QStringLiteral("%1 %2 %3")
                       .arg(QString::fromStdString(d.signal.symbol),
                            QString::fromUtf8(toString(d.signal.action).data()),
                            QString::fromUtf8(toString(d.signal.strategy).data()));
    const QString mode = QString::fromUtf8(toString(d.mode).data());
    if (!d.fallbackReason.empty())
        return QStringLiteral("%1: %2 (%3)")
            .arg(head, mode, QString::fromStdString(d.fallbackReason));
    const QString what = d.order ? QString::fromStdString(d.order->symbol) : QString();
    QString text = QStringLiteral("%1: %2 %3 x %4").arg(head, mode, what).arg(d.qty);
    if (d.limitPrice)
        text += QStringLiteral(" limit %1").arg(QString::fromStdString(formatPrice(*d.limitPrice)));
    if (!d.orderId.empty())
        text += QStringLiteral(", order %1").arg(QString::fromStdString(d.orderId));
    if (!d.orderStatus.empty())
        text += QStringLiteral(" (%1)").arg(QString::fromStdString(d.orderStatus));
    return text;
}

} // namespace cg
