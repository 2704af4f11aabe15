#include "models/chain_gates.h"

namespace cg::models {

void ChainGates::judge(const OptionContract &c, const GateThresholds &t, Timestamp now) {
    m_thresholds = t;
    m_judgedAt = now;
    m_verdicts = judgeGates(c, t, now);
}

void ChainGates::judgeQuote(const OptionContract &c, double maxSpreadPct) {
    m_thresholds.maxSpreadPct = maxSpreadPct;
    m_verdicts[static_cast<std::size_t>(GateId::QuoteValid)] = quoteValidGate(c.quote).verdict;
    m_verdicts[static_cast<std::size_t>(GateId::Spread)] =
        spreadGate(c.quote, maxSpreadPct).verdict;
}

void ChainGates::judgeVolume(const OptionContract &c) {
    m_verdicts[static_cast<std::size_t>(GateId::Volume)] =
        volumeGate(c.volume, m_thresholds.minVolume).verdict;
}

GateResult ChainGates::result(const OptionContract &c, GateId id) const {
    if (verdict(id) == GateVerdict::None) {
        GateResult none;
        none.id = id;
        return none;
    }
    return evaluateGate(id, c, m_thresholds, m_judgedAt);
}

GateReport ChainGates::report(const OptionContract &c) const {
    GateReport r;
    for (int i = 0; i < kGateCount; ++i)
        r.gates[static_cast<std::size_t>(i)] = result(c, static_cast<GateId>(i));
    return r;
}

} // namespace cg::models
