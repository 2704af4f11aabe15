// Which Alpaca order statuses are final: reconciliation stops polling exactly at these.

#include "domain/account.h"

#include <QTest>

using namespace cg;

class TestAccount : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void finalStatuses_data();
    void finalStatuses();
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

QTEST_APPLESS_MAIN(TestAccount)
#include "tst_account.moc"
