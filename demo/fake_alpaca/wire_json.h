#pragma once
// The simulated market in Alpaca's JSON shapes (docs/alpaca-wire.md): the trading API sends
// decimals as strings and keeps nullable fields present as null; the data API sends numbers.

#include "domain/byte_appender.h"
#include "domain/quote.h"
#include "market/sim_contract.h"
#include "market/sim_order.h"
#include "market/simulated_market.h"

#include <QJsonObject>
#include <QString>

#include <chrono>
#include <optional>
#include <string_view>

namespace cg::fake {

// RFC 3339 in UTC with nanosecond digits, as Alpaca writes them: 2024-04-22T19:59:59.992000000Z
QString rfc3339(Timestamp t);
// RFC 3339 in New York time with its offset, as /v2/clock answers: 2024-04-22T15:59:59.992-04:00
QString rfc3339Eastern(Timestamp t);
QString isoDate(std::chrono::year_month_day d);
// A decimal string without trailing zeros: 170 -> "170", 162.5 -> "162.5".
QString decimalString(double v, int maxDecimals = 4);

// The hot paths (a chain page, a contracts page: megabytes a DEMO start) are written straight to
// bytes through an appender.
using WireOut = ByteAppender<QByteArray>;

// Data API.
void appendOptionSnapshot(WireOut &out, const market::SimContract &c);
void appendJsonString(WireOut &out, std::string_view s); // ASCII-safe quoting
void appendRfc3339(WireOut &out, Timestamp t);
QJsonObject stockTradeJson(const market::StockState &s);
QJsonObject stockQuoteJson(const market::StockState &s);
QJsonObject stockSnapshotJson(const market::StockState &s, Timestamp now);

// Trading API. `asOf` is the date open interest and close prices refer to (the last session).
// An option contract is written straight to bytes: a chain's contracts pages are the other hot
// path of a DEMO start.
void appendOptionContract(WireOut &out, const market::SimContract &c,
                          std::chrono::year_month_day asOf, std::string_view underlyingAssetId,
                          bool withDeliverables);
QJsonObject orderJson(const market::SimOrder &o);
QJsonObject accountJson(const market::AccountView &a);
QJsonObject positionJson(const market::PositionView &p);
QJsonObject clockJson(Timestamp now);
// One /v2/calendar entry (date, open, close, session_open, session_close, settlement_date: T+1),
// nullopt when the market does not trade that day.
std::optional<QJsonObject> calendarDayJson(std::chrono::year_month_day date);

// Error bodies: trading {"code","message"}, data {"message"}.
QByteArray tradingError(long long code, const QString &message);
QByteArray dataError(const QString &message);

} // namespace cg::fake
