// Which Alpaca order statuses are final: reconciliation stops polling exactly at these. Which
// broker quantities are whole numbers an int holds.

#include "domain/account.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace cg;

class TestAccount : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void finalStatuses_data();
    void finalStatuses();
    void wholeQuantities();
};

void TestAccount::finalStatuses_data() {
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("final");
    for (const char *s : {"filled", "canceled", "expired", "rejected", "replaced"})
        QTest::newRow(s) << QString::fromLatin1(s) << true;
    for (const char *s : {"new", "accepted", "pending_new", "partially_filled", "done_for_day",
                          "pending_cancel", "pending_replace", "accepted_for_bidding", "stopped",
                          "suspended", "calculated", "held", "", "FILLED", "cancelled"})
        QTest::newRow(*s ? s : "empty") << QString::fromLatin1(s) << false;
}

void TestAccount::finalStatuses() {
    QFETCH(QString, status);
    QFETCH(bool, final);
    QCOMPARE(isFinalOrderStatus(status.toStdString()), final);
}

void TestAccount::wholeQuantities() {
    QCOMPARE(wholeQuantity(0.0).value_or(-1), 0);
    QCOMPARE(wholeQuantity(3.0).value_or(-1), 3);
    QCOMPARE(wholeQuantity(2147483647.0).value_or(-1), 2147483647);
    for (double q : {2147483648.0, 1e10, 1e300, -1.0, 0.5, 1790.86, std::nan(""),
                     std::numeric_limits<double>::infinity()})
        QVERIFY2(!wholeQuantity(q), std::to_string(q).c_str());
}

QTEST_APPLESS_MAIN(TestAccount)
#include "tst_account.moc"
