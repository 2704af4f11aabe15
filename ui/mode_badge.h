#pragma once
// The DEMO / PAPER / LIVE badge. Explicit foreground and background so it reads on any palette;
// LIVE is white on strong red and cannot be mistaken.

#include "domain/trading_mode.h"

#include <QLabel>
#include <QString>

namespace cg::ui {

// DEMO, PAPER, LIVE (cg::toString) as the badge and the title show it.
inline QString modeName(TradingMode m) {
    const std::string_view name = toString(m);
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

class ModeBadge : public QLabel {
    Q_OBJECT
public:
    explicit ModeBadge(TradingMode mode, QWidget *parent = nullptr);
    TradingMode mode() const { return m_mode; }

private:
    TradingMode m_mode;
};

} // namespace cg::ui
