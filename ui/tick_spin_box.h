#pragma once
// A price box that steps by the option tick of the price it holds ($0.01 below $3.00, $0.05
// from $3.00 in the penny program) and snaps what the trader types to that tick.

#include <QDoubleSpinBox>

namespace cg::ui {

class TickSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit TickSpinBox(QWidget *parent = nullptr);

    // Options use the option tick table; stocks step by a cent.
    void setOptionTicks(bool option, bool pennyProgram = true);
    double tickAt(double price) const;
    void stepBy(int steps) override;
    void fixup(QString &input) const override;

private:
    void snap();

    bool m_option = true;
    bool m_penny = true;
};

} // namespace cg::ui
