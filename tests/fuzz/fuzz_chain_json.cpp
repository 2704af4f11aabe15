// One option-chain page (GET /v1beta1/options/snapshots/{underlying}) through the chain
// parsers. Invariants, for each parser: the caller's vector keeps what it held (and gains nothing
// on an error); every contract carries a valid OCC symbol whose identity fields match it and only
// finite prices, greeks and non-negative counts; skip reasons are short printable text. On valid
// JSON without duplicate keys the simdjson DOM parser and the QJsonDocument parser (reference)
// agree: both accept or both refuse, and accept the same contracts with the same quote, trade,
// greeks, volatility and volume, the same skip count and page token. The production parser
// (the JSON cursor, app/alpaca/json_cursor.h) reads every page the simdjson DOM parser reads
// exactly as it does.

#include "alpaca/chain_parser.h"
#include "domain/occ_symbol.h"
#include "fuzz_check.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace cg;
using cg::fuzz::finite;
using cg::fuzz::shown;
namespace dom = simdjson::dom;

constexpr std::string_view kUnderlying = "AAPL";

OptionContract sentinel() {
    OptionContract c;
    c.symbol = "SENTINEL";
    c.strike = 1.0;
    c.quote = Quote{1.0, 2.0, 3, 4, Timestamp{}};
    return c;
}

bool printableAscii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

void checkContract(const OptionContract &c, const std::string &who) {
    const auto occ = parseOccSymbol(c.symbol);
    CG_FUZZ_CHECK(occ.ok(), who + " accepted the invalid symbol " + shown(c.symbol));
    CG_FUZZ_CHECK(formatOccSymbol(*occ) == c.symbol, who + ": " + shown(c.symbol));
    CG_FUZZ_CHECK(c.root == occ->root && c.type == occ->type && c.expiry == occ->expiry &&
                      c.strike == occ->strike(),
                  who + ": identity fields differ from the symbol " + c.symbol);
    CG_FUZZ_CHECK(finite(c.strike) && c.strike > 0, who + ": strike of " + c.symbol);
    CG_FUZZ_CHECK(c.underlying == kUnderlying, who + ": underlying " + shown(c.underlying));
    CG_FUZZ_CHECK(c.multiplier == 100.0 && !c.openInterest,
                  who + ": the page invented contract metadata for " + c.symbol);
    if (c.quote) {
        CG_FUZZ_CHECK(finite(c.quote->bid) && finite(c.quote->ask),
                      who + " accepted a non-finite bid/ask for " + c.symbol);
        CG_FUZZ_CHECK(c.quote->bidSize >= 0 && c.quote->askSize >= 0,
                      who + " accepted a negative size for " + c.symbol);
    }
    if (c.lastPrice)
        CG_FUZZ_CHECK(finite(*c.lastPrice), who + ": non-finite last price for " + c.symbol);
    if (c.impliedVol)
        CG_FUZZ_CHECK(finite(*c.impliedVol), who + ": non-finite IV for " + c.symbol);
    if (c.greeks) {
        const Greeks &g = *c.greeks;
        CG_FUZZ_CHECK(finite(g.delta) && finite(g.gamma) && finite(g.theta) && finite(g.vega) &&
                          finite(g.rho),
                      who + ": non-finite greeks for " + c.symbol);
    }
    if (c.volume)
        CG_FUZZ_CHECK(*c.volume >= 0, who + ": negative volume for " + c.symbol);
}

void checkResult(const Result<alpaca::ChainPageInfo> &r, const std::vector<OptionContract> &out,
                 const std::string &who) {
    CG_FUZZ_CHECK(!out.empty() && out.front().symbol == "SENTINEL" &&
                      out.front().quote == sentinel().quote,
                  who + " changed what the caller's vector already held");
    if (!r) {
        CG_FUZZ_CHECK(out.size() == 1, who + " appended contracts and returned an error");
        CG_FUZZ_CHECK(!r.error().message.empty(), who + ": empty error message");
        return;
    }
    CG_FUZZ_CHECK(r->contracts == static_cast<int>(out.size()) - 1,
                  who + ": ChainPageInfo::contracts differs from what was appended");
    CG_FUZZ_CHECK(r->skipped.count >= static_cast<int>(r->skipped.examples.size()) &&
                      r->skipped.examples.size() <= 5,
                  who + ": skip log inconsistent");
    for (const std::string &why : r->skipped.examples)
        CG_FUZZ_CHECK(!why.empty() && why.size() < 400 && printableAscii(why),
                      who + ": skip reason unfit for a log line: " + shown(why));
    if (r->nextPageToken)
        CG_FUZZ_CHECK(!r->nextPageToken->empty(), who + ": empty page token kept");
    for (std::size_t i = 1; i < out.size(); ++i)
        checkContract(out[i], who);
}

// True when some object of the document repeats a key: JSON leaves their meaning open (the
// simdjson DOM keeps every member, QJsonObject the last), so the two parsers may differ there.
bool hasDuplicateKeys(dom::element e) {
    if (e.type() == dom::element_type::ARRAY) {
        for (const dom::element v : dom::array(e))
            if (hasDuplicateKeys(v))
                return true;
    } else if (e.type() == dom::element_type::OBJECT) {
        std::set<std::string_view> keys;
        for (const dom::key_value_pair kv : dom::object(e))
            if (!keys.insert(kv.key).second || hasDuplicateKeys(kv.value))
                return true;
    }
    return false;
}

// Valid JSON (by simdjson) whose objects have unique keys: the input both parsers must agree on.
bool comparable(std::string_view json) {
    dom::parser parser;
    dom::element root;
    if (parser.parse(simdjson::padded_string(json)).get(root) != simdjson::SUCCESS)
        return false;
    return !hasDuplicateKeys(root);
}

std::vector<const OptionContract *> bySymbol(const std::vector<OptionContract> &v) {
    std::vector<const OptionContract *> out;
    for (std::size_t i = 1; i < v.size(); ++i)
        out.push_back(&v[i]);
    std::sort(out.begin(), out.end(), [](auto *a, auto *b) { return a->symbol < b->symbol; });
    return out;
}

void checkAgreement(std::string_view json, const Result<alpaca::ChainPageInfo> &rs,
                    const std::vector<OptionContract> &simd,
                    const Result<alpaca::ChainPageInfo> &rq,
                    const std::vector<OptionContract> &qt) {
    // Open bug F1 (corpus/regressions/README.md): QJsonDocument refuses
    // numbers whose value underflows a double (1e-400), which simdjson reads as 0.
    if (!cg::fuzz::strict() && rs.ok() && !rq.ok() &&
        rq.error().message.find("illegal number") != std::string::npos)
        return;
    CG_FUZZ_CHECK(rs.ok() == rq.ok(), "only one parser accepts the page; simdjson: " +
                                          (rs ? std::string("ok") : rs.error().message) +
                                          "; Qt: " + (rq ? std::string("ok") : rq.error().message) +
                                          "; input: " + shown(json));
    if (!rs)
        return;
    CG_FUZZ_CHECK(rs->nextPageToken == rq->nextPageToken, "page tokens differ");
    CG_FUZZ_CHECK(rs->skipped.count == rq->skipped.count,
                  "skip counts differ: simdjson " + std::to_string(rs->skipped.count) + ", Qt " +
                      std::to_string(rq->skipped.count) + "; input: " + shown(json));
    const auto a = bySymbol(simd);
    const auto b = bySymbol(qt);
    CG_FUZZ_CHECK(a.size() == b.size(), "contract counts differ; input: " + shown(json));
    for (std::size_t i = 0; i < a.size(); ++i) {
        const OptionContract &x = *a[i];
        const OptionContract &y = *b[i];
        const std::string where = x.symbol + " (Qt: " + y.symbol + "); input: " + shown(json);
        CG_FUZZ_CHECK(x.symbol == y.symbol, "different contracts accepted: " + where);
        CG_FUZZ_CHECK(x.quote == y.quote, "quotes differ for " + where);
        CG_FUZZ_CHECK(x.lastPrice == y.lastPrice, "last prices differ for " + where);
        CG_FUZZ_CHECK(x.greeks == y.greeks, "greeks differ for " + where);
        CG_FUZZ_CHECK(x.impliedVol == y.impliedVol, "implied volatilities differ for " + where);
        CG_FUZZ_CHECK(x.volume == y.volume, "volumes differ for " + where);
    }
}

// parseChainPage (the JSON cursor) against the DOM parser it falls back on: a page the DOM parser
// reads gives the same contracts in the same order, the same skips and token; a page it refuses is
// refused in the DOM parser's words. (The cursor may read a page the DOM parser refuses for
// malformed JSON in a value the chain does not read.)
void checkSameAsDom(std::string_view json, const Result<alpaca::ChainPageInfo> &rs,
                    const std::vector<OptionContract> &simd,
                    const Result<alpaca::ChainPageInfo> &rp,
                    const std::vector<OptionContract> &production) {
    if (!rp) {
        CG_FUZZ_CHECK(!rs && rs.error().message == rp.error().message,
                      "parseChainPage refuses a page in other words than the DOM parser: " +
                          rp.error().message + "; input: " + shown(json));
        return;
    }
    if (!rs)
        return;
    CG_FUZZ_CHECK(
        rs->nextPageToken == rp->nextPageToken && rs->skipped.count == rp->skipped.count &&
            rs->skipped.examples == rp->skipped.examples && simd.size() == production.size(),
        "parseChainPage and the DOM parser read the page differently; input: " + shown(json));
    for (std::size_t i = 0; i < simd.size(); ++i) {
        const OptionContract &x = simd[i];
        const OptionContract &y = production[i];
        CG_FUZZ_CHECK(
            x.symbol == y.symbol && x.root == y.root && x.underlying == y.underlying &&
                x.type == y.type && x.strike == y.strike && x.expiry == y.expiry &&
                x.multiplier == y.multiplier && x.quote == y.quote && x.lastPrice == y.lastPrice &&
                x.volume == y.volume && x.openInterest == y.openInterest && x.greeks == y.greeks &&
                x.impliedVol == y.impliedVol,
            "parseChainPage and the DOM parser differ on " + x.symbol + "; input: " + shown(json));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view json(reinterpret_cast<const char *>(data), size);

    std::vector<OptionContract> simd{sentinel()};
    std::vector<OptionContract> qt{sentinel()};
    std::vector<OptionContract> production{sentinel()};
    const auto rs = alpaca::parseChainPageSimdjson(json, kUnderlying, simd);
    const auto rq = alpaca::parseChainPageQt(json, kUnderlying, qt);
    const auto rp = alpaca::parseChainPage(json, kUnderlying, production);
    checkResult(rs, simd, "simdjson parser");
    checkResult(rq, qt, "Qt parser");
    checkResult(rp, production, "parseChainPage");
    checkSameAsDom(json, rs, simd, rp, production);

    if (comparable(json))
        checkAgreement(json, rs, simd, rq, qt);
    return 0;
}
