#pragma once
// The DEMO / PAPER / LIVE badge. Explicit foreground and background so it reads on any palette;
// LIVE is white on strong red and cannot be mistaken.

#include "ui/trading_mode.h"

#include <QLabel>

namespace cg::ui {

class ModeBadge : public QLabel {
    Q_OBJECT
public:
    explicit ModeBadge(TradingMode mode, QWidget *parent = nullptr);
    TradingMode mode() const { return m_mode; }

private:
    TradingMode m_mode;
};

} // namespace cg::ui
