#pragma once
// Who holds a signal's claim: "<host>/<program>/<pid>". A claim held by a process of this host
// that no longer runs belongs to a dead run (killed, crashed): it may be released so that the
// signal is dispatched again, which finds its record or its order by client order id.

#include <string>

namespace cg {

std::string dispatcherIdForThisProcess(const std::string &program);

// True only when `claimedBy` names a process of this host that is not running, or is the
// "<host>/chaingate-cli" of builds before ids carried the pid (no such run survives an upgrade).
// Claims of other hosts, or in another form, are never judged dead here.
bool claimHolderIsDead(const std::string &claimedBy);

} // namespace cg
