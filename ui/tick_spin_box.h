#pragma once
// A price box that steps by the option tick of the price it holds, per class (domain/tick_table.h:
// SPY $0.01 at every price, a penny class $0.01 below $3.00 and $0.05 from $3.00, any other class
// $0.05 / $0.10), and snaps what the trader types to that tick. Its tooltip names the rule.

#include "domain/tick_table.h"

#include <QDoubleSpinBox>

#include <optional>

#include <string>

namespace cg::ui {

class TickSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit TickSpinBox(QWidget *parent = nullptr);

    // Options use the tick of their class in `ticks` (made finer by a quote `seen` off its
    // listed grid: TickTable::tier); stocks step by a cent.
    void setOptionTicks(bool option, const TickTable &ticks = {},
                        const std::string &optionClass = {},
                        const std::optional<Quote> &seen = std::nullopt);
    double tickAt(double price) const;
    void stepBy(int steps) override;
    void fixup(QString &input) const override;
    // Puts a value typed off the tick on the nearest tick; the value it had when it moved it.
    // (A ticket calls it at Confirm, whose click takes no focus, so that a typed price moves
    // where the trader sees it and is never sent unseen.)
    std::optional<double> snapToTick();

private:
    void snap();
    QString tickRule() const;

    bool m_option = true;
    PennyTier m_tier = PennyTier::None;
    QString m_class;
};

} // namespace cg::ui
