// GET /v2/options/contracts pages as production reads them: one pass of a JsonCursor, values as
// views into the page. It reads the pages Alpaca sends, where every entry is usable; any other
// page (malformed JSON, a whole-page problem, an entry the DOM reader would skip, a byte the
// cursor does not take) is read by the DOM reader (contracts_parser_simdjson.cpp), which words
// what is wrong. tests/alpaca/tst_alpaca_mapping compares the two.

#include "alpaca/contracts_page.h"
#include "alpaca/json_cursor.h"
#include "alpaca/json_fields.h"

#include <algorithm>
#include <cmath>

namespace cg::alpaca {

namespace {

constexpr std::array kPageKeys{ExpectedKey("option_contracts"), ExpectedKey("next_page_token")};

// Every function below returns false where the DOM reader must read the page.

// Text, or null (absent).
bool readText(JsonCursor &c, std::string_view &out) {
    if (c.peek() == 'n')
        return c.literal("null");
    return c.string(out);
}

// parseDecimal's answer; where the text is a plain JSON number (Alpaca's "100", "132.21") it is
// converted as a number in the page is, rounded the same way, without from_chars' general path.
std::optional<double> decimalFromText(std::string_view text) {
    if (!text.empty() && text.back() >= '0' && text.back() <= '9') {
        JsonCursor c(text);
        double d = 0;
        if (c.readDouble(d) && c.atEnd())
            return d;
    }
    return parseDecimal(text);
}

// As the DOM reader's `number`: a number or a decimal string (read loosely, as parseDecimal);
// null is absent.
bool readDecimal(JsonCursor &c, std::optional<double> &out) {
    const char next = c.peek();
    if (next == 'n')
        return c.literal("null");
    if (next == '"') {
        std::string_view text;
        if (!c.string(text))
            return false;
        out = decimalFromText(text);
        return out.has_value();
    }
    double d = 0;
    if (!c.readDouble(d))
        return false;
    out = d;
    return true;
}

// As the DOM reader's `integer`: a whole number (a number or a decimal string) within 9e15.
bool readInteger(JsonCursor &c, std::optional<std::int64_t> &out) {
    const char next = c.peek();
    if (next == '-' || (next >= '0' && next <= '9')) {
        JsonNumber n;
        std::int64_t i = 0;
        if (!c.number(n) || !toInt64(n, i))
            return false; // fractions, exponents, 19 digits and more: the DOM reader's rules
        out = i;
        return true;
    }
    if (next == '"') {
        // Alpaca's "419": digits only, at most 15 (within 9e15), read as the whole number
        // parseDecimal would give.
        std::string_view text;
        if (!c.string(text))
            return false;
        if (!text.empty() && text.size() <= 15 &&
            std::all_of(text.begin(), text.end(), [](char d) { return d >= '0' && d <= '9'; })) {
            std::int64_t value = 0;
            for (const char d : text)
                value = value * 10 + (d - '0');
            out = value;
            return true;
        }
        const std::optional<double> d = decimalFromText(text);
        if (!d || *d != std::floor(*d) || std::abs(*d) > 9.0e15)
            return false;
        out = static_cast<std::int64_t>(*d);
        return true;
    }
    std::optional<double> d;
    if (!readDecimal(c, d))
        return false;
    if (!d)
        return true;
    if (*d != std::floor(*d) || std::abs(*d) > 9.0e15)
        return false;
    out = static_cast<std::int64_t>(*d);
    return true;
}

// true, false, "true" or "false"; null is absent (false).
bool readBool(JsonCursor &c, bool &out) {
    switch (c.peek()) {
    case 't':
        out = true;
        return c.literal("true");
    case 'f':
        out = false;
        return c.literal("false");
    case 'n':
        return c.literal("null");
    case '"': {
        std::string_view text;
        if (!c.string(text) || (text != "true" && text != "false"))
            return false;
        out = text == "true";
        return true;
    }
    default:
        return false;
    }
}

// One entry: the fields the DOM reader reads, the first of a repeated key counting. The entries
// of a page share their keys' order (Alpaca's and the DEMO server's differ): the first entry's,
// learnt into `order`, is expected in the others.
bool readEntry(JsonCursor &c, ContractInfoView &v, std::vector<ExpectedKey> &order) {
    if (!c.consume('{'))
        return false;
    enum Seen : unsigned {
        Symbol = 1,
        Underlying = 2,
        Status = 4,
        Tradable = 8,
        OpenInterest = 16,
        Multiplier = 32,
        ClosePrice = 64
    };
    unsigned seen = 0;
    // The field `f` not met before: read it.
    const auto first = [&seen](Seen f) {
        const bool firstTime = (seen & f) == 0;
        seen |= f;
        return firstTime;
    };
    std::optional<std::string_view> symbol;
    std::optional<double> multiplier;
    const bool learn = order.empty();
    OrderedFields fields(learn ? std::span<const ExpectedKey>() : std::span(order));
    std::string_view key;
    while (fields.next(c, key)) {
        if (learn)
            order.emplace_back(key);
        bool read = true;
        switch (key.size()) {
        case 6:
            if (key == "symbol" && first(Symbol)) {
                if (c.peek() == 'n') {
                    read = c.literal("null");
                } else {
                    std::string_view s;
                    read = c.string(s);
                    symbol = s;
                }
            } else if (key == "status" && first(Status)) {
                read = readText(c, v.status);
            } else {
                read = c.skipValue();
            }
            break;
        case 8:
            read = key == "tradable" && first(Tradable) ? readBool(c, v.tradable) : c.skipValue();
            break;
        case 10:
            read = key == "multiplier" && first(Multiplier) ? readDecimal(c, multiplier)
                                                            : c.skipValue();
            break;
        case 11:
            read = key == "close_price" && first(ClosePrice) ? readDecimal(c, v.closePrice)
                                                             : c.skipValue();
            break;
        case 13:
            read = key == "open_interest" && first(OpenInterest) ? readInteger(c, v.openInterest)
                                                                 : c.skipValue();
            break;
        case 17:
            read = key == "underlying_symbol" && first(Underlying) ? readText(c, v.underlying)
                                                                   : c.skipValue();
            break;
        default:
            read = c.skipValue();
        }
        if (!read)
            return false;
    }
    if (c.failed() || !symbol)
        return false;
    v.symbol = *symbol;
    v.multiplier = multiplier.value_or(100.0);
    // The DOM reader skips these entries, by name.
    return !(v.openInterest && *v.openInterest < 0) && v.multiplier > 0;
}

bool readPage(std::string_view json, std::vector<ContractInfoView> &out, ContractsPageInfo &page) {
    JsonCursor c(json);
    if (!c.consume('{'))
        return false;
    // The first of a repeated key counts, as the DOM reader's at_key.
    bool seenList = false, seenToken = false;
    OrderedFields fields(kPageKeys);
    std::string_view key;
    while (fields.next(c, key)) {
        if (key == "option_contracts" && !seenList) {
            seenList = true;
            if (c.peek() == 'n') {
                if (!c.literal("null"))
                    return false;
                continue;
            }
            if (!c.consume('['))
                return false;
            if (c.peek() == ']') {
                c.consume(']');
                continue;
            }
            std::vector<ExpectedKey> order;
            do {
                if (!readEntry(c, out.emplace_back(), order))
                    return false;
            } while (c.peek() == ',' && c.consume(','));
            if (!c.consume(']'))
                return false;
        } else if (key == "next_page_token" && !seenToken) {
            seenToken = true;
            if (!readPageToken(c, page.nextPageToken))
                return false;
        } else if (!c.skipValue()) {
            return false;
        }
    }
    return !c.failed() && seenList && c.atEnd();
}

} // namespace

Result<ContractsPageInfo> readContractsPage(std::string_view body,
                                            std::vector<ContractInfoView> &out) {
    out.clear();
    ContractsPageInfo page;
    if (readPage(body, out, page)) {
        page.contracts = static_cast<int>(out.size());
        return page;
    }
    return readContractsPageSimdjson(body, out);
}

} // namespace cg::alpaca
