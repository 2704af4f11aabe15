#include "dispatch/dispatch_state.h"

#include "storage/execution_store.h"

#include <QUuid>

namespace cg {

KillSwitchPersistence killSwitchPersistence(ExecutionStore &store) {
    KeptState *s = &store.kept();
    return KillSwitchPersistence{
        [s]() { return s->value(kKillSwitchStateKey); },
        [s](const std::string &value) { return s->setValue(kKillSwitchStateKey, value); }};
}

Result<std::string> bookTag(ExecutionStore &store) {
    auto current = store.kept().value(kBookTagStateKey);
    if (!current)
        return current.error();
    if (current->has_value() && !(*current)->empty())
        return **current;
    // Two consoles starting on a new book at once: the first tag written is the book's, and both
    // read it back (each kept its own before, and one's kill switch missed the other's orders).
    const std::string tag =
        QUuid::createUuid().toString(QUuid::Id128).left(8).toLower().toStdString();
    return store.kept().keepFirst(kBookTagStateKey, tag);
}

} // namespace cg
