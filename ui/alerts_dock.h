#pragma once
// The Alerts dock (issue 18): the trader's alerts on a price or an IV, listed with their state,
// added from the chain's context menu (the contract's price or IV, the underlying's price) or
// typed in the dock, re-armed and removed there; the sound option; below them the console's last
// alerts of every kind (fills, rejections, the stream, ...), newest first. installAlerts builds it
// with the AlertCenter and the notifier; main.cpp then lets the center watch the console.

#include "domain/alert_rule.h"
#include "domain/clock.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QDockWidget;
class QDoubleSpinBox;
class QLineEdit;
class QSettings;
class QTableView;

namespace cg::models {
class AlertCenter;
class ChainSession;
} // namespace cg::models

namespace cg::ui {

class AlertNotifier;
class MainWindow;

class AlertsPanel : public QWidget {
    Q_OBJECT
public:
    AlertsPanel(models::AlertCenter &center, AlertNotifier &notifier, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    // The console's last alerts, newest first (AlertHistoryModel).
    QTableView *historyTable() const { return m_history; }
    // The add row: symbol, metric, direction, level.
    void setDraft(const QString &symbol, AlertMetric metric, double level,
                  std::optional<double> current);
    bool addDraft();
    void removeSelected();
    void rearmSelected();

private:
    models::AlertCenter &m_center;
    QTableView *m_table;
    QTableView *m_history;
    QLineEdit *m_symbol;
    QComboBox *m_metric;
    QComboBox *m_direction;
    QDoubleSpinBox *m_level;
    // The draft's value now (setDraft), in the level's units: the direction follows the level
    // typed against it until the trader picks one.
    std::optional<double> m_draftCurrent;
    bool m_directionChosen = false;
};

struct AlertsInstall {
    models::AlertCenter *center = nullptr;
    AlertNotifier *notifier = nullptr;
    AlertsPanel *panel = nullptr;
    QDockWidget *dock = nullptr;
};

// The center (rules kept in `settings` when given, else in none), the notifier and the dock,
// tabbed with the Positions dock when there is one; the chain's contract menu gains "Alert when
// ..." entries that fill the dock's add row with the current value.
AlertsInstall installAlerts(MainWindow &window, const Clock &clock, QSettings *settings,
                            const QString &mode = {});

} // namespace cg::ui
