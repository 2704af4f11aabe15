// New York civil time from the hand-written US DST rule: both 2026 transitions from both sides,
// dates near midnight UTC, and the regular session.

#include "domain/eastern_time.h"
#include "domain/market_calendar.h"
#include "test_util.h"

#include <QTest>

using namespace cg;
using namespace std::chrono;
using cgtest::utc;
using cgtest::ymd;

class TestEasternTime : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void offsets_data();
    void offsets();
    void dateNearMidnightUtc();
    void minuteOfDay();
    void instants();
    void instantsOnTransitionDays();
    void expiryInstant();
    void daysToExpiryUsesNewYorkDate();
    void regularSession_data();
    void regularSession();
};

void TestEasternTime::offsets_data() {
    QTest::addColumn<qint64>("utcMs");
    QTest::addColumn<int>("hours");
    const auto ms = [](Timestamp t) { return qint64(t.time_since_epoch().count()); };
    QTest::newRow("January EST") << ms(utc(2026, 1, 28, 15, 30)) << -5;
    QTest::newRow("July EDT") << ms(utc(2026, 7, 17, 12, 0)) << -4;
    // 2026-03-08 02:00 EST = 07:00 UTC: clocks jump to 03:00 EDT.
    QTest::newRow("2026-03-08 06:59:59 UTC, before spring") << ms(utc(2026, 3, 8, 6, 59, 59)) << -5;
    QTest::newRow("2026-03-08 07:00 UTC, spring") << ms(utc(2026, 3, 8, 7, 0)) << -4;
    QTest::newRow("2026-03-07 noon") << ms(utc(2026, 3, 7, 17, 0)) << -5;
    // 2026-11-01 02:00 EDT = 06:00 UTC: clocks fall back to 01:00 EST.
    QTest::newRow("2026-11-01 05:59:59 UTC, before fall") << ms(utc(2026, 11, 1, 5, 59, 59)) << -4;
    QTest::newRow("2026-11-01 06:00 UTC, fall") << ms(utc(2026, 11, 1, 6, 0)) << -5;
    QTest::newRow("2026-11-02 noon") << ms(utc(2026, 11, 2, 17, 0)) << -5;
    // Other years move the dates: 2024 Mar 10 / Nov 3, 2025 Mar 9 / Nov 2, 2027 Mar 14 / Nov 7.
    QTest::newRow("2024-03-10 06:59 UTC") << ms(utc(2024, 3, 10, 6, 59)) << -5;
    QTest::newRow("2024-03-10 07:00 UTC") << ms(utc(2024, 3, 10, 7, 0)) << -4;
    QTest::newRow("2024-11-03 05:59 UTC") << ms(utc(2024, 11, 3, 5, 59)) << -4;
    QTest::newRow("2024-11-03 06:00 UTC") << ms(utc(2024, 11, 3, 6, 0)) << -5;
    QTest::newRow("2025-03-09 07:00 UTC") << ms(utc(2025, 3, 9, 7, 0)) << -4;
    QTest::newRow("2025-03-08 12:00 UTC") << ms(utc(2025, 3, 8, 12, 0)) << -5;
    QTest::newRow("2025-11-02 06:00 UTC") << ms(utc(2025, 11, 2, 6, 0)) << -5;
    QTest::newRow("2027-03-14 07:00 UTC") << ms(utc(2027, 3, 14, 7, 0)) << -4;
    QTest::newRow("2027-11-07 05:00 UTC") << ms(utc(2027, 11, 7, 5, 0)) << -4;
    QTest::newRow("New Year UTC") << ms(utc(2027, 1, 1, 2, 0)) << -5;
}

void TestEasternTime::offsets() {
    QFETCH(qint64, utcMs);
    QFETCH(int, hours);
    const Timestamp t{milliseconds{utcMs}};
    QCOMPARE(int(easternUtcOffset(t).count()), hours);
}

void TestEasternTime::dateNearMidnightUtc() {
    // Winter: New York midnight is 05:00 UTC.
    QCOMPARE(easternDate(utc(2026, 1, 29, 4, 59, 59)), ymd(2026, 1, 28));
    QCOMPARE(easternDate(utc(2026, 1, 29, 5, 0)), ymd(2026, 1, 29));
    QCOMPARE(easternDate(utc(2026, 1, 29, 0, 0)), ymd(2026, 1, 28));
    // Summer: 04:00 UTC.
    QCOMPARE(easternDate(utc(2026, 7, 2, 3, 59, 59)), ymd(2026, 7, 1));
    QCOMPARE(easternDate(utc(2026, 7, 2, 4, 0)), ymd(2026, 7, 2));
    // Across a year boundary.
    QCOMPARE(easternDate(utc(2027, 1, 1, 4, 59)), ymd(2026, 12, 31));
    QCOMPARE(easternDate(utc(2027, 1, 1, 5, 0)), ymd(2027, 1, 1));
    // Across the DST transitions.
    QCOMPARE(easternDate(utc(2026, 3, 8, 4, 59)), ymd(2026, 3, 7));
    QCOMPARE(easternDate(utc(2026, 3, 8, 5, 0)), ymd(2026, 3, 8));
    QCOMPARE(easternDate(utc(2026, 11, 2, 4, 59)), ymd(2026, 11, 1));
    QCOMPARE(easternDate(utc(2026, 11, 2, 5, 0)), ymd(2026, 11, 2));
}

void TestEasternTime::minuteOfDay() {
    QCOMPARE(easternMinuteOfDay(utc(2026, 1, 28, 15, 30)), 10 * 60 + 30); // 10:30 EST
    QCOMPARE(easternMinuteOfDay(utc(2026, 7, 17, 15, 30)), 11 * 60 + 30); // 11:30 EDT
    QCOMPARE(easternMinuteOfDay(utc(2026, 1, 29, 4, 59, 59)), 23 * 60 + 59);
    QCOMPARE(easternMinuteOfDay(utc(2026, 1, 29, 5, 0)), 0);
    // Spring forward: 06:59 UTC is 01:59 EST, 07:00 UTC is 03:00 EDT.
    QCOMPARE(easternMinuteOfDay(utc(2026, 3, 8, 6, 59)), 1 * 60 + 59);
    QCOMPARE(easternMinuteOfDay(utc(2026, 3, 8, 7, 0)), 3 * 60);
    // Fall back: 05:59 UTC is 01:59 EDT, 06:00 UTC is 01:00 EST again.
    QCOMPARE(easternMinuteOfDay(utc(2026, 11, 1, 5, 59)), 1 * 60 + 59);
    QCOMPARE(easternMinuteOfDay(utc(2026, 11, 1, 6, 0)), 1 * 60);
}

void TestEasternTime::instants() {
    QCOMPARE(easternInstant(ymd(2026, 1, 28), 10, 30), utc(2026, 1, 28, 15, 30));
    QCOMPARE(easternInstant(ymd(2026, 7, 17), 9, 30), utc(2026, 7, 17, 13, 30));
    QCOMPARE(easternInstant(ymd(2026, 1, 28), 0, 0), utc(2026, 1, 28, 5, 0));
    QCOMPARE(easternInstant(ymd(2026, 12, 31), 23, 0), utc(2027, 1, 1, 4, 0));
    // Round trip through date and minute of day.
    for (int day = 1; day <= 28; day += 3) {
        for (unsigned month = 1; month <= 12; ++month) {
            const auto d = ymd(2026, month, static_cast<unsigned>(day));
            const Timestamp t = easternInstant(d, 14, 45);
            QCOMPARE(easternDate(t), d);
            QCOMPARE(easternMinuteOfDay(t), 14 * 60 + 45);
        }
    }
}

void TestEasternTime::instantsOnTransitionDays() {
    // Spring: 01:30 still EST, 03:00 already EDT; 02:30 does not exist and lands on 03:30 EDT.
    QCOMPARE(easternInstant(ymd(2026, 3, 8), 1, 30), utc(2026, 3, 8, 6, 30));
    QCOMPARE(easternInstant(ymd(2026, 3, 8), 3, 0), utc(2026, 3, 8, 7, 0));
    QCOMPARE(easternInstant(ymd(2026, 3, 8), 2, 30), utc(2026, 3, 8, 7, 30));
    QCOMPARE(easternInstant(ymd(2026, 3, 8), 16, 0), utc(2026, 3, 8, 20, 0));
    // Fall: 01:30 happens twice; the first (EDT) is taken. 16:00 is EST.
    QCOMPARE(easternInstant(ymd(2026, 11, 1), 1, 30), utc(2026, 11, 1, 5, 30));
    QCOMPARE(easternInstant(ymd(2026, 11, 1), 3, 0), utc(2026, 11, 1, 8, 0));
    QCOMPARE(easternInstant(ymd(2026, 11, 1), 16, 0), utc(2026, 11, 1, 21, 0));
    QCOMPARE(easternInstant(ymd(2026, 10, 31), 16, 0), utc(2026, 10, 31, 20, 0));
}

void TestEasternTime::expiryInstant() {
    QCOMPARE(optionExpiryInstant(ymd(2026, 1, 30)), utc(2026, 1, 30, 21, 0));
    QCOMPARE(optionExpiryInstant(ymd(2026, 7, 17)), utc(2026, 7, 17, 20, 0));
    QCOMPARE(optionExpiryInstant(ymd(2026, 3, 6)), utc(2026, 3, 6, 21, 0));   // Fri before spring
    QCOMPARE(optionExpiryInstant(ymd(2026, 3, 13)), utc(2026, 3, 13, 20, 0)); // Fri after
}

void TestEasternTime::daysToExpiryUsesNewYorkDate() {
    const auto expiry = ymd(2026, 1, 30);
    QCOMPARE(daysToExpiry(expiry, utc(2026, 1, 28, 15, 30)), 2);
    QCOMPARE(daysToExpiry(expiry, utc(2026, 1, 30, 22, 0)), 0); // after the close, same day
    QCOMPARE(daysToExpiry(expiry, utc(2026, 1, 31, 4, 59)), 0); // 23:59 EST on the 30th
    QCOMPARE(daysToExpiry(expiry, utc(2026, 1, 31, 5, 0)), -1); // midnight in New York
    QCOMPARE(daysToExpiry(expiry, utc(2026, 1, 29, 3, 0)), 2);  // 22:00 EST on the 28th
    QCOMPARE(daysToExpiry(ymd(2026, 3, 20), utc(2026, 1, 28, 15, 30)), 51);
    QCOMPARE(daysToExpiry(ymd(2027, 1, 15), utc(2026, 1, 28, 15, 30)), 352);
}

void TestEasternTime::regularSession_data() {
    QTest::addColumn<qint64>("utcMs");
    QTest::addColumn<bool>("open");
    const auto ms = [](Timestamp t) { return qint64(t.time_since_epoch().count()); };
    // Wednesday 2026-01-28, EST: 09:30-16:00 is 14:30-21:00 UTC.
    QTest::newRow("winter 09:29") << ms(utc(2026, 1, 28, 14, 29)) << false;
    QTest::newRow("winter 09:30") << ms(utc(2026, 1, 28, 14, 30)) << true;
    QTest::newRow("winter 15:59") << ms(utc(2026, 1, 28, 20, 59)) << true;
    QTest::newRow("winter 16:00") << ms(utc(2026, 1, 28, 21, 0)) << false;
    // Friday 2026-07-17, EDT: 13:30-20:00 UTC.
    QTest::newRow("summer 09:29") << ms(utc(2026, 7, 17, 13, 29)) << false;
    QTest::newRow("summer 09:30") << ms(utc(2026, 7, 17, 13, 30)) << true;
    QTest::newRow("summer 15:59") << ms(utc(2026, 7, 17, 19, 59)) << true;
    QTest::newRow("summer 16:00") << ms(utc(2026, 7, 17, 20, 0)) << false;
    // Monday after spring forward: 09:30 EDT = 13:30 UTC.
    QTest::newRow("2026-03-09 13:30 UTC") << ms(utc(2026, 3, 9, 13, 30)) << true;
    QTest::newRow("2026-03-09 13:29 UTC") << ms(utc(2026, 3, 9, 13, 29)) << false;
    // Weekends, by the New York weekday.
    QTest::newRow("Saturday midday") << ms(utc(2026, 1, 31, 16, 0)) << false;
    QTest::newRow("Sunday midday") << ms(utc(2026, 2, 1, 16, 0)) << false;
    QTest::newRow("Monday 10:00") << ms(utc(2026, 2, 2, 15, 0)) << true;
}

void TestEasternTime::regularSession() {
    QFETCH(qint64, utcMs);
    QFETCH(bool, open);
    QCOMPARE(isRegularSession(Timestamp{milliseconds{utcMs}}), open);
}

QTEST_APPLESS_MAIN(TestEasternTime)
#include "tst_eastern_time.moc"
