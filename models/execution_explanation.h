#pragma once
// A recorded decision told in words: what was decided and why, each of the five gates with
// pass/fail and its reason, the prices, greeks and sizing the dispatcher used. Built from the
// row's explain_json (and its columns where the JSON is silent), never shown as raw JSON.

#include "domain/signal.h"

#include <QColor>
#include <QList>
#include <QString>

#include <utility>
#include <vector>

namespace cg::models {

struct ExplanationGate {
    QString name; // "Spread"
    bool pass = false;
    QString reason; // "Spread 5.07% is below the 10% limit"
};

struct ExplanationSection {
    QString title;                           // "Sizing"
    QList<std::pair<QString, QString>> rows; // label, value
};

struct ExecutionExplanation {
    QString headline; // "Order placed (Alpaca paper): buy 2 SPY260130C00708000, limit 1.23"
    QString reason;   // "All checks passed", or the fallback reason
    ExecutionMode mode = ExecutionMode::SimulatedFallback;
    bool gatesEvaluated = false;
    std::vector<ExplanationGate> gates; // in gate order
    std::vector<ExplanationSection> sections;
    QString warning; // explain_json could not be read: the columns alone were used
};

ExecutionExplanation explainExecution(const ExecutionRecord &record);

struct ExplanationColors {
    QColor pass{0x2e, 0xa0, 0x5a};
    QColor fail{0xe0, 0x4f, 0x4f};
    QColor dim{0x80, 0x80, 0x80};
};
// Rich text for a QTextBrowser.
QString explanationHtml(const ExecutionExplanation &e, const ExplanationColors &colors = {});
// The same as plain text (copy to clipboard, tests).
QString explanationText(const ExecutionExplanation &e);

} // namespace cg::models
