#pragma once
// The option chain of one expiry as a table: calls | strike | puts side by side (the call
// columns mirrored so that bid and ask sit next to the strike), or a flat list with one row per
// contract. The model is a view: it reads the contracts where their owner keeps them (the chain
// session's store, or its own copy for a chain without a session) and holds only what a view
// needs besides (row order, the cells' last values for diffs and the flash). Replacing the chain
// emits dataChanged for the changed cells only, in the smallest ranges (one per run of adjacent
// changed columns in a row); rows are inserted or removed only when the set of strikes changes.
// Pushed quotes take a faster path (applyQuotes): one symbol lookup, the quote applied to the
// owner's contract once, the changed quote cells of that contract only, no rebuild.

#include "broker/quote_stream.h"
#include "domain/gates.h"
#include "domain/position_index.h"
#include "models/chain_entry.h"
#include "models/chain_field.h"
#include "models/chain_roles.h"

#include <QAbstractTableModel>
#include <QSet>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cg::models {

class ChainTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Layout { SideBySide, Flat };
    struct Column {
        enum class Kind { Field, Strike, Type } kind = Kind::Field;
        ChainSide side = ChainSide::None;
        ChainField field = ChainField::Bid;
    };

    explicit ChainTableModel(QObject *parent = nullptr);

    Layout layout() const { return m_layout; }
    void setLayout(Layout layout);

    // Shows `entries` without copying them. The caller owns them and keeps them alive, at the
    // same address and size, until the next showChain(), setChain() or clear(); pushed quotes
    // (applyQuotes) change them in place. After changing them any other way, the caller shows
    // them again, and the cells are diffed against what was shown; a caller that replaces them
    // keeps the previous ones alive until showChain() returns (the rows shown until then are
    // theirs). `nowMs` stamps the cells whose value changed (ChangedAtRole), for the flash.
    void showChain(std::vector<ChainEntry> &entries, double underlyingPrice,
                   const QSet<QString> &pickSymbols, qint64 nowMs);
    // The same for a chain without an owner (tests, benches): the model keeps the entries.
    void setChain(std::vector<ChainEntry> entries, double underlyingPrice,
                  const QSet<QString> &pickSymbols, qint64 nowMs);
    // Probability ITM and expected move are read from the spot, the expected moves and the time
    // of the load, so every load changes them. While a view shows them, each load reports their
    // columns changed (one dataChanged a column); hidden, a load that moved nothing else
    // reports nothing.
    void setFiguresShown(bool shown) { m_figuresShown = shown; }
    bool figuresShown() const { return m_figuresShown; }
    // Only the strategy's picks moved: no rebuild, dataChanged for the rows whose mark changed.
    void setPicks(const QSet<QString> &pickSymbols);
    void clear();

    struct QuoteApplyStats {
        int applied = 0;   // ticks of contracts in the chain that changed a bid, ask or size
        int unchanged = 0; // ticks of contracts in the chain that repeated the shown quote
        int unknown = 0;   // ticks of symbols not in the chain (another expiry, a late tick)
        int cells = 0;     // cells reported by dataChanged
        int ranges = 0;    // dataChanged emissions
        bool tradeableChanged = false; // some contract started or stopped passing all gates
        Timestamp newestQuote{};       // newest tick time among the chain's contracts, or 0
    };
    // Pushed quotes: each ticked contract's quote replaced (in the entries shown, so in their
    // owner's store), its quote and spread gates judged again (for that contract only), the
    // flash stamped with `nowMs`, and dataChanged emitted for the cells whose value or gate state
    // changed. No structure change, no rebuild.
    QuoteApplyStats applyQuotes(const std::vector<OptionQuoteTick> &ticks,
                                const GateThresholds &thresholds, qint64 nowMs);
    // Pushed trades, the same way: each trade after the chain's load sets its contract's last
    // price and adds to its day's volume, whose gate is judged again (models/quote_tick_apply.h).
    // `unchanged` counts trades already in the loaded snapshot; `newestQuote` is the newest trade.
    QuoteApplyStats applyTrades(const std::vector<OptionTradeTick> &ticks, qint64 nowMs);

    // The entries shown: the owner's (showChain) or the model's own (setChain).
    const std::vector<ChainEntry> &entries() const { return *m_entries; }
    // The shown contract of that symbol, or nullptr.
    const ChainEntry *entryOf(std::string_view symbol) const;
    double underlyingPrice() const { return m_spot; }
    Column column(int section) const;
    int columnOf(ChainSide side, ChainField field) const;
    int strikeColumn() const;
    // The contract of a cell: its side's contract; on the strike column the call (else the put).
    const ChainEntry *entryAt(const QModelIndex &index) const;
    // The first cell of a contract's row and side, or an invalid index.
    QModelIndex indexOfSymbol(const QString &symbol) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // After every setChain(); the first one after clear() ends the loading state.
    void chainApplied();

private:
    // The fields a side keeps its last shown value of (the diff's "before"): Mid and Spread %
    // follow from Bid and Ask, a gate field from its gate's state, the optional fields are not
    // diffed.
    static constexpr int kCachedFields = 10;
    static constexpr int cacheSlot(int f) { return f < 2 ? f : (f >= 4 && f < 12) ? f - 2 : -1; }
    // The fields that can flash (models/flash_rule.h): Bid .. Open interest, the first seven.
    static constexpr int kFlashFields = 7;

    // What a view needs of one contract besides the contract itself (read from the entries).
    struct SideData {
        ChainEntry *entry = nullptr; // in the entries shown (no copy: loads and ticks stay cheap)
        // When each cell last flashed and which way: allocated at a side's first flash, so a
        // chain that has not ticked yet (every load) keeps no stamps.
        struct Flash {
            std::array<qint64, kFlashFields> changedAt{};
            std::array<qint8, kFlashFields> direction{};
        };
        std::unique_ptr<Flash> flash;
        // The cells' values and gate states as last shown: the diff's "before". A value is
        // known when its bit is set.
        std::array<double, kCachedFields> values{};
        std::uint16_t known = 0;
        std::uint16_t gateStates = 0; // 2 bits a gate (GateState)
        bool itm = false;
        bool pick = false;
        bool tradeable = false;

        std::optional<double> value(int f) const;
        GateState gate(int f) const;
        void setCached(int slot, std::optional<double> v) {
            values[static_cast<std::size_t>(slot)] = v.value_or(0.0);
            known = static_cast<std::uint16_t>(v ? known | (1u << slot) : known & ~(1u << slot));
        }
        GateState gateState(GateId id) const {
            return static_cast<GateState>(gateStates >> (2 * static_cast<int>(id)) & 3u);
        }
        void setGateState(GateId id, GateState g) {
            const int shift = 2 * static_cast<int>(id);
            gateStates = static_cast<std::uint16_t>((gateStates & ~(3u << shift)) |
                                                    (static_cast<unsigned>(g) << shift));
        }
        qint64 changedAt(int f) const {
            return flash && f < kFlashFields ? flash->changedAt[static_cast<std::size_t>(f)] : 0;
        }
        qint8 direction(int f) const {
            return flash && f < kFlashFields ? flash->direction[static_cast<std::size_t>(f)] : 0;
        }
        void stamp(int f, qint64 nowMs, qint8 direction) {
            if (f >= kFlashFields)
                return; // never flashes
            if (!flash)
                flash = std::make_unique<Flash>();
            flash->changedAt[static_cast<std::size_t>(f)] = nowMs;
            flash->direction[static_cast<std::size_t>(f)] = direction;
        }
    };
    static_assert(kChainFieldCount <= 32 && kGateCount <= 8);
    // A row: its strike and the sides it shows, as positions in m_sides (-1: none). Side by
    // side: call, put; flat: [0] only. The flat layout's type and symbol are read from the side.
    struct Row {
        qint64 strikeMilli = 0;
        std::array<std::int32_t, 2> sides{-1, -1};
    };
    struct RowKey {
        qint64 strikeMilli = 0;
        int typeKey = -1;        // flat layout: 0 call, 1 put
        std::string_view symbol; // flat layout only: distinguishes adjusted roots
        auto operator<=>(const RowKey &) const = default;
        bool operator==(const RowKey &) const = default;
    };
    RowKey rowKey(const Row &row, const std::vector<SideData> &sides) const;
    RowKey rowKey(const Row &row) const { return rowKey(row, m_sides); }

    // What else the pass over the entries that builds the rows reads from them, for the steps
    // after it (on a large chain each pass over the entries is a trip to memory).
    struct EntryScan {
        std::vector<std::size_t> symbolHashes; // PositionIndex::hashOf, an entry each
        ExpectedMoves moves;                   // of every entry, shown or not, at `spot`
    };
    // Rows and their sides for the entries shown, built in `rows` and `sides` (cleared first:
    // a cleared model's buffers, already paged in, can be passed), and `scan` of every entry;
    // `sideOffset` is added to every side position.
    void buildRows(double spot, const QSet<QString> &picks, std::vector<Row> &rows,
                   std::vector<SideData> &sides, EntryScan &scan,
                   std::int32_t sideOffset = 0) const;
    SideData makeSide(std::size_t i, double spot, const QSet<QString> &picks) const;
    // Values, gate states and tradeable from the side's entry: every field, or the fields that
    // read the quote (all a pushed quote can change).
    void computeValues(SideData &s) const;
    void computeQuoteValues(SideData &s) const;
    void computeTradeValues(SideData &s) const;
    // applyQuotes and applyTrades: each tick applied to its entry by `apply`, its side's cached
    // `fields` refreshed by `recompute`, the moved cells flashed and announced.
    template <typename Tick, std::size_t N, typename Apply, typename Recompute>
    QuoteApplyStats applyTicks(const std::vector<Tick> &ticks,
                               const std::array<ChainField, N> &fields, Apply apply,
                               Recompute recompute, qint64 nowMs);
    static bool isPick(const ChainEntry &entry, const QSet<QString> &picks);
    // Carries the old side's flash stamps over to `next` (the old side is replaced after).
    void diffSide(int side, SideData *next, SideData *old, qint64 nowMs,
                  std::vector<char> &changed) const;
    int boundaryRow(const std::vector<Row> &rows, double spot) const;
    const SideData *sideAt(const Row &row, const Column &col) const;
    SideData *side(std::int32_t i) {
        return i < 0 ? nullptr : &m_sides[static_cast<std::size_t>(i)];
    }
    const SideData *side(std::int32_t i) const {
        return i < 0 ? nullptr : &m_sides[static_cast<std::size_t>(i)];
    }
    ChainFigures figuresOf(const ChainEntry &e) const;
    double strikeOf(const Row &row) const;
    void rebuild();
    void indexSymbols(std::span<const std::size_t> symbolHashes);
    void emitChangedRuns(int row, const std::vector<char> &changed);
    void emitRowMasks(std::vector<std::pair<int, std::uint64_t>> &rowMasks, QuoteApplyStats &stats);

    Layout m_layout = Layout::SideBySide;
    std::vector<ChainEntry> m_owned;               // setChain()'s entries
    std::vector<ChainEntry> *m_entries = &m_owned; // the entries shown: m_owned or the owner's
    QSet<QString> m_picks;
    std::vector<Row> m_rows;
    std::vector<SideData> m_sides; // every contract shown, in the entries' order (buildRows)
    double m_spot = 0.0;
    int m_boundaryRow = -1;
    // The optional columns' figures are written when shown, from the last load's spot and time.
    ExpectedMoves m_moves;
    Timestamp m_figuresAt{};
    bool m_figuresShown = false;
    // Symbol (viewing the entry's) -> its position in the entries indexed: one hash per tick,
    // then plain indexing. Rebuilt whenever the entries or rows change shape; a lookup while a
    // new chain is being merged still sees the entries indexed before.
    PositionIndex m_index;
    ChainEntry *m_indexed = nullptr;
    std::string_view symbolAt(std::size_t i) const { return m_indexed[i].contract.symbol; }
    std::optional<std::uint32_t> findSymbol(std::string_view symbol) const {
        return m_index.find(symbol, [this](std::size_t i) { return symbolAt(i); });
    }
    // Where each indexed entry is shown: row * 2 + side, or -1 (an adjusted root hidden behind
    // the standard one in the side-by-side layout, still kept in step with its ticks).
    std::vector<std::int32_t> m_locations;
};

} // namespace cg::models
