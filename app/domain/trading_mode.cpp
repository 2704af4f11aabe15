#include "domain/trading_mode.h"

namespace cg {

std::string_view toString(TradingMode m) {
    switch (m) {
    case TradingMode::Demo:
        return "DEMO";
    case TradingMode::Paper:
        return "PAPER";
    case TradingMode::Live:
        return "LIVE";
    }
    return {};
}

ExecutionMode recordedExecutionMode(TradingMode m) {
    switch (m) {
    case TradingMode::Demo:
        return ExecutionMode::Demo;
    case TradingMode::Paper:
        return ExecutionMode::AlpacaPaper;
    case TradingMode::Live:
        return ExecutionMode::AlpacaLive;
    }
    return ExecutionMode::AlpacaPaper;
}

} // namespace cg
