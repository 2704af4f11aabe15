// The market calendar against the NYSE's published holidays and early closes for 2024-2027, the
// observance edge cases (New Year's Day on a Saturday, Juneteenth before 2022 and on a Sunday),
// and the session, day-order end and expiry instants on those days.

#include "domain/market_calendar.h"
#include "test_util.h"

#include <QTest>

#include <set>

using namespace cg;
using namespace std::chrono;
using cgtest::utc;
using cgtest::ymd;

namespace {

// The days of year `y` that `is` picks.
template <class Pick> std::set<sys_days> daysOf(int y, Pick is) {
    std::set<sys_days> out;
    for (sys_days d = sys_days{year{y} / January / 1}; d <= sys_days{year{y} / December / 31};
         d += days{1})
        if (is(year_month_day{d}))
            out.insert(d);
    return out;
}

std::set<sys_days> holidaysOf(int y) {
    return daysOf(y, [](year_month_day d) { return marketHoliday(d) != MarketHoliday::None; });
}

std::set<sys_days> earlyClosesOf(int y) {
    return daysOf(y, [](year_month_day d) {
        const auto h = marketHours(d);
        return h && h->earlyClose();
    });
}

std::set<sys_days> dates(std::initializer_list<year_month_day> list) {
    std::set<sys_days> out;
    for (const year_month_day &d : list)
        out.insert(sys_days{d});
    return out;
}

} // namespace

class TestMarketCalendar : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void publishedHolidays() {
        // NYSE's holiday lists, as published.
        QCOMPARE(holidaysOf(2024),
                 dates({ymd(2024, 1, 1), ymd(2024, 1, 15), ymd(2024, 2, 19), ymd(2024, 3, 29),
                        ymd(2024, 5, 27), ymd(2024, 6, 19), ymd(2024, 7, 4), ymd(2024, 9, 2),
                        ymd(2024, 11, 28), ymd(2024, 12, 25)}));
        QCOMPARE(holidaysOf(2025),
                 dates({ymd(2025, 1, 1), ymd(2025, 1, 20), ymd(2025, 2, 17), ymd(2025, 4, 18),
                        ymd(2025, 5, 26), ymd(2025, 6, 19), ymd(2025, 7, 4), ymd(2025, 9, 1),
                        ymd(2025, 11, 27), ymd(2025, 12, 25)}));
        // 2026: Independence Day falls on a Saturday and is kept on Friday 3 July.
        QCOMPARE(holidaysOf(2026),
                 dates({ymd(2026, 1, 1), ymd(2026, 1, 19), ymd(2026, 2, 16), ymd(2026, 4, 3),
                        ymd(2026, 5, 25), ymd(2026, 6, 19), ymd(2026, 7, 3), ymd(2026, 9, 7),
                        ymd(2026, 11, 26), ymd(2026, 12, 25)}));
        // 2027: Juneteenth and Christmas on Saturdays (kept the Friday before), Independence Day on
        // a Sunday (kept the Monday after).
        QCOMPARE(holidaysOf(2027),
                 dates({ymd(2027, 1, 1), ymd(2027, 1, 18), ymd(2027, 2, 15), ymd(2027, 3, 26),
                        ymd(2027, 5, 31), ymd(2027, 6, 18), ymd(2027, 7, 5), ymd(2027, 9, 6),
                        ymd(2027, 11, 25), ymd(2027, 12, 24)}));
        QCOMPARE(holidayName(marketHoliday(ymd(2026, 12, 25))), std::string_view("Christmas Day"));
        QCOMPARE(holidayName(marketHoliday(ymd(2026, 4, 3))), std::string_view("Good Friday"));
        QVERIFY(holidayName(marketHoliday(ymd(2026, 12, 24))).empty());
    }

    void observanceEdges() {
        // New Year's Day 2022 was a Saturday: not kept, and Friday 31 December 2021 traded.
        QVERIFY(marketHours(ymd(2021, 12, 31)).has_value());
        QCOMPARE(holidaysOf(2021).count(sys_days{ymd(2021, 12, 31)}), std::size_t(0));
        QCOMPARE(holidaysOf(2022).size(), std::size_t(9));
        // Juneteenth is a market holiday from 2022 (a Sunday, kept Monday 20 June).
        QVERIFY(marketHours(ymd(2021, 6, 18)).has_value());
        QCOMPARE(marketHoliday(ymd(2022, 6, 20)), MarketHoliday::Juneteenth);
        // Weekends are closed but are no holiday.
        QCOMPARE(marketHoliday(ymd(2026, 7, 4)), MarketHoliday::None);
        QVERIFY(!marketHours(ymd(2026, 7, 4)).has_value());
    }

    void publishedEarlyCloses() {
        QCOMPARE(earlyClosesOf(2024),
                 dates({ymd(2024, 7, 3), ymd(2024, 11, 29), ymd(2024, 12, 24)}));
        QCOMPARE(earlyClosesOf(2025),
                 dates({ymd(2025, 7, 3), ymd(2025, 11, 28), ymd(2025, 12, 24)}));
        // 3 July 2026 is the holiday itself; 24 December 2027 too.
        QCOMPARE(earlyClosesOf(2026), dates({ymd(2026, 11, 27), ymd(2026, 12, 24)}));
        QCOMPARE(earlyClosesOf(2027), dates({ymd(2027, 11, 26)}));
        QCOMPARE(marketHours(ymd(2026, 12, 24))->closeMinute, 13 * 60);
        QCOMPARE(marketHours(ymd(2026, 12, 23))->closeMinute, 16 * 60);
    }

    void sessionOnHolidaysAndEarlyCloses() {
        // Thursday 2026-12-24, EST: the session is 14:30-18:00 UTC.
        QVERIFY(isRegularSession(utc(2026, 12, 24, 17, 59)));
        QVERIFY(!isRegularSession(utc(2026, 12, 24, 18, 0)));
        QVERIFY(!isRegularSession(utc(2026, 12, 25, 15, 0))); // Christmas Day, a Friday
        QVERIFY(!isRegularSession(utc(2026, 4, 3, 15, 0)));   // Good Friday
        QVERIFY(isRegularSession(utc(2026, 4, 2, 15, 0)));
    }

    void dayOrderEndsAtTheSessionsClose() {
        // Sent on the morning of an early close: ends at 13:00 New York (18:00 UTC).
        QCOMPARE(sessionCloseFor(utc(2026, 12, 24, 15, 0)), utc(2026, 12, 24, 18, 0));
        // Sent after it: the next session is Monday the 28th (Christmas on Friday).
        QCOMPARE(sessionCloseFor(utc(2026, 12, 24, 19, 0)), utc(2026, 12, 28, 21, 0));
        // Sent before the open: today's close.
        QCOMPARE(sessionCloseFor(utc(2026, 12, 23, 12, 0)), utc(2026, 12, 23, 21, 0));
        // Thursday before Good Friday, after the close: Monday 6 April (EDT).
        QCOMPARE(sessionCloseFor(utc(2026, 4, 2, 21, 0)), utc(2026, 4, 6, 20, 0));
    }

    void nextOpenSkipsHolidays() {
        QCOMPARE(nextSessionOpen(utc(2026, 4, 2, 21, 0)), utc(2026, 4, 6, 13, 30));
        QCOMPARE(nextSessionOpen(utc(2026, 12, 24, 12, 0)), utc(2026, 12, 24, 14, 30));
        QCOMPARE(nextSessionOpen(utc(2026, 12, 24, 15, 0)), utc(2026, 12, 28, 14, 30));
        QCOMPARE(nextMarketDay(ymd(2026, 7, 2)), ymd(2026, 7, 6));
    }

    void optionsStopTradingAtAnEarlyClose() {
        QCOMPARE(optionExpiryInstant(ymd(2026, 11, 27)), utc(2026, 11, 27, 18, 0));
        QCOMPARE(optionExpiryInstant(ymd(2026, 11, 30)), utc(2026, 11, 30, 21, 0));
        QCOMPARE(marketCloseInstant(ymd(2026, 12, 25)), utc(2026, 12, 25, 21, 0));
    }
};

QTEST_APPLESS_MAIN(TestMarketCalendar)
#include "tst_market_calendar.moc"
