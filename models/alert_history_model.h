#pragma once
// The console's last alerts, newest first: the list the Alerts dock shows under the trader's
// rules (a desktop notification goes away; this stays for the session). AlertCenter owns one and
// adds each notice it posts, already redacted. Only QtCore/QtGui.

#include "domain/clock.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace cg::models {

enum class AlertKind { Fill, Rejection, KillSwitch, StreamLost, ExpiringToday, UserAlert };

struct AlertNotice {
    AlertKind kind = AlertKind::UserAlert;
    QString title;
    QString body;
    Timestamp at{}; // when it was posted
};

// "Fill", "Rejected", ... for people.
QString alertKindText(AlertKind kind);

class AlertHistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Kind, Title, Message, ColumnCount };
    static constexpr int kMaxNotices = 50;

    explicit AlertHistoryModel(QObject *parent = nullptr);

    // The notice as row 0; the oldest dropped past kMaxNotices.
    void add(const AlertNotice &notice);
    // Oldest first.
    const QList<AlertNotice> &notices() const { return m_notices; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<AlertNotice> m_notices; // oldest first: row r is m_notices[size - 1 - r]
};

} // namespace cg::models
