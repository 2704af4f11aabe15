#pragma once
// Order history: the broker's closed orders, newest first, a page at a time ("Load older"),
// with fills, average fill price, debit/credit and the realized P&L of each closing order, and
// the total. A line under the table gives the FEE activities' total of that period and the
// realized P&L net of it (Alpaca's order has no fee field).

#include "domain/quote.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;

namespace cg {
class Broker;
}
namespace cg::models {
class OrderHistoryModel;
}

namespace cg::ui {

class TradingTableView;

class OrderHistoryPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kPageSize = 100;

    explicit OrderHistoryPanel(Broker &broker, QWidget *parent = nullptr);

    models::OrderHistoryModel *model() const { return m_model; }
    TradingTableView *table() const { return m_table; }
    QLabel *summaryLabel() const { return m_summary; }
    QLabel *feesLabel() const { return m_fees; }
    QPushButton *olderButton() const { return m_older; }

    // The newest page again (what the history shows is replaced); then older pages on demand.
    void reload();
    void loadOlder();

Q_SIGNALS:
    void loaded();

private:
    // One page: the newest (replacing what is shown) or the one before `until` (added).
    void fetch(std::optional<Timestamp> until);
    void showSummary();
    // The FEE activities since the oldest order read (Alpaca's orders carry no fee).
    void fetchFees();
    void showFees();

    Broker &m_broker;
    models::OrderHistoryModel *m_model = nullptr;
    TradingTableView *m_table = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_fees = nullptr;
    QPushButton *m_refresh = nullptr;
    QPushButton *m_older = nullptr;
    bool m_loading = false;
    bool m_exhausted = false;
    QString m_error;
    QString m_feeError;
};

} // namespace cg::ui
