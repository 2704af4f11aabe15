#pragma once
// GET /v2/account/activities and GET /v2/account/portfolio/history bodies -> domain types.
// Activities: a bare JSON array mixing trade (FILL) and non-trade records, amounts as decimal
// strings. Portfolio history: equal-length arrays of JSON numbers, timestamps in epoch seconds;
// a null point or a null base_value is kept as unknown, never as 0.

#include "domain/account_activity.h"
#include "domain/result.h"

#include <QByteArray>

#include <vector>

namespace cg::alpaca {

Result<std::vector<Activity>> parseActivities(const QByteArray &body);
Result<PortfolioHistory> parsePortfolioHistory(const QByteArray &body);

} // namespace cg::alpaca
