#pragma once
// Open positions, by symbol: quantity, average entry price, current price, market value and
// unrealized P&L. A poll changes only the cells that moved.

#include "domain/account.h"
#include "models/keyed_table_model.h"

namespace cg::models {

class PositionsModel : public KeyedTableModel<Position> {
    Q_OBJECT
public:
    enum Column {
        Symbol,
        AssetClass,
        Qty,
        AvgPrice,
        CurrentPrice,
        MarketValue,
        Pnl,
        PnlPct,
        Count
    };

    explicit PositionsModel(QObject *parent = nullptr);

    void setPositions(std::vector<Position> positions);
    double totalUnrealizedPl() const;

    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    int columns() const override { return Count; }
    QString keyOf(const Position &p) const override { return QString::fromStdString(p.symbol); }
    QVariant cell(const Position &p, int column, int role) const override;
};

} // namespace cg::models
