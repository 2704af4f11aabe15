#pragma once
// The account's history in the window (issue 18): an Activities dock (fills, exercises,
// assignments, expiries; GET /v2/account/activities) and an Equity dock with the equity curve
// (GET /v2/account/portfolio/history) as a QCustomPlot chart styled like every chart of the
// window (ui/plot_style). Today's fills also go to the Positions table, whose day P&L of a
// position traded today counts them. Both reload on a timer and on reload().

#include "broker/broker.h"
#include "domain/clock.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QDockWidget;
class QLabel;
class QMainWindow;
class QToolButton;

namespace cg::models {
class ActivitiesModel;
class PositionsModel;
} // namespace cg::models

namespace cg::ui {

class TradingTableView;

class AccountHistoryDocks : public QObject {
    Q_OBJECT
public:
    // Broker and clock must outlive the docks; `positions` may be nullptr.
    AccountHistoryDocks(QMainWindow &window, Broker &broker, const Clock &clock,
                        models::PositionsModel *positions, int pollMs = 30000);

    QDockWidget *activitiesDock() const { return m_activitiesDock; }
    QDockWidget *equityDock() const { return m_equityDock; }
    models::ActivitiesModel *activitiesModel() const { return m_activities; }
    QCustomPlot *equityPlot() const { return m_plot; }
    QString activitiesStatus() const;
    QString equityStatus() const;
    int equityPoints() const { return m_points; }
    // The chart's range: "1D" (5-minute points), "1W" (hourly), "1M" or "3M" (daily).
    void setPeriod(const QString &period);

public Q_SLOTS:
    void reload();
    // The activities again in a moment (a fill was reported: the day P&L counts today's fills);
    // fills in quick succession are read once.
    void reloadActivitiesSoon();

Q_SIGNALS:
    void activitiesLoaded(int count, const QString &error);
    void equityLoaded(int points, const QString &error);

private:
    void loadActivities();
    void loadEquity();
    void showEquity(const PortfolioHistory &h);
    void applyColors();

    QMainWindow &m_window;
    Broker &m_broker;
    const Clock &m_clock;
    QPointer<models::PositionsModel> m_positions;
    models::ActivitiesModel *m_activities;
    TradingTableView *m_table;
    QLabel *m_activitiesStatus;
    QCustomPlot *m_plot;
    QCPGraph *m_graph = nullptr;
    QCPItemStraightLine *m_base = nullptr;
    QLabel *m_equityStatus;
    QList<QToolButton *> m_periodButtons;
    QDockWidget *m_activitiesDock;
    QDockWidget *m_equityDock;
    QString m_period = QStringLiteral("1M");
    int m_points = 0;
    QTimer m_timer;
    QTimer m_activitiesSoon;
};

// Builds the two docks into the window (owned by the window), tabbed with the Positions dock.
AccountHistoryDocks *installAccountHistoryDocks(QMainWindow &window, Broker &broker,
                                                const Clock &clock,
                                                models::PositionsModel *positions);

} // namespace cg::ui
