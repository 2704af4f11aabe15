#include "ui/signals_panel.h"

#include "models/signals_model.h"
#include "models/trading_session.h"
#include "ui/chain_colors.h"
#include "ui/flow_layout.h"
#include "ui/header_fit.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace cg::ui {

namespace {
// The strategy box's data for a multi-leg template: past the single-leg strategies.
constexpr int kMultiLegBase = 100;
} // namespace

using models::SignalsModel;

SignalsPanel::SignalsPanel(models::TradingSession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_symbol(new QLineEdit(this))
    , m_action(new QComboBox(this))
    , m_strategy(new QComboBox(this))
    , m_add(new QPushButton(tr("Add signal"), this))
    , m_filter(new QComboBox(this))
    , m_dispatch(new QPushButton(tr("Dispatch now"), this))
    , m_counts(new QLabel(this))
    , m_error(new QLabel(this))
    , m_view(new QTableView(this))
    , m_proxy(new QSortFilterProxyModel(this)) {
    setObjectName(QStringLiteral("signalsPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);

    // Wraps onto a second row in a narrow dock instead of widening the window.
    auto *form = new FlowLayout(nullptr, 6, 4);
    m_symbol->setObjectName(QStringLiteral("signalSymbol"));
    m_symbol->setPlaceholderText(tr("Symbol"));
    m_symbol->setMaxLength(10);
    m_symbol->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z][A-Za-z0-9.]{0,9}")), m_symbol));
    m_symbol->setFixedWidth(fontMetrics().horizontalAdvance(QStringLiteral("MMMMMMM")) + 12);
    m_action->setObjectName(QStringLiteral("signalAction"));
    for (SignalAction a : {SignalAction::Call, SignalAction::Put, SignalAction::Buy,
                           SignalAction::Sell, SignalAction::Neutral})
        m_action->addItem(QString::fromLatin1(toString(a).data()), static_cast<int>(a));
    m_action->setToolTip(tr("CALL and PUT buy an option; BUY and SELL trade the stock; a "
                            "multi-leg strategy takes its direction (NEUTRAL for iron_condor)"));
    m_strategy->setObjectName(QStringLiteral("signalStrategy"));
    for (Strategy s : {Strategy::DayTrade, Strategy::Swing, Strategy::Conservative})
        m_strategy->addItem(QString::fromLatin1(toString(s).data()), static_cast<int>(s));
    // Multi-leg templates after the single-leg strategies (data: kMultiLegBase + template).
    for (StrategyTemplate t : allStrategyTemplates())
        m_strategy->addItem(QString::fromLatin1(toString(t).data()),
                            kMultiLegBase + static_cast<int>(t));
    m_add->setObjectName(QStringLiteral("addSignalButton"));
    m_add->setToolTip(tr("Queue the signal in the database (PENDING)"));
    form->addWidget(m_symbol);
    form->addWidget(m_action);
    form->addWidget(m_strategy);
    form->addWidget(m_add);
    m_dispatch->setObjectName(QStringLiteral("dispatchNowButton"));
    m_dispatch->setToolTip(tr("Handle the selected PENDING signal now: an order ticket in "
                              "Manual mode, an order (or a recorded fallback) in Auto mode"));
    form->addWidget(m_dispatch);
    layout->addLayout(form);
    // Counts and the filter on a row of their own: the dock stays narrow beside the others.
    auto *listBar = new QHBoxLayout;
    m_counts->setObjectName(QStringLiteral("signalCounts"));
    listBar->addWidget(m_counts, 1);
    m_filter->setObjectName(QStringLiteral("signalFilter"));
    m_filter->addItem(tr("All signals"), QString());
    for (const char *s : {"PENDING", "CLAIMED", "DONE", "FAILED"})
        m_filter->addItem(QString::fromLatin1(s), QString::fromLatin1(s));
    listBar->addWidget(m_filter);
    layout->addLayout(listBar);

    m_error->setObjectName(QStringLiteral("signalError"));
    m_error->setWordWrap(true);
    QPalette ep = m_error->palette();
    ep.setColor(QPalette::WindowText, ChainColors::forPalette(palette()).fail);
    m_error->setPalette(ep);
    m_error->hide();
    layout->addWidget(m_error);

    m_proxy->setSourceModel(session.signalsModel());
    m_proxy->setFilterKeyColumn(SignalsModel::StatusColumn);
    m_view->setObjectName(QStringLiteral("signalsView"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setStretchLastSection(true);
    const QFontMetrics fm = fontMetrics();
    const auto width = [&fm](const char *sample) {
        return fm.horizontalAdvance(QString::fromLatin1(sample)) + 18;
    };
    m_view->setColumnWidth(SignalsModel::IdColumn, width("0000"));
    m_view->setColumnWidth(SignalsModel::TimeColumn, width("Nov 26 10:30:00"));
    m_view->setColumnWidth(SignalsModel::SymbolColumn, width("GOOGL"));
    m_view->setColumnWidth(SignalsModel::ActionColumn, width("CALL"));
    m_view->setColumnWidth(SignalsModel::StrategyColumn, width("conservative"));
    m_view->setColumnWidth(SignalsModel::StatusColumn, width("CLAIMED"));
    m_view->setColumnWidth(SignalsModel::ModeColumn, width("SIMULATED_FALLBACK"));
    m_view->setColumnWidth(SignalsModel::ContractColumn, width("SPY260130C00709000"));
    m_view->setColumnWidth(SignalsModel::QtyColumn, width("Qty0"));
    m_view->setColumnWidth(SignalsModel::LimitColumn, width("000.00"));
    m_view->setColumnWidth(SignalsModel::OrderColumn, width("filled @ 00.00"));
    keepTitlesReadable(m_view->horizontalHeader());
    m_view->setMinimumSize(200, 60);
    layout->addWidget(m_view, 1);

    connect(m_add, &QPushButton::clicked, this, &SignalsPanel::addSignal);
    connect(m_symbol, &QLineEdit::returnPressed, this, &SignalsPanel::addSignal);
    connect(m_dispatch, &QPushButton::clicked, this, &SignalsPanel::dispatchSelected);
    connect(m_view, &QTableView::doubleClicked, this, [this] {
        if (m_dispatch->isEnabled())
            dispatchSelected();
    });
    connect(m_filter, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setFilterFixedString(m_filter->currentData().toString());
        updateButtons();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_keepSelected = selectedSignalId();
        updateButtons();
    });
    connect(session.signalsModel(), &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_keepSelected = selectedSignalId(); });
    connect(&session, &models::TradingSession::signalsReloaded, this, &SignalsPanel::onReloaded);
    connect(&session, &models::TradingSession::modeChanged, this, &SignalsPanel::updateButtons);
    onReloaded();
}

qint64 SignalsPanel::selectedSignalId() const {
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return 0;
    return rows.first().data(SignalsModel::SignalIdRole).toLongLong();
}

bool SignalsPanel::selectSignal(qint64 id) {
    const int row = m_session.signalsModel()->rowOf(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_session.signalsModel()->index(row, 0));
    if (!index.isValid())
        return false;
    m_view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                QItemSelectionModel::Rows);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    m_keepSelected = id;
    return true;
}

void SignalsPanel::addSignal() {
    const auto action = static_cast<SignalAction>(m_action->currentData().toInt());
    const int chosen = m_strategy->currentData().toInt();
    std::optional<StrategyTemplate> multiLeg;
    if (chosen >= kMultiLegBase)
        multiLeg = static_cast<StrategyTemplate>(chosen - kMultiLegBase);
    const auto strategy = multiLeg ? Strategy::DayTrade : static_cast<Strategy>(chosen);
    QPointer<SignalsPanel> self(this);
    m_session.addSignal(m_symbol->text(), action, strategy, multiLeg, [self](Result<qint64> id) {
        if (!self)
            return;
        if (!id) {
            self->showError(QString::fromStdString(id.error().message));
            return;
        }
        self->showError({});
        // The new row, selected once the list is read again (on the store runner), ready for
        // Dispatch.
        self->m_keepSelected = *id;
        self->selectSignal(*id);
    });
}

void SignalsPanel::dispatchSelected() {
    const qint64 id = selectedSignalId();
    if (id <= 0)
        return;
    if (auto r = m_session.dispatchSignal(id); !r)
        showError(QString::fromStdString(r.error().message));
    else
        showError({});
}

void SignalsPanel::onReloaded() {
    const auto *model = m_session.signalsModel();
    m_counts->setText(
        tr("%1 pending \u00b7 %2 claimed \u00b7 %3 done \u00b7 %4 rejected \u00b7 %5 failed")
            .arg(model->countWithStatus(SignalStatus::Pending))
            .arg(model->countWithStatus(SignalStatus::Claimed))
            .arg(model->countWithStatus(SignalStatus::Done))
            .arg(model->countRejected())
            .arg(model->countWithStatus(SignalStatus::Failed)));
    if (m_keepSelected > 0)
        selectSignal(m_keepSelected);
    updateButtons();
}

void SignalsPanel::updateButtons() {
    const qint64 id = selectedSignalId();
    const auto row = id > 0 ? m_session.signalsModel()->row(id) : std::nullopt;
    const bool pending = row && row->signal.status == SignalStatus::Pending;
    m_dispatch->setEnabled(pending);
    m_dispatch->setText(m_session.mode() == models::TradingSession::Mode::Manual
                            ? tr("Dispatch now (ticket)")
                            : tr("Dispatch now"));
}

void SignalsPanel::showError(const QString &text) {
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

} // namespace cg::ui
