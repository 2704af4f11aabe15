#include "cli/commands.h"

namespace cg::cli {

// Each command lives in its own command_<name>.cpp; declare its entry point here.
int runDemoServer(const QStringList &args);
int runSignal(const QStringList &args);
int runExecutions(const QStringList &args);

const std::vector<Command> &commands()
{
    static const std::vector<Command> table = {
        {"demo-server", "demo-server [--port N] [--faults SPEC] [--seed N]", runDemoServer},
        {"signal", "signal add SYMBOL ACTION [STRATEGY] | signal list [--limit N]", runSignal},
        {"executions", "executions [--limit N] [--csv|--json] [--symbol S] [--mode M]",
         runExecutions},
    };
    return table;
}

} // namespace cg::cli
