// chaingate-cli dispatch --signal SYMBOL:ACTION[:STRATEGY] [--dry-run] | --once | --every SECONDS
//                        | --kill-switch on|off|status
// One decision now, one pass over the pending signals, or the timer loop; --json prints each
// decision in docs/command-line.md's shape.

#include "alpaca/stream/alpaca_trade_updates.h"
#include "cli/alpaca_session.h"
#include "cli/await_result.h"
#include "cli/dispatch_service.h"
#include "cli/global_options.h"
#include "cli/output.h"
#include "config/config_store.h"
#include "dispatch/auto_dispatcher.h"
#include "dispatch/claim_owner.h"
#include "dispatch/contract_json.h"
#include "dispatch/decision_json.h"
#include "dispatch/dispatch_state.h"
#include "dispatch/dispatcher.h"
#include "dispatch/log.h"
#include "domain/number_format.h"
#include "storage/execution_store.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTimer>

namespace cg::cli {

namespace {

constexpr const char *kDispatchUsage =
    "dispatch --signal SYMBOL:ACTION[:STRATEGY] [--dry-run] | --once | --every SECONDS | "
    "--kill-switch on|off|status [--order-type limit|market] [--wait SECONDS] [--live] [--json]";

Result<Signal> parseSignalSpec(const QString &spec) {
    const QStringList parts = spec.split(QLatin1Char(':'));
    if (parts.size() < 2 || parts.size() > 3)
        return Error::make(QStringLiteral("--signal \"%1\" is not SYMBOL:ACTION[:STRATEGY], e.g. "
                                          "SPY:CALL:day_trade")
                               .arg(spec.left(40))
                               .toStdString());
    Signal s;
    s.symbol = parts.at(0).trimmed().toUpper().toStdString();
    static const QRegularExpression ticker(QStringLiteral("^[A-Z][A-Z0-9.]{0,9}$"));
    if (!ticker.match(QString::fromStdString(s.symbol)).hasMatch())
        return Error::make(QStringLiteral("'%1' is not a ticker symbol (e.g. SPY)")
                               .arg(parts.at(0).left(20))
                               .toStdString());
    const auto action = parseSignalAction(parts.at(1).trimmed().toUpper().toStdString());
    if (!action)
        return Error::make(QStringLiteral("'%1' is not an action; use CALL, PUT, BUY or SELL "
                                          "(NEUTRAL with a multi-leg strategy)")
                               .arg(parts.at(1).left(20))
                               .toStdString());
    s.action = *action;
    // A single-leg strategy or a multi-leg template (SPY:NEUTRAL:iron_condor).
    if (auto wrong = setStrategyName(
            s, parts.size() == 3 ? parts.at(2).trimmed().toLower().toStdString() : std::string()))
        return Error::make(*wrong);
    s.source = "cli";
    return s;
}

// The decision as docs/command-line.md shows it; "selected" in exactly `chain --json`'s contract
// shape.
QJsonObject decisionDocument(const Decision &d) {
    QJsonObject o = decisionJson(d);
    if (d.contract && d.contractSelected && d.gates)
        o.insert(QStringLiteral("selected"), contractJson(*d.contract, &*d.gates));
    return o;
}

QString decisionText(const Decision &d) {
    if (d.undecided)
        return QStringLiteral("%1 %2: not decided, back in the queue: %3")
            .arg(QString::fromStdString(d.signal.symbol),
                 QString::fromLatin1(toString(d.signal.action).data()),
                 QString::fromStdString(d.error));
    QStringList lines;
    lines << decisionSummary(d);
    if (d.underlyingPrice)
        lines << QStringLiteral("  underlying %1 at %2")
                     .arg(QString::fromStdString(d.signal.symbol),
                          QString::fromStdString(formatPrice(*d.underlyingPrice)));
    if (d.targetStrike)
        lines << QStringLiteral("  target strike %1")
                     .arg(QString::fromStdString(formatFixed(*d.targetStrike, 2)));
    if (d.contract) {
        lines << QStringLiteral("  %1 %2").arg(d.contractSelected ? QStringLiteral("selected")
                                                                  : QStringLiteral("blocked"),
                                               QString::fromStdString(d.contract->symbol));
        if (d.gates) {
            for (const GateResult &g : d.gates->gates)
                lines << QStringLiteral("    %1 %2: %3")
                             .arg(g.pass ? QStringLiteral("pass") : QStringLiteral("FAIL"),
                                  QString::fromLatin1(gateKey(g.id).data()),
                                  QString::fromStdString(g.reason()));
        }
    }
    if (d.multiLeg && d.multiLeg->strategy) {
        const StrategyDecision &sd = *d.multiLeg;
        for (std::size_t i = 0; i < sd.strategy->legs.size(); ++i) {
            lines << QStringLiteral("  leg %1: %2")
                         .arg(i + 1)
                         .arg(QString::fromStdString(describeLeg(sd.strategy->legs[i])));
            if (i < sd.legGates.size())
                for (const GateResult &g : sd.legGates[i].gates)
                    if (!g.pass)
                        lines << QStringLiteral("    FAIL %1: %2")
                                     .arg(QString::fromLatin1(gateKey(g.id).data()),
                                          QString::fromStdString(g.reason()));
        }
        if (!sd.combo.pass && !sd.combo.reason.empty())
            lines << QStringLiteral("    FAIL combination: %1")
                         .arg(QString::fromStdString(sd.combo.reason));
    }
    if (d.qty > 0 || d.budget > 0)
        lines << QStringLiteral("  qty %1, cost %2, budget %3")
                     .arg(d.qty)
                     .arg(QString::fromStdString(formatFixed(d.cost, 2)),
                          QString::fromStdString(formatFixed(d.budget, 2)));
    if (!d.clientOrderId.empty())
        lines
            << QStringLiteral("  client order id %1").arg(QString::fromStdString(d.clientOrderId));
    if (d.dryRun)
        lines << QStringLiteral("  dry run: no order sent, nothing recorded");
    else if (d.recordState == RecordState::Queued)
        lines << QStringLiteral("  record waiting in the local outbox, not yet in the database: %1")
                     .arg(QString::fromStdString(d.recordError));
    else if (d.recordState == RecordState::NotRecorded && !d.recordError.empty())
        lines << QStringLiteral("  NOT recorded: %1").arg(QString::fromStdString(d.recordError));
    return lines.join(QLatin1Char('\n'));
}

// Waits until every order the dispatcher placed has a final status, or `seconds` pass.
void waitForOrders(Dispatcher &dispatcher, int seconds) {
    if (seconds <= 0 || dispatcher.tracker().pendingCount() == 0)
        return;
    QEventLoop loop;
    QObject::connect(&dispatcher.tracker(), &OrderTracker::idle, &loop, &QEventLoop::quit);
    QTimer::singleShot(seconds * 1000, &loop, &QEventLoop::quit);
    loop.exec();
}

// Keeps printed decisions in step with the order status the tracker learns.
struct LiveDecisions {
    std::vector<Decision> decisions;
    void update(const QString &cid, const QString &status, double fill) {
        for (Decision &d : decisions) {
            if (d.clientOrderId == cid.toStdString()) {
                d.orderStatus = status.toStdString();
                if (std::isfinite(fill))
                    d.fillPrice = fill;
            }
        }
    }
};

// The switch and the day's order count live in the database: they hold for every console and
// dispatcher on it, and the output says which database that is.
int killSwitchCommand(Dispatcher &dispatcher, const QString &what, bool json,
                      const QString &modeName) {
    KillSwitch &ks = dispatcher.killSwitch();
    const QString scope = QStringLiteral("for every console on this database (%1)")
                              .arg(dispatcher.store().displayUrl());
    QString result;
    if (what == QLatin1String("on")) {
        auto cancelled = awaitResult<int>(
            [&](auto done) { ks.engage(QStringLiteral("engaged from chaingate-cli"), done); });
        if (!cancelled) {
            // Say whether the switch itself holds: the open orders may still be working.
            const QString why = QString::fromStdString(cancelled.error().message);
            if (!ks.saved())
                return fail(QStringLiteral("Kill switch NOT saved to the database (%1); this "
                                           "process held it on until it exited. %2")
                                .arg(ks.saveError(), why));
            return fail(QStringLiteral("Kill switch: on %1; open orders NOT all cancelled: %2")
                            .arg(scope, why));
        }
        // Whose orders: in DEMO (no keys) the simulator's, never a real account's.
        result = QStringLiteral("Kill switch: on %1; %2 open orders cancelled on the %3 account%4")
                     .arg(scope)
                     .arg(*cancelled)
                     .arg(modeName,
                          modeName == QLatin1String("DEMO")
                              ? QStringLiteral(" (no Alpaca keys: a real account was not asked)")
                              : QString());
    } else if (what == QLatin1String("off")) {
        if (auto r = ks.release(); !r)
            return fail(QString::fromStdString(r.error().message));
        result = QStringLiteral("Kill switch: off %1").arg(scope);
    } else if (what == QLatin1String("status")) {
        result = ks.engaged() ? QStringLiteral("Kill switch: on %1: %2").arg(scope, ks.reason())
                              : QStringLiteral("Kill switch: off %1").arg(scope);
        if (auto n = dispatcher.ordersToday())
            result += QStringLiteral("\nOrders today (New York): %1 of %2, counted %3")
                          .arg(*n)
                          .arg(dispatcher.settings().risk.maxOrdersPerDay)
                          .arg(scope);
    } else {
        return fail(QStringLiteral("--kill-switch takes on, off or status"));
    }
    if (json)
        printJson(
            QJsonDocument(QJsonObject{{QStringLiteral("kill_switch"), ks.engaged()},
                                      {QStringLiteral("reason"), ks.reason()},
                                      {QStringLiteral("scope"), QStringLiteral("database")},
                                      {QStringLiteral("database"), dispatcher.store().displayUrl()},
                                      {QStringLiteral("message"), result}}));
    else
        printText(result);
    return 0;
}

// The switch in the database alone, when no Alpaca session could be set up (`why`): pulled,
// released or read there; the open orders are not cancelled and the output says so.
int killSwitchWithoutAlpaca(ExecutionStore &store, const QString &what, const QString &why,
                            bool json) {
    const QString scope =
        QStringLiteral("for every console on this database (%1)").arg(store.displayUrl());
    const KillSwitchPersistence kept = killSwitchPersistence(store);
    QString result;
    QString reason; // why it was pulled, as the session's JSON says it: empty when off
    if (what == QLatin1String("on")) {
        if (auto saved = kept.save(
                "on: engaged from chaingate-cli (no Alpaca session: " + why.toStdString() + ")");
            !saved)
            return fail(QStringLiteral("Kill switch NOT saved to the database: %1")
                            .arg(QString::fromStdString(saved.error().message)));
        // As when a cancel fails: the switch holds, the orders may still be working.
        return fail(
            QStringLiteral("Kill switch: on %1; open orders NOT cancelled: %2").arg(scope, why));
    } else if (what == QLatin1String("off")) {
        if (auto saved = kept.save("off"); !saved)
            return fail(QString::fromStdString(saved.error().message));
        result = QStringLiteral("Kill switch: off %1").arg(scope);
    } else if (what == QLatin1String("status")) {
        auto state = kept.load();
        if (!state)
            return fail(QString::fromStdString(state.error().message));
        const QString value = QString::fromStdString(state->value_or("off"));
        if (value.startsWith(QLatin1String("on")))
            reason = value.mid(4);
        result = value.startsWith(QLatin1String("on"))
                     ? QStringLiteral("Kill switch: on %1: %2").arg(scope, reason)
                     : QStringLiteral("Kill switch: off %1").arg(scope);
    } else {
        return fail(QStringLiteral("--kill-switch takes on, off or status"));
    }
    if (json)
        printJson(QJsonDocument(QJsonObject{
            {QStringLiteral("kill_switch"), result.startsWith(QLatin1String("Kill switch: on"))},
            {QStringLiteral("reason"), reason},
            {QStringLiteral("scope"), QStringLiteral("database")},
            {QStringLiteral("database"), store.displayUrl()},
            {QStringLiteral("alpaca"), why},
            {QStringLiteral("message"), result}}));
    else
        printText(result);
    return 0;
}

} // namespace

int runDispatch(const QStringList &args) {
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("signal"), QStringLiteral("Decide this signal now."),
         QStringLiteral("SYMBOL:ACTION[:STRATEGY]")},
        {QStringLiteral("dry-run"),
         QStringLiteral("Compute the decision; send no order, write nothing (the database is "
                        "still opened, created when new, and read for the kill switch and the "
                        "day's orders).")},
        {QStringLiteral("once"), QStringLiteral("Dispatch the pending signals once.")},
        {QStringLiteral("every"), QStringLiteral("Dispatch pending signals every N seconds."),
         QStringLiteral("SECONDS")},
        {QStringLiteral("kill-switch"), QStringLiteral("Engage, release or show the kill switch."),
         QStringLiteral("on|off|status")},
        {QStringLiteral("order-type"),
         QStringLiteral("Option orders: limit at mid (default) or "
                        "market."),
         QStringLiteral("limit|market")},
        {QStringLiteral("wait"),
         QStringLiteral("Wait up to N seconds for placed orders to fill (default 5)."),
         QStringLiteral("SECONDS")},
        {QStringLiteral("live"),
         QStringLiteral("Confirm orders on a live (not paper) account; the settings' opt-in "
                        "(dispatcher/live_trading) is needed too.")},
    });
    auto prologue = commandPrologue(parser, args, kDispatchUsage);
    if (const int *exitCode = std::get_if<int>(&prologue))
        return *exitCode;
    const CommandLine *cl = &std::get<CommandLine>(prologue);
    const bool json = cl->global.json;
    const int modes = int(parser.isSet(QStringLiteral("signal"))) +
                      int(parser.isSet(QStringLiteral("once"))) +
                      int(parser.isSet(QStringLiteral("every"))) +
                      int(parser.isSet(QStringLiteral("kill-switch")));
    if (modes != 1)
        return fail(QStringLiteral("dispatch needs exactly one of --signal, --once, --every, "
                                   "--kill-switch (try --help)"));
    if (!cl->global.configError.isEmpty() && !parser.isSet(QStringLiteral("kill-switch")))
        return fail(QStringLiteral("%1: %2; no order is decided with the defaults' gates and "
                                   "limits: fix the file (the window's Settings saves a valid "
                                   "one) or pass --config FILE")
                        .arg(config::defaultConfigPath(), cl->global.configError));
    DispatcherSettings settings = dispatcherSettings(cl->global); // --config, then the flags
    if (parser.isSet(QStringLiteral("order-type"))) {
        const QString t = parser.value(QStringLiteral("order-type")).toLower();
        if (t == QLatin1String("market"))
            settings.orderType = OrderType::Market;
        else if (t != QLatin1String("limit"))
            return fail(QStringLiteral("--order-type must be limit or market"));
    }
    // Live orders need both the settings' opt-in and, each CLI run, --live to confirm it (--live
    // alone turned the opt-in on).
    settings.liveTradingEnabled =
        settings.liveTradingEnabled && parser.isSet(QStringLiteral("live"));
    int waitSeconds = 5;
    if (parser.isSet(QStringLiteral("wait"))) {
        bool ok = false;
        waitSeconds = parser.value(QStringLiteral("wait")).toInt(&ok);
        if (!ok || waitSeconds < 0 || waitSeconds > 3600)
            return fail(QStringLiteral("--wait must be 0 to 3600 seconds"));
    }
    int everySeconds = 0;
    if (parser.isSet(QStringLiteral("every"))) {
        bool ok = false;
        everySeconds = parser.value(QStringLiteral("every")).toInt(&ok);
        if (!ok || everySeconds < 1 || everySeconds > 86400)
            return fail(QStringLiteral("--every must be 1 to 86400 seconds"));
        settings.timerIntervalSec = everySeconds;
    }
    std::optional<Signal> signal;
    if (parser.isSet(QStringLiteral("signal"))) {
        auto s = parseSignalSpec(parser.value(QStringLiteral("signal")));
        if (!s)
            return fail(QString::fromStdString(s.error().message));
        signal = *s;
    }
    if (parser.isSet(QStringLiteral("dry-run")) && !signal)
        return fail(QStringLiteral("--dry-run goes with --signal"));

    // A service's clock runs from --as-of, as the DEMO server's does: its timers (an order's
    // answer awaited, a quote's age, a day's end) must move while it runs.
    GlobalOptions global = cl->global;
    global.asOfRuns = everySeconds > 0;
    // A service's keys are its environment's alone (dispatch.env): a user unit reaches the
    // session bus, and a keyring locked at one start and open at the next would move the same
    // service, writing to the same book, between DEMO and an Alpaca account.
    global.keychain = everySeconds == 0;
    auto session = AlpacaSession::open(global);
    ExecutionStore store;
    if (!session) {
        // The switch lives in the database: it is pulled there even when Alpaca cannot be asked
        // (an operator's shell without the service's keys must still stop the dispatchers).
        if (!parser.isSet(QStringLiteral("kill-switch")))
            return fail(QString::fromStdString(session.error().message));
        if (auto opened = store.open(cl->global.db); !opened)
            return fail(QString::fromStdString(opened.error().message));
        return killSwitchWithoutAlpaca(store, parser.value(QStringLiteral("kill-switch")),
                                       QString::fromStdString(session.error().message), json);
    }
    if (auto opened = store.open(cl->global.db); !opened)
        return fail(QString::fromStdString(opened.error().message));

    alpaca::AlpacaClient &client = (*session)->client();
    Dispatcher dispatcher(client, client, store, (*session)->clock(),
                          recordedExecutionMode((*session)->mode()));
    dispatcher.setSettings(settings);
    const bool dryRun = parser.isSet(QStringLiteral("dry-run"));
    if (dryRun) {
        // Nothing written: no order of the account adopted or recorded, none followed or waited
        // for (a dry run recorded other orders' fills and waited up to --wait for them).
        (void)awaitResult<Unit>(
            [&](auto done) { dispatcher.startReadOnly([done] { done(Unit{}); }); });
    }
    if (!dryRun)
        dispatcher.start();
    // A switch engaged only because it could not be read: the database, not a person, stopped
    // the run, and the exit says so (75: worth another try; the units restart on it).
    const auto switchUnreadable = [&dispatcher]() -> std::optional<QString> {
        if (!dispatcher.killSwitch().unreadable())
            return std::nullopt;
        return dispatcher.killSwitch().reason();
    };
    // The switch lives in the database: it is pulled (or read, or released) at once, not after
    // a pass over the account that an unanswering Alpaca holds up for most of a minute.
    if (parser.isSet(QStringLiteral("kill-switch")))
        return killSwitchCommand(dispatcher, parser.value(QStringLiteral("kill-switch")), json,
                                 (*session)->modeName());
    // Unrecorded orders of this book are adopted before anything else, and no request of that
    // pass is left in flight when the command exits.
    (void)awaitResult<Unit>(
        [&](auto done) { dispatcher.afterAccountReconciled([done] { done(Unit{}); }); });

    // Unique per process: a run killed with its claims held is recognised as dead by the next.
    const std::string dispatcherId = dispatcherIdForThisProcess("chaingate-cli");
    LiveDecisions live;
    QObject::connect(&dispatcher.tracker(), &OrderTracker::orderUpdated, &dispatcher,
                     [&live](const QString &cid, const QString &status, double fill, double) {
                         live.update(cid, status, fill);
                     });

    if (signal) {
        if (!dryRun) {
            signal->createdAt = (*session)->clock().now();
            auto id = store.signals().enqueue(*signal);
            if (!id)
                return fail(QString::fromStdString(id.error().message));
            signal->id = *id;
            // Claimed by id before deciding: a timer on another console sharing the book can no
            // longer pick the new PENDING row up and record a second decision for it.
            auto claimed = store.signals().claim(signal->id, dispatcherId);
            if (!claimed)
                return fail(QString::fromStdString(claimed.error().message));
            if (!*claimed)
                return fail(QStringLiteral("signal %1 was claimed by another dispatcher first; "
                                           "see chaingate-cli signal list")
                                .arg(signal->id));
        }
        // The claim's lease renewed while the decision runs (a slow or rate-limited Alpaca can
        // take longer than the lease): another console's timer must not take the signal over.
        QTimer renew;
        renew.setInterval(std::max(1, store.signals().leaseSeconds()) * 1000 / 3);
        QObject::connect(&renew, &QTimer::timeout, &renew, [&store, &dispatcherId] {
            if (auto r = store.signals().heartbeat(dispatcherId); !r)
                qCWarning(lcDispatch).noquote() << QString::fromStdString(r.error().message);
        });
        if (!dryRun)
            renew.start();
        auto decided = awaitResult<Decision>([&](auto done) {
            dispatcher.dispatch(*signal, DispatchOptions{dryRun},
                                [done](Decision d) { done(std::move(d)); });
        });
        if (!decided)
            return fail(QString::fromStdString(decided.error().message));
        Decision d = *decided;
        if (!dryRun && d.undecided) {
            // Nothing decided, so nothing sent (the signal is this run's own, no order of it can
            // exist). It ends FAILED: left PENDING, a later run or the window would place it at
            // a later price, once more for every retry of this command.
            const std::string why = d.error + "; nothing sent";
            if (auto failed = store.signals().finish(signal->id, SignalStatus::Failed, {}, why,
                                                     {dispatcherId});
                !failed)
                return fail(QString::fromStdString(failed.error().message));
            return fail(QString::fromStdString(why) +
                        QStringLiteral("; signal %1 marked FAILED (run the command again to try "
                                       "again)")
                            .arg(signal->id));
        }
        if (!dryRun) {
            std::optional<std::int64_t> exec;
            if (d.executionId > 0)
                exec = d.executionId;
            auto finished = store.signals().finish(
                signal->id, d.error.empty() ? SignalStatus::Done : SignalStatus::Failed, exec,
                d.error, {dispatcherId});
            if (!finished)
                return fail(QString::fromStdString(finished.error().message));
        }
        live.decisions.push_back(d);
        waitForOrders(dispatcher, waitSeconds);
        d = live.decisions.front();
        if (json)
            printJson(QJsonDocument(decisionDocument(d)));
        else
            printText(decisionText(d));
        if (!d.error.empty())
            return fail(QString::fromStdString(d.error));
        return 0;
    }

    AutoDispatcher autoDispatcher(dispatcher, dispatcherId);
    autoDispatcher.setDecisionObserver([&live](const Decision &d) { live.decisions.push_back(d); });

    // --once: one document; --every: one line a cycle (JSON Lines), so that a reader can take
    // each cycle as it comes.
    const bool lines = parser.isSet(QStringLiteral("every"));
    const auto printRun = [&](const RunSummary &s) {
        if (json) {
            QJsonArray decisions;
            for (const Decision &d : live.decisions)
                decisions.append(decisionDocument(d));
            (lines ? printJsonLine : printJson)(QJsonDocument(
                QJsonObject{{QStringLiteral("dispatched"), s.dispatched},
                            {QStringLiteral("failed"), s.failed},
                            {QStringLiteral("deferred"), s.deferred},
                            {QStringLiteral("skipped"), s.skipped},
                            {QStringLiteral("error"), QString::fromStdString(s.error)},
                            {QStringLiteral("decisions"), decisions}}));
        } else {
            for (const Decision &d : live.decisions)
                printText(decisionText(d));
            printText(QStringLiteral("%1 dispatched, %2 failed%3%4")
                          .arg(s.dispatched)
                          .arg(s.failed)
                          .arg(s.deferred > 0
                                   ? QStringLiteral(", %1 back in the queue").arg(s.deferred)
                                   : QString())
                          .arg(s.error.empty()
                                   ? QString()
                                   : QStringLiteral(" (%1)").arg(QString::fromStdString(s.error))));
        }
        live.decisions.clear();
    };

    if (parser.isSet(QStringLiteral("once"))) {
        auto run = awaitResult<RunSummary>([&](auto done) {
            autoDispatcher.runOnce([done](RunSummary s) { done(std::move(s)); });
        });
        if (!run)
            return fail(QString::fromStdString(run.error().message));
        waitForOrders(dispatcher, waitSeconds);
        printRun(*run);
        if (const auto why = switchUnreadable(); run->skipped && why) {
            (void)fail(QStringLiteral("no run: the database cannot be read: %1").arg(*why));
            return kExitTryAgainLater;
        }
        if (run->skipped)
            return fail(QStringLiteral("no run: %1").arg(QString::fromStdString(run->error)));
        return run->failed + run->deferred > 0 ? 1 : 0;
    }

    // --every: until SIGINT/SIGTERM or the kill switch. Fills, cancels and rejects are recorded
    // as the trade-updates stream reports them; polling stays the fallback while it is not Live.
    // As a service (installer/systemd): SIGTERM lets the run in flight finish and record its
    // order before exiting 0, SIGHUP re-reads --config, the log goes to the journal, and what it
    // is doing is kept in the database for `chaingate-cli status`.
    installJournalLogging();
    alpaca::stream::AlpacaTradeUpdates tradeUpdates(client.config());
    dispatcher.tracker().setTradeUpdates(&tradeUpdates);
    tradeUpdates.start();
    ServiceSignals unixSignals;
    ServiceReporter reporter(store, dispatcher, autoDispatcher, dispatcherId, cl->global);
    QEventLoop loop;
    // Quits once no run is in flight: a run stopped mid-order finishes (and records) it first.
    const auto quitWhenIdle = [&] {
        if (!autoDispatcher.isRunning())
            loop.quit();
    };
    QObject::connect(&unixSignals, &ServiceSignals::stopRequested, &loop, [&](const QString &name) {
        reporter.stopping(name);
        autoDispatcher.stop();
        quitWhenIdle();
    });
    QObject::connect(&unixSignals, &ServiceSignals::reloadRequested, &loop, [&] {
        reporter.reloadSettings(settings, parser.isSet(QStringLiteral("order-type")));
    });
    QObject::connect(&autoDispatcher, &AutoDispatcher::runFinished, &loop,
                     [&](int, int, const QString &) {
                         // The whole summary: the signal's count alone dropped the deferred.
                         const RunSummary s = autoDispatcher.lastRun();
                         printRun(s);
                         reporter.cycleFinished(s);
                         if (!autoDispatcher.isActive())
                             loop.quit();
                     });
    QObject::connect(&autoDispatcher, &AutoDispatcher::activeChanged, &loop, [&](bool active) {
        if (!active)
            quitWhenIdle();
    });
    autoDispatcher.setInterval(std::chrono::seconds(everySeconds));
    if (!autoDispatcher.start()) {
        // A switch that cannot be read counts as on. Then the database is what is wrong, and
        // worth another try (systemd restarts on this code, not on a switch pulled on purpose).
        if (const auto why = switchUnreadable()) {
            (void)fail(QStringLiteral("not started: the database cannot be read, so the kill "
                                      "switch counts as on: %1")
                           .arg(*why));
            return kExitTryAgainLater;
        }
        return fail(QStringLiteral("the kill switch is on: release it with dispatch "
                                   "--kill-switch off"));
    }
    reporter.started();
    loop.exec();
    autoDispatcher.stop();
    waitForOrders(dispatcher, std::min(waitSeconds, 5));
    dispatcher.tracker().setTradeUpdates(nullptr);
    tradeUpdates.stop();
    reporter.stopped();
    if (dispatcher.killSwitch().engaged())
        return fail(QStringLiteral("stopped: the kill switch is on"));
    return 0;
}

} // namespace cg::cli
