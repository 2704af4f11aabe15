#pragma once
// The trade updates stream's JSON (docs/alpaca-wire.md section 9): the authenticate and
// listen actions out, authorization / listening / trade_updates messages in. The order inside an
// event goes through the same mapper as the REST answers (trading_json).

#include "broker/trade_updates.h"
#include "domain/result.h"

#include <QByteArray>

#include <string>
#include <vector>

namespace cg::alpaca::stream {

struct TradeStreamMessage {
    enum class Type { Authorization, Listening, TradeUpdate, Other };
    Type type = Type::Other;
    bool authorized = false;          // Authorization
    std::string action;               // Authorization: which action it answers
    std::vector<std::string> streams; // Listening
    TradeUpdate update;               // TradeUpdate
    std::string stream;               // Other: its "stream" name
};

Result<TradeStreamMessage> parseTradeStreamMessage(const QByteArray &json);

QByteArray authenticateAction(const QString &keyId, const QString &secret);
QByteArray listenAction(); // trade_updates

} // namespace cg::alpaca::stream
