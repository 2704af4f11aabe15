#pragma once
// The selected contract in full: every field, each gate with its value against the threshold,
// the greeks, and its payoff at expiry and today (Black-Scholes).

#include "domain/quote.h"
#include "models/chain_entry.h"

#include <QWidget>

#include <optional>

class QCustomPlot;
class QGridLayout;
class QLabel;
class QTableWidget;

namespace cg::ui {

class ContractDetailPanel : public QWidget {
    Q_OBJECT
public:
    explicit ContractDetailPanel(QWidget *parent = nullptr);

    // `rate` for Black-Scholes (continuously compounded).
    void setContract(const std::optional<models::ChainEntry> &entry, double underlyingPrice,
                     Timestamp now, bool isPick, double rate);
    QString titleText() const;
    // The value shown beside a field's name ("Mid", "IV %", ...): for tests and screenshots.
    QString fieldText(const QString &name) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void addField(const QString &name);
    void setField(const QString &name, const QString &value);
    void updatePlot();

    QLabel *m_title;
    QLabel *m_subtitle;
    QLabel *m_verdict;
    QGridLayout *m_grid;
    QTableWidget *m_gates;
    QCustomPlot *m_payoff;
    QHash<QString, QLabel *> m_values;
    std::optional<models::ChainEntry> m_entry;
    bool m_isPick = false; // kept to colour the verdict again after a theme switch
    double m_spot = 0.0;
    Timestamp m_now{};
    double m_rate = 0.04;
};

} // namespace cg::ui
