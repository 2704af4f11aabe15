#include "dispatch/crash_point.h"

#include <QTimer>

#include <csignal>
#include <cstdlib>
#include <cstring>

namespace cg {

namespace {

bool armed(const char *step) {
    static const char *const target = std::getenv("CHAINGATE_CRASH_AT");
    return target && std::strcmp(target, step) == 0;
}

// CHAINGATE_TERM_AT=<step>: SIGTERM instead, as systemd stops a service mid-order (the service
// test: the order in flight is finished and recorded before the exit).
bool termArmed(const char *step) {
    static const char *const target = std::getenv("CHAINGATE_TERM_AT");
    return target && std::strcmp(target, step) == 0;
}

} // namespace

void crashPoint(const char *step) {
    if (armed(step))
        std::raise(SIGKILL);
    if (termArmed(step))
        std::raise(SIGTERM);
}

void crashPointSoon(const char *step, int ms) {
    if (armed(step))
        QTimer::singleShot(ms, [] { std::raise(SIGKILL); });
    if (termArmed(step))
        QTimer::singleShot(ms, [] { std::raise(SIGTERM); });
}

} // namespace cg
