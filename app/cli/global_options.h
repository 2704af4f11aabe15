#pragma once
// The options every chaingate-cli command understands (DESIGN.md section 6), parsed once here:
// --json, --trading-url, --data-url, --feed, --db, --as-of, --config.

#include "alpaca/alpaca_config.h"
#include "domain/clock.h"
#include "domain/result.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>

namespace cg::cli {

struct GlobalOptions {
    bool json = false;
    std::optional<QUrl> tradingUrl; // --trading-url
    std::optional<QUrl> dataUrl;    // --data-url
    std::optional<QString> feed;    // --feed indicative|opra
    QString db;                     // --db, else CHAINGATE_DB, else empty (the default file)
    std::optional<Timestamp> asOf;  // --as-of
    QString configFile;             // --config
    bool verbose = false;           // --verbose: the engine's log on stderr
};

struct CommandLine {
    GlobalOptions global;
    QStringList positional;
    bool helpRequested = false;
};

// Adds the global options (and --help) to `parser`; the command adds its own first or after.
void addGlobalOptions(QCommandLineParser &parser);

// Parses the arguments after the command name. Errors are one line: "unknown option --foo",
// "--as-of \"noon\" is not an ISO-8601 time (e.g. 2026-01-02T15:30:00Z)".
Result<CommandLine>
parseCommandLine(QCommandLineParser &parser, const QStringList &args,
                 const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

// ISO-8601: 2026-01-02T15:30:00Z, 2026-01-02T10:30:00-05:00, 2026-01-02T10:30 (no offset: New
// York time, the market's), 2026-01-02 (12:00 New York).
Result<Timestamp> parseAsOf(const QString &text);

// The clock the command uses for gates and days to expiry: fixed at --as-of, else the system's.
std::unique_ptr<Clock> makeClock(const GlobalOptions &options);

// APCA_* environment variables, overridden by the command-line options; validated.
Result<AlpacaConfig>
alpacaConfig(const GlobalOptions &options,
             const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

// "Usage: chaingate-cli <usage>" plus the options, for --help.
QString helpText(const QCommandLineParser &parser, const char *usage);

} // namespace cg::cli
