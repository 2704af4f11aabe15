#include "domain/strategy_leg.h"

namespace cg {

StrategyLeg openingLeg(const OptionContract &c, OrderSide side, int ratio) {
    StrategyLeg leg;
    leg.contract = c;
    leg.side = side;
    leg.ratio = ratio;
    leg.intent = side == OrderSide::Buy ? PositionIntent::BuyToOpen : PositionIntent::SellToOpen;
    return leg;
}

std::string describeLeg(const StrategyLeg &leg) {
    return std::string(leg.side == OrderSide::Buy ? "buy " : "sell ") + std::to_string(leg.ratio) +
           " " + leg.contract.symbol;
}

double strategyMultiplier(const MultiLegStrategy &s) {
    return s.legs.empty() ? 100.0 : s.legs.front().contract.multiplier;
}

} // namespace cg
