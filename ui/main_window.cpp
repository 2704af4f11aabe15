#include "ui/main_window.h"

#include "domain/number_format.h"
#include "models/chain_roles.h"
#include "models/chain_table_model.h"
#include "models/expiry_list_model.h"
#include "models/passing_filter_proxy_model.h"
#include "models/strike_window_proxy_model.h"
#include "ui/chain_colors.h"
#include "ui/chain_view.h"
#include "ui/contract_detail_panel.h"
#include "ui/expiry_charts_panel.h"
#include "ui/header_fit.h"
#include "ui/mode_badge.h"
#include "ui/state_page.h"
#include "ui/stream_status_label.h"
#include "ui/theme.h"
#include "ui/underlying_chart_panel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QCompleter>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QShowEvent>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStringListModel>
#include <QTabBar>
#include <QToolBar>
#include <QVBoxLayout>

#include <utility>

namespace cg::ui {

using namespace cg::models;

namespace {

constexpr int kStateVersion = 1;

QString price(double v) {
    return QLocale::c().toString(v, 'f', 2);
}

// A panel in a scroll area that only scrolls when the dock is smaller than the panel's minimum:
// a laptop screen can then hold every dock (1366x768) without the panels pushing the window's
// minimum size past the screen.
QScrollArea *scrolling(QWidget *panel, QWidget *parent) {
    auto *area = new QScrollArea(parent);
    area->setWidget(panel);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    area->setMinimumSize(120, 80);
    return area;
}

QString ageText(qint64 seconds) {
    if (seconds < 90)
        return MainWindow::tr("%1 s").arg(seconds);
    if (seconds < 90 * 60)
        return MainWindow::tr("%1 min").arg(seconds / 60);
    return MainWindow::tr("%1 h").arg(seconds / 3600);
}

} // namespace

MainWindow::MainWindow(ChainSession &session, const Clock &clock, TradingMode mode, Options options,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_clock(clock)
    , m_mode(mode)
    , m_options(options)
    , m_session(&session)
    , m_window(new StrikeWindowProxyModel(this))
    , m_filter(new PassingFilterProxyModel(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks |
                   QMainWindow::AllowTabbedDocks);
    m_window->setSourceModel(m_session->chainModel());
    m_filter->setSourceModel(m_window);
    // When the selected row leaves the view (Passing only, the strike window, a poll), Qt makes
    // the row above current: the selection must not follow it to another contract, or the detail
    // dock and Ctrl+T would act on a contract the trader never chose. Connected before the view
    // gets the model, so the flag is up when the selection model moves the current cell.
    connect(m_filter, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &, int first, int last) {
                m_rowsLeaving = true;
                const int row = m_view ? m_view->currentIndex().row() : -1;
                m_currentLeaving = row >= first && row <= last;
            });
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, [this] {
        m_rowsLeaving = false;
        if (std::exchange(m_currentLeaving, false) && m_view)
            m_view->selectionModel()->clear(); // no current cell; the chosen contract is kept
    });
    // ... and when it comes back, it is current again (without scrolling the view to it).
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &MainWindow::reselectQuietly,
            Qt::QueuedConnection);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &MainWindow::reselectQuietly,
            Qt::QueuedConnection);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &MainWindow::reselectQuietly,
            Qt::QueuedConnection);

    buildActions();
    buildToolBar();
    buildCentral();
    buildDocks();
    buildMenus();
    buildStatusBar();

    connect(m_session, &ChainSession::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_session, &ChainSession::updated, this, &MainWindow::onUpdated);
    connect(m_session, &ChainSession::busyChanged, m_busy, &QWidget::setVisible);
    connect(m_session, &ChainSession::expiryChanged, this, &MainWindow::syncExpiryTab);
    connect(m_session, &ChainSession::refreshFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Refresh failed: %1").arg(message), 8000);
    });
    connect(m_session->expiryModel(), &QAbstractItemModel::modelReset, this,
            &MainWindow::rebuildExpiryTabs);
    connect(m_session->expiryModel(), &QAbstractItemModel::dataChanged, this,
            &MainWindow::rebuildExpiryTabs);
    // The view's filters (strike window, Passing only) change what is shown: the counts follow.
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_filter, signal, this, &MainWindow::updateSummary);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &MainWindow::updateSummary);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateSummary);
    connect(m_session->chainModel(), &ChainTableModel::chainApplied, this, [this] {
        if (!m_selectOnLoad)
            return;
        m_selectOnLoad = false;
        // Start on the strategy's pick so the detail dock has something to show.
        for (OptionType t : {OptionType::Call, OptionType::Put}) {
            const auto &p = m_session->pick(t);
            if (p.entry && selectSymbol(QString::fromStdString(p.entry->contract.symbol))) {
                // Again once the layout has settled, so the row really is in the middle.
                QTimer::singleShot(0, this, [this] {
                    const int column = m_view->horizontalScrollBar()->value();
                    m_view->scrollTo(m_view->currentIndex(), QAbstractItemView::PositionAtCenter);
                    m_view->horizontalScrollBar()->setValue(column);
                });
                return;
            }
        }
        // No pick: the first call at or above the money.
        const ChainTableModel *model = m_session->chainModel();
        int row = 0;
        for (int r = 0; r < model->rowCount(); ++r) {
            if (model->index(r, 0).data(AtmBoundaryRole).toBool())
                row = std::min(r + 1, model->rowCount() - 1);
        }
        const QModelIndex atm =
            model->index(row, model->columnOf(ChainSide::Call, ChainField::Bid));
        if (!selectSymbol(atm.data(SymbolRole).toString()))
            scrollToMoney();
    });
    // Pushed quotes repaint the table at once; the detail dock, quote age and the pass count (a
    // tick can flip a gate without moving a row) follow calmly.
    auto *streamCalm = new QTimer(this);
    streamCalm->setSingleShot(true);
    streamCalm->setInterval(500);
    connect(streamCalm, &QTimer::timeout, this, [this] {
        updateDetail();
        updateQuoteAge();
        updateSummary();
    });
    connect(m_session, &ChainSession::quoteBatchApplied, streamCalm, [streamCalm] {
        if (!streamCalm->isActive())
            streamCalm->start();
    });
    m_ageTimer.setInterval(1000);
    connect(&m_ageTimer, &QTimer::timeout, this, &MainWindow::updateQuoteAge);
    m_ageTimer.start();

    // 1600x1000, or the screen's free area when smaller (a 1366x768 laptop); a saved geometry
    // overrides this. The docks' layout is restored at the first show, once every dock exists.
    QSize size(1600, 1000);
    if (const QScreen *s = screen())
        size = size.boundedTo(s->availableGeometry().size());
    resize(size);
    restoreSettings();
    onStateChanged();
    updateQuoteAge();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions() {
    m_refresh = new QAction(tr("&Refresh"), this);
    m_refresh->setShortcut(QKeySequence(Qt::Key_F5));
    m_refresh->setToolTip(tr("Refresh the chain now (F5)"));
    connect(m_refresh, &QAction::triggered, this, [this] {
        const auto s = m_session->state();
        if (s == ChainSession::State::Error || s == ChainSession::State::NotFound)
            m_session->reload();
        else
            m_session->refresh();
    });

    m_auto = new QAction(tr("&Auto-refresh"), this);
    m_auto->setCheckable(true);
    m_auto->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_auto->setToolTip(tr("Poll the shown expiry every few seconds (Ctrl+Shift+R)"));
    connect(m_auto, &QAction::toggled, m_session, &ChainSession::setAutoRefresh);

    m_passing = new QAction(tr("&Passing only"), this);
    m_passing->setCheckable(true);
    m_passing->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    // Side by side a row is a strike: it stays while either contract passes, the other dimmed.
    m_passing->setToolTip(tr("Show only the contracts that pass all five gates (Ctrl+Shift+P). "
                             "Side by side a strike stays while its call or its put passes; "
                             "the side that fails is dimmed."));
    connect(m_passing, &QAction::toggled, m_filter, &PassingFilterProxyModel::setPassingOnly);

    m_flat = new QAction(tr("&Flat list"), this);
    m_flat->setCheckable(true);
    m_flat->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_flat->setToolTip(tr("One row per contract instead of calls | strike | puts"));
    connect(m_flat, &QAction::toggled, this, &MainWindow::setFlatLayout);

    m_ticket = new QAction(tr("Order &ticket\u2026"), this);
    m_ticket->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_ticket->setToolTip(tr("Open an order ticket for the selected contract (Ctrl+T)"));
    connect(m_ticket, &QAction::triggered, this, &MainWindow::openTicket);

    m_nextExpiry = new QAction(tr("&Next expiry"), this);
    m_nextExpiry->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    connect(m_nextExpiry, &QAction::triggered, this, [this] { stepExpiry(1); });
    m_prevExpiry = new QAction(tr("&Previous expiry"), this);
    m_prevExpiry->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    connect(m_prevExpiry, &QAction::triggered, this, [this] { stepExpiry(-1); });

    m_focusSymbol = new QAction(tr("&Symbol\u2026"), this);
    m_focusSymbol->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_focusSymbol, &QAction::triggered, this, [this] {
        m_symbol->setFocus(Qt::ShortcutFocusReason);
        m_symbol->selectAll();
    });

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);
    for (QAction *a : {m_refresh, m_auto, m_passing, m_flat, m_ticket, m_nextExpiry, m_prevExpiry,
                       m_focusSymbol, m_quit})
        addAction(a); // shortcuts work even with the menu bar hidden
}

void MainWindow::buildToolBar() {
    auto *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addWidget(new ModeBadge(m_mode, bar));
    bar->addSeparator();

    m_symbol = new QLineEdit(bar);
    m_symbol->setObjectName(QStringLiteral("symbolEdit"));
    m_symbol->setPlaceholderText(tr("Symbol (Ctrl+L)"));
    m_symbol->setMaxLength(12);
    m_symbol->setFixedWidth(fontMetrics().horizontalAdvance(QStringLiteral("MMMMMMMMMM")) + 16);
    m_symbol->setClearButtonEnabled(true);
    QFont bold = m_symbol->font();
    bold.setBold(true);
    m_symbol->setFont(bold);
    m_suggestions = new QStringListModel(this);
    auto *completer = new QCompleter(m_suggestions, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    m_symbol->setCompleter(completer);
    connect(m_symbol, &QLineEdit::returnPressed, this, [this] { openSymbol(m_symbol->text()); });
    connect(completer, qOverload<const QString &>(&QCompleter::activated), this,
            &MainWindow::openSymbol);
    bar->addWidget(m_symbol);

    bar->addWidget(new QLabel(tr("  Strategy "), bar));
    m_strategy = new QComboBox(bar);
    m_strategy->setObjectName(QStringLiteral("strategyCombo"));
    for (Strategy s : {Strategy::DayTrade, Strategy::Swing, Strategy::Conservative}) {
        const StrategyParams &p = m_session->strategyParams(s);
        m_strategy->addItem(QString::fromLatin1(toString(s).data(), toString(s).size()),
                            static_cast<int>(s));
        m_strategy->setItemData(m_strategy->count() - 1,
                                tr("%1 %2%, %3-%4 days to expiry, %5% of equity")
                                    .arg(QString::fromLatin1(toString(p.moneyness).data(),
                                                             toString(p.moneyness).size()))
                                    .arg(p.moneynessPct)
                                    .arg(p.minDte)
                                    .arg(p.maxDte)
                                    .arg(p.riskPct),
                                Qt::ToolTipRole);
    }
    connect(m_strategy, &QComboBox::currentIndexChanged, this, [this] {
        m_session->setStrategy(static_cast<Strategy>(m_strategy->currentData().toInt()));
        updatePickLabel();
    });
    bar->addWidget(m_strategy);
    bar->addSeparator();

    bar->addAction(m_refresh);
    bar->addAction(m_auto);
    m_interval = new QSpinBox(bar);
    m_interval->setObjectName(QStringLiteral("intervalSpin"));
    m_interval->setRange(1, 300);
    m_interval->setValue(3);
    m_interval->setSuffix(tr(" s"));
    m_interval->setToolTip(tr("Auto-refresh interval"));
    connect(m_interval, &QSpinBox::valueChanged, this,
            [this](int s) { m_session->setAutoRefreshInterval(s * 1000); });
    bar->addWidget(m_interval);
    bar->addSeparator();

    bar->addAction(m_passing);
    bar->addWidget(new QLabel(tr("  Strikes \u00b1"), bar));
    m_strikes = new QSpinBox(bar);
    m_strikes->setObjectName(QStringLiteral("strikesSpin"));
    m_strikes->setRange(0, 200);
    m_strikes->setSpecialValueText(tr("all"));
    m_strikes->setToolTip(tr("Strikes shown on each side of the underlying price (0: all)"));
    connect(m_strikes, &QSpinBox::valueChanged, m_window,
            &StrikeWindowProxyModel::setStrikesEachSide);
    bar->addWidget(m_strikes);
    bar->addAction(m_flat);

    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    bar->addAction(m_ticket);
}

void MainWindow::buildCentral() {
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 2, 4, 0);
    layout->setSpacing(2);

    m_expiryTabs = new QTabBar(central);
    m_expiryTabs->setObjectName(QStringLiteral("expiryTabs"));
    m_expiryTabs->setExpanding(false);
    m_expiryTabs->setUsesScrollButtons(true);
    m_expiryTabs->setDrawBase(false);
    m_expiryTabs->setDocumentMode(true);
    // The tabs' text colours come from the palette: set again after a theme switch.
    onPaletteChange(m_expiryTabs, [this] { rebuildExpiryTabs(); });
    connect(m_expiryTabs, &QTabBar::currentChanged, this, [this](int i) {
        if (m_rebuildingTabs || i < 0)
            return;
        m_selectOnLoad = true; // the new expiry opens on its pick (or at the money)
        m_session->setExpiryRow(i);
    });
    layout->addWidget(m_expiryTabs);

    // Calls on the left, the underlying price in the middle, puts on the right.
    auto *strip = new QWidget(central);
    auto *stripLayout = new QHBoxLayout(strip);
    stripLayout->setContentsMargins(6, 0, 6, 0);
    m_callsLabel = new QLabel(tr("CALLS"), strip);
    m_putsLabel = new QLabel(tr("PUTS"), strip);
    m_priceLabel = new QLabel(strip);
    m_priceLabel->setObjectName(QStringLiteral("priceLabel"));
    QFont f = font();
    f.setBold(true);
    m_callsLabel->setFont(f);
    m_putsLabel->setFont(f);
    f.setPointSizeF(f.pointSizeF() * 1.2);
    m_priceLabel->setFont(f);
    stripLayout->addWidget(m_callsLabel);
    stripLayout->addStretch();
    stripLayout->addWidget(m_priceLabel);
    stripLayout->addStretch();
    stripLayout->addWidget(m_putsLabel);
    layout->addWidget(strip);

    m_stack = new QStackedWidget(central);
    m_view = new ChainView(m_stack);
    m_view->setObjectName(QStringLiteral("chainView"));
    m_view->setModel(m_filter);
    m_view->setStrikeColumn(m_session->chainModel()->strikeColumn());
    m_view->horizontalHeader()->setSortIndicator(m_session->chainModel()->strikeColumn(),
                                                 Qt::AscendingOrder);
    m_view->applyDefaultColumns();
    keepTitlesReadable(m_view->horizontalHeader(), TitleFit::SortedOnly);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentCellChanged(current); });
    m_statePage = new StatePage(m_stack);
    m_statePage->setObjectName(QStringLiteral("statePage"));
    connect(m_statePage, &StatePage::retryRequested, m_session, &ChainSession::reload);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_statePage);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);
}

void MainWindow::buildDocks() {
    m_detail = new ContractDetailPanel(this);
    m_detailDock = new QDockWidget(tr("Contract"), this);
    m_detailDock->setObjectName(QStringLiteral("contractDock"));
    m_detailDock->setWidget(scrolling(m_detail, m_detailDock));
    addDockWidget(Qt::RightDockWidgetArea, m_detailDock);

    m_charts = new ExpiryChartsPanel(this);
    m_chartsDock = new QDockWidget(tr("Expiry charts"), this);
    m_chartsDock->setObjectName(QStringLiteral("chartsDock"));
    m_chartsDock->setWidget(scrolling(m_charts, m_chartsDock));
    addDockWidget(Qt::RightDockWidgetArea, m_chartsDock);
    splitDockWidget(m_detailDock, m_chartsDock, Qt::Vertical);

    m_underlying = new UnderlyingChartPanel(*m_session, this);
    m_underlyingDock = new QDockWidget(tr("Underlying"), this);
    m_underlyingDock->setObjectName(QStringLiteral("underlyingDock"));
    m_underlyingDock->setWidget(scrolling(m_underlying, m_underlyingDock));
    addDockWidget(Qt::RightDockWidgetArea, m_underlyingDock);
    tabifyDockWidget(m_chartsDock, m_underlyingDock);
    m_chartsDock->raise();
}

void MainWindow::buildMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_viewMenu = view;
    view->addAction(m_flat);
    view->addAction(m_passing);
    view->addSeparator();
    // Every dock of the window, also those installed later (trading, charts): listed afresh
    // each time the menu opens, in the order they were made.
    m_docksEnd = view->addSeparator();
    connect(view, &QMenu::aboutToShow, this, &MainWindow::listDocks);
    m_resetLayout = view->addAction(tr("&Reset layout"));
    m_resetLayout->setObjectName(QStringLiteral("resetLayoutAction"));
    m_resetLayout->setToolTip(tr("Every dock back where it was at the first start, shown"));
    connect(m_resetLayout, &QAction::triggered, this, &MainWindow::resetLayout);
    QAction *optional = view->addAction(tr("Probability ITM and expected move columns"));
    optional->setObjectName(QStringLiteral("optionalColumnsAction"));
    optional->setCheckable(true);
    connect(optional, &QAction::toggled, m_view, &ChainView::setOptionalColumnsVisible);
    connect(m_view, &ChainView::figuresShownChanged, m_session->chainModel(),
            &ChainTableModel::setFiguresShown);
    connect(m_view, &ChainView::figuresShownChanged, optional, [optional](bool shown) {
        const QSignalBlocker quiet(optional); // the mark follows; the columns stay as chosen
        optional->setChecked(shown);
    });
    view->addSeparator();
    QMenu *theme = view->addMenu(tr("&Theme"));
    auto *group = new QActionGroup(this);
    const QString current =
        m_options.persist ? QSettings().value(QStringLiteral("ui/theme")).toString() : QString();
    for (const auto &[name, title] : {std::pair{QStringLiteral("system"), tr("&System")},
                                      std::pair{QStringLiteral("dark"), tr("&Dark")},
                                      std::pair{QStringLiteral("light"), tr("&Light")}}) {
        QAction *a = theme->addAction(title);
        a->setCheckable(true);
        a->setChecked(name == (current.isEmpty() ? QStringLiteral("system") : current));
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, name] {
            applyTheme(name);
            if (m_options.persist)
                QSettings().setValue(QStringLiteral("ui/theme"), name);
            if (name == QLatin1String("system"))
                statusBar()->showMessage(tr("The system theme applies at the next start."), 5000);
        });
    }
    QAction *resetColumns = view->addAction(tr("&Default columns"));
    connect(resetColumns, &QAction::triggered, m_view, [this] {
        m_view->applyDefaultColumns();
        fitSectionsToTitles(m_view->horizontalHeader(), TitleFit::SortedOnly);
    });

    QMenu *chain = menuBar()->addMenu(tr("&Chain"));
    chain->addAction(m_focusSymbol);
    chain->addAction(m_refresh);
    chain->addAction(m_auto);
    chain->addSeparator();
    chain->addAction(m_nextExpiry);
    chain->addAction(m_prevExpiry);

    QMenu *trade = menuBar()->addMenu(tr("&Trade"));
    trade->addAction(m_ticket);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    connect(help->addAction(tr("&About ChainGate")), &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About ChainGate"),
                           tr("<b>ChainGate %1</b><br>Option chains with five quality gates, "
                              "strike selection and an audited dispatcher.")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::buildStatusBar() {
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_pickLabel = new QLabel(this);
    m_pickLabel->setObjectName(QStringLiteral("pickLabel"));
    m_quoteAge = new QLabel(this);
    m_quoteAge->setObjectName(QStringLiteral("quoteAgeLabel"));
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setFixedWidth(80);
    m_busy->setMaximumHeight(12);
    m_busy->hide();
    statusBar()->addWidget(m_summary);
    statusBar()->addWidget(m_pickLabel, 1);
    statusBar()->addPermanentWidget(m_busy);
    statusBar()->addPermanentWidget(new StreamStatusLabel(m_session, this));
    statusBar()->addPermanentWidget(m_quoteAge);
}

void MainWindow::setSymbolSuggestions(const QStringList &symbols) {
    m_suggestions->setStringList(symbols);
}

void MainWindow::openSymbol(const QString &symbol) {
    const QString s = symbol.trimmed().toUpper();
    m_symbol->setText(s);
    if (s != m_session->symbol() || m_session->state() != ChainSession::State::Loaded) {
        m_selectedSymbol.clear();
        m_selectOnLoad = true;
    }
    setWindowTitle(s.isEmpty() ? tr("ChainGate \u2014 %1").arg(modeName(m_mode))
                               : tr("ChainGate \u2014 %1 \u2014 %2").arg(s, modeName(m_mode)));
    if (!s.isEmpty() && !m_suggestions->stringList().contains(s))
        m_suggestions->setStringList(m_suggestions->stringList() << s);
    m_session->setSymbol(s);
    onUpdated();
}

void MainWindow::setAutoRefreshSeconds(int seconds) {
    if (seconds > 0)
        m_interval->setValue(seconds);
    m_auto->setChecked(seconds > 0);
}

bool MainWindow::isShowingChain() const {
    return m_stack->currentWidget() == m_view;
}

void MainWindow::onStateChanged() {
    const QString sym = m_session->symbol();
    switch (m_session->state()) {
    case ChainSession::State::NoSymbol:
        m_statePage->showNoSymbol();
        break;
    case ChainSession::State::Loading:
        m_statePage->showLoading(sym);
        break;
    case ChainSession::State::NotFound:
        m_statePage->showNotFound(sym);
        break;
    case ChainSession::State::Error:
        m_statePage->showError(sym, m_session->errorMessage());
        break;
    case ChainSession::State::Loaded:
        break;
    }
    const bool loaded = m_session->state() == ChainSession::State::Loaded;
    m_stack->setCurrentWidget(loaded ? static_cast<QWidget *>(m_view) : m_statePage);
    const bool sideBySide =
        m_session->chainModel()->layout() == ChainTableModel::Layout::SideBySide;
    m_callsLabel->setVisible(loaded && sideBySide);
    m_putsLabel->setVisible(loaded && sideBySide);
    if (!loaded) {
        m_detail->setContract(std::nullopt, 0, m_clock.now(), false, m_options.rate);
        m_charts->setChain({}, 0);
    }
    updateSummary();
}

void MainWindow::onUpdated() {
    const double spot = m_session->underlyingPrice();
    m_window->setUnderlyingPrice(spot);
    m_priceLabel->setText(spot > 0.0 ? tr("%1  %2").arg(m_session->symbol(), price(spot))
                                     : m_session->symbol());
    const bool sideBySide =
        m_session->chainModel()->layout() == ChainTableModel::Layout::SideBySide &&
        m_session->state() == ChainSession::State::Loaded;
    m_callsLabel->setVisible(sideBySide);
    m_putsLabel->setVisible(sideBySide);
    syncExpiryTab();
    updateDetail();
    m_charts->setChain(m_session->chainModel()->entries(), spot);
    updatePickLabel();
    updateSummary();
    updateQuoteAge();
}

void MainWindow::rebuildExpiryTabs() {
    m_rebuildingTabs = true;
    const ExpiryListModel *m = m_session->expiryModel();
    while (m_expiryTabs->count() > m->rowCount())
        m_expiryTabs->removeTab(m_expiryTabs->count() - 1);
    const ChainColors colors = ChainColors::forPalette(palette());
    for (int r = 0; r < m->rowCount(); ++r) {
        const QModelIndex i = m->index(r);
        if (r >= m_expiryTabs->count())
            m_expiryTabs->addTab(QString());
        m_expiryTabs->setTabText(r, i.data().toString());
        m_expiryTabs->setTabToolTip(r, i.data(Qt::ToolTipRole).toString());
        // The strategy's DTE window in the pick colour: where its contract can come from.
        m_expiryTabs->setTabTextColor(r, i.data(ExpiryListModel::InStrategyWindowRole).toBool()
                                             ? colors.pickLine
                                             : palette().color(QPalette::WindowText));
    }
    m_rebuildingTabs = false;
    syncExpiryTab();
}

void MainWindow::syncExpiryTab() {
    const int row = m_session->expiryRow();
    if (row >= 0 && row < m_expiryTabs->count() && m_expiryTabs->currentIndex() != row) {
        m_rebuildingTabs = true;
        m_expiryTabs->setCurrentIndex(row);
        m_rebuildingTabs = false;
    }
}

void MainWindow::stepExpiry(int delta) {
    const int n = m_expiryTabs->count();
    if (n == 0)
        return;
    const int next = std::clamp(m_expiryTabs->currentIndex() + delta, 0, n - 1);
    m_expiryTabs->setCurrentIndex(next);
}

QModelIndex MainWindow::toSource(const QModelIndex &viewIndex) const {
    return m_window->mapToSource(m_filter->mapToSource(viewIndex));
}

bool MainWindow::selectSymbol(const QString &symbol) {
    const QModelIndex source = m_session->chainModel()->indexOfSymbol(symbol);
    if (!source.isValid())
        return false;
    const QModelIndex view = m_filter->mapFromSource(m_window->mapFromSource(source));
    if (!view.isValid())
        return false;
    m_view->setCurrentIndex(view);
    // Centre the row, but keep the columns where the trader put them.
    const int column = m_view->horizontalScrollBar()->value();
    m_view->scrollTo(view, QAbstractItemView::PositionAtCenter);
    m_view->horizontalScrollBar()->setValue(column);
    return true;
}

void MainWindow::scrollToMoney() {
    const ChainTableModel *model = m_session->chainModel();
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex source = model->index(r, model->strikeColumn());
        if (!source.data(AtmBoundaryRole).toBool())
            continue;
        const QModelIndex view = m_filter->mapFromSource(m_window->mapFromSource(source));
        if (view.isValid())
            m_view->scrollTo(view, QAbstractItemView::PositionAtCenter);
        return;
    }
}

void MainWindow::reselectQuietly() {
    if (m_selectedSymbol.isEmpty() || m_view->currentIndex().isValid())
        return;
    const QModelIndex source = m_session->chainModel()->indexOfSymbol(m_selectedSymbol);
    const QModelIndex view = m_filter->mapFromSource(m_window->mapFromSource(source));
    if (view.isValid())
        m_view->selectionModel()->setCurrentIndex(view, QItemSelectionModel::ClearAndSelect);
}

void MainWindow::onCurrentCellChanged(const QModelIndex &current) {
    const QModelIndex source = toSource(current);
    if (source.isValid() && !m_rowsLeaving) {
        const QString symbol = source.data(SymbolRole).toString();
        if (!symbol.isEmpty())
            m_selectedSymbol = symbol;
    }
    updateDetail();
}

void MainWindow::updateDetail() {
    std::optional<ChainEntry> entry;
    for (const ChainEntry &e : m_session->chainModel()->entries()) {
        if (QString::fromStdString(e.contract.symbol) == m_selectedSymbol) {
            entry = e;
            break;
        }
    }
    bool pick = false;
    for (OptionType t : {OptionType::Call, OptionType::Put}) {
        const auto &p = m_session->pick(t);
        pick = pick ||
               (p.entry && QString::fromStdString(p.entry->contract.symbol) == m_selectedSymbol);
    }
    m_detail->setContract(entry, m_session->underlyingPrice(), m_clock.now(), pick, m_options.rate);
}

void MainWindow::updatePickLabel() {
    if (m_session->state() != ChainSession::State::Loaded) {
        m_pickLabel->clear();
        return;
    }
    const auto describe = [this](OptionType t) {
        const auto &p = m_session->pick(t);
        const QString side = t == OptionType::Call ? tr("call") : tr("put");
        if (!p.entry)
            return tr("no %1 (%2)").arg(side, p.reason);
        const auto &c = p.entry->contract;
        return tr("%1 %2 %3")
            .arg(side, price(c.strike),
                 QLocale::c().toString(toQDate(c.expiry), QStringLiteral("MMM d")));
    };
    const QString name = m_strategy->currentText();
    m_pickLabel->setText(tr("\u25c6 %1 pick: %2 \u00b7 %3")
                             .arg(name, describe(OptionType::Call), describe(OptionType::Put)));
    m_pickLabel->setToolTip(m_pickLabel->text());
}

void MainWindow::updateSummary() {
    if (m_session->state() != ChainSession::State::Loaded) {
        m_summary->setText(m_session->state() == ChainSession::State::Loading
                               ? tr("Loading %1\u2026").arg(m_session->symbol())
                               : QString());
        return;
    }
    const auto &entries = m_session->chainModel()->entries();
    int passing = 0;
    for (const ChainEntry &e : entries)
        passing += e.gates.tradeable() ? 1 : 0;
    // What the view shows (after the strike window and Passing only) of what the expiry has.
    const int all = m_session->chainModel()->rowCount();
    const int shown = m_filter->rowCount();
    // A flat list has a row per contract, not per strike: count what the rows are.
    if (m_session->chainModel()->layout() == ChainTableModel::Layout::Flat) {
        m_summary->setText((shown == all ? tr("%1 contracts").arg(all)
                                         : tr("%1 of %2 contracts shown").arg(shown).arg(all)) +
                           tr(" \u00b7 %1 pass all gates  ").arg(passing));
        return;
    }
    m_summary->setText(
        (shown == all ? tr("%1 strikes").arg(all)
                      : tr("%1 of %2 strikes shown").arg(shown).arg(all)) +
        tr(" \u00b7 %1 of %2 contracts pass all gates  ").arg(passing).arg(entries.size()));
}

void MainWindow::updateQuoteAge() {
    const auto quote = m_session->newestQuote();
    const auto update = m_session->lastUpdate();
    if (m_session->state() != ChainSession::State::Loaded || !update) {
        m_quoteAge->clear();
        return;
    }
    const Timestamp now = m_clock.now();
    const Timestamp t = quote ? *quote : *update;
    const qint64 age =
        std::max<qint64>(0, std::chrono::duration_cast<std::chrono::seconds>(now - t).count());
    const bool stale = age > m_options.staleSeconds;
    QString text =
        quote ? tr("Quotes %1 old").arg(ageText(age)) : tr("Updated %1 ago").arg(ageText(age));
    if (stale)
        text = tr("\u26a0 %1 \u2014 stale").arg(text);
    m_quoteAge->setText(text);
    m_quoteAge->setToolTip(tr("Age of the newest quote in the shown expiry; warning above %1 s")
                               .arg(m_options.staleSeconds));
    QPalette p = palette();
    if (stale)
        p.setColor(QPalette::WindowText, ChainColors::forPalette(palette()).warning);
    m_quoteAge->setPalette(p);
    QFont f = m_quoteAge->font();
    f.setBold(stale);
    m_quoteAge->setFont(f);
}

void MainWindow::setFlatLayout(bool flat) {
    ChainTableModel *model = m_session->chainModel();
    const int from = model->layout() == ChainTableModel::Layout::Flat ? 1 : 0;
    m_headerState[from] = m_view->saveColumns();
    model->setLayout(flat ? ChainTableModel::Layout::Flat : ChainTableModel::Layout::SideBySide);
    m_view->setStrikeColumn(model->strikeColumn());
    if (!m_view->restoreColumns(m_headerState[flat ? 1 : 0])) {
        m_view->applyDefaultColumns();
        m_view->horizontalHeader()->setSortIndicator(model->strikeColumn(), Qt::AscendingOrder);
    }
    fitSectionsToTitles(m_view->horizontalHeader(), TitleFit::SortedOnly);
    onUpdated();
    selectSymbol(m_selectedSymbol);
}

void MainWindow::openTicket() {
    if (m_selectedSymbol.isEmpty()) {
        statusBar()->showMessage(tr("Select a contract first, then open its ticket (Ctrl+T)."),
                                 5000);
        return;
    }
    Q_EMIT ticketRequested(m_selectedSymbol); // ui/trading_docks.cpp opens the ticket
}

void MainWindow::restoreSettings() {
    if (!m_options.persist) {
        // What a first start shows: DEMO polls on its own (also the stream's fallback).
        m_auto->setChecked(m_mode == TradingMode::Demo);
        return;
    }
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    m_headerState[0] = s.value(QStringLiteral("chain/columns/sideBySide")).toByteArray();
    m_headerState[1] = s.value(QStringLiteral("chain/columns/flat")).toByteArray();
    const int strategy = m_strategy->findData(s.value(QStringLiteral("chain/strategy"), 0).toInt());
    if (strategy >= 0)
        m_strategy->setCurrentIndex(strategy);
    m_interval->setValue(s.value(QStringLiteral("chain/autoRefreshSeconds"), 3).toInt());
    m_strikes->setValue(s.value(QStringLiteral("chain/strikesEachSide"), 0).toInt());
    m_passing->setChecked(s.value(QStringLiteral("chain/passingOnly"), false).toBool());
    // Side-by-side columns first: switching to flat saves the current ones.
    m_view->restoreColumns(m_headerState[0]);
    if (s.value(QStringLiteral("chain/flat"), false).toBool())
        m_flat->setChecked(true);
    // DEMO moves on its own: auto-refresh on by default there so the chain is live.
    m_auto->setChecked(
        s.value(QStringLiteral("chain/autoRefresh"), m_mode == TradingMode::Demo).toBool());
    // Gate thresholds come from the settings file through main (app/config), like the dispatcher's.
    const QStringList recent = s.value(QStringLiteral("chain/recentSymbols")).toStringList();
    QStringList all = m_suggestions->stringList();
    for (const QString &r : recent) {
        if (!all.contains(r))
            all << r;
    }
    m_suggestions->setStringList(all);
}

void MainWindow::saveSettings() {
    if (!m_options.persist)
        return;
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState(kStateVersion));
    const int current = m_session->chainModel()->layout() == ChainTableModel::Layout::Flat ? 1 : 0;
    m_headerState[current] = m_view->saveColumns();
    s.setValue(QStringLiteral("chain/columns/sideBySide"), m_headerState[0]);
    s.setValue(QStringLiteral("chain/columns/flat"), m_headerState[1]);
    s.setValue(QStringLiteral("chain/strategy"), m_strategy->currentData().toInt());
    s.setValue(QStringLiteral("chain/autoRefresh"), m_auto->isChecked());
    s.setValue(QStringLiteral("chain/autoRefreshSeconds"), m_interval->value());
    s.setValue(QStringLiteral("chain/strikesEachSide"), m_strikes->value());
    s.setValue(QStringLiteral("chain/passingOnly"), m_passing->isChecked());
    s.setValue(QStringLiteral("chain/flat"), m_flat->isChecked());
    s.setValue(QStringLiteral("chain/symbol"), m_session->symbol());
    s.setValue(QStringLiteral("chain/recentSymbols"), m_suggestions->stringList().mid(0, 40));
}

void MainWindow::listDocks() {
    for (QAction *a : std::as_const(m_dockActions))
        m_viewMenu->removeAction(a);
    m_dockActions.clear();
    // The right-hand docks, then the bottom ones, then any other, each by title: the order
    // does not change when a dock is raised or moved within its area.
    QList<QDockWidget *> docks = findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly);
    const auto rank = [this](QDockWidget *d) {
        const Qt::DockWidgetArea a = dockWidgetArea(d);
        return a == Qt::RightDockWidgetArea ? 0 : a == Qt::BottomDockWidgetArea ? 1 : 2;
    };
    std::stable_sort(docks.begin(), docks.end(), [&rank](QDockWidget *a, QDockWidget *b) {
        return std::pair(rank(a), a->windowTitle()) < std::pair(rank(b), b->windowTitle());
    });
    for (QDockWidget *d : std::as_const(docks)) {
        m_dockActions << d->toggleViewAction();
        m_viewMenu->insertAction(m_docksEnd, d->toggleViewAction());
    }
}

void MainWindow::childEvent(QChildEvent *event) {
    QMainWindow::childEvent(event);
    // The tab bars of tabified docks are made as docks are grouped (restore, Reset layout, a
    // dock dragged onto another): each gets readable titles once it exists.
    if (event->added() && !m_tabBarsPending) {
        m_tabBarsPending = true;
        QTimer::singleShot(0, this, [this] {
            m_tabBarsPending = false;
            // Ten docks share the bottom group: whole titles and scroll arrows, not "P…".
            for (QTabBar *bar : findChildren<QTabBar *>(Qt::FindDirectChildrenOnly)) {
                bar->setElideMode(Qt::ElideNone);
                bar->setUsesScrollButtons(true);
            }
        });
    }
}

void MainWindow::showEvent(QShowEvent *event) {
    QMainWindow::showEvent(event);
    if (m_layoutSettled)
        return;
    m_layoutSettled = true;
    // Every dock and toolbar exists by now (main.cpp installs them before show()): this is the
    // default arrangement Reset layout returns to, and the saved one is applied over it.
    listDocks();
    m_defaultState = saveState(kStateVersion);
    bool restored = false;
    if (m_options.persist) {
        const QByteArray saved = QSettings().value(QStringLiteral("window/state")).toByteArray();
        restored = !saved.isEmpty() && restoreState(saved, kStateVersion);
    }
    if (!restored)
        QTimer::singleShot(0, this, &MainWindow::applyDefaultDockSizes);
}

void MainWindow::applyDefaultDockSizes() {
    // One dock per tab group and area: resizing a tab resizes its group.
    QList<QDockWidget *> right, bottom, other;
    for (QDockWidget *d : findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly)) {
        if (d->isHidden() || d->isFloating())
            continue;
        QList<QDockWidget *> &list = dockWidgetArea(d) == Qt::RightDockWidgetArea    ? right
                                     : dockWidgetArea(d) == Qt::BottomDockWidgetArea ? bottom
                                                                                     : other;
        const bool grouped = std::any_of(list.begin(), list.end(), [this, d](QDockWidget *o) {
            return tabifiedDockWidgets(o).contains(d);
        });
        if (!grouped)
            list << d;
    }
    // The chain keeps most of the window: the right docks a quarter of the width (280-400 px),
    // the bottom ones under a third of the height (170-300 px).
    const int side = std::clamp(width() / 4, 280, 400);
    if (!right.isEmpty())
        resizeDocks({right.first()}, {side}, Qt::Horizontal);
    // Stacked on the right: the first (Contract) as tall as its panel wants, up to 70 %.
    if (right.size() > 1) {
        int total = 0;
        for (QDockWidget *d : right)
            total += d->height();
        int wanted = right.first()->minimumSizeHint().height();
        if (const auto *area = qobject_cast<QScrollArea *>(right.first()->widget());
            area && area->widget())
            wanted = area->widget()->minimumSizeHint().height() +
                     (right.first()->height() - area->height());
        const int first = std::clamp(wanted, total / 2, total * 7 / 10);
        QList<int> heights{first};
        for (qsizetype i = 1; i < right.size(); ++i)
            heights << (total - first) / int(right.size() - 1);
        resizeDocks(right, heights, Qt::Vertical);
    }
    if (!bottom.isEmpty()) {
        resizeDocks({bottom.first()}, {std::clamp(height() * 3 / 10, 170, 300)}, Qt::Vertical);
        // Side by side at the bottom: the first (Signals) a third, the others share the rest.
        if (bottom.size() > 1) {
            const int room = width() - (right.isEmpty() ? 0 : side);
            QList<int> widths{room / 3};
            for (qsizetype i = 1; i < bottom.size(); ++i)
                widths << (room - room / 3) / int(bottom.size() - 1);
            resizeDocks(bottom, widths, Qt::Horizontal);
        }
    }
}

void MainWindow::resetLayout() {
    if (m_defaultState.isEmpty())
        return;
    restoreState(m_defaultState, kStateVersion);
    for (QDockWidget *d : findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly)) {
        d->setFloating(false);
        d->show();
    }
    QTimer::singleShot(0, this, &MainWindow::applyDefaultDockSizes);
}

void MainWindow::closeEvent(QCloseEvent *event) {
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace cg::ui
