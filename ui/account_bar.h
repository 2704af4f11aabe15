#pragma once
// The account at a glance, on the right of the toolbar: equity, buying power, options buying
// power and the day's P&L, kept current by the BrokerRefresher; a warning in place of the figures
// while the broker does not answer.

#include <QWidget>

class QLabel;

namespace cg::models {
class AccountModel;
class BrokerRefresher;
} // namespace cg::models

namespace cg::ui {

class AccountBar : public QWidget {
    Q_OBJECT
public:
    AccountBar(models::AccountModel *model, models::BrokerRefresher *refresher,
               QWidget *parent = nullptr);

    QLabel *equityLabel() const { return m_equity; }
    QLabel *buyingPowerLabel() const { return m_buyingPower; }
    QLabel *optionsBuyingPowerLabel() const { return m_optionsBp; }
    QLabel *dayPnlLabel() const { return m_dayPnl; }
    QLabel *errorLabel() const { return m_error; }

private:
    void update();
    QLabel *addFigure(const QString &caption, const QString &objectName);

    models::AccountModel *m_model;
    models::BrokerRefresher *m_refresher;
    QLabel *m_equity = nullptr;
    QLabel *m_buyingPower = nullptr;
    QLabel *m_optionsBp = nullptr;
    QLabel *m_dayPnl = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace cg::ui
