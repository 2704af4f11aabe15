// GET /v2/options/contracts pages -> ContractInfo (open interest and multiplier of each contract).
// Read with simdjson's DOM parser, values as string_views: a 10,000-contract chain brings ten
// pages, 4.7 MB, and this step used to cost more than parsing the chain itself (QJsonDocument and
// a QString per value). readContractsPage hands the entries out as views (no string per
// contract); parseContractsPage copies them for callers that keep them. The rules are FieldReader's
// (app/alpaca/json_fields.h): decimal strings or numbers, null is unknown, and the first unusable
// field skips that contract with the reason.

#include "alpaca/chain_parser.h" // detail::printable
#include "alpaca/contracts_page.h"
#include "alpaca/simdjson_read.h"
#include "alpaca/trading_json.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace cg::alpaca {

namespace {

namespace dom = simdjson::dom;
using sj::Read;

// The fields read, in FieldReader's order; the first occurrence of a key counts (as at_key).
enum Field { Symbol, Underlying, Status, Tradable, OpenInterest, Multiplier, ClosePrice, kFields };

// One pass over a contract's keys (about 18, of which 7 are read) instead of one linear at_key
// search per field read.
int fieldOf(std::string_view key) {
    switch (key.size()) {
    case 6:
        return key == "symbol" ? Symbol : key == "status" ? Status : -1;
    case 8:
        return key == "tradable" ? Tradable : -1;
    case 10:
        return key == "multiplier" ? Multiplier : -1;
    case 11:
        return key == "close_price" ? ClosePrice : -1;
    case 13:
        return key == "open_interest" ? OpenInterest : -1;
    case 17:
        return key == "underlying_symbol" ? Underlying : -1;
    default:
        return -1;
    }
}

// Why the current contract is skipped, in FieldReader's words; empty while it is fine.
struct Fields {
    std::array<dom::element, kFields> values{};
    std::array<bool, kFields> present{};
    std::string why;

    void collect(dom::object o) {
        for (const dom::key_value_pair kv : o) {
            const int f = fieldOf(kv.key);
            if (f >= 0 && !present[static_cast<std::size_t>(f)]) {
                present[static_cast<std::size_t>(f)] = true;
                values[static_cast<std::size_t>(f)] = kv.value;
            }
        }
    }

    bool fail(const char *key, dom::element v, const char *expected) {
        if (why.empty())
            why = std::string("Alpaca's option contract has an unusable \"") + key +
                  "\": " + shown(v) + ", expected " + expected;
        return false;
    }

    static std::string shown(dom::element v) {
        switch (v.type()) {
        case dom::element_type::STRING:
            return "\"" + detail::printable(v.get_string().value_unsafe()) + "\"";
        case dom::element_type::BOOL:
            return v.get_bool().value_unsafe() ? "true" : "false";
        case dom::element_type::ARRAY:
            return "an array";
        case dom::element_type::OBJECT:
            return "an object";
        default:
            return "a number";
        }
    }

    // The value of field `f`, or nothing when absent or null.
    std::optional<dom::element> get(Field f) const {
        const auto i = static_cast<std::size_t>(f);
        if (!present[i] || values[i].is_null())
            return std::nullopt;
        return values[i];
    }

    std::optional<std::string_view> text(Field f, const char *key) {
        const auto v = get(f);
        if (!v)
            return std::nullopt;
        std::string_view s;
        if (v->get_string().get(s) != simdjson::SUCCESS) {
            fail(key, *v, "text");
            return std::nullopt;
        }
        return s;
    }

    std::optional<double> number(Field f, const char *key) {
        const auto v = get(f);
        if (!v)
            return std::nullopt;
        std::optional<double> d;
        if (sj::readDecimal(*v, d) != Read::Ok)
            fail(key, *v, "a number");
        return d;
    }

    // Whole numbers of either sign (a negative open interest is refused by the caller, by name).
    std::optional<std::int64_t> integer(Field f, const char *key) {
        const auto v = get(f);
        if (!v)
            return std::nullopt;
        if (v->type() == dom::element_type::INT64)
            return v->get_int64().value_unsafe();
        std::optional<double> d;
        if (sj::readDecimal(*v, d) != Read::Ok || *d != std::floor(*d) || std::abs(*d) > 9.0e15) {
            fail(key, *v, "a whole number");
            return std::nullopt;
        }
        return static_cast<std::int64_t>(*d);
    }

    std::optional<bool> boolean(Field f, const char *key) {
        const auto v = get(f);
        if (!v)
            return std::nullopt;
        bool b = false;
        if (v->get_bool().get(b) == simdjson::SUCCESS)
            return b;
        std::string_view s;
        if (v->get_string().get(s) == simdjson::SUCCESS && (s == "true" || s == "false"))
            return s == "true";
        fail(key, *v, "true or false");
        return std::nullopt;
    }
};

Error listError(const std::string &why) {
    return Error::make("Alpaca sent an unreadable option contract list: " + why);
}

} // namespace

Result<ContractsPageInfo> readContractsPageSimdjson(std::string_view json,
                                                    std::vector<ContractInfoView> &out) {
    out.clear();
    if (json.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return Error::make("Alpaca sent an empty option contract list");
    auto parsed = sj::parseDocument(json);
    if (!parsed)
        return listError(parsed.error().message);
    dom::object root;
    if (parsed->get_object().get(root) != simdjson::SUCCESS)
        return listError("expected a JSON object");

    ContractsPageInfo page;
    dom::element token;
    if (root.at_key("next_page_token").get(token) == simdjson::SUCCESS) {
        if (token.is_string()) {
            const std::string_view t = token.get_string().value_unsafe();
            if (!t.empty())
                page.nextPageToken = std::string(t);
        } else if (!token.is_null()) {
            return listError("\"next_page_token\" is neither a string nor null");
        }
    }
    dom::element list;
    if (root.at_key("option_contracts").get(list) != simdjson::SUCCESS)
        return listError("\"option_contracts\" is missing or not an array");
    if (list.is_null())
        return page;
    dom::array contracts;
    if (list.get_array().get(contracts) != simdjson::SUCCESS)
        return listError("\"option_contracts\" is missing or not an array");

    out.reserve(contracts.size());
    for (const dom::element v : contracts) {
        dom::object o;
        if (v.get_object().get(o) != simdjson::SUCCESS) {
            page.skipped.add("an entry is not an object");
            continue;
        }
        Fields f;
        f.collect(o);
        const auto symbol = f.text(Symbol, "symbol");
        if (!symbol && f.why.empty())
            f.why = "Alpaca's option contract lacks \"symbol\"";
        ContractInfoView c;
        const auto underlying = f.text(Underlying, "underlying_symbol");
        const auto status = f.text(Status, "status");
        c.tradable = f.boolean(Tradable, "tradable").value_or(false);
        c.openInterest = f.integer(OpenInterest, "open_interest");
        c.multiplier = f.number(Multiplier, "multiplier").value_or(100.0);
        c.closePrice = f.number(ClosePrice, "close_price");
        if (!f.why.empty()) {
            page.skipped.add(f.why);
            continue;
        }
        // The symbol is network text: only its printable, shortened form goes into a reason.
        if (c.openInterest && *c.openInterest < 0) {
            page.skipped.add(detail::printable(*symbol) + ": negative open interest");
            continue;
        }
        if (!(c.multiplier > 0)) {
            page.skipped.add(detail::printable(*symbol) + ": multiplier is not positive");
            continue;
        }
        c.symbol = *symbol;
        c.underlying = underlying.value_or(std::string_view{});
        c.status = status.value_or(std::string_view{});
        out.push_back(c);
    }
    page.contracts = static_cast<int>(out.size());
    return page;
}

Result<ContractsPage> parseContractsPage(const QByteArray &body) {
    std::vector<ContractInfoView> views;
    auto info = readContractsPage(
        std::string_view(body.constData(), static_cast<std::size_t>(body.size())), views);
    if (!info)
        return info.error();
    ContractsPage page;
    page.nextPageToken = std::move(info->nextPageToken);
    page.skipped = std::move(info->skipped);
    page.contracts.reserve(views.size());
    for (const ContractInfoView &v : views) {
        ContractInfo &c = page.contracts.emplace_back();
        c.symbol.assign(v.symbol);
        c.underlying.assign(v.underlying);
        c.status.assign(v.status);
        c.tradable = v.tradable;
        c.openInterest = v.openInterest;
        c.multiplier = v.multiplier;
        c.closePrice = v.closePrice;
    }
    return page;
}

} // namespace cg::alpaca
