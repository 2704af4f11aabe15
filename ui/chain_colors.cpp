#include "ui/chain_colors.h"

namespace cg::ui {

bool ChainColors::isDark(const QPalette &palette) {
    return palette.color(QPalette::Base).lightness() < 128;
}

ChainColors ChainColors::forPalette(const QPalette &palette) {
    const bool dark = isDark(palette);
    ChainColors c;
    // Text colours: saturated enough to read on white, light enough to read on near-black.
    c.pass = dark ? QColor(0x66, 0xd1, 0x7a) : QColor(0x1b, 0x7f, 0x37);
    c.fail = dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    c.unknown = dark ? QColor(0xff, 0xc1, 0x4d) : QColor(0xb2, 0x6a, 0x00);
    c.warning = c.unknown;
    // Fills are translucent overlays so the base (and alternate rows) still show through.
    c.failFill = dark ? QColor(0xff, 0x50, 0x50, 60) : QColor(0xe5, 0x39, 0x35, 40);
    c.unknownFill = dark ? QColor(0xff, 0xb3, 0x00, 45) : QColor(0xff, 0xa0, 0x00, 40);
    c.itmFill = dark ? QColor(0x4d, 0x8d, 0xff, 58) : QColor(0x3d, 0x7b, 0xe0, 36);
    QColor strike = palette.color(QPalette::Text);
    strike.setAlpha(dark ? 22 : 16);
    c.strikeFill = strike;
    c.pickLine = dark ? QColor(0xff, 0xd5, 0x4f) : QColor(0xd8, 0x8c, 0x00);
    c.pickFill = dark ? QColor(0xff, 0xd5, 0x4f, 45) : QColor(0xff, 0xc1, 0x07, 55);
    c.boundary = dark ? QColor(0xff, 0x9f, 0x1a) : QColor(0xe0, 0x6c, 0x00);
    // Peaks a live chain can bear every second; they fade to nothing (ChainDelegate::kFlashMs).
    c.flashUp = dark ? QColor(0x2e, 0xcc, 0x71, 100) : QColor(0x2e, 0xb8, 0x60, 85);
    c.flashDown = dark ? QColor(0xff, 0x4d, 0x4d, 100) : QColor(0xe5, 0x39, 0x35, 75);
    c.flashOther = dark ? QColor(0x9e, 0xc5, 0xff, 90) : QColor(0x42, 0x85, 0xf4, 70);
    return c;
}

} // namespace cg::ui
