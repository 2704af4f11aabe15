// ExpiryListModel: dates with days to expiry, in-place updates, the strategy window.

#include "models/expiry_list_model.h"

#include <QSignalSpy>
#include <QTest>

using namespace cg::models;
using namespace std::chrono;

class TstExpiryListModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listsExpiries() {
        ExpiryListModel m;
        const std::vector<year_month_day> dates{year{2026} / 11 / 27, year{2026} / 12 / 18};
        m.setExpiries(dates, {1, 22});
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.index(0).data().toString(), QStringLiteral("Nov 27  1d"));
        QCOMPARE(m.index(1).data(ExpiryListModel::DateRole).toDate(), QDate(2026, 12, 18));
        QCOMPARE(m.index(1).data(ExpiryListModel::DteRole).toInt(), 22);
        QCOMPARE(m.rowOf(year{2026} / 12 / 18), 1);
        QCOMPARE(m.rowOf(year{2027} / 1 / 15), -1);

        // Same dates a day later: dataChanged, no reset.
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.setExpiries(dates, {0, 21});
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(m.index(0).data(ExpiryListModel::DteRole).toInt(), 0);

        m.setStrategyWindow(1, 7);
        QVERIFY(!m.index(0).data(ExpiryListModel::InStrategyWindowRole).toBool());
        m.setStrategyWindow(0, 7);
        QVERIFY(m.index(0).data(ExpiryListModel::InStrategyWindowRole).toBool());
        QVERIFY(!m.index(1).data(ExpiryListModel::InStrategyWindowRole).toBool());

        m.setExpiries({year{2026} / 12 / 18}, {21});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m.rowCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TstExpiryListModel)
#include "tst_expiry_list_model.moc"
