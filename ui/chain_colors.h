#pragma once
// The console's colour semantics (pass, fail, unknown, in the money, the pick, flashes), derived
// from the palette so they read on dark and light themes alike.

#include <QColor>
#include <QPalette>

namespace cg::ui {

struct ChainColors {
    QColor pass;     // gate passes: text
    QColor fail;     // gate fails: text
    QColor unknown;  // gate input unknown: text
    QColor failFill; // failing value: cell background overlay
    QColor unknownFill;
    QColor itmFill;    // in the money: overlay on the base colour
    QColor strikeFill; // the strike column
    QColor pickLine;   // the strategy's pick: outline
    QColor pickFill;
    QColor boundary; // the underlying price line at the money
    QColor flashUp;  // strongest flash colour; fades to transparent
    QColor flashDown;
    QColor flashOther;
    QColor warning; // stale data

    static ChainColors forPalette(const QPalette &palette);
    static bool isDark(const QPalette &palette);
};

} // namespace cg::ui
