#include "ui/tick_spin_box.h"

#include "domain/quote.h"
#include "domain/tick_table.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace cg::ui {

TickSpinBox::TickSpinBox(QWidget *parent)
    : QDoubleSpinBox(parent) {
    setDecimals(2);
    setRange(0.01, 1000000.0);
    setLocale(QLocale::c()); // prices read the same everywhere
    setKeyboardTracking(false);
    connect(this, &QAbstractSpinBox::editingFinished, this, &TickSpinBox::snap);
}

void TickSpinBox::setOptionTicks(bool option, const TickTable &ticks,
                                 const std::string &optionClass, const std::optional<Quote> &seen) {
    m_option = option;
    m_tier = ticks.tier(optionClass, seen);
    m_class = QString::fromStdString(optionClass);
    setToolTip(tickRule());
    snap();
}

double TickSpinBox::tickAt(double price) const {
    return m_option ? optionTick(m_tier, price) : 0.01;
}

QString TickSpinBox::tickRule() const {
    if (!m_option)
        return tr("Steps by $0.01");
    const QString cls = m_class.isEmpty() ? tr("This class") : m_class;
    switch (m_tier) {
    case PennyTier::EveryPrice:
        return tr("%1 options trade in $0.01 at every price (Penny Interval Program)").arg(cls);
    case PennyTier::UnderThree:
        return tr("%1 options trade in $0.01 below $3.00 and $0.05 from $3.00 (Penny Interval "
                  "Program)")
            .arg(cls);
    case PennyTier::None:
        break;
    }
    return tr("%1 options trade in $0.05 below $3.00 and $0.10 from $3.00 (not in the Penny "
              "Interval Program)")
        .arg(cls);
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
    (void)snapToTick();
}

std::optional<double> TickSpinBox::snapToTick() {
    const double v = value();
    // A price under half the first tick goes up to it: $0.00 is no price.
    const double snapped = nearestTickPrice(v, tickAt(v));
    if (std::abs(snapped - v) < 1e-9 || snapped < minimum())
        return std::nullopt;
    setValue(snapped);
    return v;
}

} // namespace cg::ui
