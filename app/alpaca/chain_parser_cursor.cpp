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
#include "domain/vector_registers.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace cg::alpaca {

namespace {

// The keys of each object in the order Alpaca writes them (its pages, and the DEMO server's):
// expected in that order, checked in place; any other order reads the same, only slower.
constexpr std::array kPageKeys{ExpectedKey("next_page_token"), ExpectedKey("snapshots")};
constexpr std::array kSnapshotKeys{ExpectedKey("dailyBar"),          ExpectedKey("greeks"),
                                   ExpectedKey("impliedVolatility"), ExpectedKey("latestQuote"),
                                   ExpectedKey("latestTrade"),       ExpectedKey("minuteBar"),
                                   ExpectedKey("prevDailyBar")};
constexpr std::array kQuoteKeys{ExpectedKey("ap"), ExpectedKey("as"), ExpectedKey("ax"),
                                ExpectedKey("bp"), ExpectedKey("bs"), ExpectedKey("bx"),
                                ExpectedKey("c"),  ExpectedKey("t")};
constexpr std::array kGreekKeys{ExpectedKey("delta"), ExpectedKey("gamma"), ExpectedKey("rho"),
                                ExpectedKey("theta"), ExpectedKey("vega")};
constexpr std::array kTradeKeys{ExpectedKey("c"), ExpectedKey("p")};
constexpr std::array kBarKeys{ExpectedKey("c"), ExpectedKey("h"), ExpectedKey("l"),
                              ExpectedKey("n"), ExpectedKey("o"), ExpectedKey("t"),
                              ExpectedKey("v")};

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
    return c.readDouble(out);
}

// As sj::readCount: a non-negative whole number within int64.
bool readCount(JsonCursor &c, std::optional<std::int64_t> &out) {
    const char next = c.peek();
    if (std::int64_t digits = 0; c.readDigitsOnly(digits)) { // the usual case
        out = digits;
        return true;
    }
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
bool readFirst(JsonCursor &c, std::span<const ExpectedKey> order, std::string_view wanted,
               std::optional<T> &out) {
    bool ok = false;
    if (!openObject(c, ok))
        return ok;
    OrderedFields fields(order);
    std::string_view key;
    while (fields.next(c, key)) {
        if (key == wanted) // the rest of the object is passed over at once
            return read(c, out) && c.skipRest();
        if (!c.skipValue())
            return false;
    }
    return !c.failed();
}

// What repeats from one contract of a page to the next, read once: the identity a symbol's root,
// expiry and type give (a page lists an expiry's strikes one after the other), and the day of a
// quote's time. Each falls back on the general parse, so every result is the one it gives.
class PageMemo {
public:
    std::uint64_t shapeReads = 0; // snapshots read in Alpaca's shape (detail::alpacaShapeReads)

    // As detail::fillIdentity; false where it fails.
    bool identity(OptionContract &c, std::string_view symbol, std::string_view underlying) {
        // Root, expiry and type: all but the 8 strike digits. A symbol that shares them with the
        // last one of its type read differs only in the strike, checked here as parseOccSymbol
        // checks it. (One memo a type: a page may list a strike's call and put in turn.)
        constexpr std::size_t kStrikeDigits = 8;
        if (symbol.size() <= kStrikeDigits)
            return fill(c, symbol, underlying);
        const Head &h = m_heads[symbol[symbol.size() - kStrikeDigits - 1] == 'P' ? 1 : 0];
        if (h.head.empty() || symbol.size() != h.head.size() + kStrikeDigits ||
            !symbol.starts_with(h.head))
            return fill(c, symbol, underlying);
        std::int64_t thousandths = 0;
        for (const char d : symbol.substr(h.head.size())) {
            if (d < '0' || d > '9')
                return fill(c, symbol, underlying);
            thousandths = thousandths * 10 + (d - '0');
        }
        if (thousandths == 0)
            return fill(c, symbol, underlying);
        c.symbol = std::string(symbol); // constructed: fewer steps than assign() on an empty one
        c.root = h.root;
        c.underlying.assign(underlying);
        c.type = h.type;
        c.strike = static_cast<double>(thousandths) / 1000.0;
        c.expiry = h.expiry;
        return true;
    }

    // As parseRfc3339, for the shape Alpaca writes ("2024-04-24T19:59:59.782060288Z"): the day is
    // computed once for every time of the same date.
    std::optional<Timestamp> time(std::string_view t) {
        using namespace std::chrono;
        // YYYY-MM-DDTHH:MM:SS, a fraction of 1 to 12 digits, Z.
        const std::size_t fraction = t.size() >= 22 ? t.size() - 21 : 0;
        if (fraction == 0 || fraction > 12 || t[10] != 'T' || t[13] != ':' || t[16] != ':' ||
            t[19] != '.' || t.back() != 'Z' || t.substr(0, 10) != std::string_view(m_date, 10)) {
            const std::optional<Timestamp> parsed = parseRfc3339(t);
            rememberDate(t, parsed);
            return parsed;
        }
        const auto two = [&t](std::size_t at, int &out) {
            const char a = t[at], b = t[at + 1];
            out = (a - '0') * 10 + (b - '0');
            return a >= '0' && a <= '9' && b >= '0' && b <= '9';
        };
        int hh = 0, mm = 0, ss = 0;
        if (!two(11, hh) || !two(14, mm) || !two(17, ss) || hh > 23 || mm > 59 || ss > 60)
            return parseRfc3339(t); // refused there, in its words
        // The fraction's digits, 8 at a time while there are 8 (Alpaca's nanoseconds are 9);
        // the milliseconds are its first three.
        const std::size_t end = t.size() - 1;
        std::size_t i = 20;
        for (; i + 8 <= end; i += 8) {
            std::uint64_t eight = 0;
            std::memcpy(&eight, t.data() + i, 8);
            if (!JsonCursor::allDigits(eight))
                return parseRfc3339(t);
        }
        for (; i < end; ++i)
            if (t[i] < '0' || t[i] > '9')
                return parseRfc3339(t);
        const auto digit = [&](std::size_t at) { return at < end ? t[at] - '0' : 0; };
        const int millis = digit(20) * 100 + digit(21) * 10 + digit(22);
        return time_point_cast<milliseconds>(m_day) + hours{hh} + minutes{mm} + seconds{ss} +
               milliseconds{millis};
    }

    // The same into `out`; false where the time is refused.
    bool time(std::string_view t, Timestamp &out) {
        const std::optional<Timestamp> parsed = time(t);
        if (parsed)
            out = *parsed;
        return parsed.has_value();
    }

private:
    bool fill(OptionContract &c, std::string_view symbol, std::string_view underlying) {
        SkipLog unused; // an invalid symbol gives the page to the DOM parser, which logs it
        if (!detail::fillIdentity(c, symbol, underlying, unused))
            return false;
        Head &h = m_heads[c.type == OptionType::Put ? 1 : 0];
        h.head.assign(symbol.substr(0, symbol.size() - 8));
        h.root = c.root;
        h.type = c.type;
        h.expiry = c.expiry;
        return true;
    }

    // The date of a time parseRfc3339 read, when the fast path can take its next ones: a "Z" time
    // of a year before 9999 (a leap second on 9999-12-31 is refused there).
    void rememberDate(std::string_view t, const std::optional<Timestamp> &parsed) {
        using namespace std::chrono;
        if (!parsed || t.size() < 20 || t.back() != 'Z')
            return;
        const auto date = parseIsoDate(t.substr(0, 10));
        if (!date || date->year() >= year{9999})
            return;
        t.copy(m_date, 10);
        m_day = sys_days{*date};
    }

    // The last symbol of each type parsed in full: its root + YYMMDD + C/P, and what they give.
    struct Head {
        std::string head;
        std::string root;
        OptionType type = OptionType::Call;
        std::chrono::year_month_day expiry{};
    };
    Head m_heads[2]; // calls, puts
    char m_date[10] = {};
    std::chrono::sys_days m_day{};
};

bool readQuote(JsonCursor &c, OptionContract &contract, PageMemo &memo) {
    bool ok = false;
    if (!openObject(c, ok))
        return ok;
    std::optional<double> bid, ask;
    std::optional<std::int64_t> bidSize, askSize;
    std::optional<Timestamp> time;
    OrderedFields fields(kQuoteKeys);
    std::string_view key;
    while (fields.next(c, key)) {
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
            read = c.string(text) && (time = memo.time(text)).has_value();
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
    OrderedFields fields(kGreekKeys);
    std::string_view key;
    while (fields.next(c, key)) {
        std::optional<double> *slot = detail::greekSlot(g, key);
        if (!(slot ? readNumber(c, *slot) : c.skipValue()))
            return false;
    }
    if (c.failed())
        return false;
    detail::applyGreeks(contract, g);
    return true;
}

// Snapshots this thread read in Alpaca's shape (detail::alpacaShapeReads).
thread_local std::uint64_t tAlpacaShapeReads = 0;

// ---- A snapshot in Alpaca's shape, read straight through --------------------------------------
// The readers below take a block exactly as Alpaca writes it (and the DEMO server): its keys in
// Alpaca's order, no whitespace, plain numbers. Each key is checked with the punctuation around it
// as a few whole-word compares instead of being looked up. Each returns false at the first byte
// that differs; each value is read by the general read's own function, so the two agree on it.

// An exchange or condition code: one character as Alpaca sends it ("C"), or any other string.
bool skipCode(JsonCursor &c) {
    std::string_view unused;
    return c.takeOneCharString() || c.string(unused);
}

// {"c":N,"h":N,"l":N,"n":N,"o":N,"t":"...","v":COUNT,"vw":N}: the volume. (The bars the chain
// does not read are passed over by skipFlatObject, in vector steps to the bar's end: this walk
// took longer, measured, and so did skipValue's nested skip, the parse 0.339 us a contract
// against 0.318, pinned.)
bool readBarVolumeShape(JsonCursor &c, std::optional<std::int64_t> &volume) {
    std::string_view time;
    std::int64_t v = 0;
    if (!(c.take<"{\"c\":">() && c.takeNumberSkipped() && c.take<",\"h\":">() &&
          c.takeNumberSkipped() && c.take<",\"l\":">() && c.takeNumberSkipped() &&
          c.take<",\"n\":">() && c.takeNumberSkipped() && c.take<",\"o\":">() &&
          c.takeNumberSkipped() && c.take<",\"t\":">() && c.string(time) && c.take<",\"v\":">() &&
          c.readDigitsOnly(v) && c.take<",\"vw\":">() && c.takeNumberSkipped() && c.take<"}">()))
        return false;
    volume = v;
    return true;
}

// {"delta":N,"gamma":N,"rho":N,"theta":N,"vega":N}
bool readGreeksShape(JsonCursor &c, std::optional<Greeks> &greeks) {
    Greeks &g = greeks.emplace();
    return c.take<"{\"delta\":">() && c.readDouble(g.delta) && c.take<",\"gamma\":">() &&
           c.readDouble(g.gamma) && c.take<",\"rho\":">() && c.readDouble(g.rho) &&
           c.take<",\"theta\":">() && c.readDouble(g.theta) && c.take<",\"vega\":">() &&
           c.readDouble(g.vega) && c.take<"}">();
}

// {"ap":N,"as":COUNT,"ax":"..","bp":N,"bs":COUNT,"bx":"..","c":"..","t":"TIME"}
bool readQuoteShape(JsonCursor &c, std::optional<Quote> &quote, PageMemo &memo) {
    Quote &q = quote.emplace();
    std::int64_t askSize = 0, bidSize = 0;
    std::string_view text;
    if (!(c.take<"{\"ap\":">() && c.readDouble(q.ask) && c.take<",\"as\":">() &&
          c.readDigitsOnly(askSize) && c.take<",\"ax\":">() && skipCode(c) &&
          c.take<",\"bp\":">() && c.readDouble(q.bid) && c.take<",\"bs\":">() &&
          c.readDigitsOnly(bidSize) && c.take<",\"bx\":">() && skipCode(c) && c.take<",\"c\":">() &&
          skipCode(c) && c.take<",\"t\":">() && c.string(text) && memo.time(text, q.time) &&
          c.take<"}">()))
        return false;
    constexpr std::int64_t kMaxSize = std::numeric_limits<int>::max();
    q.bidSize = static_cast<int>(std::min(bidSize, kMaxSize));
    q.askSize = static_cast<int>(std::min(askSize, kMaxSize));
    return true;
}

// {"c":"..","p":N,"s":N,"t":"..","x":".."}: the price.
bool readTradeShape(JsonCursor &c, std::optional<double> &price) {
    std::string_view text;
    return c.take<"{\"c\":">() && skipCode(c) && c.take<",\"p\":">() && c.readDouble(price) &&
           c.take<",\"s\":">() && c.takeNumberSkipped() && c.take<",\"t\":">() && c.string(text) &&
           c.take<",\"x\":">() && skipCode(c) && c.take<"}">();
}

// An object's keys in a fixed order, each possibly absent: `"key":` at the cursor, after a comma
// unless it is the object's first; false, with nothing consumed, where that key is not next.
class ShapeKeys {
public:
    template <Literal L> bool next(JsonCursor &c) {
        if (!m_first && c.at() != ',')
            return false;
        if (!c.takeAfter<L>(m_first ? 0 : 1))
            return false;
        m_first = false;
        return true;
    }

private:
    bool m_first = true;
};

// The snapshot in Alpaca's shape: any of its seven blocks, in Alpaca's order (a real page often
// has no bars; the DEMO server writes all seven). About half the instructions of the general read
// (callgrind, the DEMO chain). False, with nothing written to the contract, where the snapshot is
// anything else: readSnapshot then reads it from its start, so a page reads the same either way.
// Written in place (locals copied in cost a stall a block: bytes stored, then read as a vector);
// the caller's contract has none of these fields yet, and they are cleared again on a failure.
bool readAlpacaShape(JsonCursor &c, OptionContract &contract, PageMemo &memo) {
    ShapeKeys keys;
    const bool read =
        c.take<"{">() &&
        (!keys.next<"\"dailyBar\":">(c) || readBarVolumeShape(c, contract.volume)) &&
        (!keys.next<"\"greeks\":">(c) || readGreeksShape(c, contract.greeks)) &&
        (!keys.next<"\"impliedVolatility\":">(c) || c.readDouble(contract.impliedVol)) &&
        (!keys.next<"\"latestQuote\":">(c) || readQuoteShape(c, contract.quote, memo)) &&
        (!keys.next<"\"latestTrade\":">(c) || readTradeShape(c, contract.lastPrice)) &&
        (!keys.next<"\"minuteBar\":">(c) || c.skipFlatObject() || c.skipValue()) &&
        (!keys.next<"\"prevDailyBar\":">(c) || c.skipFlatObject() || c.skipValue()) &&
        c.take<"}">();
    if (!read) {
        contract.volume.reset();
        contract.greeks.reset();
        contract.impliedVol.reset();
        contract.quote.reset();
        contract.lastPrice.reset();
    }
    return read;
}

bool readSnapshot(JsonCursor &c, OptionContract &contract, PageMemo &memo) {
    const char *const start = c.mark();
    if (readAlpacaShape(c, contract, memo)) {
        ++memo.shapeReads;
        return true;
    }
    c.rewind(start);
    bool ok = false;
    if (!openObject(c, ok))
        return ok; // a null snapshot: the contract exists, nothing is known about it
    OrderedFields fields(kSnapshotKeys);
    std::string_view key;
    while (fields.next(c, key)) {
        bool read = true;
        if (key == "latestQuote")
            read = readQuote(c, contract, memo);
        else if (key == "greeks")
            read = readGreeks(c, contract);
        else if (key == "impliedVolatility")
            read = readNumber(c, contract.impliedVol);
        else if (key == "latestTrade")
            read = readFirst<double, readNumber>(c, kTradeKeys, "p", contract.lastPrice);
        else if (key == "dailyBar")
            read = readFirst<std::int64_t, readCount>(c, kBarKeys, "v", contract.volume);
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
    PageMemo memo;
    bool read = true;
    while (read && c.field(first, symbol)) {
        if (out.size() == out.capacity()) // geometric growth, as the DOM parser's
            out.reserve(std::max<std::size_t>(1024, 2 * out.capacity()));
        OptionContract &contract = out.emplace_back();
        read = memo.identity(contract, symbol, underlying);
        clearUpperVectorRegisters(); // the symbol's copy may have left them in use: 20 % of a page
        read = read && readSnapshot(c, contract, memo);
    }
    tAlpacaShapeReads += memo.shapeReads; // once a page: a thread_local costs a call under -fPIC
    return read && !c.failed();
}

// The page into `out` and `info`; false where the DOM parser must read it.
bool readPage(std::string_view json, std::string_view underlying, std::vector<OptionContract> &out,
              ChainPageInfo &info) {
    JsonCursor c(json);
    if (!c.consume('{'))
        return false;
    // The first of a repeated key counts, as the DOM parser's at_key.
    bool seenSnapshots = false, seenToken = false;
    OrderedFields fields(kPageKeys);
    std::string_view key;
    while (fields.next(c, key)) {
        if (key == "snapshots" && !seenSnapshots) {
            seenSnapshots = true;
            if (!readSnapshots(c, underlying, out))
                return false;
        } else if (key == "next_page_token" && !seenToken) {
            seenToken = true;
            if (!readPageToken(c, info.nextPageToken))
                return false;
        } else if (!c.skipValue()) {
            return false;
        }
    }
    return !c.failed() && seenSnapshots && c.atEnd();
}

} // namespace

bool detail::readChainPageWithCursor(std::string_view json, std::string_view underlying,
                                     std::vector<OptionContract> &out, ChainPageInfo &info) {
    const std::size_t start = out.size();
    info = ChainPageInfo{};
    if (readPage(json, underlying, out, info)) {
        info.contracts = static_cast<int>(out.size() - start);
        return true;
    }
    out.erase(out.begin() + static_cast<std::ptrdiff_t>(start), out.end());
    return false;
}

std::uint64_t detail::alpacaShapeReads() {
    return tAlpacaShapeReads;
}

Result<ChainPageInfo> parseChainPageCursor(std::string_view json, std::string_view underlying,
                                           std::vector<OptionContract> &out) {
    if (ChainPageInfo info; detail::readChainPageWithCursor(json, underlying, out, info))
        return info;
    return parseChainPageSimdjson(json, underlying, out);
}

} // namespace cg::alpaca
