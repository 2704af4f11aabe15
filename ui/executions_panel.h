#pragma once
// The Executions dock: every recorded decision from the database, filtered by date range, symbol
// and mode; the selected row told as a readable decision (gates, prices, greeks, sizing, why);
// the filtered rows exported as CSV (the same columns as `chaingate-cli executions --csv`).

#include "domain/result.h"

#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTextBrowser;

namespace cg::models {
class ExecutionFilterProxyModel;
class ExecutionsModel;
} // namespace cg::models

namespace cg::ui {

class TradingTableView;

class ExecutionsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExecutionsPanel(models::ExecutionsModel *model, QWidget *parent = nullptr);

    models::ExecutionFilterProxyModel *proxy() const { return m_proxy; }
    TradingTableView *table() const { return m_table; }
    QTextBrowser *explanation() const { return m_explanation; }
    QDateEdit *fromEdit() const { return m_from; }
    QDateEdit *toEdit() const { return m_to; }
    QLineEdit *symbolEdit() const { return m_symbol; }
    QComboBox *modeCombo() const { return m_mode; }
    QLabel *countLabel() const { return m_count; }

    // Writes the rows the filters show; the number written. exportCsv() asks for the file.
    Result<int> exportCsvTo(const QString &path) const;

public Q_SLOTS:
    void exportCsv();
    void clearFilters();

private:
    void applyFilters();
    void showSelected();
    void updateCount();

    models::ExecutionsModel *m_model;
    models::ExecutionFilterProxyModel *m_proxy;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QLineEdit *m_symbol = nullptr;
    QComboBox *m_mode = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_export = nullptr;
    TradingTableView *m_table = nullptr;
    QTextBrowser *m_explanation = nullptr;
};

} // namespace cg::ui
