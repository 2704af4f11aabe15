// The expected move from the at-the-money straddle and the probability of expiring in the money,
// against figures worked by hand (d2 written out in each case).

#include "domain/expected_move.h"
#include "test_util.h"

#include <QTest>

#include <cmath>
#include <map>
#include <random>
#include <vector>

using namespace cg;
using cgtest::ymd;

namespace {

OptionContract leg(std::chrono::year_month_day expiry, OptionType type, double strike,
                   std::optional<std::pair<double, double>> bidAsk) {
    OptionContract c;
    c.underlying = c.root = "SPY";
    c.type = type;
    c.strike = strike;
    c.expiry = expiry;
    c.symbol = formatOccSymbol("SPY", expiry, type, strike);
    if (bidAsk)
        c.quote = Quote{bidAsk->first, bidAsk->second, 1, 1, {}};
    return c;
}

ItmInput itm(OptionType type, double spot, double strike, double years, double vol,
             double rate = 0.0) {
    ItmInput in;
    in.type = type;
    in.spot = spot;
    in.strike = strike;
    in.years = years;
    in.vol = vol;
    in.rate = rate;
    return in;
}

// The straddle as first written: every quoted strike into an ordered map, the last contract of a
// type at a strike kept. The linear pass must agree with it on any order of any chain.
std::optional<ExpectedMove> straddleByMap(const std::vector<OptionContract> &chain, double spot,
                                          std::chrono::year_month_day expiry) {
    std::map<double, std::pair<std::optional<double>, std::optional<double>>> byStrike;
    for (const OptionContract &c : chain) {
        if (c.expiry != expiry || !c.quote || !(c.quote->bid > 0.0) ||
            !(c.quote->ask >= c.quote->bid))
            continue;
        auto &legs = byStrike[c.strike];
        (c.type == OptionType::Call ? legs.first : legs.second) = mid(*c.quote);
    }
    std::optional<ExpectedMove> best;
    for (const auto &[strike, legs] : byStrike) {
        if (!legs.first || !legs.second)
            continue;
        if (best && !(std::abs(strike - spot) < std::abs(best->strike - spot)))
            continue;
        best = ExpectedMove{expiry, strike, *legs.first, *legs.second, *legs.first + *legs.second};
    }
    return best;
}

} // namespace

class TestExpectedMove : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void straddleAtTheNearestStrike() {
        const auto e = ymd(2026, 12, 11);
        const std::vector<OptionContract> chain = {
            leg(e, OptionType::Call, 99, {{1.60, 1.70}}),
            leg(e, OptionType::Put, 99, {{0.40, 0.44}}),
            leg(e, OptionType::Call, 100, {{1.10, 1.20}}),
            leg(e, OptionType::Put, 100, {{0.70, 0.80}}),
            leg(e, OptionType::Call, 101, {{0.60, 0.64}}),
            leg(e, OptionType::Put, 101, {{1.20, 1.30}}),
        };
        // Spot 100.40: strike 100; 1.15 + 0.75 = 1.90.
        const auto em = straddleExpectedMove(chain, 100.40, e);
        QVERIFY(em);
        QCOMPARE(em->strike, 100.0);
        QCOMPARE(em->callMid, 1.15);
        QCOMPARE(em->putMid, 0.75);
        QVERIFY(std::abs(em->move - 1.90) < 1e-12);
        QVERIFY(em->expiry == e);
        // Half way between 100 and 101: the lower strike.
        QCOMPARE(straddleExpectedMove(chain, 100.50, e)->strike, 100.0);
        // Spot 100.60: 101 is nearer; 0.62 + 1.25 = 1.87.
        QVERIFY(std::abs(straddleExpectedMove(chain, 100.60, e)->move - 1.87) < 1e-12);
    }

    void strikeWithoutBothSidesQuotedIsSkipped() {
        const auto e = ymd(2026, 12, 11);
        const std::vector<OptionContract> chain = {
            leg(e, OptionType::Call, 99, {{1.60, 1.70}}),
            leg(e, OptionType::Put, 99, {{0.40, 0.44}}),
            leg(e, OptionType::Call, 100, {{1.10, 1.20}}),
            leg(e, OptionType::Put, 100, std::nullopt),
            leg(e, OptionType::Call, 101, {{0.60, 0.64}}),
            leg(e, OptionType::Put, 101, {{0.0, 1.30}}),
        };
        // 100 has no put quote, 101's put has no bid: 99 (1.65 + 0.42).
        const auto em = straddleExpectedMove(chain, 100.40, e);
        QVERIFY(em);
        QCOMPARE(em->strike, 99.0);
        QVERIFY(std::abs(em->move - 2.07) < 1e-12);
        QVERIFY(!straddleExpectedMove(chain, 0.0, e));
        QVERIFY(!straddleExpectedMove(chain, 100.0, ymd(2026, 12, 18)));
    }

    void laterContractOfATypeAtAStrikeIsRead() {
        // An adjusted root lists a second call at 100 (SPY1): the later one of the two is read,
        // in strike order or not.
        const auto e = ymd(2026, 12, 11);
        std::vector<OptionContract> chain = {
            leg(e, OptionType::Call, 101, {{0.60, 0.64}}),
            leg(e, OptionType::Call, 100, {{1.10, 1.20}}),
            leg(e, OptionType::Put, 100, {{0.70, 0.80}}),
            leg(e, OptionType::Call, 100, {{2.00, 2.20}}),
            leg(e, OptionType::Put, 101, {{1.20, 1.30}}),
        };
        auto em = straddleExpectedMove(chain, 100.10, e);
        QVERIFY(em);
        QCOMPARE(em->strike, 100.0);
        QCOMPARE(em->callMid, 2.10);
        std::swap(chain[1], chain[3]);
        QCOMPARE(straddleExpectedMove(chain, 100.10, e)->callMid, 1.15);
    }

    void agreesWithTheOrderedMapOnShuffledChains() {
        // 2,000 chains of up to 60 contracts over 3 expiries and 8 strikes (repeats, unquoted
        // and crossed quotes among them), in symbol order and shuffled: the same straddle.
        std::mt19937 rng(16);
        const std::chrono::year_month_day expiries[] = {ymd(2026, 12, 11), ymd(2026, 12, 18),
                                                        ymd(2027, 1, 15)};
        int compared = 0;
        int found = 0;
        for (int round = 0; round < 2000; ++round) {
            std::vector<OptionContract> chain;
            const int n = static_cast<int>(rng() % 61);
            for (int k = 0; k < n; ++k) {
                const double strike = 96.0 + static_cast<double>(rng() % 8);
                const double bid = static_cast<double>(rng() % 5) * 0.25;
                const double ask =
                    bid + static_cast<double>(static_cast<int>(rng() % 4) - 1) * 0.05;
                chain.push_back(leg(expiries[rng() % 3],
                                    rng() % 2 ? OptionType::Call : OptionType::Put, strike,
                                    rng() % 6 ? std::optional(std::pair(bid, ask)) : std::nullopt));
            }
            if (round % 2 == 0)
                std::stable_sort(chain.begin(), chain.end(),
                                 [](const OptionContract &a, const OptionContract &b) {
                                     return a.symbol < b.symbol;
                                 });
            const double spot = 95.0 + static_cast<double>(rng() % 100) / 10.0;
            for (const auto e : expiries) {
                const auto want = straddleByMap(chain, spot, e);
                const auto got = straddleExpectedMove(chain, spot, e);
                QCOMPARE(got.has_value(), want.has_value());
                if (want) {
                    ++found;
                    QCOMPARE(got->strike, want->strike);
                    QCOMPARE(got->callMid, want->callMid);
                    QCOMPARE(got->putMid, want->putMid);
                    QCOMPARE(got->move, want->move);
                }
                ++compared;
            }
        }
        QCOMPARE(compared, 6000);
        QVERIFY(found > 2000); // most chains have a straddle: the comparison is not of empties
    }

    void nearestExpiryWithAStraddle() {
        const auto past = ymd(2026, 12, 4), unquoted = ymd(2026, 12, 7), next = ymd(2026, 12, 8);
        const std::vector<OptionContract> chain = {
            leg(past, OptionType::Call, 100, {{0.10, 0.20}}),
            leg(past, OptionType::Put, 100, {{0.10, 0.20}}),
            leg(unquoted, OptionType::Call, 100, std::nullopt),
            leg(unquoted, OptionType::Put, 100, std::nullopt),
            leg(next, OptionType::Call, 100, {{2.00, 2.10}}),
            leg(next, OptionType::Put, 100, {{1.90, 2.00}}),
        };
        const auto em = nearestExpectedMove(chain, 100.0, ymd(2026, 12, 5));
        QVERIFY(em);
        QVERIFY(em->expiry == next);
        QVERIFY(std::abs(em->move - 4.00) < 1e-12);
        QVERIFY(!nearestExpectedMove(chain, 100.0, ymd(2026, 12, 9)));
    }

    void probabilityItmByHand() {
        // S = K = 100, T = 1, vol 20 %, r = 0: d2 = (0 - 0.02) / 0.2 = -0.1; N(-0.1) = 0.460172.
        QVERIFY(std::abs(*probabilityItm(itm(OptionType::Call, 100, 100, 1, 0.2)) - 0.460172) <
                1e-6);
        QVERIFY(std::abs(*probabilityItm(itm(OptionType::Put, 100, 100, 1, 0.2)) - 0.539828) <
                1e-6);
        // Hull's S = 49, K = 50, r = 5 %, vol 20 %, T = 20 weeks: d2 = (ln(0.98) + 0.03 x 0.384615)
        // / (0.2 x 0.620174) = (-0.020203 + 0.011538) / 0.124035 = -0.069854; N(d2) = 0.472155.
        QVERIFY(std::abs(*probabilityItm(itm(OptionType::Call, 49, 50, 20.0 / 52.0, 0.2, 0.05)) -
                         0.472155) < 1e-6);
        // S = 110, K = 100, T = 0.25, vol 40 %: d2 = (0.0953102 - 0.02) / 0.2 = 0.376551;
        // N(d2) = 0.646746, and the put the rest.
        const double call = *probabilityItm(itm(OptionType::Call, 110, 100, 0.25, 0.4));
        const double put = *probabilityItm(itm(OptionType::Put, 110, 100, 0.25, 0.4));
        QVERIFY(std::abs(call - 0.646746) < 1e-6);
        QVERIFY(std::abs(call + put - 1.0) < 1e-12);
    }

    void probabilityItmEdges() {
        // At expiry: by moneyness.
        QCOMPARE(*probabilityItm(itm(OptionType::Call, 101, 100, 0, 0.2)), 1.0);
        QCOMPARE(*probabilityItm(itm(OptionType::Put, 101, 100, 0, 0.2)), 0.0);
        // No vol: by the forward, 100 e^0.05 = 105.13 above 101.
        QCOMPARE(*probabilityItm(itm(OptionType::Call, 100, 101, 1, 0.0, 0.05)), 1.0);
        QVERIFY(!probabilityItm(itm(OptionType::Call, 0, 100, 1, 0.2)));
        QVERIFY(!probabilityItm(itm(OptionType::Call, 100, 100, 1, -0.1)));
        QVERIFY(!probabilityItm(itm(OptionType::Call, 100, 100, 1, std::nan(""))));
    }
};

QTEST_APPLESS_MAIN(TestExpectedMove)
#include "tst_expected_move.moc"
