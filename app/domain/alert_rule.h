#pragma once
// A trader's alert on a contract's or an underlying's price or implied volatility: it fires when
// the value crosses the level in the rule's direction, once, and stays quiet until re-armed.
// Pure: the caller feeds the values it sees.

#include <optional>
#include <string>

namespace cg {

enum class AlertMetric { Price, ImpliedVol };
enum class AlertDirection { Above, Below };

struct AlertRule {
    int id = 0;
    std::string symbol; // an OCC contract or an underlying
    AlertMetric metric = AlertMetric::Price;
    AlertDirection direction = AlertDirection::Above;
    double level = 0.0;         // a price, or an IV as a fraction (0.25 = 25 %)
    bool armed = true;          // false once fired, until rearmAlert
    std::optional<double> last; // the last value seen: a crossing needs a side to start from
    bool operator==(const AlertRule &) const = default;
};

// Feeds the rule a value. True when it crosses: Above, from below the level to at or above it;
// Below, from above to at or below. The first value after arming only sets the side. A fired
// rule is disarmed and fires no more until rearmAlert.
bool observeAlert(AlertRule &rule, double value);
// Arms the rule again; the next value sets the side afresh.
void rearmAlert(AlertRule &rule);
// The direction that a level set against the current value means: above it, Above.
AlertDirection directionFor(double level, double current);

// "SPY price above 600.00", "SPY261218C00600000 IV below 20.0%".
std::string describeAlert(const AlertRule &rule);

} // namespace cg
