#include "models/executions_model.h"

#include "models/display_format.h"
#include "storage/execution_store.h"
#include "storage/store_worker.h"

#include <QColor>

namespace cg::models {

namespace {

QVariant optionalValue(const std::optional<double> &v) {
    return v ? QVariant(*v) : QVariant();
}

} // namespace

ExecutionsModel::ExecutionsModel(QObject *parent)
    : KeyedTableModel<ExecutionRecord>(parent) {}

bool ExecutionsModel::reload() {
    ExecutionFilter f;
    f.limit = m_limit;
    if (m_worker && m_store) {
        // One read at a time: while the database does not answer, reloads do not pile up.
        if (m_readInFlight)
            return m_error.isEmpty();
        m_readInFlight = true;
        m_worker->run<std::vector<ExecutionRecord>>(
            [f](ExecutionStore &s) { return s.records().executions(f); }, this,
            [this](Result<std::vector<ExecutionRecord>> rows) {
                m_readInFlight = false;
                finishRead(takeRows(std::move(rows)));
            });
        return m_error.isEmpty();
    }
    return finishRead(m_store ? takeRows(m_store->records().executions(f))
                              : tr("No database is open."));
}

QString ExecutionsModel::takeRows(Result<std::vector<ExecutionRecord>> rows) {
    if (!rows)
        return tr("Could not read the executions: %1")
            .arg(QString::fromStdString(rows.error().message));
    setRecords(std::move(*rows));
    return {};
}

bool ExecutionsModel::finishRead(const QString &error) {
    if (error != m_error) {
        m_error = error;
        Q_EMIT errorChanged(m_error);
    }
    Q_EMIT reloaded();
    return error.isEmpty();
}

void ExecutionsModel::setRecords(std::vector<ExecutionRecord> records) {
    applyRows(std::move(records));
}

QString ExecutionsModel::keyOf(const ExecutionRecord &r) const {
    // Rows replayed from the outbox have no id yet; their uid is unique anyway.
    return r.id > 0 ? QString::number(r.id) : QString::fromStdString(r.executionUid);
}

QString ExecutionsModel::modeText(ExecutionMode m) {
    switch (m) {
    case ExecutionMode::AlpacaPaper:
        return tr("Alpaca paper");
    case ExecutionMode::AlpacaLive:
        return tr("Alpaca LIVE");
    case ExecutionMode::SimulatedFallback:
        return tr("Simulated fallback");
    case ExecutionMode::RejectedByUser:
        return tr("Rejected by user");
    case ExecutionMode::Demo:
        return tr("Demo");
    }
    return {};
}

QVariant ExecutionsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const titles[Count] = {
        QT_TR_NOOP("Time"),     QT_TR_NOOP("Ticker"), QT_TR_NOOP("Action"),
        QT_TR_NOOP("Mode"),     QT_TR_NOOP("Source"), QT_TR_NOOP("Strategy"),
        QT_TR_NOOP("Contract"), QT_TR_NOOP("Qty"),    QT_TR_NOOP("Limit"),
        QT_TR_NOOP("Fill"),     QT_TR_NOOP("Bid"),    QT_TR_NOOP("Ask"),
        QT_TR_NOOP("Spread"),   QT_TR_NOOP("Status"), QT_TR_NOOP("Order id / reason")};
    return section >= 0 && section < Count ? tr(titles[section]) : QVariant();
}

QVariant ExecutionsModel::cell(const ExecutionRecord &r, int column, int role) const {
    if (role == ModeRole)
        return static_cast<int>(r.mode);
    if (role == TimeMsRole)
        return qint64(r.createdAt.time_since_epoch().count());
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Time:
            return localTimeText(r.createdAt);
        case Ticker:
            return qs(r.ticker);
        case Action:
            return qs(r.action);
        case Mode:
            return modeText(r.mode);
        case Source:
            return r.source == "manual"        ? tr("Manual")
                   : r.source == "expiry_rule" ? tr("Expiry rule")
                                               : tr("Signal");
        case Strategy:
            return qs(r.strategy);
        case Contract:
            return qs(r.optionSymbol);
        case Qty:
            return r.qty ? QString::number(*r.qty) : QString();
        case Limit:
            return priceText(r.limitPrice);
        case Fill:
            return priceText(r.fillPrice);
        case Bid:
            return priceText(r.bid);
        case Ask:
            return priceText(r.ask);
        case Spread:
            return percentText(r.spreadPct);
        case Status:
            return qs(r.orderStatus);
        case Note:
            return r.fallbackReason.empty() ? qs(r.orderId) : qs(r.fallbackReason);
        default:
            return {};
        }
    }
    if (role == kValueRole) {
        switch (column) {
        case Time:
            return qint64(r.createdAt.time_since_epoch().count());
        case Qty:
            return r.qty ? QVariant(*r.qty) : QVariant();
        case Limit:
            return optionalValue(r.limitPrice);
        case Fill:
            return optionalValue(r.fillPrice);
        case Bid:
            return optionalValue(r.bid);
        case Ask:
            return optionalValue(r.ask);
        case Spread:
            return optionalValue(r.spreadPct);
        default:
            return cell(r, column, Qt::DisplayRole);
        }
    }
    if (role == Qt::ToolTipRole) {
        if (column == Time)
            return utcTimeText(r.createdAt);
        if (column == Note)
            return cell(r, column, Qt::DisplayRole);
        return {};
    }
    if (role == Qt::ForegroundRole && column == Mode) {
        switch (r.mode) {
        case ExecutionMode::AlpacaPaper:
        case ExecutionMode::Demo:
            return QColor(0x2e, 0xa0, 0x5a);
        case ExecutionMode::AlpacaLive:
            return QColor(0xe0, 0x4f, 0x4f);
        case ExecutionMode::SimulatedFallback:
            return QColor(0xd9, 0x8e, 0x04);
        case ExecutionMode::RejectedByUser:
            return QColor(0x9e, 0x9e, 0x9e);
        }
    }
    if (role == Qt::TextAlignmentRole) {
        switch (column) {
        case Qty:
        case Limit:
        case Fill:
        case Bid:
        case Ask:
        case Spread:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    return {};
}

} // namespace cg::models
