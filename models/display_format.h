#pragma once
// Text for the trading tables: engine strings as QString, dollars with thousands separators,
// signed P&L, percentages, and times in the trader's local time. One place so every panel reads
// the same.

#include "domain/account.h"
#include "domain/contract.h"
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
QString intentText(PositionIntent i);       // "Buy to open", ...; "" for none
QString percentText(std::optional<double> v, int decimals = 2); // "5.07%"
QString signedPercentText(double v, int decimals = 2);          // "+1.20%"
QString quantityText(double v);                                 // "3", "2.5"
QString fixedText(double v, int decimals);                      // "1.50": C locale, no grouping
// A gate's name for the trader: "Quote valid", "Spread", "Not expired", "Open interest", "Volume".
QString gateName(GateId id);
// The one mid rule: every view shows the exact mid, (bid + ask) / 2, with two decimals and more
// (up to four) when it has sub-cent digits: 0.54 / 0.59 -> "0.565" (never "0.56" here and
// "0.565" there). Only an order rounds it, to the class's tick: the ticket labels that price
// "Limit (mid rounded to tick)" (docs/trading-rules.md).
QString midText(double mid);
// A gate's measured value against its limit with the relation that actually holds: a failing
// spread reads "15.38% > 10.00%", one at the limit "10.00% = 10.00%" (it must be below; "at" as
// the gate judges it, binary noise included: 0.38 / 0.42), open
// interest "50 < 100"; enough digits that a value just past the limit never reads equal to it;
// "unknown (min 100)" when the value is unknown.
QString gateComparisonText(const GateResult &g);
// Whether the contract's greeks and IV were computed here (from the mid) rather than sent by the
// feed: views show them in italics.
bool greeksComputed(const OptionContract &c);
// The tooltip of a contract's greek cells: "Computed from the mid 0.565 (IV solver); the feed
// sent no greeks", why there are none, or empty for greeks from the feed.
QString greeksSourceText(const OptionContract &c);
// Local "Jan 30 14:30:05" (this year) or "2025-01-30 14:30", and the UTC ISO form for tooltips.
QString localTimeText(Timestamp t);
QString utcTimeText(Timestamp t);
// Green for gains, red for losses, nothing for zero: readable on the dark and light themes.
std::optional<QColor> pnlColor(double v);

} // namespace cg::models
