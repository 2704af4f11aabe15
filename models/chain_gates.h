#pragma once
// The five gates of one contract as a chain keeps them: each gate's verdict, and what judged them
// (the thresholds and the instant). A row needs the verdicts only; the full results (values,
// thresholds, the sentence a trader reads) are written again from the contract where they are
// shown (a tooltip, the detail panel): 40 bytes a contract instead of a 320-byte GateReport.
// The results are those evaluateGates gave when the gates were judged, as long as the contract's
// quote, expiry, open interest and volume are only changed through judge() or judgeQuote().

#include "domain/contract.h"
#include "domain/gates.h"
#include "models/chain_roles.h"

namespace cg::models {

class ChainGates {
public:
    ChainGates() = default; // not judged: every gate fails, with no reason
    ChainGates(const OptionContract &c, const GateThresholds &t, Timestamp now) {
        judge(c, t, now);
    }

    // All five judged again.
    void judge(const OptionContract &c, const GateThresholds &t, Timestamp now);
    // The two gates a pushed quote changes (quote valid, spread) judged again, the spread at
    // `maxSpreadPct`; the other three keep their verdicts.
    void judgeQuote(const OptionContract &c, double maxSpreadPct);
    // The volume gate judged again (a streamed trade added to the day's volume), at the
    // thresholds it was judged with.
    void judgeVolume(const OptionContract &c);
    // When all five were judged: the chain's load.
    Timestamp judgedAt() const { return m_judgedAt; }

    GateVerdict verdict(GateId id) const { return m_verdicts[static_cast<std::size_t>(id)]; }
    bool pass(GateId id) const { return gatePasses(verdict(id)); }
    // Unknown when a failed gate's input is missing ("open interest unknown"): still a fail.
    // Inline, as failures(): a chain's load asks both for every contract.
    GateState state(GateId id) const {
        const GateVerdict v = verdict(id);
        if (gatePasses(v))
            return GateState::Pass;
        // The verdicts whose result has a threshold but no measured value.
        switch (v) {
        case GateVerdict::SpreadUnknownInvalidQuote:
        case GateVerdict::SpreadUnknownNoQuote:
        case GateVerdict::ExpiryInvalid:
        case GateVerdict::Unknown:
            return GateState::Unknown;
        default:
            return GateState::Fail;
        }
    }
    bool tradeable() const { return failures() == 0; }
    GateMask failures() const {
        unsigned mask = 0;
        for (std::size_t i = 0; i < m_verdicts.size(); ++i)
            mask |= gatePasses(m_verdicts[i]) ? 0u : 1u << i;
        return static_cast<GateMask>(mask);
    }

    // The full result of one gate, and of all five, for `c` (the contract judged).
    GateResult result(const OptionContract &c, GateId id) const;
    GateReport report(const OptionContract &c) const;

private:
    GateThresholds m_thresholds;
    Timestamp m_judgedAt{};
    GateVerdicts m_verdicts{};
};

} // namespace cg::models
