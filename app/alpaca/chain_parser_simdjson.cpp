// The chain-page parser for every page the JSON cursor does not take (chain_parser_cursor.cpp):
// simdjson's DOM parser. Its parse stages live in the shared library
// and are picked at run time for the CPU (AVX-512 / AVX2 / SSE4.2 kernels). The DOM parse also
// validates the whole page before a value is read.

#include "alpaca/chain_parser.h"
#include "alpaca/rfc3339.h"
#include "alpaca/simdjson_read.h"
#include "alpaca/value_rules.h"

#include <simdjson.h>

#include <algorithm>
#include <limits>

namespace cg::alpaca {

namespace {

namespace dom = simdjson::dom;

// Why the current contract is skipped; empty while it is fine.
struct Ctx {
    std::string why;

    bool reject(const char *path, const char *what) {
        if (why.empty())
            why = std::string(path) + what;
        return false;
    }
};

using sj::Read;
using sj::readCount;
using sj::readNumber;

// The object at `v`; false with the reason when it is neither an object nor null.
bool openObject(dom::element v, dom::object &o, bool &present, Ctx &ctx, const char *path) {
    if (v.type() == dom::element_type::NULL_VALUE) {
        present = false;
        return true;
    }
    if (v.get_object().get(o) != simdjson::SUCCESS)
        return ctx.reject(path, " has the wrong type");
    present = true;
    return true;
}

bool readQuote(dom::element v, OptionContract &c, Ctx &ctx) {
    dom::object o;
    bool present = false;
    if (!openObject(v, o, present, ctx, "latestQuote"))
        return false;
    if (!present)
        return true;
    std::optional<double> bid, ask;
    std::optional<std::int64_t> bidSize, askSize;
    std::optional<Timestamp> time;
    for (const dom::key_value_pair kv : o) {
        const std::string_view key = kv.key;
        if (key == "bp") {
            if (readNumber(kv.value, bid) == Read::Wrong)
                return ctx.reject("latestQuote.bp", " is not a usable number");
        } else if (key == "ap") {
            if (readNumber(kv.value, ask) == Read::Wrong)
                return ctx.reject("latestQuote.ap", " is not a usable number");
        } else if (key == "bs") {
            if (readCount(kv.value, bidSize) == Read::Wrong)
                return ctx.reject("latestQuote.bs", " is not a usable size");
        } else if (key == "as") {
            if (readCount(kv.value, askSize) == Read::Wrong)
                return ctx.reject("latestQuote.as", " is not a usable size");
        } else if (key == "t") {
            if (kv.value.type() == dom::element_type::NULL_VALUE)
                continue;
            std::string_view s;
            if (kv.value.get_string().get(s) != simdjson::SUCCESS)
                return ctx.reject("latestQuote.t", " has the wrong type");
            time = parseRfc3339(s);
            if (!time)
                return ctx.reject("latestQuote.t", " is not an RFC-3339 time");
        }
    }
    if (bid && ask) {
        constexpr std::int64_t kMaxSize = std::numeric_limits<int>::max();
        c.quote = Quote{*bid, *ask, static_cast<int>(std::min(bidSize.value_or(0), kMaxSize)),
                        static_cast<int>(std::min(askSize.value_or(0), kMaxSize)),
                        time.value_or(Timestamp{})};
    }
    return true;
}

bool readTrade(dom::element v, OptionContract &c, Ctx &ctx) {
    dom::object o;
    bool present = false;
    if (!openObject(v, o, present, ctx, "latestTrade"))
        return false;
    if (!present)
        return true;
    dom::element p;
    if (o.at_key("p").get(p) == simdjson::SUCCESS && readNumber(p, c.lastPrice) == Read::Wrong)
        return ctx.reject("latestTrade.p", " is not a usable number");
    return true;
}

bool readGreeks(dom::element v, OptionContract &c, Ctx &ctx) {
    dom::object o;
    bool present = false;
    if (!openObject(v, o, present, ctx, "greeks"))
        return false;
    if (!present)
        return true;
    detail::GreekReadings g;
    for (const dom::key_value_pair kv : o) {
        std::optional<double> *slot = detail::greekSlot(g, kv.key);
        if (slot && readNumber(kv.value, *slot) == Read::Wrong)
            return ctx.reject("greeks", " has a value that is not a usable number");
    }
    detail::applyGreeks(c, g);
    return true;
}

bool readDailyBar(dom::element v, OptionContract &c, Ctx &ctx) {
    dom::object o;
    bool present = false;
    if (!openObject(v, o, present, ctx, "dailyBar"))
        return false;
    if (!present)
        return true;
    dom::element vol;
    if (o.at_key("v").get(vol) == simdjson::SUCCESS && readCount(vol, c.volume) == Read::Wrong)
        return ctx.reject("dailyBar.v", " is not a usable volume");
    return true;
}

bool readSnapshot(dom::element v, OptionContract &c, Ctx &ctx) {
    dom::object o;
    bool present = false;
    if (!openObject(v, o, present, ctx, "snapshot"))
        return false;
    if (!present)
        return true; // a null snapshot: the contract exists, nothing is known about it
    for (const dom::key_value_pair kv : o) {
        const std::string_view key = kv.key;
        bool ok = true;
        if (key == "latestQuote")
            ok = readQuote(kv.value, c, ctx);
        else if (key == "latestTrade")
            ok = readTrade(kv.value, c, ctx);
        else if (key == "greeks")
            ok = readGreeks(kv.value, c, ctx);
        else if (key == "impliedVolatility") {
            if (readNumber(kv.value, c.impliedVol) == Read::Wrong)
                ok = ctx.reject("impliedVolatility", " is not a usable number");
        } else if (key == "dailyBar")
            ok = readDailyBar(kv.value, c, ctx);
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

Result<ChainPageInfo> parseChainPageSimdjson(std::string_view json, std::string_view underlying,
                                             std::vector<OptionContract> &out) {
    auto parsed = sj::parseDocument(json);
    if (!parsed)
        return detail::pageError(parsed.error().message);
    const dom::element root = *parsed;
    dom::object rootObject;
    if (root.get_object().get(rootObject) != simdjson::SUCCESS)
        return detail::pageError("it is not a JSON object");

    ChainPageInfo info;
    dom::element token;
    if (rootObject.at_key("next_page_token").get(token) == simdjson::SUCCESS) {
        if (token.is_string()) {
            const std::string_view t = token.get_string().value_unsafe();
            if (!t.empty())
                info.nextPageToken = std::string(t);
        } else if (!token.is_null()) {
            return detail::pageError("\"next_page_token\" is neither a string nor null");
        }
    }
    dom::element snapsValue;
    if (rootObject.at_key("snapshots").get(snapsValue) != simdjson::SUCCESS)
        return detail::pageError("it has no \"snapshots\"");
    if (snapsValue.is_null())
        return info;
    dom::object snaps;
    if (snapsValue.get_object().get(snaps) != simdjson::SUCCESS)
        return detail::pageError("\"snapshots\" is not an object");

    const std::size_t start = out.size();
    // Geometric growth: reserving exactly each page's size would copy every contract already
    // read on every page (quadratic over a 100-page chain).
    if (out.capacity() < start + snaps.size())
        out.reserve(std::max(start + snaps.size(), 2 * out.capacity()));
    for (const dom::key_value_pair kv : snaps) {
        OptionContract &c = out.emplace_back();
        if (!detail::fillIdentity(c, kv.key, underlying, info.skipped)) {
            out.pop_back();
            continue;
        }
        Ctx ctx;
        if (!readSnapshot(kv.value, c, ctx)) {
            info.skipped.add(detail::printable(kv.key) + ": " + ctx.why);
            out.pop_back();
        }
    }
    info.contracts = static_cast<int>(out.size() - start);
    return info;
}

} // namespace cg::alpaca
