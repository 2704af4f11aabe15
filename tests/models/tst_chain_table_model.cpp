// ChainTableModel: layouts, roles, and the exact dataChanged ranges of an update.

#include "models/chain_table_model.h"
#include "models/data_changed_ranges.h"
#include "models/spy_chain.h"
#include "support/fake_market_data.h"

#include "domain/clock.h"
#include "domain/expected_move.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace cg;
using namespace cg::models;
using namespace cg::test;
using namespace std::chrono;

namespace {

OptionContract &find(std::vector<OptionContract> &chain, OptionType t, double strike) {
    for (auto &c : chain) {
        if (c.type == t && c.strike == strike)
            return c;
    }
    qFatal("no such contract");
}

} // namespace

class TstChainTableModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sideBySideLayout() {
        ChainTableModel m;
        m.setChain(evaluate(baseChain()), 101, {}, 1000);
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.columnCount(), 2 * F + 1);
        QCOMPARE(m.strikeColumn(), F);
        QCOMPARE(m.headerData(F, Qt::Horizontal).toString(), QStringLiteral("Strike"));
        // Bid before Ask on both sides (thinkorswim, TWS), bid and ask next to the strike, the
        // other call fields mirrored: ... Sprd % Mid Bid Ask | Strike | Bid Ask Mid Sprd % ...
        QCOMPARE(m.columnOf(ChainSide::Call, ChainField::Ask), F - 1);
        QCOMPARE(m.columnOf(ChainSide::Call, ChainField::Bid), F - 2);
        QCOMPARE(m.columnOf(ChainSide::Call, ChainField::Mid), F - 3);
        QCOMPARE(m.columnOf(ChainSide::Call, ChainField::SpreadPct), F - 4);
        // The gates outside the greeks, and outermost the two optional columns (P(ITM), Exp move).
        QCOMPARE(m.columnOf(ChainSide::Call, ChainField::GateQuote), F - 13);
        QCOMPARE(m.columnOf(ChainSide::Call, ChainField::ExpectedMove), 0);
        QCOMPARE(m.columnOf(ChainSide::Put, ChainField::Bid), F + 1);
        QCOMPARE(m.columnOf(ChainSide::Put, ChainField::Ask), F + 2);
        QCOMPARE(m.columnOf(ChainSide::Put, ChainField::Mid), F + 3);
        QCOMPARE(m.columnOf(ChainSide::Put, ChainField::GateQuote), F + 13);
        QCOMPARE(m.columnOf(ChainSide::Put, ChainField::ExpectedMove), 2 * F);
        QStringList titles;
        for (int c = F - 4; c <= F + 4; ++c)
            titles << m.headerData(c, Qt::Horizontal).toString();
        QCOMPARE(titles.join(QLatin1Char(' ')),
                 QStringLiteral("Sprd % Mid Bid Ask Strike Bid Ask Mid Sprd %"));
        // Every field once per side, and column() is columnOf()'s inverse.
        for (int c = 0; c < m.columnCount(); ++c) {
            const auto col = m.column(c);
            if (col.kind == ChainTableModel::Column::Kind::Field)
                QCOMPARE(m.columnOf(col.side, col.field), c);
        }
        QCOMPARE(m.headerData(F - 2, Qt::Horizontal, SideRole).toInt(), int(ChainSide::Call));
        QCOMPARE(m.index(1, F).data().toString(), QStringLiteral("100.00"));
        // Call at 100, spot 101: intrinsic 1 + 1 = 2 -> bid 1.98.
        QCOMPARE(m.index(1, F - 2).data().toString(), QStringLiteral("1.98"));
        QCOMPARE(m.index(1, F - 2).data(RawValueRole).toDouble(), 1.98);
        QCOMPARE(m.index(1, F - 2).data(Qt::TextAlignmentRole).toInt(),
                 int(Qt::AlignRight | Qt::AlignVCenter));
        QCOMPARE(m.index(1, F - 2).data(SymbolRole).toString(),
                 QStringLiteral("SPY261204C00100000"));
        const ChainEntry *put = m.entryAt(m.index(1, F + 3));
        QVERIFY(put);
        QVERIFY(put->contract.type == OptionType::Put);
        QCOMPARE(m.indexOfSymbol(QStringLiteral("SPY261204P00105000")),
                 m.index(2, m.columnOf(ChainSide::Put, ChainField::Bid)));
    }

    void flatLayout() {
        ChainTableModel m;
        m.setLayout(ChainTableModel::Layout::Flat);
        m.setChain(evaluate(baseChain()), 101, {}, 1000);
        QCOMPARE(m.rowCount(), 6);
        QCOMPARE(m.columnCount(), F + 2);
        QCOMPARE(m.index(0, 0).data().toString(), QStringLiteral("Call"));
        QCOMPARE(m.index(1, 0).data().toString(), QStringLiteral("Put"));
        QCOMPARE(m.index(1, 1).data().toString(), QStringLiteral("95.00"));
        QCOMPARE(m.index(1, 2 + int(ChainField::Ask)).data().toString(), QStringLiteral("1.02"));
        // Switching layout resets.
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        m.setLayout(ChainTableModel::Layout::SideBySide);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m.rowCount(), 3);
    }

    // A contract listed twice (a MarketData other than Alpaca's client, which drops repeats) is
    // two rows of the flat list with one key: a reload that lists it once, twice or not at all
    // leaves the rows a fresh load would show, none left behind.
    void flatReloadWithARepeatedContract() {
        const std::vector<OptionContract> base = baseChain();
        std::vector<OptionContract> twice = base;
        twice.insert(twice.begin() + 2, base[2]);
        std::vector<OptionContract> without = base;
        without.erase(without.begin() + 2);
        const auto rowsOf = [](const QAbstractItemModel &m) {
            QStringList rows;
            for (int r = 0; r < m.rowCount(); ++r)
                rows << m.index(r, 0).data(SymbolRole).toString() + QLatin1Char(' ') +
                            m.index(r, 2 + int(ChainField::Bid)).data().toString();
            return rows;
        };
        const std::vector<std::vector<OptionContract>> loads{base,    twice, base, twice,
                                                             without, twice, twice};
        ChainTableModel m;
        m.setLayout(ChainTableModel::Layout::Flat);
        for (std::size_t k = 0; k < loads.size(); ++k) {
            m.setChain(evaluate(loads[k]), 101, {}, 1000 + static_cast<qint64>(k));
            ChainTableModel fresh;
            fresh.setLayout(ChainTableModel::Layout::Flat);
            fresh.setChain(evaluate(loads[k]), 101, {}, 1000);
            QCOMPARE(m.rowCount(), static_cast<int>(loads[k].size()));
            QCOMPARE(rowsOf(m), rowsOf(fresh));
        }
    }

    // Each row's expected move is its expiry's ATM straddle, in both layouts (the straddles are
    // gathered in the pass that builds the rows), and a reload with new quotes moves it.
    void expectedMovePerExpiryInBothLayouts() {
        const year_month_day later{year{2026}, month{12}, day{11}};
        std::vector<OptionContract> chain = baseChain();
        // Strikes of its own: both expiries' contracts are shown side by side too.
        for (OptionContract c : makeChain("SPY", later, 96, 5, 3, 101)) {
            c.quote->bid += 1.0; // a dearer straddle a week later
            c.quote->ask += 1.0;
            chain.push_back(std::move(c));
        }
        const auto straddle = [](const std::vector<OptionContract> &all, year_month_day expiry) {
            StraddleLegs legs;
            for (const OptionContract &c : all)
                if (c.expiry == expiry)
                    legs.add(c);
            return straddleExpectedMove(std::move(legs), 101, expiry)->move;
        };
        for (const auto layout :
             {ChainTableModel::Layout::SideBySide, ChainTableModel::Layout::Flat}) {
            ChainTableModel m;
            m.setLayout(layout);
            const int column = layout == ChainTableModel::Layout::Flat
                                   ? m.columnOf(ChainSide::None, ChainField::ExpectedMove)
                                   : m.columnOf(ChainSide::Call, ChainField::ExpectedMove);
            const auto check = [&](const std::vector<OptionContract> &shown) {
                for (int r = 0; r < m.rowCount(); ++r) {
                    const QModelIndex cell = m.index(r, column);
                    const QString symbol = cell.data(SymbolRole).toString();
                    std::optional<year_month_day> rowExpiry;
                    for (const OptionContract &c : shown)
                        if (QString::fromStdString(c.symbol) == symbol)
                            rowExpiry = c.expiry;
                    QVERIFY(rowExpiry.has_value());
                    QCOMPARE(cell.data(RawValueRole).toDouble(), straddle(shown, *rowExpiry));
                }
            };
            m.setChain(evaluate(chain), 101, {}, 1000);
            QCOMPARE(m.rowCount(), layout == ChainTableModel::Layout::Flat ? 12 : 6);
            check(chain);
            QVERIFY(straddle(chain, later) > straddle(chain, kExpiry));
            for (OptionContract &c : chain) { // the merge path: same rows, new quotes
                c.quote->bid += 0.5;
                c.quote->ask += 0.5;
            }
            m.setChain(evaluate(chain), 101, {}, 2000);
            check(chain);
        }
    }

    // The flat list orders rows by strike, then calls before puts, then symbol (the model sorts
    // integer keys made of the symbol's bytes): roots of 1-6 characters, adjusted roots, many
    // expiries at one strike, symbols that differ only past their 16th character.
    void flatRowsOrderByStrikeTypeAndSymbol() {
        std::vector<OptionContract> chain;
        const char *roots[] = {"SPY", "SPY1", "A", "SPXW", "ABCDEF", "SPY2"};
        const year_month_day expiries[] = {year{2026} / 12 / 4, year{2027} / 1 / 15,
                                           year{2026} / 12 / 11, year{2028} / 6 / 16};
        for (const char *root : roots)
            for (const year_month_day e : expiries)
                for (const double strike : {100.0, 100.5, 99.0, 100.001, 100.002})
                    for (const OptionType t : {OptionType::Put, OptionType::Call}) {
                        OptionContract c;
                        c.underlying = "SPY";
                        c.root = root;
                        c.type = t;
                        c.strike = strike;
                        c.expiry = e;
                        c.symbol = formatOccSymbol(root, e, t, strike);
                        c.quote = Quote{1.0, 1.05, 1, 1, {}};
                        chain.push_back(std::move(c));
                    }
        std::uint32_t rng = 99;
        for (std::size_t i = chain.size() - 1; i > 0; --i) { // a fixed shuffle
            rng = rng * 1103515245u + 12345u;
            std::swap(chain[i], chain[rng % (i + 1)]);
        }
        std::vector<OptionContract> expected = chain;
        std::sort(expected.begin(), expected.end(),
                  [](const OptionContract &a, const OptionContract &b) {
                      const auto key = [](const OptionContract &c) {
                          return std::tuple(std::llround(c.strike * 1000.0),
                                            c.type == OptionType::Call ? 0 : 1,
                                            std::string_view(c.symbol));
                      };
                      return key(a) < key(b);
                  });
        ChainTableModel m;
        m.setLayout(ChainTableModel::Layout::Flat);
        m.setChain(evaluate(chain), 100, {}, 1000);
        QCOMPARE(m.rowCount(), static_cast<int>(expected.size()));
        for (int r = 0; r < m.rowCount(); ++r)
            QCOMPARE(m.index(r, 0).data(SymbolRole).toString().toStdString(),
                     expected[static_cast<std::size_t>(r)].symbol);
    }

    // Strikes no chain from Alpaca has (a hand-built contract: huge, far apart) still give every
    // row, in strike order, in both layouts: the order's keys are clamped and offset without
    // overflow, and a range too wide for the linear sort falls back to comparisons.
    void absurdStrikesStillGiveEveryRowInOrder() {
        std::vector<OptionContract> chain;
        const year_month_day e = year{2026} / 12 / 18;
        for (const double strike : {1e15, 5.0, 2e12, 0.001, 7.5e14})
            for (const OptionType t : {OptionType::Call, OptionType::Put}) {
                OptionContract c;
                c.underlying = c.root = "SPY";
                c.type = t;
                c.strike = strike;
                c.expiry = e;
                c.symbol = "SPY261218" + std::string(t == OptionType::Call ? "C" : "P") +
                           std::to_string(static_cast<long long>(strike));
                c.quote = Quote{1.0, 1.05, 1, 1, {}};
                chain.push_back(std::move(c));
            }
        for (const auto layout :
             {ChainTableModel::Layout::Flat, ChainTableModel::Layout::SideBySide}) {
            ChainTableModel m;
            m.setLayout(layout);
            m.setChain(evaluate(chain), 100, {}, 1000);
            const bool flat = layout == ChainTableModel::Layout::Flat;
            QCOMPARE(m.rowCount(), flat ? 10 : 5);
            double last = -1.0;
            for (int r = 0; r < m.rowCount(); ++r) {
                const double strike = m.index(r, 0).data(StrikeRole).toDouble();
                QVERIFY2(strike >= last, qPrintable(QString::number(strike)));
                last = strike;
            }
            QCOMPARE(last, 1e15);
        }
    }

    void gateRolesAndTooltip() {
        auto chain = baseChain();
        // Spread (1.13 - 1.00) / 1.065 = 12.21 %: fails the 10 % gate.
        auto &put = find(chain, OptionType::Put, 105);
        put.quote = Quote{1.00, 1.13, 1, 1, {}};
        find(chain, OptionType::Call, 95).openInterest.reset();
        ChainTableModel m;
        m.setChain(evaluate(chain), 101, {}, 1000);

        const QModelIndex spread = m.index(2, m.columnOf(ChainSide::Put, ChainField::SpreadPct));
        QCOMPARE(spread.data().toString(), QStringLiteral("12.2"));
        QCOMPARE(spread.data(GateStateRole).toInt(), int(GateState::Fail));
        QCOMPARE(spread.data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Spread 12.21% is above the 10% limit"));
        const QModelIndex gate = m.index(2, m.columnOf(ChainSide::Put, ChainField::GateSpread));
        QCOMPARE(gate.data().toString(), QStringLiteral("\u2717"));
        QCOMPARE(gate.data(GateFieldRole).toBool(), true);
        QCOMPARE(gate.data(RawValueRole).toDouble(), 0.0);
        const QModelIndex okGate = m.index(1, m.columnOf(ChainSide::Put, ChainField::GateSpread));
        QCOMPARE(okGate.data().toString(), QStringLiteral("\u2713"));
        QCOMPARE(okGate.data(GateStateRole).toInt(), int(GateState::Pass));
        // Unknown open interest fails as "unknown", not as a measured value.
        const QModelIndex oi = m.index(0, m.columnOf(ChainSide::Call, ChainField::OpenInterest));
        QCOMPARE(oi.data(GateStateRole).toInt(), int(GateState::Unknown));
        QCOMPARE(oi.data(Qt::ToolTipRole).toString(), QStringLiteral("open interest unknown"));
        QVERIFY(!oi.data(RawValueRole).isValid());
        QCOMPARE(oi.data().toString(), QString());
        // Delta has no gate.
        QVERIFY(!m.index(0, m.columnOf(ChainSide::Call, ChainField::Delta))
                     .data(GateStateRole)
                     .isValid());
        // Row 2: the call passes, so the row stays "tradeable" although the put fails.
        QVERIFY(m.index(2, 0).data(RowTradeableRole).toBool());
    }

    void itmPickAndBoundary() {
        ChainTableModel m;
        const auto entries = evaluate(baseChain());
        m.setChain(entries, 101, {QStringLiteral("SPY261204C00105000")}, 1000);
        const int callBid = m.columnOf(ChainSide::Call, ChainField::Bid);
        const int putBid = m.columnOf(ChainSide::Put, ChainField::Bid);
        QVERIFY(m.index(0, callBid).data(ItmRole).toBool());  // call 95 < 101
        QVERIFY(m.index(1, callBid).data(ItmRole).toBool());  // call 100 < 101
        QVERIFY(!m.index(2, callBid).data(ItmRole).toBool()); // call 105
        QVERIFY(!m.index(0, putBid).data(ItmRole).toBool());
        QVERIFY(m.index(2, putBid).data(ItmRole).toBool()); // put 105 > 101
        QVERIFY(m.index(2, callBid).data(PickRole).toBool());
        QVERIFY(!m.index(2, putBid).data(PickRole).toBool());
        QVERIFY(m.index(2, m.strikeColumn()).data(PickRole).toBool());
        // Last strike below 101 is 100 (row 1).
        QVERIFY(m.index(1, 0).data(AtmBoundaryRole).toBool());
        QVERIFY(!m.index(0, 0).data(AtmBoundaryRole).toBool());
    }

    void changedCellsOnly() {
        auto chain = baseChain();
        ChainTableModel m;
        m.setChain(evaluate(chain), 101, {}, 1000);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);

        // Same chain again: nothing.
        m.setChain(evaluate(chain), 101, {}, 2000);
        QCOMPARE(changed.count(), 0);

        // Put 100 ask 1.02 -> 1.03: Ask, Mid, Spread % of that put (adjacent columns).
        find(chain, OptionType::Put, 100).quote->ask = 1.03;
        m.setChain(evaluate(chain), 101, {}, 3000);
        const int putAsk = m.columnOf(ChainSide::Put, ChainField::Ask);
        QCOMPARE(ranges(changed), (std::vector<Range>{{1, putAsk, 1, putAsk + 2}}));
        QCOMPARE(m.index(1, putAsk).data(ChangedAtRole).toLongLong(), 3000);
        QCOMPARE(m.index(1, putAsk).data(ChangeDirectionRole).toInt(), 1);
        QCOMPARE(m.index(1, putAsk - 1).data(ChangedAtRole).toLongLong(),
                 0); // the bid did not change
        changed.clear();

        // Call 95 bid 6.98 -> 6.90: Bid, Mid, Spread %, adjacent on the call side too.
        find(chain, OptionType::Call, 95).quote->bid = 6.90;
        m.setChain(evaluate(chain), 101, {}, 4000);
        const int callBid = m.columnOf(ChainSide::Call, ChainField::Bid);
        const int callSpread = m.columnOf(ChainSide::Call, ChainField::SpreadPct);
        QCOMPARE(ranges(changed), (std::vector<Range>{{0, callSpread, 0, callBid}}));
        QCOMPARE(m.index(0, callBid).data(ChangeDirectionRole).toInt(), -1);
        changed.clear();

        // Volume of put 105 drops below the minimum: the Volume cell and the Volume gate.
        find(chain, OptionType::Put, 105).volume = 50;
        m.setChain(evaluate(chain), 101, {}, 5000);
        const int vol = m.columnOf(ChainSide::Put, ChainField::Volume);
        const int gate = m.columnOf(ChainSide::Put, ChainField::GateVolume);
        QCOMPARE(ranges(changed), (std::vector<Range>{{2, vol, 2, vol}, {2, gate, 2, gate}}));
        changed.clear();

        QCOMPARE(inserted.count(), 0);
        QCOMPARE(reset.count(), 0);
    }

    void spotMoveRepaintsItmAndBoundary() {
        auto chain = baseChain();
        ChainTableModel m;
        m.setChain(evaluate(chain), 101, {}, 1000);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        // 101 -> 102: no strike crossed, same quotes: nothing to repaint.
        m.setChain(evaluate(chain), 102, {}, 2000);
        QCOMPARE(changed.count(), 0);
        // 102 -> 106: call 105 becomes ITM, put 105 leaves ITM, boundary moves from row 1 to 2.
        m.setChain(evaluate(chain), 106, {}, 3000);
        const int last = m.columnCount() - 1;
        QCOMPARE(ranges(changed), (std::vector<Range>{{1, 0, 1, last}, {2, 0, 2, last}}));
        QVERIFY(m.index(2, 0).data(AtmBoundaryRole).toBool());
        QVERIFY(!m.index(1, 0).data(AtmBoundaryRole).toBool());
        QVERIFY(m.index(2, m.columnOf(ChainSide::Call, ChainField::Bid)).data(ItmRole).toBool());
    }

    // Shown, probability ITM and expected move follow each load (the spot moved, time passed):
    // one range a column over every row. Before the fix nothing was reported and the cells kept
    // the last load's figures until something else repainted them.
    void shownFiguresRepaintOnEveryLoad() {
        auto chain = baseChain();
        ChainTableModel m;
        m.setFiguresShown(true);
        m.setChain(evaluate(chain), 101, {}, 1000);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.setChain(evaluate(chain), 102, {}, 2000);
        const int last = m.rowCount() - 1;
        std::vector<Range> expected;
        for (ChainSide side : {ChainSide::Call, ChainSide::Put})
            for (ChainField f : {ChainField::ProbItm, ChainField::ExpectedMove}) {
                const int c = m.columnOf(side, f);
                expected.push_back({0, c, last, c});
            }
        std::sort(expected.begin(), expected.end());
        std::vector<Range> got = ranges(changed);
        std::sort(got.begin(), got.end());
        QCOMPARE(got, expected);
    }

    void strikeSetChangeInsertsAndRemovesRows() {
        auto chain = baseChain();
        ChainTableModel m;
        m.setChain(evaluate(chain), 101, {}, 1000);
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);

        // Add 102.5 (between rows 1 and 2) and 110 (after): two insert signals, no data change.
        auto more = chain;
        for (double k : {102.5, 110.0}) {
            more.push_back(test::makeContract("SPY", OptionType::Call, k, kExpiry, 1.0, 1.02));
            more.push_back(test::makeContract("SPY", OptionType::Put, k, kExpiry, 1.0, 1.02));
        }
        m.setChain(evaluate(more), 101, {}, 2000);
        QCOMPARE(m.rowCount(), 5);
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(inserted.at(0).at(1).toInt(), 2);
        QCOMPARE(inserted.at(0).at(2).toInt(), 2);
        QCOMPARE(inserted.at(1).at(1).toInt(), 4);
        QCOMPARE(m.index(2, m.strikeColumn()).data().toString(), QStringLiteral("102.50"));
        QCOMPARE(changed.count(), 0);

        // Remove 95 and 100 (adjacent): one remove signal for rows 0-1.
        std::vector<OptionContract> fewer;
        for (const auto &c : more) {
            if (c.strike > 100)
                fewer.push_back(c);
        }
        m.setChain(evaluate(fewer), 101, {}, 3000);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 0);
        QCOMPARE(removed.at(0).at(2).toInt(), 1);
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(reset.count(), 0);
        // The boundary (strike 100) left; every strike is now above the spot: no boundary.
        for (int r = 0; r < m.rowCount(); ++r)
            QVERIFY(!m.index(r, 0).data(AtmBoundaryRole).toBool());
    }

    // A figure, not a timed pass/fail: 10,000 contracts of one "expiry", every quote moving.
    void largeChainFigures() {
        auto chain = test::makeChain("SPY", kExpiry, 100, 0.5, 5000, 1000);
        ChainTableModel m;
        auto initial = evaluate(chain);
        QElapsedTimer t;
        t.start();
        m.setChain(std::move(initial), 1000, {}, 1);
        const qint64 first = t.elapsed();
        for (auto &c : chain)
            c.quote->ask += 0.01;
        auto entries = evaluate(chain);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        t.restart();
        m.setChain(std::move(entries), 1000, {}, 2);
        const qint64 update = t.elapsed();
        QCOMPARE(m.rowCount(), 5000);
        // Puts: one run (Ask, Mid, Spread %); calls: Ask, then Mid + Spread % (Bid between).
        QCOMPARE(changed.count(), 15000);
        qInfo("10000 contracts: first load %lld ms, update with every ask moved %lld ms (with a "
              "QSignalSpy recording every signal)",
              first, update);
    }

    // The model is a view: it shows the caller's entries in place, and a pushed quote changes
    // them there.
    void showChainViewsTheOwnersEntries() {
        std::vector<ChainEntry> owner = evaluate(baseChain());
        ChainTableModel m;
        m.showChain(owner, 101, {}, 1000);
        QCOMPARE(&m.entries(), &owner);
        const QModelIndex bid = m.indexOfSymbol(QStringLiteral("SPY261204P00100000"));
        const ChainEntry *put = m.entryAt(bid);
        QVERIFY(put >= owner.data() && put < owner.data() + owner.size());
        OptionQuoteTick t;
        t.symbol = "SPY261204P00100000";
        t.bid = 0.97;
        t.ask = 1.02;
        t.bidSize = t.askSize = 10;
        const auto stats = m.applyQuotes({t}, {}, 2000);
        QCOMPARE(stats.applied, 1);
        QCOMPARE(put->contract.quote->bid, 0.97);
        QCOMPARE(bid.data().toString(), QStringLiteral("0.97"));
        // The owner changes an entry and shows them again: only that cell is announced.
        owner[0].contract.lastPrice = 42.0;
        const int row = m.indexOfSymbol(QString::fromStdString(owner[0].contract.symbol)).row();
        const ChainSide side =
            owner[0].contract.type == OptionType::Call ? ChainSide::Call : ChainSide::Put;
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.showChain(owner, 101, {}, 3000);
        const int last = m.columnOf(side, ChainField::Last);
        QCOMPARE(ranges(changed), (std::vector<Range>{{row, last, row, last}}));
        QCOMPARE(m.index(row, last).data(ChangedAtRole).toLongLong(), 3000);
    }

    // A pick change marks the two rows again, no rebuild.
    void setPicksMarksOnlyTheChangedRows() {
        ChainTableModel m;
        m.setChain(evaluate(baseChain()), 101, {QStringLiteral("SPY261204C00105000")}, 1000);
        QVERIFY(m.index(2, F).data(PickRole).toBool());
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        QSignalSpy applied(&m, &ChainTableModel::chainApplied);
        m.setPicks({QStringLiteral("SPY261204P00100000")});
        QCOMPARE(applied.count(), 0);
        // Row 1 (100): the put side and the strike; row 2 (105): the call side and the strike.
        QCOMPARE(ranges(changed), (std::vector<Range>{{1, F, 1, 2 * F}, {2, 0, 2, F}}));
        QVERIFY(!m.index(2, F).data(PickRole).toBool());
        QVERIFY(m.index(1, F + 1).data(PickRole).toBool());
        QVERIFY(!m.index(1, F - 1).data(PickRole).toBool());
        changed.clear();
        m.setPicks({QStringLiteral("SPY261204P00100000")});
        QCOMPARE(changed.count(), 0);
    }

    // A load into an empty model swaps the rows in: one rowsInserted for all of them, no
    // dataChanged, no reset; the same rows as a load into a model that showed a chain.
    void loadIntoEmptyModel() {
        for (const auto layout :
             {ChainTableModel::Layout::SideBySide, ChainTableModel::Layout::Flat}) {
            ChainTableModel m;
            m.setLayout(layout);
            QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
            QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
            QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
            m.setChain(evaluate(baseChain()), 101, {}, 1000);
            QCOMPARE(inserted.count(), 1);
            QCOMPARE(inserted.at(0).at(1).toInt(), 0);
            QCOMPARE(inserted.at(0).at(2).toInt(), m.rowCount() - 1);
            QCOMPARE(changed.count(), 0);
            QCOMPARE(reset.count(), 0);

            ChainTableModel merged; // the same chain merged into rows already shown
            merged.setLayout(layout);
            auto other = baseChain();
            other.pop_back();
            merged.setChain(evaluate(other), 101, {}, 500);
            merged.setChain(evaluate(baseChain()), 101, {}, 1000);
            QCOMPARE(m.rowCount(), merged.rowCount());
            QCOMPARE(m.columnCount(), merged.columnCount());
            for (int r = 0; r < m.rowCount(); ++r)
                for (int c = 0; c < m.columnCount(); ++c)
                    for (int role : {int(Qt::DisplayRole), int(RawValueRole), int(SymbolRole),
                                     int(GateStateRole), int(ItmRole), int(AtmBoundaryRole)})
                        QCOMPARE(m.index(r, c).data(role), merged.index(r, c).data(role));
            for (const ChainEntry &e : m.entries()) {
                const QString symbol = QString::fromStdString(e.contract.symbol);
                QCOMPARE(m.indexOfSymbol(symbol).row(), merged.indexOfSymbol(symbol).row());
                QCOMPARE(m.indexOfSymbol(symbol).column(), merged.indexOfSymbol(symbol).column());
                QVERIFY(m.indexOfSymbol(symbol).isValid());
                QCOMPARE(m.entryOf(e.contract.symbol), &e);
            }
            QVERIFY(!m.indexOfSymbol(QStringLiteral("SPY261204C00999000")).isValid());
            QCOMPARE(m.entryOf("SPY261204C00999000"), nullptr);
        }
    }

    // Flash stamps survive later updates of other cells (they move with the side's diff).
    void flashStampsKeptAcrossUpdates() {
        auto chain = baseChain();
        ChainTableModel m;
        m.setChain(evaluate(chain), 101, {}, 1000);
        const int putAsk = m.columnOf(ChainSide::Put, ChainField::Ask);
        QCOMPARE(m.index(1, putAsk).data(ChangedAtRole).toLongLong(), 0);
        QCOMPARE(m.index(1, putAsk).data(ChangeDirectionRole).toInt(), 0);
        find(chain, OptionType::Put, 100).quote->ask = 1.03;
        m.setChain(evaluate(chain), 101, {}, 3000);
        find(chain, OptionType::Call, 95).quote->bid = 6.90;
        m.setChain(evaluate(chain), 101, {}, 4000);
        m.setChain(evaluate(chain), 101, {}, 5000);
        QCOMPARE(m.index(1, putAsk).data(ChangedAtRole).toLongLong(), 3000);
        QCOMPARE(m.index(1, putAsk).data(ChangeDirectionRole).toInt(), 1);
        const int callBid = m.columnOf(ChainSide::Call, ChainField::Bid);
        QCOMPARE(m.index(0, callBid).data(ChangedAtRole).toLongLong(), 4000);
        QCOMPARE(m.index(0, callBid).data(ChangeDirectionRole).toInt(), -1);
    }

    void chainAppliedSignal() {
        ChainTableModel m;
        QSignalSpy applied(&m, &ChainTableModel::chainApplied);
        m.setChain(evaluate(baseChain()), 101, {}, 1000);
        QCOMPARE(applied.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TstChainTableModel)
#include "tst_chain_table_model.moc"
