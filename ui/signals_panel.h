#pragma once
// The Signals dock: the signal queue from the database (pending, claimed, done, failed) with the
// decision each led to, a form to add one (symbol, CALL/PUT/BUY/SELL, strategy), and Dispatch
// now for the selected pending signal (a ticket in Manual mode, an order or fallback in Auto).

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace cg::models {
class TradingSession;
}

namespace cg::ui {

class SignalsPanel : public QWidget {
    Q_OBJECT
public:
    explicit SignalsPanel(models::TradingSession &session, QWidget *parent = nullptr);

    QLineEdit *symbolEdit() const { return m_symbol; }
    QComboBox *actionCombo() const { return m_action; }
    QComboBox *strategyCombo() const { return m_strategy; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *dispatchButton() const { return m_dispatch; }
    QTableView *view() const { return m_view; }

    // The signal shown selected (0: none); selects it when it is listed.
    qint64 selectedSignalId() const;
    bool selectSignal(qint64 id);

    void addSignal();
    void dispatchSelected();

private:
    void onReloaded();
    void updateButtons();
    void showError(const QString &text);

    models::TradingSession &m_session;
    QLineEdit *m_symbol;
    QComboBox *m_action;
    QComboBox *m_strategy;
    QPushButton *m_add;
    QComboBox *m_filter;
    QPushButton *m_dispatch;
    QLabel *m_counts;
    QLabel *m_error;
    QTableView *m_view;
    QSortFilterProxyModel *m_proxy;
    qint64 m_keepSelected = 0;
};

} // namespace cg::ui
