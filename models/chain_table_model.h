#pragma once
// The option chain of one expiry as a table: calls | strike | puts side by side (the call
// columns mirrored so that bid and ask sit next to the strike), or a flat list with one row per
// contract. Replacing the chain emits dataChanged for the changed cells only, in the smallest
// ranges (one per run of adjacent changed columns in a row); rows are inserted or removed only
// when the set of strikes changes.

#include "models/chain_entry.h"
#include "models/chain_field.h"
#include "models/chain_roles.h"

#include <QAbstractTableModel>
#include <QSet>

#include <array>
#include <optional>
#include <string>
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
        ChainEntry entry;
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
        int typeKey = -1;   // flat layout: 0 call, 1 put
        std::string symbol; // flat layout only: distinguishes adjusted roots
        double strike = 0.0;
        std::array<std::optional<SideData>, 2> sides; // side by side: call, put; flat: [0]
        bool sameKey(const Row &o) const;
        bool keyLess(const Row &o) const;
    };

    std::vector<Row> buildRows(const std::vector<ChainEntry> &entries, double spot,
                               const QSet<QString> &picks) const;
    static SideData makeSide(const ChainEntry &e, double spot, const QSet<QString> &picks);
    void applyStructure(std::vector<Row> &next);
    void diffSide(int side, std::optional<SideData> &next, const std::optional<SideData> &old,
                  qint64 nowMs, std::vector<char> &changed) const;
    int boundaryRow(const std::vector<Row> &rows, double spot) const;
    const SideData *sideAt(const Row &row, const Column &col) const;
    void rebuild();

    Layout m_layout = Layout::SideBySide;
    std::vector<ChainEntry> m_entries;
    QSet<QString> m_picks;
    std::vector<Row> m_rows;
    double m_spot = 0.0;
    int m_boundaryRow = -1;
};

} // namespace cg::models
