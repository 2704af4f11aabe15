#include "market/option_fees.h"

#include <algorithm>
#include <cmath>

namespace cg::market {

namespace {

double cents(double perContract, double contracts) {
    // Half up on whole cents; the epsilon keeps 0.08055 from rounding down through binary noise.
    const double c = std::floor(perContract * contracts * 100.0 + 0.5 + 1e-9) / 100.0;
    return std::max(c, 0.01);
}

} // namespace

std::vector<OptionFee> optionFees(double contracts, bool sell) {
    if (contracts <= 0.0)
        return {};
    std::vector<OptionFee> out{{"ORF", cents(0.02685, contracts)}, {"OCC", cents(0.02, contracts)}};
    if (sell)
        out.push_back({"TAF", cents(0.00279, contracts)});
    return out;
}

} // namespace cg::market
