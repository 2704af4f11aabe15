#include "cli/commands.h"

namespace cg::cli {

// Each command lives in its own command_<name>.cpp; declare its entry point here.

const std::vector<Command> &commands()
{
    static const std::vector<Command> table = {
    };
    return table;
}

} // namespace cg::cli
