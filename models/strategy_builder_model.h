#pragma once
// The strategy builder's legs as a table, over the chain session's store: a template placed on
// the shown expiry (domain/strategy_builder.h), or legs added from the chain by hand, each with
// its side and ratio editable. The legs read their quotes, greeks and IV from the session's
// contracts, so pushed quotes reach them: while the builder is live (its dock visible) a tick of
// a leg's contract schedules one refresh, at most every refreshInterval() ms, which emits
// dataChanged for the legs whose shown values changed only, and recomputes the combination's
// figures (domain/strategy_figures.h), gates (domain/combo_gate.h) and payoff curves.

#include "domain/combo_gate.h"
#include "domain/result.h"
#include "domain/strategy_figures.h"
#include "domain/strategy_leg.h"

#include <QAbstractTableModel>
#include <QTimer>

#include <chrono>
#include <optional>
#include <vector>

namespace cg::models {

class ChainSession;

// Where a template's short legs go: at the money, at a |delta|, or a percent out of the money.
enum class StrategyPlacement { AtTheMoney, Delta, OtmPercent };

struct StrategyPlacementParams {
    StrategyTemplate kind = StrategyTemplate::IronCondor;
    StrategyPlacement by = StrategyPlacement::AtTheMoney;
    double value = 0.0; // |delta| (0.16) or percent OTM (5), by `by`
    double width = 5.0; // dollars from a short leg to its wing
    // Calendars and diagonals: the far expiry (nullopt: the first one 28 days or more later).
    std::optional<std::chrono::year_month_day> farExpiry;
};

// The three P/L curves of the payoff chart, in dollars per unit of the strategy.
struct StrategyPayoff {
    std::vector<double> spot;
    std::vector<double> today;
    std::vector<double> atDate;
    std::vector<double> atExpiry; // at the near expiry
    std::vector<double> breakEvens;
    Timestamp dateInstant{};
    Timestamp expiryInstant{};
    double livePrice = 0.0;
    bool empty() const { return spot.empty(); }
};

// "Iron condor", "Bull call spread", ... for the trader.
QString strategyTitle(StrategyTemplate t);

class StrategyBuilderModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Side, Ratio, Contract, Bid, Ask, Mid, Delta, Iv, Gates, ColumnCount };
    // Per leg: whether all five gates pass (bool), and the five reasons (QStringList).
    static constexpr int GatesPassRole = Qt::UserRole + 1;
    static constexpr int GateReasonsRole = Qt::UserRole + 2;

    // Alpaca takes at most four legs in one mleg order.
    static constexpr int kMaxLegs = 4;

    // The session must outlive the model.
    explicit StrategyBuilderModel(ChainSession &session, QObject *parent = nullptr);
    ~StrategyBuilderModel() override;

    // Replaces the legs with the template placed on the shown expiry (and the far one).
    Result<Unit> placeTemplate(const StrategyPlacementParams &params);
    // A contract of the loaded chain; the same contract and side again adds to its ratio.
    Result<Unit> addLeg(const QString &occSymbol, OrderSide side, int ratio = 1);
    void removeLeg(int row);
    void clear();
    bool setSide(int row, OrderSide side);
    bool setRatio(int row, int ratio);

    // The expiry a template is placed on (the chain's shown one), and the later ones loaded (a
    // calendar's or diagonal's far expiry).
    std::optional<std::chrono::year_month_day> shownExpiry() const;
    std::vector<std::chrono::year_month_day> laterExpiries() const;

    const MultiLegStrategy &strategy() const { return m_strategy; }
    bool isEmpty() const { return m_strategy.legs.empty(); }
    double spot() const { return m_spot; }
    Timestamp now() const;

    // The combination's figures as last refreshed; empty with the reason when they cannot be
    // computed (a leg without a quote, no legs). Prices alone where only the risk figures
    // cannot (a calendar's far leg without IV): figuresError() then says why.
    const std::optional<StrategyFigures> &figures() const { return m_figures; }
    QString figuresError() const { return m_figuresError; }
    const ComboGateResult &combo() const { return m_combo; }
    const std::vector<GateReport> &legGates() const { return m_legGates; }
    // The first failing gate among legs and combo, "" when all pass.
    QString firstGateFailure() const;

    // The chosen date for the payoff chart: days from today, up to the near expiry.
    int daysToNearExpiry() const;
    int daysForward() const { return m_daysForward; }
    void setDaysForward(int days);
    const StrategyPayoff &payoff() const { return m_payoff; }

    void setMaxComboSpreadPct(double pct);
    double maxComboSpreadPct() const { return m_maxComboPct; }

    // Live: ticks of the legs' contracts refresh the figures (false while the dock is hidden:
    // the refresh waits and runs when it is shown again).
    void setLive(bool live);
    bool isLive() const { return m_live; }
    void setRefreshInterval(int ms);
    int refreshInterval() const { return m_timer.interval(); }
    // The legs' contracts read again from the session, figures recomputed: now.
    void refreshNow();
    int refreshCount() const { return m_refreshes; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // Figures, gates and payoff recomputed (after a refresh or an edit).
    void figuresChanged();
    // The shown expiry or the loaded expiries changed.
    void expiriesChanged();

private:
    // What a row shows of its leg, to tell which rows a refresh changed.
    struct Shown {
        std::optional<double> bid, ask, delta, iv;
        GateMask failures = 0;
        bool operator==(const Shown &) const = default;
    };
    Shown shownOf(int row) const;
    const OptionContract *liveContract(const OptionContract &c) const;
    void scheduleRefresh();
    void recompute();
    void computePayoff();
    void structureChanged();

    ChainSession &m_session;
    MultiLegStrategy m_strategy;
    std::vector<Shown> m_shown;
    std::vector<GateReport> m_legGates;
    ComboGateResult m_combo;
    std::optional<StrategyFigures> m_figures;
    QString m_figuresError;
    StrategyPayoff m_payoff;
    double m_spot = 0.0;
    double m_maxComboPct = kDefaultMaxComboSpreadPct;
    int m_daysForward = 0;
    bool m_live = true;
    bool m_dirty = false;
    int m_refreshes = 0;
    QTimer m_timer;
};

} // namespace cg::models
