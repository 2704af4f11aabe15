#include "ui/panels_docks.h"

#include "config/config_store.h"
#include "keychain/alpaca_keychain.h"
#include "models/account_model.h"
#include "models/broker_refresher.h"
#include "models/console_session.h"
#include "models/executions_model.h"
#include "models/orders_model.h"
#include "models/positions_model.h"
#include "ui/account_bar.h"
#include "ui/executions_panel.h"
#include "ui/header_fit.h"
#include "ui/metrics_panel.h"
#include "ui/settings_dialog.h"
#include "ui/trading_table_view.h"

#include <QAction>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QScrollArea>
#include <QSettings>
#include <QToolBar>
#include <QVBoxLayout>

namespace cg::ui {

using namespace cg::models;

TradingPanels::TradingPanels(QMainWindow *window, ConsoleSession &session)
    : TradingPanels(window, session, Options{}) {}

TradingPanels::TradingPanels(QMainWindow *window, ConsoleSession &session, Options options,
                             QObject *parent)
    : QObject(parent ? parent : window)
    , m_window(window)
    , m_session(session)
    , m_options(options)
    , m_account(session.accountModel())
    , m_positions(session.positionsModel())
    , m_orders(session.ordersModel())
    , m_executions(session.executionsModel())
    , m_refresher(session.refresher())
    , m_keychain(new AlpacaKeychain(QStringLiteral("ChainGate"), this)) {
    setObjectName(QStringLiteral("tradingPanels"));

    // The account bar sits on its own toolbar at the right of the main one.
    m_accountBar = new AccountBar(m_account, m_refresher, window);
    auto *bar = new QToolBar(tr("Account"), window);
    bar->setObjectName(QStringLiteral("accountToolBar"));
    bar->setMovable(false);
    bar->addWidget(m_accountBar);
    window->addToolBar(Qt::TopToolBarArea, bar);

    m_positionsTable = new TradingTableView(window);
    m_positionsTable->setObjectName(QStringLiteral("positionsTable"));
    m_positionsTable->setModel(m_positions);
    m_positionsTable->sortByColumn(PositionsModel::Symbol, Qt::AscendingOrder);
    m_positionsTable->setPlaceholderText(tr("No open positions"));
    m_ordersTable = new TradingTableView(window);
    m_ordersTable->setObjectName(QStringLiteral("ordersTable"));
    m_ordersTable->setModel(m_orders);
    m_ordersTable->setSortingEnabled(false); // newest first, as the broker lists them
    m_ordersTable->setPlaceholderText(tr("No orders yet"));
    keepTitlesReadable(m_positionsTable->horizontalHeader());
    keepTitlesReadable(m_ordersTable->horizontalHeader());
    // An empty table must not claim "no positions" while the broker is not answering.
    // The session may have started before the panels: its current error counts too.
    // Each table by its own list's answer: the orders failing leaves "No open positions" true.
    const auto showBrokerError = [this] {
        const QString positions = m_refresher->positionsError();
        const QString orders = m_refresher->ordersError();
        m_positionsTable->setPlaceholderText(
            positions.isEmpty()
                ? tr("No open positions")
                : tr("Positions unavailable, the broker did not answer: %1").arg(positions));
        m_ordersTable->setPlaceholderText(
            orders.isEmpty() ? tr("No orders yet")
                             : tr("Orders unavailable, the broker did not answer: %1").arg(orders));
    };
    connect(m_refresher, &BrokerRefresher::errorChanged, this, showBrokerError);
    showBrokerError();
    m_executionsPanel = new ExecutionsPanel(m_executions, window);
    m_metricsPanel = new MetricsPanel(&session.store(), session.clock(), window);
    m_metricsPanel->setStoreWorker(session.storeWorker());
    // Charts need room; in a cramped dock they scroll rather than push the window off screen.
    auto *metricsScroll = new QScrollArea(window);
    metricsScroll->setWidget(m_metricsPanel);
    metricsScroll->setWidgetResizable(true);
    metricsScroll->setFrameShape(QFrame::NoFrame);

    // Totals per underlying and for the portfolio, under the table; the columns a 1600 px
    // window has no room for are hidden and the header's menu shows them.
    auto *positionsBox = new QWidget(window);
    auto *positionsLayout = new QVBoxLayout(positionsBox);
    positionsLayout->setContentsMargins(0, 0, 0, 0);
    positionsLayout->setSpacing(2);
    positionsLayout->addWidget(m_positionsTable);
    auto *totals = new QLabel(positionsBox);
    totals->setObjectName(QStringLiteral("positionsTotals"));
    totals->setWordWrap(true);
    totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    totals->setToolTip(tr("Sums of the rows above. Day P&L is value now minus value at the "
                          "previous close, the account bar's definition; the account's figure "
                          "also holds cash and positions closed today."));
    positionsLayout->addWidget(totals);
    connect(m_positions, &PositionsModel::totalsChanged, totals,
            [this, totals] { totals->setText(m_positions->totalsText()); });
    QHeaderView *positionsHeader = m_positionsTable->horizontalHeader();
    for (int c = 0; c < PositionsModel::Count; ++c)
        positionsHeader->setSectionHidden(c, PositionsModel::hiddenByDefault(c));
    positionsHeader->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(positionsHeader, &QWidget::customContextMenuRequested, this,
            [this, positionsHeader](const QPoint &pos) {
                auto *menu = new QMenu(positionsHeader);
                menu->setObjectName(QStringLiteral("positionsColumnsMenu"));
                menu->setAttribute(Qt::WA_DeleteOnClose);
                for (int c = 0; c < PositionsModel::Count; ++c) {
                    QAction *a =
                        menu->addAction(m_positions->headerData(c, Qt::Horizontal).toString());
                    a->setCheckable(true);
                    a->setChecked(!positionsHeader->isSectionHidden(c));
                    a->setEnabled(c != PositionsModel::Symbol);
                    connect(a, &QAction::toggled, positionsHeader, [positionsHeader, c](bool on) {
                        positionsHeader->setSectionHidden(c, !on);
                    });
                }
                menu->popup(positionsHeader->mapToGlobal(pos));
            });

    m_positionsDock = addDock(tr("Positions"), QStringLiteral("positionsDock"), positionsBox);
    // Expiry-day care: the title counts the options expiring today (their rows are amber).
    connect(m_positions, &PositionsModel::totalsChanged, m_positionsDock, [this] {
        const int n = m_positions->expiringTodayCount();
        m_positionsDock->setWindowTitle(n > 0 ? tr("Positions (%n expiring today)", nullptr, n)
                                              : tr("Positions"));
    });
    m_ordersDock = addDock(tr("Orders"), QStringLiteral("ordersDock"), m_ordersTable);
    m_executionsDock =
        addDock(tr("Executions"), QStringLiteral("executionsDock"), m_executionsPanel);
    m_metricsDock = addDock(tr("Metrics"), QStringLiteral("metricsDock"), metricsScroll);
    window->tabifyDockWidget(m_positionsDock, m_ordersDock);
    window->tabifyDockWidget(m_ordersDock, m_executionsDock);
    window->tabifyDockWidget(m_executionsDock, m_metricsDock);
    m_positionsDock->raise();
    addMenuEntries();

    m_executionsTimer.setInterval(options.executionsPollMs);
    connect(&m_executionsTimer, &QTimer::timeout, this, &TradingPanels::reloadExecutions);
    m_executionsTimer.start();
    // An order that changed at the broker is soon reflected in the records: read them again.
    connect(m_orders, &QAbstractItemModel::dataChanged, this, &TradingPanels::reloadExecutions);
    connect(m_orders, &QAbstractItemModel::rowsInserted, this, &TradingPanels::reloadExecutions);
    connect(m_executionsDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            m_executions->reload();
    });
    connect(m_metricsDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            m_metricsPanel->refresh();
    });
    m_executions->reload();
}

TradingPanels::~TradingPanels() = default;

QDockWidget *TradingPanels::addDock(const QString &title, const QString &objectName,
                                    QWidget *content) {
    auto *dock = new QDockWidget(title, m_window);
    dock->setObjectName(objectName);
    dock->setWidget(content);
    dock->setAllowedAreas(Qt::AllDockWidgetAreas);
    m_window->addDockWidget(Qt::BottomDockWidgetArea, dock);
    return dock;
}

void TradingPanels::addMenuEntries() {
    // Into the window's View menu when there is one, else a menu of their own.
    QMenu *view = nullptr;
    for (QAction *a : m_window->menuBar()->actions()) {
        if (a->menu() && a->text().remove(QLatin1Char('&')) == tr("View"))
            view = a->menu();
    }
    if (!view)
        view = m_window->menuBar()->addMenu(tr("&Panels"));
    view->addSeparator();
    const QKeySequence keys[] = {
        QKeySequence(Qt::ALT | Qt::Key_1), QKeySequence(Qt::ALT | Qt::Key_2),
        QKeySequence(Qt::ALT | Qt::Key_3), QKeySequence(Qt::ALT | Qt::Key_4)};
    int i = 0;
    // The docks themselves are listed by the window's View menu (every dock it has).
    for (QDockWidget *d : {m_positionsDock, m_ordersDock, m_executionsDock, m_metricsDock}) {
        // Alt+1..4 brings a panel to the front (showing it when hidden).
        auto *focus = new QAction(tr("Show %1").arg(d->windowTitle()), m_window);
        focus->setShortcut(keys[i++]);
        connect(focus, &QAction::triggered, d, [d] {
            d->show();
            d->raise();
        });
        m_window->addAction(focus);
    }
    // File > Settings... (Ctrl+,), above Quit.
    QMenu *file = nullptr;
    for (QAction *a : m_window->menuBar()->actions()) {
        if (a->menu() && a->text().remove(QLatin1Char('&')) == tr("File"))
            file = a->menu();
    }
    if (!file)
        file = m_window->menuBar()->addMenu(tr("&File"));
    m_settingsAction = new QAction(tr("&Settings\u2026"), m_window);
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    // Ctrl+, everywhere: QKeySequence::Preferences is empty on most Linux desktops.
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, &TradingPanels::openSettings);
    QAction *first = file->actions().isEmpty() ? nullptr : file->actions().constFirst();
    file->insertAction(first, m_settingsAction);
    if (first)
        file->insertSeparator(first);
    m_window->addAction(m_settingsAction);

    auto *refresh = new QAction(tr("Refresh account and records"), m_window);
    refresh->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    connect(refresh, &QAction::triggered, this, &TradingPanels::refreshAll);
    view->addAction(refresh);
    m_window->addAction(refresh);
}

void TradingPanels::openSettings() {
    QSettings settings(config::defaultConfigPath(), QSettings::IniFormat);
    SettingsDialog dialog(settings, *m_keychain, m_window);
    connect(&dialog, &SettingsDialog::saved, this, [this](const config::AppConfig &saved) {
        m_session.applySettings(saved.dispatcher);
        Q_EMIT settingsSaved(saved);
    });
    dialog.exec();
}

void TradingPanels::refreshAll() {
    m_refresher->refresh();
    reloadExecutions();
    m_metricsPanel->refresh();
}

void TradingPanels::reloadExecutions() {
    // Reading 2,000 rows costs ~130 ms in a Debug build: only while someone looks at them
    // (a hidden tab catches up when it is shown).
    const auto shown = [](QDockWidget *d) {
        return d->isVisible() && !d->visibleRegion().isEmpty();
    };
    if (shown(m_executionsDock))
        m_executions->reload();
    if (shown(m_metricsDock))
        m_metricsPanel->refresh();
}

TradingPanels *installTradingPanels(QMainWindow &window, ConsoleSession &session) {
    // The window applies its saved layout (or the first-start sizes) when it is first shown,
    // once these docks exist too.
    return new TradingPanels(&window, session);
}

} // namespace cg::ui
