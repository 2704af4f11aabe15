// Decision time per signal, network excluded: the dispatcher's pipeline (price, chain, five
// gates on every contract, selection, moneyness, account, sizing, risk) over in-process fakes
// that answer from the event loop, with and without recording into SQLite. Prints figures.

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
#include <map>
#include <vector>

using namespace cg;
using namespace cg::test;

namespace {

std::vector<OptionContract> bigChain(int strikes) {
    std::vector<OptionContract> out;
    const Timestamp now = seedNow();
    using namespace std::chrono;
    const year_month_day expiries[] = {2026y / January / 29, 2026y / January / 30,
                                       2026y / February / 2, 2026y / February / 4,
                                       2026y / February / 6};
    for (auto e : expiries)
        for (int i = 0; i < strikes; ++i)
            for (auto t : {OptionType::Call, OptionType::Put})
                out.push_back(pricedContract("SPY", t, e, 600.0 + i * 0.2, kSeedSpot, now));
    return out;
}

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

// prepared: each run's chain is filtered and copied before the timer starts and handed over
// moved, as a parsed network answer arrives; otherwise the fake's filter and copy (about half of
// the time on the seed chain) are timed with the decision.
void benchPipeline(const char *what, std::vector<OptionContract> chain, int runs, bool prepared) {
    FakeMarketData md;
    FakeBroker broker;
    md.prices["SPY"] = kSeedSpot;
    md.contracts = std::move(chain);
    std::vector<double> us;
    std::map<SignalAction, ChainQuery> queryFor; // learnt from a first, untimed run of each side
    for (int i = -2; i < runs; ++i) {
        DecisionInputs in;
        in.signal.id = i + 3;
        in.signal.symbol = "SPY";
        in.signal.action = (i + 2) % 2 ? SignalAction::Put : SignalAction::Call;
        in.clientOrderId = "cg-sig-" + std::to_string(i + 3);
        in.now = seedNow();
        if (prepared && i >= 0)
            md.preparedChains.push_back(md.chainFor(queryFor.at(in.signal.action)));
        bool done = false;
        QElapsedTimer t;
        t.start();
        proposeDecision(md, broker, in, [&](Decision d) {
            if (!d.placesOrder())
                std::fprintf(stderr, "unexpected fallback: %s\n", d.fallbackReason.c_str());
            done = true;
        });
        while (!done)
            QCoreApplication::processEvents();
        if (i < 0)
            queryFor[in.signal.action] = md.queries.back();
        else
            us.push_back(t.nsecsElapsed() / 1000.0);
    }
    report(what, us);
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
                      seed ? seedChain() : bigChain(1000), n > 0 ? n : 2000, true);
        return 0;
    }
    benchGates("five gates only, seed chain (1,206 contracts)", seedChain(), 200);
    benchGates("five gates only, 10,000-contract chain", bigChain(1000), 50);
    benchPipeline("decision, seed chain (1,206 contracts), no record", seedChain(), 200, true);
    benchPipeline("decision, 10,000-contract chain, no record", bigChain(1000), 50, true);
    benchPipeline("  the same with the fake's filter + copy timed, seed chain", seedChain(), 200,
                  false);
    benchPipeline("  the same with the fake's filter + copy timed, 10,000", bigChain(1000), 50,
                  false);
    benchDispatch("dispatch + order + record, seed chain, SQLite in memory",
                  QStringLiteral("sqlite::memory:"), 200);
    QTemporaryDir dir;
    benchDispatch("dispatch + order + record, seed chain, SQLite file",
                  QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("bench.db")), 100);
    return 0;
}
