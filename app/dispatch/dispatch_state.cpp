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
    const std::string tag =
        QUuid::createUuid().toString(QUuid::Id128).left(8).toLower().toStdString();
    auto saved = store.kept().setValue(kBookTagStateKey, tag);
    if (!saved)
        return saved.error();
    return tag;
}

} // namespace cg
