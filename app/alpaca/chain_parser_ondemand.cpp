// The chain pages through simdjson On-Demand, compiled for haswell (AVX2): the only file of the
// library built with -mavx2 (see CMakeLists.txt), called only where the CPU runs AVX2
// (onDemandAvailable). On-Demand is compiled into its caller's file for the build's target, so
// compiled for baseline x86-64 it used simdjson's slow fallback kernel; for haswell it skips the
// DOM's second pass (a tape of every value of the page, then a walk of that tape) and reads only
// the fields the chain uses.
//
// Same rules and reasons as the DOM parser (chain_parser_simdjson.cpp), checked against it by
// tests/alpaca/tst_alpaca_mapping and tests/fuzz/fuzz_chain_json. Anything but a well-formed page
// (a parse error, a whole-page problem) is refused and read again by the DOM parser, which words
// the error; values the chain does not read are checked for structure only, not parsed.
//
// No std::vector or std::string code is compiled here (chain_parser_ondemand.h): the inline
// functions this file would emit could be picked by the linker for the whole program, with AVX2
// instructions in them.

#include "alpaca/chain_parser_ondemand.h"

#include "alpaca/rfc3339.h"
#include "alpaca/value_rules.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

namespace cg::alpaca::detail {

#if CHAINGATE_ONDEMAND_HASWELL

static_assert(SIMDJSON_CAN_ALWAYS_RUN_HASWELL, "chain_parser_ondemand.cpp must be built for AVX2");

namespace {

namespace od = simdjson::ondemand;

// Broken: the JSON itself is malformed; the page is refused. Done: an object's walk (eachField)
// ends early as Ok, the rest of the object skipped.
enum class Step { Ok, Reject, Broken, Done };

// Why the current contract is rejected, as the DOM parser words it: path + what.
struct Why {
    const char *path = nullptr;
    const char *what = nullptr;

    Step reject(const char *p, const char *w) {
        path = p;
        what = w;
        return Step::Reject;
    }
};

enum class Read { Ok, Absent, Wrong, Broken };

// The type of `v`, a null checked to be the literal `null`; false where the JSON is broken.
bool typeOf(od::value &v, od::json_type &type) {
    if (v.type().get(type) != simdjson::SUCCESS)
        return false;
    if (type != od::json_type::null)
        return true;
    bool isNull = false;
    return v.is_null().get(isNull) == simdjson::SUCCESS && isNull;
}

// As sj::readNumber: a number or a numeric string, null is absent, inf/nan refused.
Read readNumber(od::value v, std::optional<double> &out) {
    // A number, the usual case, first: one parse instead of a type peek and a parse.
    double fast = 0;
    if (v.get_double().get(fast) == simdjson::SUCCESS) {
        if (!std::isfinite(fast))
            return Read::Wrong;
        out = fast;
        return Read::Ok;
    }
    od::json_type type;
    if (!typeOf(v, type))
        return Read::Broken;
    double d = 0;
    switch (type) {
    case od::json_type::number:
        if (v.get_double().get(d) != simdjson::SUCCESS)
            return Read::Broken;
        break;
    case od::json_type::string: {
        std::string_view s;
        if (v.get_string().get(s) != simdjson::SUCCESS)
            return Read::Broken;
        const std::optional<double> parsed = numberFromText(s); // out of line: rare
        if (!parsed)
            return Read::Wrong;
        d = *parsed;
        break;
    }
    case od::json_type::null:
        out.reset();
        return Read::Absent;
    default:
        return Read::Wrong;
    }
    if (!std::isfinite(d))
        return Read::Wrong;
    out = d;
    return Read::Ok;
}

// As sj::readCount: a non-negative whole number within int64.
Read readCount(od::value v, std::optional<std::int64_t> &out) {
    // A whole number, the usual case, first; anything else (and a failed parse, which leaves
    // the value unread) takes the long way.
    std::int64_t fast = 0;
    if (v.get_int64().get(fast) == simdjson::SUCCESS) {
        if (fast < 0)
            return Read::Wrong;
        out = fast;
        return Read::Ok;
    }
    od::json_type type;
    if (!typeOf(v, type))
        return Read::Broken;
    if (type == od::json_type::number) {
        od::number_type nt;
        if (v.get_number_type().get(nt) != simdjson::SUCCESS)
            return Read::Broken;
        if (nt == od::number_type::signed_integer) {
            std::int64_t i = 0;
            if (v.get_int64().get(i) != simdjson::SUCCESS)
                return Read::Broken;
            if (i < 0)
                return Read::Wrong;
            out = i;
            return Read::Ok;
        }
        if (nt == od::number_type::unsigned_integer)
            return Read::Wrong; // beyond int64
    }
    std::optional<double> d;
    const Read r = readNumber(v, d);
    if (r != Read::Ok) {
        out.reset();
        return r;
    }
    const std::optional<std::int64_t> count = countFromNumber(*d);
    if (!count)
        return Read::Wrong;
    out = *count;
    return Read::Ok;
}

// The object at `v`: Ok with `present` false for null, Reject for any other type.
Step openObject(od::value v, od::object &o, bool &present, Why &why, const char *path) {
    od::json_type type;
    if (!typeOf(v, type))
        return Step::Broken;
    if (type == od::json_type::null) {
        present = false;
        return Step::Ok;
    }
    if (type != od::json_type::object)
        return why.reject(path, " has the wrong type");
    if (v.get_object().get(o) != simdjson::SUCCESS)
        return Step::Broken;
    present = true;
    return Step::Ok;
}

// The key of `f` as it stands in the page; false when the JSON is broken there or the key has an
// escape (then the DOM parser, which unescapes keys, reads the page: Alpaca sends none).
bool keyOf(simdjson::simdjson_result<od::field> f, od::field &field, std::string_view &key) {
    if (std::move(f).get(field) != simdjson::SUCCESS)
        return false;
    // Stage 1 found the closing quote; the padding ends the scan at worst.
    const char *const raw = field.key().raw();
    const char *end = raw;
    while (*end != '"' && *end != '\\')
        ++end;
    key = std::string_view(raw, static_cast<std::size_t>(end - raw));
    return *end == '"';
}

Step fromRead(Read r, Why &why, const char *path, const char *what) {
    if (r == Read::Broken)
        return Step::Broken;
    if (r == Read::Wrong)
        return why.reject(path, what);
    return Step::Ok;
}

// Each field of the object at `v` (none when it is null) to `onField(key, field)`, in page
// order, until one returns other than Ok. File-local: inlined here, compiled only for AVX2.
template <typename OnField>
Step eachField(od::value v, Why &why, const char *path, OnField &&onField) {
    od::object o;
    bool present = false;
    if (const Step s = openObject(v, o, present, why, path); s != Step::Ok || !present)
        return s;
    for (auto f : o) {
        od::field field;
        std::string_view key;
        if (!keyOf(f, field, key))
            return Step::Broken;
        if (const Step s = onField(key, field); s != Step::Ok)
            return s == Step::Done ? Step::Ok : s;
    }
    return Step::Ok;
}

// The first `key` of the object at `v` read with `read` into `out`; the first counts, as the
// DOM parser's at_key.
template <auto read, typename T>
Step readFirst(od::value v, Why &why, const char *object, std::string_view key,
               std::optional<T> &out, const char *path, const char *what) {
    return eachField(v, why, object, [&](std::string_view k, od::field &field) {
        if (k != key)
            return Step::Ok;
        const Step s = fromRead(read(field.value(), out), why, path, what);
        return s == Step::Ok ? Step::Done : s;
    });
}

Step readQuote(od::value v, OptionContract &c, Why &why) {
    std::optional<double> bid, ask;
    std::optional<std::int64_t> bidSize, askSize;
    std::optional<Timestamp> time;
    const Step read = eachField(v, why, "latestQuote", [&](std::string_view key, od::field &field) {
        if (key == "bp")
            return fromRead(readNumber(field.value(), bid), why, "latestQuote.bp",
                            " is not a usable number");
        if (key == "ap")
            return fromRead(readNumber(field.value(), ask), why, "latestQuote.ap",
                            " is not a usable number");
        if (key == "bs")
            return fromRead(readCount(field.value(), bidSize), why, "latestQuote.bs",
                            " is not a usable size");
        if (key == "as")
            return fromRead(readCount(field.value(), askSize), why, "latestQuote.as",
                            " is not a usable size");
        if (key != "t")
            return Step::Ok;
        od::value t = field.value();
        od::json_type type;
        if (!typeOf(t, type))
            return Step::Broken;
        if (type == od::json_type::null)
            return Step::Ok;
        if (type != od::json_type::string)
            return why.reject("latestQuote.t", " has the wrong type");
        std::string_view text;
        if (t.get_string().get(text) != simdjson::SUCCESS)
            return Step::Broken;
        time = parseRfc3339(text);
        if (!time)
            return why.reject("latestQuote.t", " is not an RFC-3339 time");
        return Step::Ok;
    });
    if (read != Step::Ok)
        return read;
    if (bid && ask) {
        constexpr std::int64_t kMaxSize = std::numeric_limits<int>::max();
        c.quote = Quote{*bid, *ask, static_cast<int>(std::min(bidSize.value_or(0), kMaxSize)),
                        static_cast<int>(std::min(askSize.value_or(0), kMaxSize)),
                        time.value_or(Timestamp{})};
    }
    return Step::Ok;
}

Step readGreeks(od::value v, OptionContract &c, Why &why) {
    GreekReadings g;
    const Step read = eachField(v, why, "greeks", [&](std::string_view key, od::field &field) {
        std::optional<double> *slot = greekSlot(g, key);
        if (!slot)
            return Step::Ok;
        return fromRead(readNumber(field.value(), *slot), why, "greeks",
                        " has a value that is not a usable number");
    });
    if (read != Step::Ok)
        return read;
    applyGreeks(c, g);
    return Step::Ok;
}

Step readSnapshot(od::value v, OptionContract &c, Why &why) {
    // A null snapshot: the contract exists, nothing is known about it.
    return eachField(v, why, "snapshot", [&](std::string_view key, od::field &field) {
        if (key == "latestQuote")
            return readQuote(field.value(), c, why);
        if (key == "latestTrade")
            return readFirst<readNumber>(field.value(), why, "latestTrade", "p", c.lastPrice,
                                         "latestTrade.p", " is not a usable number");
        if (key == "greeks")
            return readGreeks(field.value(), c, why);
        if (key == "impliedVolatility")
            return fromRead(readNumber(field.value(), c.impliedVol), why, "impliedVolatility",
                            " is not a usable number");
        if (key == "dailyBar")
            return readFirst<readCount>(field.value(), why, "dailyBar", "v", c.volume, "dailyBar.v",
                                        " is not a usable volume");
        return Step::Ok;
    });
}

bool readSnapshots(od::value v, ChainSink &sink) {
    od::object snaps;
    if (v.get_object().get(snaps) != simdjson::SUCCESS)
        return false;
    for (auto f : snaps) {
        od::field field;
        std::string_view symbol;
        if (!keyOf(f, field, symbol))
            return false;
        OptionContract *c = beginContract(sink, symbol);
        if (!c)
            continue; // an invalid symbol, counted; its value is skipped
        Why why;
        switch (readSnapshot(field.value(), *c, why)) {
        case Step::Ok:
        case Step::Done: // not returned: eachField ends a walk as Ok
            break;
        case Step::Reject:
            rejectContract(sink, symbol, why.path, why.what);
            break;
        case Step::Broken:
            return false;
        }
    }
    return true;
}

} // namespace

OnDemandRead readChainPageOnDemand(const char *padded, std::size_t size, ChainSink &sink) {
    // One parser per thread: after the first page its buffers are reused.
    thread_local od::parser parser;
    od::document doc;
    if (parser.iterate(padded, size, size + simdjson::SIMDJSON_PADDING).get(doc) !=
        simdjson::SUCCESS)
        return OnDemandRead::Refused;
    od::object root;
    if (doc.get_object().get(root) != simdjson::SUCCESS)
        return OnDemandRead::Refused;
    // The first of a repeated key counts, as the DOM parser's at_key.
    bool seenSnapshots = false, seenToken = false;
    for (auto f : root) {
        od::field field;
        std::string_view key;
        if (!keyOf(f, field, key))
            return OnDemandRead::Refused;
        if (key == "snapshots" && !seenSnapshots) {
            seenSnapshots = true;
            od::value v = field.value();
            od::json_type type;
            if (!typeOf(v, type))
                return OnDemandRead::Refused;
            if (type != od::json_type::null && !readSnapshots(v, sink))
                return OnDemandRead::Refused;
        } else if (key == "next_page_token" && !seenToken) {
            seenToken = true;
            od::value v = field.value();
            od::json_type type;
            if (!typeOf(v, type))
                return OnDemandRead::Refused;
            if (type == od::json_type::string) {
                std::string_view token;
                if (v.get_string().get(token) != simdjson::SUCCESS)
                    return OnDemandRead::Refused;
                if (!token.empty())
                    setPageToken(sink, token);
            } else if (type != od::json_type::null) {
                return OnDemandRead::Refused;
            }
        }
    }
    if (!seenSnapshots)
        return OnDemandRead::Refused;
    // Nothing may follow the root object: its end is where the document ends.
    const char *trailing = nullptr;
    if (doc.current_location().get(trailing) != simdjson::OUT_OF_BOUNDS)
        return OnDemandRead::Refused;
    return OnDemandRead::Done;
}

#else // not built for AVX2: the DOM parser reads every page

OnDemandRead readChainPageOnDemand(const char *, std::size_t, ChainSink &) {
    return OnDemandRead::Refused;
}

#endif

} // namespace cg::alpaca::detail
