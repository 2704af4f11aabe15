#include "ui/chain_colors.h"

#include "ui/theme.h"

#include <algorithm>
#include <initializer_list>

namespace cg::ui {

namespace {

QColor composited(const QColor &fg, const QColor &bg) {
    const double a = fg.alphaF();
    return QColor::fromRgbF(float(fg.redF() * a + bg.redF() * (1 - a)),
                            float(fg.greenF() * a + bg.greenF() * (1 - a)),
                            float(fg.blueF() * a + bg.blueF() * (1 - a)));
}

// `c` moved toward `toward` (white on dark, black on light) until it reads at 4.5:1 on every one
// of `backgrounds`: a palette with another base or window colour keeps its text readable.
QColor readable(QColor c, const QColor &toward, std::initializer_list<QColor> backgrounds) {
    const auto worst = [&backgrounds](const QColor &fg) {
        double w = 21.0;
        for (const QColor &bg : backgrounds)
            w = std::min(w, contrastRatio(fg, bg));
        return w;
    };
    for (int step = 0; step < 20 && worst(c) < 4.5; ++step) {
        c = QColor::fromRgbF(float(c.redF() + (toward.redF() - c.redF()) * 0.12),
                             float(c.greenF() + (toward.greenF() - c.greenF()) * 0.12),
                             float(c.blueF() + (toward.blueF() - c.blueF()) * 0.12));
    }
    return c;
}

ChainColors compute(const QPalette &palette) {
    const bool dark = ChainColors::isDark(palette);
    ChainColors c;
    // Fills are translucent overlays so the base (and alternate rows) still show through.
    c.failFill = dark ? QColor(0xff, 0x50, 0x50, 60) : QColor(0xe5, 0x39, 0x35, 40);
    c.unknownFill = dark ? QColor(0xff, 0xb3, 0x00, 45) : QColor(0xff, 0xa0, 0x00, 40);
    c.itmFill = dark ? QColor(0x4d, 0x8d, 0xff, 50) : QColor(0x3d, 0x7b, 0xe0, 36);
    QColor strike = palette.color(QPalette::Text);
    strike.setAlpha(dark ? 22 : 16);
    c.strikeFill = strike;
    c.pickLine = dark ? QColor(0xff, 0xd5, 0x4f) : QColor(0xd8, 0x8c, 0x00);
    c.pickFill = dark ? QColor(0xff, 0xd5, 0x4f, 45) : QColor(0xff, 0xc1, 0x07, 55);
    c.boundary = dark ? QColor(0xff, 0x9f, 0x1a) : QColor(0xe0, 0x6c, 0x00);
    // Peaks a live chain can bear; they fade to nothing within ChainDelegate::kFlashMs.
    c.flashUp = dark ? QColor(0x2e, 0xcc, 0x71, 100) : QColor(0x2e, 0xb8, 0x60, 85);
    c.flashDown = dark ? QColor(0xff, 0x4d, 0x4d, 100) : QColor(0xe5, 0x39, 0x35, 75);
    c.flashOther = dark ? QColor(0x9e, 0xc5, 0xff, 90) : QColor(0x42, 0x85, 0xf4, 70);

    // Text colours: the hue says pass, fail or unknown; the lightness is whatever reads at 4.5:1
    // on the palette's base, alternate rows, window, in the money or not.
    const QColor base = palette.color(QPalette::Base);
    const QColor alternate = palette.color(QPalette::AlternateBase);
    const QColor window = palette.color(QPalette::Window);
    const auto text = [&](const QColor &hue) {
        return readable(hue, dark ? Qt::white : Qt::black,
                        {base, alternate, window, composited(c.itmFill, base),
                         composited(c.itmFill, alternate)});
    };
    c.pass = text(dark ? QColor(0x66, 0xd1, 0x7a) : QColor(0x1b, 0x7f, 0x37));
    c.fail = text(dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28));
    c.unknown = text(dark ? QColor(0xff, 0xc1, 0x4d) : QColor(0xb2, 0x6a, 0x00));
    c.warning = c.unknown;
    return c;
}

} // namespace

bool ChainColors::isDark(const QPalette &palette) {
    return palette.color(QPalette::Base).lightness() < 128;
}

ChainColors ChainColors::forPalette(const QPalette &palette) {
    // Asked for every painted cell: computed again only when the palette's contents change.
    static qint64 key = -1;
    static QPalette::ColorGroup group = QPalette::NColorGroups;
    static ChainColors cached;
    if (palette.cacheKey() != key || palette.currentColorGroup() != group) {
        cached = compute(palette);
        key = palette.cacheKey();
        group = palette.currentColorGroup();
    }
    return cached;
}

} // namespace cg::ui
