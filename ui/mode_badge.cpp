#include "ui/mode_badge.h"

namespace cg::ui {

ModeBadge::ModeBadge(TradingMode mode, QWidget *parent)
    : QLabel(modeName(mode), parent)
    , m_mode(mode) {
    setObjectName(QStringLiteral("modeBadge"));
    setAlignment(Qt::AlignCenter);
    QString bg;
    QString tip;
    switch (mode) {
    case TradingMode::Demo:
        bg = QStringLiteral("#2e7d32");
        tip = tr("DEMO: a simulated market on this computer; no real orders.");
        break;
    case TradingMode::Paper:
        bg = QStringLiteral("#1565c0");
        tip = tr("PAPER: Alpaca paper trading; orders are simulated by Alpaca.");
        break;
    case TradingMode::Live:
        bg = QStringLiteral("#d50000");
        tip = tr("LIVE: real money. Orders are sent to your Alpaca live account.");
        break;
    }
    setToolTip(tip);
    setStyleSheet(QStringLiteral("QLabel { color: white; background: %1; font-weight: bold; "
                                 "padding: 2px 10px; border-radius: 3px; %2 }")
                      .arg(bg, mode == TradingMode::Live
                                   ? QStringLiteral("border: 2px solid #ffeb3b;")
                                   : QString()));
}

} // namespace cg::ui
