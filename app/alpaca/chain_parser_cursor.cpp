// The chain pages as production reads them: one pass of a JsonCursor over the page, in place.
// It reads the pages Alpaca sends, where every contract is well-formed; any other page (malformed
// JSON, a whole-page problem, one contract the DOM parser would skip, a byte the cursor does not
// take) is given to the DOM parser (chain_parser_simdjson.cpp), which reads all of JSON and words
// what is wrong. So a page reads the same either way; tests/alpaca/tst_alpaca_mapping and
// tests/fuzz/fuzz_chain_json compare the two.

#include "alpaca/chain_parser.h"
#include "alpaca/json_cursor.h"
#include "alpaca/rfc3339.h"
#include "alpaca/value_rules.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cg::alpaca {

namespace {

// Every function below returns false where the DOM parser must read the page: the cursor failed,
// or a value is one the DOM parser would refuse (and then skip the contract, or the page).

// As sj::readNumber: a number or a numeric string; null is absent (and clears `out`).
bool readNumber(JsonCursor &c, std::optional<double> &out) {
    const char next = c.peek();
    if (next == 'n') {
        out.reset();
        return c.literal("null");
    }
    if (next == '"') {
        std::string_view text;
        if (!c.string(text))
            return false;
        const std::optional<double> d = detail::numberFromText(text);
        if (!d)
            return false;
        out = *d;
        return true;
    }
    JsonNumber n;
    double d = 0;
    // "-0" is left to the DOM parser, whose integer reading has no negative zero.
    if (!c.number(n) || (n.integer && n.negative && n.mantissa == 0) || !toDouble(n, d))
        return false;
    out = d;
    return true;
}

// As sj::readCount: a non-negative whole number within int64.
bool readCount(JsonCursor &c, std::optional<std::int64_t> &out) {
    const char next = c.peek();
    if (next == '-' || (next >= '0' && next <= '9')) {
        JsonNumber n;
        if (!c.number(n))
            return false;
        std::int64_t i = 0;
        if (toInt64(n, i)) {
            if (i < 0)
                return false;
            out = i;
            return true;
        }
        double d = 0;
        if (n.integer || !toDouble(n, d)) // a whole number beyond 18 digits: the DOM's rules
            return false;
        const std::optional<std::int64_t> count = detail::countFromNumber(d);
        if (!count)
            return false;
        out = *count;
        return true;
    }
    std::optional<double> d;
    if (!readNumber(c, d))
        return false;
    if (!d) {
        out.reset();
        return true;
    }
    const std::optional<std::int64_t> count = detail::countFromNumber(*d);
    if (!count)
        return false;
    out = *count;
    return true;
}

// An object at the cursor (opened: true) or null (consumed: false, `ok` true).
bool openObject(JsonCursor &c, bool &ok) {
    const char next = c.peek();
    if (next == '{') {
        c.consume('{');
        ok = true;
        return true;
    }
    ok = next == 'n' && c.literal("null");
    return false;
}

// The first `key` of the object at the cursor into `out` with `read`; the others passed over.
template <typename T, bool (*read)(JsonCursor &, std::optional<T> &)>
bool readFirst(JsonCursor &c, std::string_view wanted, std::optional<T> &out) {
    bool ok = false;
    if (!openObject(c, ok))
        return ok;
    bool first = true;
    std::string_view key;
    while (c.field(first, key)) {
        if (key == wanted) // the rest of the object is passed over at once
            return read(c, out) && c.skipRest();
        if (!c.skipValue())
            return false;
    }
    return !c.failed();
}

bool readQuote(JsonCursor &c, OptionContract &contract) {
    bool ok = false;
    if (!openObject(c, ok))
        return ok;
    std::optional<double> bid, ask;
    std::optional<std::int64_t> bidSize, askSize;
    std::optional<Timestamp> time;
    bool first = true;
    std::string_view key;
    while (c.field(first, key)) {
        bool read = true;
        if (key == "bp")
            read = readNumber(c, bid);
        else if (key == "ap")
            read = readNumber(c, ask);
        else if (key == "bs")
            read = readCount(c, bidSize);
        else if (key == "as")
            read = readCount(c, askSize);
        else if (key == "t" && c.peek() == '"') {
            std::string_view text;
            read = c.string(text) && (time = parseRfc3339(text)).has_value();
        } else if (key == "t" && c.peek() != 'n')
            return false; // the wrong type
        else
            read = c.skipValue();
        if (!read)
            return false;
    }
    if (c.failed())
        return false;
    if (bid && ask) {
        constexpr std::int64_t kMaxSize = std::numeric_limits<int>::max();
        contract.quote = Quote{
            *bid, *ask, static_cast<int>(std::min(bidSize.value_or(0), kMaxSize)),
            static_cast<int>(std::min(askSize.value_or(0), kMaxSize)), time.value_or(Timestamp{})};
    }
    return true;
}

bool readGreeks(JsonCursor &c, OptionContract &contract) {
    bool ok = false;
    if (!openObject(c, ok))
        return ok;
    detail::GreekReadings g;
    bool first = true;
    std::string_view key;
    while (c.field(first, key)) {
        std::optional<double> *slot = detail::greekSlot(g, key);
        if (!(slot ? readNumber(c, *slot) : c.skipValue()))
            return false;
    }
    if (c.failed())
        return false;
    detail::applyGreeks(contract, g);
    return true;
}

bool readSnapshot(JsonCursor &c, OptionContract &contract) {
    bool ok = false;
    if (!openObject(c, ok))
        return ok; // a null snapshot: the contract exists, nothing is known about it
    bool first = true;
    std::string_view key;
    while (c.field(first, key)) {
        bool read = true;
        if (key == "latestQuote")
            read = readQuote(c, contract);
        else if (key == "greeks")
            read = readGreeks(c, contract);
        else if (key == "impliedVolatility")
            read = readNumber(c, contract.impliedVol);
        else if (key == "latestTrade")
            read = readFirst<double, readNumber>(c, "p", contract.lastPrice);
        else if (key == "dailyBar")
            read = readFirst<std::int64_t, readCount>(c, "v", contract.volume);
        else
            read = c.skipValue();
        if (!read)
            return false;
    }
    return !c.failed();
}

bool readSnapshots(JsonCursor &c, std::string_view underlying, std::vector<OptionContract> &out) {
    bool ok = false;
    if (!openObject(c, ok))
        return ok;
    bool first = true;
    std::string_view symbol;
    SkipLog unused; // an invalid symbol gives the page to the DOM parser, which logs it
    while (c.field(first, symbol)) {
        if (out.size() == out.capacity()) // geometric growth, as the DOM parser's
            out.reserve(std::max<std::size_t>(1024, 2 * out.capacity()));
        OptionContract &contract = out.emplace_back();
        if (!detail::fillIdentity(contract, symbol, underlying, unused) ||
            !readSnapshot(c, contract))
            return false;
    }
    return !c.failed();
}

// The page into `out` and `info`; false where the DOM parser must read it.
bool readPage(std::string_view json, std::string_view underlying, std::vector<OptionContract> &out,
              ChainPageInfo &info) {
    JsonCursor c(json);
    if (!c.consume('{'))
        return false;
    // The first of a repeated key counts, as the DOM parser's at_key.
    bool seenSnapshots = false, seenToken = false;
    bool first = true;
    std::string_view key;
    while (c.field(first, key)) {
        if (key == "snapshots" && !seenSnapshots) {
            seenSnapshots = true;
            if (!readSnapshots(c, underlying, out))
                return false;
        } else if (key == "next_page_token" && !seenToken) {
            seenToken = true;
            if (c.peek() == '"') {
                std::string_view token;
                if (!c.string(token))
                    return false;
                if (!token.empty())
                    info.nextPageToken = std::string(token);
            } else if (!c.literal("null")) {
                return false;
            }
        } else if (!c.skipValue()) {
            return false;
        }
    }
    return !c.failed() && seenSnapshots && c.atEnd();
}

} // namespace

Result<ChainPageInfo> parseChainPageCursor(std::string_view json, std::string_view underlying,
                                           std::vector<OptionContract> &out) {
    const std::size_t start = out.size();
    ChainPageInfo info;
    if (readPage(json, underlying, out, info)) {
        info.contracts = static_cast<int>(out.size() - start);
        return info;
    }
    out.erase(out.begin() + static_cast<std::ptrdiff_t>(start), out.end());
    return parseChainPageSimdjson(json, underlying, out);
}

} // namespace cg::alpaca
