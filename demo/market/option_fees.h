#pragma once
// The DEMO's schedule of regulatory fees on option fills, booked as Alpaca books them: FEE
// account activities (sub-types ORF, OCC, TAF), not fields of the order. The rates are the
// demo's own, near the published ones, per contract:
//   ORF (Options Regulatory Fee)   $0.02685 on every contract, buy or sell
//   OCC (clearing)                 $0.02    on every contract
//   TAF (FINRA Trading Activity)   $0.00279 on contracts sold
// Each is rounded to the cent (half up) per fill, at least $0.01 when it applies.

#include <string>
#include <vector>

namespace cg::market {

struct OptionFee {
    std::string subType; // ORF | OCC | TAF
    double amount = 0.0; // dollars charged (positive); the activity's net_amount is -amount
};

std::vector<OptionFee> optionFees(double contracts, bool sell);

} // namespace cg::market
