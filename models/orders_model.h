#pragma once
// The broker's recent orders, newest first, with their live status. Each poll replaces the list;
// only orders that arrived or left are inserted or removed, and only changed cells (a status, a
// filled quantity, a fill price) emit dataChanged.

#include "domain/account.h"
#include "models/keyed_table_model.h"

#include <functional>
#include <optional>

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
        FromMid, // a working limit against the live mid: "+0.03" (a buy 3 cents above it)
        ClientOrderId,
        Count
    };

    explicit OrdersModel(QObject *parent = nullptr);

    void setOrders(std::vector<Order> orders);
    // The live mid of a contract, when the window has its quote (the chain shown); the From mid
    // column reads it, refreshMarks() repaints that column as quotes move.
    using MarkLookup = std::function<std::optional<double>(const std::string &symbol)>;
    void setMarkLookup(MarkLookup lookup) { m_marks = std::move(lookup); }
    void refreshMarks();
    // limit - mid of a working limit order, nullopt when not working or no mid is known.
    std::optional<double> distanceFromMid(const Order &o) const;

    // "Partially filled" for partially_filled; Alpaca's status words made readable.
    static QString statusText(const std::string &status);

    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    int columns() const override { return Count; }
    QString keyOf(const Order &o) const override { return QString::fromStdString(o.id); }
    QVariant cell(const Order &o, int column, int role) const override;

private:
    MarkLookup m_marks;
};

} // namespace cg::models
