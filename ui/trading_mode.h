#pragma once
// Which market the console talks to; shown on the toolbar badge and in the title.

#include <QString>

namespace cg::ui {

enum class TradingMode { Demo, Paper, Live };

inline QString modeName(TradingMode m) {
    switch (m) {
    case TradingMode::Demo:
        return QStringLiteral("DEMO");
    case TradingMode::Paper:
        return QStringLiteral("PAPER");
    case TradingMode::Live:
        return QStringLiteral("LIVE");
    }
    return {};
}

} // namespace cg::ui
