#pragma once
// The broker's recent orders, newest first, with their live status. Each poll replaces the list;
// only orders that arrived or left are inserted or removed, and only changed cells (a status, a
// filled quantity, a fill price) emit dataChanged.

#include "domain/account.h"
#include "models/keyed_table_model.h"

namespace cg::models {

class OrdersModel : public KeyedTableModel<Order> {
    Q_OBJECT
public:
    enum Column {
        Submitted,
        Symbol,
        Side,
        Qty,
        Filled,
        Type,
        Limit,
        AvgFill,
        Status,
        ClientOrderId,
        Count
    };

    explicit OrdersModel(QObject *parent = nullptr);

    void setOrders(std::vector<Order> orders);
    // "Partially filled" for partially_filled; Alpaca's status words made readable.
    static QString statusText(const std::string &status);

    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    int columns() const override { return Count; }
    QString keyOf(const Order &o) const override { return QString::fromStdString(o.id); }
    QVariant cell(const Order &o, int column, int role) const override;
};

} // namespace cg::models
