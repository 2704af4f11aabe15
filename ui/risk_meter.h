#pragma once
// The risk-budget meter: orders today against the daily maximum, the largest order's notional
// against the per-order maximum (with today's total), and the daily P&L against the maximum
// daily loss. Each a caption over a thin bar turning amber, then red, as it fills.

#include <QWidget>

class QLabel;
class QProgressBar;

namespace cg::models {
struct RiskBudget;
}

namespace cg::ui {

class RiskMeter : public QWidget {
    Q_OBJECT
public:
    explicit RiskMeter(QWidget *parent = nullptr);

    void setBudget(const models::RiskBudget &budget);
    QLabel *ordersLabel() const { return m_orders; }
    QLabel *notionalLabel() const { return m_notional; }
    QLabel *pnlLabel() const { return m_pnl; }

private:
    QLabel *m_orders;
    QLabel *m_notional;
    QLabel *m_pnl;
    QProgressBar *m_ordersBar;
    QProgressBar *m_notionalBar;
    QProgressBar *m_pnlBar;
};

} // namespace cg::ui
