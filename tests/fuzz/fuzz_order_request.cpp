// The POST /v2/orders body built from arbitrary order requests (the only JSON ChainGate writes
// to Alpaca). Invariants: a non-finite or non-positive limit price, a quantity below 1, an
// over-long client_order_id and an option order without position intent are refused; an
// accepted request is a JSON object whose fields say exactly what was asked, with a limit price
// that reads back as a positive number within half a ten-thousandth of the request.

#include "alpaca/json_fields.h"
#include "alpaca/trading_json.h"
#include "domain/occ_symbol.h"
#include "fuzz_check.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

using namespace cg;
using cg::fuzz::shown;

OrderRequest makeRequest(FuzzedDataProvider &in) {
    OrderRequest r;
    r.symbol = in.ConsumeRandomLengthString(24);
    r.qty = in.ConsumeIntegral<int>();
    r.side = in.ConsumeBool() ? OrderSide::Buy : OrderSide::Sell;
    r.type = in.ConsumeBool() ? OrderType::Limit : OrderType::Market;
    if (in.ConsumeBool()) {
        // Raw bits, so NaN, infinities, subnormals and negative zero all occur.
        const std::uint64_t bits = in.ConsumeIntegral<std::uint64_t>();
        double price = 0;
        std::memcpy(&price, &bits, sizeof price);
        r.limitPrice = price;
    }
    r.timeInForce = in.ConsumeRandomLengthString(8);
    r.clientOrderId = in.ConsumeRandomLengthString(160);
    r.intent = in.PickValueInArray({PositionIntent::None, PositionIntent::BuyToOpen,
                                    PositionIntent::BuyToClose, PositionIntent::SellToOpen,
                                    PositionIntent::SellToClose});
    return r;
}

std::string precise(double x) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    return buf;
}

bool validUtf8(const std::string &s) {
    return QString::fromStdString(s).toStdString() == s;
}

void checkRefusals(const OrderRequest &r, const Result<QByteArray> &body) {
    // A price that the wire's 4 decimals would round to "0" is refused (finding F3, fixed).
    constexpr double kSmallestSent = 0.00005;
    const bool badPrice =
        r.type == OrderType::Limit && (!r.limitPrice || !std::isfinite(*r.limitPrice) ||
                                       !(*r.limitPrice > 0) || *r.limitPrice < kSmallestSent);
    if (r.type == OrderType::Limit && r.limitPrice &&
        std::abs(*r.limitPrice - kSmallestSent) < 1e-12)
        return; // either answer is right at the rounding boundary
    const bool optionWithoutIntent =
        parseOccSymbol(r.symbol).ok() && r.intent == PositionIntent::None;
    const bool mustRefuse = r.symbol.empty() || r.qty < 1 || r.clientOrderId.size() > 128 ||
                            badPrice || optionWithoutIntent;
    CG_FUZZ_CHECK(body.ok() == !mustRefuse, std::string(body.ok() ? "accepted" : "refused") +
                                                " the request for " + shown(r.symbol) + " qty " +
                                                std::to_string(r.qty) + " limit " +
                                                (r.limitPrice ? precise(*r.limitPrice) : "none") +
                                                (body.ok() ? "" : ": " + body.error().message));
}

void checkBody(const OrderRequest &r, const QByteArray &body) {
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    CG_FUZZ_CHECK(pe.error == QJsonParseError::NoError && doc.isObject(),
                  "the order body is not a JSON object: " + shown(body.toStdString()));
    const QJsonObject o = doc.object();
    if (validUtf8(r.symbol))
        CG_FUZZ_CHECK(o.value(QLatin1String("symbol")).toString().toStdString() == r.symbol,
                      "symbol changed: " + shown(body.toStdString()));
    CG_FUZZ_CHECK(o.value(QLatin1String("qty")).toString() == QString::number(r.qty),
                  "qty changed: " + shown(body.toStdString()));
    CG_FUZZ_CHECK(o.value(QLatin1String("side")).toString() ==
                      (r.side == OrderSide::Buy ? QLatin1String("buy") : QLatin1String("sell")),
                  "side changed: " + shown(body.toStdString()));
    CG_FUZZ_CHECK(o.contains(QLatin1String("position_intent")) ==
                      (r.intent != PositionIntent::None),
                  "position_intent: " + shown(body.toStdString()));
    CG_FUZZ_CHECK(o.value(QLatin1String("client_order_id")).toString().size() <= 128,
                  "client_order_id over 128: " + shown(body.toStdString()));
    if (r.type != OrderType::Limit) {
        CG_FUZZ_CHECK(!o.contains(QLatin1String("limit_price")),
                      "market order with a limit price: " + shown(body.toStdString()));
        return;
    }
    const std::string text = o.value(QLatin1String("limit_price")).toString().toStdString();
    const auto sent = alpaca::parseDecimal(text);
    CG_FUZZ_CHECK(sent && std::isfinite(*sent), "limit price text " + shown(text));
    CG_FUZZ_CHECK(*sent > 0 && std::abs(*sent - *r.limitPrice) <= 0.00005 * (1 + *r.limitPrice),
                  "limit price " + precise(*r.limitPrice) + " is sent as " + shown(text));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const OrderRequest r = makeRequest(in);
    const auto body = alpaca::orderRequestJson(r);
    checkRefusals(r, body);
    if (body)
        checkBody(r, *body);
    else
        CG_FUZZ_CHECK(!body.error().message.empty(), "empty error");
    return 0;
}
