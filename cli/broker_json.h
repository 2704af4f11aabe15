#pragma once
// Account, positions and orders as the JSON chaingate-cli prints (snake_case like Alpaca's,
// numbers as numbers, unknown values null).

#include "domain/account.h"

#include <QJsonObject>

namespace cg::cli {

QJsonObject accountJson(const Account &a);
QJsonObject positionJson(const Position &p);
QJsonObject orderJson(const Order &o);

} // namespace cg::cli
