#include "cli/dispatch_strategy.h"

#include "cli/alpaca_session.h"
#include "cli/await_result.h"
#include "cli/output.h"
#include "dispatch/decision.h"
#include "dispatch/dispatcher.h"
#include "dispatch/kill_switch.h"
#include "dispatch/strategy_json.h"
#include "domain/black_scholes_greeks.h"
#include "domain/eastern_time.h"
#include "domain/trading_mode.h"
#include "storage/execution_legs.h"
#include "storage/execution_store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace cg::cli {

int dispatchStrategySignal(const CommandLine &cl, const StrategySignal &signal, bool dryRun,
                           AlpacaSession &session, ExecutionStore &store, Dispatcher &dispatcher,
                           const DispatcherSettings &settings) {
    alpaca::AlpacaClient &client = session.client();
    const Timestamp now = session.clock().now();
    StrategySettings strategy = defaultStrategySettings(signal.kind);

    using namespace std::chrono;
    ChainQuery query;
    query.underlying = signal.symbol;
    const year_month_day today = easternDate(now);
    query.expiryFrom = year_month_day{sys_days{today} + days{strategy.build.minDte}};
    const int farDays = spansExpiries(signal.kind) ? strategy.build.farGapDays + 45 : 0;
    query.expiryTo = year_month_day{sys_days{today} + days{strategy.build.maxDte + farDays}};
    auto spot = awaitResult<UnderlyingPrice>(
        [&](auto done) { client.underlyingPrice(query.underlying, done); });
    if (!spot)
        return fail(QString::fromStdString(spot.error().message));
    auto chain = awaitResult<OptionChain>([&](auto done) { client.optionChain(query, done); });
    if (!chain)
        return fail(QString::fromStdString(chain.error().message));
    completeGreeks(chain.value().contracts, spot->price, now);
    auto account = awaitResult<Account>([&](auto done) { client.account(done); });
    if (!account)
        return fail(QString::fromStdString(account.error().message));

    StrategyDecisionInput in;
    in.chain = chain->contracts;
    in.underlying = signal.symbol;
    in.spot = spot->price;
    in.equity = account->equity;
    in.optionsBuyingPower = account->optionsBuyingPower;
    in.maxContracts = settings.risk.maxContractsPerOrder;
    in.settings = strategy;
    in.gates = settings.gates;
    in.ticks = TickTable().withPennyClasses(settings.extraPennyClasses);
    in.now = now;
    StrategyDecision d = decideStrategy(in);
    if (d.fallbackReason.empty() && dispatcher.killSwitch().engaged())
        d.fallbackReason = "Kill switch engaged: no order";

    ExecutionRecord r;
    r.executionUid = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    r.ticker = signal.symbol;
    r.action = signal.direction;
    r.instrumentType = "OPTION";
    r.strategy = std::string(toString(signal.kind));
    r.underlyingPrice = spot->price;
    r.createdAt = now;
    r.limitPrice = d.limitPrice;
    if (d.sizing.qty > 0)
        r.qty = d.sizing.qty;
    std::string orderId, orderStatus;
    r.mode = ExecutionMode::SimulatedFallback;
    if (d.fallbackReason.empty() && !dryRun) {
        r.clientOrderId = manualClientOrderId(dispatcher.currentBookTag());
        auto placed = awaitResult<Order>(
            [&](auto done) { client.submitOrder(strategyOrderRequest(d, r.clientOrderId), done); });
        if (placed) {
            r.mode = recordedExecutionMode(session.mode());
            orderId = placed->id;
            orderStatus = placed->status;
        } else {
            d.fallbackReason = "Alpaca refused the order: " + placed.error().message;
            r.clientOrderId.clear();
        }
    }
    r.orderId = orderId;
    r.orderStatus = orderStatus;
    r.fallbackReason = d.fallbackReason;
    QJsonObject explain{
        {QStringLiteral("alpaca_order_id"), QString::fromStdString(orderId)},
        {QStringLiteral("fallback_reason"), QString::fromStdString(d.fallbackReason)},
        {QStringLiteral("underlying_price"), spot->price},
        {QStringLiteral("strategy"), QString::fromLatin1(toString(signal.kind).data())},
        {QStringLiteral("budget"), d.budget},
        {QStringLiteral("qty"), d.sizing.qty},
        {QStringLiteral("limit_price"), jsonNumber(d.limitPrice)},
    };
    if (d.strategy && d.figures)
        explain.insert(QStringLiteral("multi_leg"),
                       strategyJson(*d.strategy, *d.figures, d.legGates, d.combo));
    r.explainJson = QJsonDocument(explain).toJson(QJsonDocument::Compact).toStdString();
    if (!dryRun) {
        auto recorded = store.records().recordExecution(r);
        if (!recorded)
            return fail(QString::fromStdString(recorded.error().message));
        if (d.strategy && *recorded > 0) {
            ExecutionLegs legs(store);
            if (auto ok = legs.recordLegs(r.executionUid, executionLegRecords(*d.strategy)); !ok)
                return fail(QString::fromStdString(ok.error().message));
        }
    }

    QJsonObject out = explain;
    out.insert(QStringLiteral("signal"),
               QString::fromStdString(signal.symbol + ":" + signal.direction + ":" +
                                      std::string(toString(signal.kind))));
    out.insert(QStringLiteral("execution_mode"), QString::fromLatin1(toString(r.mode).data()));
    out.insert(QStringLiteral("client_order_id"), QString::fromStdString(r.clientOrderId));
    out.insert(QStringLiteral("order_id"), QString::fromStdString(orderId));
    out.insert(QStringLiteral("order_status"), QString::fromStdString(orderStatus));
    out.insert(QStringLiteral("dry_run"), dryRun);
    if (cl.global.json) {
        printJson(QJsonDocument(out));
    } else {
        QString text = QStringLiteral("%1 %2: %3\n")
                           .arg(out.value(QStringLiteral("signal")).toString(),
                                out.value(QStringLiteral("execution_mode")).toString(),
                                d.strategy ? QString::fromStdString(d.strategy->explanation)
                                           : QStringLiteral("no strategy"));
        if (d.fallbackReason.empty())
            text += QStringLiteral("qty %1 at a net %2%3\n")
                        .arg(d.sizing.qty)
                        .arg(d.limitPrice.value_or(0), 0, 'f', 2)
                        .arg(orderId.empty()
                                 ? QString()
                                 : QStringLiteral(", order ") + QString::fromStdString(orderId));
        else
            text += QStringLiteral("fallback: %1\n").arg(QString::fromStdString(d.fallbackReason));
        printText(text);
    }
    return 0;
}

} // namespace cg::cli
