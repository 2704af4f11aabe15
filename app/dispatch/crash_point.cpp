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

} // namespace

void crashPoint(const char *step) {
    if (armed(step))
        std::raise(SIGKILL);
}

void crashPointSoon(const char *step, int ms) {
    if (armed(step))
        QTimer::singleShot(ms, [] { std::raise(SIGKILL); });
}

} // namespace cg
