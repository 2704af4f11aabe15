#include "dispatch/claim_owner.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QStringList>
#include <QSysInfo>

#include <cerrno>
#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace cg {

namespace {

std::string hex(quint32 v) {
    return QStringLiteral("%1").arg(v, 8, 16, QLatin1Char('0')).toStdString();
}

std::string processInstance() {
    // Random once per process: a pid reused later (or on a machine cloned with its id) is
    // another holder.
    static const std::string instance =
        thisMachineToken() + hex(QRandomGenerator::system()->generate());
    return instance;
}

} // namespace

std::string machineToken(const QByteArray &machineId, const QByteArray &pidNamespace) {
    // The namespace appended where there is one: the token of the host's own namespace stays
    // what it was without one only for platforms without namespaces.
    const QByteArray key = pidNamespace.isEmpty() ? machineId : machineId + '/' + pidNamespace;
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(8).toStdString();
}

std::string thisMachineToken() {
    static const std::string token = [] {
        QByteArray id = QSysInfo::machineUniqueId();
        if (id.isEmpty()) // no machine id: the boot id still tells machines apart
            id = QSysInfo::bootUniqueId();
        if (id.isEmpty())
            id = QSysInfo::machineHostName().toUtf8();
        QByteArray ns;
#if defined(Q_OS_LINUX)
        char link[64] = {};
        if (const ssize_t n = ::readlink("/proc/self/ns/pid", link, sizeof link - 1); n > 0)
            ns = QByteArray(link, static_cast<int>(n));
#endif
        return machineToken(id, ns);
    }();
    return token;
}

std::string dispatcherIdForThisProcess(const std::string &program) {
    return QSysInfo::machineHostName().toStdString() + "/" + program + "/" +
           std::to_string(QCoreApplication::applicationPid()) + "/" + processInstance();
}

bool claimHolderIsDead(const std::string &claimedBy) {
    const QStringList parts = QString::fromStdString(claimedBy).split(QLatin1Char('/'));
    if (parts.size() != 4)
        return false;
    const QString &pidText = parts.at(2);
    const QString &instance = parts.at(3);
    if (instance.size() != 16 || !instance.startsWith(QString::fromStdString(thisMachineToken())))
        return false;
    if (pidText.isEmpty() || pidText.size() > 9)
        return false;
    bool ok = false;
    const long pid = pidText.toLong(&ok);
    if (!ok || pid <= 1 || pid == QCoreApplication::applicationPid())
        return false;
    // Signal 0 checks existence only; EPERM means it runs under another user: alive.
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

} // namespace cg
