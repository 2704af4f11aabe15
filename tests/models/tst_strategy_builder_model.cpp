// The strategy builder's model (issue 19) over a ChainSession on a fixed chain: every template
// placed as the domain's builder places it, with the domain's figures; legs added from the chain
// with side and ratio edited; pushed quotes reach the legs with dataChanged for the changed
// rows only, no refresh while hidden.

#include "domain/combo_gate.h"
#include "domain/strategy_builder.h"
#include "domain/strategy_figures.h"
#include "models/chain_session.h"
#include "models/strategy_builder_model.h"
#include "support/fake_market_data.h"
#include "support/fake_quote_stream.h"

#include "domain/clock.h"

#include <QSignalSpy>
#include <QTest>

using namespace cg;
using namespace cg::models;
using namespace std::chrono;

namespace {

constexpr year_month_day kNear{year{2026}, month{12}, day{18}}; // 22 days: the shown expiry
constexpr year_month_day kFar{year{2027}, month{1}, day{22}};   // 57 days: calendars' far leg
const Timestamp kNow = sys_days{year{2026} / 11 / 26} + hours{15};
constexpr double kSpot = 101.0;

// Strikes 90..110 a dollar apart; mids = intrinsic + 1 (far: + 2), quotes 0.04 wide.
std::unique_ptr<test::FakeMarketData> market() {
    auto md = std::make_unique<test::FakeMarketData>();
    md->price = kSpot;
    auto near = test::makeChain("SPY", kNear, 90, 1, 21, kSpot);
    auto far = test::makeChain("SPY", kFar, 90, 1, 21, kSpot);
    for (auto &c : far)
        c.quote = Quote{c.quote->bid + 1.0, c.quote->ask + 1.0, 10, 10, {}};
    // Deltas falling with the strike, so a delta placement has one answer.
    for (auto *chain : {&near, &far})
        for (auto &c : *chain) {
            const double d = std::clamp(0.5 - (c.strike - kSpot) * 0.04, 0.02, 0.98);
            c.greeks->delta = c.type == OptionType::Call ? d : d - 1.0;
        }
    md->contracts = near;
    md->contracts.insert(md->contracts.end(), far.begin(), far.end());
    return md;
}

bool waitLoaded(ChainSession &s) {
    return QTest::qWaitFor([&] { return s.state() == ChainSession::State::Loaded && !s.isBusy(); },
                           5000);
}

OptionQuoteTick tick(const std::string &symbol, double bid, double ask) {
    OptionQuoteTick t;
    t.symbol = symbol;
    t.bid = bid;
    t.ask = ask;
    t.bidSize = 10;
    t.askSize = 10;
    t.time = kNow;
    return t;
}

std::vector<OptionContract> contractsOf(const ChainSession &s,
                                        std::initializer_list<year_month_day> expiries) {
    std::vector<OptionContract> out;
    for (const auto e : expiries)
        for (const ChainEntry &entry : s.entriesByExpiry().at(e))
            out.push_back(entry.contract);
    return out;
}

void compareFigures(const StrategyFigures &got, const StrategyFigures &want) {
    QCOMPARE(got.netMid, want.netMid);
    QCOMPARE(got.netNatural, want.netNatural);
    QCOMPARE(got.combinedSpread, want.combinedSpread);
    QCOMPARE(got.maxProfit.has_value(), want.maxProfit.has_value());
    if (want.maxProfit)
        QCOMPARE(*got.maxProfit, *want.maxProfit);
    QCOMPARE(got.maxLoss.has_value(), want.maxLoss.has_value());
    if (want.maxLoss)
        QCOMPARE(*got.maxLoss, *want.maxLoss);
    QCOMPARE(got.breakEvens, want.breakEvens);
    QCOMPARE(got.probabilityOfProfit.has_value(), want.probabilityOfProfit.has_value());
    if (want.probabilityOfProfit)
        QCOMPARE(*got.probabilityOfProfit, *want.probabilityOfProfit);
    QCOMPARE(got.greeks.has_value(), want.greeks.has_value());
    if (want.greeks)
        QCOMPARE(got.greeks->delta, want.greeks->delta);
}

struct Rig {
    std::unique_ptr<test::FakeMarketData> md = market();
    FixedClock clock{kNow};
    ChainSession session{*md, clock};
    test::FakeQuoteStream stream;
    Rig(bool withStream = false) {
        if (withStream)
            session.setQuoteStream(&stream);
        session.setStrategy(Strategy::DayTrade);
        session.setSymbol(QStringLiteral("SPY"));
    }
    ~Rig() { session.setQuoteStream(nullptr); }
};

} // namespace

class TstStrategyBuilderModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void placesEveryTemplateAsTheDomain() {
        Rig rig;
        QVERIFY(waitLoaded(rig.session));
        QVERIFY(rig.session.expiry() == std::optional(kNear));
        StrategyBuilderModel m(rig.session);
        for (const StrategyTemplate t : allStrategyTemplates()) {
            const QByteArray name(toString(t).data(), qsizetype(toString(t).size()));
            StrategyPlacementParams p;
            p.kind = t;
            p.width = 3.0;
            QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
            const auto placed = m.placeTemplate(p);
            QVERIFY2(placed.ok(),
                     qPrintable(QString::fromLatin1(name) + QStringLiteral(": ") +
                                (placed.ok() ? QString()
                                             : QString::fromStdString(placed.error().message))));
            QCOMPARE(reset.count(), 1);
            QVERIFY(m.strategy().kind == t);
            QVERIFY(m.strategy().placedFrom == t);

            // What the domain's builder places on the same contracts.
            StrategyBuildParams b;
            b.kind = t;
            b.minDte = 0;
            b.maxDte = 100000;
            b.width = 3.0;
            b.farGapDays = 28;
            const auto chain = spansExpiries(t) ? contractsOf(rig.session, {kNear, kFar})
                                                : contractsOf(rig.session, {kNear});
            const auto want = buildStrategy(chain, "SPY", kSpot, b, kNow);
            QVERIFY(want.ok());
            QCOMPARE(m.rowCount(), int(want->legs.size()));
            for (std::size_t i = 0; i < want->legs.size(); ++i) {
                QCOMPARE(m.strategy().legs[i].contract.symbol, want->legs[i].contract.symbol);
                QVERIFY(m.strategy().legs[i].side == want->legs[i].side);
                QCOMPARE(m.strategy().legs[i].ratio, want->legs[i].ratio);
            }
            QVERIFY(m.strategy().kind == t);
            QVERIFY2(m.figures().has_value(),
                     qPrintable(QString::fromLatin1(name) + QLatin1Char(' ') + m.figuresError()));
            const auto figures = strategyFigures(*want, kSpot, kNow);
            QVERIFY(figures.ok());
            compareFigures(*m.figures(), *figures);
            const ComboGateResult combo = comboSpreadGate(*want);
            QCOMPARE(m.combo().pass, combo.pass);
            QCOMPARE(m.combo().reason, combo.reason);
            QCOMPARE(m.legGates().size(), want->legs.size());
            // The payoff: three curves over the same prices, break-evens the figures'.
            QVERIFY(!m.payoff().empty());
            QCOMPARE(m.payoff().today.size(), m.payoff().spot.size());
            QCOMPARE(m.payoff().atExpiry.size(), m.payoff().spot.size());
            QCOMPARE(m.payoff().breakEvens, figures->breakEvens);
            // Calendars and diagonals: the far leg on the far expiry.
            if (spansExpiries(t)) {
                bool far = false;
                for (const auto &leg : m.strategy().legs)
                    far = far || leg.contract.expiry == kFar;
                QVERIFY2(far, name);
            }
        }
    }

    void placesByDeltaAndOtmPercent() {
        Rig rig;
        QVERIFY(waitLoaded(rig.session));
        StrategyBuilderModel m(rig.session);
        StrategyPlacementParams p;
        p.kind = StrategyTemplate::IronCondor;
        p.by = StrategyPlacement::OtmPercent;
        p.value = 3.0;
        p.width = 2.0;
        QVERIFY(m.placeTemplate(p).ok());
        // 101 x 1.03 = 104.03 -> the 104 call; 101 x 0.97 = 97.97 -> the 98 put; wings $2 out.
        QStringList strikes;
        for (const auto &leg : m.strategy().legs)
            strikes << QStringLiteral("%1%2%3")
                           .arg(leg.side == OrderSide::Buy ? QLatin1Char('+') : QLatin1Char('-'))
                           .arg(leg.contract.strike)
                           .arg(leg.contract.type == OptionType::Call ? QLatin1Char('C')
                                                                      : QLatin1Char('P'));
        strikes.sort();
        QCOMPARE(strikes, (QStringList{QStringLiteral("+106C"), QStringLiteral("+96P"),
                                       QStringLiteral("-104C"), QStringLiteral("-98P")}));
        // Edited by hand: a custom strategy, sized by the iron condor's settings still.
        QVERIFY(m.setRatio(0, 2));
        QCOMPARE(toString(m.strategy().kind), std::string_view("custom"));
        QVERIFY(m.strategy().placedFrom == StrategyTemplate::IronCondor);

        // 0.30 delta: the call whose delta is nearest 0.30 is 106 (0.5 - 5 x 0.04 = 0.30).
        p.kind = StrategyTemplate::BearCallSpread;
        p.by = StrategyPlacement::Delta;
        p.value = 0.30;
        QVERIFY(m.placeTemplate(p).ok());
        QCOMPARE(m.rowCount(), 2);
        for (const auto &leg : m.strategy().legs)
            QCOMPARE(leg.contract.strike, leg.side == OrderSide::Sell ? 106.0 : 108.0);

        // Nothing to place on: the reason, and the legs kept.
        p.kind = StrategyTemplate::Calendar;
        p.farExpiry = year_month_day{year{2027}, month{6}, day{18}};
        const auto none = m.placeTemplate(p);
        QVERIFY(!none.ok());
        QVERIFY(
            QString::fromStdString(none.error().message).contains(QStringLiteral("far expiry")));
        QCOMPARE(m.rowCount(), 2);
    }

    // A calendar's risk figures at the near expiry price its far call with that call's IV; its
    // near call is worth its intrinsic value there. A worthless near call (no bid, so no IV to
    // solve from its mid, and none from the feed) is valued (the builder had no figures and kept
    // Review off); a far call without an IV (a bid, but a mid too small to solve one from) leaves
    // the prices alone, what a ticket that closes it needs, and says why.
    void aCalendarWithALegWithoutIvIsPricedNotValued() {
        const std::string nearCall = formatOccSymbol("SPY", kNear, OptionType::Call, 101);
        const std::string farCall = formatOccSymbol("SPY", kFar, OptionType::Call, 101);
        for (const bool farWithoutIv : {false, true}) {
            auto md = market();
            double nearMid = 0.0, farMid = 0.0, farBid = 0.0;
            for (OptionContract &c : md->contracts) {
                if (c.symbol == (farWithoutIv ? farCall : nearCall)) {
                    c.quote =
                        farWithoutIv ? Quote{0.01, 0.03, 10, 10, {}} : Quote{0.0, 0.05, 0, 10, {}};
                    c.impliedVol.reset();
                    c.greeks.reset();
                }
                if (c.symbol == nearCall)
                    nearMid = (c.quote->bid + c.quote->ask) / 2.0;
                if (c.symbol == farCall) {
                    farMid = (c.quote->bid + c.quote->ask) / 2.0;
                    farBid = c.quote->bid;
                }
            }
            FixedClock clock{kNow};
            ChainSession session{*md, clock};
            session.setStrategy(Strategy::DayTrade);
            session.setSymbol(QStringLiteral("SPY"));
            QVERIFY(waitLoaded(session));
            StrategyBuilderModel m(session);
            QVERIFY(m.addLeg(QString::fromStdString(nearCall), OrderSide::Buy).ok());
            QVERIFY(m.addLeg(QString::fromStdString(farCall), OrderSide::Sell).ok());
            QVERIFY2(m.figures().has_value(), qPrintable(m.figuresError()));
            const StrategyFigures &f = *m.figures();
            QVERIFY(std::abs(f.netMid - (nearMid - farMid)) < 1e-9);
            if (!farWithoutIv) {
                QVERIFY2(f.valued() && m.figuresError().isEmpty(), qPrintable(m.figuresError()));
                // As opened, a calendar reversed (the near call bought back): its far call sold
                // is naked once the near one expires.
                QVERIFY(f.unlimitedLoss());
                QVERIFY(!f.probabilityOfProfit); // that needs the near leg's IV
                continue;
            }
            QVERIFY(!f.valued());
            QVERIFY2(m.figuresError().contains(QLatin1String("no implied volatility")) &&
                         m.figuresError().contains(QString::fromStdString(farCall)),
                     qPrintable(m.figuresError()));
            QVERIFY(std::abs(f.netNatural - (nearMid + 0.02 - farBid)) < 1e-9);
            // Unknown, not unlimited.
            QVERIFY(!f.maxLoss && !f.unlimitedLoss() && !f.unlimitedProfit());
            QVERIFY(f.breakEvens.empty());
        }
    }

    void addsLegsFromTheChain() {
        Rig rig;
        QVERIFY(waitLoaded(rig.session));
        StrategyBuilderModel m(rig.session);
        const QString c100 =
            QString::fromStdString(formatOccSymbol("SPY", kNear, OptionType::Call, 100));
        const QString c105 =
            QString::fromStdString(formatOccSymbol("SPY", kNear, OptionType::Call, 105));
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QVERIFY(m.addLeg(c100, OrderSide::Buy).ok());
        QVERIFY(!m.figures().has_value() || m.combo().pass == false); // one leg: no combination
        QVERIFY(m.addLeg(c105, OrderSide::Sell).ok());
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.index(0, StrategyBuilderModel::Side).data().toString(), QStringLiteral("Buy"));
        QCOMPARE(m.index(1, StrategyBuilderModel::Side).data().toString(), QStringLiteral("Sell"));
        // Whether a leg opens or closes is the positions' to say, at the ticket: the builder
        // does not say "to open" of a leg that may buy a short back.
        for (int row = 0; row < 2; ++row) {
            const QString tip =
                m.index(row, StrategyBuilderModel::Side).data(Qt::ToolTipRole).toString();
            QVERIFY2(!tip.contains(QLatin1String("Buy to open")) &&
                         !tip.contains(QLatin1String("Sell to open")) &&
                         tip.contains(QLatin1String("to close")) &&
                         tip.contains(QLatin1String("ticket")),
                     qPrintable(tip));
        }
        QVERIFY(m.headerData(StrategyBuilderModel::Side, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("opens or closes")));
        QCOMPARE(m.index(0, StrategyBuilderModel::Gates).data().toString(),
                 QStringLiteral("\u2714\u2714\u2714\u2714\u2714"));
        QVERIFY(m.index(0, StrategyBuilderModel::Gates)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("Open interest 500 meets the minimum of 100")));
        QVERIFY(m.figures().has_value());
        // The figures are the domain's for the same legs: a bull call spread 100/105.
        MultiLegStrategy want;
        want.underlying = "SPY";
        for (const ChainEntry &e : rig.session.entriesByExpiry().at(kNear)) {
            if (e.contract.symbol == c100.toStdString())
                want.legs.insert(want.legs.begin(), openingLeg(e.contract, OrderSide::Buy));
            if (e.contract.symbol == c105.toStdString())
                want.legs.push_back(openingLeg(e.contract, OrderSide::Sell));
        }
        compareFigures(*m.figures(), *strategyFigures(want, kSpot, kNow));
        QVERIFY(*m.figures()->maxLoss > 0.0);

        // The same contract and side again: ratio 2, no new row; side and ratio edited.
        QVERIFY(m.addLeg(c105, OrderSide::Sell).ok());
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.strategy().legs[1].ratio, 2);
        // Put together by hand: no template's name on the order or its record (it was a bull
        // call spread's, the struct's default).
        QCOMPARE(toString(m.strategy().kind), std::string_view("custom"));
        QVERIFY(!m.strategy().placedFrom); // no template: the default settings size it
        QVERIFY(m.setData(m.index(1, StrategyBuilderModel::Ratio), 1));
        QVERIFY(m.setData(m.index(0, StrategyBuilderModel::Side), 1));
        QVERIFY(m.strategy().legs[0].side == OrderSide::Sell);
        QVERIFY(m.strategy().legs[0].intent == PositionIntent::SellToOpen);
        QVERIFY(m.flags(m.index(0, StrategyBuilderModel::Ratio)) & Qt::ItemIsEditable);
        QVERIFY(!(m.flags(m.index(0, StrategyBuilderModel::Bid)) & Qt::ItemIsEditable));

        // At most four legs; a symbol not loaded is refused with the reason.
        for (double k : {95.0, 96.0})
            QVERIFY(
                m.addLeg(QString::fromStdString(formatOccSymbol("SPY", kNear, OptionType::Put, k)),
                         OrderSide::Buy)
                    .ok());
        const auto fifth =
            m.addLeg(QString::fromStdString(formatOccSymbol("SPY", kNear, OptionType::Put, 97)),
                     OrderSide::Buy);
        QVERIFY(!fifth.ok());
        QVERIFY(QString::fromStdString(fifth.error().message).contains(QStringLiteral("four")) ||
                QString::fromStdString(fifth.error().message).contains(QStringLiteral("4")));
        const auto unknown =
            m.addLeg(QString::fromStdString(formatOccSymbol("SPY", kNear, OptionType::Put, 250)),
                     OrderSide::Buy);
        QVERIFY(!unknown.ok());
        QVERIFY(QString::fromStdString(unknown.error().message)
                    .contains(QStringLiteral("not in the loaded chain")));

        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        m.removeLeg(3);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(m.rowCount(), 3);
        m.clear();
        QCOMPARE(m.rowCount(), 0);
        QVERIFY(!m.figures().has_value());
    }

    void pushedQuotesUpdateTheChangedLegsOnly() {
        Rig rig(true);
        QVERIFY(waitLoaded(rig.session));
        StrategyBuilderModel m(rig.session);
        m.setRefreshInterval(0);
        StrategyPlacementParams p;
        p.kind = StrategyTemplate::IronCondor;
        p.by = StrategyPlacement::OtmPercent;
        p.value = 3.0;
        p.width = 2.0;
        QVERIFY(m.placeTemplate(p).ok());
        QCOMPARE(m.rowCount(), 4);
        const double before = m.figures()->netMid;
        int row = -1;
        for (int r = 0; r < 4; ++r)
            if (m.strategy().legs[std::size_t(r)].contract.strike == 104.0)
                row = r;
        QVERIFY(row >= 0);
        const std::string shortCall = m.strategy().legs[std::size_t(row)].contract.symbol;
        const Quote old = *m.strategy().legs[std::size_t(row)].contract.quote;

        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        QSignalSpy figures(&m, &StrategyBuilderModel::figuresChanged);
        QSignalSpy applied(&rig.session, &ChainSession::quoteBatchApplied);
        // The short call's quote moves up 0.10; a contract that is no leg moves too.
        rig.stream.push({tick(shortCall, old.bid + 0.10, old.ask + 0.10),
                         tick(formatOccSymbol("SPY", kNear, OptionType::Call, 100), 2.5, 2.6)});
        QVERIFY(applied.wait(2000));
        QTRY_COMPARE(figures.count(), 1);
        QCOMPARE(changed.count(), 1);
        const auto tl = changed.at(0).at(0).value<QModelIndex>();
        const auto br = changed.at(0).at(1).value<QModelIndex>();
        QCOMPARE(tl.row(), row);
        QCOMPARE(br.row(), row);
        QCOMPARE(tl.column(), int(StrategyBuilderModel::Bid));
        QCOMPARE(m.index(row, StrategyBuilderModel::Bid).data().toString(),
                 QString::number(old.bid + 0.10, 'f', 2));
        // A sold leg 0.10 richer: 0.10 more credit at the mid, and still the domain's figures.
        QVERIFY(std::abs(m.figures()->netMid - (before - 0.10)) < 1e-9);
        compareFigures(*m.figures(), *strategyFigures(m.strategy(), kSpot, kNow));

        // A tick of no leg: a refresh, no dataChanged.
        changed.clear();
        const int refreshes = m.refreshCount();
        rig.stream.push({tick(formatOccSymbol("SPY", kNear, OptionType::Call, 100), 2.4, 2.5)});
        QVERIFY(applied.wait(2000));
        QTRY_COMPARE(m.refreshCount(), refreshes + 1);
        QCOMPARE(changed.count(), 0);

        // Hidden: ticks wait; shown again, one refresh catches up.
        m.setLive(false);
        rig.stream.push({tick(shortCall, old.bid + 0.20, old.ask + 0.20)});
        QVERIFY(applied.wait(2000));
        QCoreApplication::processEvents();
        QCOMPARE(m.refreshCount(), refreshes + 1);
        QCOMPARE(changed.count(), 0);
        m.setLive(true);
        QTRY_COMPARE(m.refreshCount(), refreshes + 2);
        QCOMPARE(changed.count(), 1);
        QVERIFY(std::abs(m.figures()->netMid - (before - 0.20)) < 1e-9);
    }

    void payoffAtTheChosenDate() {
        Rig rig;
        QVERIFY(waitLoaded(rig.session));
        StrategyBuilderModel m(rig.session);
        StrategyPlacementParams p;
        p.kind = StrategyTemplate::LongStraddle;
        QVERIFY(m.placeTemplate(p).ok());
        QCOMPARE(m.daysToNearExpiry(), 22);
        QCOMPARE(m.daysForward(), 0);
        const auto today = m.payoff().today;
        m.setDaysForward(10);
        QCOMPARE(m.daysForward(), 10);
        QCOMPARE(m.payoff().dateInstant, kNow + hours(24 * 10));
        // A long straddle loses time value: at the money the date's curve is below today's.
        const std::size_t mid = m.payoff().spot.size() / 2;
        QVERIFY(m.payoff().atDate[mid] < today[mid]);
        QVERIFY(m.payoff().atExpiry[mid] < m.payoff().atDate[mid]);
        m.setDaysForward(99);
        QCOMPARE(m.daysForward(), 22);
    }
};

QTEST_GUILESS_MAIN(TstStrategyBuilderModel)
#include "tst_strategy_builder_model.moc"
