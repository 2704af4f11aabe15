#include "dispatch/claim_owner.h"

#include <QCoreApplication>
#include <QSysInfo>

#include <cerrno>
#include <csignal>
#include <sys/types.h>

namespace cg {

namespace {

std::string hostName() {
    return QSysInfo::machineHostName().toStdString();
}

} // namespace

std::string dispatcherIdForThisProcess(const std::string &program) {
    return hostName() + "/" + program + "/" + std::to_string(QCoreApplication::applicationPid());
}

bool claimHolderIsDead(const std::string &claimedBy) {
    const std::string prefix = hostName() + "/";
    if (claimedBy.rfind(prefix, 0) != 0)
        return false;
    if (claimedBy == prefix + "chaingate-cli")
        return true;
    const auto slash = claimedBy.rfind('/');
    if (slash == std::string::npos || slash + 1 >= claimedBy.size() || slash < prefix.size())
        return false;
    const std::string digits = claimedBy.substr(slash + 1);
    if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
        return false;
    const long pid = std::stol(digits);
    if (pid <= 1 || pid == QCoreApplication::applicationPid())
        return false;
    // Signal 0 checks existence only; EPERM means it runs under another user: alive.
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

} // namespace cg
