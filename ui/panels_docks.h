#pragma once
// The account, orders, positions, executions and metrics panels of the window, in one place:
// shows the models of the ConsoleSession (which builds and refreshes them), reads the records
// again while they are shown, and adds the account bar, the docks (tabbed at the bottom) and
// their menu entries to the main window, and File > Settings (saved settings apply to the
// session at once). main.cpp installs them after the window.

#include "config/app_config.h"

#include <QObject>
#include <QTimer>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace cg::models {
class AccountModel;
class BrokerRefresher;
class ConsoleSession;
class ExecutionsModel;
class OrdersModel;
class PositionsModel;
} // namespace cg::models

namespace cg::keychain {
class AlpacaKeychain;
}

namespace cg::ui {

using keychain::AlpacaKeychain;

class AccountBar;
class ExecutionsPanel;
class MetricsPanel;
class TradingTableView;

class TradingPanels : public QObject {
    Q_OBJECT
public:
    struct Options {
        int executionsPollMs = 5000; // new decisions and order updates in the database
    };

    // The session must outlive the panels.
    TradingPanels(QMainWindow *window, models::ConsoleSession &session, Options options,
                  QObject *parent = nullptr);
    TradingPanels(QMainWindow *window, models::ConsoleSession &session);
    ~TradingPanels() override;

    models::AccountModel *accountModel() const { return m_account; }
    models::PositionsModel *positionsModel() const { return m_positions; }
    models::OrdersModel *ordersModel() const { return m_orders; }
    models::ExecutionsModel *executionsModel() const { return m_executions; }
    models::BrokerRefresher *refresher() const { return m_refresher; }
    AccountBar *accountBar() const { return m_accountBar; }
    ExecutionsPanel *executionsPanel() const { return m_executionsPanel; }
    MetricsPanel *metricsPanel() const { return m_metricsPanel; }
    TradingTableView *positionsTable() const { return m_positionsTable; }
    TradingTableView *ordersTable() const { return m_ordersTable; }
    QDockWidget *positionsDock() const { return m_positionsDock; }
    QDockWidget *ordersDock() const { return m_ordersDock; }
    QDockWidget *executionsDock() const { return m_executionsDock; }
    QDockWidget *metricsDock() const { return m_metricsDock; }
    QAction *settingsAction() const { return m_settingsAction; }

public Q_SLOTS:
    // Everything now: the broker, the executions and the metrics.
    void refreshAll();
    // File > Settings...: the settings dialog over the GUI's settings file.
    void openSettings();

Q_SIGNALS:
    // The settings dialog saved a valid config (its dispatcher settings already applied).
    void settingsSaved(const cg::config::AppConfig &config);

private:
    QDockWidget *addDock(const QString &title, const QString &objectName, QWidget *content);
    void addMenuEntries();
    void reloadExecutions();

    QMainWindow *m_window;
    models::ConsoleSession &m_session;
    Options m_options;
    models::AccountModel *m_account;
    models::PositionsModel *m_positions;
    models::OrdersModel *m_orders;
    models::ExecutionsModel *m_executions;
    models::BrokerRefresher *m_refresher;
    AccountBar *m_accountBar = nullptr;
    ExecutionsPanel *m_executionsPanel = nullptr;
    MetricsPanel *m_metricsPanel = nullptr;
    TradingTableView *m_positionsTable = nullptr;
    TradingTableView *m_ordersTable = nullptr;
    QDockWidget *m_positionsDock = nullptr;
    QDockWidget *m_ordersDock = nullptr;
    QDockWidget *m_executionsDock = nullptr;
    QDockWidget *m_metricsDock = nullptr;
    AlpacaKeychain *m_keychain;
    QAction *m_settingsAction = nullptr;
    QTimer m_executionsTimer;
};

// main.cpp's one line: the panels, parented to the window, before the window is first shown
// (MainWindow restores the saved layout of every dock then).
TradingPanels *installTradingPanels(QMainWindow &window, models::ConsoleSession &session);

} // namespace cg::ui
