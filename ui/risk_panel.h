#pragma once
// The Risk dock's content: the scope (one underlying or the portfolio), sliders for days forward
// and the IV shift, and the P&L chart of models::RiskGraphModel - today, at the chosen date, at
// expiry, break-evens marked, the live price and the +-1 expected move band.

#include "ui/payoff_plot.h"

#include <QWidget>

class QComboBox;
class QCustomPlot;
class QCPGraph;
class QCPItemRect;
class QCPItemText;
class QLabel;
class QSlider;

namespace cg::models {
class RiskGraphModel;
}

namespace cg::ui {

class RiskPanel : public QWidget {
    Q_OBJECT
public:
    explicit RiskPanel(models::RiskGraphModel &model, QWidget *parent = nullptr);

    QComboBox *scopeBox() const { return m_scope; }
    QSlider *daysSlider() const { return m_days; }
    QSlider *ivSlider() const { return m_iv; }
    QCustomPlot *plot() const { return m_plot; }
    QString summaryText() const;
    QString leftOutText() const;

private:
    void rebuildScopes();
    void redraw();
    void applyColors();

    models::RiskGraphModel &m_model;
    QComboBox *m_scope;
    QSlider *m_days;
    QLabel *m_daysLabel;
    QSlider *m_iv;
    QLabel *m_ivLabel;
    QCustomPlot *m_plot;
    QLabel *m_summary;
    QLabel *m_leftOut;
    PayoffPlot m_payoff;
    QCPGraph *m_dateBe = nullptr;
    QCPItemRect *m_band = nullptr;
    QCPItemText *m_bandLabel = nullptr;
};

} // namespace cg::ui
