#pragma once
// Who holds a signal's claim: "<host>/<program>/<pid>/<instance>", the instance 16 hex digits
// unique to this process (this machine's id, hashed, then random), so two hosts that share a name
// never pass for each other. Claims are leases (SignalQueue): any holder's claim is released once
// its lease expires. A holder of this very machine whose process no longer runs is released at
// once, without waiting for the lease; its signal is dispatched again, which finds its record or
// its order by client order id.

#include <QByteArray>

#include <string>

namespace cg {

std::string dispatcherIdForThisProcess(const std::string &program);

// The first 8 hex digits of every instance this machine hands out: its machine id and its PID
// namespace, hashed. Containers and sandboxes on one host share the machine id, not the PID
// namespace, and a pid of one is not a process of the other.
std::string thisMachineToken();
// The token of a machine id seen from a PID namespace ("pid:[4026531836]").
std::string machineToken(const QByteArray &machineId, const QByteArray &pidNamespace);

// True only when `claimedBy` names a process of this machine (same machine token) that is not
// running. Holders of other machines, same-named hosts included, and ids in an older form are
// never judged here: their lease decides.
bool claimHolderIsDead(const std::string &claimedBy);

} // namespace cg
