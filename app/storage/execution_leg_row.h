#pragma once
// One execution_leg row as the store writes and reads it. Two classes write legs (ExecutionLegs
// for one execution, ExecutionRecords with the intent and the completion) and two read them (one
// execution's legs, the legs of a page of records): the columns, their values and the record read
// back live here so the writers and readers cannot drift apart.

#include "domain/execution_leg.h"

#include <QString>
#include <QVariantList>

#include <string>

class QSqlQuery;

namespace cg::legrow {

// The leg's own columns in bind order: the key (execution_uid, leg_index) is not among them.
inline constexpr const char *kColumns =
    "option_symbol, option_type, strike, expiry, side, ratio_qty, position_intent, bid, ask, mid, "
    "delta, gamma, theta, vega, iv, fill_price";

// INSERT of a whole row: the leg's columns, then execution_uid and leg_index.
const QString &insertStatement();
// The values insertStatement() binds: the leg's columns, then its key.
QVariantList keyedValues(const std::string &executionUid, const ExecutionLegRecord &leg);

// A leg from a row that holds leg_index and then the leg's columns, starting at column `first`.
ExecutionLegRecord read(const QSqlQuery &row, int first);

} // namespace cg::legrow
