#pragma once
// Which market a front end talks to: DEMO (the simulated market behind the fake Alpaca server),
// PAPER (Alpaca paper trading) or LIVE (real money). Decided once, by cg::alpaca::resolveMode;
// shown on the window's badge and in chaingate-cli's answers. The execution records keep their
// own vocabulary (ExecutionMode), which also says SIMULATED_FALLBACK and REJECTED_BY_USER.

#include "domain/signal.h"

#include <string_view>

namespace cg {

enum class TradingMode { Demo, Paper, Live };

// DEMO, PAPER, LIVE
std::string_view toString(TradingMode m);

// What an order placed in this mode is recorded as: DEMO, ALPACA_PAPER, ALPACA_LIVE.
ExecutionMode recordedExecutionMode(TradingMode m);

} // namespace cg
