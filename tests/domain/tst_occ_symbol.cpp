// OCC symbol parsing and formatting: every root length Alpaca produces, adjusted roots, exact
// strikes, and bad input that must give a readable Error instead of a crash.

#include "domain/occ_symbol.h"
#include "test_util.h"

#include <QTest>

#include <string>

using namespace cg;
using cgtest::q;
using cgtest::ymd;

class TestOccSymbol : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void adjustedRoots();
    void formatFromDollars_data();
    void formatFromDollars();
    void strikeIsExact();
    void leapDay();
    void invalid_data();
    void invalid();
    void hugeInputIsRejectedQuickly();
    void errorMessagesAreExact();
};

void TestOccSymbol::roundTrip_data() {
    QTest::addColumn<QString>("symbol");
    QTest::addColumn<QString>("root");
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<int>("day");
    QTest::addColumn<bool>("call");
    QTest::addColumn<qint64>("thousandths");

    QTest::newRow("1 char F") << "F260116P00012000"
                              << "F" << 2026 << 1 << 16 << false << qint64(12000);
    QTest::newRow("3 chars SPY") << "SPY260130C00609000"
                                 << "SPY" << 2026 << 1 << 30 << true << qint64(609000);
    QTest::newRow("4 chars AAPL") << "AAPL240426C00162500"
                                  << "AAPL" << 2024 << 4 << 26 << true << qint64(162500);
    QTest::newRow("4 chars SPXW") << "SPXW260130P05800000"
                                  << "SPXW" << 2026 << 1 << 30 << false << qint64(5800000);
    QTest::newRow("5 chars GOOGL") << "GOOGL260220C00190000"
                                   << "GOOGL" << 2026 << 2 << 20 << true << qint64(190000);
    QTest::newRow("6 chars BRKB12") << "BRKB12260320C00450000"
                                    << "BRKB12" << 2026 << 3 << 20 << true << qint64(450000);
    QTest::newRow("adjusted AAPL1") << "AAPL1240426C00162500"
                                    << "AAPL1" << 2024 << 4 << 26 << true << qint64(162500);
    QTest::newRow("adjusted XOM2") << "XOM2241220P00280000"
                                   << "XOM2" << 2024 << 12 << 20 << false << qint64(280000);
    QTest::newRow("sub-dollar strike") << "SPY260130C00000500"
                                       << "SPY" << 2026 << 1 << 30 << true << qint64(500);
    QTest::newRow("max strike") << "NDX991231P99999999"
                                << "NDX" << 2099 << 12 << 31 << false << qint64(99999999);
    QTest::newRow("year 2000") << "SPY000103C00100000"
                               << "SPY" << 2000 << 1 << 3 << true << qint64(100000);
}

void TestOccSymbol::roundTrip() {
    QFETCH(QString, symbol);
    QFETCH(QString, root);
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(int, day);
    QFETCH(bool, call);
    QFETCH(qint64, thousandths);

    const auto r = parseOccSymbol(symbol.toStdString());
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(q(r->root), root);
    QCOMPARE(r->expiry, ymd(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
    QCOMPARE(QString::fromUtf8(toString(r->type)),
             call ? QStringLiteral("call") : QStringLiteral("put"));
    QCOMPARE(qint64(r->strikeThousandths), thousandths);
    QCOMPARE(q(formatOccSymbol(*r)), symbol);
    QCOMPARE(q(formatOccSymbol(r->root, r->expiry, r->type, r->strike())), symbol);
}

void TestOccSymbol::adjustedRoots() {
    // Parsing from the right: the digit in an adjusted root is not mistaken for the year.
    const auto a = parseOccSymbol("AAPL1240426C00162500");
    QVERIFY(a.ok());
    QCOMPARE(q(a->root), QStringLiteral("AAPL1"));
    QCOMPARE(a->expiry, ymd(2024, 4, 26));
    QCOMPARE(a->strike(), 162.5);

    const auto x = parseOccSymbol("XOM2241220P00280000");
    QVERIFY(x.ok());
    QCOMPARE(q(x->root), QStringLiteral("XOM2"));
    QCOMPARE(x->expiry, ymd(2024, 12, 20));
    QVERIFY(x->type == OptionType::Put);
    QCOMPARE(x->strike(), 280.0);
    // The stock they are on: the root less its adjustment digit (AAPL1 is no stock).
    QCOMPARE(q(a->underlying()), QStringLiteral("AAPL"));
    QCOMPARE(q(x->underlying()), QStringLiteral("XOM"));
    QCOMPARE(q(parseOccSymbol("SPY260130C00708000")->underlying()), QStringLiteral("SPY"));
}

void TestOccSymbol::formatFromDollars_data() {
    QTest::addColumn<QString>("root");
    QTest::addColumn<bool>("call");
    QTest::addColumn<double>("strike");
    QTest::addColumn<QString>("expected");

    QTest::newRow("162.5") << "AAPL" << true << 162.5 << "AAPL240426C00162500";
    QTest::newRow("609") << "SPY" << true << 609.0 << "SPY240426C00609000";
    QTest::newRow("put 0.5") << "F" << false << 0.5 << "F240426P00000500";
    QTest::newRow("binary noise 0.1") << "F" << false << 0.1 << "F240426P00000100";
    QTest::newRow("12345.678") << "NDX" << true << 12345.678 << "NDX240426C12345678";
    QTest::newRow("tenth of a cent rounds") << "SPY" << true << 100.0004 << "SPY240426C00100000";
    QTest::newRow("negative clamps to 0") << "SPY" << true << -5.0 << "SPY240426C00000000";
    QTest::newRow("too large clamps") << "SPY" << true << 1e12 << "SPY240426C99999999";
}

void TestOccSymbol::formatFromDollars() {
    QFETCH(QString, root);
    QFETCH(bool, call);
    QFETCH(double, strike);
    QFETCH(QString, expected);
    const auto s = formatOccSymbol(root.toStdString(), ymd(2024, 4, 26),
                                   call ? OptionType::Call : OptionType::Put, strike);
    QCOMPARE(q(s), expected);
}

void TestOccSymbol::strikeIsExact() {
    const auto r = parseOccSymbol("AAPL240426C00162500");
    QVERIFY(r.ok());
    QCOMPARE(r->strikeThousandths, std::int64_t{162500});
    QCOMPARE(r->strike(), 162.5);
    OccSymbol s = *r;
    QCOMPARE(s, *r);
    s.strikeThousandths = 162501;
    QVERIFY(!(s == *r));
    QCOMPARE(q(formatOccSymbol(s)), QStringLiteral("AAPL240426C00162501"));
}

void TestOccSymbol::leapDay() {
    QVERIFY(parseOccSymbol("SPY280229C00600000").ok()); // 2028 is a leap year
    const auto r = parseOccSymbol("SPY260229C00600000");
    QVERIFY(!r.ok());
    QCOMPARE(q(r.error().message),
             QStringLiteral("Invalid option symbol \"SPY260229C00600000\": the expiry 2026-02-29 "
                            "is not a valid date"));
}

void TestOccSymbol::invalid_data() {
    QTest::addColumn<QByteArray>("symbol");
    QTest::addColumn<QString>("expectedPart");

    QTest::newRow("empty") << QByteArray() << "it is empty";
    QTest::newRow("too short") << QByteArray("SPY2601") << "too short";
    QTest::newRow("tail only, no root") << QByteArray("260130C00609000") << "too short";
    QTest::newRow("bad type letter")
        << QByteArray("SPY260130X00609000") << "the option type must be C or P, not 'X'";
    QTest::newRow("non-digit strike")
        << QByteArray("SPY260130C0060900A") << "the strike must be 8 digits";
    QTest::newRow("strike with dot")
        << QByteArray("SPY260130C00609.00") << "the strike must be 8 digits";
    QTest::newRow("non-digit date")
        << QByteArray("SPY26013AC00609000") << "the expiry must be 6 digits YYMMDD";
    QTest::newRow("feb 30") << QByteArray("SPY260230C00609000")
                            << "the expiry 2026-02-30 is not a valid date";
    QTest::newRow("month 13") << QByteArray("SPY261301C00609000")
                              << "the expiry 2026-13-01 is not a valid date";
    QTest::newRow("day 00") << QByteArray("SPY260100C00609000")
                            << "the expiry 2026-01-00 is not a valid date";
    QTest::newRow("root 7 chars") << QByteArray("ABCDEFG260130C00609000") << "too long";
    QTest::newRow("lowercase") << QByteArray("spy260130c00609000") << "lower-case";
    QTest::newRow("lowercase type only") << QByteArray("SPY260130c00609000") << "lower-case";
    QTest::newRow("embedded space") << QByteArray("SPY 260130C00609000") << "contains a space";
    QTest::newRow("OCC padded root") << QByteArray("SPY   260130C00609000") << "contains a space";
    QTest::newRow("trailing space") << QByteArray("SPY260130C00609000 ") << "contains a space";
    QTest::newRow("tab") << QByteArray("SPY\t260130C00609000") << "contains a space";
    QTest::newRow("root punctuation")
        << QByteArray("BRK.B260130C00450000") << "only letters A-Z and digits";
    QTest::newRow("root starts with digit")
        << QByteArray("1SPY260130C00609000") << "must start with a letter";
    QTest::newRow("zero strike") << QByteArray("SPY260130C00000000")
                                 << "the strike must be above 0";
    QTest::newRow("embedded NUL") << QByteArray("SPY\0"
                                                "260130C00609000",
                                                19)
                                  << "only letters A-Z and digits";
    QTest::newRow("non-ASCII") << QByteArray("SP\xc3\x9c"
                                             "260130C00609000")
                               << "only letters A-Z and digits";
    QTest::newRow("10 kB") << QByteArray(10 * 1024, 'A') << "too long";
}

void TestOccSymbol::invalid() {
    QFETCH(QByteArray, symbol);
    QFETCH(QString, expectedPart);
    const auto r = parseOccSymbol(std::string_view(symbol.constData(), symbol.size()));
    QVERIFY(!r.ok());
    const QString msg = q(r.error().message);
    QVERIFY2(msg.startsWith(QStringLiteral("Invalid option symbol")), qPrintable(msg));
    QVERIFY2(msg.contains(expectedPart), qPrintable(msg));
    // Messages stay short and printable whatever came in.
    QVERIFY2(msg.size() < 200, qPrintable(msg));
    for (const QChar c : msg)
        QVERIFY2(c.unicode() >= 0x20 && c.unicode() < 0x7f, qPrintable(msg));
}

void TestOccSymbol::hugeInputIsRejectedQuickly() {
    const std::string big(10 * 1024, 'A');
    const auto r = parseOccSymbol(big);
    QVERIFY(!r.ok());
    // Only a prefix is echoed back.
    QCOMPARE(q(r.error().message),
             QStringLiteral("Invalid option symbol \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA...\": too "
                            "long; the root has at most 6 characters, e.g. SPY260130C00609000"));
}

void TestOccSymbol::errorMessagesAreExact() {
    QCOMPARE(q(parseOccSymbol("").error().message),
             QStringLiteral("Invalid option symbol: it is empty"));
    QCOMPARE(q(parseOccSymbol("SPY260130X00609000").error().message),
             QStringLiteral("Invalid option symbol \"SPY260130X00609000\": the option type must "
                            "be C or P, not 'X'"));
    QCOMPARE(q(parseOccSymbol("SPY2601").error().message),
             QStringLiteral("Invalid option symbol \"SPY2601\": too short; expected ROOT + YYMMDD "
                            "+ C or P + 8-digit strike, e.g. SPY260130C00609000"));
    QCOMPARE(q(parseOccSymbol("spy260130c00609000").error().message),
             QStringLiteral("Invalid option symbol \"spy260130c00609000\": it contains lower-case "
                            "letters; OCC symbols are upper case"));
}

QTEST_APPLESS_MAIN(TestOccSymbol)
#include "tst_occ_symbol.moc"
