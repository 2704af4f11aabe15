#pragma once
// The account's activities (GET /v2/account/activities), newest first: fills and the option
// events (exercise, assignment, expiry, and the share trade paired with them). Each load replaces
// the list; only rows that arrived or left are inserted or removed.

#include "domain/account_activity.h"
#include "models/keyed_table_model.h"

namespace cg::models {

class ActivitiesModel : public KeyedTableModel<Activity> {
    Q_OBJECT
public:
    enum Column { When, Type, Symbol, Side, Qty, Price, Amount, Status, Count };

    explicit ActivitiesModel(QObject *parent = nullptr);

    void setActivities(std::vector<Activity> activities);

    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    int columns() const override { return Count; }
    QString keyOf(const Activity &a) const override { return QString::fromStdString(a.id); }
    QVariant cell(const Activity &a, int column, int role) const override;
};

} // namespace cg::models
