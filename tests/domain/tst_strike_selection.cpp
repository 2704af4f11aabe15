// Strike selection, one test per sentence of the rule in strike_selection.h, on the seed's
// scenario with the underlying at its real price (SPY 697.12, not the seed's assumed 600).

#include "domain/strike_selection.h"
#include "test_util.h"

#include <QTest>

#include <vector>

using namespace cg;
using cgtest::q;
using cgtest::utc;
using cgtest::ymd;

namespace {

const Timestamp kNow = utc(2026, 1, 28, 15, 30); // 10:30 EST, the seed's fill time
constexpr double kSpot = 697.12;

OptionContract makeContract(std::string_view root, std::chrono::year_month_day expiry,
                            OptionType type, double strike, Quote quote = Quote{1.00, 1.05}) {
    OptionContract c;
    c.symbol = formatOccSymbol(root, expiry, type, strike);
    c.root = std::string(root);
    c.underlying = "SPY";
    c.type = type;
    c.strike = strike;
    c.expiry = expiry;
    c.quote = quote;
    c.openInterest = 500;
    c.volume = 500;
    return c;
}

// Calls and puts, strikes 600..720 step 1, for each expiry.
std::vector<OptionContract> makeChain(std::initializer_list<std::chrono::year_month_day> expiries) {
    std::vector<OptionContract> chain;
    for (const auto e : expiries) {
        for (int k = 600; k <= 720; ++k) {
            chain.push_back(makeContract("SPY", e, OptionType::Call, k));
            chain.push_back(makeContract("SPY", e, OptionType::Put, k));
        }
    }
    return chain;
}

std::vector<OptionContract> seedChain() {
    return makeChain({ymd(2026, 1, 28), ymd(2026, 1, 30), ymd(2026, 2, 6)});
}

std::vector<GateReport> gatesOf(const std::vector<OptionContract> &chain, Timestamp now = kNow) {
    std::vector<GateReport> reports;
    reports.reserve(chain.size());
    for (const auto &c : chain)
        reports.push_back(evaluateGates(c, GateThresholds{}, now));
    return reports;
}

OptionContract *find(std::vector<OptionContract> &chain, std::string_view symbol) {
    for (auto &c : chain) {
        if (c.symbol == symbol)
            return &c;
    }
    return nullptr;
}

struct Pick {
    SelectionResult result;
    QString symbol; // empty when nothing was selected
};

Pick pick(const std::vector<OptionContract> &chain, OptionType type, double spot,
          const StrategyParams &p, Timestamp now = kNow) {
    const auto reports = gatesOf(chain, now);
    Pick out{selectStrike(chain, reports, type, spot, p, now), {}};
    // The same over the contracts in place (the session's way): every test checks both.
    std::vector<const OptionContract *> inPlace;
    std::vector<GateMask> failures;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        inPlace.push_back(&chain[i]);
        failures.push_back(reports[i].failures());
    }
    const SelectionResult viaPointers = selectStrike(inPlace, failures, type, spot, p, now);
    if (viaPointers.index != out.result.index || viaPointers.reason != out.result.reason ||
        viaPointers.candidates != out.result.candidates ||
        viaPointers.targetStrike != out.result.targetStrike)
        QTest::qFail("selectStrike over pointers differs from over the contracts", __FILE__,
                     __LINE__);
    if (out.result.index)
        out.symbol = q(chain.at(*out.result.index).symbol);
    return out;
}

const StrategyParams kDayTrade = defaultParams(Strategy::DayTrade);
const StrategyParams kSwing = defaultParams(Strategy::Swing);
const StrategyParams kConservative = defaultParams(Strategy::Conservative);

} // namespace

class TestStrikeSelection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void strategyDefaults();
    void strategyNames();
    void targets();
    void inTheMoney();
    void seedScenarioPicks708Call();
    void seed609CallIsNeverADayTrade();
    void dayTradePut();
    void conservativeCallAndPut();
    void swingIsNearestEitherSide();
    void swingTieTakesTighterSpreadThenLowerStrike();
    void onlyCandidatesOfTheSignalType();
    void onlyContractsPassingAllGates();
    void windowExcludesZeroDte();
    void windowUsesNewYorkDate();
    void nearestExpiryWithCandidateWins();
    void expiryBeatsStrike();
    void strikeEqualToTargetQualifies();
    void tighterSpreadThenSymbol();
    void reasons();
    void badInputs();
};

void TestStrikeSelection::strategyDefaults() {
    QCOMPARE(QString::fromUtf8(toString(kDayTrade.moneyness)), QStringLiteral("OTM"));
    QCOMPARE(kDayTrade.moneynessPct, 1.5);
    QCOMPARE(kDayTrade.minDte, 1);
    QCOMPARE(kDayTrade.maxDte, 7);
    QCOMPARE(kDayTrade.riskPct, 5.0);
    QCOMPARE(QString::fromUtf8(toString(kSwing.moneyness)), QStringLiteral("ATM"));
    QCOMPARE(kSwing.minDte, 7);
    QCOMPARE(kSwing.maxDte, 45);
    QCOMPARE(kSwing.riskPct, 10.0);
    QCOMPARE(QString::fromUtf8(toString(kConservative.moneyness)), QStringLiteral("ITM"));
    QCOMPARE(kConservative.moneynessPct, 1.5);
    QCOMPARE(kConservative.minDte, 30);
    QCOMPARE(kConservative.maxDte, 90);
    QCOMPARE(kConservative.riskPct, 10.0);
}

void TestStrikeSelection::strategyNames() {
    for (const Strategy s : {Strategy::DayTrade, Strategy::Swing, Strategy::Conservative})
        QVERIFY(parseStrategy(toString(s)) == std::optional<Strategy>(s));
    QCOMPARE(QString::fromUtf8(toString(Strategy::DayTrade)), QStringLiteral("day_trade"));
    QCOMPARE(QString::fromUtf8(toString(Strategy::Swing)), QStringLiteral("swing"));
    QCOMPARE(QString::fromUtf8(toString(Strategy::Conservative)), QStringLiteral("conservative"));
    QVERIFY(parseStrategy("Day-Trade") == std::optional<Strategy>(Strategy::DayTrade));
    QVERIFY(parseStrategy("SWING") == std::optional<Strategy>(Strategy::Swing));
    QVERIFY(!parseStrategy("scalp").has_value());
    QVERIFY(!parseStrategy("").has_value());
    QCOMPARE(QString::fromUtf8(toString(Moneyness::OTM)), QStringLiteral("OTM"));
    QCOMPARE(QString::fromUtf8(toString(Moneyness::ATM)), QStringLiteral("ATM"));
    QCOMPARE(QString::fromUtf8(toString(Moneyness::ITM)), QStringLiteral("ITM"));
}

void TestStrikeSelection::targets() {
    // 697.12 x 1.015 = 707.5768; 697.12 x 0.985 = 686.6632.
    QVERIFY(std::abs(targetStrike(OptionType::Call, kSpot, kDayTrade) - 707.5768) < 1e-9);
    QVERIFY(std::abs(targetStrike(OptionType::Put, kSpot, kDayTrade) - 686.6632) < 1e-9);
    QVERIFY(std::abs(targetStrike(OptionType::Call, kSpot, kConservative) - 686.6632) < 1e-9);
    QVERIFY(std::abs(targetStrike(OptionType::Put, kSpot, kConservative) - 707.5768) < 1e-9);
    QCOMPARE(targetStrike(OptionType::Call, kSpot, kSwing), kSpot);
    QCOMPARE(targetStrike(OptionType::Put, kSpot, kSwing), kSpot);
}

void TestStrikeSelection::inTheMoney() {
    // The seed's "1.5 % OTM" 609 call, with SPY really at 697.12, is $88 in the money.
    QVERIFY(isInTheMoney(OptionType::Call, 609.0, kSpot));
    QVERIFY(!isInTheMoney(OptionType::Put, 609.0, kSpot));
    QVERIFY(!isInTheMoney(OptionType::Call, 708.0, kSpot));
    QVERIFY(isInTheMoney(OptionType::Put, 708.0, kSpot));
    QVERIFY(!isInTheMoney(OptionType::Call, kSpot, kSpot)); // at the money is neither
    QVERIFY(!isInTheMoney(OptionType::Put, kSpot, kSpot));
}

void TestStrikeSelection::seedScenarioPicks708Call() {
    const auto chain = seedChain();
    const Pick p = pick(chain, OptionType::Call, kSpot, kDayTrade);
    QVERIFY2(p.result.index.has_value(), p.result.reason.c_str());
    QCOMPARE(p.symbol, QStringLiteral("SPY260130C00708000"));
    QVERIFY(std::abs(p.result.targetStrike - 707.5768) < 1e-9);
    QVERIFY(p.result.reason.empty());
    // Candidates: calls 708..720 (13 strikes) of 2026-01-30, the only expiry in 1-7 days
    // (2026-01-28 is 0 days out, 2026-02-06 is 9).
    QCOMPARE(p.result.candidates, 13);
    QVERIFY(!isInTheMoney(OptionType::Call, chain[*p.result.index].strike, kSpot));
}

void TestStrikeSelection::seed609CallIsNeverADayTrade() {
    // Only the 609 call passes the gates: a day trade must buy nothing rather than it.
    auto chain = seedChain();
    for (auto &c : chain) {
        if (c.symbol != "SPY260130C00609000")
            c.volume = 0;
    }
    const Pick p = pick(chain, OptionType::Call, kSpot, kDayTrade);
    QVERIFY(!p.result.index.has_value());
    QCOMPARE(p.result.candidates, 0);
    QCOMPARE(q(p.result.reason),
             QStringLiteral("No suitable option contract found: 1 call expires in 1-7 days and "
                            "passes all five gates, but none is at or above the target strike "
                            "707.58"));
    // With the seed's assumed price of 600 the same call would have looked OTM; at 697.12 it
    // is in the money.
    QVERIFY(isInTheMoney(OptionType::Call, 609.0, kSpot));
}

void TestStrikeSelection::dayTradePut() {
    // Highest strike <= 686.6632: the 686 put.
    const Pick p = pick(seedChain(), OptionType::Put, kSpot, kDayTrade);
    QCOMPARE(p.symbol, QStringLiteral("SPY260130P00686000"));
}

void TestStrikeSelection::conservativeCallAndPut() {
    // 30-90 days: 2026-02-06 (9 DTE) is out, 2026-03-20 (51) and 2026-04-17 (79) are in.
    const auto chain = makeChain({ymd(2026, 2, 6), ymd(2026, 3, 20), ymd(2026, 4, 17)});
    // Call: highest strike <= 686.6632 -> 686. Put: lowest strike >= 707.5768 -> 708.
    QCOMPARE(pick(chain, OptionType::Call, kSpot, kConservative).symbol,
             QStringLiteral("SPY260320C00686000"));
    QCOMPARE(pick(chain, OptionType::Put, kSpot, kConservative).symbol,
             QStringLiteral("SPY260320P00708000"));
    QVERIFY(isInTheMoney(OptionType::Call, 686.0, kSpot));
    QVERIFY(isInTheMoney(OptionType::Put, 708.0, kSpot));
}

void TestStrikeSelection::swingIsNearestEitherSide() {
    // 7-45 days: 2026-01-30 (2 DTE) is out, 2026-02-06 (9) is in.
    const auto chain = seedChain();
    QCOMPARE(pick(chain, OptionType::Call, kSpot, kSwing).symbol,
             QStringLiteral("SPY260206C00697000"));
    QCOMPARE(pick(chain, OptionType::Put, kSpot, kSwing).symbol,
             QStringLiteral("SPY260206P00697000"));
    // Nearest above when that is closer: 697.62 -> 698.
    QCOMPARE(pick(chain, OptionType::Call, 697.62, kSwing).symbol,
             QStringLiteral("SPY260206C00698000"));
}

// DESIGN.md 3: for ATM the strike nearest S on either side, then the tighter spread; the
// lower strike only where the spreads are equal too.
void TestStrikeSelection::swingTieTakesTighterSpreadThenLowerStrike() {
    auto chain = seedChain();
    QCOMPARE(pick(chain, OptionType::Call, 697.5, kSwing).symbol,
             QStringLiteral("SPY260206C00697000"));
    QCOMPARE(pick(chain, OptionType::Put, 697.5, kSwing).symbol,
             QStringLiteral("SPY260206P00697000"));
    find(chain, "SPY260206C00698000")->quote = Quote{1.00, 1.02}; // 2 % against 4.9 %
    find(chain, "SPY260206P00698000")->quote = Quote{1.00, 1.02};
    QCOMPARE(pick(chain, OptionType::Call, 697.5, kSwing).symbol,
             QStringLiteral("SPY260206C00698000"));
    QCOMPARE(pick(chain, OptionType::Put, 697.5, kSwing).symbol,
             QStringLiteral("SPY260206P00698000"));
}

void TestStrikeSelection::onlyCandidatesOfTheSignalType() {
    // Remove the 708 call: the 708 put (same strike, same expiry) must not stand in for it.
    auto chain = seedChain();
    std::erase_if(chain, [](const OptionContract &c) { return c.symbol == "SPY260130C00708000"; });
    QCOMPARE(pick(chain, OptionType::Call, kSpot, kDayTrade).symbol,
             QStringLiteral("SPY260130C00709000"));
}

void TestStrikeSelection::onlyContractsPassingAllGates() {
    auto chain = seedChain();
    find(chain, "SPY260130C00708000")->quote = Quote{1.00, 1.50}; // spread 40 %
    find(chain, "SPY260130C00709000")->openInterest.reset();      // OI unknown
    find(chain, "SPY260130C00710000")->volume = 99;               // below minimum
    QCOMPARE(pick(chain, OptionType::Call, kSpot, kDayTrade).symbol,
             QStringLiteral("SPY260130C00711000"));
}

void TestStrikeSelection::windowExcludesZeroDte() {
    // Only 0-DTE contracts (2026-01-28, still trading at 10:30 ET): outside 1-7 days.
    const auto chain = makeChain({ymd(2026, 1, 28)});
    const Pick p = pick(chain, OptionType::Call, kSpot, kDayTrade);
    QVERIFY(!p.result.index.has_value());
    QCOMPARE(q(p.result.reason),
             QStringLiteral("No suitable option contract found: none of the 121 calls expires "
                            "in 1-7 days"));
    // A window that starts at 0 accepts them.
    StrategyParams zeroDte = kDayTrade;
    zeroDte.minDte = 0;
    QCOMPARE(pick(chain, OptionType::Call, kSpot, zeroDte).symbol,
             QStringLiteral("SPY260128C00708000"));
}

void TestStrikeSelection::windowUsesNewYorkDate() {
    // 2026-01-31 03:00 UTC is 2026-01-30 22:00 in New York.
    const Timestamp lateEvening = utc(2026, 1, 31, 3, 0);
    // Expiry 2026-02-06: 7 days from the New York date (6 from the UTC date).
    const auto chain = makeChain({ymd(2026, 2, 6)});
    StrategyParams upTo6 = kDayTrade;
    upTo6.maxDte = 6;
    QVERIFY(!pick(chain, OptionType::Call, kSpot, upTo6, lateEvening).result.index.has_value());
    QCOMPARE(pick(chain, OptionType::Call, kSpot, kDayTrade, lateEvening).symbol,
             QStringLiteral("SPY260206C00708000"));
    // Expiry 2026-01-31: 1 day from the New York date (0 from the UTC date), so in 1-7.
    const auto tomorrow = makeChain({ymd(2026, 1, 31)});
    QCOMPARE(pick(tomorrow, OptionType::Call, kSpot, kDayTrade, lateEvening).symbol,
             QStringLiteral("SPY260131C00708000"));
}

void TestStrikeSelection::nearestExpiryWithCandidateWins() {
    // Every 2026-01-30 call fails a gate: the next expiry in the window (2026-02-02, 5 days)
    // wins; 2026-02-04 (7 days) is later, 2026-02-06 (9 days) outside the window.
    auto chain = makeChain(
        {ymd(2026, 1, 28), ymd(2026, 1, 30), ymd(2026, 2, 2), ymd(2026, 2, 4), ymd(2026, 2, 6)});
    for (auto &c : chain) {
        if (c.expiry == ymd(2026, 1, 30) && c.type == OptionType::Call)
            c.volume = 0;
    }
    const Pick p = pick(chain, OptionType::Call, kSpot, kDayTrade);
    QCOMPARE(p.symbol, QStringLiteral("SPY260202C00708000"));
    QCOMPARE(p.result.candidates, 26);
    // With 2026-02-02 failing too, 2026-02-04; then nothing (2026-02-06 is 9 days out).
    for (auto &c : chain) {
        if (c.expiry == ymd(2026, 2, 2))
            c.volume = 0;
    }
    QCOMPARE(pick(chain, OptionType::Call, kSpot, kDayTrade).symbol,
             QStringLiteral("SPY260204C00708000"));
    for (auto &c : chain) {
        if (c.expiry == ymd(2026, 2, 4))
            c.volume = 0;
    }
    const Pick none = pick(chain, OptionType::Call, kSpot, kDayTrade);
    QVERIFY(!none.result.index.has_value());
    QCOMPARE(q(none.result.reason),
             QStringLiteral("No suitable option contract found: 363 calls expire in 1-7 days but "
                            "none passes all five gates (most failed: volume, 363)"));
}

void TestStrikeSelection::expiryBeatsStrike() {
    // On 2026-01-30 only the 715 call passes; 2026-02-04 has the 708. Nearest expiry first.
    auto chain = makeChain({ymd(2026, 1, 30), ymd(2026, 2, 4)});
    for (auto &c : chain) {
        if (c.expiry == ymd(2026, 1, 30) && c.type == OptionType::Call && c.strike != 715.0)
            c.volume = 0;
    }
    QCOMPARE(pick(chain, OptionType::Call, kSpot, kDayTrade).symbol,
             QStringLiteral("SPY260130C00715000"));
    // But a 2026-01-30 call on the wrong side of the target does not hold the expiry.
    for (auto &c : chain) {
        if (c.symbol == "SPY260130C00715000")
            c.volume = 0;
        if (c.symbol == "SPY260130C00700000")
            c.volume = 500;
    }
    QCOMPARE(pick(chain, OptionType::Call, kSpot, kDayTrade).symbol,
             QStringLiteral("SPY260204C00708000"));
}

void TestStrikeSelection::strikeEqualToTargetQualifies() {
    // Spot 1000: ITM call target 985 (1000 x 0.985, inexact in binary) and OTM put target 985.
    std::vector<OptionContract> chain;
    for (const double k : {980.0, 984.0, 985.0, 986.0, 1015.0, 1016.0}) {
        chain.push_back(makeContract("SPY", ymd(2026, 3, 20), OptionType::Call, k));
        chain.push_back(makeContract("SPY", ymd(2026, 3, 20), OptionType::Put, k));
    }
    QCOMPARE(pick(chain, OptionType::Call, 1000.0, kConservative).symbol,
             QStringLiteral("SPY260320C00985000"));
    QCOMPARE(pick(chain, OptionType::Put, 1000.0, kConservative).symbol,
             QStringLiteral("SPY260320P01015000"));
    StrategyParams dayTradeLong = kDayTrade;
    dayTradeLong.maxDte = 60;
    QCOMPARE(pick(chain, OptionType::Call, 1000.0, dayTradeLong).symbol,
             QStringLiteral("SPY260320C01015000"));
    QCOMPARE(pick(chain, OptionType::Put, 1000.0, dayTradeLong).symbol,
             QStringLiteral("SPY260320P00985000"));
}

void TestStrikeSelection::tighterSpreadThenSymbol() {
    // An adjusted root (SPY1) lists the same strike and expiry with a tighter spread.
    auto chain = seedChain();
    chain.push_back(
        makeContract("SPY1", ymd(2026, 1, 30), OptionType::Call, 708.0, Quote{1.00, 1.02}));
    QCOMPARE(pick(chain, OptionType::Call, kSpot, kDayTrade).symbol,
             QStringLiteral("SPY1260130C00708000"));
    // Wider than the standard one: the standard one stays.
    chain.back().quote = Quote{1.00, 1.08};
    QCOMPARE(pick(chain, OptionType::Call, kSpot, kDayTrade).symbol,
             QStringLiteral("SPY260130C00708000"));
    // Equal spreads: the symbol decides, whatever the order in the chain.
    chain.back().quote = Quote{1.00, 1.05};
    QCOMPARE(pick(chain, OptionType::Call, kSpot, kDayTrade).symbol,
             QStringLiteral("SPY1260130C00708000"));
    std::reverse(chain.begin(), chain.end());
    QCOMPARE(pick(chain, OptionType::Call, kSpot, kDayTrade).symbol,
             QStringLiteral("SPY1260130C00708000"));
}

void TestStrikeSelection::reasons() {
    const std::vector<OptionContract> empty;
    QCOMPARE(q(pick(empty, OptionType::Call, kSpot, kDayTrade).result.reason),
             QStringLiteral("No suitable option contract found: the chain has no calls"));

    // All in-window contracts (2026-01-30 only) fail gates; the most common failure is named.
    auto chain = seedChain();
    for (auto &c : chain) {
        c.volume = 3;
        if (c.strike > 700)
            c.openInterest.reset();
    }
    const Pick gates = pick(chain, OptionType::Put, kSpot, kDayTrade);
    QVERIFY(!gates.result.index.has_value());
    QCOMPARE(q(gates.result.reason),
             QStringLiteral("No suitable option contract found: 121 puts expire in 1-7 days but "
                            "none passes all five gates (most failed: volume, 121)"));

    // Passing contracts, none on the far side: spot so high no strike is >= S x 1.015.
    const Pick side = pick(seedChain(), OptionType::Call, 800.0, kDayTrade);
    QCOMPARE(q(side.result.reason),
             QStringLiteral("No suitable option contract found: 121 calls expire in 1-7 days and "
                            "pass all five gates, but none is at or above the target strike "
                            "812.00"));
    const Pick putSide = pick(seedChain(), OptionType::Put, 500.0, kDayTrade);
    QCOMPARE(q(putSide.result.reason),
             QStringLiteral("No suitable option contract found: 121 puts expire in 1-7 days and "
                            "pass all five gates, but none is at or below the target strike "
                            "492.50"));
    QVERIFY(std::abs(putSide.result.targetStrike - 492.5) < 1e-9);
}

void TestStrikeSelection::badInputs() {
    const auto chain = seedChain();
    const auto reports = gatesOf(chain);
    // Reports that do not match the contracts: nothing selected, no out-of-range read.
    const SelectionResult mismatch =
        selectStrike(chain, std::span(reports).first(10), OptionType::Call, kSpot, kDayTrade, kNow);
    QVERIFY(!mismatch.index.has_value());
    QVERIFY(q(mismatch.reason).startsWith(QStringLiteral("No suitable option contract found: ")));
    QVERIFY(q(mismatch.reason).contains(QStringLiteral("10 gate reports for 726 contracts")));
    // No underlying price: never a silent constant.
    for (const double spot : {0.0, -5.0, std::nan("")}) {
        const SelectionResult r =
            selectStrike(chain, reports, OptionType::Call, spot, kDayTrade, kNow);
        QVERIFY(!r.index.has_value());
        QVERIFY2(q(r.reason).contains(QStringLiteral("underlying price")), r.reason.c_str());
    }
}

QTEST_APPLESS_MAIN(TestStrikeSelection)
#include "tst_strike_selection.moc"
