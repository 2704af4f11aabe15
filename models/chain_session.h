#pragma once
// One underlying's chain as the console shows it: loads every expiry once (for the expiry list and
// the strategy's pick), then polls the shown expiry; evaluates the five gates, runs the strategy's
// strike selection at the current underlying price, and feeds the chain and expiry models.
// Depends only on the MarketData interface; answers for an older symbol are dropped.

#include "broker/market_data.h"
#include "domain/clock.h"
#include "domain/gates.h"
#include "domain/strategy.h"
#include "models/chain_entry.h"

#include <QObject>
#include <QTimer>

#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace cg::models {

class ChainTableModel;
class ExpiryListModel;

class ChainSession : public QObject {
    Q_OBJECT
public:
    enum class State { NoSymbol, Loading, Loaded, NotFound, Error };
    Q_ENUM(State)

    struct Pick {
        std::optional<ChainEntry> entry; // the contract the strategy would buy
        double targetStrike = 0.0;
        QString reason; // why nothing was picked
    };

    ChainSession(MarketData &marketData, const Clock &clock, QObject *parent = nullptr);
    ~ChainSession() override;

    ChainTableModel *chainModel() const { return m_chain; }
    ExpiryListModel *expiryModel() const { return m_expiries; }
    const Clock &clock() const { return m_clock; }

    State state() const { return m_state; }
    QString symbol() const { return m_symbol; }
    QString errorMessage() const { return m_error; }
    bool isBusy() const { return m_inFlight; }
    double underlyingPrice() const { return m_price; }
    int expiryRow() const;
    std::optional<std::chrono::year_month_day> expiry() const { return m_expiry; }
    Strategy strategy() const { return m_strategy; }
    GateThresholds thresholds() const { return m_thresholds; }
    const Pick &pick(OptionType type) const { return m_picks[type == OptionType::Call ? 0 : 1]; }
    // When the last answer arrived, and the newest quote time in the shown expiry.
    std::optional<Timestamp> lastUpdate() const { return m_lastUpdate; }
    std::optional<Timestamp> newestQuote() const { return m_newestQuote; }
    bool autoRefresh() const { return m_timer.isActive(); }
    int autoRefreshInterval() const { return m_timer.interval(); }

    void setStrategy(Strategy strategy);
    void setThresholds(const GateThresholds &thresholds);

public Q_SLOTS:
    // Loads every expiry of the symbol; an empty symbol clears the view.
    void setSymbol(const QString &symbol);
    void setExpiryRow(int row);
    // Polls the shown expiry (or loads everything when nothing is loaded yet).
    void refresh();
    // Loads everything again (Retry).
    void reload();
    void setAutoRefresh(bool on);
    void setAutoRefreshInterval(int ms);

Q_SIGNALS:
    void stateChanged(cg::models::ChainSession::State state);
    void busyChanged(bool busy);
    // After the models took a new answer (prices, picks and quote age may have changed).
    void updated();
    // A poll failed; the shown data stays but grows old.
    void refreshFailed(const QString &message);
    void expiryChanged(int row);

private:
    struct Pending;
    void start(bool full);
    void finish(const std::shared_ptr<Pending> &p);
    void fail(const QString &message);
    void setState(State state);
    void setBusy(bool busy);
    void storeFull(std::vector<OptionContract> contracts);
    std::vector<ChainEntry> evaluate(std::vector<OptionContract> contracts) const;
    void updateExpiries();
    void updatePicks();
    void applyExpiry(bool resetModel);

    MarketData &m_marketData;
    const Clock &m_clock;
    ChainTableModel *m_chain;
    ExpiryListModel *m_expiries;
    QTimer m_timer;

    QString m_symbol;
    State m_state = State::NoSymbol;
    QString m_error;
    quint64 m_generation = 0;
    bool m_inFlight = false;
    double m_price = 0.0;
    Strategy m_strategy = Strategy::DayTrade;
    GateThresholds m_thresholds;
    std::map<std::chrono::year_month_day, std::vector<ChainEntry>> m_byExpiry;
    std::optional<std::chrono::year_month_day> m_expiry;
    std::array<Pick, 2> m_picks;
    std::optional<Timestamp> m_lastUpdate;
    std::optional<Timestamp> m_newestQuote;
};

} // namespace cg::models
