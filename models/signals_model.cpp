#include "models/signals_model.h"

#include "domain/number_format.h"
#include "models/display_format.h"
#include "models/executions_model.h"
#include "storage/execution_store.h"

#include <QColor>
#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <map>

namespace cg::models {

namespace {

QDateTime localTime(Timestamp t) {
    return QDateTime::fromMSecsSinceEpoch(t.time_since_epoch().count()).toLocalTime();
}

// Readable on the dark and the light theme alike.
QColor modeColor(ExecutionMode m) {
    switch (m) {
    case ExecutionMode::AlpacaPaper:
    case ExecutionMode::AlpacaLive:
    case ExecutionMode::Demo:
        return QColor(0x2e, 0xa0, 0x5e);
    case ExecutionMode::RejectedByUser:
        return QColor(0x8a, 0x8f, 0x98);
    case ExecutionMode::SimulatedFallback:
        return QColor(0xd0, 0x8c, 0x1c);
    }
    return {};
}

} // namespace

SignalsModel::SignalsModel(QObject *parent)
    : QAbstractTableModel(parent) {}

Result<Unit> SignalsModel::reload(const ExecutionStore &store, int limit) {
    auto rows = readRows(store, limit);
    if (!rows)
        return rows.error();
    setRows(std::move(*rows));
    return Unit{};
}

Result<std::vector<SignalRow>> SignalsModel::readRows(const ExecutionStore &store, int limit) {
    auto signalList = store.signals().list(limit);
    if (!signalList)
        return signalList.error();
    ExecutionFilter f;
    f.limit = std::max(1000, limit * 2);
    auto records = store.records().executions(f);
    if (!records)
        return records.error();
    // Newest first: the first record seen for a signal is its latest decision.
    std::map<std::int64_t, const ExecutionRecord *> bySignal;
    std::map<std::int64_t, const ExecutionRecord *> byId;
    for (const ExecutionRecord &r : *records) {
        byId.emplace(r.id, &r);
        if (r.signalId)
            bySignal.emplace(*r.signalId, &r);
    }
    std::vector<SignalRow> rows;
    rows.reserve(signalList->size());
    for (const Signal &s : *signalList) {
        SignalRow row{s, std::nullopt};
        if (s.executionId) {
            if (auto it = byId.find(*s.executionId); it != byId.end())
                row.execution = *it->second;
        }
        if (!row.execution) {
            if (auto it = bySignal.find(s.id); it != bySignal.end())
                row.execution = *it->second;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

void SignalsModel::setRows(std::vector<SignalRow> rows) {
    // The same signals in the same order (the usual poll): changed cells only, so the view keeps
    // its selection and scroll position.
    const bool sameRows =
        rows.size() == m_rows.size() && std::equal(rows.begin(), rows.end(), m_rows.begin(),
                                                   [](const SignalRow &a, const SignalRow &b) {
                                                       return a.signal.id == b.signal.id;
                                                   });
    if (!sameRows) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
        return;
    }
    m_rows = std::move(rows);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int SignalsModel::rowOf(qint64 signalId) const {
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].signal.id == signalId)
            return static_cast<int>(i);
    }
    return -1;
}

std::optional<SignalRow> SignalsModel::row(qint64 signalId) const {
    const int r = rowOf(signalId);
    return r < 0 ? std::nullopt : std::optional(m_rows[static_cast<std::size_t>(r)]);
}

namespace {
// Done, and what was done was the trader's Reject (or a ticket left to expire).
bool rejected(const SignalRow &r) {
    return r.signal.status == SignalStatus::Done && r.execution &&
           r.execution->mode == ExecutionMode::RejectedByUser;
}
} // namespace

int SignalsModel::countWithStatus(SignalStatus s) const {
    int n = 0;
    for (const SignalRow &r : m_rows)
        n += r.signal.status == s && !(s == SignalStatus::Done && rejected(r)) ? 1 : 0;
    return n;
}

int SignalsModel::countRejected() const {
    return static_cast<int>(std::count_if(m_rows.begin(), m_rows.end(), rejected));
}

QString SignalsModel::statusText(const SignalRow &r) {
    if (rejected(r))
        return tr("Rejected");
    switch (r.signal.status) {
    case SignalStatus::Pending:
        return tr("Pending");
    case SignalStatus::Claimed:
        return tr("Claimed");
    case SignalStatus::Done:
        return tr("Done");
    case SignalStatus::Failed:
        return tr("Failed");
    }
    return {};
}

int SignalsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SignalsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SignalsModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const SignalRow &row = m_rows[static_cast<std::size_t>(index.row())];
    const Signal &s = row.signal;
    const std::optional<ExecutionRecord> &e = row.execution;
    switch (role) {
    case SignalIdRole:
        return QVariant::fromValue<qint64>(s.id);
    case StatusRole:
        return qs(toString(s.status));
    case ModeRole:
        return e ? qs(toString(e->mode)) : QString();
    case ExecutionIdRole:
        return e ? QVariant::fromValue<qint64>(e->id) : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == IdColumn || index.column() == QtyColumn ||
            index.column() == LimitColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == ModeColumn && e)
            return modeColor(e->mode);
        if (index.column() == StatusColumn && s.status == SignalStatus::Failed)
            return QColor(0xd9, 0x48, 0x3b);
        return {};
    case Qt::ToolTipRole: {
        if (!e)
            return s.status == SignalStatus::Failed ? QString::fromStdString(s.error) : QString();
        QString tip = tr("%1 %2 %3 \u2192 %4")
                          .arg(QString::fromStdString(s.symbol), qs(toString(s.action)),
                               qs(strategyName(s)), ExecutionsModel::modeText(e->mode));
        if (!e->optionSymbol.empty())
            tip += tr("\nContract %1").arg(QString::fromStdString(e->optionSymbol));
        if (e->underlyingPrice)
            tip +=
                tr("\nUnderlying %1").arg(QString::fromStdString(formatPrice(*e->underlyingPrice)));
        if (!e->orderId.empty())
            tip += tr("\nOrder %1 (%2)")
                       .arg(QString::fromStdString(e->orderId),
                            QString::fromStdString(e->orderStatus));
        if (e->fillPrice)
            tip += tr("\nFilled at %1").arg(QString::fromStdString(formatPrice(*e->fillPrice)));
        if (!e->fallbackReason.empty())
            tip += tr("\nReason: %1").arg(QString::fromStdString(e->fallbackReason));
        return tip;
    }
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case IdColumn:
        return QVariant::fromValue<qint64>(s.id);
    case TimeColumn:
        return QLocale::c().toString(localTime(s.createdAt), QStringLiteral("MMM d HH:mm:ss"));
    case SymbolColumn:
        return QString::fromStdString(s.symbol);
    case ActionColumn:
        return qs(toString(s.action));
    case StrategyColumn:
        return qs(strategyName(s));
    case StatusColumn:
        return statusText(row);
    case ModeColumn:
        return e ? ExecutionsModel::modeText(e->mode) : QString();
    case ContractColumn:
        return e ? QString::fromStdString(e->optionSymbol.empty() && e->instrumentType == "STOCK"
                                              ? e->ticker
                                              : e->optionSymbol)
                 : QString();
    case QtyColumn:
        return e && e->qty ? QVariant(*e->qty) : QVariant();
    case LimitColumn:
        return e && e->limitPrice ? QString::fromStdString(formatPrice(*e->limitPrice)) : QString();
    case OrderColumn:
        if (!e)
            return {};
        if (e->fillPrice && !e->orderStatus.empty())
            return tr("%1 @ %2").arg(QString::fromStdString(e->orderStatus),
                                     QString::fromStdString(formatPrice(*e->fillPrice)));
        return QString::fromStdString(e->orderStatus);
    case ReasonColumn:
        if (e && !e->fallbackReason.empty())
            return QString::fromStdString(e->fallbackReason);
        return s.status == SignalStatus::Failed ? QString::fromStdString(s.error) : QString();
    default:
        return {};
    }
}

QVariant SignalsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("#");
    case TimeColumn:
        return tr("Added");
    case SymbolColumn:
        return tr("Symbol");
    case ActionColumn:
        return tr("Action");
    case StrategyColumn:
        return tr("Strategy");
    case StatusColumn:
        return tr("Status");
    case ModeColumn:
        return tr("Decision");
    case ContractColumn:
        return tr("Contract");
    case QtyColumn:
        return tr("Qty");
    case LimitColumn:
        return tr("Limit");
    case OrderColumn:
        return tr("Order");
    case ReasonColumn:
        return tr("Reason");
    default:
        return {};
    }
}

} // namespace cg::models
