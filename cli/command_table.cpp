#include "cli/commands.h"

namespace cg::cli {

// Each command lives in its own command_<name>.cpp; declare its entry point here.
int runDemoServer(const QStringList &args);
int runSignal(const QStringList &args);
int runExecutions(const QStringList &args);
int runChain(const QStringList &args);
int runAccount(const QStringList &args);
int runPositions(const QStringList &args);
int runOrders(const QStringList &args);
int runDispatch(const QStringList &args);
int runCalc(const QStringList &args);
int runBars(const QStringList &args);
int runStatus(const QStringList &args);
int runStrategy(const QStringList &args);

const std::vector<Command> &commands() {
    static const std::vector<Command> table = {
        {"demo-server",
         "demo-server [--port N] [--faults SPEC] [--seed N] [--as-of TIME] [--synthetic "
         "SYMBOL:COUNT] [--keys-from-env]",
         runDemoServer},
        {"signal", "signal add SYMBOL ACTION [STRATEGY] | signal list [--limit N]", runSignal},
        {"executions", "executions [--limit N] [--csv|--json] [--symbol S] [--mode M]",
         runExecutions},
        {"chain",
         "chain SYMBOL [--expiry YYYY-MM-DD | --dte-min N --dte-max N] [--type call|put] [--json]",
         runChain},
        {"bars", "bars SYMBOL [--timeframe 5Min] [--start TIME] [--end TIME] [--limit N] [--json]",
         runBars},
        {"strategy",
         "strategy SYMBOL --template NAME [--dte N | --dte-min N --dte-max N] "
         "[--short-delta D | --otm-pct P] [--width W] [--far-gap DAYS] [--json]",
         runStrategy},
        {"account", "account [--json]", runAccount},
        {"positions", "positions [--json]", runPositions},
        {"orders", "orders [--status open|closed|all] [--limit N] [--json]", runOrders},
        {"dispatch",
         "dispatch --signal SYMBOL:ACTION[:STRATEGY] [--dry-run] | --once | --every SECONDS | "
         "--kill-switch on|off|status",
         runDispatch},
        {"calc",
         "calc --type call|put --spot S --strike K (--expiry DATE | --days N) --rate R "
         "(--vol SIGMA | --price P)",
         runCalc},
        {"status", "status [--json]", runStatus},
    };
    return table;
}

} // namespace cg::cli
