#pragma once
// The console window: toolbar (mode badge, symbol, strategy, refresh), expiry tabs, the chain
// (or the state page: loading, no symbol, not found, error), the contract detail and expiry
// charts docks, and a status bar with the quote age. Talks to the market only through the
// ChainSession it shows (built by ConsoleSession, or by a test).

#include "domain/clock.h"
#include "domain/trading_mode.h"
#include "models/chain_session.h"

#include <QMainWindow>
#include <QTimer>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QSpinBox;
class QStackedWidget;
class QStringListModel;
class QTabBar;

namespace cg::models {
class PassingFilterProxyModel;
class StrikeWindowProxyModel;
} // namespace cg::models

namespace cg::ui {

class ChainView;
class ContractDetailPanel;
class ExpiryChartsPanel;
class StatePage;
class UnderlyingChartPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        bool persist = true;   // read and write QSettings (tests turn it off)
        int staleSeconds = 15; // quote age that turns the status warning colour
        double rate = 0.04;    // risk-free rate for the payoff chart
    };

    // The session must outlive the window.
    MainWindow(models::ChainSession &session, const Clock &clock, TradingMode mode, Options options,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    void setSymbolSuggestions(const QStringList &symbols);
    void openSymbol(const QString &symbol);
    // 0 turns auto-refresh off.
    void setAutoRefreshSeconds(int seconds);

    models::ChainSession *session() const { return m_session; }
    ChainView *chainView() const { return m_view; }
    StatePage *statePage() const { return m_statePage; }
    ContractDetailPanel *detailPanel() const { return m_detail; }
    ExpiryChartsPanel *chartsPanel() const { return m_charts; }
    UnderlyingChartPanel *underlyingPanel() const { return m_underlying; }
    QDockWidget *underlyingDock() const { return m_underlyingDock; }
    QLineEdit *symbolEdit() const { return m_symbol; }
    QAction *passingOnlyAction() const { return m_passing; }
    QTabBar *expiryTabs() const { return m_expiryTabs; }
    QLabel *quoteAgeLabel() const { return m_quoteAge; }
    bool isShowingChain() const;
    // Selects a contract's first cell in the view (and so shows it in the detail dock).
    bool selectSymbol(const QString &symbol);
    // The contract the detail dock shows and Ctrl+T opens: the trader's last choice.
    QString selectedSymbol() const { return m_selectedSymbol; }
    // View > Reset layout: every dock back in its first-start place and size, shown.
    void resetLayout();

Q_SIGNALS:
    // Ctrl+T on a contract: TradingDocks proposes an order for its underlying and side.
    void ticketRequested(const QString &optionSymbol);

protected:
    void closeEvent(QCloseEvent *event) override;
    // The first show restores the saved dock layout: every dock exists by then.
    void showEvent(QShowEvent *event) override;
    void childEvent(QChildEvent *event) override;

private:
    void buildActions();
    void buildToolBar();
    void buildCentral();
    void buildDocks();
    void buildMenus();
    void buildStatusBar();
    void restoreSettings();
    void listDocks();
    void applyDefaultDockSizes();
    void saveSettings();

    void onStateChanged();
    void onUpdated();
    void rebuildExpiryTabs();
    void syncExpiryTab();
    void updateDetail();
    void updatePickLabel();
    void updateQuoteAge();
    void updateSummary();
    void setFlatLayout(bool flat);
    void onCurrentCellChanged(const QModelIndex &current);
    void reselectQuietly();
    void stepExpiry(int delta);
    void scrollToMoney();
    void openTicket();
    QModelIndex toSource(const QModelIndex &viewIndex) const;

    const Clock &m_clock;
    TradingMode m_mode;
    Options m_options;
    models::ChainSession *m_session;
    models::StrikeWindowProxyModel *m_window;
    models::PassingFilterProxyModel *m_filter;

    ChainView *m_view = nullptr;
    StatePage *m_statePage = nullptr;
    QStackedWidget *m_stack = nullptr;
    QTabBar *m_expiryTabs = nullptr;
    QLabel *m_callsLabel = nullptr;
    QLabel *m_priceLabel = nullptr;
    QLabel *m_putsLabel = nullptr;
    QLineEdit *m_symbol = nullptr;
    QStringListModel *m_suggestions = nullptr;
    QComboBox *m_strategy = nullptr;
    QSpinBox *m_interval = nullptr;
    QSpinBox *m_strikes = nullptr;
    ContractDetailPanel *m_detail = nullptr;
    ExpiryChartsPanel *m_charts = nullptr;
    QDockWidget *m_detailDock = nullptr;
    QDockWidget *m_chartsDock = nullptr;
    UnderlyingChartPanel *m_underlying = nullptr;
    QDockWidget *m_underlyingDock = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_pickLabel = nullptr;
    QLabel *m_quoteAge = nullptr;
    QProgressBar *m_busy = nullptr;

    QAction *m_refresh = nullptr;
    QAction *m_auto = nullptr;
    QAction *m_passing = nullptr;
    QAction *m_flat = nullptr;
    QAction *m_ticket = nullptr;
    QAction *m_nextExpiry = nullptr;
    QAction *m_prevExpiry = nullptr;
    QAction *m_focusSymbol = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_resetLayout = nullptr;
    QAction *m_docksEnd = nullptr; // the View menu's docks end before this separator
    QMenu *m_viewMenu = nullptr;
    QList<QAction *> m_dockActions;
    QByteArray m_defaultState; // the first-start layout, for Reset layout
    bool m_layoutSettled = false;
    bool m_tabBarsPending = false; // a pass over the dock tab bars is queued (childEvent)

    QTimer m_ageTimer;
    QString m_selectedSymbol;
    bool m_rowsLeaving = false;    // the proxy is removing rows: its current-cell moves are Qt's
    bool m_currentLeaving = false; // ... and the current cell's row is among them
    bool m_rebuildingTabs = false;
    bool m_selectOnLoad = true;
    QByteArray m_headerState[2]; // side by side, flat
};

} // namespace cg::ui
