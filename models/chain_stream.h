#pragma once
// The chain's pushed quotes: subscribes the shown contracts on a QuoteStream (nearest the money
// first, within the feed's symbol limit), collects the ticks in a QuoteCoalescer, hands each
// batch to the one place that applies it (the chain model, over the session's store), and counts
// what the ticks did. Pushed trades (the last price, the day's volume) go to the chain the same
// way, gathered rather than coalesced. The chain session decides what is shown and when to poll.

#include "broker/quote_stream.h"
#include "domain/contract.h"
#include "models/chain_table_model.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <string>
#include <vector>

namespace cg::models {

class QuoteCoalescer;

class ChainStream : public QObject {
    Q_OBJECT
public:
    using Apply =
        std::function<ChainTableModel::QuoteApplyStats(const std::vector<OptionQuoteTick> &ticks)>;

    explicit ChainStream(QObject *parent = nullptr);
    ~ChainStream() override;

    using ApplyTrades =
        std::function<ChainTableModel::QuoteApplyStats(const std::vector<OptionTradeTick> &trades)>;

    // Applies a coalesced batch once, and says what it did.
    void setApply(Apply apply) { m_apply = std::move(apply); }
    // Applies the pushed trades gathered since the last batch (every one, in order: each adds to
    // the day's volume, so none is superseded), at most as often as the quotes' batches.
    void setApplyTrades(ApplyTrades apply) { m_applyTrades = std::move(apply); }

    // Not owned; must outlive this or be replaced by nullptr first. Takes over the stream's
    // onQuotes and onStatus callbacks.
    void setStream(QuoteStream *stream);
    QuoteStream *stream() const { return m_stream; }
    StreamStatus status() const { return m_status; }
    bool live() const { return m_stream && m_status.health == StreamHealth::Live; }
    QuoteCoalescer *coalescer() const { return m_coalescer; }

    // Subscribes these contracts, nearest `spot` first so that a feed's symbol limit cuts the far
    // strikes; nothing is sent when the set is unchanged.
    void subscribe(std::vector<const OptionContract *> shown, double spot);
    // The shown contracts are about to change: ticks still pending are for the old ones.
    void discardPending();
    std::vector<std::string> subscribedSymbols() const { return m_subscribed; }
    // Contracts shown past the feed's symbol limit (the farthest from the money): they come only
    // by poll.
    int beyondLimit() const { return m_beyondLimit; }

    // Pushed quotes since construction: applied to a shown contract (changed it), repeating
    // the shown quote, or for a symbol not in the shown expiry.
    quint64 quotesApplied() const { return m_applied; }
    quint64 quotesUnchanged() const { return m_unchanged; }
    quint64 quotesUnknown() const { return m_unknown; }
    // Pushed trades since construction: applied (after the chain's load, to a shown contract).
    quint64 tradesApplied() const { return m_tradesApplied; }

Q_SIGNALS:
    // The stream's health changed (or its detail text did); `wasLive` is the health before.
    void statusChanged(const cg::StreamStatus &status, bool wasLive);
    // After each batch was applied and counted.
    void batchApplied(const cg::models::ChainTableModel::QuoteApplyStats &stats);
    // After each batch of trades was applied.
    void tradeBatchApplied(const cg::models::ChainTableModel::QuoteApplyStats &stats);

private:
    void onStatus(const StreamStatus &status);
    void applyBatch(const std::vector<OptionQuoteTick> &ticks);
    void addTrades(const std::vector<OptionTradeTick> &trades);
    void applyTrades();
    void detach();

    QuoteCoalescer *m_coalescer;
    Apply m_apply;
    ApplyTrades m_applyTrades;
    std::vector<OptionTradeTick> m_pendingTrades;
    QTimer m_tradeTimer;
    QuoteStream *m_stream = nullptr;
    StreamStatus m_status;
    std::vector<std::string> m_subscribed; // sorted
    int m_beyondLimit = 0;
    int m_beyondLimitSent = 0; // with m_subscribed: what the stream was last given
    quint64 m_applied = 0;
    quint64 m_unchanged = 0;
    quint64 m_unknown = 0;
    quint64 m_tradesApplied = 0;
};

} // namespace cg::models
