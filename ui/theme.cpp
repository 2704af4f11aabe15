#include "ui/theme.h"

#include <QApplication>
#include <QEvent>
#include <QPalette>
#include <QPointer>
#include <QStyle>
#include <QStyleFactory>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace cg::ui {

namespace {

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x23, 0x26, 0x2b);
    const QColor base(0x16, 0x18, 0x1c);
    const QColor alternate(0x1d, 0x20, 0x25);
    const QColor text(0xe3, 0xe6, 0xea);
    const QColor disabled(0x7a, 0x80, 0x88);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alternate);
    p.setColor(QPalette::ToolTipBase, QColor(0x30, 0x34, 0x3a));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x96, 0x9c, 0xa5));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x2c, 0x30, 0x36));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x3a, 0x3f, 0x46));
    p.setColor(QPalette::Midlight, QColor(0x33, 0x37, 0x3d));
    p.setColor(QPalette::Mid, QColor(0x2a, 0x2e, 0x33));
    p.setColor(QPalette::Dark, QColor(0x12, 0x14, 0x17));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xd0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6a, 0xb0, 0xff));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

QPalette lightPalette() {
    QPalette p = QApplication::style()->standardPalette();
    // Fusion's placeholder (half-transparent black) reads at 4.4:1 on its window: a shade darker.
    p.setColor(QPalette::PlaceholderText, QColor(0x5f, 0x63, 0x68));
    return p;
}

// The look the process started with, for "system": captured before the first switch.
struct Startup {
    QString style;
    QPalette palette;
};

const Startup &startup() {
    static const Startup s{QApplication::style()->name(), QApplication::palette()};
    return s;
}

double luminance(const QColor &c) {
    const auto channel = [](double v) {
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

QColor mix(const QColor &a, const QColor &b, double t) {
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

QColor over(const QColor &fg, const QColor &bg) {
    QColor solid = fg;
    solid.setAlpha(255);
    return mix(bg, solid, fg.alphaF());
}

class PaletteHook : public QObject {
public:
    PaletteHook(QWidget *widget, std::function<void()> restyle)
        : QObject(widget)
        , m_restyle(std::move(restyle)) {
        widget->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override {
        if (watched == parent() && event->type() == QEvent::PaletteChange)
            m_restyle();
        return false;
    }

private:
    std::function<void()> m_restyle;
};

} // namespace

void applyTheme(const QString &name) {
    const Startup &original = startup();
    const bool dark = name == QLatin1String("dark");
    const bool light = name == QLatin1String("light");
    const QString style = dark || light ? QStringLiteral("Fusion") : original.style;
    if (QApplication::style()->name().compare(style, Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(style));
    QApplication::setPalette(dark ? darkPalette() : light ? lightPalette() : original.palette);
    // A widget with a style sheet took the palette of its last polish as its own and would keep
    // the old theme's colours (a Manual/Auto button reads as disabled): polish it again.
    for (QWidget *w : QApplication::allWidgets()) {
        if (w->testAttribute(Qt::WA_StyleSheet) && !w->styleSheet().isEmpty())
            w->setStyleSheet(w->styleSheet());
    }
}

double contrastRatio(const QColor &a, const QColor &b) {
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor secondaryText(const QPalette &palette, QPalette::ColorRole background) {
    const QColor bg = palette.color(background);
    const QColor text = over(palette.color(QPalette::WindowText), bg);
    QColor c = over(palette.color(QPalette::PlaceholderText), bg);
    for (int step = 1; step <= 10 && contrastRatio(c, bg) < 4.5; ++step)
        c = mix(c, text, 0.15 * step);
    return contrastRatio(c, bg) < 4.5 ? text : c;
}

void onPaletteChange(QWidget *widget, std::function<void()> restyle) {
    new PaletteHook(widget, std::move(restyle));
}

} // namespace cg::ui
