#pragma once
// Light, dark or the platform's own look, switched at run time. Dark and light use Fusion with a
// full palette; "system" puts back the style and palette the process started with. Every widget
// gets QEvent::PaletteChange; a widget that paints with explicit colours (charts, coloured labels,
// style sheets) sets them again from its palette then: onPaletteChange() below, followPalette()
// for charts (ui/plot_style.h), ChainColors for the chain's semantic colours.

#include <QColor>
#include <QPalette>
#include <QString>

#include <functional>

class QWidget;

namespace cg::ui {

// "dark", "light" or "system"; unknown names mean "system". At once, in every open window.
void applyTheme(const QString &name);

// WCAG 2 contrast ratio of two opaque colours, 1 (same) to 21 (black on white).
double contrastRatio(const QColor &a, const QColor &b);

// Quieter text for names and notes beside values: the palette's placeholder colour, moved toward
// its text colour until it reads at 4.5:1 (WCAG AA) on `background`. Opaque.
QColor secondaryText(const QPalette &palette, QPalette::ColorRole background = QPalette::Window);

// Calls `restyle` whenever `widget`'s palette changes (a theme switch; the widget's palette is
// already the new one). For colours set explicitly, which would otherwise stay those of the theme
// they were set in. The hook lives as long as the widget.
void onPaletteChange(QWidget *widget, std::function<void()> restyle);

} // namespace cg::ui
