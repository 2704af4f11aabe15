#pragma once
// The dispatcher's persisted state (kill switch, book tag) in the execution store's key/value
// state, so it survives a restart and is shared by consoles on one database.

#include "dispatch/kill_switch.h"

#include <string>

namespace cg {

class ExecutionStore;

inline constexpr char kKillSwitchStateKey[] = "dispatch.kill_switch";
inline constexpr char kBookTagStateKey[] = "dispatch.book_tag";

KillSwitchPersistence killSwitchPersistence(ExecutionStore &store);

// The book's tag for client order ids: read, or created once (8 hex digits) and saved.
Result<std::string> bookTag(ExecutionStore &store);

} // namespace cg
