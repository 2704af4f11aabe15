#pragma once
// The instant a person types after --as-of (chaingate-cli, chaingate, demo-server).

#include "domain/quote.h"
#include "domain/result.h"

#include <QString>

namespace cg::alpaca {

// ISO-8601: 2026-01-02T15:30:00Z, 2026-01-02T10:30:00-05:00, 2026-01-02T10:30 (no offset: New
// York time, the market's), 2026-01-02 (12:00 New York).
Result<Timestamp> parseAsOf(const QString &text);

} // namespace cg::alpaca
