#include "models/alert_history_model.h"

#include "models/display_format.h"

namespace cg::models {

QString alertKindText(AlertKind kind) {
    switch (kind) {
    case AlertKind::Fill:
        return AlertHistoryModel::tr("Fill");
    case AlertKind::Rejection:
        return AlertHistoryModel::tr("Rejected");
    case AlertKind::KillSwitch:
        return AlertHistoryModel::tr("Kill switch");
    case AlertKind::StreamLost:
        return AlertHistoryModel::tr("Stream");
    case AlertKind::ExpiringToday:
        return AlertHistoryModel::tr("Expiring");
    case AlertKind::UserAlert:
        return AlertHistoryModel::tr("Alert");
    }
    return {};
}

AlertHistoryModel::AlertHistoryModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void AlertHistoryModel::add(const AlertNotice &notice) {
    beginInsertRows({}, 0, 0);
    m_notices << notice;
    endInsertRows();
    if (m_notices.size() > kMaxNotices) {
        const int last = static_cast<int>(m_notices.size()) - 1;
        beginRemoveRows({}, last, last);
        m_notices.removeFirst();
        endRemoveRows();
    }
}

int AlertHistoryModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_notices.size());
}

int AlertHistoryModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertHistoryModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const AlertNotice &n = m_notices[m_notices.size() - 1 - index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time:
            return localTimeText(n.at);
        case Kind:
            return alertKindText(n.kind);
        case Title:
            return n.title;
        case Message:
            return n.body;
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole)
        return index.column() == Time ? utcTimeText(n.at) : n.title + QLatin1Char('\n') + n.body;
    return {};
}

QVariant AlertHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Kind:
        return tr("Kind");
    case Title:
        return tr("Alert");
    case Message:
        return tr("Message");
    default:
        return {};
    }
}

} // namespace cg::models
