#pragma once
// One function per chaingate-cli command. Each gets the arguments after the command name (global
// options included), runs its own event loop if it needs one, and returns the exit code.

#include <QStringList>

#include <functional>
#include <vector>

namespace cg::cli {

struct Command {
    const char *name;
    const char *usage; // one line, shown by --help
    std::function<int(const QStringList &args)> run;
};

// The table main() dispatches on; each command file adds its entry in command_table.cpp.
const std::vector<Command> &commands();

} // namespace cg::cli
