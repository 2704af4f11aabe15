#pragma once
// What the database commands (signal, executions) share: their command-line parser with the
// global options accepted, the database URL (--db, else CHAINGATE_DB, else the default SQLite
// file), and opening the store.

#include "domain/result.h"
#include "storage/execution_store.h"

#include <QCommandLineParser>

#include <memory>

namespace cg::cli {

// Adds --db and the other global options (DESIGN.md section 6) so any of them is accepted.
void addStoreOptions(QCommandLineParser &parser);
// Parses the arguments after the command name; the error is one line.
Result<Unit> parseStoreCommandLine(QCommandLineParser &parser, const QStringList &args);
// --db URL, else $CHAINGATE_DB, else empty (the store then uses defaultDatabaseUrl()).
QString databaseUrl(const QCommandLineParser &parser);
Result<std::unique_ptr<ExecutionStore>> openStore(const QString &url);

} // namespace cg::cli
