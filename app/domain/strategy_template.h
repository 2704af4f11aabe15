#pragma once
// The multi-leg structures ChainGate builds (domain/strategy_builder.h places them on a chain).
// Named as signals and settings name them: bull_call_spread, iron_condor, ...

#include <optional>
#include <span>
#include <string_view>

namespace cg {

enum class StrategyTemplate {
    BullCallSpread, // buy call K-w, sell call K (debit)
    BearCallSpread, // sell call K, buy call K+w (credit)
    BullPutSpread,  // sell put K, buy put K-w (credit)
    BearPutSpread,  // sell put K, buy put K+w (debit)
    LongStraddle,   // buy call and put at the ATM strike
    ShortStraddle,  // sell call and put at the ATM strike
    LongStrangle,   // buy an OTM call and an OTM put
    ShortStrangle,  // sell an OTM call and an OTM put
    IronCondor,     // bull put spread + bear call spread
    IronButterfly,  // short straddle at ATM + long wings at ATM +/- w
    Butterfly,      // long call butterfly: buy K-w, sell 2 x K, buy K+w
    Calendar,       // sell the near call, buy the far call at the same strike
    Diagonal,       // sell the near call at K, buy the far call at K-w
    // Legs chosen or edited by hand in the builder: no template placed them. Recorded as
    // "custom"; never a signal's strategy nor one to build.
    Custom,
};

std::string_view toString(StrategyTemplate t); // bull_call_spread, ..., diagonal, custom
// A template by name; "custom" is none (nothing can be built or signalled from it).
std::optional<StrategyTemplate> parseStrategyTemplate(std::string_view s);
// The templates a strategy can be built from: every kind but Custom.
std::span<const StrategyTemplate> allStrategyTemplates();

// The loss is bounded by the structure itself (every short leg covered); false for short
// straddles and strangles, which Alpaca's level 3 refuses inside one mleg order anyway.
bool isDefinedRisk(StrategyTemplate t);
// Legs expire on different dates (calendar, diagonal): figures are taken at the near expiry.
bool spansExpiries(StrategyTemplate t);

} // namespace cg
