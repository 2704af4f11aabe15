#pragma once
// The Strategy builder dock's content: a template placed on the shown expiry (at the money, at a
// short-leg delta or a percent out of the money, with a wing width; calendars and diagonals on a
// far expiry), the legs (side and ratio editable, the five gates per leg with their reasons on
// hover), the combination's figures (net at mid and natural, combined spread and its gate, max
// profit and loss, break-evens, probability of profit, greeks) and the payoff today, at a chosen
// date and at expiry on one chart. All of it from models::StrategyBuilderModel; "Review order..."
// asks for the multi-leg ticket.

#include "domain/strategy_settings.h"
#include "domain/strategy_template.h"
#include "ui/payoff_plot.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QCustomPlot;
class QCPItemText;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QTableView;

namespace cg::models {
class StrategyBuilderModel;
}

namespace cg::ui {

class StrategyBuilderPanel : public QWidget {
    Q_OBJECT
public:
    explicit StrategyBuilderPanel(models::StrategyBuilderModel &model, QWidget *parent = nullptr);

    QComboBox *templateBox() const { return m_template; }
    QComboBox *placementBox() const { return m_placement; }
    QDoubleSpinBox *valueBox() const { return m_value; }
    QDoubleSpinBox *widthBox() const { return m_width; }
    QComboBox *farExpiryBox() const { return m_far; }
    QPushButton *placeButton() const { return m_place; }
    QPushButton *reviewButton() const { return m_review; }
    QTableView *legsView() const { return m_legs; }
    QCustomPlot *plot() const { return m_plot; }
    QSlider *daysSlider() const { return m_days; }
    QLabel *messageLabel() const { return m_message; }
    // The figure labels, by name: netMid, netNatural, spread, combo, maxProfit, maxLoss,
    // breakEvens, pop, greeks.
    QLabel *figureLabel(const QString &name) const;

    // Places the template chosen in the boxes (Place).
    void placeChosen();
    // Chooses the template, with its settings in the boxes (templateSettings), and places it.
    void placeDefault(StrategyTemplate kind);
    // Where a template's settings come from when it is chosen (short delta, OTM % or at the
    // money, width): the dispatcher's, so the panel places what a signal would trade. Without
    // it, the templates' defaults (defaultStrategySettings).
    void setTemplateSettings(std::function<StrategySettings(StrategyTemplate)> settingsOf);
    // Shows a message under the legs (an error in the warning colour).
    void showMessage(const QString &text, bool error);
    // Whether a ticket can be asked for (a TradingSession is there).
    void setReviewAvailable(bool available, const QString &why = {});

Q_SIGNALS:
    void reviewRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuildFarExpiries();
    void onTemplateChanged();
    void onPlacementChanged();
    void applyTemplateSettings();
    void updateFigures();
    void redraw();
    void applyColors();

    models::StrategyBuilderModel &m_model;
    std::function<StrategySettings(StrategyTemplate)> m_settingsOf = defaultStrategySettings;
    QComboBox *m_template;
    QComboBox *m_placement;
    QDoubleSpinBox *m_value;
    QDoubleSpinBox *m_width;
    QLabel *m_farLabel;
    QComboBox *m_far;
    QPushButton *m_place;
    QTableView *m_legs;
    QPushButton *m_remove;
    QPushButton *m_clear;
    QLabel *m_message;
    QWidget *m_figures;
    QSlider *m_days;
    QLabel *m_daysLabel;
    QCustomPlot *m_plot;
    QPushButton *m_review;
    bool m_reviewAvailable = false;
    PayoffPlot m_payoff;
    QCPItemText *m_liveLabel = nullptr;
};

} // namespace cg::ui
