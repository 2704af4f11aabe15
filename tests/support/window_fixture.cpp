#include "support/window_fixture.h"

#include "models/chain_roles.h"
#include "models/chain_table_model.h"
#include "ui/chain_view.h"

#include <QTest>

namespace cg::test {

WindowFixture::WindowFixture(std::vector<std::chrono::year_month_day> expiries,
                             const std::function<void(FakeMarketData &)> &seed) {
    market.price = 101;
    for (auto e : expiries) {
        auto c = makeChain("SPY", e, 90, 1, 21, 101);
        market.contracts.insert(market.contracts.end(), c.begin(), c.end());
    }
    if (seed)
        seed(market);
    ui::MainWindow::Options o;
    o.persist = false;
    window = std::make_unique<ui::MainWindow>(chain, clock, TradingMode::Demo, o);
    window->show();
}

WindowFixture::~WindowFixture() = default;

bool WindowFixture::load(const QString &symbol) {
    window->openSymbol(symbol);
    return waitLoaded();
}

bool WindowFixture::waitLoaded() {
    return QTest::qWaitFor(
        [this] {
            return window->session()->state() == models::ChainSession::State::Loaded &&
                   !window->session()->isBusy();
        },
        5000);
}

QAbstractItemModel *WindowFixture::view() const {
    return window->chainView()->model();
}

models::ChainTableModel *WindowFixture::source() const {
    return window->session()->chainModel();
}

QModelIndex WindowFixture::viewCell(double strike, models::ChainSide side,
                                    models::ChainField field) const {
    const int col = source()->columnOf(side, field);
    for (int r = 0; r < view()->rowCount(); ++r) {
        const QModelIndex i = view()->index(r, col);
        if (i.data(models::StrikeRole).toDouble() == strike)
            return i;
    }
    return {};
}

const models::ChainEntry *WindowFixture::entry(double strike, OptionType type) const {
    for (const models::ChainEntry &e : source()->entries())
        if (e.contract.strike == strike && e.contract.type == type)
            return &e;
    return nullptr;
}

} // namespace cg::test
