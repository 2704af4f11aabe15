#pragma once
// How commands answer: one JSON document on stdout with --json, human text otherwise, and a
// one-line message on stderr with a non-zero exit code on failure.

#include <QJsonDocument>
#include <QString>

namespace cg::cli {

void printJson(const QJsonDocument &doc);
void printText(const QString &text);
// Prints "chaingate-cli: <message>" on stderr and returns the exit code to use (1).
int fail(const QString &message);

} // namespace cg::cli
