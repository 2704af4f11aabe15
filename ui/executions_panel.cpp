#include "ui/executions_panel.h"

#include "models/execution_explanation.h"
#include "models/execution_filter_proxy_model.h"
#include "models/executions_model.h"
#include "storage/execution_csv.h"
#include "ui/chain_colors.h"
#include "ui/flow_layout.h"
#include "ui/header_fit.h"
#include "ui/trading_table_view.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStandardPaths>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace cg::ui {

using namespace cg::models;

namespace {

const QDate kAnyDate(2000, 1, 1); // the minimum of the date edits: "any"

} // namespace

ExecutionsPanel::ExecutionsPanel(ExecutionsModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new ExecutionFilterProxyModel(this)) {
    setObjectName(QStringLiteral("executionsPanel"));
    m_proxy->setSourceModel(model);

    // The filters wrap onto a second row in a narrow dock instead of widening the window.
    auto *filters = new FlowLayout(nullptr, 6, 4);
    // A caption and its field stay on one row.
    const auto captioned = [this, filters](const QString &caption, QWidget *field) {
        auto *pair = new QWidget(this);
        auto *row = new QHBoxLayout(pair);
        row->setContentsMargins(0, 0, 0, 0);
        row->addWidget(new QLabel(caption, pair));
        row->addWidget(field);
        filters->addWidget(pair);
    };
    const auto dateEdit = [this](const QString &name) {
        auto *e = new QDateEdit(this);
        e->setObjectName(name);
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        e->setMinimumDate(kAnyDate);
        e->setSpecialValueText(tr("any"));
        e->setDate(kAnyDate);
        connect(e, &QDateEdit::dateChanged, this, &ExecutionsPanel::applyFilters);
        return e;
    };
    m_from = dateEdit(QStringLiteral("executionsFrom"));
    captioned(tr("From"), m_from);
    m_to = dateEdit(QStringLiteral("executionsTo"));
    m_to->setToolTip(tr("Inclusive: the whole day counts"));
    captioned(tr("to"), m_to);
    m_symbol = new QLineEdit(this);
    m_symbol->setObjectName(QStringLiteral("executionsSymbol"));
    m_symbol->setPlaceholderText(tr("Symbol"));
    m_symbol->setClearButtonEnabled(true);
    m_symbol->setMaxLength(12);
    m_symbol->setFixedWidth(fontMetrics().horizontalAdvance(QStringLiteral("MMMMMM")) + 24);
    connect(m_symbol, &QLineEdit::textChanged, this, &ExecutionsPanel::applyFilters);
    filters->addWidget(m_symbol);
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("executionsMode"));
    m_mode->addItem(tr("All modes"), -1);
    for (ExecutionMode mode :
         {ExecutionMode::AlpacaPaper, ExecutionMode::AlpacaLive, ExecutionMode::Demo,
          ExecutionMode::SimulatedFallback, ExecutionMode::RejectedByUser})
        m_mode->addItem(ExecutionsModel::modeText(mode), static_cast<int>(mode));
    connect(m_mode, &QComboBox::currentIndexChanged, this, &ExecutionsPanel::applyFilters);
    filters->addWidget(m_mode);
    auto *clear = new QToolButton(this);
    clear->setText(tr("Clear"));
    clear->setToolTip(tr("Clear the filters: show every execution again"));
    connect(clear, &QPushButton::clicked, this, &ExecutionsPanel::clearFilters);
    filters->addWidget(clear);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("executionsCount"));
    m_count->setForegroundRole(QPalette::PlaceholderText);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("executionsError"));
    m_error->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;")
                               .arg(ChainColors::forPalette(palette()).warning.name()));
    m_error->hide();
    // A long database error must not widen the dock: the whole text is in the tooltip.
    m_error->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    m_export = new QPushButton(tr("Export CSV\u2026"), this);
    m_export->setObjectName(QStringLiteral("executionsExport"));
    m_export->setToolTip(tr("Save the executions shown (all columns) as a CSV file"));
    connect(m_export, &QPushButton::clicked, this, &ExecutionsPanel::exportCsv);
    filters->addWidget(m_export);

    m_table = new TradingTableView(this);
    m_table->setObjectName(QStringLiteral("executionsTable"));
    m_table->setModel(m_proxy);
    m_table->setPlaceholderText(tr("No executions match: the dispatcher records every decision "
                                   "here, taken or not."));
    m_table->sortByColumn(ExecutionsModel::Time, Qt::DescendingOrder);
    keepTitlesReadable(m_table->horizontalHeader());
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ExecutionsPanel::showSelected);

    m_explanation = new QTextBrowser(this);
    m_explanation->setObjectName(QStringLiteral("executionExplanation"));
    m_explanation->setOpenLinks(false);
    m_explanation->setPlaceholderText(tr("Select an execution to read how it was decided."));

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(m_explanation);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(filters);
    layout->addWidget(m_error);
    layout->addWidget(split, 1);
    layout->addWidget(m_count);

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &ExecutionsPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ExecutionsPanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &ExecutionsPanel::updateCount);
    // A status or fill that changed shows in the explanation at once.
    connect(m_proxy, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                const int row = m_table->currentIndex().row();
                if (row >= topLeft.row() && row <= bottomRight.row())
                    showSelected();
            });
    connect(model, &ExecutionsModel::errorChanged, this, [this](const QString &error) {
        m_error->setText(error.isEmpty() ? QString() : QStringLiteral("\u26a0 ") + error);
        m_error->setToolTip(error);
        m_error->setVisible(!error.isEmpty());
    });
    updateCount();
}

void ExecutionsPanel::applyFilters() {
    // The dates are the trader's local days; "to" includes its whole day.
    const QDateTime from =
        m_from->date() == kAnyDate ? QDateTime() : m_from->date().startOfDay(Qt::LocalTime);
    const QDateTime to =
        m_to->date() == kAnyDate ? QDateTime() : m_to->date().addDays(1).startOfDay(Qt::LocalTime);
    m_proxy->setTimeRange(from, to);
    m_proxy->setSymbol(m_symbol->text());
    const int mode = m_mode->currentData().toInt();
    m_proxy->setMode(mode < 0 ? std::nullopt : std::optional(static_cast<ExecutionMode>(mode)));
    updateCount();
    if (!m_table->currentIndex().isValid())
        showSelected();
}

void ExecutionsPanel::clearFilters() {
    const QSignalBlocker a(m_from), b(m_to), c(m_symbol), d(m_mode);
    m_from->setDate(kAnyDate);
    m_to->setDate(kAnyDate);
    m_symbol->clear();
    m_mode->setCurrentIndex(0);
    applyFilters();
}

void ExecutionsPanel::updateCount() {
    const int shown = m_proxy->rowCount();
    const int all = m_model->rowCount();
    m_count->setText(shown == all ? tr("%n execution(s)", nullptr, all)
                                  : tr("%1 of %n execution(s)", nullptr, all).arg(shown));
    m_export->setEnabled(shown > 0);
}

void ExecutionsPanel::showSelected() {
    const QModelIndex current = m_table->currentIndex();
    const ExecutionRecord *r =
        current.isValid() ? m_model->recordAt(m_proxy->mapToSource(current).row()) : nullptr;
    if (!r) {
        m_explanation->clear();
        return;
    }
    const ChainColors c = ChainColors::forPalette(palette());
    ExplanationColors colors;
    colors.pass = c.pass;
    colors.fail = c.fail;
    colors.dim = palette().color(QPalette::PlaceholderText);
    m_explanation->setHtml(explanationHtml(explainExecution(*r), colors));
}

Result<int> ExecutionsPanel::exportCsvTo(const QString &path) const {
    const std::vector<ExecutionRecord> rows = m_proxy->visibleRecords();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::make(
            tr("Could not write %1: %2").arg(path, file.errorString()).toStdString());
    file.write(executionsCsv(rows).toUtf8());
    if (!file.commit())
        return Error::make(
            tr("Could not write %1: %2").arg(path, file.errorString()).toStdString());
    return static_cast<int>(rows.size());
}

void ExecutionsPanel::exportCsv() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString name = QStringLiteral("executions-%1.csv")
                             .arg(QDate::currentDate().toString(QStringLiteral("yyyyMMdd")));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export executions"), QDir(dir).filePath(name), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    const auto written = exportCsvTo(path);
    if (!written) {
        QMessageBox::warning(this, tr("Export executions"),
                             QString::fromStdString(written.error().message));
        return;
    }
    m_count->setText(tr("%n execution(s) exported to %1", nullptr, *written)
                         .arg(QDir::toNativeSeparators(path)));
}

} // namespace cg::ui
