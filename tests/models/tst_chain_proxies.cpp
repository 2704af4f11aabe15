// The proxies over the chain: passing only, strike window around the money, sorting by raw value.

#include "models/chain_entries.h"
#include "models/chain_table_model.h"
#include "models/passing_filter_proxy_model.h"
#include "models/strike_window_proxy_model.h"
#include "support/fake_market_data.h"

#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

#include <array>

using namespace cg;
using namespace cg::models;
using namespace std::chrono;

namespace {

constexpr year_month_day kExpiry{year{2026}, month{12}, day{4}};
const Timestamp kNow = sys_days{year{2026} / 11 / 26} + hours{15};

std::vector<ChainEntry> evaluate(const std::vector<OptionContract> &contracts) {
    return test::evaluateChain(contracts, kNow);
}

// Strikes 90, 95, ..., 110 (5 rows); spot 101.
std::vector<OptionContract> chain() {
    return test::makeChain("SPY", kExpiry, 90, 5, 5, 101);
}

QList<double> strikes(const QAbstractItemModel &m) {
    QList<double> out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.index(r, 0).data(StrikeRole).toDouble();
    return out;
}

// Counts the multiData() calls that reach it.
class CountingModel : public QStandardItemModel {
public:
    using QStandardItemModel::QStandardItemModel;
    mutable int multiDataCalls = 0;
    void multiData(const QModelIndex &index, QModelRoleDataSpan span) const override {
        ++multiDataCalls;
        QStandardItemModel::multiData(index, span);
    }
};

} // namespace

class TstChainProxies : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A cell's roles asked at once through both proxies (as the chain's painter asks) are the
    // roles data() answers, asked of the source in one call.
    void multiDataThroughTheProxiesInOneCall() {
        ChainTableModel source;
        source.setLayout(ChainTableModel::Layout::Flat);
        source.setChain(evaluate(chain()), 101, {}, 1);
        StrikeWindowProxyModel window;
        window.setSourceModel(&source);
        window.setUnderlyingPrice(101);
        window.setStrikesEachSide(1); // 100 and 105
        PassingFilterProxyModel passing;
        passing.setSourceModel(&window);
        passing.sort(1, Qt::DescendingOrder);
        QCOMPARE(passing.rowCount(), 4);
        const std::array roles{int(Qt::DisplayRole), int(Qt::TextAlignmentRole),
                               int(StrikeRole),      int(GateStateRole),
                               int(ItmRole),         int(SymbolRole),
                               int(FieldRole)};
        for (int r = 0; r < passing.rowCount(); ++r) {
            for (int c = 0; c < passing.columnCount(); ++c) {
                const QModelIndex index = passing.index(r, c);
                std::array<QModelRoleData, roles.size()> data{
                    QModelRoleData(roles[0]), QModelRoleData(roles[1]), QModelRoleData(roles[2]),
                    QModelRoleData(roles[3]), QModelRoleData(roles[4]), QModelRoleData(roles[5]),
                    QModelRoleData(roles[6])};
                index.multiData(data);
                for (std::size_t k = 0; k < roles.size(); ++k)
                    QCOMPARE(data[k].data(), index.data(roles[k]));
            }
        }

        CountingModel counted(3, 2);
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 2; ++c)
                counted.setItem(r, c, new QStandardItem(QString::number(10 * r + c)));
        StrikeWindowProxyModel all;
        all.setSourceModel(&counted);
        PassingFilterProxyModel sorted;
        sorted.setSourceModel(&all);
        sorted.setSortRole(Qt::DisplayRole);
        sorted.sort(0, Qt::DescendingOrder);
        std::array<QModelRoleData, 2> two{QModelRoleData(Qt::DisplayRole),
                                          QModelRoleData(Qt::ToolTipRole)};
        counted.multiDataCalls = 0;
        sorted.index(0, 1).multiData(two);
        QCOMPARE(counted.multiDataCalls, 1);
        QCOMPARE(two[0].data().toString(), QStringLiteral("21"));
    }

    void passingOnly() {
        auto contracts = chain();
        // Both contracts at 95 fail volume; the call at 100 fails open interest (the put passes).
        for (auto &c : contracts) {
            if (c.strike == 95)
                c.volume = 10;
            if (c.strike == 100 && c.type == OptionType::Call)
                c.openInterest = 1;
        }
        ChainTableModel source;
        source.setChain(evaluate(contracts), 101, {}, 1);
        PassingFilterProxyModel proxy;
        proxy.setSourceModel(&source);
        QCOMPARE(proxy.rowCount(), 5);
        proxy.setPassingOnly(true);
        QCOMPARE(strikes(proxy), (QList<double>{90, 100, 105, 110}));

        // A live update that fails 110 removes it; one that fixes 95 brings it back.
        for (auto &c : contracts) {
            if (c.strike == 110)
                c.quote = Quote{0.0, 0.0, 0, 0, {}};
            if (c.strike == 95)
                c.volume = 1000;
        }
        source.setChain(evaluate(contracts), 101, {}, 2);
        QCOMPARE(strikes(proxy), (QList<double>{90, 95, 100, 105}));

        proxy.setPassingOnly(false);
        QCOMPARE(proxy.rowCount(), 5);
    }

    // Side by side a strike stays while either of its contracts passes (the action's tooltip:
    // "strikes with a contract that passes"); the side that fails is marked dimmed (the painter
    // fades it) and its tooltip says why it is listed. A live change of that contract's verdict
    // repaints its whole side.
    void sideBySidePassingOnlyDimsTheFailingSide() {
        auto contracts = chain();
        for (auto &c : contracts) {
            if (c.strike == 100 && c.type == OptionType::Call)
                c.openInterest = 1;
        }
        ChainTableModel source;
        source.setChain(evaluate(contracts), 101, {}, 1);
        PassingFilterProxyModel proxy;
        proxy.setSourceModel(&source);
        const auto cell = [&](double strike, ChainSide side, ChainField field) {
            for (int r = 0; r < proxy.rowCount(); ++r)
                if (proxy.index(r, 0).data(StrikeRole).toDouble() == strike)
                    return proxy.index(r, side == ChainSide::None ? source.strikeColumn()
                                                                  : source.columnOf(side, field));
            return QModelIndex();
        };
        const QModelIndex callBid = cell(100, ChainSide::Call, ChainField::Bid);
        QVERIFY(!callBid.data(DimmedRole).toBool()); // not filtering: nothing dimmed
        QSignalSpy changed(&proxy, &QAbstractItemModel::dataChanged);
        proxy.setPassingOnly(true);
        QCOMPARE(proxy.rowCount(), 5);
        QVERIFY(!changed.isEmpty()); // the views repaint the dimmed cells
        for (ChainField f : {ChainField::Bid, ChainField::Delta, ChainField::GateOpenInterest})
            QVERIFY(cell(100, ChainSide::Call, f).data(DimmedRole).toBool());
        QVERIFY(!cell(100, ChainSide::Put, ChainField::Bid).data(DimmedRole).toBool());
        QVERIFY(!cell(100, ChainSide::None, ChainField::Bid).data(DimmedRole).toBool());
        QVERIFY(!cell(105, ChainSide::Call, ChainField::Bid).data(DimmedRole).toBool());
        const QString tip =
            cell(100, ChainSide::Call, ChainField::Bid).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("fails a gate")) &&
                     tip.contains(QStringLiteral("the put at this strike passes")),
                 qPrintable(tip));
        // In one call, as the painter asks.
        std::array<QModelRoleData, 2> roles{QModelRoleData(DimmedRole),
                                            QModelRoleData(Qt::DisplayRole)};
        cell(100, ChainSide::Call, ChainField::Bid).multiData(roles);
        QVERIFY(roles[0].data().toBool());

        // The call passes again: its whole side is repainted, undimmed.
        for (auto &c : contracts)
            c.openInterest = 1000;
        changed.clear();
        source.setChain(evaluate(contracts), 101, {}, 2);
        QVERIFY(!cell(100, ChainSide::Call, ChainField::Bid).data(DimmedRole).toBool());
        const int row = cell(100, ChainSide::Call, ChainField::Bid).row();
        bool bidRepainted = false;
        for (const auto &args : changed) {
            const auto tl = args.at(0).value<QModelIndex>();
            const auto br = args.at(1).value<QModelIndex>();
            const int bid = source.columnOf(ChainSide::Call, ChainField::Bid);
            bidRepainted = bidRepainted || (tl.row() <= row && br.row() >= row &&
                                            tl.column() <= bid && br.column() >= bid);
        }
        QVERIFY(bidRepainted);
        // A pushed quote fails the put's spread (the call still passes): the put's delta, which
        // the tick did not change, is repainted dimmed.
        changed.clear();
        OptionQuoteTick wide;
        wide.symbol = "SPY261204P00100000";
        wide.bid = 0.50;
        wide.ask = 2.00;
        wide.time = kNow;
        const auto stats = source.applyQuotes({wide}, GateThresholds{}, 3);
        QVERIFY(stats.tradeableChanged);
        const QModelIndex putDelta = cell(100, ChainSide::Put, ChainField::Delta);
        QVERIFY(putDelta.data(DimmedRole).toBool());
        bool deltaRepainted = false;
        for (const auto &args : changed) {
            const auto tl = args.at(0).value<QModelIndex>();
            const auto br = args.at(1).value<QModelIndex>();
            deltaRepainted = deltaRepainted ||
                             (tl.row() <= putDelta.row() && br.row() >= putDelta.row() &&
                              tl.column() <= putDelta.column() && br.column() >= putDelta.column());
        }
        QVERIFY(deltaRepainted);
        proxy.setPassingOnly(false);
        QVERIFY(!cell(100, ChainSide::Call, ChainField::Bid).data(DimmedRole).toBool());
    }

    void flatPassingOnlyPerContract() {
        auto contracts = chain();
        for (auto &c : contracts) {
            if (c.strike == 100 && c.type == OptionType::Call)
                c.openInterest = 1;
        }
        ChainTableModel source;
        source.setLayout(ChainTableModel::Layout::Flat);
        source.setChain(evaluate(contracts), 101, {}, 1);
        PassingFilterProxyModel proxy;
        proxy.setSourceModel(&source);
        proxy.setPassingOnly(true);
        QCOMPARE(proxy.rowCount(), 9);
    }

    void strikeWindow() {
        ChainTableModel source;
        source.setChain(evaluate(chain()), 101, {}, 1);
        StrikeWindowProxyModel window;
        window.setSourceModel(&source);
        QCOMPARE(window.rowCount(), 5); // 0 = all
        window.setUnderlyingPrice(101);
        window.setStrikesEachSide(1);
        QCOMPARE(strikes(window), (QList<double>{100, 105}));
        window.setStrikesEachSide(2);
        QCOMPARE(strikes(window), (QList<double>{95, 100, 105, 110}));
        window.setUnderlyingPrice(91);
        QCOMPARE(strikes(window), (QList<double>{90, 95, 100}));
        // Far above every strike: the top two.
        window.setUnderlyingPrice(500);
        QCOMPARE(strikes(window), (QList<double>{105, 110}));

        // New strikes from the source move the window.
        window.setUnderlyingPrice(101);
        auto more = chain();
        more.push_back(test::makeContract("SPY", OptionType::Call, 102.5, kExpiry, 1, 1.02));
        source.setChain(evaluate(more), 101, {}, 2);
        QCOMPARE(strikes(window), (QList<double>{95, 100, 102.5, 105}));
    }

    // The window's flat list, sorted by strike (as it opens), over reloads that move the
    // underlying across a strike: each strike reads Call then Put, and the at-the-money line is
    // under the last row of the strike below the price, never between a strike's two rows.
    void flatStrikeOrderKeepsCallsFirstAcrossSpotMoves() {
        ChainTableModel source;
        source.setLayout(ChainTableModel::Layout::Flat);
        StrikeWindowProxyModel window;
        window.setSourceModel(&source);
        PassingFilterProxyModel sorted;
        sorted.setSourceModel(&window);
        sorted.sort(source.strikeColumn(), Qt::AscendingOrder);
        const auto rowsOf = [&sorted] {
            QStringList rows;
            for (int r = 0; r < sorted.rowCount(); ++r)
                rows << sorted.index(r, 1).data().toString() + QLatin1Char(' ') +
                            sorted.index(r, 0).data().toString() +
                            (sorted.index(r, 0).data(AtmBoundaryRole).toBool()
                                 ? QStringLiteral(" ---")
                                 : QString());
            return rows;
        };
        const QStringList below{QStringLiteral("90.00 Call"),  QStringLiteral("90.00 Put"),
                                QStringLiteral("95.00 Call"),  QStringLiteral("95.00 Put ---"),
                                QStringLiteral("100.00 Call"), QStringLiteral("100.00 Put"),
                                QStringLiteral("105.00 Call"), QStringLiteral("105.00 Put"),
                                QStringLiteral("110.00 Call"), QStringLiteral("110.00 Put")};
        QStringList above = below;
        above[3] = QStringLiteral("95.00 Put");
        above[5] = QStringLiteral("100.00 Put ---");
        source.setChain(evaluate(chain()), 99.5, {}, 1);
        QCOMPARE(rowsOf(), below);
        for (int k = 0; k < 4; ++k) {
            const double spot = k % 2 == 0 ? 100.5 : 99.5;
            source.setChain(evaluate(test::makeChain("SPY", kExpiry, 90, 5, 5, spot)), spot, {},
                            2 + k);
            QCOMPARE(rowsOf(), k % 2 == 0 ? above : below);
        }
        // The strategy's pick moves to the call at 100, then to its put, then away, and a poll
        // lists the 100 call no more and then again: its row changes (or comes) alone.
        const auto contracts = test::makeChain("SPY", kExpiry, 90, 5, 5, 99.5);
        for (const QSet<QString> &picks :
             {QSet<QString>{QStringLiteral("SPY261204C00100000")},
              QSet<QString>{QStringLiteral("SPY261204P00100000")},
              QSet<QString>{QStringLiteral("SPY261204C00095000")}, QSet<QString>{}}) {
            source.setPicks(picks);
            QCOMPARE(rowsOf(), below);
        }
        auto without = contracts;
        std::erase_if(without, [](const OptionContract &c) {
            return c.strike == 100 && c.type == OptionType::Call;
        });
        source.setChain(evaluate(without), 99.5, {}, 10);
        source.setChain(evaluate(contracts), 99.5, {}, 11);
        QCOMPARE(rowsOf(), below);
    }

    void sortsByRawValue() {
        auto contracts = chain();
        // Open interest that sorts differently as text ("900" > "1000") and as numbers.
        const std::int64_t oi[] = {900, 1000, 50, 20000, 300};
        for (auto &c : contracts) {
            if (c.type == OptionType::Put)
                c.openInterest = oi[static_cast<int>((c.strike - 90) / 5)];
        }
        ChainTableModel source;
        source.setChain(evaluate(contracts), 101, {}, 1);
        StrikeWindowProxyModel window;
        window.setSourceModel(&source);
        PassingFilterProxyModel sorted;
        sorted.setSourceModel(&window);
        const int col = source.columnOf(ChainSide::Put, ChainField::OpenInterest);
        sorted.sort(col, Qt::DescendingOrder);
        QCOMPARE(strikes(sorted), (QList<double>{105, 95, 90, 110, 100}));
        sorted.sort(source.strikeColumn(), Qt::AscendingOrder);
        QCOMPARE(strikes(sorted), (QList<double>{90, 95, 100, 105, 110}));
    }

    // Both ways, an unknown value sorts last and equal values keep strike order. Qt sorts
    // descending by asking lessThan(right, left): before the fix the unknown came first and the
    // ties came out in reverse.
    void descendingKeepsUnknownsLastAndTiesInOrder() {
        auto contracts = chain();
        for (auto &c : contracts) {
            if (c.type != OptionType::Put)
                continue;
            const int i = static_cast<int>((c.strike - 90) / 5);
            const std::optional<std::int64_t> oi[] = {300, std::nullopt, 300, 20000, 50};
            c.openInterest = oi[i];
        }
        ChainTableModel source;
        source.setChain(evaluate(contracts), 101, {}, 1);
        StrikeWindowProxyModel window;
        window.setSourceModel(&source);
        PassingFilterProxyModel sorted;
        sorted.setSourceModel(&window);
        const int col = source.columnOf(ChainSide::Put, ChainField::OpenInterest);
        sorted.sort(col, Qt::DescendingOrder);
        QCOMPARE(strikes(sorted), (QList<double>{105, 90, 100, 110, 95}));
        sorted.sort(col, Qt::AscendingOrder);
        QCOMPARE(strikes(sorted), (QList<double>{110, 90, 100, 105, 95}));
    }
};

QTEST_GUILESS_MAIN(TstChainProxies)
#include "tst_chain_proxies.moc"
