#pragma once
// Trading API bodies <-> domain types: account, positions, orders, the clock, option contract
// metadata, and the order request. Money arrives as decimal strings, levels as int or string,
// absent values as null; every problem becomes an error naming the field.

#include "alpaca/alpaca_types.h"
#include "domain/account.h"
#include "domain/result.h"

#include <QByteArray>
#include <QJsonObject>

#include <vector>

namespace cg::alpaca {

Result<QJsonObject> parseJsonObject(const QByteArray &body, const std::string &what);

Result<Account> parseAccount(const QByteArray &body);
Result<std::vector<Position>> parsePositions(const QByteArray &body);
Result<Order> parseOrder(const QByteArray &body);
// An mleg order's "legs" become Order::legs (null or absent: none).
Result<Order> orderFromJson(const QJsonObject &o);
Result<OrderLeg> orderLegFromJson(const QJsonObject &o);
Result<std::vector<Order>> parseOrders(const QByteArray &body);
Result<MarketClock> parseClock(const QByteArray &body);
// Entries that cannot be used (no symbol, unreadable numbers) are skipped and counted.
// GET /v2/options/contracts pages (app/alpaca/contracts_parser_simdjson.cpp: the hot path of a
// chain's open interest).
Result<ContractsPage> parseContractsPage(const QByteArray &body);

// The POST /v2/orders body. Refuses what Alpaca would refuse anyway, earlier and in plainer
// words: no symbol, qty < 1, a limit order without a positive limit price, an option order
// without position_intent, a client_order_id over 128 characters. With legs, the mleg body
// (order_class "mleg", legs of symbol, ratio_qty, side, position_intent; no symbol or side):
// 2-4 option legs, distinct, each with an intent, ratios of greatest common divisor 1, a net
// limit that is not 0.
Result<QByteArray> orderRequestJson(const OrderRequest &request);

// The PATCH /v2/orders/{id} body: only the fields that change, decimals as strings
// ({"qty":"2","limit_price":"1.25"}); refuses an empty change, qty < 1, a limit <= 0.
Result<QByteArray> replaceRequestJson(const ReplaceRequest &request);

// The reverse of positionIntentName (domain/account.h); None for "" and anything unknown.
PositionIntent positionIntentFrom(const std::string &text);

} // namespace cg::alpaca
