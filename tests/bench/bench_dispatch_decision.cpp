// Decision time per signal, network excluded: the dispatcher's pipeline (price, chain, five
// gates on every contract, selection, moneyness, account, sizing, risk) over in-process fakes
// that answer from the event loop, with and without recording into SQLite. Prints figures.

#include "decision_timing.h"
#include "dispatch/decision_pipeline.h"
#include "dispatch/dispatcher.h"
#include "storage/execution_store.h"
#include "support/fake_broker.h"
#include "support/fake_market_data.h"
#include "support/scenario.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace cg;
using namespace cg::test;

namespace {

void report(const char *what, std::vector<double> us) {
    std::sort(us.begin(), us.end());
    const auto pct = [&](double p) { return us[static_cast<std::size_t>(p * (us.size() - 1))]; };
    std::printf("%-58s n=%4zu  median %8.1f us  p90 %8.1f us  max %8.1f us\n", what, us.size(),
                pct(0.5), pct(0.9), us.back());
}

// The domain's share: the five gates on every contract of the chain.
void benchGates(const char *what, const std::vector<OptionContract> &chain, int runs) {
    std::vector<double> us;
    std::size_t passing = 0;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        for (const OptionContract &c : chain)
            passing += evaluateGates(c, GateThresholds{}, seedNow()).tradeable();
        us.push_back(t.nsecsElapsed() / 1000.0);
    }
    if (passing == 0)
        std::fprintf(stderr, "no contract passed\n");
    report(what, us);
}

void benchPipeline(const char *what, std::vector<OptionContract> chain, int runs, bool prepared) {
    report(what, bench::timeDecisions(std::move(chain), runs, prepared).us);
}

void benchDispatch(const char *what, const QString &url, int runs) {
    FakeMarketData md;
    FakeBroker broker;
    md.prices["SPY"] = kSeedSpot;
    md.contracts = seedChain();
    FixedClock clock(seedNow());
    ExecutionStore store;
    if (!store.open(url))
        qFatal("store");
    Dispatcher dispatcher(broker, md, store, clock, ExecutionMode::AlpacaPaper);
    DispatcherSettings s;
    s.risk.maxOrdersPerDay = 0;
    dispatcher.setSettings(s);
    std::vector<double> us;
    for (int i = 0; i < runs; ++i) {
        Signal sig;
        sig.symbol = "SPY";
        sig.action = i % 2 ? SignalAction::Put : SignalAction::Call;
        sig.source = "bench";
        sig.id = store.signals().enqueue(sig).value();
        bool done = false;
        QElapsedTimer t;
        t.start();
        dispatcher.dispatch(sig, {}, [&](Decision) { done = true; });
        while (!done)
            QCoreApplication::processEvents();
        us.push_back(t.nsecsElapsed() / 1000.0);
    }
    report(what, us);
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("chaingate.*.info=false"));
    // --profile: only the 10,000-contract decision, many times (for perf record).
    // --profile N / --profile-seed N: only that decision, N times (for perf or callgrind).
    const QStringList args = app.arguments();
    for (const QString &flag : {QStringLiteral("--profile"), QStringLiteral("--profile-seed")}) {
        const qsizetype at = args.indexOf(flag);
        if (at < 0)
            continue;
        const int n = at + 1 < args.size() ? args.at(at + 1).toInt() : 0;
        const bool seed = flag.endsWith(QLatin1String("seed"));
        benchPipeline(seed ? "decision, seed chain (1,206 contracts), no record"
                           : "decision, 10,000-contract chain, no record",
                      seed ? seedChain() : bench::decisionChain(1000), n > 0 ? n : 2000, true);
        return 0;
    }
    benchGates("five gates only, seed chain (1,206 contracts)", seedChain(), 200);
    benchGates("five gates only, 10,000-contract chain", bench::decisionChain(1000), 50);
    benchPipeline("decision, seed chain (1,206 contracts), no record", seedChain(), 200, true);
    benchPipeline("decision, 10,000-contract chain, no record", bench::decisionChain(1000), 50,
                  true);
    benchPipeline("  the same with the fake's filter + copy timed, seed chain", seedChain(), 200,
                  false);
    benchPipeline("  the same with the fake's filter + copy timed, 10,000",
                  bench::decisionChain(1000), 50, false);
    benchDispatch("dispatch + order + record, seed chain, SQLite in memory",
                  QStringLiteral("sqlite::memory:"), 200);
    QTemporaryDir dir;
    benchDispatch("dispatch + order + record, seed chain, SQLite file",
                  QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("bench.db")), 100);
    return 0;
}
