#pragma once
// Stock market data bodies -> the underlying's price: the snapshot's latest trade, falling back
// to the latest quote's mid when there is no usable trade.

#include "domain/contract.h"
#include "domain/result.h"

#include <QByteArray>

#include <string>

namespace cg::alpaca {

// GET /v2/stocks/{symbol}/snapshot
Result<UnderlyingPrice> parseStockSnapshot(const QByteArray &body, const std::string &symbol);
// GET /v2/stocks/{symbol}/trades/latest
Result<UnderlyingPrice> parseLatestStockTrade(const QByteArray &body, const std::string &symbol);

} // namespace cg::alpaca
