#include "alpaca/chain_parser.h"

#include "alpaca/simdjson_read.h"
#include "domain/occ_symbol.h"

#include <simdjson.h>

namespace cg::alpaca {

Result<ChainPageInfo> parseChainPage(std::string_view json, std::string_view underlying,
                                     std::vector<OptionContract> &out) {
    return parseChainPageCursor(json, underlying, out);
}

namespace detail {

std::string printable(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < 32; ++i)
        out += (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
    if (s.size() > 32)
        out += "...";
    return out;
}

Error pageError(const std::string &why) {
    return Error::make("Alpaca sent an unreadable option chain page: " + why);
}

bool fillIdentity(OptionContract &c, std::string_view symbol, std::string_view underlying,
                  SkipLog &skipped) {
    auto occ = parseOccSymbol(symbol);
    if (!occ) {
        skipped.add(occ.error().message);
        return false;
    }
    c.symbol.assign(symbol);
    c.root = std::move(occ.value().root);
    c.underlying.assign(underlying);
    c.type = occ->type;
    c.strike = occ->strike();
    c.expiry = occ->expiry;
    return true;
}

} // namespace detail
} // namespace cg::alpaca
