// The option tick per class (Penny Interval Program): SPY, QQQ, IWM $0.01 at every price; other
// penny classes $0.01 under $3 and $0.05 from $3; every other class $0.05 / $0.10. The shipped
// list (resources/penny_program.txt), its parser and the setting that extends it.

#include "domain/tick_table.h"

#include <QTest>

using namespace cg;

namespace {

// ZVZZT is the exchanges' test symbol: never a penny class.
constexpr const char *kNonPenny = "ZVZZT";

} // namespace

class TestTickTable : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tickAtTheBoundaries_data();
    void tickAtTheBoundaries();
    void shippedListParses();
    void roundingOnTheClassGrid_data();
    void roundingOnTheClassGrid();
    void extraClassesExtendTheList();
    void theQuoteShowsAFinerTier();
    void programTextFormat();
    void programTextErrorsNameTheLine();
    void classListSetting();
    void classOfAContract();
};

void TestTickTable::tickAtTheBoundaries_data() {
    QTest::addColumn<QString>("root");
    QTest::addColumn<double>("price");
    QTest::addColumn<double>("tick");
    // Penny at every price.
    QTest::newRow("SPY 0.29") << "SPY" << 0.29 << 0.01;
    QTest::newRow("SPY 2.99") << "SPY" << 2.99 << 0.01;
    QTest::newRow("SPY 3.00") << "SPY" << 3.00 << 0.01;
    QTest::newRow("SPY 88.01") << "SPY" << 88.01 << 0.01;
    QTest::newRow("QQQ 3.00") << "QQQ" << 3.00 << 0.01;
    QTest::newRow("IWM 3.00") << "IWM" << 3.00 << 0.01;
    // Penny classes: $0.01 under $3, $0.05 from $3.
    QTest::newRow("AAPL 2.99") << "AAPL" << 2.99 << 0.01;
    QTest::newRow("AAPL 3.00") << "AAPL" << 3.00 << 0.05;
    QTest::newRow("TSLA 2.99") << "TSLA" << 2.99 << 0.01;
    QTest::newRow("TSLA 3.00") << "TSLA" << 3.00 << 0.05;
    QTest::newRow("XLF 0.29") << "XLF" << 0.29 << 0.01;
    // Every other class: $0.05 under $3, $0.10 from $3.
    QTest::newRow("non-penny 0.29") << kNonPenny << 0.29 << 0.05;
    QTest::newRow("non-penny 2.99") << kNonPenny << 2.99 << 0.05;
    QTest::newRow("non-penny 3.00") << kNonPenny << 3.00 << 0.10;
    QTest::newRow("non-penny 15") << kNonPenny << 15.0 << 0.10;
    // Index options (SPXW) are not multiply listed, so not in the program; an adjusted root
    // (AAPL1) is not on the list either: the coarser ticks, which are always accepted.
    QTest::newRow("SPXW 2.99") << "SPXW" << 2.99 << 0.05;
    QTest::newRow("AAPL1 2.99") << "AAPL1" << 2.99 << 0.05;
    QTest::newRow("no class 2.99") << "" << 2.99 << 0.05;
}

void TestTickTable::tickAtTheBoundaries() {
    QFETCH(QString, root);
    QFETCH(double, price);
    QFETCH(double, tick);
    QCOMPARE(TickTable{}.tick(root.toStdString(), price), tick);
}

void TestTickTable::shippedListParses() {
    // The compiled-in list must parse: a bad edit of resources/penny_program.txt fails here.
    const auto parsed = TickTable::fromProgramText(shippedPennyProgramText());
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
    QVERIFY(*parsed == TickTable{});
    QVERIFY(TickTable{}.classCount() >= 40);
    for (const char *root : {"SPY", "QQQ", "IWM"})
        QVERIFY2(TickTable{}.tier(root) == PennyTier::EveryPrice, root);
    for (const char *root : {"AAPL", "AMD", "AMZN",  "BAC",  "C",    "DIA",  "EEM",  "EFA",  "F",
                             "GDX",  "GLD", "GOOGL", "INTC", "META", "MSFT", "NFLX", "NVDA", "SLV",
                             "SMH",  "TLT", "TSLA",  "UBER", "XLE",  "XLF",  "XLK"})
        QVERIFY2(TickTable{}.tier(root) == PennyTier::UnderThree, root);
    QVERIFY(TickTable{}.tier(kNonPenny) == PennyTier::None);
    // Case matters: OCC roots are capitals.
    QVERIFY(TickTable{}.tier("spy") == PennyTier::None);
}

void TestTickTable::roundingOnTheClassGrid_data() {
    QTest::addColumn<QString>("root");
    QTest::addColumn<double>("price");
    QTest::addColumn<int>("how");
    QTest::addColumn<double>("expected");
    constexpr int down = int(TickRounding::Down);
    constexpr int up = int(TickRounding::Up);
    constexpr int nearest = int(TickRounding::Nearest);
    QTest::newRow("non-penny 0.29 down") << kNonPenny << 0.29 << down << 0.25;
    QTest::newRow("non-penny 0.29 up") << kNonPenny << 0.29 << up << 0.30;
    QTest::newRow("non-penny 0.29 nearest") << kNonPenny << 0.29 << nearest << 0.30;
    // Across $3 the result is on the grid of its own price: 3.00 is a dime.
    QTest::newRow("non-penny 2.99 up") << kNonPenny << 2.99 << up << 3.00;
    QTest::newRow("non-penny 3.04 down") << kNonPenny << 3.04 << down << 3.00;
    QTest::newRow("non-penny 3.06 up") << kNonPenny << 3.06 << up << 3.10;
    QTest::newRow("AAPL 2.995 up") << "AAPL" << 2.995 << up << 3.00;
    QTest::newRow("AAPL 3.02 down") << "AAPL" << 3.02 << down << 3.00;
    QTest::newRow("AAPL 3.02 up") << "AAPL" << 3.02 << up << 3.05;
    QTest::newRow("SPY 1.235 down") << "SPY" << 1.235 << down << 1.23;
    QTest::newRow("SPY 1.235 up") << "SPY" << 1.235 << up << 1.24;
    QTest::newRow("SPY 5.035 down") << "SPY" << 5.035 << down << 5.03;
    QTest::newRow("SPY 88.01 nearest") << "SPY" << 88.01 << nearest << 88.01;
}

void TestTickTable::roundingOnTheClassGrid() {
    QFETCH(QString, root);
    QFETCH(double, price);
    QFETCH(int, how);
    QFETCH(double, expected);
    const double r = TickTable{}.round(root.toStdString(), price, static_cast<TickRounding>(how));
    QVERIFY2(r == expected, qPrintable(QString::number(r, 'g', 17)));
}

// Exchanges quote a class only on its ticks: a bid or ask off the listed grid proves a finer
// tier (a penny class the shipped list misses); a quote on the grid, or none, changes nothing.
void TestTickTable::theQuoteShowsAFinerTier() {
    const TickTable t;
    QVERIFY(t.tier(kNonPenny, std::nullopt) == PennyTier::None);
    QVERIFY(t.tier(kNonPenny, Quote{1.00, 1.05}) == PennyTier::None);
    QVERIFY(t.tier(kNonPenny, Quote{0.00, 0.10}) == PennyTier::None);
    QVERIFY(t.tier(kNonPenny, Quote{1.01, 1.05}) == PennyTier::UnderThree);
    QCOMPARE(t.tick(kNonPenny, 1.02, Quote{1.01, 1.04}), 0.01);
    QCOMPARE(t.round(kNonPenny, 1.025, TickRounding::Down, Quote{1.01, 1.04}), 1.02);
    // From $3.00 a penny class quotes nickels; a cent there proves every price.
    QVERIFY(t.tier("AAPL", Quote{3.00, 3.05}) == PennyTier::UnderThree);
    QVERIFY(t.tier("AAPL", Quote{3.01, 3.05}) == PennyTier::EveryPrice);
    QVERIFY(t.tier(kNonPenny, Quote{2.95, 3.01}) == PennyTier::EveryPrice);
    // Never coarser than listed.
    QVERIFY(t.tier("SPY", Quote{5.00, 5.10}) == PennyTier::EveryPrice);
}

void TestTickTable::extraClassesExtendTheList() {
    const std::vector<std::string> extra{kNonPenny, "SPY"};
    const TickTable base;
    const TickTable t = base.withPennyClasses(extra);
    QCOMPARE(t.tick(kNonPenny, 2.99), 0.01);
    QCOMPARE(t.tick(kNonPenny, 3.00), 0.05);
    QVERIFY(t.tier(kNonPenny) == PennyTier::UnderThree);
    // Naming a class already at every price never coarsens it.
    QCOMPARE(t.tick("SPY", 3.00), 0.01);
    // The base table is a value: unchanged.
    QCOMPARE(base.tick(kNonPenny, 2.99), 0.05);
    QVERIFY(!(t == base));
    QVERIFY(t == base.withPennyClasses(extra));
    QCOMPARE(t.classCount(), base.classCount() + 1);
}

void TestTickTable::programTextFormat() {
    const auto t = TickTable::fromProgramText("# a comment\n"
                                              "\n"
                                              "SPY every-price\n"
                                              "  ABC   # trailing comment\r\n"
                                              "XYZ1\n");
    QVERIFY2(t.ok(), t.ok() ? "" : t.error().message.c_str());
    QCOMPARE(t->classCount(), std::size_t{3});
    QVERIFY(t->tier("SPY") == PennyTier::EveryPrice);
    QVERIFY(t->tier("ABC") == PennyTier::UnderThree);
    QVERIFY(t->tier("XYZ1") == PennyTier::UnderThree);
    QVERIFY(t->tier("QQQ") == PennyTier::None); // only what the text lists
    QCOMPARE(t->tick("QQQ", 1.0), 0.05);
}

void TestTickTable::programTextErrorsNameTheLine() {
    auto t = TickTable::fromProgramText("SPY every-price\nBAD$\n");
    QVERIFY(!t.ok());
    QVERIFY2(t.error().message.find("line 2") != std::string::npos, t.error().message.c_str());
    QVERIFY2(t.error().message.find("BAD$") != std::string::npos, t.error().message.c_str());
    t = TickTable::fromProgramText("AAPL sometimes\n");
    QVERIFY(!t.ok());
    QVERIFY2(t.error().message.find("sometimes") != std::string::npos, t.error().message.c_str());
    t = TickTable::fromProgramText("AAPL\nAAPL every-price\n");
    QVERIFY(!t.ok());
    QVERIFY2(t.error().message.find("twice") != std::string::npos, t.error().message.c_str());
}

void TestTickTable::classListSetting() {
    auto r = parseOptionClassList(" abnb, HOOD ,,rddt ");
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(*r, (std::vector<std::string>{"ABNB", "HOOD", "RDDT"}));
    r = parseOptionClassList("");
    QVERIFY(r.ok() && r->empty());
    r = parseOptionClassList("ABNB, AB$");
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("\"AB$\"") != std::string::npos, r.error().message.c_str());
    QVERIFY(!parseOptionClassList("TOOLONG").ok());
    QVERIFY(!parseOptionClassList("1ABC").ok());
    QVERIFY(!optionClassError("ABNB"));
    QVERIFY(!optionClassError("AAPL1"));
    QVERIFY(optionClassError("abnb")); // the list holds capitals only
    QVERIFY(optionClassError(""));
    QVERIFY(optionClassError("A B"));
}

void TestTickTable::classOfAContract() {
    OptionContract c;
    c.root = "SPXW";
    c.underlying = "SPX";
    QCOMPARE(std::string(optionClass(c)), std::string("SPXW"));
    c.root.clear();
    QCOMPARE(std::string(optionClass(c)), std::string("SPX"));
}

QTEST_APPLESS_MAIN(TestTickTable)
#include "tst_tick_table.moc"
