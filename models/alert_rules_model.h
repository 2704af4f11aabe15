#pragma once
// The trader's alerts on prices and IVs (domain/alert_rule) as a table for the Alerts dock:
// added from the chain's menu, removed and re-armed from the dock, kept in the settings
// (QSettings group "alerts", one list per trading mode) so they survive a restart. Fed values by
// AlertCenter.

#include "domain/alert_rule.h"

#include <QAbstractTableModel>
#include <QString>

#include <functional>
#include <optional>
#include <set>
#include <vector>

class QSettings;

namespace cg::models {

class AlertRulesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Alert, State, Last, Count };

    explicit AlertRulesModel(QObject *parent = nullptr);

    // Where the rules are kept (nullptr: not kept); loads them from there. `mode` keeps each
    // account's rules apart ("DEMO", "PAPER", "LIVE": alerts/<mode>/rules), so that the simulated
    // market never fires (and disarms) a real account's rule; empty: the one list of old builds
    // (alerts/rules), which a PAPER or LIVE console takes over the first time.
    void setSettings(QSettings *settings, const QString &mode = {});

    const std::vector<AlertRule> &rules() const { return m_rules; }
    // Adds an armed rule with a new id; returns the id.
    int add(AlertRule rule);
    void remove(int row);
    void rearm(int row);

    // Feeds every armed rule its value (none: not known now); returns the rules that fired.
    using ValueOf = std::function<std::optional<double>(const AlertRule &)>;
    std::vector<AlertRule> observe(const ValueOf &valueOf);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void load();
    void save() const;

    std::vector<AlertRule> m_rules;
    QSettings *m_settings = nullptr;
    QString m_key;             // alerts/<mode>/rules
    std::set<int> m_unwatched; // ids without a value at the last check: not shown now
    int m_nextId = 1;
};

} // namespace cg::models
