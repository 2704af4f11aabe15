// Every example body of shared/alpaca/API.md through the JSON <-> domain mapping, and hostile
// variants of them: truncated, malformed, wrong types, huge numbers, nulls, invalid symbols.

#include "alpaca/alpaca_error.h"
#include "alpaca/chain_parser.h"
#include "alpaca/contracts_page.h"
#include "alpaca/market_json.h"
#include "alpaca/rfc3339.h"
#include "alpaca/simd_width.h"
#include "alpaca/symbol_index.h"
#include "alpaca/trading_json.h"
#include "support/chain_page_generator.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <functional>
#include <tuple>

using namespace cg;
using namespace cg::alpaca;
using namespace std::chrono;

namespace {

using ChainParser = std::function<Result<ChainPageInfo>(std::string_view, std::string_view,
                                                        std::vector<OptionContract> &)>;

QByteArray data(const char *name) {
    QFile f(QStringLiteral(CHAINGATE_ALPACA_TEST_DATA "/%1").arg(QLatin1String(name)));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", name);
    return f.readAll();
}

Timestamp at(const char *rfc3339) {
    auto t = parseRfc3339(rfc3339);
    if (!t)
        qFatal("bad time literal %s", rfc3339);
    return *t;
}

year_month_day ymd(int y, unsigned m, unsigned d) {
    return year_month_day{year{y}, month{m}, day{d}};
}

struct Parsed {
    Result<ChainPageInfo> info = Error::make("not run");
    std::vector<OptionContract> contracts;
};

Parsed parseWith(const ChainParser &p, const QByteArray &json, std::string_view under = "AAPL") {
    Parsed r;
    r.info = p(std::string_view(json.constData(), static_cast<std::size_t>(json.size())), under,
               r.contracts);
    return r;
}

void addParsers() {
    QTest::addColumn<ChainParser>("parser");
    QTest::newRow("simdjson") << ChainParser(parseChainPageSimdjson);
    QTest::newRow("cursor") << ChainParser(parseChainPageCursor);
    QTest::newRow("qt") << ChainParser(parseChainPageQt);
}

// Two numbers bit for bit (-0 and 0 differ), and two optional ones.
bool sameBits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}
bool sameBits(const std::optional<double> &a, const std::optional<double> &b) {
    return a.has_value() == b.has_value() && (!a || sameBits(*a, *b));
}

// Everything a chain page gives a contract, the numbers bit for bit.
bool sameContract(const OptionContract &a, const OptionContract &b) {
    const auto sameQuote = [](const std::optional<Quote> &x, const std::optional<Quote> &y) {
        return x.has_value() == y.has_value() &&
               (!x || (sameBits(x->bid, y->bid) && sameBits(x->ask, y->ask) &&
                       x->bidSize == y->bidSize && x->askSize == y->askSize && x->time == y->time));
    };
    const auto sameGreeks = [](const std::optional<Greeks> &x, const std::optional<Greeks> &y) {
        return x.has_value() == y.has_value() &&
               (!x || (sameBits(x->delta, y->delta) && sameBits(x->gamma, y->gamma) &&
                       sameBits(x->theta, y->theta) && sameBits(x->vega, y->vega) &&
                       sameBits(x->rho, y->rho)));
    };
    return a.symbol == b.symbol && a.root == b.root && a.underlying == b.underlying &&
           a.type == b.type && a.greeksSource == b.greeksSource && sameBits(a.strike, b.strike) &&
           a.expiry == b.expiry && sameBits(a.multiplier, b.multiplier) &&
           sameQuote(a.quote, b.quote) && sameBits(a.lastPrice, b.lastPrice) &&
           a.volume == b.volume && a.openInterest == b.openInterest &&
           sameGreeks(a.greeks, b.greeks) && sameBits(a.impliedVol, b.impliedVol);
}

// The production reader (the JSON cursor) against the DOM parser on one page: where the DOM parser
// reads the page, the cursor gives the same contracts in the same order, the same skips and token;
// where the cursor refuses it, so does the DOM parser, in the same words. (The cursor may read a
// page the DOM parser refuses for malformed JSON in a value the chain does not read.) Empty when
// they agree, else what differs.
std::string cursorDiffers(std::string_view json) {
    std::vector<OptionContract> dom(1), od(1); // errors must leave what was there
    const auto rd = parseChainPageSimdjson(json, "AAPL", dom);
    const auto ro = parseChainPageCursor(json, "AAPL", od);
    if (!ro) {
        if (od.size() != 1)
            return "the cursor appended contracts and returned an error";
        if (rd)
            return "only the DOM parser reads the page: " + ro.error().message;
        return rd.error().message == ro.error().message ? "" : "the errors differ";
    }
    if (!rd)
        return {};
    if (rd->contracts != ro->contracts || dom.size() != od.size())
        return "contract counts differ";
    for (std::size_t i = 0; i < dom.size(); ++i)
        if (!sameContract(dom[i], od[i]))
            return "contract " + dom[i].symbol + " differs";
    if (rd->nextPageToken != ro->nextPageToken)
        return "page tokens differ";
    if (rd->skipped.count != ro->skipped.count || rd->skipped.examples != ro->skipped.examples)
        return "skips differ";
    return {};
}

// A contracts page as read, copied out of the views (the next parse reuses the DOM's buffer).
struct ContractsRead {
    bool ok = false;
    std::string error;
    std::optional<std::string> token;
    int skipped = 0;
    std::vector<std::string> examples;
    std::vector<std::string> entries; // every field of each entry, as text
};

ContractsRead readContracts(std::string_view json, bool cursor) {
    std::vector<ContractInfoView> views(2); // stale entries from an earlier page
    const auto r = cursor ? readContractsPage(json, views) : readContractsPageSimdjson(json, views);
    ContractsRead out;
    out.ok = r.ok();
    if (!r) {
        out.error = r.error().message;
        if (!views.empty())
            out.error += " (and entries left in the vector)";
        return out;
    }
    out.token = r->nextPageToken;
    out.skipped = r->skipped.count;
    out.examples = r->skipped.examples;
    if (r->contracts != static_cast<int>(views.size()))
        out.entries.push_back("a count other than the vector's");
    for (const ContractInfoView &v : views)
        out.entries.push_back(std::string(v.symbol) + "|" + std::string(v.underlying) + "|" +
                              std::string(v.status) + "|" + (v.tradable ? "t" : "f") + "|" +
                              (v.openInterest ? std::to_string(*v.openInterest) : "-") + "|" +
                              std::to_string(v.multiplier) + "|" +
                              (v.closePrice ? std::to_string(*v.closePrice) : "-"));
    return out;
}

// The production contracts reader (the JSON cursor) against the DOM reader, as cursorDiffers.
std::string contractsCursorDiffers(std::string_view json) {
    const ContractsRead dom = readContracts(json, false);
    const ContractsRead cur = readContracts(json, true);
    if (!cur.ok) {
        if (dom.ok)
            return "only the DOM reader reads the page: " + cur.error;
        return dom.error == cur.error ? "" : "the errors differ: " + cur.error;
    }
    if (!dom.ok)
        return {};
    if (dom.token != cur.token)
        return "page tokens differ";
    if (dom.skipped != cur.skipped || dom.examples != cur.examples)
        return "skips differ";
    if (dom.entries != cur.entries)
        return "entries differ";
    return {};
}

// A contracts page's entries as Alpaca writes them (its sample's key order, with a multiplier) or
// as the DEMO server does (keys in alphabetical order): strikes, names, types, open interest and
// close prices of changing lengths, as a chain's.
// With `sameValues`, every entry's open interest is "100", its close price "1.25" and its
// tradable "true" (text), so that the template keeps them in its runs.
std::vector<std::string> contractEntries(int n, bool alphabetical, bool sameValues = false) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        const bool put = i % 3 == 2;
        const int thousandths = 600000 + i * 500;
        char symbol[32];
        std::snprintf(symbol, sizeof symbol, "SPY260116%c%08d", put ? 'P' : 'C', thousandths);
        const std::string strike =
            std::to_string(thousandths / 1000) + (thousandths % 1000 != 0 ? ".5" : "");
        const std::string name =
            std::string("SPY Jan 16 2026 ") + strike + (put ? " Put" : " Call");
        const std::string oi =
            sameValues ? "\"100\"" : "\"" + std::to_string((i * 7919) % 2500) + "\"";
        const std::string close = sameValues   ? "\"1.25\""
                                  : i % 7 == 3 ? "null"
                                               : "\"" + std::to_string(1 + i % 13) + "." +
                                                     std::to_string(10 + i % 90) + "\"";
        const std::string id = "\"00000000-0000-0000-0000-" +
                               std::string(12 - std::to_string(i).size(), '0') + std::to_string(i) +
                               "\"";
        const std::pair<std::string, std::string> fields[] = {
            {"id", id},
            {"symbol", "\"" + std::string(symbol) + "\""},
            {"name", "\"" + name + "\""},
            {"status", "\"active\""},
            {"tradable", sameValues ? "\"true\"" : "true"},
            {"expiration_date", "\"2026-01-16\""},
            {"root_symbol", "\"SPY\""},
            {"underlying_symbol", "\"SPY\""},
            {"underlying_asset_id", "\"b28f4066-5c6d-479b-a2af-85dc1a8f16fb\""},
            {"type", put ? "\"put\"" : "\"call\""},
            {"style", "\"american\""},
            {"strike_price", "\"" + strike + "\""},
            {"multiplier", "\"100\""},
            {"size", "\"100\""},
            {"open_interest", oi},
            {"open_interest_date", "\"2026-01-14\""},
            {"close_price", close},
            {"close_price_date", close == "null" ? "null" : "\"2026-01-14\""}};
        std::vector<std::pair<std::string, std::string>> ordered(std::begin(fields),
                                                                 std::end(fields));
        if (alphabetical)
            std::sort(ordered.begin(), ordered.end());
        std::string e = "{";
        for (const auto &[key, value] : ordered)
            e += (e.size() > 1 ? ",\"" : "\"") + key + "\":" + value;
        out.push_back(e + "}");
    }
    return out;
}

std::string contractsPageOf(const std::vector<std::string> &entries,
                            const std::string &token = "\"MTAwMA==\"",
                            const std::string &between = ",") {
    std::string page = "{\"option_contracts\":[";
    for (std::size_t i = 0; i < entries.size(); ++i)
        page += (i > 0 ? between : "") + entries[i];
    return page + "],\"next_page_token\":" + token + "}";
}

// How many of the page's entries the cursor read by a template; -1 where it gave the page to the
// DOM reader.
int readByTemplate(const std::string &page) {
    std::vector<ContractInfoView> views;
    ContractsPageInfo info;
    const std::uint64_t before = detail::contractsReadByTemplate();
    if (!detail::readContractsPageWithCursor(page, views, info))
        return -1;
    return static_cast<int>(detail::contractsReadByTemplate() - before);
}

// Both step widths of the cursor (simd_width.h) in turn, and the setting restored. (On a CPU
// without AVX2 both runs take 16-byte steps.)
template <typename F> void withEachStepWidth(F &&f) {
    for (const bool wide : {false, true}) {
        const detail::Avx2Setting steps(wide);
        f();
    }
}

// `copies` copies of `good`, each with one to three bytes replaced by JSON's punctuation, a
// backslash, a NUL, a letter, a digit or a space (deterministic), through `differs`: the first
// difference it reports, with the page; empty when it reports none.
std::string firstDifferenceOnCorruptedCopies(const QByteArray &good, int copies,
                                             std::string (*differs)(std::string_view)) {
    const char replacements[] = {'"',  '{', '}', '[', ']', ',', ':', '\\',
                                 '\0', 'x', '9', '-', 'n', 'e', '.', ' '};
    std::uint32_t rng = 4242;
    for (int i = 0; i < copies; ++i) {
        QByteArray bad = good;
        for (int k = 0; k < 1 + i % 3; ++k) {
            rng = rng * 1103515245u + 12345u;
            const auto pos = static_cast<qsizetype>(rng % static_cast<std::uint32_t>(bad.size()));
            bad[pos] = replacements[(rng >> 16) % sizeof replacements];
        }
        const std::string why =
            differs(std::string_view(bad.constData(), static_cast<std::size_t>(bad.size())));
        if (!why.empty())
            return why + " on: " + bad.toStdString();
    }
    return {};
}

// One contract of a snapshot in an otherwise valid page.
QByteArray page(const QByteArray &snapshot, const QByteArray &symbol = "AAPL240426C00162500") {
    return "{\"snapshots\":{\"" + symbol + "\":" + snapshot + "},\"next_page_token\":null}";
}

} // namespace

Q_DECLARE_METATYPE(ChainParser)

class TestAlpacaMapping : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chainMspecExample_data() { addParsers(); }
    void chainMspecExample() {
        QFETCH(ChainParser, parser);
        const Parsed p = parseWith(parser, data("chain_mspec.json"));
        QVERIFY2(p.info.ok(), p.info.ok() ? "" : p.info.error().message.c_str());
        QCOMPARE(p.info->contracts, 1);
        QCOMPARE(p.info->skipped.count, 0);
        QVERIFY(!p.info->nextPageToken);
        const OptionContract &c = p.contracts.at(0);
        QCOMPARE(c.symbol, std::string("AAPL240426C00162500"));
        QCOMPARE(c.root, std::string("AAPL"));
        QCOMPARE(c.underlying, std::string("AAPL"));
        QVERIFY(c.type == OptionType::Call);
        QCOMPARE(c.strike, 162.5);
        QVERIFY(c.expiry == ymd(2024, 4, 26));
        QVERIFY(c.quote);
        QCOMPARE(c.quote->bid, 4.15);
        QCOMPARE(c.quote->ask, 4.3);
        QCOMPARE(c.quote->bidSize, 16);
        QCOMPARE(c.quote->askSize, 91);
        QVERIFY(c.quote->time == at("2024-04-22T19:59:59.992Z"));
        QCOMPARE(c.lastPrice.value_or(0), 4.1);
        QVERIFY(c.greeks);
        QCOMPARE(c.greeks->delta, 0.7521304109871954);
        QCOMPARE(c.greeks->gamma, 0.06241426404871288);
        QCOMPARE(c.greeks->theta, -0.2847623059595503);
        QCOMPARE(c.greeks->vega, 0.047540520834498785);
        QCOMPARE(c.greeks->rho, 0.009910739032549095);
        QCOMPARE(c.impliedVol.value_or(0), 0.3372405712050441);
        QVERIFY(!c.volume);       // no dailyBar in the example
        QVERIFY(!c.openInterest); // never in snapshots
        QCOMPARE(c.multiplier, 100.0);
    }

    void chainPyOptExample_data() { addParsers(); }
    void chainPyOptExample() {
        QFETCH(ChainParser, parser);
        const Parsed p = parseWith(parser, data("chain_pyopt.json"));
        QVERIFY(p.info.ok());
        QCOMPARE(p.contracts.size(), std::size_t(1));
        const OptionContract &c = p.contracts[0];
        QVERIFY(c.type == OptionType::Put);
        QCOMPARE(c.strike, 155.0);
        QVERIFY(c.expiry == ymd(2024, 5, 3));
        QCOMPARE(c.quote->bid, 0.32);
        QCOMPARE(c.quote->ask, 0.35);
        QCOMPARE(c.greeks->delta, -0.06962352623019707);
        QCOMPARE(c.impliedVol.value_or(0), 0.4584478444465036);
    }

    void chainGoPaging_data() { addParsers(); }
    void chainGoPaging() {
        QFETCH(ChainParser, parser);
        const Parsed first = parseWith(parser, data("chain_go_page1.json"));
        QVERIFY(first.info.ok());
        QCOMPARE(first.info->nextPageToken.value_or(""),
                 std::string("QUFQTDI0MDQyNkMwMDE1MjUwMA=="));
        const OptionContract &a = first.contracts.at(0);
        QCOMPARE(a.quote->ask, 17.0); // a JSON integer where a double is usual
        QCOMPARE(a.quote->bid, 16.25);
        QVERIFY(!a.greeks);
        QVERIFY(!a.impliedVol);
        QCOMPARE(a.lastPrice.value_or(0), 15.87);
        const Parsed last = parseWith(parser, data("chain_go_page2.json"));
        QVERIFY(last.info.ok());
        QVERIFY(!last.info->nextPageToken);
        QCOMPARE(last.contracts.at(0).strike, 155.0);
        QCOMPARE(last.contracts.at(0).greeks->delta, 0.9567110374646104);
    }

    void chainLatestQuoteOnly_data() { addParsers(); }
    void chainLatestQuoteOnly() {
        QFETCH(ChainParser, parser);
        const Parsed p = parseWith(parser, data("chain_latest_quote_only.json"));
        QVERIFY(p.info.ok());
        const OptionContract &c = p.contracts.at(0);
        QCOMPARE(c.strike, 50.0);
        QCOMPARE(c.quote->bid, 0.48);
        QCOMPARE(c.quote->ask, 0.59);
        QCOMPARE(c.quote->askSize, 458);
        QVERIFY(!c.lastPrice);
        QVERIFY(!c.greeks);
        QVERIFY(!c.impliedVol);
        QVERIFY(!c.volume);
    }

    void chainEmpty_data() { addParsers(); }
    void chainEmpty() {
        QFETCH(ChainParser, parser);
        for (const char *name : {"chain_empty.json", "chain_empty_null_token.json"}) {
            const Parsed p = parseWith(parser, data(name));
            QVERIFY2(p.info.ok(), name);
            QCOMPARE(p.contracts.size(), std::size_t(0));
            QVERIFY(!p.info->nextPageToken);
        }
        const Parsed nullSnaps = parseWith(parser, "{\"snapshots\":null}");
        QVERIFY(nullSnaps.info.ok());
    }

    void chainVolumeFromDailyBar_data() { addParsers(); }
    void chainVolumeFromDailyBar() {
        QFETCH(ChainParser, parser);
        const Parsed p = parseWith(
            parser,
            page(
                R"({"dailyBar":{"c":1,"h":1,"l":1,"n":3,"o":1,"t":"2024-04-22T04:00:00Z","v":1234,"vw":1},"minuteBar":{"v":5}})"));
        QVERIFY(p.info.ok());
        QCOMPARE(p.contracts.at(0).volume.value_or(-1), std::int64_t(1234));
    }

    void bothParsersAgreeOnAGeneratedChain() {
        const auto chain = cg::testing::generateChainPages(3, 500);
        std::vector<OptionContract> a, b;
        for (const std::string &pg : chain.pages) {
            auto ra = parseChainPageSimdjson(pg, "SPY", a);
            auto rb = parseChainPageQt(pg, "SPY", b);
            QVERIFY(ra.ok() && rb.ok());
            QVERIFY(ra->nextPageToken == rb->nextPageToken);
        }
        QCOMPARE(a.size(), std::size_t(1500));
        QCOMPARE(b.size(), a.size());
        // Qt orders object keys; compare by symbol.
        const auto bySymbol = [](const OptionContract &x, const OptionContract &y) {
            return x.symbol < y.symbol;
        };
        std::sort(a.begin(), a.end(), bySymbol);
        std::sort(b.begin(), b.end(), bySymbol);
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].symbol, b[i].symbol);
            QCOMPARE(a[i].strike, b[i].strike);
            QVERIFY(a[i].expiry == b[i].expiry);
            QVERIFY(a[i].quote == b[i].quote);
            QVERIFY(a[i].greeks == b[i].greeks);
            QVERIFY(a[i].impliedVol == b[i].impliedVol);
            QVERIFY(a[i].volume == b[i].volume);
            QVERIFY(a[i].lastPrice == b[i].lastPrice);
        }
        QVERIFY(a[0].volume.has_value());
    }

    void cursorReadsAGeneratedChainAsTheDomParser() {
        const auto chain = cg::testing::generateChainPages(3, 500);
        for (const std::string &pg : chain.pages) {
            QCOMPARE(cursorDiffers(pg), std::string());
            // The cursor reads the page itself, every snapshot in Alpaca's shape.
            std::vector<OptionContract> out;
            ChainPageInfo info;
            const std::uint64_t before = detail::alpacaShapeReads();
            QVERIFY(detail::readChainPageWithCursor(pg, "SPY", out, info));
            QCOMPARE(out.size(), std::size_t{500});
            QCOMPARE(detail::alpacaShapeReads() - before, std::uint64_t{500});
        }
        for (const char *name :
             {"chain_mspec.json", "chain_pyopt.json", "chain_go_page1.json", "chain_go_page2.json",
              "chain_latest_quote_only.json", "chain_empty.json", "chain_empty_null_token.json"}) {
            const QByteArray body = data(name);
            QVERIFY2(cursorDiffers(
                         std::string_view(body.constData(), static_cast<std::size_t>(body.size())))
                         .empty(),
                     name);
        }
    }

    // The cursor reads a snapshot in Alpaca's exact shape straight through, and anything else
    // from its start with the general read: every subset of the seven blocks in Alpaca's order,
    // each alone and next to a contract with all seven, must read as the DOM parser reads it; so
    // must the same blocks with a value in another form (null, a numeric string, a space, another
    // key order).
    void cursorReadsEveryAlpacaShapeAsTheDomParser() {
        const std::pair<const char *, const char *> blocks[] = {
            {"dailyBar",
             R"({"c":1.5,"h":2,"l":1.25,"n":3,"o":1.5,"t":"2024-04-22T04:00:00Z","v":1234,"vw":1.6})"},
            {"greeks",
             R"({"delta":0.9567110374646104,"gamma":0.010515010903989475,"rho":0.004041091409185355,"theta":-0.42275702792812153,"vega":0.008131530784084512})"},
            {"impliedVolatility", "0.9871160931510816"},
            {"latestQuote",
             R"({"ap":14.5,"as":86,"ax":"Q","bp":13.6,"bs":91,"bx":"B","c":" ","t":"2024-04-24T19:59:59.794910976Z"})"},
            {"latestTrade",
             R"({"c":"a","p":14.28,"s":1,"t":"2024-04-24T19:42:55.36938496Z","x":"X"})"},
            {"minuteBar",
             R"({"c":1,"h":1,"l":1,"n":1,"o":1,"t":"2024-04-24T19:59:00Z","v":7,"vw":1})"},
            {"prevDailyBar",
             R"({"c":1,"h":1,"l":1,"n":1,"o":1,"t":"2024-04-23T04:00:00Z","v":9,"vw":1})"},
        };
        constexpr unsigned kAll = (1u << std::size(blocks)) - 1;
        const auto snapshot = [&blocks](unsigned subset) {
            std::string s = "{";
            for (std::size_t i = 0; i < std::size(blocks); ++i)
                if (subset & (1u << i))
                    s += std::string(s.size() > 1 ? "," : "") + '"' + blocks[i].first +
                         "\":" + blocks[i].second;
            return s + "}";
        };
        const auto twoContracts = [](const std::string &a, const std::string &b) {
            return R"({"snapshots":{"AAPL240426C00150000":)" + a + R"(,"AAPL240426P00150000":)" +
                   b + R"(},"next_page_token":null})";
        };
        const std::string full = snapshot(kAll);
        for (unsigned subset = 0; subset <= kAll; ++subset) {
            const std::string one = snapshot(subset);
            for (const std::string &pg : {twoContracts(one, full), twoContracts(full, one)}) {
                const std::string why = cursorDiffers(pg);
                QVERIFY2(why.empty(), (why + " on " + pg).c_str());
                // Read by the cursor itself, both snapshots straight through (not handed on).
                std::vector<OptionContract> out;
                ChainPageInfo info;
                const std::uint64_t before = detail::alpacaShapeReads();
                QVERIFY2(detail::readChainPageWithCursor(pg, "AAPL", out, info), pg.c_str());
                QCOMPARE(out.size(), std::size_t{2});
                QCOMPARE(detail::alpacaShapeReads() - before, std::uint64_t{2});
            }
        }
        // The same blocks written otherwise: each change in turn, in the full snapshot.
        const std::pair<const char *, const char *> changes[] = {
            {R"("v":1234)", R"("v":null)"},
            {R"("v":1234)", R"("v":"1234")"},
            {R"("v":1234)", R"("v":1234.0)"},
            {R"("ap":14.5)", R"("ap":"14.5")"},
            {R"("ap":14.5)", R"("ap":null)"},
            {R"("bp":13.6)", R"("bp": 13.6)"},
            {R"("bs":91)", R"("bs":9e1)"},
            {R"("as":86)", R"("as":-86)"},
            {R"("p":14.28)", R"("p":-0)"},
            {R"("delta":0.9567110374646104)", R"("delta":null)"},
            {R"("gamma":0.010515010903989475)", R"("gamma":1.0515010903989475e-2)"},
            {R"("vega":0.008131530784084512})", R"("vega":0.008131530784084512,"x":1})"},
            {R"("impliedVolatility":0.9871160931510816)", R"("impliedVolatility":null)"},
            {R"("latestQuote":{"ap")", R"("latestQuote":{"bp":1,"ap")"},
            {R"("latestTrade":{"c":"a","p":14.28)", R"("latestTrade":{"p":14.28)"},
            {R"("greeks":{"delta")", R"("greeks":{"gamma":2,"delta")"},
            {R"("minuteBar":{)", R"("minuteBar":null,"x":{)"},
            {R"(,"prevDailyBar")", R"(,"latestQuote":{"bp":3,"ap":4},"prevDailyBar")"},
            {R"("x":"X"})", R"("x":"X"} )"},
            {R"("t":"2024-04-24T19:59:59.794910976Z")", R"("t":"2024-04-24T19:59:59+00:00")"},
            {R"("ax":"Q")", R"("ax":"")"},
            {R"("ax":"Q")", R"("ax":"QQ")"},
            {R"("bx":"B")", R"("bx":null)"},
            {R"("c":" ")", R"("c":"\u0041")"},
            {R"("x":"X")", "\"x\":\"\\\"\""}, // an escaped quote
            {R"("c":"a")", R"("c":7)"},
            {R"("dailyBar":{"c":1.5)", R"("dailyBar":{"c":"1.5")"},
        };
        for (const auto &[from, to] : changes) {
            std::string changed = full;
            const std::size_t at = changed.find(from);
            QVERIFY2(at != std::string::npos, from);
            changed.replace(at, std::strlen(from), to);
            const std::string pg = twoContracts(changed, full);
            const std::string why = cursorDiffers(pg);
            QVERIFY2(why.empty(), (why + " on " + pg).c_str());
        }
    }

    void cursorFollowsTheDomParserOnCorruptedAlpacaShapes() {
        // Two contracts of the DEMO chain, every block present: the shape read straight through.
        const auto chain = cg::testing::generateChainPages(1, 2);
        const QByteArray pg = QByteArray::fromStdString(chain.pages.front());
        QVERIFY(pg.contains("prevDailyBar"));
        const std::string why = firstDifferenceOnCorruptedCopies(pg, 6000, cursorDiffers);
        QVERIFY2(why.empty(), why.c_str());
    }

    // What JSON allows and Alpaca does not send: repeated keys (the DOM parser's rules: the first
    // "snapshots", "next_page_token", latestTrade "p" and dailyBar "v"; every latestQuote,
    // greeks field), escaped keys (read again by the DOM parser), keys in any order.
    void cursorFollowsTheDomParserOnOddPages_data() {
        QTest::addColumn<QByteArray>("json");
        const QByteArray q = R"("latestQuote":{"bp":1,"ap":2})";
        const std::pair<const char *, QByteArray> cases[] = {
            {"token first",
             R"({"next_page_token":"abc","snapshots":{"AAPL240426C00150000":{)" + q + "}}}"},
            {"two snapshots", R"({"snapshots":{"AAPL240426C00150000":{)" + q +
                                  R"(}},"snapshots":{"AAPL240426C00160000":{}}})"},
            {"two tokens", R"({"snapshots":{},"next_page_token":"a","next_page_token":5})"},
            {"two quotes",
             R"({"snapshots":{"AAPL240426C00150000":{)" + q +
                 R"(,"latestQuote":{"bp":3,"ap":4,"t":null},"latestQuote":{"bp":5}}}})"},
            {"two trade prices",
             R"({"snapshots":{"AAPL240426C00150000":{"latestTrade":{"p":1.5,"p":"x"}}}})"},
            {"two volumes", R"({"snapshots":{"AAPL240426C00150000":{"dailyBar":{"v":7,"v":-1}}}})"},
            {"two deltas",
             R"({"snapshots":{"AAPL240426C00150000":{"greeks":{"delta":0.1,"delta":0.2}}}})"},
            {"repeated contract",
             R"({"snapshots":{"AAPL240426C00150000":{)" + q + R"(},"AAPL240426C00150000":{}}})"},
            {"escaped symbol", R"({"snapshots":{"AAPL240426C00150000":{)" + q + "}}}"},
            {"escaped field", R"({"snapshots":{"AAPL240426C00150000":{"latestQuote":)"
                              R"({"bp":1,"ap":2}}}})"},
            {"escaped root key", R"({"snapshots":{"AAPL240426C00150000":{}}})"},
            // Not a raw string: moc misreads a raw string with a backslash-quote in it.
            {"escaped token", "{\"snapshots\":{},\"next_page_token\":\"a\\\"b\\u00e9\"}"},
            {"numbers as text",
             R"({"snapshots":{"AAPL240426C00150000":{"latestQuote":{"bp":"1.5","ap":"2",)"
             R"("bs":"3","as":4.0},"dailyBar":{"v":"12"},"impliedVolatility":"0.2"}}})"},
            {"wrong types", R"({"snapshots":{"AAPL240426C00150000":{"latestQuote":{"bp":true}},)"
                            R"("AAPL240426C00160000":{"greeks":{"rho":[]}},)"
                            R"("AAPL240426C00170000":{"latestQuote":{"bp":1,"ap":2,"t":5}},)"
                            R"("AAPL240426C00180000":{"dailyBar":{"v":1.5}}}})"},
            {"big numbers", R"({"snapshots":{"AAPL240426C00150000":{"dailyBar":)"
                            R"({"v":18446744073709551615},"latestQuote":{"bp":1e400,"ap":1}}}})"},
            // More than 19 significant digits: the slow path of the number conversion (the fuzzer
            // found simdjson On-Demand, once production, reading 0.333...331 as 6.1e-100 when
            // built by clang 14).
            {"long mantissas",
             R"({"snapshots":{"AAPL240426C00150000":{"greeks":{"delta":0.5,"vega":)"
             R"(0.33333333333333333333333333333333333333333333333333333333333333333331},)"
             R"("latestQuote":{"bp":1.2000000000000000000000000001,"ap":12345678901234567890123},)"
             R"("impliedVolatility":"0.210000000000000000000000000000000000009"}}})"},
            {"null everywhere", R"({"snapshots":{"AAPL240426C00150000":null,)"
                                R"("AAPL240426C00160000":{"latestQuote":null,"greeks":null,)"
                                R"("impliedVolatility":null,"dailyBar":{"v":null}}},)"
                                R"("next_page_token":null})"},
            {"not null", R"({"snapshots":{"AAPL240426C00150000":{"latestQuote":nul}}})"},
            {"bad number", R"({"snapshots":{"AAPL240426C00150000":{"latestQuote":{"bp":1.2.3}}}})"},
            {"trailing garbage", R"({"snapshots":{}} {"x":1})"},
            {"trailing comma", R"({"snapshots":{},})"},
            // The cursor's memo of a page (the identity of the last symbol of each type, the day of
            // the last quote time) against the general parse.
            {"symbols sharing a head",
             R"({"snapshots":{"AAPL240426C00150000":{},"AAPL240426P00150000":{},)"
             R"("AAPL240426C00155000":{},"AAPL240426P00155500":{},"AAPL240503C00155000":{},)"
             R"("AAPL1240503C00155000":{},"AAPL240503C00160000":{}}})"},
            {"quote times",
             R"({"snapshots":{)"
             R"("AAPL240426C00150000":{"latestQuote":{"t":"2024-04-24T19:59:59.1Z"}},)"
             R"("AAPL240426C00151000":{"latestQuote":{"t":"2024-04-24T19:59:59.123456789012Z"}},)"
             R"("AAPL240426C00152000":{"latestQuote":{"t":"2024-04-24T19:59:59Z"}},)"
             R"("AAPL240426C00153000":{"latestQuote":{"t":"2024-04-24t09:05:07.5z"}},)"
             R"("AAPL240426C00154000":{"latestQuote":{"t":"2024-04-24T23:59:60.999Z"}},)"
             R"("AAPL240426C00155000":{"latestQuote":{"t":"2024-04-24T19:59:59.5-04:00"}},)"
             R"("AAPL240426C00156000":{"latestQuote":{"t":"9999-12-31T23:59:59.9Z"}},)"
             R"("AAPL240426C00157000":{"latestQuote":{"t":"9999-12-31T23:59:58.9Z"}},)"
             R"("AAPL240426C00158000":{"latestQuote":{"t":"2024-04-25T00:00:00.0Z"}}}})"},
            // What the cursor leaves to the DOM parser, or checks for structure only.
            {"pretty printed", "{\n  \"snapshots\": {\n    \"AAPL240426C00150000\": "
                               "{ \"latestQuote\" : { \"bp\" : 1 , \"ap\" : 2 } }\n  }\n}\n"},
            {"negative zero", R"({"snapshots":{"AAPL240426C00150000":{"latestQuote":)"
                              R"({"bp":-0,"ap":-0.0,"bs":-0,"as":0},"impliedVolatility":-0}}})"},
            {"exponents", R"({"snapshots":{"AAPL240426C00150000":{"latestQuote":{"bp":1e2,)"
                          R"("ap":2.5E-1,"bs":1e1,"as":3.0},"dailyBar":{"v":1E+2}}}})"},
            // Not a raw string: moc misreads brackets in a raw string.
            {"brackets in strings",
             "{\"snapshots\":{\"AAPL240426C00150000\":{\"minuteBar\":{\"x\":\"}]{[\",\"y\":"
             "[\"}\",{}]},\"latestQuote\":{\"bp\":1,\"ap\":2}}}}"},
            {"mismatched brackets", "{\"snapshots\":{\"AAPL240426C00150000\":{\"minuteBar\":"
                                    "{\"a\":[1}],\"latestQuote\":{}}}}"},
            {"deep unknown field", R"({"snapshots":{"AAPL240426C00150000":{"minuteBar":)" +
                                       QByteArray(100, '[') + QByteArray(100, ']') + "}}}"},
            {"non-ascii text", "{\"snapshots\":{\"AAPL240426C00150000\":{\"latestQuote\":"
                               "{\"bp\":1,\"ap\":2,\"c\":\"\xc3\xa9\"}}}}"},
            {"invalid utf-8", "{\"snapshots\":{\"AAPL240426C00150000\":{\"minuteBar\":"
                              "{\"c\":\"\xff\"}}}}"},
            {"control character", "{\"snapshots\":{\"AAPL240426C00150000\":{\"minuteBar\":"
                                  "{\"c\":\"a\x01\"}}}}"},
            {"escape in a skipped string", "{\"snapshots\":{\"AAPL240426C00150000\":{\"minuteBar\":"
                                           "{\"c\":\"a\\\"}\"}}}}"},
            {"after the trade price", "{\"snapshots\":{\"AAPL240426C00150000\":{\"latestTrade\":"
                                      "{\"p\":1.5,\"x\":{\"y\":[1,2]},\"z\":\"}\"}}}}"},
        };
        for (const auto &[name, json] : cases)
            QTest::newRow(name) << json;
        // One bad value a page, after a good one that primes the cursor's memo (the same symbol
        // head, the same date): a refusal elsewhere in the page would hide a wrong acceptance.
        for (const char *strike : {"0015000X", "00000000", "0015000", "001500000", "-0015000"})
            QTest::newRow(QByteArray("bad strike ").append(strike).constData())
                << QByteArray(R"({"snapshots":{"AAPL240426C00150000":{},"AAPL240426C)" +
                              QByteArray(strike) + R"(":{}}})");
        for (const char *t :
             {"2024-04-24T19:59:59.1234567890123Z", "2024-04-24T24:00:00.0Z",
              "2024-04-24T19:60:00.0Z", "2024-04-24T19:59:61.0Z", "2024-04-24T19:59:59.x1Z",
              "2024-04-24T1a:59:59.1Z", "2024-04-24T19:59:59.Z", "2024-04-24T19:59:59.1ZZ",
              "2024-04-24T19:59:59.1234567x9Z", "2024-04-24T19:59:59.12345678xZ",
              "2024-04-24T19:59:59.x23456789Z"})
            QTest::newRow(QByteArray("bad time ").append(t).constData())
                << QByteArray(R"({"snapshots":{"AAPL240426C00150000":{"latestQuote":{"t":)"
                              R"("2024-04-24T19:59:59.1Z"}},"AAPL240426C00151000":)"
                              R"({"latestQuote":{"bp":1,"ap":2,"t":")" +
                              QByteArray(t) + R"("}}}})");
        QTest::newRow("bad time 9999-12-31T23:59:60.0Z")
            << QByteArray(R"({"snapshots":{"AAPL240426C00150000":{"latestQuote":{"t":)"
                          R"("9999-12-31T23:59:58.1Z"}},"AAPL240426C00151000":)"
                          R"({"latestQuote":{"bp":1,"ap":2,"t":"9999-12-31T23:59:60.0Z"}}}})");
    }
    void cursorFollowsTheDomParserOnOddPages() {
        QFETCH(QByteArray, json);
        QCOMPARE(cursorDiffers(
                     std::string_view(json.constData(), static_cast<std::size_t>(json.size()))),
                 std::string());
    }

    void cursorFollowsTheDomParserOnCorruptedPages() {
        for (const char *name : {"chain_go_page2.json", "chain_mspec.json"}) {
            const std::string why =
                firstDifferenceOnCorruptedCopies(data(name), 3000, cursorDiffers);
            QVERIFY2(why.empty(), why.c_str());
        }
    }

    // ---- hostile chain pages ----

    void chainTruncatedAtEveryByte_data() { addParsers(); }
    void chainTruncatedAtEveryByte() {
        QFETCH(ChainParser, parser);
        const QByteArray full = data("chain_mspec.json").trimmed();
        for (qsizetype n = 0; n < full.size(); ++n) {
            std::vector<OptionContract> out(1); // errors must leave what was there
            const QByteArray cut = full.left(n);
            auto r =
                parser(std::string_view(cut.constData(), static_cast<std::size_t>(n)), "AAPL", out);
            QVERIFY2(!r.ok(), qPrintable(QStringLiteral("prefix of %1 bytes accepted").arg(n)));
            QVERIFY(r.error().message.starts_with("Alpaca sent an unreadable option chain page"));
            QCOMPARE(out.size(), std::size_t(1));
        }
    }

    void chainCorruptedBytesNeverCrash_data() { addParsers(); }
    void chainCorruptedBytesNeverCrash() {
        QFETCH(ChainParser, parser);
        const QByteArray full = data("chain_go_page2.json");
        const char replacements[] = {'"', '{', '}', '[', ']', ',', ':', '\\', '\0', 'x', '9', '-'};
        std::uint32_t rng = 12345;
        for (int i = 0; i < 3000; ++i) {
            QByteArray bad = full;
            for (int k = 0; k < 3; ++k) {
                rng = rng * 1103515245u + 12345u;
                const auto pos =
                    static_cast<qsizetype>(rng % static_cast<std::uint32_t>(bad.size()));
                bad[pos] = replacements[(rng >> 16) % sizeof replacements];
            }
            Parsed p = parseWith(parser, bad);
            if (p.info.ok()) {
                for (const OptionContract &c : p.contracts) {
                    QVERIFY(!c.quote ||
                            (std::isfinite(c.quote->bid) && std::isfinite(c.quote->ask)));
                    QVERIFY(c.strike >= 0);
                }
            }
        }
    }

    void chainWholePageErrors_data() {
        QTest::addColumn<ChainParser>("parser");
        QTest::addColumn<QByteArray>("json");
        const std::pair<const char *, const char *> cases[] = {
            {"empty", ""},
            {"whitespace", "   "},
            {"not json", "<html>502 Bad Gateway</html>"},
            {"array root", "[]"},
            {"string root", "\"snapshots\""},
            {"no snapshots", "{\"next_page_token\":null}"},
            {"snapshots array", "{\"snapshots\":[]}"},
            {"snapshots string", "{\"snapshots\":\"x\"}"},
            {"token number", "{\"snapshots\":{},\"next_page_token\":5}"},
            {"trailing garbage", "{\"snapshots\":{}} {\"x\":1}"},
            {"deep nesting", nullptr},
        };
        for (const auto &[name, json] : cases) {
            const QByteArray body =
                json ? QByteArray(json) : QByteArray(5000, '[') + QByteArray(5000, ']');
            QTest::newRow(QByteArray(QByteArray("simdjson ") + name).constData())
                << ChainParser(parseChainPageSimdjson) << body;
            QTest::newRow(QByteArray(QByteArray("cursor ") + name).constData())
                << ChainParser(parseChainPageCursor) << body;
            QTest::newRow(QByteArray(QByteArray("qt ") + name).constData())
                << ChainParser(parseChainPageQt) << body;
        }
    }
    void chainWholePageErrors() {
        QFETCH(ChainParser, parser);
        QFETCH(QByteArray, json);
        const Parsed p = parseWith(parser, json);
        QVERIFY(!p.info.ok());
        QVERIFY(
            p.info.error().message.starts_with("Alpaca sent an unreadable option chain page: "));
        QVERIFY(p.contracts.empty());
    }

    void chainContractLevelProblemsAreSkippedAndCounted_data() {
        QTest::addColumn<ChainParser>("parser");
        QTest::addColumn<QByteArray>("snapshot");
        QTest::addColumn<bool>("kept");
        const std::tuple<const char *, const char *, bool> cases[] = {
            {"bp as numeric string",
             R"({"latestQuote":{"bp":"4.15","ap":"4.3","bs":"16","as":91}})", true},
            {"bp as text", R"({"latestQuote":{"bp":"abc","ap":4.3}})", false},
            {"bp as object", R"({"latestQuote":{"bp":{},"ap":4.3}})", false},
            {"bp as bool", R"({"latestQuote":{"bp":true,"ap":4.3}})", false},
            {"bp null", R"({"latestQuote":{"bp":null,"ap":4.3}})", true},
            {"quote as string", R"({"latestQuote":"4.15"})", false},
            {"quote null", R"({"latestQuote":null,"greeks":null,"latestTrade":null})", true},
            {"greeks as array", R"({"greeks":[0.5]})", false},
            {"delta as text", R"({"greeks":{"delta":"high"}})", false},
            {"iv as object", R"({"impliedVolatility":{}})", false},
            {"iv as numeric string", R"({"impliedVolatility":"0.25"})", true},
            {"negative volume", R"({"dailyBar":{"v":-3}})", false},
            {"fractional volume", R"({"dailyBar":{"v":1.5}})", false},
            {"volume beyond int64", R"({"dailyBar":{"v":18446744073709551615}})", false},
            {"size beyond int", R"({"latestQuote":{"bp":1,"ap":2,"bs":99999999999,"as":1}})", true},
            {"bad time", R"({"latestQuote":{"bp":1,"ap":2,"t":"yesterday"}})", false},
            {"time as number", R"({"latestQuote":{"bp":1,"ap":2,"t":1700000000}})", false},
            {"snapshot as number", R"(42)", false},
            {"snapshot null", R"(null)", true},
            {"unknown fields",
             R"({"futureField":{"a":[1,2,{"b":null}]},"latestQuote":{"bp":1,"ap":2,"zz":"?"}})",
             true},
        };
        for (const auto &[name, snap, kept] : cases) {
            QTest::newRow(QByteArray(QByteArray("simdjson ") + name).constData())
                << ChainParser(parseChainPageSimdjson) << QByteArray(snap) << kept;
            QTest::newRow(QByteArray(QByteArray("cursor ") + name).constData())
                << ChainParser(parseChainPageCursor) << QByteArray(snap) << kept;
            QTest::newRow(QByteArray(QByteArray("qt ") + name).constData())
                << ChainParser(parseChainPageQt) << QByteArray(snap) << kept;
        }
    }
    void chainContractLevelProblemsAreSkippedAndCounted() {
        QFETCH(ChainParser, parser);
        QFETCH(QByteArray, snapshot);
        QFETCH(bool, kept);
        // The bad contract sits between two good ones: only it may go.
        const QByteArray good = R"({"latestQuote":{"bp":1.0,"ap":1.1}})";
        const QByteArray json = "{\"snapshots\":{\"AAPL240426C00150000\":" + good +
                                ",\"AAPL240426C00162500\":" + snapshot +
                                ",\"AAPL240426P00170000\":" + good + "},\"next_page_token\":null}";
        const Parsed p = parseWith(parser, json);
        QVERIFY2(p.info.ok(), p.info.ok() ? "" : p.info.error().message.c_str());
        QCOMPARE(p.contracts.size(), std::size_t(kept ? 3 : 2));
        QCOMPARE(p.info->skipped.count, kept ? 0 : 1);
        if (!kept) {
            QVERIFY(p.info->skipped.examples.at(0).starts_with("AAPL240426C00162500: "));
        }
        for (const OptionContract &c : p.contracts) {
            if (c.quote) {
                QVERIFY(std::isfinite(c.quote->bid));
                QVERIFY(c.quote->bidSize >= 0);
            }
        }
    }

    void chainNumericStringsAreRead_data() { addParsers(); }
    void chainNumericStringsAreRead() {
        QFETCH(ChainParser, parser);
        const Parsed p = parseWith(
            parser, page(R"({"latestQuote":{"bp":"4.15","ap":"4.3","bs":"16","as":91}})"));
        QVERIFY(p.info.ok());
        QCOMPARE(p.contracts.at(0).quote->bid, 4.15);
        QCOMPARE(p.contracts.at(0).quote->bidSize, 16);
    }

    void chainHugeNumbersNeverYieldInfinity_data() { addParsers(); }
    void chainHugeNumbersNeverYieldInfinity() {
        QFETCH(ChainParser, parser);
        for (const char *snap :
             {R"({"latestQuote":{"bp":1e400,"ap":2}})", R"({"latestQuote":{"bp":"1e400","ap":2}})",
              R"({"impliedVolatility":-1e999})",
              R"({"latestQuote":{"bp":123456789012345678901234567890,"ap":2}})"}) {
            const Parsed p = parseWith(parser, page(snap));
            // A page error (simdjson refuses out-of-range numbers outright) or a skipped
            // contract; never an infinite price.
            if (p.info.ok()) {
                for (const OptionContract &c : p.contracts) {
                    QVERIFY(!c.quote || std::isfinite(c.quote->bid));
                    QVERIFY(!c.impliedVol || std::isfinite(*c.impliedVol));
                }
            }
        }
    }

    void chainInvalidOccSymbolsAreSkipped_data() { addParsers(); }
    void chainInvalidOccSymbolsAreSkipped() {
        QFETCH(ChainParser, parser);
        const QByteArray snap = R"({"latestQuote":{"bp":1,"ap":2}})";
        QByteArray json = "{\"snapshots\":{";
        const char *symbols[] = {"XOM2241220P00280000", // adjusted root XOM2: valid
                                 "SPXW240327P04925000", // weekly root: valid
                                 "BAD",
                                 "",
                                 "AAPL24042XC00162500",
                                 "AAPL240431C00162500",
                                 "AAPL240426X00162500",
                                 "aapl240426c00162500",
                                 "TOOLONGROOT240426C00162500",
                                 "AAPL240426C0016250\\u0000"};
        bool first = true;
        for (const char *s : symbols) {
            json += (first ? "\"" : ",\"") + QByteArray(s) + "\":" + snap;
            first = false;
        }
        json += "}}";
        const Parsed p = parseWith(parser, json, "XOM");
        QVERIFY2(p.info.ok(), p.info.ok() ? "" : p.info.error().message.c_str());
        QCOMPARE(p.contracts.size(), std::size_t(2));
        QCOMPARE(p.info->skipped.count, 8);
        for (const OptionContract &c : p.contracts) {
            QCOMPARE(c.underlying, std::string("XOM"));
            if (c.symbol == "XOM2241220P00280000") {
                QCOMPARE(c.root, std::string("XOM2"));
                QCOMPARE(c.strike, 280.0);
                QVERIFY(c.expiry == ymd(2024, 12, 20));
            }
        }
    }

    // ---- contracts ----

    void contractsExample() {
        auto page = parseContractsPage(data("contracts_pyoc.json"));
        QVERIFY(page.ok());
        QCOMPARE(page->contracts.size(), std::size_t(1));
        const ContractInfo &c = page->contracts[0];
        QCOMPARE(c.symbol, std::string("AAPL231103C00170000"));
        QCOMPARE(c.underlying, std::string("AAPL"));
        QCOMPARE(c.openInterest.value_or(-1), std::int64_t(0));
        QCOMPARE(c.multiplier, 100.0); // absent in the example: standard contract
        QVERIFY(!c.closePrice);        // null
        QVERIFY(c.tradable);
        QVERIFY(!page->nextPageToken);
    }

    void contractsStringsNullsAndBadEntries() {
        const QByteArray body = R"({"option_contracts":[
            {"symbol":"SPY260116C00600000","open_interest":"237","multiplier":"100","close_price":"148.38"},
            {"symbol":"SPY260116C00601000","open_interest":null,"multiplier":"10","close_price":null},
            {"symbol":"SPY260116C00602000","open_interest":237,"multiplier":100},
            {"symbol":"SPY260116C00603000","open_interest":"lots"},
            {"symbol":"SPY260116C00604000","multiplier":"0"},
            {"open_interest":"5"},
            "not an object"
        ],"next_page_token":"MTAwMA=="})";
        auto page = parseContractsPage(body);
        QVERIFY(page.ok());
        QCOMPARE(page->nextPageToken.value_or(""), std::string("MTAwMA=="));
        QCOMPARE(page->contracts.size(), std::size_t(3));
        QCOMPARE(page->skipped.count, 4);
        QCOMPARE(page->contracts[0].openInterest.value_or(-1), std::int64_t(237));
        QCOMPARE(page->contracts[0].closePrice.value_or(0), 148.38);
        QVERIFY(!page->contracts[1].openInterest);
        QCOMPARE(page->contracts[1].multiplier, 10.0);
        QCOMPARE(page->contracts[2].openInterest.value_or(-1), std::int64_t(237));
        QVERIFY(!parseContractsPage("{\"option_contracts\":{}}").ok());
        QVERIFY(!parseContractsPage("{\"option_contracts\":[").ok());
    }

    // The fields are found in one pass over each contract's keys: wherever they sit, whatever
    // nested objects hold keys of the same name, the first occurrence of a key counts, and the
    // reason names the first unusable field in the reading order (symbol, underlying, status,
    // tradable, open interest, multiplier, close price), not in the order of the text.
    void contractsFieldsFoundInAnyOrder() {
        const QByteArray body = R"({"next_page_token":null,"option_contracts":[
            {"close_price":"1.5","deliverables":[{"symbol":"AAPL","multiplier":"7"}],
             "multiplier":"10","open_interest":"12","tradable":true,"status":"active",
             "underlying_symbol":"SPY","symbol":"SPY260116C00600000","id":"x"},
            {"symbol":"SPY260116C00601000","open_interest":"5","open_interest":"lots",
             "symbol":"SPY260116C00699000"},
            {"close_price":"nope","open_interest":"lots","symbol":"SPY260116C00602000"},
            {"multiplier":"x","tradable":"maybe","symbol":"SPY260116C00603000"},
            {"underlying_symbol":5,"symbol":"SPY260116C00604000"}
        ]})";
        auto page = parseContractsPage(body);
        QVERIFY(page.ok());
        QCOMPARE(page->contracts.size(), std::size_t(2));
        const ContractInfo &a = page->contracts[0];
        QCOMPARE(a.symbol, std::string("SPY260116C00600000"));
        QCOMPARE(a.underlying, std::string("SPY"));
        QCOMPARE(a.status, std::string("active"));
        QVERIFY(a.tradable);
        QCOMPARE(a.openInterest.value_or(-1), std::int64_t(12));
        QCOMPARE(a.multiplier, 10.0); // not the deliverable's 7
        QCOMPARE(a.closePrice.value_or(0), 1.5);
        const ContractInfo &b = page->contracts[1]; // the first of each repeated key
        QCOMPARE(b.symbol, std::string("SPY260116C00601000"));
        QCOMPARE(b.openInterest.value_or(-1), std::int64_t(5));
        QVERIFY(!b.tradable);
        QCOMPARE(b.multiplier, 100.0);
        QCOMPARE(page->skipped.count, 3);
        QCOMPARE(page->skipped.examples.size(), std::size_t(3));
        QCOMPARE(page->skipped.examples[0],
                 std::string("Alpaca's option contract has an unusable \"open_interest\": "
                             "\"lots\", expected a whole number"));
        QCOMPARE(page->skipped.examples[1],
                 std::string("Alpaca's option contract has an unusable \"tradable\": "
                             "\"maybe\", expected true or false"));
        QCOMPARE(page->skipped.examples[2],
                 std::string("Alpaca's option contract has an unusable \"underlying_symbol\": "
                             "a number, expected text"));
    }

    // readContractsPage (views, what the chain's merge reads) and parseContractsPage (copies)
    // give the same entries and skips; the caller's vector is refilled, and emptied on an error.
    void contractsViewsMatchCopies() {
        const QByteArray body = R"({"option_contracts":[
            {"symbol":"SPY260116C00600000","underlying_symbol":"SPY","status":"active",
             "tradable":true,"open_interest":"237","multiplier":"100","close_price":"1.5"},
            {"symbol":"SPY260116C00601000","open_interest":null,"multiplier":10},
            {"symbol":"SPY260116C00602000","open_interest":"lots"},
            "not an object"
        ],"next_page_token":"MTAwMA=="})";
        std::vector<ContractInfoView> views(3); // stale entries from an earlier page
        auto info = readContractsPage(std::string_view(body.constData(), body.size()), views);
        auto copies = parseContractsPage(body);
        QVERIFY(info.ok() && copies.ok());
        QCOMPARE(info->contracts, 2);
        QCOMPARE(views.size(), copies->contracts.size());
        QCOMPARE(info->skipped.count, copies->skipped.count);
        QCOMPARE(info->skipped.examples, copies->skipped.examples);
        QCOMPARE(info->nextPageToken, copies->nextPageToken);
        for (std::size_t i = 0; i < views.size(); ++i) {
            const ContractInfo &c = copies->contracts[i];
            QCOMPARE(std::string(views[i].symbol), c.symbol);
            QCOMPARE(std::string(views[i].underlying), c.underlying);
            QCOMPARE(std::string(views[i].status), c.status);
            QCOMPARE(views[i].tradable, c.tradable);
            QCOMPARE(views[i].openInterest, c.openInterest);
            QCOMPARE(views[i].multiplier, c.multiplier);
            QCOMPARE(views[i].closePrice, c.closePrice);
        }
        QVERIFY(!readContractsPage("{\"option_contracts\":[", views).ok());
        QVERIFY(views.empty());
    }

    // The contracts pages' production reader follows the DOM reader: on Alpaca's page, on what
    // JSON allows and Alpaca does not send, and on thousands of corrupted pages.
    void contractsCursorFollowsTheDomReader_data() {
        QTest::addColumn<QByteArray>("json");
        const QByteArray e = R"({"symbol":"SPY260116C00600000","open_interest":"12"})";
        const std::pair<const char *, QByteArray> cases[] = {
            {"alpaca's page", data("contracts_pyoc.json")},
            {"empty list", R"({"option_contracts":[],"next_page_token":null})"},
            // The cursor expects the first entry's key order in the others.
            {"entries in other orders",
             R"({"option_contracts":[{"symbol":"A","open_interest":"1","multiplier":"100"},)"
             R"({"multiplier":"10","symbol":"B","open_interest":"2"},)"
             R"({"open_interest":"3","x":1,"symbol":"C"},{"symbol":"D"},)"
             R"({"symbol":"E","open_interest":"5","multiplier":"100","close_price":"1.5"}]})"},
            {"null list", R"({"option_contracts":null})"},
            {"token first", R"({"next_page_token":"MTAwMA==","option_contracts":[)" + e + "]}"},
            {"two lists", R"({"option_contracts":[)" + e + R"(],"option_contracts":5})"},
            {"repeated keys", R"({"option_contracts":[{"symbol":"A","symbol":"B",)"
                              R"("open_interest":1,"open_interest":"x","multiplier":10,)"
                              R"("multiplier":-1}]})"},
            {"numbers and text",
             R"({"option_contracts":[{"symbol":"S","open_interest":7,"multiplier":" +100 ",)"
             R"("close_price":1.25,"tradable":"true","status":null,"underlying_symbol":null}]})"},
            {"open interest as text",
             R"({"option_contracts":[{"symbol":"S","open_interest":"0419"},)"
             R"({"symbol":"T","open_interest":"123456789012345"},)"
             R"({"symbol":"U","open_interest":"1234567890123456"},{"symbol":"V","open_interest":"0"},)"
             R"({"symbol":"W","open_interest":" 12 "},{"symbol":"X","open_interest":"+7"}]})"},
            {"open interest beyond 9e15",
             R"({"option_contracts":[{"symbol":"S","open_interest":"9000000000000001"}]})"},
            {"whole numbers", R"({"option_contracts":[{"symbol":"S","open_interest":"12.0"},)"
                              R"({"symbol":"T","open_interest":12.0},{"symbol":"U",)"
                              R"("open_interest":1e3},{"symbol":"V","open_interest":-0}]})"},
            {"unusable entries", R"({"option_contracts":[{"open_interest":"1"},)"
                                 R"({"symbol":"S","open_interest":-4},{"symbol":"T",)"
                                 R"("multiplier":"0"},{"symbol":7},"text",)" +
                                     e + "]}"},
            {"big numbers", R"({"option_contracts":[{"symbol":"S",)"
                            R"("open_interest":123456789012345678901,"close_price":1e400}]})"},
            // Decimal text: the plain forms are read without a cursor, the others as before.
            {"decimal text",
             R"({"option_contracts":[{"symbol":"A","multiplier":"100","close_price":"132.21"},)"
             R"({"symbol":"B","multiplier":"0100","close_price":".5"},)"
             R"({"symbol":"C","multiplier":"5.","close_price":"0.05"},)"
             R"({"symbol":"D","multiplier":"1e2","close_price":"9007199254740993"},)"
             R"({"symbol":"E","multiplier":"100","close_price":"1234567890123456789"},)"
             R"({"symbol":"F","multiplier":"10.0","close_price":"12345678901234567890"},)"
             R"({"symbol":"G","multiplier":"100","close_price":"0.00000000000000000000001"},)"
             R"({"symbol":"I","multiplier":"100","close_price":"0"}]})"},
            {"decimal text not a number",
             R"({"option_contracts":[{"symbol":"H","multiplier":"100","close_price":"1.2.3"}]})"},
            // Keys learnt from the first entry, met again repeated and out of place.
            {"learnt order broken",
             R"({"option_contracts":[{"id":"1","symbol":"A","open_interest":"1","status":"active"},)"
             R"({"id":"2","symbol":"B","symbol":"X","open_interest":"2","status":"active"},)"
             R"({"id":"3","open_interest":"3","open_interest":"4","symbol":"C","status":"x"},)"
             R"({"status":"a","id":"4","symbol":"D","symbol":"E","open_interest":"5"}]})"},
            {"pretty printed", "{\n  \"option_contracts\": [\n    " + e + "\n  ]\n}\n"},
            {"nested unknown fields", "{\"option_contracts\":[{\"symbol\":\"S\",\"x\":"
                                      "{\"a\":[\"}\",{\"b\":\"]\"}]},\"y\":[]}]}"},
            {"mismatched brackets",
             "{\"option_contracts\":[{\"symbol\":\"S\",\"x\":{\"a\":[1}]}]}"},
            {"escaped text", "{\"option_contracts\":[{\"symbol\":\"S\\u0041\"}]}"},
            {"non-ascii text", "{\"option_contracts\":[{\"symbol\":\"S\",\"name\":\"\xc3\xa9\"}]}"},
            {"invalid utf-8", "{\"option_contracts\":[{\"symbol\":\"S\",\"name\":\"\xff\"}]}"},
            {"trailing garbage", R"({"option_contracts":[]} x)"},
            {"trailing comma", R"({"option_contracts":[)" + e + ",]}"},
            {"not json", "<html>502</html>"},
            {"empty", ""},
        };
        for (const auto &[name, json] : cases)
            QTest::newRow(name) << json;
        // A multiplier of the same length that changes from one entry to the next (the reader
        // keeps the last one's value): each entry's own.
        std::vector<std::string> entries = contractEntries(12, false);
        const std::pair<int, const char *> multipliers[] = {{5, "250"}, {6, "250"},  {7, "0.5"},
                                                            {9, "010"}, {10, "1e2"}, {11, "10x"}};
        for (const auto &[i, m] : multipliers) {
            std::string &entry = entries[static_cast<std::size_t>(i)];
            const std::string key = "\"multiplier\":\"100\"";
            entry.replace(entry.find(key), key.size(), "\"multiplier\":\"" + std::string(m) + "\"");
        }
        QByteArray page = R"({"option_contracts":[)";
        for (std::size_t i = 0; i < entries.size(); ++i)
            page += QByteArray(i == 0 ? "" : ",") + entries[i].c_str();
        QTest::newRow("multipliers changing") << page + "]}";
    }
    void contractsCursorFollowsTheDomReader() {
        QFETCH(QByteArray, json);
        QCOMPARE(contractsCursorDiffers(
                     std::string_view(json.constData(), static_cast<std::size_t>(json.size()))),
                 std::string());
    }

    // The pages Alpaca sends are read by the cursor itself (not handed to the DOM reader): its
    // sample, and decimal text in every plain form.
    void contractsCursorReadsAlpacasPagesItself() {
        const QByteArray sample = data("contracts_pyoc.json");
        const std::string decimals =
            R"({"option_contracts":[{"symbol":"A","multiplier":"100","close_price":"132.21"},)"
            R"({"symbol":"B","multiplier":"10.0","close_price":"0.05"},)"
            R"({"symbol":"C","multiplier":"100","close_price":"0"}]})";
        for (const std::string_view page :
             {std::string_view(sample.constData(), static_cast<std::size_t>(sample.size())),
              std::string_view(decimals)}) {
            std::vector<ContractInfoView> views;
            ContractsPageInfo info;
            QVERIFY(detail::readContractsPageWithCursor(page, views, info));
            QVERIFY(!views.empty());
            QCOMPARE(contractsCursorDiffers(page), std::string());
        }
    }
    void contractsCursorFollowsTheDomReaderOnCorruptedPages() {
        const std::string why = firstDifferenceOnCorruptedCopies(data("contracts_pyoc.json"), 6000,
                                                                 contractsCursorDiffers);
        QVERIFY2(why.empty(), why.c_str());
    }

    // After two entries the contracts cursor reads a page's entries by their template
    // (entry_template.h), in Alpaca's key order and the DEMO server's, with either step width:
    // as the DOM reader reads them.
    void contractsTemplateReadsAsTheDomReader() {
        for (const bool alphabetical : {false, true}) {
            const std::string page = contractsPageOf(contractEntries(60, alphabetical));
            withEachStepWidth([&] {
                std::vector<ContractInfoView> views;
                ContractsPageInfo info;
                const std::uint64_t before = detail::contractsReadByTemplate();
                QVERIFY(detail::readContractsPageWithCursor(page, views, info));
                QCOMPARE(views.size(), std::size_t(60));
                const std::uint64_t templated = detail::contractsReadByTemplate() - before;
                QVERIFY2(templated >= 50, qPrintable(QString::number(templated)));
                QCOMPARE(contractsCursorDiffers(page), std::string());
            });
        }
    }

    // An entry after the template was built that differs from it anyhow: read the general way,
    // or by the DOM reader, as the DOM reader reads it.
    void contractsTemplateFollowsTheDomReaderOnOddEntries_data() {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        const std::pair<const char *, std::pair<QByteArray, QByteArray>> cases[] = {
            {"escape in a skipped text", {"\"name\":\"SPY", "\"name\":\"S\\u0050Y"}},
            {"control character in an id",
             {"\"id\":\"0000", "\"id\":\"00\x01"
                               "0"}},
            {"non-ascii in a name", {"Jan 16", "J\xc3\xa9n 16"}},
            {"quote in a name", {"Jan 16", "Ja\" 16"}},
            {"not tradable", {"\"tradable\":true", "\"tradable\":false"}},
            {"tradable as text", {"\"tradable\":true", "\"tradable\":\"true\""}},
            {"tradable as other text", {"\"tradable\":true", "\"tradable\":\"yes!\""}},
            {"status of another length", {"\"active\"", "\"inactive\""}},
            {"status of the same length", {"\"active\"", "\"closed\""}},
            {"longer symbol", {"\"SPY260116", "\"SPYW260116"}},
            {"symbol null", {"\"symbol\":\"SPY260116C00620000\"", "\"symbol\":null"}},
            {"key renamed", {"\"style\"", "\"stile\""}},
            {"key dropped", {"\"style\":\"american\",", ""}},
            {"key added", {"\"style\":", "\"extra\":[1,{\"a\":\"]\"}],\"style\":"}},
            {"symbol repeated", {"\"style\":", "\"symbol\":\"X\",\"style\":"}},
            {"whitespace", {"\"style\":", "\"style\" : "}},
            {"open interest a number", {"\"open_interest\":\"", "\"open_interest\":17,\"x\":\""}},
            {"open interest negative", {"\"open_interest\":\"", "\"open_interest\":\"-"}},
            {"open interest not a number", {"\"open_interest\":\"", "\"open_interest\":\"x"}},
            {"multiplier zero", {"\"multiplier\":\"100\"", "\"multiplier\":\"000\""}},
            {"multiplier ten", {"\"multiplier\":\"100\"", "\"multiplier\":\"010\""}},
            {"multiplier a number", {"\"multiplier\":\"100\"", "\"multiplier\":100.0"}},
            {"size null", {"\"size\":\"100\"", "\"size\":null"}},
            {"close price null", {"\"close_price\":\"", "\"close_price\":null,\"x\":\""}},
            {"escape in a status of the same length", {"\"active\"", "\"ac\\tve\""}},
            {"control character in a symbol",
             {"\"SPY260116", "\"SPY\x1f"
                             "60116"}},
            {"not an object", {"{\"", "[\""}},
        };
        for (const auto &[name, change] : cases)
            QTest::newRow(name) << change.first << change.second;
    }
    void contractsTemplateFollowsTheDomReaderOnOddEntries() {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        for (const bool alphabetical : {false, true}) {
            std::vector<std::string> entries = contractEntries(60, alphabetical);
            std::string &odd = entries[40];
            const std::size_t at = odd.find(from.toStdString());
            QVERIFY(at != std::string::npos);
            odd.replace(at, static_cast<std::size_t>(from.size()), to.toStdString());
            const std::string page = contractsPageOf(entries);
            withEachStepWidth([&] { QCOMPARE(contractsCursorDiffers(page), std::string()); });
        }
    }

    // Thousands of corrupted copies of a page read by templates, with either step width.
    void contractsTemplateFollowsTheDomReaderOnCorruptedPages() {
        const std::string page = contractsPageOf(contractEntries(40, false));
        const QByteArray good(page.data(), static_cast<qsizetype>(page.size()));
        withEachStepWidth([&] {
            const std::string why =
                firstDifferenceOnCorruptedCopies(good, 3000, contractsCursorDiffers);
            QVERIFY2(why.empty(), why.c_str());
        });
    }

    // Open interest, close price and tradable the same text in every entry: the template reads
    // them in its runs. A later entry with other text of the same length there is read as the
    // DOM reader reads it: by the template where the text converts ("012", "0.05", "false" is
    // longer), the general way or by the DOM reader where it does not.
    void contractsTemplateConvertsTextInItsRuns_data() {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<bool>("byTemplate");
        const std::tuple<const char *, QByteArray, QByteArray, bool> cases[] = {
            {"open interest 012", "\"open_interest\":\"100\"", "\"open_interest\":\"012\"", true},
            {"open interest 999", "\"open_interest\":\"100\"", "\"open_interest\":\"999\"", true},
            {"open interest -10", "\"open_interest\":\"100\"", "\"open_interest\":\"-10\"", false},
            {"open interest 1.5", "\"open_interest\":\"100\"", "\"open_interest\":\"1.5\"", false},
            {"open interest 1e2", "\"open_interest\":\"100\"", "\"open_interest\":\"1e2\"", true},
            {"open interest space", "\"open_interest\":\"100\"", "\"open_interest\":\" 12\"", true},
            {"open interest x.y", "\"open_interest\":\"100\"", "\"open_interest\":\"x.y\"", false},
            {"close price 0.05", "\"close_price\":\"1.25\"", "\"close_price\":\"0.05\"", true},
            {"close price 1e-2", "\"close_price\":\"1.25\"", "\"close_price\":\"1e-2\"", true},
            {"close price -1.2", "\"close_price\":\"1.25\"", "\"close_price\":\"-1.2\"", true},
            {"close price 1.2x", "\"close_price\":\"1.25\"", "\"close_price\":\"1.2x\"", false},
            {"tradable TRUE", "\"tradable\":\"true\"", "\"tradable\":\"TRUE\"", false},
            {"tradable fals", "\"tradable\":\"true\"", "\"tradable\":\"fals\"", false},
            {"tradable false", "\"tradable\":\"true\"", "\"tradable\":\"false\"", false},
            {"multiplier 010", "\"multiplier\":\"100\"", "\"multiplier\":\"010\"", true},
            {"multiplier 000", "\"multiplier\":\"100\"", "\"multiplier\":\"000\"", false},
            {"status closed", "\"active\"", "\"closed\"", true},
        };
        for (const auto &[name, from, to, byTemplate] : cases)
            QTest::newRow(name) << from << to << byTemplate;
    }
    void contractsTemplateConvertsTextInItsRuns() {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(bool, byTemplate);
        for (const bool alphabetical : {false, true}) {
            std::vector<std::string> entries = contractEntries(60, alphabetical, true);
            // All but the first two and one miss (the first put after two calls).
            const int clean = readByTemplate(contractsPageOf(entries));
            QCOMPARE(clean, 57);
            std::string &odd = entries[40];
            const std::size_t at = odd.find(from.toStdString());
            QVERIFY(at != std::string::npos);
            odd.replace(at, static_cast<std::size_t>(from.size()), to.toStdString());
            const std::string page = contractsPageOf(entries);
            withEachStepWidth([&] {
                QCOMPARE(contractsCursorDiffers(page), std::string());
                // Taken by the template: as many as on the clean page; otherwise the odd one is
                // read the general way (one fewer) or the page by the DOM reader (-1).
                if (byTemplate)
                    QCOMPARE(readByTemplate(page), clean);
                else
                    QVERIFY(readByTemplate(page) < clean);
            });
        }
    }

    // Pages a template meets less often: the last entry without room after it for a run's last
    // step (a null token), a key repeated in every entry, whitespace between entries.
    void contractsTemplateOnOtherPages() {
        std::vector<std::string> repeated = contractEntries(30, false);
        for (std::string &e : repeated)
            e.insert(1, "\"open_interest\":\"7\",\"symbol\":\"FIRST\",");
        const std::pair<const char *, std::string> pages[] = {
            {"null token", contractsPageOf(contractEntries(30, false), "null")},
            {"repeated keys", contractsPageOf(repeated)},
            {"spaces between", contractsPageOf(contractEntries(30, false), "null", ", ")},
        };
        for (const auto &[name, page] : pages)
            withEachStepWidth([&] {
                QVERIFY2(readByTemplate(page) >= 0, name);
                QCOMPARE(contractsCursorDiffers(page), std::string());
            });
        QVERIFY(readByTemplate(pages[0].second) >= 20);
        QVERIFY(readByTemplate(pages[1].second) >= 20);
    }

    // The merge's index finds every symbol of a generated chain at its position, the first of a
    // repeated symbol, and nothing for a symbol the chain lacks.
    void symbolIndexFindsTheFirstOccurrence() {
        const auto chain = cg::testing::generateChainPages(2, 700);
        std::vector<OptionContract> contracts;
        for (const std::string &pg : chain.pages)
            QVERIFY(parseChainPage(pg, "SPY", contracts).ok());
        contracts.push_back(contracts[5]); // a symbol listed twice (overlapping pages)
        const SymbolIndex index(contracts);
        for (std::size_t i = 0; i + 1 < contracts.size(); ++i)
            QCOMPARE(index.find(contracts[i].symbol), i);
        QCOMPARE(index.find("SPY991231C00001000"), SymbolIndex::npos);
        QCOMPARE(index.find(""), SymbolIndex::npos);
        const std::vector<OptionContract> none;
        QCOMPARE(SymbolIndex(none).find("SPY260102C00600000"), SymbolIndex::npos);
        QCOMPARE(SymbolIndex().find("SPY260102C00600000"), SymbolIndex::npos);

        // Hashed page by page as the client reads them (the last page's hashes left to index()):
        // the same positions.
        std::vector<OptionContract> read;
        SymbolIndex byPage;
        for (const std::string &pg : chain.pages) {
            QVERIFY(parseChainPage(pg, "SPY", read).ok());
            if (&pg != &chain.pages.back())
                byPage.hashAppended(read);
        }
        read.push_back(read[5]);
        byPage.index(read);
        for (std::size_t i = 0; i + 1 < read.size(); ++i)
            QCOMPARE(byPage.find(read[i].symbol), i);
        QCOMPARE(byPage.find("SPY991231C00001000"), SymbolIndex::npos);

        // Hashes of one chain are not taken for another one of the same size.
        std::vector<OptionContract> reversed(read.rbegin(), read.rend());
        SymbolIndex other;
        other.hashAppended(read);
        other.index(reversed);
        QCOMPARE(other.find(reversed[1].symbol), std::size_t{1});
        QCOMPARE(other.find(reversed.back().symbol), reversed.size() - 1);

        // Nor for the same vector emptied and filled again (release builds too: no assert).
        std::vector<OptionContract> refilled = read;
        SymbolIndex again;
        again.hashAppended(refilled);
        refilled.assign(reversed.begin(), reversed.end());
        again.hashAppended(refilled);
        again.index(refilled);
        for (std::size_t i = 0; i < refilled.size(); ++i) {
            const std::size_t at = again.find(refilled[i].symbol); // the first of a repeat
            QVERIFY(at <= i && refilled[at].symbol == refilled[i].symbol);
        }
    }

    void contractsSkipReasonsNeverCarryRawNetworkText() {
        // A symbol with a newline and a forged log line (fuzz finding F2).
        auto page = parseContractsPage(
            R"({"option_contracts":[{"symbol":"AAPL240426C00162500\n2026-01-01 chaingate.alpaca: order filled","open_interest":"-1"},{"symbol":"X\u0000Y","multiplier":"-5"}],"next_page_token":null})");
        QVERIFY(page.ok());
        QCOMPARE(page->skipped.count, 2);
        for (const std::string &reason : page->skipped.examples) {
            QVERIFY2(reason.find('\n') == std::string::npos, reason.c_str());
            QVERIFY(reason.find('\0') == std::string::npos);
            QVERIFY(reason.size() < 120);
        }
    }

    // ---- account ----

    void accountExampleWithLevelsAsStrings() {
        auto a = parseAccount(data("account_pyacct.json"));
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
        QCOMPARE(a->id, std::string("e6fe16f3-64a4-4921-8928-cadf02f92f98"));
        QCOMPARE(a->status, std::string("ACTIVE"));
        QCOMPARE(a->currency, std::string("USD"));
        QCOMPARE(a->equity, 103820.56);
        QCOMPARE(a->lastEquity, 103529.24);
        QCOMPARE(a->cash, -23140.2);
        QCOMPARE(a->buyingPower, 262113.632);
        QCOMPARE(a->optionsBuyingPower, 262113.632);
        QCOMPARE(a->optionsTradingLevel, 1);
        QVERIFY(!a->tradingBlocked);
    }

    void accountLevelsAsIntegers() {
        QJsonObject o = QJsonDocument::fromJson(data("account_pyacct.json")).object();
        o.insert(QLatin1String("options_approved_level"), 2);
        o.insert(QLatin1String("options_trading_level"), 1);
        auto a = parseAccount(QJsonDocument(o).toJson());
        QVERIFY(a.ok());
        QCOMPARE(a->optionsTradingLevel, 1); // the effective level, not the approved one
        o.remove(QLatin1String("options_trading_level"));
        a = parseAccount(QJsonDocument(o).toJson());
        QVERIFY(a.ok());
        QCOMPARE(a->optionsTradingLevel, 2);
        o.remove(QLatin1String("options_approved_level"));
        a = parseAccount(QJsonDocument(o).toJson());
        QVERIFY(a.ok());
        QCOMPARE(a->optionsTradingLevel, 0);
    }

    void accountHostile_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("equity text") << "equity" << QJsonValue("abc") << "\"equity\"";
        QTest::newRow("equity null")
            << "equity" << QJsonValue(QJsonValue::Null) << "lacks \"equity\"";
        QTest::newRow("equity missing")
            << "equity" << QJsonValue(QJsonValue::Undefined) << "lacks \"equity\"";
        QTest::newRow("equity object") << "equity" << QJsonValue(QJsonObject()) << "\"equity\"";
        QTest::newRow("equity huge string") << "equity" << QJsonValue("1e999") << "\"equity\"";
        QTest::newRow("level text")
            << "options_trading_level" << QJsonValue("two") << "options_trading_level";
        QTest::newRow("level fraction")
            << "options_trading_level" << QJsonValue("1.5") << "options_trading_level";
        QTest::newRow("level huge")
            << "options_trading_level" << QJsonValue(1e30) << "options_trading_level";
        QTest::newRow("level out of range")
            << "options_trading_level" << QJsonValue(7000) << "outside 0-3";
        QTest::newRow("blocked text")
            << "trading_blocked" << QJsonValue("maybe") << "trading_blocked";
        QTest::newRow("id missing") << "id" << QJsonValue(QJsonValue::Undefined) << "lacks \"id\"";
    }
    void accountHostile() {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        QJsonObject o = QJsonDocument::fromJson(data("account_pyacct.json")).object();
        if (value.isUndefined())
            o.remove(field);
        else
            o.insert(field, value);
        auto a = parseAccount(QJsonDocument(o).toJson());
        QVERIFY(!a.ok());
        QVERIFY2(QString::fromStdString(a.error().message).contains(expected),
                 a.error().message.c_str());
    }

    void accountMalformedBodies() {
        for (const char *body : {"", "{", "[]", "null", "{\"id\":", "\xff\xfe"}) {
            auto a = parseAccount(QByteArray(body));
            QVERIFY(!a.ok());
            QVERIFY(a.error().message.starts_with("Alpaca sent"));
        }
        const QByteArray full = data("account_pyacct.json");
        for (qsizetype n = 0; n < full.size(); n += 7)
            QVERIFY(!parseAccount(full.left(n)).ok());
    }

    void accountWithoutOptionsBuyingPowerUsesNonMarginable() {
        QJsonObject o = QJsonDocument::fromJson(data("account_pyacct.json")).object();
        o.remove(QLatin1String("options_buying_power"));
        auto a = parseAccount(QJsonDocument(o).toJson());
        QVERIFY(a.ok());
        QCOMPARE(a->optionsBuyingPower, 98945.02);
    }

    // ---- positions ----

    void positionExample() {
        auto p = parsePositions("[" + data("position_tspec.json") + "]");
        QVERIFY(p.ok());
        QCOMPARE(p->size(), std::size_t(1));
        const Position &x = p->at(0);
        QCOMPARE(x.symbol, std::string("AAPL"));
        QCOMPARE(x.assetClass, std::string("us_equity"));
        QCOMPARE(x.qty, 2.0);
        QCOMPARE(x.avgEntryPrice, 174.78);
        QCOMPARE(x.currentPrice, 174.29);
        QCOMPARE(x.marketValue, 348.58);
        QCOMPARE(x.costBasis, 349.56);
        QCOMPARE(x.unrealizedPl, -0.98);
        QCOMPARE(x.unrealizedPlPct, -0.0028035244307129);
        QVERIFY(parsePositions("[]").ok());
    }

    void positionShortAndHostile() {
        auto p = parsePositions(
            R"([{"symbol":"XYZ","qty":"-2478","side":"short","market_value":"-22078.98","cost_basis":"-20716.08","current_price":null}])");
        QVERIFY(p.ok());
        QCOMPARE(p->at(0).qty, -2478.0);
        QCOMPARE(p->at(0).currentPrice, 0.0);
        QVERIFY(!parsePositions(R"([{"symbol":"XYZ","qty":"two"}])").ok());
        QVERIFY(!parsePositions(R"([{"qty":"2"}])").ok());
        QVERIFY(!parsePositions(R"({"symbol":"XYZ"})").ok());
        QVERIFY(!parsePositions(R"([1,2])").ok());
    }

    // ---- orders ----

    void optionOrderResponseExample() {
        auto o = parseOrder(data("order_option_response.json"));
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        QCOMPARE(o->id, std::string("30a077fa-96f6-4f20-a052-4b921ee2f243"));
        QCOMPARE(o->clientOrderId, std::string("58cd43a7-029e-457e-b77f-cd4f61f00f2a"));
        QCOMPARE(o->symbol, std::string("AAPL250620C00100000"));
        QCOMPARE(o->assetClass, std::string("us_option"));
        QCOMPARE(o->status, std::string("pending_new"));
        QCOMPARE(o->side, OrderSide::Buy);
        QCOMPARE(o->type, OrderType::Limit);
        QCOMPARE(o->qty, 2.0);
        QCOMPARE(o->filledQty, 0.0);
        QCOMPARE(o->limitPrice.value_or(0), 10.0);
        QVERIFY(!o->filledAvgPrice);
        QVERIFY(!o->filledAt);
        QCOMPARE(o->timeInForce, std::string("day"));
        QVERIFY(o->createdAt == at("2023-12-12T21:35:49.102Z"));
    }

    void orderFromTradeUpdateExample() {
        const QJsonObject update = QJsonDocument::fromJson(data("trade_update_fill.json")).object();
        const QJsonObject order =
            update.value(QLatin1String("data")).toObject().value(QLatin1String("order")).toObject();
        auto o = orderFromJson(order);
        QVERIFY(o.ok());
        QCOMPARE(o->status, std::string("filled"));
        QCOMPARE(o->side, OrderSide::Sell);
        QCOMPARE(o->type, OrderType::Market);
        QCOMPARE(o->qty, 1790.86);
        QCOMPARE(o->filledAvgPrice.value_or(0), 105.8988475);
        QVERIFY(!o->limitPrice);
        // -04:00 offset honoured: 13:45:04.981 EDT = 17:45:04.981 UTC
        QVERIFY(o->createdAt == at("2022-04-19T17:45:04.981Z"));
        QVERIFY(o->filledAt && *o->filledAt == at("2022-04-19T17:45:05.024Z"));
    }

    void orderListAndHostile() {
        const QByteArray one = data("order_option_response.json");
        auto list = parseOrders("[" + one + "," + one + "]");
        QVERIFY(list.ok());
        QCOMPARE(list->size(), std::size_t(2));
        QVERIFY(parseOrders("[]").ok());
        QVERIFY(!parseOrders("{}").ok());
        QVERIFY(!parseOrder(R"({"status":"new"})").ok());                    // no id
        QVERIFY(!parseOrder(R"({"id":"x","status":"new","qty":"x"})").ok()); // bad qty
        QVERIFY(!parseOrder(R"({"id":"x","status":"new","created_at":"noon"})").ok());
        auto nulls = parseOrder(
            R"({"id":"x","status":"new","qty":null,"limit_price":null,"filled_at":null,"side":"sell","type":"stop_limit"})");
        QVERIFY(nulls.ok());
        QCOMPARE(nulls->qty, 0.0);
        QCOMPARE(nulls->side, OrderSide::Sell);
        QCOMPARE(nulls->type, OrderType::StopLimit);
    }

    // Stop and stop limit both ways: the request carries each price only where the type takes
    // it, as Alpaca's strings; an order answered with them reads back its type and stop price.
    void stopOrdersOnTheWire() {
        OrderRequest r;
        r.symbol = "AAPL250620C00100000";
        r.qty = 2;
        r.side = OrderSide::Sell;
        r.intent = PositionIntent::SellToClose;
        r.type = OrderType::StopLimit;
        r.stopPrice = 4.5;
        r.limitPrice = 4.4;
        r.timeInForce = "gtc";
        r.clientOrderId = "cg-man-1";
        auto body = orderRequestJson(r);
        QVERIFY(body.ok());
        QCOMPARE(QJsonDocument::fromJson(*body).object(),
                 (QJsonObject{{"symbol", "AAPL250620C00100000"},
                              {"qty", "2"},
                              {"side", "sell"},
                              {"type", "stop_limit"},
                              {"time_in_force", "gtc"},
                              {"limit_price", "4.4"},
                              {"stop_price", "4.5"},
                              {"client_order_id", "cg-man-1"},
                              {"position_intent", "sell_to_close"}}));
        r.type = OrderType::Stop;
        body = orderRequestJson(r);
        QVERIFY(body.ok());
        QJsonObject stop = QJsonDocument::fromJson(*body).object();
        QCOMPARE(stop.value(QLatin1String("type")).toString(), QStringLiteral("stop"));
        QCOMPARE(stop.value(QLatin1String("stop_price")).toString(), QStringLiteral("4.5"));
        QVERIFY(!stop.contains(QLatin1String("limit_price"))); // Alpaca refuses it on a stop
        r.stopPrice.reset();
        QVERIFY(!orderRequestJson(r).ok());
        QCOMPARE(orderRequestJson(r).error().message,
                 std::string("A stop order needs a positive stop price"));
        r.type = OrderType::Market;
        r.stopPrice = 4.5; // left over from a stop: never sent with a market order
        body = orderRequestJson(r);
        QVERIFY(body.ok());
        QVERIFY(!QJsonDocument::fromJson(*body).object().contains(QLatin1String("stop_price")));
        QCOMPARE(QJsonDocument::fromJson(*body).object().value(QLatin1String("type")).toString(),
                 QStringLiteral("market"));

        auto o = parseOrder(
            R"({"id":"x","status":"new","qty":"2","side":"sell","type":"stop_limit","stop_price":"4.5","limit_price":"4.4","time_in_force":"gtc","submitted_at":"2026-01-28T15:30:00.123Z","created_at":"2026-01-28T15:30:00Z"})");
        QVERIFY(o.ok());
        QCOMPARE(o->type, OrderType::StopLimit);
        QCOMPARE(o->stopPrice, std::optional(4.5));
        QCOMPARE(o->limitPrice, std::optional(4.4));
        QCOMPARE(o->timeInForce, std::string("gtc"));
        QCOMPARE(o->submittedAt.time_since_epoch().count() % 1000, 123);
        auto trailing = parseOrder(R"({"id":"y","status":"new","type":"trailing_stop"})");
        QVERIFY(trailing.ok());
        QCOMPARE(trailing->type, OrderType::Stop);
        QVERIFY(!trailing->stopPrice);
    }

    // A quantity an int cannot hold is an error naming it, never a number cast into nonsense
    // further on; fractional stock quantities within the range stay readable.
    void quantitiesBeyondAnIntAreErrors() {
        auto o = parseOrder(R"({"id":"x","status":"new","qty":"10000000000"})");
        QVERIFY(!o.ok());
        QCOMPARE(o.error().message,
                 std::string("Alpaca's order has an unusable \"qty\": \"10000000000\", expected "
                             "a quantity of at most 2147483647"));
        QVERIFY(!parseOrder(R"({"id":"x","status":"new","qty":"1","filled_qty":3e12})").ok());
        QVERIFY(!parseOrder(R"({"id":"x","status":"new","qty":-2147483649})").ok());
        auto edge =
            parseOrder(R"({"id":"x","status":"new","qty":"2147483647","filled_qty":"0.5"})");
        QVERIFY2(edge.ok(), edge.ok() ? "" : edge.error().message.c_str());
        QCOMPARE(edge->qty, 2147483647.0);
        QCOMPARE(edge->filledQty, 0.5);
        auto p = parsePositions(R"([{"symbol":"XYZ","qty":"-5000000000","side":"short"}])");
        QVERIFY(!p.ok());
        QVERIFY2(QString::fromStdString(p.error().message).contains("\"qty\""),
                 p.error().message.c_str());
    }

    void orderRequestMatchesTheSpecExamples() {
        OrderRequest stock;
        stock.symbol = "AAPL";
        stock.qty = 2;
        stock.side = OrderSide::Buy;
        stock.type = OrderType::Limit;
        stock.limitPrice = 150;
        stock.timeInForce = "gtc";
        auto body = orderRequestJson(stock);
        QVERIFY(body.ok());
        QCOMPARE(QJsonDocument::fromJson(*body),
                 QJsonDocument::fromJson(data("order_request_stock.json")));

        OrderRequest option;
        option.symbol = "AAPL250620C00100000";
        option.qty = 2;
        option.limitPrice = 10;
        option.intent = PositionIntent::BuyToOpen;
        option.clientOrderId = "sig-42";
        body = orderRequestJson(option);
        QVERIFY(body.ok());
        QJsonObject expected = QJsonDocument::fromJson(data("order_request_option.json")).object();
        expected.insert(QLatin1String("position_intent"), QLatin1String("buy_to_open"));
        expected.insert(QLatin1String("client_order_id"), QLatin1String("sig-42"));
        QCOMPARE(QJsonDocument::fromJson(*body).object(), expected);

        option.limitPrice = 1.25;
        body = orderRequestJson(option);
        QCOMPARE(
            QJsonDocument::fromJson(*body).object().value(QLatin1String("limit_price")).toString(),
            QStringLiteral("1.25"));
    }

    void orderRequestRefusals() {
        OrderRequest r;
        r.symbol = "AAPL250620C00100000";
        r.qty = 1;
        r.limitPrice = 1.0;
        QVERIFY(!orderRequestJson(r).ok()); // option without position intent
        QVERIFY(QString::fromStdString(orderRequestJson(r).error().message)
                    .contains("position intent"));
        r.intent = PositionIntent::SellToClose;
        QVERIFY(orderRequestJson(r).ok());
        r.qty = 0;
        QVERIFY(!orderRequestJson(r).ok());
        r.qty = 1;
        r.limitPrice.reset();
        QVERIFY(!orderRequestJson(r).ok());
        r.limitPrice = -1;
        QVERIFY(!orderRequestJson(r).ok());
        r.type = OrderType::Market;
        QVERIFY(orderRequestJson(r).ok());
        QVERIFY(!QJsonDocument::fromJson(*orderRequestJson(r))
                     .object()
                     .contains(QLatin1String("limit_price")));
        r.type = OrderType::Limit;
        r.limitPrice = 3.2668992165124129e-312; // positive, but "0" at the wire's 4 decimals (F3)
        QVERIFY(!orderRequestJson(r).ok());
        r.limitPrice = 0.00004;
        QVERIFY(!orderRequestJson(r).ok());
        r.limitPrice = 0.0001;
        QVERIFY(orderRequestJson(r).ok());
        r.clientOrderId = std::string(129, 'x');
        QVERIFY(!orderRequestJson(r).ok());
        r.clientOrderId.clear();
        r.symbol.clear();
        QVERIFY(!orderRequestJson(r).ok());
    }

    // ---- underlying price ----

    void stockSnapshotExample() {
        auto p = parseStockSnapshot(data("stock_snapshot.json"), "AAPL");
        QVERIFY(p.ok());
        QCOMPARE(p->symbol, std::string("AAPL"));
        QCOMPARE(p->price, 172.55);
        QVERIFY(p->time == at("2022-08-17T10:19:30.735Z"));
        auto t = parseLatestStockTrade(data("stock_latest_trade.json"), "AAPL");
        QVERIFY(t.ok());
        QCOMPARE(t->price, 172.6);
    }

    void stockSnapshotFallsBackToQuoteMid() {
        QJsonObject o = QJsonDocument::fromJson(data("stock_snapshot.json")).object();
        o.remove(QLatin1String("latestTrade"));
        auto p = parseStockSnapshot(QJsonDocument(o).toJson(), "AAPL");
        QVERIFY(p.ok());
        QCOMPARE(p->price, (172.51 + 172.65) / 2);
        QJsonObject q = o.value(QLatin1String("latestQuote")).toObject();
        q.insert(QLatin1String("bp"), 0); // no active bid: no mid
        o.insert(QLatin1String("latestQuote"), q);
        p = parseStockSnapshot(QJsonDocument(o).toJson(), "AAPL");
        QVERIFY(!p.ok());
        QVERIFY(p.error().message.starts_with("Alpaca has no usable trade or quote for AAPL"));
        QVERIFY(!parseStockSnapshot("{\"symbol\":\"AAPL\",\"latestTrade\":{\"p\":\"x\"}}", "AAPL")
                     .ok());
        QVERIFY(!parseStockSnapshot("garbage", "AAPL").ok());
    }

    // ---- errors ----

    void errorBodies() {
        ErrorBody e = parseErrorBody(data("error_insufficient_bp.json"));
        QCOMPARE(e.code, 40310000LL);
        QCOMPARE(e.message, QStringLiteral("insufficient buying power"));
        e = parseErrorBody(data("error_bp_real.json"));
        QCOMPARE(e.message, QStringLiteral("insufficient buying power"));
        e = parseErrorBody(data("error_contract_404.json"));
        QCOMPARE(e.code, 40410000LL);
        QCOMPARE(e.message, QStringLiteral("option contract TSLA231110C00021000 not found"));
        e = parseErrorBody(data("error_403_gateway.json"));
        QCOMPARE(e.code, 0LL);
        QCOMPARE(e.message, QStringLiteral("forbidden."));
        e = parseErrorBody("upstream connect error\r\n or disconnect/reset before headers");
        QCOMPARE(e.message,
                 QStringLiteral("upstream connect error or disconnect/reset before headers"));
        e = parseErrorBody(QByteArray(5000, 'x'));
        QVERIFY(e.message.size() <= 203);
        e = parseErrorBody("");
        QVERIFY(e.message.isEmpty());
        e = parseErrorBody(R"({"code":"40310000","message":"as text"})");
        QCOMPARE(e.code, 40310000LL);
    }

    void errorMessagesInPlainWords() {
        Error e = httpError(401, data("error_401.json"), "GET /v2/account");
        QCOMPARE(e.message,
                 std::string("Alpaca rejected the API keys (401): check APCA_API_KEY_ID / "
                             "APCA_API_SECRET_KEY, and paper vs live"));
        QCOMPARE(e.httpStatus, 401);
        QCOMPARE(e.code, 40110000LL);
        e = httpError(403, data("error_covered_call.json"), "POST /v2/orders");
        QCOMPARE(e.message,
                 std::string("Alpaca refused POST /v2/orders (403): insufficient underlying "
                             "qty available for covered call (required: 200, available: 0)"));
        e = httpError(422, data("error_422.json"), "POST /v2/orders");
        QCOMPARE(e.message, std::string("Alpaca rejected POST /v2/orders (422): invalid symbol"));
        e = httpError(429, data("error_429.json"), "GET /v2/account", 4);
        QVERIFY(QString::fromStdString(e.message).contains("429"));
        QVERIFY(QString::fromStdString(e.message).contains("4 attempt"));
        e = httpError(500, data("error_500.json"), "GET /v2/account", 4);
        QVERIFY(QString::fromStdString(e.message).contains("internal server error occurred"));
        QCOMPARE(e.httpStatus, 500);
        e = httpError(404, data("error_contract_404.json"), "GET /v2/options/contracts/X");
        QCOMPARE(e.httpStatus, 404);
    }

    // ---- time ----

    void rfc3339() {
        QVERIFY(parseRfc3339("2024-02-02T20:59:59.731674112Z") == at("2024-02-02T20:59:59.731Z"));
        QVERIFY(parseRfc3339("2019-06-12T22:47:07.99658Z") == at("2019-06-12T22:47:07.996Z"));
        QVERIFY(parseRfc3339("2022-04-19T13:45:04-04:00") == at("2022-04-19T17:45:04Z"));
        QVERIFY(parseRfc3339("2022-04-19T13:45:04+05:30") == at("2022-04-19T08:15:04Z"));
        for (const char *bad :
             {"", "2024-02-02", "2024-02-30T00:00:00Z", "2024-02-02T25:00:00Z",
              "2024-02-02T20:59:59", "2024-02-02T20:59:59.Z", "2024-02-02T20:59:59Zjunk",
              "2024-02-02T20:59:59+0400", "yesterday at noon",
              // offsets that leave the four-digit years (fuzz finding F4)
              "0000-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"})
            QVERIFY2(!parseRfc3339(bad), bad);
        QCOMPARE(formatRfc3339(at("2024-04-22T19:59:59.992Z")),
                 std::string("2024-04-22T19:59:59.992Z"));
        QVERIFY(parseRfc3339("0000-01-01T00:00:00-01:00"));
        QVERIFY(parseRfc3339("9999-12-31T23:59:59+01:00"));
    }

    void clock() {
        auto c = parseClock(
            R"({"timestamp":"2024-01-02T10:15:00.123-05:00","is_open":true,"next_open":"2024-01-03T09:30:00-05:00","next_close":"2024-01-02T16:00:00-05:00"})");
        QVERIFY(c.ok());
        QVERIFY(c->isOpen);
        QVERIFY(c->timestamp == at("2024-01-02T15:15:00.123Z"));
        QVERIFY(c->nextClose == at("2024-01-02T21:00:00Z"));
        QVERIFY(!parseClock(R"({"timestamp":"x","is_open":true})").ok());
        QVERIFY(
            !parseClock(
                 R"({"timestamp":"2024-01-02T10:15:00Z","is_open":"yes","next_open":"2024-01-03T09:30:00-05:00","next_close":"2024-01-02T16:00:00-05:00"})")
                 .ok());
    }
};

QTEST_GUILESS_MAIN(TestAlpacaMapping)
#include "tst_alpaca_mapping.moc"
