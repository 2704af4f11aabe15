#pragma once
// Stock bars bodies -> PriceBar: GET /v2/stocks/{symbol}/bars answers
// {"bars":[{"t","o","h","l","c","v","n","vw"}],"symbol":..,"next_page_token":..}; "bars" may be
// null when there are none (the official JS SDK reads null as empty).

#include "broker/market_data.h"
#include "domain/result.h"

#include <QByteArray>

#include <optional>
#include <string>
#include <vector>

namespace cg::alpaca {

struct BarsPage {
    std::vector<PriceBar> bars;
    std::optional<std::string> nextPageToken;
};

// A bar missing a price or its time, or with a price that is not a positive number, is an error
// naming the symbol and the bar: a chart must not silently skip a day.
Result<BarsPage> parseStockBarsPage(const QByteArray &body, const std::string &symbol);

// "5min" -> "5Min", "1d" -> "1Day"; an error sentence for anything Alpaca does not take.
Result<std::string> normalizeTimeframe(const std::string &text);

} // namespace cg::alpaca
