#pragma once
// One underlying's chain as the console shows it: loads every expiry once (for the expiry list and
// the strategy's pick), then polls the shown expiry; evaluates the five gates, runs the strategy's
// strike selection at the current underlying price, and feeds the chain and expiry models.
// Depends only on the MarketData interface; answers for an older symbol are dropped.
// The session owns every contract's state (its store); the chain model is a view over the shown
// expiry's entries, so a pushed quote or a pick change touches one copy and copies nothing.
// With a QuoteStream (through ChainStream) it subscribes the shown expiry's symbols and has the
// pushed quotes applied once, coalesced; while the stream is Live polling slows down (snapshots
// still bring greeks, volume and last trades), and whenever it is not Live the auto-refresh polls
// at its normal interval so the window stays current.

#include "broker/market_data.h"
#include "broker/quote_stream.h"
#include "domain/clock.h"
#include "domain/gates.h"
#include "domain/strategy.h"
#include "models/chain_entry.h"
#include "models/chain_table_model.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cg::models {

class ChainStream;
class ChainTableModel;
class ExpiryListModel;
class QuoteCoalescer;

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
    MarketData &marketData() const { return m_marketData; }

    State state() const { return m_state; }
    QString symbol() const { return m_symbol; }
    QString errorMessage() const { return m_error; }
    bool isBusy() const { return m_inFlight; }
    double underlyingPrice() const { return m_price; }
    int expiryRow() const;
    std::optional<std::chrono::year_month_day> expiry() const { return m_expiry; }
    Strategy strategy() const { return m_strategy; }
    // The strategies' settings the picks and the expiry window follow (the dispatcher's: a pick
    // is the contract it would trade); the built-in defaults until set.
    void setStrategyParams(const std::array<StrategyParams, 3> &params);
    const StrategyParams &strategyParams(Strategy s) const {
        return m_params[static_cast<std::size_t>(s)];
    }
    GateThresholds thresholds() const { return m_thresholds; }
    const Pick &pick(OptionType type) const { return m_picks[type == OptionType::Call ? 0 : 1]; }
    // When the last answer arrived, and the newest quote time in the shown expiry.
    std::optional<Timestamp> lastUpdate() const { return m_lastUpdate; }
    std::optional<Timestamp> newestQuote() const { return m_newestQuote; }
    // The trader's choice; the timer may run slower while a stream is Live.
    bool autoRefresh() const { return m_autoRefresh; }
    int autoRefreshInterval() const { return m_pollMs; }
    // The polling interval in effect now, 0 when not polling.
    int pollingInterval() const { return m_timer.isActive() ? m_timer.interval() : 0; }

    // Not owned; must outlive the session or be replaced by nullptr first. Takes over the
    // stream's onQuotes and onStatus callbacks.
    void setQuoteStream(QuoteStream *stream);
    QuoteStream *quoteStream() const;
    StreamStatus streamStatus() const;
    bool streamLive() const;
    QuoteCoalescer *coalescer() const;
    ChainStream *chainStream() const { return m_stream; }
    // Polling interval while the stream is Live (default 30 s); 0 stops polling then.
    void setLiveRefreshInterval(int ms);
    int liveRefreshInterval() const { return m_livePollMs; }
    // Pushed quotes since construction: applied to a shown contract (changed it), repeating
    // the shown quote, or for a symbol not in the shown expiry.
    quint64 quotesApplied() const;
    quint64 quotesUnchanged() const;
    quint64 quotesUnknown() const;
    std::vector<std::string> subscribedSymbols() const;
    // The shown expiry's contracts as the session keeps them (the chain model shows these very
    // entries); empty when nothing is shown.
    const std::vector<ChainEntry> &shownEntries() const;
    // Every loaded contract of the symbol, by expiry (nearest first).
    const std::map<std::chrono::year_month_day, std::vector<ChainEntry>> &entriesByExpiry() const {
        return m_byExpiry;
    }

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
    // The stream's health changed (or its detail text did).
    void streamStatusChanged(const cg::StreamStatus &status);
    // After each coalesced batch of pushed quotes reached the model.
    void quoteBatchApplied(int applied);

private:
    struct Pending;
    void start(bool full);
    void finish(const std::shared_ptr<Pending> &p);
    void fail(const QString &message);
    void setState(State state);
    void setBusy(bool busy);
    void storeFull(std::vector<OptionContract> contracts);
    std::vector<ChainEntry> evaluate(std::vector<OptionContract> contracts) const;
    void appendJudged(std::vector<ChainEntry> &out, OptionContract &&c, Timestamp now) const;
    void updateExpiries();
    void updatePicks();
    void applyExpiry(bool resetModel);
    QSet<QString> pickSymbols() const;
    void subscribeShown();
    void updatePolling();
    void onStreamStatus(const StreamStatus &status, bool wasLive);
    void afterQuoteBatch(const ChainTableModel::QuoteApplyStats &stats);
    // The strategy or its settings changed: the expiry window and the picks again.
    void strategyChanged();
    // After pushed quotes or trades changed whether a contract passes: the picks again.
    void repickAfterTicks();
    // A snapshot answer can be older than what the stream already brought (it was taken before
    // that tick): the newer quote stays, so the cell does not flip back and flash twice, and so do
    // the Last and Volume of a trade pushed after the poll was sent (`sentAt`), the volume only
    // within one session.
    void keepNewerThanPoll(std::vector<OptionContract> &polled, Timestamp sentAt) const;

    MarketData &m_marketData;
    const Clock &m_clock;
    ChainTableModel *m_chain;
    ExpiryListModel *m_expiries;
    QTimer m_timer;
    // While the stream slows the chain's polls, the underlying's price is still read at the
    // normal interval: ticks, picks, moneyness and computed greeks use it.
    QTimer m_spotTimer;
    bool m_spotInFlight = false;
    void refreshSpot();
    ChainStream *m_stream;
    bool m_autoRefresh = false;
    bool m_streamWasLive = false; // live at least once: a later Live is a return after a gap
    StreamHealth m_streamHealthBefore = StreamHealth::Off;
    int m_pollMs = 3000;
    int m_livePollMs = 30000;

    QString m_symbol;
    State m_state = State::NoSymbol;
    QString m_error;
    quint64 m_generation = 0;
    bool m_inFlight = false;
    double m_price = 0.0;
    Strategy m_strategy = Strategy::DayTrade;
    std::array<StrategyParams, 3> m_params{defaultParams(Strategy::DayTrade),
                                           defaultParams(Strategy::Swing),
                                           defaultParams(Strategy::Conservative)};
    GateThresholds m_thresholds;
    // The store: every contract of the symbol, by expiry. The chain model views the shown one.
    std::map<std::chrono::year_month_day, std::vector<ChainEntry>> m_byExpiry;
    std::optional<std::chrono::year_month_day> m_expiry;
    std::array<Pick, 2> m_picks;
    std::optional<Timestamp> m_lastUpdate;
    std::optional<Timestamp> m_newestQuote;
};

} // namespace cg::models
