#include "models/positions_model.h"

#include "models/display_format.h"

#include <algorithm>

namespace cg::models {

PositionsModel::PositionsModel(QObject *parent)
    : KeyedTableModel<Position>(parent) {}

void PositionsModel::setPositions(std::vector<Position> positions) {
    std::sort(positions.begin(), positions.end(),
              [](const Position &a, const Position &b) { return a.symbol < b.symbol; });
    applyRows(std::move(positions));
}

double PositionsModel::totalUnrealizedPl() const {
    double sum = 0.0;
    for (const Position &p : m_rows)
        sum += p.unrealizedPl;
    return sum;
}

QVariant PositionsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Symbol:
        return tr("Symbol");
    case AssetClass:
        return tr("Class");
    case Qty:
        return tr("Qty");
    case AvgPrice:
        return tr("Avg price");
    case CurrentPrice:
        return tr("Price");
    case MarketValue:
        return tr("Market value");
    case Pnl:
        return tr("Unrealized P&L");
    case PnlPct:
        return tr("P&L %");
    default:
        return {};
    }
}

QVariant PositionsModel::cell(const Position &p, int column, int role) const {
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Symbol:
            return QString::fromStdString(p.symbol);
        case AssetClass:
            return p.assetClass == "us_option"   ? tr("Option")
                   : p.assetClass == "us_equity" ? tr("Stock")
                                                 : QString::fromStdString(p.assetClass);
        case Qty:
            return quantityText(p.qty);
        case AvgPrice:
            return priceText(p.avgEntryPrice);
        case CurrentPrice:
            return priceText(p.currentPrice);
        case MarketValue:
            return moneyText(p.marketValue);
        case Pnl:
            return signedMoneyText(p.unrealizedPl);
        case PnlPct:
            // Alpaca sends the fraction (0.012 = 1.2 %).
            return signedPercentText(p.unrealizedPlPct * 100.0);
        default:
            return {};
        }
    }
    if (role == kValueRole) {
        switch (column) {
        case Qty:
            return p.qty;
        case AvgPrice:
            return p.avgEntryPrice;
        case CurrentPrice:
            return p.currentPrice;
        case MarketValue:
            return p.marketValue;
        case Pnl:
            return p.unrealizedPl;
        case PnlPct:
            return p.unrealizedPlPct;
        default:
            return cell(p, column, Qt::DisplayRole);
        }
    }
    if (role == Qt::ForegroundRole && (column == Pnl || column == PnlPct)) {
        if (const auto c = pnlColor(p.unrealizedPl))
            return *c;
        return {};
    }
    if (role == Qt::TextAlignmentRole)
        return column <= AssetClass ? int(Qt::AlignLeft | Qt::AlignVCenter)
                                    : int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace cg::models
