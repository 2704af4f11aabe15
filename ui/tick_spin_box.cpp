#include "ui/tick_spin_box.h"

#include "domain/quote.h"

#include <QLocale>

namespace cg::ui {

TickSpinBox::TickSpinBox(QWidget *parent)
    : QDoubleSpinBox(parent) {
    setDecimals(2);
    setRange(0.01, 1000000.0);
    setLocale(QLocale::c()); // prices read the same everywhere
    setKeyboardTracking(false);
    connect(this, &QAbstractSpinBox::editingFinished, this, &TickSpinBox::snap);
}

void TickSpinBox::setOptionTicks(bool option, bool pennyProgram) {
    m_option = option;
    m_penny = pennyProgram;
    snap();
}

double TickSpinBox::tickAt(double price) const {
    return m_option ? optionTick(price, m_penny) : 0.01;
}

void TickSpinBox::stepBy(int steps) {
    double v = value();
    // One tick at a time, so a step across $3.00 changes its size on the way.
    for (int i = 0; i < std::abs(steps); ++i) {
        const double tick = steps > 0 ? tickAt(v) : tickAt(std::max(0.01, v - 0.005));
        v = roundToTick(v + (steps > 0 ? tick : -tick), tick);
    }
    setValue(std::max(minimum(), v));
}

void TickSpinBox::fixup(QString &input) const {
    bool ok = false;
    const double v = locale().toDouble(input, &ok);
    if (ok && v > 0.0)
        input = locale().toString(roundToTick(v, tickAt(v)), 'f', decimals());
    else
        QDoubleSpinBox::fixup(input);
}

void TickSpinBox::snap() {
    const double v = value();
    const double snapped = roundToTick(v, tickAt(v));
    if (snapped != v && snapped >= minimum())
        setValue(snapped);
}

} // namespace cg::ui
