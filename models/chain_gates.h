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

    GateVerdict verdict(GateId id) const { return m_verdicts[static_cast<std::size_t>(id)]; }
    bool pass(GateId id) const { return gatePasses(verdict(id)); }
    // Unknown when a failed gate's input is missing ("open interest unknown"): still a fail.
    GateState state(GateId id) const;
    bool tradeable() const { return failures() == 0; }
    GateMask failures() const;

    // The full result of one gate, and of all five, for `c` (the contract judged).
    GateResult result(const OptionContract &c, GateId id) const;
    GateReport report(const OptionContract &c) const;

private:
    GateThresholds m_thresholds;
    Timestamp m_judgedAt{};
    GateVerdicts m_verdicts{};
};

} // namespace cg::models
