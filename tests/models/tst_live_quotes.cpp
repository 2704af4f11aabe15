// Pushed quotes: the chain model's incremental path (exact dataChanged ranges, gates judged again
// for the ticked contract only), the coalescer (latest value per symbol, one flush per interval,
// counts), and ChainSession with a stream (subscription, store kept in step, polling fallback).

#include "models/chain_session.h"
#include "models/chain_stream.h"
#include "models/chain_table_model.h"
#include "models/data_changed_ranges.h"
#include "models/expiry_list_model.h"
#include "models/quote_coalescer.h"
#include "models/spy_chain.h"
#include "support/fake_market_data.h"
#include "support/fake_quote_stream.h"

#include "domain/black_scholes_greeks.h"
#include "domain/clock.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <map>
#include <set>

#include <algorithm>

using namespace cg;
using namespace cg::models;
using namespace cg::test;
using namespace std::chrono;

namespace {

std::string occ(OptionType t, double strike) {
    return formatOccSymbol("SPY", kExpiry, t, strike);
}

OptionQuoteTick tick(const std::string &symbol, double bid, double ask, std::uint32_t size = 10) {
    OptionQuoteTick t;
    t.symbol = symbol;
    t.bid = bid;
    t.ask = ask;
    t.bidSize = size;
    t.askSize = size;
    t.time = kNow;
    return t;
}

OptionTradeTick trade(const std::string &symbol, double price, std::uint32_t size, Timestamp time) {
    OptionTradeTick t;
    t.symbol = symbol;
    t.price = price;
    t.size = size;
    t.time = time;
    return t;
}

const OptionContract &stored(const ChainTableModel &m, const std::string &symbol) {
    for (const auto &e : m.entries())
        if (e.contract.symbol == symbol)
            return e.contract;
    qFatal("no such contract");
}

// Thursday 2026-11-26 10:00 New York; three expiries of 21 strikes around 101.
constexpr year_month_day kNear{year{2026}, month{11}, day{27}};
constexpr year_month_day kFar{year{2026}, month{12}, day{31}};

std::unique_ptr<test::FakeMarketData> market() {
    auto md = std::make_unique<test::FakeMarketData>();
    md->price = 101;
    for (auto e : {kNear, kExpiry, kFar}) {
        auto c = test::makeChain("SPY", e, 90, 1, 21, 101);
        md->contracts.insert(md->contracts.end(), c.begin(), c.end());
    }
    return md;
}

bool waitLoaded(ChainSession &s) {
    return QTest::qWaitFor([&] { return s.state() == ChainSession::State::Loaded && !s.isBusy(); },
                           5000);
}

// The Last and day's volume the next poll answers for `symbol`.
void answerWithTrade(test::FakeMarketData &md, const std::string &symbol, double last,
                     std::int64_t volume) {
    for (auto &c : md.contracts)
        if (c.symbol == symbol) {
            c.lastPrice = last;
            c.volume = volume;
        }
}

// A chain session over market() with a FakeQuoteStream; load() shows SPY. The stream outlives
// the session, which lets go of it first.
struct StreamedSpy {
    std::unique_ptr<test::FakeMarketData> md = market();
    FixedClock clock{kNow};
    test::FakeQuoteStream stream;
    ChainSession s{*md, clock};
    bool load() {
        s.setQuoteStream(&stream);
        s.setSymbol(QStringLiteral("SPY"));
        return waitLoaded(s);
    }
};

} // namespace

class TstLiveQuotes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A tick older than the quote stored (a coalesced tick applied after a newer poll, or
    // ticks out of order) does not replace it.
    void olderTickDoesNotOverwriteANewerQuote() {
        ChainTableModel m;
        m.setChain(evaluate(baseChain()), 101, {}, 1000);
        const std::string put = occ(OptionType::Put, 100);
        auto newer = tick(put, 0.98, 1.05);
        newer.time = kNow + seconds{2};
        m.applyQuotes({newer}, {}, 2000);
        QCOMPARE(stored(m, put).quote->ask, 1.05);
        auto older = tick(put, 0.90, 1.10);
        older.time = kNow + seconds{1};
        m.applyQuotes({older}, {}, 3000);
        QCOMPARE(stored(m, put).quote->time, kNow + seconds{2});
        QCOMPARE(stored(m, put).quote->ask, 1.05);
    }

    // Within one coalescer batch the newest tick by its time wins, not the last to arrive.
    void coalescerKeepsTheNewestTick() {
        QuoteCoalescer c;
        std::vector<OptionQuoteTick> got;
        c.setSink([&](const std::vector<OptionQuoteTick> &b) { got = b; });
        auto newer = tick("SYM0", 2, 3);
        newer.time = kNow + seconds{2};
        auto older = tick("SYM0", 1, 4);
        older.time = kNow + seconds{1};
        c.add(std::vector<OptionQuoteTick>{newer, older});
        c.flushNow();
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got[0].time, kNow + seconds{2});
    }

    // Greeks solved from the mid (the feed sent none) follow the streamed quote: solved again
    // from the new mid, their cells reported changed and their note naming the mid they came
    // from. Before the fix they kept the load's values while the note quoted the new mid.
    void computedGreeksFollowTheTick() {
        auto chain = baseChain();
        const std::string put = occ(OptionType::Put, 100);
        for (auto &c : chain)
            if (c.symbol == put) {
                c.greeks.reset();
                c.impliedVol.reset();
                completeGreeks(c, 101, kNow);
                QCOMPARE(c.greeksSource, GreeksSource::Computed);
            }
        ChainTableModel m;
        m.setChain(evaluate(chain), 101, {}, 1000);
        const double ivBefore = *stored(m, put).impliedVol;
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.applyQuotes({tick(put, 1.20, 1.30)}, {}, 2000);
        const OptionContract &after = stored(m, put);
        QCOMPARE(after.greeksSource, GreeksSource::Computed);
        QVERIFY(*after.impliedVol > ivBefore);
        QCOMPARE(QString::fromStdString(greeksSourceNote(after)),
                 QStringLiteral("Computed from the mid 1.25 (IV solver); the feed sent no greeks"));
        const int ivColumn = m.columnOf(ChainSide::Put, ChainField::ImpliedVol);
        bool ivReported = false;
        for (const Range &r : ranges(changed))
            ivReported = ivReported ||
                         (r.top <= 1 && r.bottom >= 1 && r.left <= ivColumn && r.right >= ivColumn);
        QVERIFY(ivReported);
        QCOMPARE(m.index(1, ivColumn).data(RawValueRole).toDouble(), *after.impliedVol * 100.0);
    }

    void tickChangesOnlyItsCells() {
        ChainTableModel m;
        m.setChain(evaluate(baseChain()), 101, {}, 1000);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        QSignalSpy structure(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);

        // Put 100 (mid 1.00): ask 1.02 -> 1.03 moves Ask, Mid and Spread %: one run.
        const auto s1 = m.applyQuotes({tick(occ(OptionType::Put, 100), 0.98, 1.03)}, {}, 3000);
        const int putAsk = m.columnOf(ChainSide::Put, ChainField::Ask);
        QCOMPARE(ranges(changed), (std::vector<Range>{{1, putAsk, 1, putAsk + 2}}));
        QCOMPARE(s1.applied, 1);
        QCOMPARE(s1.ranges, 1);
        QCOMPARE(s1.cells, 3);
        QVERIFY(!s1.tradeableChanged);
        QCOMPARE(m.index(1, putAsk).data().toString(), QStringLiteral("1.03"));
        QCOMPARE(m.index(1, putAsk).data(ChangedAtRole).toLongLong(), 3000);
        QCOMPARE(m.index(1, putAsk).data(ChangeDirectionRole).toInt(), 1);
        QCOMPARE(m.index(1, putAsk - 1).data(ChangedAtRole).toLongLong(), 0); // bid unchanged
        // The model's entries follow (the detail panel and charts read them).
        QCOMPARE(stored(m, occ(OptionType::Put, 100)).quote->ask, 1.03);
        changed.clear();

        // Call 95 bid 6.98 -> 6.90 (calls read Sprd %, Mid, Bid, Ask toward the strike: one run),
        // and a size-only change of call 105: its quote is stored but no cell changes.
        const auto s2 = m.applyQuotes({tick(occ(OptionType::Call, 95), 6.90, 7.02),
                                       tick(occ(OptionType::Call, 105), 0.98, 1.02, 55)},
                                      {}, 4000);
        const int callBid = m.columnOf(ChainSide::Call, ChainField::Bid);
        const int callSpread = m.columnOf(ChainSide::Call, ChainField::SpreadPct);
        QCOMPARE(callBid, callSpread + 2);
        QCOMPARE(ranges(changed), (std::vector<Range>{{0, callSpread, 0, callBid}}));
        QCOMPARE(s2.applied, 2);
        QCOMPARE(m.index(0, callBid).data(ChangeDirectionRole).toInt(), -1);
        QCOMPARE(stored(m, occ(OptionType::Call, 105)).quote->bidSize, 55);
        changed.clear();

        // The same quote again: nothing to repaint.
        const auto s3 = m.applyQuotes({tick(occ(OptionType::Put, 100), 0.98, 1.03)}, {}, 5000);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(s3.unchanged, 1);
        QCOMPARE(s3.applied, 0);
        QCOMPARE(structure.count(), 0);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(m.index(1, putAsk).data(ChangedAtRole).toLongLong(), 3000);
    }

    // A live chain flashes only the moves a trader acts on: one tick of the class (SPY: $0.01
    // at every price), not a mid moving half a cent or a spread % moving with both sides. The
    // stamps are the `nowMs` passed in: no clock is read.
    void flashOnlyOnATick() {
        ChainTableModel m;
        m.setChain(evaluate(baseChain()), 101, {}, 1000);
        const std::string put = occ(OptionType::Put, 100); // 0.98 x 1.02
        const auto stamp = [&m](ChainField f) {
            return m.index(1, m.columnOf(ChainSide::Put, f)).data(ChangedAtRole).toLongLong();
        };
        // Half a cent on the bid: shown, no flash anywhere.
        m.applyQuotes({tick(put, 0.985, 1.02)}, {}, 2000);
        QCOMPARE(m.index(1, m.columnOf(ChainSide::Put, ChainField::Bid)).data(RawValueRole),
                 QVariant(0.985));
        for (ChainField f :
             {ChainField::Bid, ChainField::Ask, ChainField::Mid, ChainField::SpreadPct})
            QCOMPARE(stamp(f), 0);
        // Ask up one tick: the ask flashes, and the spread (0.035 -> 0.045, one tick); the mid
        // moved half a cent and does not.
        m.applyQuotes({tick(put, 0.985, 1.03)}, {}, 3000);
        QCOMPARE(stamp(ChainField::Ask), 3000);
        QCOMPARE(stamp(ChainField::SpreadPct), 3000);
        QCOMPARE(stamp(ChainField::Mid), 0);
        QCOMPARE(stamp(ChainField::Bid), 0);
        // Both sides up one tick: bid, ask and mid flash; the spread in dollars did not move.
        m.applyQuotes({tick(put, 0.995, 1.04)}, {}, 4000);
        QCOMPARE(stamp(ChainField::Bid), 4000);
        QCOMPARE(stamp(ChainField::Ask), 4000);
        QCOMPARE(stamp(ChainField::Mid), 4000);
        QCOMPARE(stamp(ChainField::SpreadPct), 3000);
        QCOMPARE(m.index(1, m.columnOf(ChainSide::Put, ChainField::Bid))
                     .data(ChangeDirectionRole)
                     .toInt(),
                 1);
    }

    // A class outside the penny program ticks in nickels under $3: a one-cent move is noise.
    void flashTickFollowsTheClass() {
        ChainTableModel m;
        m.setChain(evaluate(test::makeChain("XYZ", kExpiry, 95, 5, 3, 101)), 101, {}, 1000);
        const std::string put = formatOccSymbol("XYZ", kExpiry, OptionType::Put, 100);
        const int bid = m.columnOf(ChainSide::Put, ChainField::Bid);
        m.applyQuotes({tick(put, 0.99, 1.02)}, {}, 2000);
        QCOMPARE(m.index(1, bid).data().toString(), QStringLiteral("0.99"));
        QCOMPARE(m.index(1, bid).data(ChangedAtRole).toLongLong(), 0);
        m.applyQuotes({tick(put, 0.94, 1.02)}, {}, 3000);
        QCOMPARE(m.index(1, bid).data(ChangedAtRole).toLongLong(), 3000);
    }

    // A poll (the diff path) follows the same rule, and greeks never flash.
    void flashOnRefreshFollowsTheSameRule() {
        auto chain = baseChain();
        ChainTableModel m;
        m.setChain(evaluate(chain), 101, {}, 1000);
        for (auto &c : chain) {
            if (c.type == OptionType::Put && c.strike == 100) {
                c.quote->bid += 0.004; // sub-tick
                c.volume = c.volume.value_or(0) + 1;
                if (c.greeks)
                    c.greeks->delta += 0.01;
            }
        }
        m.setChain(evaluate(chain), 101, {}, 2000);
        const auto stamp = [&m](ChainField f) {
            return m.index(1, m.columnOf(ChainSide::Put, f)).data(ChangedAtRole).toLongLong();
        };
        QCOMPARE(stamp(ChainField::Bid), 0);
        QCOMPARE(stamp(ChainField::Volume), 2000);
        QCOMPARE(stamp(ChainField::Delta), 0);
        for (auto &c : chain)
            if (c.type == OptionType::Put && c.strike == 100)
                c.quote->bid += 0.01; // one tick from the value shown (0.984)
        m.setChain(evaluate(chain), 101, {}, 3000);
        QCOMPARE(stamp(ChainField::Bid), 3000);
    }

    void flatLayoutRanges() {
        ChainTableModel m;
        m.setLayout(ChainTableModel::Layout::Flat);
        m.setChain(evaluate(baseChain()), 101, {}, 1000);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.applyQuotes({tick(occ(OptionType::Put, 105), 4.98, 5.03)}, {}, 2000);
        // Flat rows: 95C 95P 100C 100P 105C 105P; Bid is column 2.
        QCOMPARE(ranges(changed), (std::vector<Range>{{5, 3, 5, 5}}));
        QCOMPARE(m.index(5, 3).data().toString(), QStringLiteral("5.03"));
        QCOMPARE(m.indexOfSymbol(QString::fromStdString(occ(OptionType::Put, 105))).row(), 5);
        // Adjacent rows with the same changed columns share one range (still exact cells): the
        // 95 call and put asks (rows 0 and 1); the 100 put's bid alone (row 3).
        changed.clear();
        const auto s = m.applyQuotes({tick(occ(OptionType::Put, 95), 0.98, 1.03),
                                      tick(occ(OptionType::Put, 100), 0.97, 1.02),
                                      tick(occ(OptionType::Call, 95), 6.98, 7.03)},
                                     {}, 3000);
        QCOMPARE(ranges(changed), (std::vector<Range>{{0, 3, 1, 5}, {3, 2, 3, 2}, {3, 4, 3, 5}}));
        QCOMPARE(s.ranges, 3);
        QCOMPARE(s.cells, 6 + 1 + 2);
    }

    void wideningSpreadFlipsThatGateOnly() {
        ChainTableModel m;
        m.setChain(evaluate(baseChain()), 101, {}, 1000);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        // Put 105 (mid 5.00) to 1.00 / 1.13: spread 12.21 % fails the 10 % gate.
        const auto s = m.applyQuotes({tick(occ(OptionType::Put, 105), 1.00, 1.13)}, {}, 2000);
        QVERIFY(s.tradeableChanged);
        const int putBid = m.columnOf(ChainSide::Put, ChainField::Bid);
        const int putGateSpread = m.columnOf(ChainSide::Put, ChainField::GateSpread);
        // Bid, Ask, Mid, Spread % in one run; the spread gate cell on its own.
        QCOMPARE(ranges(changed), (std::vector<Range>{{2, putBid, 2, putBid + 3},
                                                      {2, putGateSpread, 2, putGateSpread}}));
        QCOMPARE(m.index(2, putGateSpread).data(GateStateRole).toInt(), int(GateState::Fail));
        QCOMPARE(m.index(2, putGateSpread).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Spread 12.21% is above the 10% limit"));
        QCOMPARE(m.index(2, putBid + 3).data(GateStateRole).toInt(), int(GateState::Fail));
        // Every other contract keeps a passing spread gate.
        const int callGateSpread = m.columnOf(ChainSide::Call, ChainField::GateSpread);
        for (int r = 0; r < 3; ++r) {
            QCOMPARE(m.index(r, callGateSpread).data(GateStateRole).toInt(), int(GateState::Pass));
            if (r != 2)
                QCOMPARE(m.index(r, putGateSpread).data(GateStateRole).toInt(),
                         int(GateState::Pass));
        }
        QCOMPARE(stored(m, occ(OptionType::Put, 105)).quote->bid, 1.00);
        // The threshold passed in judges it: a 15 % limit lets it pass again.
        GateThresholds loose;
        loose.maxSpreadPct = 15;
        changed.clear();
        m.applyQuotes({tick(occ(OptionType::Put, 105), 1.00, 1.131)}, loose, 3000);
        QCOMPARE(m.index(2, putGateSpread).data(GateStateRole).toInt(), int(GateState::Pass));
        // A crossed quote fails the quote gate too (Bid, Ask, Mid carry it).
        m.applyQuotes({tick(occ(OptionType::Put, 105), 1.20, 1.00)}, {}, 4000);
        const int putGateQuote = m.columnOf(ChainSide::Put, ChainField::GateQuote);
        QCOMPARE(m.index(2, putGateQuote).data(GateStateRole).toInt(), int(GateState::Fail));
        QCOMPARE(m.index(2, putBid).data(GateStateRole).toInt(), int(GateState::Fail));
    }

    // A streamed trade sets the contract's Last and adds its size to the day's Volume, whose gate
    // is judged again; one that happened before the load is in the snapshot already.
    void streamedTradeSetsLastAndAddsToVolume() {
        auto contracts = baseChain();
        const std::string put = occ(OptionType::Put, 100);
        for (auto &c : contracts)
            if (c.symbol == put)
                c.volume = 95; // below the minimum of 100
        ChainTableModel m;
        m.setChain(evaluate(contracts), 101, {}, 1000);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        const int putLast = m.columnOf(ChainSide::Put, ChainField::Last);
        const int putVolume = m.columnOf(ChainSide::Put, ChainField::Volume);
        const int putGateVolume = m.columnOf(ChainSide::Put, ChainField::GateVolume);
        QCOMPARE(m.index(1, putGateVolume).data(GateStateRole).toInt(), int(GateState::Fail));

        // Before the load: already counted in the snapshot's volume and last trade.
        const auto s0 = m.applyTrades({trade(put, 1.07, 3, kNow - seconds{1})}, 2000);
        QCOMPARE(s0.unchanged, 1);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(*stored(m, put).volume, 95);

        const auto s1 = m.applyTrades({trade(put, 1.01, 3, kNow + seconds{1}),
                                       trade(put, 1.03, 4, kNow + seconds{2}),
                                       trade("SPY261204P00555000", 1, 1, kNow + seconds{2})},
                                      3000);
        QCOMPARE(s1.applied, 2);
        QCOMPARE(s1.unknown, 1);
        QVERIFY(s1.tradeableChanged); // 102 meets the minimum: the put passes all five now
        QCOMPARE(*stored(m, put).lastPrice, 1.03);
        QCOMPARE(*stored(m, put).volume, 102);
        QCOMPARE(m.index(1, putLast).data().toString(), QStringLiteral("1.03"));
        QCOMPARE(m.index(1, putVolume).data().toString(), QStringLiteral("102"));
        QCOMPARE(m.index(1, putVolume).data(ChangedAtRole).toLongLong(), 3000);
        QCOMPARE(m.index(1, putGateVolume).data(GateStateRole).toInt(), int(GateState::Pass));
        QCOMPARE(m.index(1, putGateVolume).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Volume 102 meets the minimum of 100"));
        // Last and Volume side by side, the gate on its own; only that row.
        const int lo = std::min(putLast, putVolume);
        QCOMPARE(ranges(changed),
                 (std::vector<Range>{{1, lo, 1, lo + 1}, {1, putGateVolume, 1, putGateVolume}}));
    }

    void unknownSymbolsIgnoredAndCounted() {
        ChainTableModel m;
        m.setChain(evaluate(baseChain()), 101, {}, 1000);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        const auto s = m.applyQuotes({tick("SPY261204C00999000", 1, 2), tick("", 1, 2),
                                      tick(occ(OptionType::Call, 100), 2.00, 2.02)},
                                     {}, 2000);
        QCOMPARE(s.unknown, 2);
        QCOMPARE(s.applied, 1);
        QCOMPARE(changed.count(), 1); // the call's Spread %, Mid and Bid: adjacent
        ChainTableModel empty;
        QCOMPARE(empty.applyQuotes({tick(occ(OptionType::Call, 100), 1, 2)}, {}, 1).unknown, 1);
    }

    void coalescerHandsLargeBatchesOverInChunks() {
        QuoteCoalescer c;
        c.setMaxBatch(400);
        std::vector<std::size_t> sizes;
        std::map<std::string, double> last;
        c.setSink([&](const std::vector<OptionQuoteTick> &b) {
            sizes.push_back(b.size());
            for (const OptionQuoteTick &t : b)
                last[t.symbol] = t.bid;
            // Between chunks (here: during the first): a newer tick for a symbol already handed
            // over goes out again, one for a symbol still pending replaces it in place.
            if (sizes.size() == 1)
                c.add({tick("SYM0", 5, 6), tick("SYM999", 7, 8)});
        });
        std::vector<OptionQuoteTick> ticks;
        for (int s = 0; s < 1000; ++s)
            ticks.push_back(tick("SYM" + std::to_string(s), 1, 2));
        c.add(ticks);
        QVERIFY(sizes.empty()); // nothing handed over synchronously
        QTRY_COMPARE(c.pending(), 0);
        QCOMPARE(sizes, (std::vector<std::size_t>{400, 400, 201}));
        QCOMPARE(last["SYM0"], 5.0);
        QCOMPARE(last["SYM999"], 7.0);
        QCOMPARE(last.size(), std::size_t(1000));
        QCOMPARE(c.delivered(), quint64(1001));
        QCOMPARE(c.superseded(), quint64(1));
        // flushNow hands everything over at once, whatever the chunk size.
        c.add(ticks);
        c.flushNow();
        QCOMPARE(sizes.back(), std::size_t(1000));
    }

    // The symbol table grows while a batch is half handed over: every symbol still goes out once
    // with its latest value, one handed over already goes out again, none twice in a chunk.
    void coalescerLatestValuesAcrossTableGrowth() {
        QuoteCoalescer c;
        c.setMaxBatch(300);
        std::vector<std::vector<OptionQuoteTick>> chunks;
        std::map<std::string, double> last;
        c.setSink([&](const std::vector<OptionQuoteTick> &b) {
            chunks.push_back(b);
            for (const OptionQuoteTick &t : b)
                last[t.symbol] = t.bid;
            if (chunks.size() != 1)
                return;
            std::vector<OptionQuoteTick> more;
            for (int s = 0; s < 20; ++s) // 0..9 handed over, 990..999 still pending
                more.push_back(tick("SYM" + std::to_string(s < 10 ? s : 980 + s), 50, 51));
            for (int s = 1000; s < 4000; ++s) // new: the table grows
                more.push_back(tick("SYM" + std::to_string(s), 3, 4));
            c.add(more);
        });
        std::vector<OptionQuoteTick> ticks;
        for (int s = 0; s < 1000; ++s)
            ticks.push_back(tick("SYM" + std::to_string(s), 1, 2));
        c.add(ticks);
        QTRY_COMPARE(c.pending(), 0);
        QCOMPARE(last.size(), std::size_t(4000));
        for (int s : {0, 9, 990, 999})
            QCOMPARE(last["SYM" + std::to_string(s)], 50.0);
        QCOMPARE(last["SYM500"], 1.0);
        QCOMPARE(last["SYM3999"], 3.0);
        QCOMPARE(c.delivered(), quint64(4010)); // 1,000 + 3,000 + the 10 handed over again
        QCOMPARE(c.superseded(), quint64(10));
        for (const auto &chunk : chunks) {
            std::set<std::string> seen;
            for (const OptionQuoteTick &t : chunk)
                QVERIFY2(seen.insert(t.symbol).second, t.symbol.c_str());
        }
    }

    void coalescerOneFlushLatestValues() {
        QuoteCoalescer c;
        c.setRateHz(20);
        QCOMPARE(c.intervalMs(), 50);
        std::vector<std::vector<OptionQuoteTick>> batches;
        c.setSink([&](const std::vector<OptionQuoteTick> &b) { batches.push_back(b); });
        QSignalSpy flushed(&c, &QuoteCoalescer::flushed);
        // 1,000 ticks for 10 symbols, in frames of 10, all before the event loop runs again.
        for (int frame = 0; frame < 100; ++frame) {
            std::vector<OptionQuoteTick> ticks;
            for (int s = 0; s < 10; ++s)
                ticks.push_back(tick("SYM" + std::to_string(s), frame, frame + 0.5 + s));
            c.add(ticks);
        }
        QCOMPARE(c.received(), quint64(1000));
        QCOMPARE(c.pending(), 10);
        QVERIFY(batches.empty()); // nothing handed over synchronously
        QVERIFY(flushed.wait(2000));
        QCOMPARE(batches.size(), std::size_t(1));
        QCOMPARE(batches[0].size(), std::size_t(10));
        for (int s = 0; s < 10; ++s) {
            QCOMPARE(batches[0][static_cast<std::size_t>(s)].symbol, "SYM" + std::to_string(s));
            QCOMPARE(batches[0][static_cast<std::size_t>(s)].bid, 99.0);
            QCOMPARE(batches[0][static_cast<std::size_t>(s)].ask, 99.5 + s);
        }
        QCOMPARE(c.superseded(), quint64(990));
        QCOMPARE(c.delivered(), quint64(10));
        QCOMPARE(c.flushes(), quint64(1));
        QCOMPARE(c.pending(), 0);

        // A tick right after a flush waits for the rest of the interval (never early).
        QElapsedTimer since;
        since.start();
        c.add(tick("SYM0", 1, 2));
        QVERIFY(flushed.wait(2000));
        QVERIFY2(since.elapsed() >= c.intervalMs() - 2, QByteArray::number(since.elapsed()));
        QCOMPARE(c.flushes(), quint64(2));
        QCOMPARE(c.received(), c.delivered() + c.superseded() + c.discarded());

        // Discarded ticks are counted, not delivered.
        c.add(tick("SYM1", 1, 2));
        c.discardPending();
        QCOMPARE(c.discarded(), quint64(1));
        QTest::qWait(c.intervalMs() + 20);
        QCOMPARE(c.flushes(), quint64(2));
        QCOMPARE(c.received(), c.delivered() + c.superseded() + c.discarded());
    }

    void sessionSubscribesAndAppliesStreamedQuotes() {
        auto md = market();
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        test::FakeQuoteStream stream;
        s.setQuoteStream(&stream);
        QVERIFY(stream.subscriptions.empty()); // nothing shown yet
        s.setSymbol(QStringLiteral("SPY"));
        QVERIFY(waitLoaded(s));
        // The shown expiry (the nearest, for day_trade): 21 strikes x 2, nearest the money first.
        QVERIFY(s.expiry() == std::optional(kNear));
        const auto subscribed = stream.symbols();
        QCOMPARE(subscribed.size(), std::size_t(42));
        QVERIFY(subscribed.front().find("00101000") != std::string::npos);
        for (const auto &sym : subscribed)
            QVERIFY(sym.find("261127") != std::string::npos);

        // Streamed quote for the ATM call, via the coalescer.
        const std::string call = formatOccSymbol("SPY", kNear, OptionType::Call, 101);
        QSignalSpy applied(&s, &ChainSession::quoteBatchApplied);
        stream.push({tick(call, 2.50, 2.60), tick("SPY261127C00555000", 1, 2)});
        QVERIFY(applied.wait(2000));
        QCOMPARE(s.quotesApplied(), quint64(1));
        QCOMPARE(s.quotesUnknown(), quint64(1));
        QCOMPARE(s.coalescer()->received(), quint64(2));
        const QModelIndex bid = s.chainModel()->indexOfSymbol(QString::fromStdString(call));
        QCOMPARE(bid.data().toString(), QStringLiteral("2.50"));

        // A poll that brings the same quote does not flash it again.
        for (auto &c : md->contracts)
            if (c.symbol == call)
                c.quote = Quote{2.50, 2.60, 10, 10, {}};
        QSignalSpy changed(s.chainModel(), &QAbstractItemModel::dataChanged);
        s.refresh();
        QVERIFY(waitLoaded(s));
        QCOMPARE(changed.count(), 0);

        // A poll answered from a snapshot older than the streamed quote keeps the newer one.
        auto newer = tick(call, 2.55, 2.65);
        newer.time = kNow + seconds(5);
        stream.push({newer});
        QVERIFY(applied.wait(2000));
        for (auto &c : md->contracts)
            if (c.symbol == call)
                c.quote = Quote{2.40, 2.70, 10, 10, kNow + seconds(4)};
        changed.clear();
        s.refresh();
        QVERIFY(waitLoaded(s));
        QCOMPARE(changed.count(), 0);
        QCOMPARE(bid.data().toString(), QStringLiteral("2.55"));
        // ... but a newer snapshot quote wins.
        for (auto &c : md->contracts)
            if (c.symbol == call)
                c.quote = Quote{2.40, 2.70, 10, 10, kNow + seconds(6)};
        s.refresh();
        QVERIFY(waitLoaded(s));
        QCOMPARE(bid.data().toString(), QStringLiteral("2.40"));

        // Another expiry: a new subscription, and ticks for the old one are unknown now.
        s.setExpiryRow(2);
        QVERIFY(waitLoaded(s));
        QVERIFY(stream.symbols().front().find("261231") != std::string::npos);
        stream.push({tick(call, 2.70, 2.80)});
        QVERIFY(applied.wait(2000));
        QCOMPARE(s.quotesUnknown(), quint64(2));

        // The feed's symbol limit keeps the strikes nearest the money.
        stream.limit = 4;
        s.setExpiryRow(0);
        QVERIFY(waitLoaded(s));
        QCOMPARE(stream.symbols().size(), std::size_t(4));
        for (const auto &sym : stream.symbols())
            QVERIFY(sym.find("00101000") != std::string::npos ||
                    sym.find("00100000") != std::string::npos ||
                    sym.find("00102000") != std::string::npos);
        // The money moves (a poll reads the new spot): the stream follows it to the strikes now
        // nearest. It kept streaming 100-102 (the same shown contracts, compared whole).
        md->price = 108;
        s.refresh();
        QVERIFY(waitLoaded(s));
        QCOMPARE(stream.symbols().size(), std::size_t(4));
        for (const auto &sym : stream.symbols())
            QVERIFY2(sym.find("00107000") != std::string::npos ||
                         sym.find("00108000") != std::string::npos ||
                         sym.find("00109000") != std::string::npos,
                     sym.c_str());

        // No symbol: nothing subscribed.
        s.setSymbol(QString());
        QVERIFY(stream.symbols().empty());
        s.setQuoteStream(nullptr);
        QVERIFY(!stream.onQuotes);
    }

    // The session hands streamed trades to its chain: Last and Volume move between polls.
    void sessionAppliesStreamedTrades() {
        StreamedSpy f;
        QVERIFY(f.load());
        ChainSession &s = f.s;
        test::FakeQuoteStream &stream = f.stream;
        const std::string call = formatOccSymbol("SPY", kNear, OptionType::Call, 101);
        QSignalSpy applied(s.chainStream(), &ChainStream::tradeBatchApplied);
        stream.pushTrades({trade(call, 1.37, 5, kNow + seconds{1})});
        QVERIFY(applied.wait(2000));
        QCOMPARE(s.chainStream()->tradesApplied(), quint64(1));
        const ChainEntry *e = s.chainModel()->entryOf(call);
        QVERIFY(e);
        QCOMPARE(*e->contract.lastPrice, 1.37);
        QCOMPARE(*e->contract.volume, 305);
        const QModelIndex last =
            s.chainModel()->index(s.chainModel()->indexOfSymbol(QString::fromStdString(call)).row(),
                                  s.chainModel()->columnOf(ChainSide::Call, ChainField::Last));

        // A poll sent before that trade (the clock still at kNow) answers from an older
        // snapshot: the newer streamed Last and the volume it added stay.
        answerWithTrade(*f.md, call, 1.20, 300);
        s.refresh();
        QVERIFY(waitLoaded(s));
        e = s.chainModel()->entryOf(call);
        QCOMPARE(*e->contract.lastPrice, 1.37);
        QCOMPARE(*e->contract.volume, 305);
        QCOMPARE(last.data().toString(), QStringLiteral("1.37"));
        // A poll sent after it knows that trade and more: the snapshot's figures.
        f.clock.set(kNow + seconds{2});
        answerWithTrade(*f.md, call, 1.25, 320);
        s.refresh();
        QVERIFY(waitLoaded(s));
        e = s.chainModel()->entryOf(call);
        QCOMPARE(*e->contract.lastPrice, 1.25);
        QCOMPARE(*e->contract.volume, 320);
        QCOMPARE(last.data().toString(), QStringLiteral("1.25"));
        // Gone with the stream: a trade pushed after is not taken.
        s.setQuoteStream(nullptr);
        QVERIFY(!stream.onTrades);
    }

    // The first trade of a session, pushed while a poll sent after the open was on its way: its
    // Last stays, but the day's volume is the answer's (the new session's), not the count shown
    // before the open plus that trade.
    void pollAtTheOpenTakesTheSnapshotsVolume() {
        StreamedSpy f;
        QVERIFY(f.load());
        ChainSession &s = f.s;
        const std::string call = formatOccSymbol("SPY", kNear, OptionType::Call, 101);
        const Timestamp open = sys_days{year{2026} / 11 / 27} + hours{14} + minutes{30}; // 9:30 EST
        f.clock.set(open - seconds{1}); // the count shown: the last session's
        s.refresh();
        QVERIFY(waitLoaded(s));
        QSignalSpy applied(s.chainStream(), &ChainStream::tradeBatchApplied);
        f.stream.pushTrades({trade(call, 1.37, 5, open + seconds{1})});
        QVERIFY(applied.wait(2000));
        QCOMPARE(*s.chainModel()->entryOf(call)->contract.volume, 305);
        answerWithTrade(*f.md, call, 1.20, 10);
        f.clock.set(open); // the poll is sent at the open, before the trade
        s.refresh();
        QVERIFY(waitLoaded(s));
        const ChainEntry *e = s.chainModel()->entryOf(call);
        QCOMPARE(*e->contract.lastPrice, 1.37);
        QCOMPARE(*e->contract.volume, 10);
    }

    void streamedQuoteThatFailsPickMovesIt() {
        StreamedSpy f;
        QVERIFY(f.load());
        ChainSession &s = f.s;
        test::FakeQuoteStream &stream = f.stream;
        // day_trade call pick: 103 (lowest passing strike >= 102.515).
        QCOMPARE(s.pick(OptionType::Call).entry->contract.strike, 103.0);
        QSignalSpy updated(&s, &ChainSession::updated);
        stream.push({tick(formatOccSymbol("SPY", kNear, OptionType::Call, 103), 0.5, 0.9)});
        s.coalescer()->flushNow();
        QCOMPARE(s.pick(OptionType::Call).entry->contract.strike, 104.0);
        QCOMPARE(updated.count(), 1);
        const QModelIndex moved = s.chainModel()->indexOfSymbol(
            QString::fromStdString(formatOccSymbol("SPY", kNear, OptionType::Call, 104)));
        QVERIFY(moved.data(PickRole).toBool());
    }

    // One copy of each contract: the model shows the session's own entries, so a streamed tick
    // is applied once (to the store) and the model shows it, with dataChanged for the changed
    // cells of that contract only.
    void tickIsAppliedOnceToTheSessionsStore() {
        auto md = market();
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        test::FakeQuoteStream stream;
        s.setQuoteStream(&stream);
        s.setSymbol(QStringLiteral("SPY"));
        QVERIFY(waitLoaded(s));
        const ChainTableModel *m = s.chainModel();
        const std::vector<ChainEntry> &store = s.shownEntries();
        QCOMPARE(store.size(), std::size_t(42));
        QCOMPARE(&m->entries(), &store); // a view, not a copy

        const std::string call = formatOccSymbol("SPY", kNear, OptionType::Call, 101);
        const QModelIndex bid = m->indexOfSymbol(QString::fromStdString(call));
        QVERIFY(bid.isValid());
        const ChainEntry *entry = m->entryAt(bid);
        QVERIFY(entry >= store.data() && entry < store.data() + store.size());
        QCOMPARE(entry->contract.symbol, call);
        const Quote before = *entry->contract.quote;

        // The bid moves, the ask stays: Bid, Mid and Spread % of that call change, nothing else.
        QSignalSpy changed(m, &QAbstractItemModel::dataChanged);
        QSignalSpy applied(m, &ChainTableModel::chainApplied);
        stream.push({tick(call, before.bid - 0.01, before.ask)});
        s.coalescer()->flushNow();
        QCOMPARE(s.quotesApplied(), quint64(1));
        QCOMPARE(entry->contract.quote->bid, before.bid - 0.01); // in the session's store
        QCOMPARE(bid.data(RawValueRole).toDouble(), before.bid - 0.01);
        QCOMPARE(applied.count(), 0); // no rebuild
        const int row = bid.row();
        const int bidCol = m->columnOf(ChainSide::Call, ChainField::Bid);
        const int midCol = m->columnOf(ChainSide::Call, ChainField::Mid);
        const int spreadCol = m->columnOf(ChainSide::Call, ChainField::SpreadPct);
        QCOMPARE(midCol, spreadCol + 1);
        QCOMPARE(ranges(changed), (std::vector<Range>{{row, spreadCol, row, bidCol}}));

        // The same quote again changes nothing, anywhere.
        changed.clear();
        stream.push({tick(call, before.bid - 0.01, before.ask)});
        s.coalescer()->flushNow();
        QCOMPARE(s.quotesUnchanged(), quint64(1));
        QCOMPARE(changed.count(), 0);
    }

    // A tick that moves the strategy's pick marks two rows again; the shown expiry is neither
    // copied nor rebuilt (the model keeps pointing at the session's entries).
    void pickChangeDoesNotCopyTheExpiry() {
        auto md = market();
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        test::FakeQuoteStream stream;
        s.setQuoteStream(&stream);
        s.setSymbol(QStringLiteral("SPY"));
        QVERIFY(waitLoaded(s));
        const ChainTableModel *m = s.chainModel();
        QCOMPARE(s.pick(OptionType::Call).entry->contract.strike, 103.0);
        const ChainEntry *storeData = s.shownEntries().data();
        const QString from =
            QString::fromStdString(formatOccSymbol("SPY", kNear, OptionType::Call, 103));
        const QString to =
            QString::fromStdString(formatOccSymbol("SPY", kNear, OptionType::Call, 104));
        const int fromRow = m->indexOfSymbol(from).row();
        const int toRow = m->indexOfSymbol(to).row();

        QSignalSpy changed(m, &QAbstractItemModel::dataChanged);
        QSignalSpy applied(m, &ChainTableModel::chainApplied);
        QSignalSpy reset(m, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(m, &QAbstractItemModel::rowsInserted);
        stream.push({tick(from.toStdString(), 0.5, 0.9)}); // spread fails: 103 no longer passes
        s.coalescer()->flushNow();
        QCOMPARE(s.pick(OptionType::Call).entry->contract.strike, 104.0);
        QCOMPARE(s.shownEntries().data(), storeData);
        QCOMPARE(m->entries().data(), storeData);
        QCOMPARE(applied.count(), 0);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 0);
        QVERIFY(!m->indexOfSymbol(from).data(PickRole).toBool());
        QVERIFY(m->indexOfSymbol(to).data(PickRole).toBool());
        // The ticked call's quote cells, then the two rows whose mark moved: the call side and
        // the strike between the sides, nothing of the puts, no other row.
        const int strike = m->strikeColumn();
        const auto got = ranges(changed);
        QVERIFY(!got.empty());
        for (const Range &r : got) {
            QVERIFY(r.top == r.bottom);
            QVERIFY(r.top == fromRow || r.top == toRow);
            QVERIFY(r.right <= strike);
        }
        QVERIFY(std::count(got.begin(), got.end(), Range{toRow, 0, toRow, strike}) == 1);
        QVERIFY(std::count(got.begin(), got.end(), Range{fromRow, 0, fromRow, strike}) == 1);
    }

    // Alpaca sends no quote when a contract is subscribed again: one that did not tick since the
    // stream came back kept its quote from before the gap. Back, the stream reads the chain once,
    // auto-refresh on or off (it read nothing).
    void streamBackAfterAGapReadsTheChainOnce() {
        auto md = market();
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        test::FakeQuoteStream stream;
        s.setQuoteStream(&stream);
        s.setSymbol(QStringLiteral("SPY"));
        QVERIFY(waitLoaded(s));
        QVERIFY(!s.autoRefresh());
        stream.start(); // Live
        QVERIFY(waitLoaded(s));
        const auto before = md->queries.size();
        stream.setStatus(StreamHealth::Reconnecting, "Reconnecting in 4 s");
        QCOMPARE(md->queries.size(), before); // auto-refresh off: no polling
        stream.setStatus(StreamHealth::Live);
        QCOMPARE(md->queries.size(), before + 1);
        QVERIFY(waitLoaded(s));
        QTest::qWait(50);
        QCOMPARE(md->queries.size(), before + 1); // once

        // Silent and Live again is the same connection, subscriptions kept: no read (a quiet
        // chain flaps there every few seconds).
        stream.setStatus(StreamHealth::Silent, "No quotes for 5 s");
        stream.setStatus(StreamHealth::Live);
        QTest::qWait(50);
        QCOMPARE(md->queries.size(), before + 1);
    }

    // More contracts shown than the feed streams (200 on indicative): the ones past the limit
    // come only by poll, so a live stream does not slow the polls. They slowed to 30 s, and the
    // far strikes of a big expiry were 30 s old (or never polled, the live poll off).
    void contractsPastTheFeedsLimitKeepThePollGoing() {
        auto md = market();
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        test::FakeQuoteStream stream;
        stream.limit = 4;
        s.setQuoteStream(&stream);
        s.setSymbol(QStringLiteral("SPY"));
        QVERIFY(waitLoaded(s));
        s.setAutoRefreshInterval(250);
        s.setAutoRefresh(true);
        stream.start(); // Live
        QVERIFY(s.streamLive());
        QCOMPARE(s.pollingInterval(), 250);
        s.setLiveRefreshInterval(0);
        QCOMPARE(s.pollingInterval(), 250);
        stream.limit = 1000; // all streamed: the live poll's interval again
        s.setExpiryRow(1);
        QVERIFY(waitLoaded(s));
        QCOMPARE(s.pollingInterval(), 0);
    }

    // While the stream slows (here pauses) the chain's polls, the underlying's price is still
    // read at the normal interval, and the picks and moneyness follow it. Before the fix it was
    // the last poll's, up to 30 s old under "Stream live".
    void spotFollowsWhileTheChainPollIsSlowed() {
        StreamedSpy spy;
        QVERIFY(spy.load());
        auto &md = spy.md;
        auto &stream = spy.stream;
        ChainSession &s = spy.s;
        s.setAutoRefreshInterval(250);
        s.setAutoRefresh(true);
        stream.start(); // Live
        s.setLiveRefreshInterval(0);
        QCOMPARE(s.pollingInterval(), 0); // the chain is not polled
        const auto queries = md->queries.size();
        QSignalSpy updated(&s, &ChainSession::updated);
        md->price = 104.5;
        QTRY_COMPARE_WITH_TIMEOUT(s.underlyingPrice(), 104.5, 3000);
        QVERIFY(updated.count() >= 1);
        QCOMPARE(md->queries.size(), queries);
        // Auto-refresh off (the default outside DEMO): the chain is not polled, but while the
        // stream is live the price still follows (the quotes move: moneyness, computed greeks
        // and the underlying's alerts read it). It stayed at the load's price for good.
        s.setAutoRefresh(false);
        md->price = 99;
        QTRY_COMPARE_WITH_TIMEOUT(s.underlyingPrice(), 99.0, 3000);
        QCOMPARE(md->queries.size(), queries);
        // The stream gone: nothing is read without auto-refresh.
        stream.stop();
        QVERIFY(!s.streamLive());
        md->price = 98;
        QTest::qWait(600);
        QCOMPARE(s.underlyingPrice(), 99.0);
    }

    void pollingFallsBackWhenStreamIsNotLive() {
        auto md = market();
        FixedClock clock(kNow);
        ChainSession s(*md, clock);
        test::FakeQuoteStream stream;
        QSignalSpy status(&s, &ChainSession::streamStatusChanged);
        s.setQuoteStream(&stream);
        s.setSymbol(QStringLiteral("SPY"));
        QVERIFY(waitLoaded(s));
        s.setAutoRefreshInterval(250);
        s.setAutoRefresh(true);
        QCOMPARE(s.pollingInterval(), 250); // stream Off: poll

        stream.start(); // Live
        QVERIFY(s.streamLive());
        QCOMPARE(s.pollingInterval(), 30000); // slowed: greeks and volume still come by poll
        QCOMPARE(status.count(), 2);
        QCOMPARE(status.last().at(0).value<StreamStatus>().health, StreamHealth::Live);
        s.setLiveRefreshInterval(0);
        QCOMPARE(s.pollingInterval(), 0); // paused
        const auto before = md->queries.size();
        QTest::qWait(700);
        QCOMPARE(md->queries.size(), before); // no poll while Live

        // Silent: one refresh at once, then polling at the normal interval.
        stream.setStatus(StreamHealth::Silent, "No quotes for 10 s");
        QCOMPARE(md->queries.size(), before + 1); // at once, not at the next tick
        QCOMPARE(s.pollingInterval(), 250);
        QVERIFY(waitLoaded(s));
        QVERIFY(QTest::qWaitFor([&] { return md->queries.size() >= before + 3; }, 5000));
        QCOMPARE(s.streamStatus().detail, std::string("No quotes for 10 s"));

        // Reconnecting and Failed poll too; Live again stops.
        stream.setStatus(StreamHealth::Reconnecting, "Reconnecting in 4 s");
        QCOMPARE(s.pollingInterval(), 250);
        stream.setStatus(StreamHealth::Live);
        QCOMPARE(s.pollingInterval(), 0);
        stream.setStatus(StreamHealth::Failed, "auth failed");
        QCOMPARE(s.pollingInterval(), 250);
        // The trader's off switch wins.
        s.setAutoRefresh(false);
        QCOMPARE(s.pollingInterval(), 0);
        QVERIFY(waitLoaded(s));
    }
};

QTEST_GUILESS_MAIN(TstLiveQuotes)
#include "tst_live_quotes.moc"
