#pragma once
// The Risk dock's figures (issue 18, thinkorswim's Analyze in the small): the open positions of
// one underlying, or of the whole portfolio, as P&L curves against the underlying price today,
// at a chosen date and at the first expiry (domain/risk_profile), with an IV shift, the
// break-evens, the live price and the +-1 expected move (the ATM straddle when the chain has it,
// else the legs' IV). Every option is priced at its IV: the chain's, else the one solved from its
// mark. Positions that cannot be priced are left out and named with the reason. No widgets.

#include "domain/clock.h"
#include "domain/risk_profile.h"
#include "models/positions_model.h"

#include <QObject>
#include <QStringList>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>

namespace cg {
class MarketData;
}

namespace cg::models {

class RiskGraphModel : public QObject {
    Q_OBJECT
public:
    explicit RiskGraphModel(const Clock &clock, QObject *parent = nullptr);

    // Underlying prices for positions whose chain is not shown (asked at most every 10 s each).
    void setMarketData(MarketData *marketData) { m_marketData = marketData; }
    void setRate(double rate) { m_rate = rate; }
    // The contract's IV from the chain shown (feed or computed), when it has the contract.
    using IvLookup = std::function<std::optional<double>(const std::string &symbol)>;
    void setIvLookup(IvLookup lookup) { m_ivLookup = std::move(lookup); }
    // The ATM straddle's price for an underlying and expiry, when the chain shown has it.
    using StraddleLookup = std::function<std::optional<double>(const QString &underlying,
                                                               std::chrono::year_month_day expiry)>;
    void setStraddleLookup(StraddleLookup lookup) { m_straddle = std::move(lookup); }

    // The positions with their live marks (PositionsModel's rows); recomputes.
    void setPositions(const std::vector<PositionRow> &rows);
    void setUnderlyingPrice(const QString &underlying, double price);

    // The underlyings held, sorted. Scope: one of them, or empty for the whole portfolio.
    QStringList underlyings() const { return m_underlyings; }
    QString scope() const { return m_scope; }
    void setScope(const QString &underlying);
    int daysForward() const { return m_daysForward; }
    void setDaysForward(int days);
    int ivShiftPoints() const { return m_ivShiftPoints; }
    void setIvShiftPoints(int points);

    void recompute();

    // Nothing to draw: no position in scope could be priced.
    bool isEmpty() const { return m_legCount == 0; }
    int legCount() const { return m_legCount; }
    const RiskProfile &profile() const { return m_profile; }
    // Several underlyings: the x axis is the price in percent of today's (100 = today), each
    // underlying moved by the same percent.
    bool percentAxis() const { return m_percent; }
    double livePrice() const { return m_live; }
    // The expected move by the first expiry, in the x axis' units, and where it comes from: the
    // ATM straddle, else what one would price from the legs' IV (sqrt(2/pi), about 0.8, of a
    // standard deviation), so both sources draw the same band.
    std::optional<double> expectedMove() const { return m_move; }
    QString expectedMoveSource() const { return m_moveSource; }
    // "SPY261218C00600000: no underlying price yet", one line per position left out.
    QStringList leftOut() const { return m_leftOut; }
    // Days from now to the first expiry (the slider's end); 0 for shares only.
    int daysToFirstExpiry() const { return m_daysToExpiry; }
    // The chosen date, New York: "Dec 7".
    QString chosenDateText() const;
    // "P&L now +$120.00 · at Dec 18 +$300.00 · break-even 102.00" for the live price.
    QString summaryText() const;

Q_SIGNALS:
    void changed();
    void underlyingsChanged();

private:
    struct Leg {
        QString underlying;
        RiskLeg leg;
        double spot = 0.0;
    };
    void requestPrice(const QString &underlying);

    const Clock &m_clock;
    MarketData *m_marketData = nullptr;
    double m_rate = 0.04;
    IvLookup m_ivLookup;
    StraddleLookup m_straddle;
    std::vector<PositionRow> m_rows;
    std::map<QString, double> m_spots; // fetched or set underlying prices
    std::map<QString, std::chrono::steady_clock::time_point> m_asked;
    QStringList m_underlyings;
    QString m_scope;
    int m_daysForward = 0;
    int m_ivShiftPoints = 0;

    RiskProfile m_profile;
    int m_legCount = 0;
    bool m_percent = false;
    double m_live = 0.0;
    std::optional<double> m_move;
    QString m_moveSource;
    QStringList m_leftOut;
    int m_daysToExpiry = 0;
};

} // namespace cg::models
