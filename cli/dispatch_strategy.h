#pragma once
// dispatch --signal SYMBOL:DIRECTION:TEMPLATE (e.g. SPY:NEUTRAL:iron_condor): one multi-leg
// decision now (dispatch/strategy_decision.h), sent as one mleg order unless it falls back or
// --dry-run, and recorded with its legs (execution_leg).

#include "dispatch/strategy_decision.h"

namespace cg {
class Dispatcher;
class ExecutionStore;
struct DispatcherSettings;
} // namespace cg

namespace cg::cli {

class AlpacaSession;
struct CommandLine;

int dispatchStrategySignal(const CommandLine &cl, const StrategySignal &signal, bool dryRun,
                           AlpacaSession &session, ExecutionStore &store, Dispatcher &dispatcher,
                           const DispatcherSettings &settings);

} // namespace cg::cli
