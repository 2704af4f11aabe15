// Every open order, page after page of Alpaca's 500 newest first: each order read once, an order
// at the boundary's millisecond not lost, and a read that cannot finish said in words.

#include "dispatch/open_orders_read.h"
#include "support/fake_broker.h"
#include "support/scenario.h"

#include <QTest>

using namespace cg;
using namespace cg::test;

namespace {

constexpr Timestamp kStart{std::chrono::milliseconds{1'760'000'000'000}};

Result<std::vector<Order>> readAll(FakeBroker &broker) {
    std::optional<Result<std::vector<Order>>> out;
    readAllOpenOrders(broker, [&](Result<std::vector<Order>> r) { out = std::move(r); });
    // A ceiling against a hang, not a timing: 20 pages of 10,001 orders took over 5 s under
    // ASan on a busy 2-core CI machine, and the read was reported as "no answer".
    if (!waitFor([&] { return out.has_value(); }, 120000))
        return Error::make("no answer");
    return std::move(*out);
}

} // namespace

class TestOpenOrdersRead : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fewerThanAPageIsOneRead() {
        FakeBroker broker;
        broker.addNewerOpenOrders(3, kStart);
        const auto r = readAll(broker);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(r->size(), std::size_t(3));
        QCOMPARE(broker.orderPages, 1);
    }

    // 1,200 orders: three pages, each order once, newest first, the filled ones left out.
    void pagesAreReadBackInTime() {
        FakeBroker broker;
        broker.addNewerOpenOrders(1200, kStart);
        broker.book[7].status = "filled";
        const auto r = readAll(broker);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(r->size(), std::size_t(1199));
        QCOMPARE(r->front().id, std::string("ord-busy-1199"));
        QCOMPARE(r->back().id, std::string("ord-busy-0"));
        QCOMPARE(broker.orderPages, 3);
    }

    // Alpaca's `until` is exclusive: the next page must start at the last one's oldest
    // millisecond, or the orders of that millisecond left off the first page are never read.
    void anOrderInTheBoundarysMillisecondIsRead() {
        FakeBroker broker;
        broker.addNewerOpenOrders(500, kStart);
        const Timestamp boundary = broker.book.front().submittedAt; // the oldest of the 500
        for (int i = 0; i < 3; ++i) {
            Order o = broker.book.front();
            o.id = "ord-same-ms-" + std::to_string(i);
            broker.book.insert(broker.book.begin(), o); // older in the book: after on the page
        }
        QCOMPARE(broker.book.front().submittedAt, boundary);
        const auto r = readAll(broker);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(r->size(), std::size_t(503));
    }

    void aFailedPageIsAnError() {
        FakeBroker broker;
        broker.addNewerOpenOrders(700, kStart);
        broker.failOrderLists = 1;
        auto r = readAll(broker);
        QVERIFY(!r);
        QVERIFY2(r.error().message.find("internal server error") != std::string::npos,
                 r.error().message.c_str());
    }

    // A page cut short keeps what was read: a kill switch cancels those and says the rest.
    void aFailedLaterPageKeepsWhatWasRead() {
        FakeBroker broker;
        broker.addNewerOpenOrders(700, kStart);
        broker.failPagesWithUntil = 1;
        std::optional<OpenOrders> out;
        readOpenOrders(broker, [&](OpenOrders r) { out = std::move(r); });
        QVERIFY(waitFor([&] { return out.has_value(); }));
        QCOMPARE(out->orders.size(), std::size_t(500));
        QVERIFY(out->incomplete);
        QVERIFY2(out->incomplete->message.find("too many requests") != std::string::npos,
                 out->incomplete->message.c_str());
    }

    // An order without a submission time (Alpaca's submitted_at null, created_at too) is
    // passed over to find where the next page starts: no order skipped, no false refusal.
    void anOrderWithoutATimeDoesNotStopTheReading() {
        FakeBroker broker;
        broker.addNewerOpenOrders(1000, kStart);
        broker.book[600].submittedAt = Timestamp{};
        const auto r = readAll(broker);
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(r->size(), std::size_t(1000));
    }

    void moreThanTenThousandIsSaid() {
        FakeBroker broker;
        broker.addNewerOpenOrders(10'001, kStart);
        const auto r = readAll(broker);
        QVERIFY(!r);
        // Each page after the first reads its boundary's order again: 500 + 19 x 499.
        QCOMPARE(r.error().message,
                 std::string("The account has more than 10000 open orders; only the newest 9981 "
                             "were read. Cancel some at Alpaca and try again"));
        QCOMPARE(broker.orderPages, kMaxOpenOrderPages);
    }

    // A full page all in one millisecond cannot be paged by time: said, not looped on.
    void aFullPageInOneMillisecondIsSaid() {
        FakeBroker broker;
        broker.addNewerOpenOrders(501, kStart);
        for (Order &o : broker.book)
            o.submittedAt = kStart;
        const auto r = readAll(broker);
        QVERIFY(!r);
        QVERIFY2(r.error().message.find("could not be read past the newest 500") !=
                     std::string::npos,
                 r.error().message.c_str());
        QCOMPARE(broker.orderPages, 2);
    }
};

QTEST_GUILESS_MAIN(TestOpenOrdersRead)
#include "tst_open_orders_read.moc"
