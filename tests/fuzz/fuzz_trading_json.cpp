// Trading and stock-data bodies through every mapper that reads them: account, positions, one
// order and a list, the market clock, a page of option contracts, the stock snapshot and latest
// trade, and the error-body mapping behind every failed request. Invariants: an accepted body
// yields only finite numbers (no NaN/Inf money or price slips through), non-negative open
// interest, a positive multiplier, a positive underlying price; every message (errors and skip
// reasons, which end up in log lines and the UI) is short and free of control characters.

#include "alpaca/alpaca_error.h"
#include "alpaca/contracts_page.h"
#include "alpaca/market_json.h"
#include "alpaca/simd_width.h"
#include "alpaca/trading_json.h"
#include "fuzz_check.h"

#include <QByteArray>
#include <QString>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace cg;
using cg::fuzz::finite;
using cg::fuzz::shown;

// No ASCII control character (a newline in a log line forges the next line) and bounded.
// 1,500 bytes: a 200-character message of 3-byte UTF-8 characters plus our own words.
bool fitForLog(std::string_view s, std::size_t maxBytes = 1500) {
    return s.size() <= maxBytes && std::none_of(s.begin(), s.end(), [](char c) {
               return (c >= 0 && c < 0x20) || c == 0x7f;
           });
}

void checkError(const Error &e, const char *who) {
    CG_FUZZ_CHECK(!e.message.empty(), std::string(who) + ": empty error message");
    CG_FUZZ_CHECK(fitForLog(e.message),
                  std::string(who) + ": error unfit for a log line: " + shown(e.message));
}

template <class T> bool accepted(const Result<T> &r, const char *who) {
    if (!r)
        checkError(r.error(), who);
    return r.ok();
}

void checkAccount(const QByteArray &body) {
    const auto r = alpaca::parseAccount(body);
    if (!accepted(r, "parseAccount"))
        return;
    const Account &a = *r;
    CG_FUZZ_CHECK(finite(a.equity) && finite(a.lastEquity) && finite(a.cash) &&
                      finite(a.buyingPower) && finite(a.optionsBuyingPower),
                  "parseAccount accepted a non-finite amount");
    CG_FUZZ_CHECK(a.optionsTradingLevel >= 0, "negative options level accepted");
}

void checkPositions(const QByteArray &body) {
    const auto r = alpaca::parsePositions(body);
    if (!accepted(r, "parsePositions"))
        return;
    for (const Position &p : *r)
        CG_FUZZ_CHECK(finite(p.qty) && finite(p.avgEntryPrice) && finite(p.currentPrice) &&
                          finite(p.marketValue) && finite(p.costBasis) && finite(p.unrealizedPl) &&
                          finite(p.unrealizedPlPct),
                      "parsePositions accepted a non-finite number for " + shown(p.symbol));
}

void checkOrder(const Order &o, const char *who) {
    CG_FUZZ_CHECK(!o.id.empty(), std::string(who) + " accepted an order without id");
    CG_FUZZ_CHECK(finite(o.qty) && finite(o.filledQty),
                  std::string(who) + " accepted a non-finite quantity");
    CG_FUZZ_CHECK(!o.limitPrice || finite(*o.limitPrice),
                  std::string(who) + " accepted a non-finite limit price");
    CG_FUZZ_CHECK(!o.filledAvgPrice || finite(*o.filledAvgPrice),
                  std::string(who) + " accepted a non-finite fill price");
}

void checkOrders(const QByteArray &body) {
    const auto one = alpaca::parseOrder(body);
    if (accepted(one, "parseOrder"))
        checkOrder(*one, "parseOrder");
    const auto list = alpaca::parseOrders(body);
    if (accepted(list, "parseOrders"))
        for (const Order &o : *list)
            checkOrder(o, "parseOrders");
}

void checkClock(const QByteArray &body) {
    const auto r = alpaca::parseClock(body);
    (void)accepted(r, "parseClock");
}

void checkContracts(const QByteArray &body) {
    const auto r = alpaca::parseContractsPage(body);
    if (!accepted(r, "parseContractsPage"))
        return;
    for (const alpaca::ContractInfo &c : r->contracts) {
        CG_FUZZ_CHECK(finite(c.multiplier) && c.multiplier > 0,
                      "multiplier accepted for " + shown(c.symbol));
        CG_FUZZ_CHECK(!c.openInterest || *c.openInterest >= 0,
                      "negative open interest accepted for " + shown(c.symbol));
        CG_FUZZ_CHECK(!c.closePrice || finite(*c.closePrice),
                      "non-finite close price accepted for " + shown(c.symbol));
    }
    CG_FUZZ_CHECK(r->skipped.examples.size() <= 5 &&
                      r->skipped.count >= static_cast<int>(r->skipped.examples.size()),
                  "parseContractsPage: skip log inconsistent");
    // The first reason is logged verbatim (AlpacaClient, qCWarning().noquote()).
    // Symbols in the reasons are sanitized too (finding F2, fixed).
    for (const std::string &why : r->skipped.examples)
        CG_FUZZ_CHECK(fitForLog(why), "skip reason unfit for a log line: " + shown(why));
}

// Each entry's fields as text, copied out of the views before the next parse.
std::vector<std::string> rows(const std::vector<alpaca::ContractInfoView> &views) {
    std::vector<std::string> out;
    for (const alpaca::ContractInfoView &v : views)
        out.push_back(std::string(v.symbol) + "|" + std::string(v.underlying) + "|" +
                      std::string(v.status) + "|" + (v.tradable ? "t" : "f") + "|" +
                      (v.openInterest ? std::to_string(*v.openInterest) : "-") + "|" +
                      std::to_string(v.multiplier) + "|" +
                      (v.closePrice ? std::to_string(*v.closePrice) : "-"));
    return out;
}

// readContractsPage (the JSON cursor, production) against the DOM reader it falls back on: a page
// the DOM reader reads gives the same entries, skips and token; a page the cursor refuses is
// refused in the DOM reader's words. (The cursor may read a page the DOM reader refuses for
// malformed JSON in a value it does not read.)
void checkContractsCursor(const QByteArray &body) {
    // The cursor's 16-byte steps for inputs of even length, its 32-byte ones (where the CPU has
    // AVX2) for the others: both widths fuzzed.
    const alpaca::detail::Avx2Setting steps(body.size() % 2 != 0);
    const std::string_view json(body.constData(), static_cast<std::size_t>(body.size()));
    std::vector<alpaca::ContractInfoView> views;
    const auto rd = alpaca::readContractsPageSimdjson(json, views);
    const std::vector<std::string> dom = rows(views);
    const auto rc = alpaca::readContractsPage(json, views);
    const std::vector<std::string> cursor = rows(views);
    if (!rc) {
        CG_FUZZ_CHECK(!rd && rd.error().message == rc.error().message && views.empty(),
                      "readContractsPage refuses a page in other words than the DOM reader: " +
                          rc.error().message + "; input: " + shown(body.toStdString()));
        return;
    }
    if (!rd)
        return;
    CG_FUZZ_CHECK(rd->nextPageToken == rc->nextPageToken &&
                      rd->skipped.count == rc->skipped.count &&
                      rd->skipped.examples == rc->skipped.examples && dom == cursor &&
                      rc->contracts == static_cast<int>(cursor.size()),
                  "readContractsPage and the DOM reader read the page differently; input: " +
                      shown(body.toStdString()));
}

void checkStock(const QByteArray &body) {
    for (const auto &r :
         {alpaca::parseStockSnapshot(body, "AAPL"), alpaca::parseLatestStockTrade(body, "AAPL")}) {
        if (!accepted(r, "stock price"))
            continue;
        CG_FUZZ_CHECK(r->symbol == "AAPL", "stock price for " + shown(r->symbol));
        CG_FUZZ_CHECK(finite(r->price) && r->price > 0,
                      "stock price accepted: " + std::to_string(r->price));
    }
}

bool fitForLog(const QString &s, int maxChars) {
    return s.size() <= maxChars &&
           std::all_of(s.begin(), s.end(), [](QChar c) { return c.isPrint() && c != '\n'; });
}

void checkErrorBody(const QByteArray &body) {
    const alpaca::ErrorBody b = alpaca::parseErrorBody(body);
    CG_FUZZ_CHECK(fitForLog(b.message, 203),
                  "error body message unfit: " + shown(b.message.toStdString()));
    CG_FUZZ_CHECK(b.message == b.message.trimmed(), "untrimmed: " + shown(b.message.toStdString()));
    // Any status from 300 to 599, picked by the input so every branch is reached.
    const int status = 300 + static_cast<int>(static_cast<unsigned>(body.size()) % 300);
    const Error e = alpaca::httpError(status, body, QStringLiteral("GET /v2/account"), 2);
    checkError(e, "httpError");
    CG_FUZZ_CHECK(e.httpStatus == status && e.code == b.code, "httpError lost status/code");
    const QString line = alpaca::sanitizedLine(QString::fromUtf8(body), 40);
    CG_FUZZ_CHECK(fitForLog(line, 43) && !line.contains(QLatin1String("  ")),
                  "sanitizedLine: " + shown(line.toStdString()));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const QByteArray body =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    checkAccount(body);
    checkPositions(body);
    checkOrders(body);
    checkClock(body);
    checkContracts(body);
    checkContractsCursor(body);
    checkStock(body);
    checkErrorBody(body);
    return 0;
}
