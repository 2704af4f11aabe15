#include "decision_timing.h"

#include "dispatch/decision_pipeline.h"
#include "support/fake_broker.h"
#include "support/fake_market_data.h"
#include "support/scenario.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>
#include <map>

namespace cg::bench {

std::vector<OptionContract> decisionChain(int strikes) {
    using namespace std::chrono;
    std::vector<OptionContract> out;
    const year_month_day expiries[] = {2026y / January / 29, 2026y / January / 30,
                                       2026y / February / 2, 2026y / February / 4,
                                       2026y / February / 6};
    for (auto e : expiries)
        for (int i = 0; i < strikes; ++i)
            for (auto type : {OptionType::Call, OptionType::Put})
                out.push_back(test::pricedContract("SPY", type, e, 600.0 + i * 0.2, test::kSeedSpot,
                                                   test::seedNow()));
    return out;
}

DecisionTimes timeDecisions(std::vector<OptionContract> chain, int runs, bool prepared) {
    test::FakeMarketData md;
    test::FakeBroker broker;
    md.prices["SPY"] = test::kSeedSpot;
    md.contracts = std::move(chain);
    DecisionTimes out;
    std::map<SignalAction, ChainQuery> queryFor; // learnt from a first, untimed run of each side
    for (int i = -2; i < runs; ++i) {
        DecisionInputs in;
        in.signal.id = i + 3;
        in.signal.symbol = "SPY";
        in.signal.action = (i + 2) % 2 ? SignalAction::Put : SignalAction::Call;
        in.clientOrderId = "cg-sig-" + std::to_string(i + 3);
        in.now = test::seedNow();
        if (prepared && i >= 0)
            md.preparedChains.push_back(md.chainFor(queryFor.at(in.signal.action)));
        bool done = false;
        QElapsedTimer t;
        t.start();
        proposeDecision(md, broker, in, [&](Decision d) {
            if (!d.placesOrder()) {
                ++out.fallbacks;
                std::fprintf(stderr, "unexpected fallback: %s\n", d.fallbackReason.c_str());
            }
            done = true;
        });
        while (!done)
            QCoreApplication::processEvents();
        if (i < 0)
            queryFor[in.signal.action] = md.queries.back();
        else
            out.us.push_back(static_cast<double>(t.nsecsElapsed()) / 1e3);
    }
    return out;
}

} // namespace cg::bench
