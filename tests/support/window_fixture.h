#pragma once
// The console window offscreen over an in-process FakeMarketData and a FixedClock: the fixture
// the offscreen UI tests share. The SPY chain (strikes 90-110 around 101) for each expiry asked
// for; `seed` changes the market (contracts, bars) before the window is built.

#include "domain/clock.h"
#include "models/chain_field.h"
#include "models/chain_roles.h"
#include "models/chain_session.h"
#include "support/fake_market_data.h"
#include "ui/main_window.h"

#include <QModelIndex>

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

class QAbstractItemModel;

namespace cg::models {
class ChainTableModel;
struct ChainEntry;
} // namespace cg::models

namespace cg::test {

// Thursday 2026-11-26, 10:00 New York, and the chain's two expiries.
inline const Timestamp kWindowNow =
    std::chrono::sys_days{std::chrono::year{2026} / 11 / 26} + std::chrono::hours{15};
inline constexpr std::chrono::year_month_day kWindowNear{
    std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{27}};
inline constexpr std::chrono::year_month_day kWindowMid{
    std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{4}};

struct WindowFixture {
    FakeMarketData market;
    FixedClock clock{kWindowNow};
    models::ChainSession chain{market, clock};
    std::unique_ptr<ui::MainWindow> window;

    explicit WindowFixture(std::vector<std::chrono::year_month_day> expiries = {kWindowNear,
                                                                                kWindowMid},
                           const std::function<void(FakeMarketData &)> &seed = {});
    virtual ~WindowFixture();

    // Opens the symbol and waits (5 s at most) until its chain is loaded.
    bool load(const QString &symbol = QStringLiteral("SPY"));
    bool waitLoaded();
    QAbstractItemModel *view() const;
    models::ChainTableModel *source() const;
    // The view cell of a contract's field; invalid when the view does not show it.
    QModelIndex viewCell(double strike, models::ChainSide side, models::ChainField field) const;
    const models::ChainEntry *entry(double strike, OptionType type) const;
};

} // namespace cg::test
