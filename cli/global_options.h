#pragma once
// The options every chaingate-cli command understands (docs/command-line.md), parsed once here:
// --json, --trading-url, --data-url, --feed, --db, --as-of, --config.

#include "alpaca/alpaca_config.h"
#include "config/app_config.h"
#include "domain/clock.h"
#include "domain/result.h"
#include "storage/execution_store.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>
#include <variant>

namespace cg::cli {

struct GlobalOptions {
    bool json = false;
    std::optional<QUrl> tradingUrl; // --trading-url
    std::optional<QUrl> dataUrl;    // --data-url
    std::optional<QString> feed;    // --feed indicative|opra
    QString db; // --db, else CHAINGATE_DB, else --config's database/url, else "" (default file)
    std::optional<Timestamp> asOf; // --as-of
    // The clock starts at asOf and runs (a service: dispatch --every); otherwise it stays there.
    bool asOfRuns = false;
    QString configFile; // --config
    // The settings file's values (defaults without --config). Precedence everywhere: flags, then
    // environment variables, then this file, then the built-in defaults.
    config::AppConfig config;
    // Why the window's settings file (read without --config) could not be used: the defaults
    // apply but for its database, and commands that decide orders refuse.
    QString configError;
    bool verbose = false; // --verbose: the engine's log on stderr
    bool demo = false;    // --demo: the in-process DEMO market, whatever the keys
    // Keys from the OS keychain when the environment has none (not for `dispatch --every`).
    bool keychain = true;
};

struct CommandLine {
    GlobalOptions global;
    QStringList positional;
    bool helpRequested = false;
};

// Adds the global options (and --help) to `parser`; the command adds its own first or after.
void addGlobalOptions(QCommandLineParser &parser);

// The arguments with the global options given before the command name moved after it:
// `--db URL status` as `status --db URL` (the usage line names them after the command; users
// put them first too). A global option missing its value, or any other option before the
// command, is an error ("--db needs a value", "unknown option '--foo' before the command").
Result<QStringList> commandFirst(const QStringList &args);

// Parses the arguments after the command name and reads --config. Errors are one line: "unknown
// option --foo", "--as-of \"noon\" is not an ISO-8601 time (e.g. 2026-01-02T15:30:00Z)",
// "settings file x.ini: Maximum spread must be above 0% and at most 100% (got 150%)".
Result<CommandLine>
parseCommandLine(QCommandLineParser &parser, const QStringList &args,
                 const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

// The dispatcher's settings of --config (or the defaults); the command applies its own flags.
inline DispatcherSettings dispatcherSettings(const GlobalOptions &options) {
    return options.config.dispatcher;
}

// The store at --db / CHAINGATE_DB / the config's database (empty: the default SQLite file).
Result<std::unique_ptr<ExecutionStore>> openStore(const GlobalOptions &options);

// The clock the command uses for gates and days to expiry: fixed at --as-of, else the system's.
std::unique_ptr<Clock> makeClock(const GlobalOptions &options);

// The prologue every command shares: the global options added to `parser` (after the command's
// own), the arguments parsed (--config read), --help printed, and positional arguments refused
// unless the command takes them. Either the command line, or the exit code to return at once
// (0 after --help, 1 after the one-line error on stderr).
std::variant<CommandLine, int> commandPrologue(QCommandLineParser &parser, const QStringList &args,
                                               const char *usage, bool takesPositional = false);

// "Usage: chaingate-cli <usage>" plus the options, for --help.
QString helpText(const QCommandLineParser &parser, const char *usage);

} // namespace cg::cli
