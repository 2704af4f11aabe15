#pragma once
// How commands answer: one JSON document on stdout with --json, human text otherwise, and a
// one-line message on stderr with a non-zero exit code on failure.

#include "storage/json_values.h" // jsonNumber: null when unknown

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QString>

namespace cg::cli {

// One document on one line, newline-terminated (JSON Lines: a stream of documents, one per
// cycle of `dispatch --every`).
void printJsonLine(const QJsonDocument &doc);
void printJson(const QJsonDocument &doc);
// A document already written as bytes (JsonWriter), for the large ones.
void printJsonBytes(const QByteArray &bytes);
void printText(const QString &text);
// Prints "chaingate-cli: <message>" on stderr and returns the exit code to use (1).
int fail(const QString &message);
// An exit worth retrying later (sysexits' EX_TEMPFAIL: the database is away); the service units
// restart on it and not on 1 (a kill switch pulled on purpose, bad settings).
inline constexpr int kExitTryAgainLater = 75;

} // namespace cg::cli
