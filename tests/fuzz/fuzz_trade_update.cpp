// The trade updates stream's JSON on arbitrary bytes: authorization, listening and trade_updates
// messages. Invariants: every error is a short, printable sentence; an accepted trade update has
// a lowercase event name, an order with an id, and finite numbers; names taken from the server
// (action, streams, other stream names) are printable, since they reach log lines.

#include "alpaca/stream/trade_update_json.h"
#include "fuzz_check.h"

#include <QByteArray>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace cg;
using cg::fuzz::shown;

bool printable(std::string_view s, std::size_t maxBytes = 1500) {
    return s.size() <= maxBytes && std::none_of(s.begin(), s.end(), [](char c) {
               return (c >= 0 && c < 0x20) || c == 0x7f;
           });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const QByteArray json(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const auto r = alpaca::stream::parseTradeStreamMessage(json);
    if (!r) {
        const std::string &m = r.error().message;
        CG_FUZZ_CHECK(!m.empty() && printable(m), "unfit error: " + shown(m));
        return 0;
    }
    using Type = alpaca::stream::TradeStreamMessage::Type;
    CG_FUZZ_CHECK(printable(r->action, 40) && printable(r->stream, 40), "unprintable name");
    for (const std::string &s : r->streams)
        CG_FUZZ_CHECK(printable(s, 40), "unprintable stream " + shown(s));
    if (r->type != Type::TradeUpdate)
        return 0;
    const TradeUpdate &u = r->update;
    CG_FUZZ_CHECK(!u.event.empty() &&
                      std::all_of(u.event.begin(), u.event.end(),
                                  [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }),
                  "event " + shown(u.event));
    CG_FUZZ_CHECK(!u.order.id.empty(), "order without id");
    CG_FUZZ_CHECK(cg::fuzz::finite(u.order.qty) && cg::fuzz::finite(u.order.filledQty),
                  "order quantity not finite");
    CG_FUZZ_CHECK(!u.order.limitPrice || cg::fuzz::finite(*u.order.limitPrice),
                  "limit price not finite");
    CG_FUZZ_CHECK(!u.order.filledAvgPrice || cg::fuzz::finite(*u.order.filledAvgPrice),
                  "fill price not finite");
    for (const auto &v : {u.price, u.qty, u.positionQty})
        CG_FUZZ_CHECK(!v || cg::fuzz::finite(*v), "event number not finite");
    return 0;
}
