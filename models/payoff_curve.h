#pragma once
// Profit and loss of one long contract across underlying prices: at expiry (intrinsic value) and
// today (Black-Scholes at the contract's implied volatility), for the detail chart.

#include "domain/american_option.h"
#include "domain/contract.h"

#include <QVector>

namespace cg::models {

struct PayoffCurves {
    QVector<double> spot;     // underlying prices, ascending
    QVector<double> atExpiry; // P/L in dollars per contract
    QVector<double> today;    // empty when the contract has no IV (volUsed 0)
    double premium = 0.0;     // paid per share
    double breakeven = 0.0;   // underlying price at expiry where P/L is zero
    double volUsed = 0.0;     // the contract's IV the "today" curve uses; 0 = none, no curve
    // The model that IV was solved with and the curve prices with (american_option.h): the
    // American one for greeks ChainGate computed, Black-Scholes for the feed's.
    VolModel model = VolModel::BlackScholes;
};

// `premium` per share (e.g. the ask); `rate` continuously compounded (0.04 = 4 %).
PayoffCurves payoffCurves(const OptionContract &contract, double premium, double spot, double rate,
                          Timestamp now, int points = 161);

} // namespace cg::models
