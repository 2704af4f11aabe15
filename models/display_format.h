#pragma once
// Text for the trading tables: engine strings as QString, dollars with thousands separators,
// signed P&L, percentages, and times in the trader's local time. One place so every panel reads
// the same.

#include "domain/gates.h"
#include "domain/quote.h"

#include <QColor>
#include <QString>

#include <optional>
#include <string_view>

namespace cg::models {

// An engine string (UTF-8, std::string or a string_view) as a QString.
inline QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString moneyText(double v);                // "$101,234.56", "-$12.00"
QString signedMoneyText(double v);          // "+$1,234.56", "-$12.00", "$0.00"
QString priceText(std::optional<double> v); // "1.23" (sub-cent digits kept), "" when unknown
QString percentText(std::optional<double> v, int decimals = 2); // "5.07%"
QString signedPercentText(double v, int decimals = 2);          // "+1.20%"
QString quantityText(double v);                                 // "3", "2.5"
// A gate's name for the trader: "Quote valid", "Spread", "Not expired", "Open interest", "Volume".
QString gateName(GateId id);
// Local "Jan 30 14:30:05" (this year) or "2025-01-30 14:30", and the UTC ISO form for tooltips.
QString localTimeText(Timestamp t);
QString utcTimeText(Timestamp t);
// Green for gains, red for losses, nothing for zero: readable on the dark and light themes.
std::optional<QColor> pnlColor(double v);

} // namespace cg::models
