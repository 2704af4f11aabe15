#include "domain/alert_rule.h"

#include <cmath>
#include <cstdio>

namespace cg {

bool observeAlert(AlertRule &rule, double value) {
    if (!std::isfinite(value))
        return false;
    const std::optional<double> before = rule.last;
    rule.last = value;
    if (!rule.armed || !before)
        return false;
    const bool crossed = rule.direction == AlertDirection::Above
                             ? *before < rule.level && value >= rule.level
                             : *before > rule.level && value <= rule.level;
    if (crossed)
        rule.armed = false;
    return crossed;
}

void rearmAlert(AlertRule &rule) {
    rule.armed = true;
    rule.last.reset();
}

AlertDirection directionFor(double level, double current) {
    return level > current ? AlertDirection::Above : AlertDirection::Below;
}

std::string describeAlert(const AlertRule &rule) {
    char level[64];
    if (rule.metric == AlertMetric::ImpliedVol)
        std::snprintf(level, sizeof level, "%.1f%%", rule.level * 100.0);
    else
        std::snprintf(level, sizeof level, "%.2f", rule.level);
    return rule.symbol + (rule.metric == AlertMetric::ImpliedVol ? " IV " : " price ") +
           (rule.direction == AlertDirection::Above ? "above " : "below ") + level;
}

} // namespace cg
