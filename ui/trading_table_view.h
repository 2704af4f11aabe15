#pragma once
// The look shared by the Positions, Orders and Executions tables: compact rows, whole-row
// selection, sortable columns sized to their content once the first rows arrive.

#include <QTableView>

namespace cg::ui {

class TradingTableView : public QTableView {
    Q_OBJECT
public:
    explicit TradingTableView(QWidget *parent = nullptr);
    void setModel(QAbstractItemModel *model) override;
    // Shown in the empty table ("No open positions"), so empty never looks broken.
    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholder; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void fitColumnsOnce();
    bool m_fitted = false;
    QString m_placeholder;
};

} // namespace cg::ui
