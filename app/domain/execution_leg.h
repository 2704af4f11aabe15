#pragma once
// One leg of a multi-leg execution as recorded (execution_leg, schema version 6): the contract,
// its side, ratio and intent, the quote and greeks at decision time, and its fill. The
// execution's own row (dispatcher_execution) keeps one row per decision, so the seed's query
// still returns one row per execution; the net figures and max loss are in its explain_json.

#include <optional>
#include <string>

namespace cg {

struct ExecutionLegRecord {
    int legIndex = 0; // 0-based, in the order the legs were sent
    std::string optionSymbol;
    std::string optionType; // call, put
    std::optional<double> strike;
    std::string expiry;         // YYYY-MM-DD
    std::string side;           // buy, sell
    int ratioQty = 1;           // Alpaca's ratio_qty
    std::string positionIntent; // buy_to_open, ...
    std::optional<double> bid;
    std::optional<double> ask;
    std::optional<double> mid;
    std::optional<double> delta;
    std::optional<double> gamma;
    std::optional<double> theta;
    std::optional<double> vega;
    std::optional<double> iv;
    std::optional<double> fillPrice; // the leg's filled_avg_price
    bool operator==(const ExecutionLegRecord &) const = default;
};

} // namespace cg
