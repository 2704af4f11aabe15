#include "ui/alerts_dock.h"

#include "models/alert_center.h"
#include "models/chain_session.h"
#include "models/chain_table_model.h"
#include "ui/alert_notifier.h"
#include "ui/chain_view.h"
#include "ui/main_window.h"

#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace cg::ui {

AlertsPanel::AlertsPanel(models::AlertCenter &center, AlertNotifier &notifier, QWidget *parent)
    : QWidget(parent)
    , m_center(center)
    , m_table(new QTableView(this))
    , m_history(new QTableView(this))
    , m_symbol(new QLineEdit(this))
    , m_metric(new QComboBox(this))
    , m_direction(new QComboBox(this))
    , m_level(new QDoubleSpinBox(this)) {
    m_table->setObjectName(QStringLiteral("alertsTable"));
    m_table->setModel(center.rules());
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_history->setObjectName(QStringLiteral("alertHistory"));
    m_history->setModel(center.historyModel());
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->setWordWrap(false);
    m_history->verticalHeader()->hide();
    m_history->horizontalHeader()->setStretchLastSection(true);
    // Fitted to each new alert (the header's ResizeToContents kept the widths of the empty list:
    // "De...", "Kil..." in the window once the first alert came).
    connect(center.historyModel(), &QAbstractItemModel::rowsInserted, m_history, [this] {
        for (const int column : {models::AlertHistoryModel::Time, models::AlertHistoryModel::Kind,
                                 models::AlertHistoryModel::Title})
            m_history->resizeColumnToContents(column); // the message takes the rest
    });
    m_symbol->setObjectName(QStringLiteral("alertSymbol"));
    m_symbol->setPlaceholderText(tr("SPY or a contract"));
    m_metric->setObjectName(QStringLiteral("alertMetric"));
    m_metric->addItem(tr("Price"), int(AlertMetric::Price));
    m_metric->addItem(tr("IV %"), int(AlertMetric::ImpliedVol));
    m_direction->setObjectName(QStringLiteral("alertDirection"));
    m_direction->addItem(tr("crosses above"), int(AlertDirection::Above));
    m_direction->addItem(tr("crosses below"), int(AlertDirection::Below));
    m_level->setObjectName(QStringLiteral("alertLevel"));
    m_level->setRange(0.0, 1e6);
    m_level->setDecimals(2);

    auto *add = new QPushButton(tr("Add"), this);
    add->setObjectName(QStringLiteral("alertAdd"));
    auto *rearm = new QPushButton(tr("Re-arm"), this);
    rearm->setObjectName(QStringLiteral("alertRearm"));
    auto *remove = new QPushButton(tr("Remove"), this);
    remove->setObjectName(QStringLiteral("alertRemove"));
    auto *sound = new QToolButton(this);
    sound->setDefaultAction(notifier.soundAction());
    sound->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto *form = new QHBoxLayout;
    form->addWidget(m_symbol, 2);
    form->addWidget(m_metric);
    form->addWidget(m_direction);
    form->addWidget(m_level, 1);
    form->addWidget(add);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(rearm);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    buttons->addWidget(sound);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(form);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    auto *recent = new QLabel(tr("Recent alerts, newest first (the last %1 of this session)")
                                  .arg(models::AlertHistoryModel::kMaxNotices),
                              this);
    recent->setObjectName(QStringLiteral("alertHistoryLabel"));
    layout->addWidget(recent);
    layout->addWidget(m_history, 1);

    connect(add, &QPushButton::clicked, this, &AlertsPanel::addDraft);
    connect(m_symbol, &QLineEdit::returnPressed, this, &AlertsPanel::addDraft);
    connect(rearm, &QPushButton::clicked, this, &AlertsPanel::rearmSelected);
    connect(remove, &QPushButton::clicked, this, &AlertsPanel::removeSelected);
    connect(m_direction, &QComboBox::activated, this, [this] { m_directionChosen = true; });
    connect(m_level, &QDoubleSpinBox::valueChanged, this, [this](double shown) {
        if (!m_draftCurrent || m_directionChosen)
            return;
        const bool iv = m_metric->currentData().toInt() == int(AlertMetric::ImpliedVol);
        const double level = iv ? shown / 100.0 : shown;
        if (level == *m_draftCurrent)
            return; // the value itself: no direction yet
        m_direction->setCurrentIndex(
            m_direction->findData(int(directionFor(level, *m_draftCurrent))));
    });
    connect(m_metric, &QComboBox::currentIndexChanged, this, [this] {
        m_level->setSuffix(m_metric->currentData().toInt() == int(AlertMetric::ImpliedVol)
                               ? QStringLiteral(" %")
                               : QString());
        // The draft's value was the other metric's: it decides no direction and no side now.
        m_draftCurrent.reset();
    });
    connect(m_symbol, &QLineEdit::textEdited, this, [this] { m_draftCurrent.reset(); });
    auto *del = new QAction(tr("Remove alert"), m_table);
    del->setShortcut(QKeySequence::Delete);
    del->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(del);
    connect(del, &QAction::triggered, this, &AlertsPanel::removeSelected);
}

void AlertsPanel::setDraft(const QString &symbol, AlertMetric metric, double level,
                           std::optional<double> current) {
    m_symbol->setText(symbol);
    m_metric->setCurrentIndex(m_metric->findData(int(metric)));
    m_draftCurrent = current;
    m_directionChosen = false;
    const double shown = metric == AlertMetric::ImpliedVol ? level * 100.0 : level;
    m_level->setValue(shown);
    if (current)
        m_direction->setCurrentIndex(m_direction->findData(int(directionFor(level, *current))));
    m_level->setFocus();
    m_level->selectAll();
}

bool AlertsPanel::addDraft() {
    const QString symbol = m_symbol->text().trimmed().toUpper();
    if (symbol.isEmpty() || !(m_level->value() > 0.0))
        return false;
    AlertRule r;
    r.symbol = symbol.toStdString();
    r.metric = AlertMetric(m_metric->currentData().toInt());
    r.direction = AlertDirection(m_direction->currentData().toInt());
    r.level = r.metric == AlertMetric::ImpliedVol ? m_level->value() / 100.0 : m_level->value();
    // The value the draft was made at is the side the rule starts from: a crossing before the
    // chain's next value fires (it only set the side, and the crossing went unseen).
    r.last = m_draftCurrent;
    m_center.rules()->add(r);
    return true;
}

void AlertsPanel::removeSelected() {
    if (m_table->currentIndex().isValid())
        m_center.rules()->remove(m_table->currentIndex().row());
}

void AlertsPanel::rearmSelected() {
    if (m_table->currentIndex().isValid())
        m_center.rules()->rearm(m_table->currentIndex().row());
}

AlertsInstall installAlerts(MainWindow &window, const Clock &clock, QSettings *settings,
                            const QString &mode) {
    AlertsInstall a;
    a.center = new models::AlertCenter(clock, &window);
    a.center->rules()->setSettings(settings, mode);
    a.notifier = new AlertNotifier(window, *a.center, settings != nullptr);
    a.dock = new QDockWidget(QObject::tr("Alerts"), &window);
    a.dock->setObjectName(QStringLiteral("alertsDock"));
    a.panel = new AlertsPanel(*a.center, *a.notifier, a.dock);
    a.dock->setWidget(a.panel);
    a.dock->setAllowedAreas(Qt::AllDockWidgetAreas);
    window.addDockWidget(Qt::BottomDockWidgetArea, a.dock);
    if (auto *positionsDock = window.findChild<QDockWidget *>(QStringLiteral("positionsDock"))) {
        window.tabifyDockWidget(positionsDock, a.dock);
        positionsDock->raise();
    }

    // The chain's contract menu: alerts on the contract's price or IV, or the underlying's price,
    // prefilled with the value now.
    AlertsPanel *panel = a.panel;
    QDockWidget *dock = a.dock;
    models::ChainSession *chain = window.session();
    QObject::connect(
        window.chainView(), &ChainView::contractMenuBuilt, panel,
        [panel, dock, chain](QMenu *menu, const QString &contract) {
            menu->addSection(QObject::tr("Alerts"));
            const auto add = [&](const QString &text, const QString &name, const QString &symbol,
                                 AlertMetric metric) {
                AlertRule probe;
                probe.symbol = symbol.toStdString();
                probe.metric = metric;
                const std::optional<double> now = models::chainValue(*chain, probe);
                QAction *act = menu->addAction(text);
                act->setObjectName(name);
                QObject::connect(act, &QAction::triggered, panel,
                                 [panel, dock, symbol, metric, now] {
                                     panel->setDraft(symbol, metric, now.value_or(0.0), now);
                                     dock->show();
                                     dock->raise();
                                 });
            };
            add(QObject::tr("Alert on this contract's price…"), QStringLiteral("chainAlertPrice"),
                contract, AlertMetric::Price);
            add(QObject::tr("Alert on this contract's IV…"), QStringLiteral("chainAlertIv"),
                contract, AlertMetric::ImpliedVol);
            add(QObject::tr("Alert on %1's price…").arg(chain->symbol()),
                QStringLiteral("chainAlertUnderlying"), chain->symbol(), AlertMetric::Price);
        });
    return a;
}

} // namespace cg::ui
