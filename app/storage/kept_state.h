#pragma once
// State kept in the database (engine_state, a small key/value table) for engine switches that
// must survive a restart and be seen by every console on the database, such as the dispatcher's
// kill switch.

#include "domain/result.h"

#include <optional>
#include <string>

namespace cg {

class StoreConnection;

class KeptState {
public:
    explicit KeptState(StoreConnection &connection);
    KeptState(const KeptState &) = delete;
    KeptState &operator=(const KeptState &) = delete;

    Result<Unit> setValue(const std::string &key, const std::string &value);
    // nullopt when the key was never set.
    Result<std::optional<std::string>> value(const std::string &key) const;
    // `value` stored under `key` unless one is there already (not empty); what is stored after,
    // in one statement: of two consoles writing at once, both read the first one's.
    Result<std::string> keepFirst(const std::string &key, const std::string &value);

private:
    // `value` under `key`; over a stored one too, or only over an empty one.
    Result<Unit> write(const std::string &key, const std::string &value, bool onlyOverEmpty);

    StoreConnection &m_db;
};

} // namespace cg
