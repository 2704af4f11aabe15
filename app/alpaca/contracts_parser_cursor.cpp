// GET /v2/options/contracts pages as production reads them: one pass of a JsonCursor, values as
// views into the page. It reads the pages Alpaca sends, where every entry is usable; any other
// page (malformed JSON, a whole-page problem, an entry the DOM reader would skip, a byte the
// cursor does not take) is read by the DOM reader (contracts_parser_simdjson.cpp), which words
// what is wrong. tests/alpaca/tst_alpaca_mapping compares the two.

#include "alpaca/contracts_page.h"
#include "alpaca/entry_template.h"
#include "alpaca/json_cursor.h"
#include "alpaca/json_fields.h"

#include <algorithm>
#include <cmath>
#include <cstring>

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
    // The usual case first, without a cursor: digits, perhaps a point and digits, as JSON writes
    // a positive number (not "0123", ".5" nor "5."), within Clinger's fast path: the value
    // readDouble gives, by the same division.
    if (!text.empty() && text.size() <= 19 && text[0] != '.' &&
        !(text[0] == '0' && text.size() > 1 && text[1] != '.')) {
        std::uint64_t m = 0;
        int fraction = -1; // digits after the point; -1 without one
        bool plain = true;
        for (const char ch : text) {
            if (ch == '.' && fraction < 0) {
                fraction = 0;
            } else if (ch >= '0' && ch <= '9') {
                m = m * 10 + static_cast<std::uint64_t>(ch - '0');
                fraction += fraction >= 0 ? 1 : 0;
            } else {
                plain = false;
                break;
            }
        }
        if (plain && fraction != 0 && m <= kExactMantissa)
            return fraction < 0 ? static_cast<double>(m)
                                : static_cast<double>(m) / kExactPowersOfTen[fraction];
    }
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
    return c.readDouble(out);
}

// readInteger's answer for a string: Alpaca's "419", digits only, at most 15 (within 9e15), read
// as the whole number parseDecimal would give; any other text as a decimal that is whole.
bool integerFromText(std::string_view text, std::optional<std::int64_t> &out) {
    if (!text.empty() && text.size() <= 15) { // one pass: the digits checked as they are read
        std::uint64_t value = 0;              // unsigned: any text wraps, defined
        bool digits = true;
        for (const char d : text) {
            const auto digit = static_cast<unsigned>(d - '0');
            digits = digits && digit <= 9;
            value = value * 10 + digit;
        }
        if (digits) {
            out = static_cast<std::int64_t>(value);
            return true;
        }
    }
    const std::optional<double> d = decimalFromText(text);
    if (!d || *d != std::floor(*d) || std::abs(*d) > 9.0e15)
        return false;
    out = static_cast<std::int64_t>(*d);
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
        std::string_view text;
        return c.string(text) && integerFromText(text, out);
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

// The fields the DOM reader reads, by key; Other for the keys it passes over.
enum class Field : std::uint8_t {
    Other,
    Symbol,
    Underlying,
    Status,
    Tradable,
    OpenInterest,
    Multiplier,
    ClosePrice
};

Field fieldOf(std::string_view key) {
    static constexpr std::pair<std::string_view, Field> kFields[] = {
        {"symbol", Field::Symbol},
        {"underlying_symbol", Field::Underlying},
        {"status", Field::Status},
        {"tradable", Field::Tradable},
        {"open_interest", Field::OpenInterest},
        {"multiplier", Field::Multiplier},
        {"close_price", Field::ClosePrice}};
    for (const auto &[name, field] : kFields)
        if (key == name)
            return field;
    return Field::Other;
}

// The last text a value was converted from, and what decimalFromText gave: Alpaca's multiplier
// is "100" on every entry of a page.
class DecimalMemo {
public:
    std::optional<double> read(std::string_view text) {
        if (m_size != 0 && text.size() == m_size && std::memcmp(text.data(), m_text, m_size) == 0)
            return m_value;
        const std::optional<double> d = decimalFromText(text);
        m_size = 0;
        if (d && !text.empty() && text.size() <= sizeof m_text) {
            std::memcpy(m_text, text.data(), text.size());
            m_size = text.size();
            m_value = *d;
        }
        return d;
    }

private:
    char m_text[8] = {};
    std::size_t m_size = 0; // none
    double m_value = 0;
};

// The entries of a page share their keys' order (Alpaca's and the DEMO server's differ): the
// first entry's, learnt with what each key is, is expected in the others, so a key met in its
// place costs no lookup. The two entries read last the general way with every key in that order
// give the template (entry_template.h) the next entries are read with.
struct EntryShape {
    std::vector<ExpectedKey> order;
    std::vector<Field> fields;
    std::vector<std::uint32_t> lengths; // each key's last text value's length, the next one's guess

    // Each key's field as an entry in this order reads it: a repeated key's second is Other.
    std::vector<Field> firstFields;
    std::vector<bool> read; // where the reader reads the key's value (not Other)
    EntryTemplate entryTemplate;
    // The entry read last the general way, where its keys came in the order: its text and values.
    std::string_view lastText;
    std::vector<ValueSpan> lastValues;
    std::vector<ValueSpan> values; // the entry being read the general way
    int misses = 0;                // entries the template did not take
    int templated = 0;             // entries it took
    DecimalMemo multiplier;        // the multiplier as a template's run has it
};

// A value passed over: a string (most of an entry) read here, anything else by skipValue.
bool skipEntryValue(JsonCursor &c, std::uint32_t *likelyLength) {
    if (c.at() == '"') {
        std::string_view unused;
        return likelyLength ? c.stringOfLikelyLength(unused, *likelyLength) : c.string(unused);
    }
    return c.skipValue();
}

// What an entry has read so far, besides the view's own fields.
struct EntryReading {
    std::optional<std::string_view> symbol;
    std::optional<double> multiplier;
};

// One value of `field` into the entry; `likelyLength` is its key's last text value's length.
bool readValue(JsonCursor &c, Field field, ContractInfoView &v, EntryReading &r,
               std::uint32_t *likelyLength) {
    switch (field) {
    case Field::Symbol:
        if (c.peek() == 'n')
            return c.literal("null");
        {
            std::string_view s;
            const bool read = likelyLength ? c.stringOfLikelyLength(s, *likelyLength) : c.string(s);
            r.symbol = s;
            return read;
        }
    case Field::Underlying:
        return readText(c, v.underlying);
    case Field::Status:
        return readText(c, v.status);
    case Field::Tradable:
        return readBool(c, v.tradable);
    case Field::OpenInterest:
        return readInteger(c, v.openInterest);
    case Field::Multiplier:
        return readDecimal(c, r.multiplier);
    case Field::ClosePrice:
        return readDecimal(c, v.closePrice);
    case Field::Other:
        return skipEntryValue(c, likelyLength);
    }
    return false;
}

// The entry's last checks, once its values are read.
bool finishEntry(ContractInfoView &v, const EntryReading &r) {
    if (!r.symbol)
        return false;
    v.symbol = *r.symbol;
    v.multiplier = r.multiplier.value_or(100.0);
    // The DOM reader skips these entries, by name.
    return !(v.openInterest && *v.openInterest < 0) && v.multiplier > 0;
}

// One entry the general way: the fields the DOM reader reads, the first of a repeated key
// counting. Where every key comes in the shape's order, `inOrder` and shape.values say where each
// value stands.
bool readEntry(JsonCursor &c, ContractInfoView &v, EntryShape &shape, bool &inOrder) {
    const char *const start = c.mark();
    if (!c.consume('{'))
        return false;
    unsigned seen = 0; // a bit a Field met
    EntryReading reading;
    const bool learn = shape.order.empty();
    inOrder = true;
    shape.values.clear();
    OrderedFields fields(learn ? std::span<const ExpectedKey>() : std::span(shape.order));
    std::string_view key;
    while (fields.next(c, key)) {
        Field field = Field::Other;
        if (learn) {
            field = fieldOf(key);
            shape.order.emplace_back(key);
            shape.fields.push_back(field);
            shape.lengths.push_back(0);
        }
        const std::size_t at = learn ? shape.order.size() - 1 : fields.lastIndex();
        if (!learn)
            field = at < shape.fields.size() ? shape.fields[at] : fieldOf(key);
        const unsigned bit = 1u << static_cast<unsigned>(field);
        if (field != Field::Other && (seen & bit) != 0)
            field = Field::Other; // a repeated key: the first counts
        seen |= bit;
        inOrder = inOrder && at == shape.values.size();
        const auto begin = static_cast<std::uint32_t>(c.mark() - start);
        if (!readValue(c, field, v, reading,
                       at < shape.lengths.size() ? &shape.lengths[at] : nullptr))
            return false;
        shape.values.push_back({begin, static_cast<std::uint32_t>(c.mark() - start)});
    }
    if (c.failed())
        return false;
    inOrder = inOrder && shape.values.size() == shape.order.size();
    if (learn) {
        unsigned met = 0;
        for (const Field f : shape.fields) {
            const unsigned bit = 1u << static_cast<unsigned>(f);
            shape.firstFields.push_back(f != Field::Other && (met & bit) != 0 ? Field::Other : f);
            shape.read.push_back(shape.firstFields.back() != Field::Other);
            met |= bit;
        }
    }
    return finishEntry(v, reading);
}

// A value the template found in a run: a string's content converted as readValue converts it, or
// the same bytes as the entry the template was built from, read by readValue.
bool readInRun(const char *at, const char *pageEnd, const EntryTemplate::Read &read, Field field,
               ContractInfoView &v, EntryReading &r, DecimalMemo &multiplier) {
    if (!read.quoted) {
        JsonCursor c(std::string_view(at, static_cast<std::size_t>(pageEnd - at)));
        return readValue(c, field, v, r, nullptr) && c.mark() == at + read.length;
    }
    const std::string_view text(at + 1, read.length - 2);
    switch (field) {
    case Field::Symbol:
        r.symbol = text;
        return true;
    case Field::Underlying:
        v.underlying = text;
        return true;
    case Field::Status:
        v.status = text;
        return true;
    case Field::Tradable:
        v.tradable = text == "true";
        return v.tradable || text == "false";
    case Field::OpenInterest:
        return integerFromText(text, v.openInterest);
    case Field::Multiplier:
        r.multiplier = multiplier.read(text);
        return r.multiplier.has_value();
    case Field::ClosePrice:
        v.closePrice = decimalFromText(text);
        return v.closePrice.has_value();
    case Field::Other:
        return true;
    }
    return false;
}

// One entry by the template: its runs matched, the values in them and between them read as
// readEntry reads them. False where anything differs (the caller reads the entry again the
// general way).
bool readByTemplate(JsonCursor &c, ContractInfoView &v, EntryShape &shape) {
    const EntryTemplate &t = shape.entryTemplate;
    EntryReading reading;
    const std::span<const EntryTemplate::Read> reads = t.reads();
    for (const EntryTemplate::Piece &piece : t.pieces()) {
        if (!piece.run) {
            if (!readValue(c, shape.firstFields[piece.keyIndex], v, reading,
                           &shape.lengths[piece.keyIndex]))
                return false;
            continue;
        }
        const char *const run = c.mark();
        if (!templateRunMatches(run, c.end(), t.bytes() + piece.at, t.mutableMask() + piece.at,
                                piece.length))
            return false;
        c.skipChecked(piece.length);
        for (const EntryTemplate::Read &read : reads.subspan(piece.firstRead, piece.readCount))
            if (!readInRun(run + read.offset, c.end(), read, shape.firstFields[read.keyIndex], v,
                           reading, shape.multiplier))
                return false;
    }
    return finishEntry(v, reading);
}

// Entries that may not take a template before the page stops building them (a page whose
// entries change shape each time reads at the general read's pace, plus a little).
constexpr int kMaxTemplateMisses = 8;

// The next entry: by the template where there is one and it fits, otherwise the general way (and
// from it and the entry before, the next template).
bool readNextEntry(JsonCursor &c, ContractInfoView &v, EntryShape &shape) {
    const char *const start = c.mark();
    if (shape.entryTemplate.ready()) {
        if (readByTemplate(c, v, shape)) {
            ++shape.templated;
            return true;
        }
        c.rewind(start);
        v = ContractInfoView{};
        shape.entryTemplate.clear();
        ++shape.misses;
    }
    bool inOrder = false;
    if (!readEntry(c, v, shape, inOrder))
        return false;
    const std::string_view text(start, static_cast<std::size_t>(c.mark() - start));
    if (!inOrder || shape.misses > kMaxTemplateMisses) {
        shape.lastText = {};
        return true;
    }
    if (!shape.lastText.empty())
        shape.entryTemplate.build(shape.lastText, shape.lastValues, text, shape.values, shape.read);
    shape.lastText = text;
    shape.lastValues.swap(shape.values);
    return true;
}

// Entries this thread read by a template (detail::contractsReadByTemplate).
thread_local std::uint64_t tReadByTemplate = 0;

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
            EntryShape shape;
            do {
                if (!readNextEntry(c, out.emplace_back(), shape))
                    return false;
            } while (c.peek() == ',' && c.consume(','));
            tReadByTemplate += static_cast<std::uint64_t>(shape.templated);
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

bool detail::readContractsPageWithCursor(std::string_view body, std::vector<ContractInfoView> &out,
                                         ContractsPageInfo &page) {
    out.clear();
    page = ContractsPageInfo{};
    if (readPage(body, out, page)) {
        page.contracts = static_cast<int>(out.size());
        return true;
    }
    out.clear();
    return false;
}

std::uint64_t detail::contractsReadByTemplate() {
    return tReadByTemplate;
}

Result<ContractsPageInfo> readContractsPage(std::string_view body,
                                            std::vector<ContractInfoView> &out) {
    if (ContractsPageInfo page; detail::readContractsPageWithCursor(body, out, page))
        return page;
    return readContractsPageSimdjson(body, out);
}

} // namespace cg::alpaca
