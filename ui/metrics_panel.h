#pragma once
// The Metrics dock: execution quality over a chosen period, read from the database. Figures on
// top (orders placed share vs the 80% target, fill rate, average and maximum spread at entry vs
// the 7% target, slippage vs mid), and QCustomPlot charts of the mode distribution, fill rate,
// spread at entry, slippage and gate pass rates.

#include "domain/clock.h"
#include "models/execution_metrics.h"

#include <QWidget>

class QComboBox;
class QGridLayout;
class QCustomPlot;
class QLabel;

namespace cg {
class ExecutionStore;
class StoreWorker;
} // namespace cg

namespace cg::ui {

class MetricsPanel : public QWidget {
    Q_OBJECT
public:
    MetricsPanel(ExecutionStore *store, const Clock &clock, QWidget *parent = nullptr);

    void setPeriod(models::MetricsPeriod period);
    models::MetricsPeriod period() const;
    const models::ExecutionMetrics &metrics() const { return m_metrics; }
    QComboBox *periodCombo() const { return m_period; }
    QLabel *orderShareLabel() const { return m_orderShare; }
    QLabel *fillRateLabel() const { return m_fillRate; }
    QLabel *spreadLabel() const { return m_spread; }
    QLabel *slippageLabel() const { return m_slippage; }
    QCustomPlot *modesPlot() const { return m_modes; }
    QCustomPlot *spreadPlot() const { return m_spreads; }

public Q_SLOTS:
    // Reads the period's executions again and redraws.
    void refresh();
    // refresh() reads through `worker` (off the GUI thread) when set. Not owned.
    void setStoreWorker(StoreWorker *worker) { m_worker = worker; }

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QCustomPlot *makePlot(const QString &title, const QString &objectName);
    QLabel *makeFigure(const QString &objectName);
    void showFigures();
    void plotModes();
    void plotFills();
    void plotSpreads();
    void plotSlippage();
    void plotGates();
    void replotAll();
    void arrangePlots(int columns);

    ExecutionStore *m_store;
    StoreWorker *m_worker = nullptr;
    bool m_readInFlight = false;
    const Clock &m_clock;
    models::ExecutionMetrics m_metrics;
    QString m_error;
    QComboBox *m_period = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_orderShare = nullptr;
    QLabel *m_fillRate = nullptr;
    QLabel *m_spread = nullptr;
    QLabel *m_slippage = nullptr;
    QCustomPlot *m_modes = nullptr;
    QCustomPlot *m_fills = nullptr;
    QCustomPlot *m_spreads = nullptr;
    QCustomPlot *m_slips = nullptr;
    QCustomPlot *m_gates = nullptr;
    QGridLayout *m_plots = nullptr;
    int m_plotColumns = 0;
};

} // namespace cg::ui
