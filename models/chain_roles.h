#pragma once
// Item data roles and enums shared by the chain models, their proxies and the views. Views colour
// cells from these semantic roles (not from colours in the model) so that both palettes work.

#include <Qt>

namespace cg::models {

enum ChainRole {
    RawValueRole = Qt::UserRole + 1, // double, or invalid when unknown: sorting and charts
    GateStateRole,                   // GateState of the gate that governs this cell, or invalid
    ItmRole,                         // bool: the cell's contract is in the money
    PickRole,                        // bool: the strategy would buy this contract
    ChangedAtRole,                   // qint64 ms since epoch of the last value change, 0 = never
    ChangeDirectionRole,             // int: +1 up, -1 down, 0 other change
    StrikeRole,                      // double: the row's strike (any cell)
    SymbolRole,                      // QString: OCC symbol of the cell's contract
    RowTradeableRole,                // bool: a contract of the row passes all five gates
    AtmBoundaryRole,                 // bool: last row below the underlying price
    SideRole,                        // int ChainSide of the cell (also in headerData)
    FieldRole,                       // int ChainField of the cell, -1 for strike/type columns
    GateFieldRole,                   // bool: the column is one of the five gate columns
    ContractTradeableRole,           // bool: the cell's contract passes all five gates, or invalid
    // bool: "Passing only" lists the cell's contract although it fails a gate (side by side a
    // strike stays while either side passes): the painter fades it (PassingFilterProxyModel).
    DimmedRole,
};

enum class GateState : unsigned char { Unknown = 0, Pass = 1, Fail = 2 };
enum class ChainSide { Call = 0, Put = 1, None = 2 };

} // namespace cg::models
