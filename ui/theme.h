#pragma once
// Light, dark or the platform's own look. Dark and light use Fusion with a full palette, so every
// widget (and every colour derived from palette roles) follows.

#include <QString>

namespace cg::ui {

// "dark", "light" or "system"; unknown names mean "system".
void applyTheme(const QString &name);

} // namespace cg::ui
