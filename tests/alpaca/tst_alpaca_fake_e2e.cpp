// The real client against the fake Alpaca server (app/alpaca/fake) over loopback HTTP: chains
// paged to the end with open interest merged, account, orders created, read and cancelled, and
// every REST fault the server can inject.

#include "alpaca/alpaca_client.h"
#include "await_result.h"
#include "domain/clock.h"
#include "domain/gates.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "market/simulated_market.h"

#include <QTest>

#include <set>

using namespace cg;
using namespace cg::testing;

namespace {

// Tuesday 2026-11-24, 10:00 New York: the session is open.
const Timestamp kSessionTime =
    std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 24} +
    std::chrono::hours{15};

struct Rig {
    FixedClock clock{kSessionTime};
    market::SimulatedMarket market{kSessionTime};
    fake::FakeAlpacaServer server{&market};
    std::unique_ptr<alpaca::AlpacaClient> client;
    std::vector<std::pair<QString, int>> served; // path, status

    // Generous timeout: under AddressSanitizer the fake server builds a chain slowly.
    explicit Rig(int timeoutMs = 60000, alpaca::AlpacaConfig base = {}) {
        server.setClock(&clock);
        server.setFillInterval(std::chrono::milliseconds{10});
        if (!server.listen())
            qFatal("fake server did not listen: %s", qPrintable(server.errorString()));
        QObject::connect(&server, &fake::FakeAlpacaServer::requestServed, &server,
                         [this](const QString &, const QString &path, int status) {
                             served.emplace_back(path, status);
                         });
        base.tradingUrl = server.baseUrl();
        base.dataUrl = server.baseUrl();
        if (base.keyId.isEmpty()) {
            base.keyId = QString::fromLatin1(fake::kDemoKeyId);
            base.secret = QString::fromLatin1(fake::kDemoSecret);
        }
        base.timeoutMs = timeoutMs;
        client = std::make_unique<alpaca::AlpacaClient>(base);
        client->setRetryPolicy(alpaca::RetryPolicy{3, 20, 300});
    }
    void faults(const char *spec) {
        auto f = fake::FaultSpec::parse(QString::fromLatin1(spec));
        if (!f)
            qFatal("bad fault spec %s", spec);
        server.setFaults(*f);
    }
    int count(const QString &path) const {
        int n = 0;
        for (const auto &s : served)
            n += s.first == path;
        return n;
    }
    Result<OptionChain> chain(const std::string &symbol, bool withOi = true) {
        ChainQuery q;
        q.underlying = symbol;
        q.withOpenInterest = withOi;
        return awaitResult<OptionChain>([&](auto done) { client->optionChain(q, done); });
    }
    Result<Account> account() {
        return awaitResult<Account>([&](auto done) { client->account(done); });
    }
    // A liquid contract of SPY's nearest expiry with a real bid: something to order.
    OptionContract someContract() {
        ChainQuery q;
        q.underlying = "SPY";
        q.type = OptionType::Call;
        q.strikeMin = 680;
        q.strikeMax = 720;
        q.withOpenInterest = false;
        auto c = awaitResult<OptionChain>([&](auto done) { client->optionChain(q, done); });
        if (!c)
            qFatal("chain failed: %s", c.error().message.c_str());
        for (const OptionContract &x : c->contracts)
            if (x.quote && x.quote->bid > 0.5)
                return x;
        qFatal("no contract with a bid");
    }
};

OrderRequest restingBuy(const OptionContract &c, const std::string &coid) {
    OrderRequest r;
    r.symbol = c.symbol;
    r.qty = 1;
    r.type = OrderType::Limit;
    r.limitPrice = 0.01; // far below the bid: it rests
    r.intent = PositionIntent::BuyToOpen;
    r.clientOrderId = coid;
    return r;
}

} // namespace

class TestAlpacaFakeE2e : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chainPagedToTheEndWithOpenInterest() {
        Rig rig;
        market::UnderlyingSpec spec;
        spec.symbol = "BIGC";
        spec.startPrice = 250;
        rig.market.addSyntheticUnderlying(spec, 10000);
        auto chain = rig.chain("BIGC");
        QVERIFY2(chain.ok(), chain.ok() ? "" : chain.error().message.c_str());
        // The simulated market lists about 10,000 (a few expire by the session's date).
        const std::size_t listed = rig.market.chain("BIGC").size();
        QVERIFY(listed > 9900);
        QCOMPARE(chain->contracts.size(), listed);
        QCOMPARE(rig.count("/v1beta1/options/snapshots/BIGC"),
                 static_cast<int>((listed + 999) / 1000)); // limit 1000 per page
        QVERIFY(rig.count("/v2/options/contracts") >= 1);
        std::set<std::string> symbols;
        int withOi = 0, withQuote = 0;
        for (const OptionContract &c : chain->contracts) {
            symbols.insert(c.symbol);
            withOi += c.openInterest.has_value();
            withQuote += c.quote.has_value();
            QCOMPARE(c.underlying, std::string("BIGC"));
        }
        QCOMPARE(symbols.size(), listed); // no page twice, none missing
        QVERIFY(withOi > 9800);           // a few listed contracts have no open interest yet
        QVERIFY(withQuote > 9000);
    }

    void spyChainHasEveryGateFailingSomewhere() {
        Rig rig;
        auto chain = rig.chain("SPY");
        QVERIFY2(chain.ok(), chain.ok() ? "" : chain.error().message.c_str());
        QVERIFY(chain->contracts.size() > 100);
        std::array<int, kGateCount> failures{};
        int tradeable = 0;
        for (const OptionContract &c : chain->contracts) {
            const GateReport r = evaluateGates(c, GateThresholds{}, rig.clock.now());
            tradeable += r.tradeable();
            for (const GateResult &g : r.gates)
                failures[static_cast<std::size_t>(g.id)] += !g.pass;
            QCOMPARE(c.multiplier, 100.0);
        }
        QVERIFY(tradeable > 0);
        // Not-expired cannot fail: Alpaca (and the fake) list only live contracts.
        for (GateId id : {GateId::QuoteValid, GateId::Spread, GateId::OpenInterest, GateId::Volume})
            QVERIFY2(failures[static_cast<std::size_t>(id)] > 0, gateKey(id).data());
    }

    void chainFiltersReachTheServer() {
        Rig rig;
        ChainQuery q;
        q.underlying = "SPY";
        q.type = OptionType::Put;
        q.strikeMin = 650;
        q.strikeMax = 700;
        auto chain = awaitResult<OptionChain>([&](auto done) { rig.client->optionChain(q, done); });
        QVERIFY(chain.ok());
        QVERIFY(!chain->contracts.empty());
        for (const OptionContract &c : chain->contracts) {
            QVERIFY(c.type == OptionType::Put);
            QVERIFY(c.strike >= 650 && c.strike <= 700);
        }
    }

    void underlyingPriceAndClock() {
        Rig rig;
        auto p = awaitResult<UnderlyingPrice>(
            [&](auto done) { rig.client->underlyingPrice("SPY", done); });
        QVERIFY2(p.ok(), p.ok() ? "" : p.error().message.c_str());
        QVERIFY(p->price > 500 && p->price < 900);
        auto c = awaitResult<alpaca::MarketClock>([&](auto done) { rig.client->clock(done); });
        QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
        QVERIFY(c->isOpen);
        auto unknown = awaitResult<UnderlyingPrice>(
            [&](auto done) { rig.client->underlyingPrice("NOPE", done); });
        QVERIFY(!unknown.ok());
    }

    void accountAndPositions() {
        Rig rig;
        auto a = rig.account();
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
        QVERIFY(a->equity > 0);
        QVERIFY(a->optionsBuyingPower > 0);
        QVERIFY(a->optionsTradingLevel >= 2);
        QVERIFY(!a->tradingBlocked);
        auto p =
            awaitResult<std::vector<Position>>([&](auto done) { rig.client->positions(done); });
        QVERIFY(p.ok());
    }

    void ordersCreateGetCancel() {
        Rig rig;
        const OptionContract c = rig.someContract();
        auto o = awaitResult<Order>(
            [&](auto done) { rig.client->submitOrder(restingBuy(c, "e2e-1"), done); });
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        QCOMPARE(o->clientOrderId, std::string("e2e-1"));
        QCOMPARE(o->symbol, c.symbol);
        QCOMPARE(o->limitPrice.value_or(0), 0.01);

        auto byId = awaitResult<Order>([&](auto done) { rig.client->order(o->id, done); });
        QVERIFY(byId.ok());
        QCOMPARE(byId->clientOrderId, std::string("e2e-1"));
        auto byCoid =
            awaitResult<Order>([&](auto done) { rig.client->orderByClientId("e2e-1", done); });
        QVERIFY(byCoid.ok());
        QCOMPARE(byCoid->id, o->id);
        auto open = awaitResult<std::vector<Order>>(
            [&](auto done) { rig.client->orders(OrderListStatus::Open, 50, done); });
        QVERIFY(open.ok());
        QVERIFY(
            std::any_of(open->begin(), open->end(), [&](const Order &x) { return x.id == o->id; }));

        // The same client_order_id again: Alpaca refuses duplicates (422), nothing is created.
        auto dup = awaitResult<Order>(
            [&](auto done) { rig.client->submitOrder(restingBuy(c, "e2e-1"), done); });
        QVERIFY(!dup.ok());
        QCOMPARE(dup.error().httpStatus, 422);

        QVERIFY(awaitResult<Unit>([&](auto done) { rig.client->cancelOrder(o->id, done); }).ok());
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                auto x = awaitResult<Order>([&](auto done) { rig.client->order(o->id, done); });
                return x.ok() && x->status == "canceled";
            }(),
            5000);
        auto again = awaitResult<Unit>([&](auto done) { rig.client->cancelOrder(o->id, done); });
        QVERIFY(!again.ok());
        QCOMPARE(again.error().httpStatus, 422);
        auto missing =
            awaitResult<Order>([&](auto done) { rig.client->orderByClientId("never-sent", done); });
        QCOMPARE(missing.error().httpStatus, 404);
    }

    void insufficientBuyingPowerInPlainWords() {
        Rig rig;
        const OptionContract c = rig.someContract();
        OrderRequest r = restingBuy(c, "e2e-big");
        r.qty = 100000;
        r.limitPrice = c.quote->ask;
        auto o = awaitResult<Order>([&](auto done) { rig.client->submitOrder(r, done); });
        QVERIFY(!o.ok());
        QCOMPARE(o.error().httpStatus, 403);
        QVERIFY2(QString::fromStdString(o.error().message).contains("buying power"),
                 o.error().message.c_str());
    }

    void wrongKeys() {
        alpaca::AlpacaConfig bad;
        bad.keyId = "PKWRONG";
        bad.secret = "wrong-secret";
        Rig rig(60000, bad);
        auto a = rig.account();
        QVERIFY(!a.ok());
        QCOMPARE(a.error().httpStatus, 401);
        QVERIFY(a.error().message.starts_with("Alpaca rejected the API keys (401)"));
        QVERIFY(!QString::fromStdString(a.error().message).contains("wrong-secret"));
    }

    // ---- faults ----

    void fault429Burst() {
        Rig rig;
        rig.faults("429-burst=2");
        auto a = rig.account();
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
        QCOMPARE(rig.count("/v2/account"), 3);
    }

    void fault500s() {
        Rig rig;
        rig.faults("500s=2");
        auto a = rig.account();
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
        QCOMPARE(rig.count("/v2/account"), 3);
    }

    void fault500sOnEveryChainPage() {
        Rig rig;
        rig.faults("500s=3,on=/v1beta1/options/snapshots");
        auto chain = rig.chain("SPY", false);
        QVERIFY2(chain.ok(), chain.ok() ? "" : chain.error().message.c_str());
        QVERIFY(!chain->contracts.empty());
    }

    void faultPersistent500s() {
        Rig rig;
        rig.faults("500s=50");
        auto a = rig.account();
        QVERIFY(!a.ok());
        QCOMPARE(a.error().httpStatus, 500);
        QVERIFY(
            QString::fromStdString(a.error().message).contains("internal server error occurred"));
    }

    void faultLatencyBeyondTheTimeout() {
        Rig rig(150);
        rig.client->setRetryPolicy(alpaca::RetryPolicy{0, 10, 10});
        rig.faults("latency=600ms");
        auto a = rig.account();
        QVERIFY(!a.ok());
        QVERIFY2(a.error().message.starts_with("Alpaca did not answer within 0.2 s") ||
                     a.error().message.starts_with("Alpaca did not answer within 0.1 s"),
                 a.error().message.c_str());
    }

    void faultLatencyWithinTheTimeout() {
        Rig rig(3000);
        rig.faults("latency=100ms");
        QVERIFY(rig.account().ok());
    }

    void faultDroppedOrderResponseYieldsExactlyOneOrder() {
        Rig rig;
        const OptionContract c = rig.someContract();
        rig.faults("drop-order-response=1");
        auto o = awaitResult<Order>(
            [&](auto done) { rig.client->submitOrder(restingBuy(c, "e2e-drop"), done); });
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        QCOMPARE(o->clientOrderId, std::string("e2e-drop"));
        QVERIFY(rig.count("/v2/orders:by_client_order_id") >= 1);
        auto all = awaitResult<std::vector<Order>>(
            [&](auto done) { rig.client->orders(OrderListStatus::All, 500, done); });
        QVERIFY(all.ok());
        QCOMPARE(std::count_if(all->begin(), all->end(),
                               [](const Order &x) { return x.clientOrderId == "e2e-drop"; }),
                 std::ptrdiff_t(1));
    }

    void faultMalformedBodyIsAskedAgain() {
        Rig rig;
        rig.faults("malformed=1,on=/v2/account");
        auto a = rig.account();
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
        QCOMPARE(rig.count("/v2/account"), 2);
    }

    void faultMalformedTwiceIsAPlainError() {
        Rig rig;
        rig.faults("malformed=2,on=/v2/account");
        auto a = rig.account();
        QVERIFY(!a.ok());
        QVERIFY2(a.error().message.starts_with("Alpaca sent an unreadable account"),
                 a.error().message.c_str());
    }

    void faultMalformedChainPage() {
        Rig rig;
        rig.faults("malformed=1,on=/v1beta1/options/snapshots");
        auto chain = rig.chain("SPY", false);
        QVERIFY2(chain.ok(), chain.ok() ? "" : chain.error().message.c_str());
    }

    void faultMalformedOrderAnswerIsLookedUp() {
        Rig rig;
        const OptionContract c = rig.someContract();
        rig.faults("malformed=1,on=/v2/orders");
        auto o = awaitResult<Order>(
            [&](auto done) { rig.client->submitOrder(restingBuy(c, "e2e-mal"), done); });
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        QCOMPARE(o->clientOrderId, std::string("e2e-mal"));
        auto all = awaitResult<std::vector<Order>>(
            [&](auto done) { rig.client->orders(OrderListStatus::All, 500, done); });
        QCOMPARE(std::count_if(all->begin(), all->end(),
                               [](const Order &x) { return x.clientOrderId == "e2e-mal"; }),
                 std::ptrdiff_t(1));
    }

    void faultTruncatedBody() {
        Rig rig;
        rig.faults("truncated=1,on=/v2/account");
        auto a = rig.account();
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
    }

    void fault500OnOrderCreateIsResolvedByLookup() {
        Rig rig;
        const OptionContract c = rig.someContract();
        rig.faults("500s=1,on=/v2/orders");
        auto o = awaitResult<Order>(
            [&](auto done) { rig.client->submitOrder(restingBuy(c, "e2e-500"), done); });
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        auto all = awaitResult<std::vector<Order>>(
            [&](auto done) { rig.client->orders(OrderListStatus::All, 500, done); });
        QCOMPARE(std::count_if(all->begin(), all->end(),
                               [](const Order &x) { return x.clientOrderId == "e2e-500"; }),
                 std::ptrdiff_t(1));
    }

    void faultRealRateLimit() {
        Rig rig;
        rig.client->setRetryPolicy(alpaca::RetryPolicy{1, 10, 50});
        rig.faults("rate-limit=3");
        int ok = 0, limited = 0;
        for (int i = 0; i < 4; ++i) {
            auto a = rig.account();
            if (a.ok())
                ++ok;
            else if (a.error().httpStatus == 429)
                ++limited;
        }
        QCOMPARE(ok, 3);
        QCOMPARE(limited, 1);
    }
};

QTEST_GUILESS_MAIN(TestAlpacaFakeE2e)
#include "tst_alpaca_fake_e2e.moc"
