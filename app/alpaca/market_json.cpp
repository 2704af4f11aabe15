#include "alpaca/market_json.h"

#include "alpaca/json_fields.h"
#include "alpaca/trading_json.h"

namespace cg::alpaca {

namespace {

// A trade's price, or empty when absent; `error` set when present but unusable.
std::optional<UnderlyingPrice> tradePrice(const QJsonValue &v, const std::string &symbol,
                                          std::optional<Error> &error) {
    if (!v.isObject())
        return std::nullopt;
    const QJsonObject o = v.toObject();
    FieldReader f(o, "latest trade of " + symbol);
    const auto p = f.number("p");
    const auto t = f.time("t");
    if (!f.ok()) {
        error = f.error();
        return std::nullopt;
    }
    if (!p || !(*p > 0))
        return std::nullopt;
    return UnderlyingPrice{symbol, *p, t.value_or(Timestamp{})};
}

std::optional<UnderlyingPrice> quoteMid(const QJsonValue &v, const std::string &symbol,
                                        std::optional<Error> &error) {
    if (!v.isObject())
        return std::nullopt;
    const QJsonObject o = v.toObject();
    FieldReader f(o, "latest quote of " + symbol);
    const auto bid = f.number("bp");
    const auto ask = f.number("ap");
    const auto t = f.time("t");
    if (!f.ok()) {
        error = f.error();
        return std::nullopt;
    }
    // bp/ap of 0 mean no active bid/ask: no mid then.
    if (!bid || !ask || !(*bid > 0) || !(*ask >= *bid))
        return std::nullopt;
    return UnderlyingPrice{symbol, (*bid + *ask) / 2.0, t.value_or(Timestamp{})};
}

Error noPrice(const std::string &symbol, const std::optional<Error> &why) {
    std::string text = "Alpaca has no usable trade or quote for " + symbol;
    if (why)
        text += " (" + why->message + ")";
    return Error::make(text);
}

} // namespace

Result<UnderlyingPrice> parseStockSnapshot(const QByteArray &body, const std::string &symbol) {
    auto obj = parseJsonObject(body, "stock snapshot of " + symbol);
    if (!obj)
        return obj.error();
    std::optional<Error> why;
    if (auto p = tradePrice(obj->value(QLatin1String("latestTrade")), symbol, why))
        return *p;
    if (auto p = quoteMid(obj->value(QLatin1String("latestQuote")), symbol, why))
        return *p;
    return noPrice(symbol, why);
}

Result<UnderlyingPrice> parseLatestStockTrade(const QByteArray &body, const std::string &symbol) {
    auto obj = parseJsonObject(body, "latest trade of " + symbol);
    if (!obj)
        return obj.error();
    std::optional<Error> why;
    if (auto p = tradePrice(obj->value(QLatin1String("trade")), symbol, why))
        return *p;
    return noPrice(symbol, why);
}

} // namespace cg::alpaca
