#pragma once
// Open positions, by symbol: quantity, average entry, the mark (the live mid when the chain shown
// has the contract's quote, else the broker's price), market value, cost basis, unrealized and
// day P&L, greeks x qty x multiplier, days to expiry and moneyness; totals per underlying and for
// the portfolio. A poll or a tick changes only the cells that moved. An option whose greeks the
// market lookup cannot give (its expiry is not the chain shown) gets greeks computed from its
// mark (greeksFromMark, the risk graph's IV solve), shown in italics with a tooltip.

#include "domain/account.h"
#include "domain/clock.h"
#include "domain/occ_symbol.h"
#include "domain/position_figures.h"
#include "models/keyed_table_model.h"

#include <QString>

#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace cg::models {

// What the window knows about a position's market beyond the broker's answer.
struct PositionMarket {
    std::optional<double> liveMid;    // the contract's live mid (chain shown, bid above 0)
    std::optional<Greeks> greeks;     // the contract's greeks (feed or computed)
    QString greeksNote;               // why there are none, or where they come from
    bool greeksComputed = false;      // not the feed's: shown in italics (as in the chain)
    std::optional<double> multiplier; // the contract's, when the chain has it
    std::optional<double> underlyingPrice;
    // When the chain's prices (liveMid, underlyingPrice) were last known to be current: the
    // last poll, or now while quotes stream. Older than the broker's answer: the broker's price
    // marks the position (a stock's), not the chain's. Unset: current.
    std::optional<Timestamp> priceAsOf;
    bool operator==(const PositionMarket &) const = default;
};

// A broker position with its live market and the figures computed from both.
struct PositionRow : Position {
    PositionMarket market;
    PositionPnl pnl;
    std::optional<PositionGreeks> greeks;
    std::optional<int> daysToExpiry;
    std::optional<StrikeDistance> moneyness;
    QString underlying;
    bool expiresToday = false; // an option whose expiry is today's New York date (by the clock)
    bool dayFromFills = false; // day P&L corrected with today's fills (dayPnlWithFills)
};

struct PositionTotals {
    QString underlying; // empty for the portfolio
    double costBasis = 0.0;
    double unrealized = 0.0;
    double day = 0.0;
    bool dayComplete = true;  // every position had a previous close
    double deltaShares = 0.0; // one underlying only
    double deltaDollars = 0.0;
    double gamma = 0.0;
    double thetaPerDay = 0.0;
    double vega = 0.0;
    int withoutGreeks = 0; // positions left out of the greek sums
};

class PositionsModel : public KeyedTableModel<PositionRow> {
    Q_OBJECT
public:
    enum Column {
        Symbol,
        AssetClass,
        Qty,
        AvgPrice,
        CurrentPrice, // the mark
        MarketValue,
        Pnl,
        PnlPct,
        DayPnl,
        CostBasis,
        DeltaShares,
        DeltaDollars,
        Gamma,
        Theta,
        Vega,
        Dte,
        Distance, // ITM/OTM and the strike's distance from the underlying
        Count
    };

    explicit PositionsModel(QObject *parent = nullptr);

    void setPositions(std::vector<Position> positions);
    double totalUnrealizedPl() const;
    // Options expiring today (flagged: row colour and tooltip); the dock's title counts them.
    int expiringTodayCount() const;

    using MarketLookup = std::function<PositionMarket(const Position &)>;
    void setMarketLookup(MarketLookup lookup) { m_market = std::move(lookup); }
    void setClock(const Clock *clock) { m_clock = clock; }
    // Today's fills by symbol (the account's FILL activities of today): the day P&L of a symbol
    // traded today counts them (dayPnlWithFills) instead of valuing all of it at lastday_price.
    void setTodayFills(std::map<std::string, std::vector<TodayFill>> fills);
    // Recomputes every row against the live market: dataChanged for the changed cells only.
    void refreshMarks();

    std::vector<PositionTotals> totalsByUnderlying() const;
    PositionTotals portfolioTotals() const;
    // "SPY: P&L +$100.00, day +$80.00, Δ 110 sh ($66,000), Γ 4.0, Θ -$10.00/day, vega $24.00 |
    // Portfolio: ..."
    QString totalsText() const;

    // Columns a 1600 px window hides by default (the header's menu shows them).
    static bool hiddenByDefault(int column);

    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void totalsChanged();

protected:
    int columns() const override { return Count; }
    QString keyOf(const PositionRow &p) const override { return QString::fromStdString(p.symbol); }
    QVariant cell(const PositionRow &p, int column, int role) const override;

private:
    PositionRow figure(const Position &p) const;
    // Greeks of an option the lookup gave none for, from its mark (see the file comment).
    void greeksFromMarkOf(PositionRow &r, const OccSymbol &occ) const;
    std::vector<Position> m_broker; // the last broker answer, sorted by symbol
    MarketLookup m_market;
    const Clock *m_clock = nullptr;
    std::optional<Timestamp> m_readAt; // when the broker's positions were set
    std::map<std::string, std::vector<TodayFill>> m_todayFills;
    template <class Add> void forClosedToday(Add add) const;
};

} // namespace cg::models
