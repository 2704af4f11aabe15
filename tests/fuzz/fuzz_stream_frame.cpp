// The option stream's msgpack frame decoder on arbitrary bytes. Invariants: it returns (no
// crash, no leak, no runaway allocation: declared sizes are bounded before the bytes behind them
// are read); an error is a short, printable sentence; an accepted frame yields finite,
// non-negative prices, printable symbols, times from 1970 to 9999, printable control messages,
// and a skip count that agrees with its reason.

#include "alpaca/stream/msgpack_codec.h"
#include "fuzz_check.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace cg;
using cg::fuzz::shown;

bool printable(std::string_view s, std::size_t maxBytes = 600) {
    return s.size() <= maxBytes &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c != 0x7f; });
}

bool symbolOk(const std::string &s) {
    return !s.empty() && s.size() <= 32 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

bool timeOk(Timestamp t) {
    const auto ms = t.time_since_epoch().count();
    return ms >= 0 && ms <= 253402300799999LL;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    const auto r = alpaca::stream::decodeFrame(bytes);
    if (!r) {
        const std::string &m = r.error().message;
        CG_FUZZ_CHECK(!m.empty() && printable(m, 300), "unfit error: " + shown(m));
        return 0;
    }
    const alpaca::stream::DecodedFrame &f = *r;
    for (const OptionQuoteTick &q : f.quotes) {
        CG_FUZZ_CHECK(symbolOk(q.symbol), "quote symbol " + shown(q.symbol));
        CG_FUZZ_CHECK(cg::fuzz::finite(q.bid) && cg::fuzz::finite(q.ask) && q.bid >= 0 &&
                          q.ask >= 0,
                      "quote prices for " + q.symbol);
        CG_FUZZ_CHECK(timeOk(q.time), "quote time for " + q.symbol);
    }
    for (const OptionTradeTick &t : f.trades) {
        CG_FUZZ_CHECK(symbolOk(t.symbol), "trade symbol " + shown(t.symbol));
        CG_FUZZ_CHECK(cg::fuzz::finite(t.price) && t.price >= 0, "trade price for " + t.symbol);
        CG_FUZZ_CHECK(timeOk(t.time), "trade time for " + t.symbol);
    }
    for (const auto &c : f.controls) {
        CG_FUZZ_CHECK(printable(c.msg), "control message " + shown(c.msg));
        CG_FUZZ_CHECK(c.code >= 0 && c.code <= 100000, "error code out of range");
        for (const auto *list : {&c.quotes, &c.trades})
            for (const std::string &s : *list)
                CG_FUZZ_CHECK(printable(s, 40), "subscription symbol " + shown(s));
    }
    CG_FUZZ_CHECK((f.skipped > 0) == !f.firstSkip.empty(), "skip count and reason disagree");
    CG_FUZZ_CHECK(printable(f.firstSkip), "skip reason " + shown(f.firstSkip));
    const std::size_t total = f.quotes.size() + f.trades.size() + f.controls.size() +
                              static_cast<std::size_t>(f.ignored + f.skipped);
    CG_FUZZ_CHECK(total <= alpaca::stream::kMaxFrameMessages, "more messages than the limit");
    return 0;
}
