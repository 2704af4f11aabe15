#include "domain/strategy_settings.h"

namespace cg {

StrategySettings defaultStrategySettings(StrategyTemplate t) {
    using enum StrategyTemplate;
    StrategySettings s;
    s.build.kind = t;
    switch (t) {
    case BearCallSpread:
    case BullPutSpread:
    case IronCondor:
    case LongStrangle:
    case ShortStrangle:
        s.build.shortDelta = 0.16;
        break;
    case BullCallSpread:
    case BearPutSpread:
    case Diagonal:
        s.build.shortDelta = 0.30;
        break;
    default:
        break; // at the money
    }
    return s;
}

} // namespace cg
