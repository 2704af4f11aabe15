#pragma once
// Closed orders (Alpaca GET /v2/orders?status=closed, read page by page, newest first) with
// their fills, average fill price, what changed hands and the realized P&L of each closing
// order: FIFO against the opening fills of the same symbol in the history read (an opening
// older than the pages read is not guessed: that order's P&L shows as unknown).
// Fees: Alpaca's order carries no fee field; regulatory fees (ORF, OCC, TAF) are booked as FEE
// account activities, and a non-trade activity has no order_id (only symbol and date, and one
// day may hold several orders of a symbol), so they are not tied to orders: the model sums the
// FEE activities of the period read and gives the realized P&L net of them.

#include "domain/account.h"
#include "domain/account_activity.h"
#include "domain/realized_pnl.h"

#include <QAbstractTableModel>

#include <vector>

namespace cg::models {

class OrderHistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        FilledAt,
        Symbol,
        Side,
        Intent,
        Type,
        Filled,
        AvgFill,
        Value,
        Realized,
        Status,
        Count
    };

    explicit OrderHistoryModel(QObject *parent = nullptr);

    // The pages read so far (any order; duplicates by id are dropped), newest first.
    void setOrders(std::vector<Order> orders);
    void addOlder(std::vector<Order> page);
    const std::vector<Order> &orders() const { return m_orders; }
    const Order *orderAt(int row) const;
    // The oldest submission time read: the next page ends before it.
    std::optional<Timestamp> oldestSubmitted() const;

    // Realized P&L of closing order `row`; nullopt for an opening order, or when part of what
    // it closed was opened before the history read.
    std::optional<double> realizedAt(int row) const;
    double totalRealized() const { return m_totalRealized; }
    int closingOrders() const { return m_closing; }
    int unknownCloses() const { return m_unknown; } // closes whose opening is not in the pages

    // The FEE activities of the period the pages cover (others and canceled ones are ignored);
    // nullopt fees until they are read.
    void setFeeActivities(const std::vector<Activity> &activities);
    std::optional<double> totalFees() const { return m_fees; } // dollars charged, positive
    int feeActivities() const { return m_feeCount; }
    std::optional<double> realizedNetOfFees() const {
        return m_fees ? std::optional<double>(m_totalRealized - *m_fees) : std::nullopt;
    }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void recompute();

    std::vector<Order> m_orders;    // newest first
    std::vector<RealizedPnl> m_pnl; // by row
    double m_totalRealized = 0.0;
    int m_closing = 0;
    int m_unknown = 0;
    std::optional<double> m_fees;
    int m_feeCount = 0;
};

// Contracts are 100 shares, stocks 1: what a fill's price is multiplied by.
double multiplierOf(const std::string &symbol);

} // namespace cg::models
