#include "alpaca/bars_json.h"

#include "alpaca/json_fields.h"
#include "alpaca/trading_json.h"

#include <QJsonArray>

#include <cctype>

namespace cg::alpaca {

Result<BarsPage> parseStockBarsPage(const QByteArray &body, const std::string &symbol) {
    const std::string what = "bars of " + symbol;
    auto obj = parseJsonObject(body, what);
    if (!obj)
        return obj.error();
    BarsPage page;
    const QJsonValue bars = obj->value(QLatin1String("bars"));
    if (!bars.isNull() && !bars.isUndefined() && !bars.isArray())
        return Error::make("Alpaca's " + what + " has \"bars\" that is not a list");
    const QJsonArray list = bars.toArray();
    page.bars.reserve(static_cast<std::size_t>(list.size()));
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!list[i].isObject())
            return Error::make("Alpaca's " + what + " has a bar that is not an object (bar " +
                               std::to_string(i + 1) + ")");
        const QJsonObject o = list[i].toObject();
        FieldReader f(o, "bar " + std::to_string(i + 1) + " of " + symbol);
        PriceBar b;
        const auto t = f.time("t", true);
        const auto open = f.number("o", true);
        const auto high = f.number("h", true);
        const auto low = f.number("l", true);
        const auto close = f.number("c", true);
        const auto volume = f.number("v");
        const auto trades = f.number("n");
        const auto vwap = f.number("vw");
        if (!f.ok())
            return f.error();
        if (!(*open > 0) || !(*high > 0) || !(*low > 0) || !(*close > 0) || *low > *high)
            return Error::make("Alpaca's bar " + std::to_string(i + 1) + " of " + symbol +
                               " has prices that do not make a bar (low above high, or not "
                               "above 0)");
        b.time = *t;
        b.open = *open;
        b.high = *high;
        b.low = *low;
        b.close = *close;
        b.volume = static_cast<std::int64_t>(volume.value_or(0));
        b.trades = static_cast<std::int64_t>(trades.value_or(0));
        b.vwap = vwap.value_or(0.0);
        page.bars.push_back(b);
    }
    FieldReader f(*obj, what);
    page.nextPageToken = f.string("next_page_token");
    if (!f.ok())
        return f.error();
    if (page.nextPageToken && page.nextPageToken->empty())
        page.nextPageToken.reset();
    return page;
}

Result<std::string> normalizeTimeframe(const std::string &text) {
    std::size_t i = 0;
    int amount = 0;
    while (i < text.size() && i < 3 && std::isdigit(static_cast<unsigned char>(text[i])))
        amount = amount * 10 + (text[i++] - '0');
    std::string unit;
    for (std::size_t k = i; k < text.size(); ++k)
        unit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
    const auto bad = [&] {
        return Error::make("\"" + text +
                           "\" is not a bar timeframe; use 1-59Min, 1-23Hour, 1Day, 1Week or "
                           "1, 2, 3, 4, 6 or 12Month (e.g. 5Min, 1Day)");
    };
    if (i == 0 || amount < 1)
        return bad();
    const std::string n = std::to_string(amount);
    if ((unit == "min" || unit == "t") && amount <= 59)
        return n + "Min";
    if ((unit == "hour" || unit == "h") && amount <= 23)
        return n + "Hour";
    if ((unit == "day" || unit == "d") && amount == 1)
        return n + "Day";
    if ((unit == "week" || unit == "w") && amount == 1)
        return n + "Week";
    if ((unit == "month" || unit == "m") &&
        (amount == 1 || amount == 2 || amount == 3 || amount == 4 || amount == 6 || amount == 12))
        return n + "Month";
    return bad();
}

} // namespace cg::alpaca
