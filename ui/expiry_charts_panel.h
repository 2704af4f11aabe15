#pragma once
// Charts of the whole shown expiry: the IV smile of calls and puts (contracts that pass all five
// gates filled, the others hollow) and open interest and volume by strike.

#include "models/chain_entry.h"

#include <QWidget>

#include <vector>

class QCustomPlot;

namespace cg::ui {

class ExpiryChartsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExpiryChartsPanel(QWidget *parent = nullptr);

    void setChain(const std::vector<models::ChainEntry> &entries, double underlyingPrice);
    QCustomPlot *smilePlot() const { return m_smile; }
    QCustomPlot *volumePlot() const { return m_volume; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void setupPlots();
    void replotAll();

    QCustomPlot *m_smile;
    QCustomPlot *m_volume;
    std::vector<models::ChainEntry> m_entries;
    double m_spot = 0.0;
    bool m_userZoomed = false;
    QString m_shownKey; // expiry + underlying of the last rescale
};

} // namespace cg::ui
