#pragma once
// The option chain of one expiry as a table: calls | strike | puts side by side (the call
// columns mirrored so that bid and ask sit next to the strike), or a flat list with one row per
// contract. Replacing the chain emits dataChanged for the changed cells only, in the smallest
// ranges (one per run of adjacent changed columns in a row); rows are inserted or removed only
// when the set of strikes changes. Pushed quotes take a faster path (applyQuotes): a symbol
// lookup, the changed cells of that contract only, no rebuild.

#include "broker/quote_stream.h"
#include "domain/gates.h"
#include "models/chain_entry.h"
#include "models/chain_field.h"
#include "models/chain_roles.h"

#include <QAbstractTableModel>
#include <QSet>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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

    // `nowMs` stamps the cells whose value changed (ChangedAtRole), for the flash.
    void setChain(std::vector<ChainEntry> entries, double underlyingPrice,
                  const QSet<QString> &pickSymbols, qint64 nowMs);
    void clear();

    struct QuoteApplyStats {
        int applied = 0;   // ticks of contracts in the chain that changed a bid, ask or size
        int unchanged = 0; // ticks of contracts in the chain that repeated the shown quote
        int unknown = 0;   // ticks of symbols not in the chain (another expiry, a late tick)
        int cells = 0;     // cells reported by dataChanged
        int ranges = 0;    // dataChanged emissions
        bool tradeableChanged = false; // some contract started or stopped passing all gates
    };
    // Pushed quotes: each ticked contract's quote replaced, its quote and spread gates judged
    // again (for that contract only), the flash stamped with `nowMs`, and dataChanged emitted for
    // the cells whose value or gate state changed. No structure change, no rebuild.
    QuoteApplyStats applyQuotes(const std::vector<OptionQuoteTick> &ticks,
                                const GateThresholds &thresholds, qint64 nowMs);

    const std::vector<ChainEntry> &entries() const { return m_entries; }
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
    struct SideData {
        const ChainEntry *entry = nullptr; // in m_entries (no copy: loads and ticks stay cheap)
        std::size_t entryIndex = 0;        // of `entry` in m_entries
        QString symbol;
        std::array<std::optional<double>, kChainFieldCount> values{};
        std::array<GateState, kChainFieldCount> gates{};
        std::array<qint64, kChainFieldCount> changedAt{};
        std::array<qint8, kChainFieldCount> direction{};
        bool itm = false;
        bool pick = false;
        bool tradeable = false;
    };
    struct Row {
        qint64 strikeMilli = 0;
        int typeKey = -1;        // flat layout: 0 call, 1 put
        std::string_view symbol; // flat layout only: distinguishes adjusted roots (in m_entries)
        double strike = 0.0;
        std::array<std::optional<SideData>, 2> sides; // side by side: call, put; flat: [0]
        bool sameKey(const Row &o) const;
        bool keyLess(const Row &o) const;
    };

    // Where a contract lives: its m_entries index, and its row and side when shown (row -1: an
    // adjusted root hidden behind the standard one in the side-by-side layout).
    struct Location {
        std::size_t entry = 0;
        int row = -1;
        int side = 0;
    };

    std::vector<Row> buildRows(const std::vector<ChainEntry> &entries, double spot,
                               const QSet<QString> &picks) const;
    static SideData makeSide(const std::vector<ChainEntry> &entries, std::size_t i, double spot,
                             const QSet<QString> &picks);
    // Values, gate states and tradeable from the side's entry.
    static void computeValues(SideData &s);
    void applyStructure(std::vector<Row> &next);
    void diffSide(int side, std::optional<SideData> &next, const std::optional<SideData> &old,
                  qint64 nowMs, std::vector<char> &changed) const;
    int boundaryRow(const std::vector<Row> &rows, double spot) const;
    const SideData *sideAt(const Row &row, const Column &col) const;
    void rebuild();
    void indexSymbols();
    void emitChangedRuns(int row, const std::vector<char> &changed, QuoteApplyStats *stats);
    void emitRowMasks(std::vector<std::pair<int, std::uint64_t>> &rowMasks, QuoteApplyStats &stats);

    Layout m_layout = Layout::SideBySide;
    std::vector<ChainEntry> m_entries;
    QSet<QString> m_picks;
    std::vector<Row> m_rows;
    double m_spot = 0.0;
    int m_boundaryRow = -1;
    // Keys view the symbols in m_entries; rebuilt whenever m_entries or m_rows change shape.
    std::unordered_map<std::string_view, Location> m_locations;
};

} // namespace cg::models
