#include "models/chain_session.h"

#include "domain/black_scholes_greeks.h"
#include "domain/eastern_time.h"
#include "domain/market_calendar.h"
#include "domain/strike_selection.h"
#include "models/chain_stream.h"
#include "models/chain_table_model.h"
#include "models/expiry_list_model.h"
#include "models/log.h"

#include <QPointer>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

namespace cg::models {

namespace {

qint64 toMs(Timestamp t) {
    return t.time_since_epoch().count();
}

} // namespace

struct ChainSession::Pending {
    quint64 generation = 0;
    bool full = false;
    std::optional<std::chrono::year_month_day> expiry;
    std::optional<Result<UnderlyingPrice>> price;
    std::optional<Result<OptionChain>> chain;
    bool finished = false; // finish() has taken the answer (its contracts moved out)
    Timestamp sentAt{};    // when asked: a pushed trade after it is newer than the answer
};

ChainSession::ChainSession(MarketData &marketData, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_marketData(marketData)
    , m_clock(clock)
    , m_chain(new ChainTableModel(this))
    , m_expiries(new ExpiryListModel(this))
    , m_stream(new ChainStream(this)) {
    m_timer.setInterval(m_pollMs);
    connect(&m_timer, &QTimer::timeout, this, &ChainSession::refresh);
    connect(&m_spotTimer, &QTimer::timeout, this, &ChainSession::refreshSpot);
    // A tick is applied once, by the model, to the entries this session keeps.
    m_stream->setApply([this](const std::vector<OptionQuoteTick> &ticks) {
        return m_chain->applyQuotes(ticks, m_thresholds, toMs(m_clock.now()));
    });
    connect(m_stream, &ChainStream::statusChanged, this, &ChainSession::onStreamStatus);
    m_stream->setApplyTrades([this](const std::vector<OptionTradeTick> &trades) {
        return m_chain->applyTrades(trades, toMs(m_clock.now()));
    });
    connect(m_stream, &ChainStream::batchApplied, this, &ChainSession::afterQuoteBatch);
    connect(m_stream, &ChainStream::tradeBatchApplied, this,
            [this](const ChainTableModel::QuoteApplyStats &stats) {
                if (stats.tradeableChanged)
                    repickAfterTicks();
            });
    const StrategyParams p = strategyParams(m_strategy);
    m_expiries->setStrategyWindow(p.minDte, p.maxDte);
}

ChainSession::~ChainSession() = default;

void ChainSession::setQuoteStream(QuoteStream *stream) {
    if (stream == m_stream->stream())
        return;
    m_stream->setStream(stream);
    subscribeShown();
}

QuoteStream *ChainSession::quoteStream() const {
    return m_stream->stream();
}

StreamStatus ChainSession::streamStatus() const {
    return m_stream->status();
}

bool ChainSession::streamLive() const {
    return m_stream->live();
}

QuoteCoalescer *ChainSession::coalescer() const {
    return m_stream->coalescer();
}

quint64 ChainSession::quotesApplied() const {
    return m_stream->quotesApplied();
}

quint64 ChainSession::quotesUnchanged() const {
    return m_stream->quotesUnchanged();
}

quint64 ChainSession::quotesUnknown() const {
    return m_stream->quotesUnknown();
}

std::vector<std::string> ChainSession::subscribedSymbols() const {
    return m_stream->subscribedSymbols();
}

const std::vector<ChainEntry> &ChainSession::shownEntries() const {
    static const std::vector<ChainEntry> none;
    if (!m_expiry)
        return none;
    const auto it = m_byExpiry.find(*m_expiry);
    return it == m_byExpiry.end() ? none : it->second;
}

void ChainSession::setLiveRefreshInterval(int ms) {
    m_livePollMs = ms <= 0 ? 0 : std::max(250, ms);
    updatePolling();
}

void ChainSession::updatePolling() {
    int interval = m_pollMs;
    // Slowed only where the stream carries every contract shown.
    if (streamLive() && m_stream->beyondLimit() == 0)
        interval = m_livePollMs > 0 ? std::max(m_pollMs, m_livePollMs) : 0;
    // The spot follows at the normal pace while the chain's polls are slowed or paused, and
    // while the stream is live with auto-refresh off (the quotes move: moneyness, computed
    // greeks and the underlying's alerts read the price).
    if ((m_autoRefresh && interval != m_pollMs) || (!m_autoRefresh && streamLive())) {
        if (!m_spotTimer.isActive() || m_spotTimer.interval() != m_pollMs)
            m_spotTimer.start(m_pollMs);
    } else {
        m_spotTimer.stop();
    }
    if (!m_autoRefresh || interval == 0) {
        m_timer.stop();
        return;
    }
    // Restarting would postpone the next poll: only when the interval really changes.
    if (!m_timer.isActive() || m_timer.interval() != interval)
        m_timer.start(interval);
}

void ChainSession::onStreamStatus(const StreamStatus &status, bool wasLive) {
    updatePolling();
    // Pushes stopped: catch up at once rather than at the next poll.
    if (wasLive && !streamLive() && m_autoRefresh)
        refresh();
    // Back after a gap: Alpaca sends no quote on a new subscription, so a contract that did not
    // tick since would keep its quote from before the gap. Read once, auto-refresh or not. Not
    // after Silent: the same connection, its subscriptions kept (a quiet chain flaps there).
    if (!wasLive && streamLive() && m_streamWasLive && m_streamHealthBefore != StreamHealth::Silent)
        refresh();
    if (streamLive())
        m_streamWasLive = true;
    m_streamHealthBefore = status.health;
    Q_EMIT streamStatusChanged(status);
}

void ChainSession::subscribeShown() {
    std::vector<const OptionContract *> shown;
    for (const ChainEntry &e : shownEntries())
        shown.push_back(&e.contract);
    m_stream->subscribe(std::move(shown), m_price);
    updatePolling();
}

void ChainSession::keepNewerThanPoll(std::vector<OptionContract> &polled, Timestamp sentAt) const {
    // The model indexes the shown entries by symbol: no second index here.
    for (OptionContract &c : polled) {
        const ChainEntry *shown = m_chain->entryOf(c.symbol);
        if (!shown)
            continue;
        const std::optional<Quote> &mine = shown->contract.quote;
        if (mine && (!c.quote || mine->time > c.quote->time))
            c.quote = mine;
        // A snapshot carries no time for its Last here: a trade pushed after the poll was sent
        // is newer than anything the answer knows. Its volume too (the shown count plus that
        // trade), unless a session opened since the shown count was read: the day's volume starts
        // again at the open, and the answer's is the new session's.
        if (shown->streamedTradeAt > sentAt) {
            c.lastPrice = shown->contract.lastPrice;
            if (shown->contract.volume && c.volume < shown->contract.volume &&
                nextSessionOpen(shown->gates.judgedAt()) > shown->streamedTradeAt)
                c.volume = shown->contract.volume;
        }
    }
}

void ChainSession::afterQuoteBatch(const ChainTableModel::QuoteApplyStats &stats) {
    if (stats.newestQuote.time_since_epoch().count() > 0 &&
        (!m_newestQuote || stats.newestQuote > *m_newestQuote))
        m_newestQuote = stats.newestQuote;
    if (stats.tradeableChanged)
        repickAfterTicks();
    Q_EMIT quoteBatchApplied(stats.applied);
}

void ChainSession::repickAfterTicks() {
    // A contract started or stopped passing: the strategy may pick another one.
    const auto symbolOf = [](const Pick &p) {
        return p.entry ? p.entry->contract.symbol : std::string();
    };
    const std::string call = symbolOf(m_picks[0]);
    const std::string put = symbolOf(m_picks[1]);
    updatePicks();
    if (symbolOf(m_picks[0]) != call || symbolOf(m_picks[1]) != put) {
        m_chain->setPicks(pickSymbols()); // the marks move; the entries stay where they are
        Q_EMIT updated();
    }
}

int ChainSession::expiryRow() const {
    return m_expiry ? m_expiries->rowOf(*m_expiry) : -1;
}

void ChainSession::setState(State state) {
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void ChainSession::setBusy(bool busy) {
    if (busy == m_inFlight)
        return;
    m_inFlight = busy;
    Q_EMIT busyChanged(busy);
}

void ChainSession::setSymbol(const QString &symbol) {
    const QString s = symbol.trimmed().toUpper();
    if (s == m_symbol && m_state != State::NoSymbol && m_state != State::Error)
        return;
    m_symbol = s;
    m_chain->clear(); // first: it views the store
    m_stream->discardPending();
    m_byExpiry.clear();
    m_expiry.reset();
    m_price = 0.0;
    m_picks = {};
    m_lastUpdate.reset();
    m_newestQuote.reset();
    subscribeShown();
    updateExpiries();
    if (s.isEmpty()) {
        ++m_generation; // drop answers still on their way
        setBusy(false);
        setState(State::NoSymbol);
        Q_EMIT updated();
        return;
    }
    start(true);
}

void ChainSession::reload() {
    if (m_symbol.isEmpty())
        return;
    start(true);
}

void ChainSession::refreshSpot() {
    if (m_symbol.isEmpty() || m_spotInFlight || m_inFlight || !m_expiry)
        return;
    m_spotInFlight = true;
    const quint64 generation = m_generation;
    QPointer<ChainSession> self(this);
    m_marketData.underlyingPrice(
        m_symbol.toStdString(), [self, generation](Result<UnderlyingPrice> r) {
            if (!self)
                return;
            self->m_spotInFlight = false;
            if (!r || generation != self->m_generation || self->m_inFlight || !(r->price > 0.0) ||
                r->price == self->m_price)
                return;
            self->m_price = r->price;
            self->updatePicks();
            self->applyExpiry(false); // moneyness and the at-the-money line, diffed
            Q_EMIT self->updated();
        });
}

void ChainSession::refresh() {
    if (m_symbol.isEmpty())
        return;
    if (m_byExpiry.empty() || !m_expiry) {
        if (!m_inFlight)
            start(true);
        return;
    }
    start(false);
}

void ChainSession::setAutoRefresh(bool on) {
    m_autoRefresh = on;
    updatePolling();
}

void ChainSession::setAutoRefreshInterval(int ms) {
    m_pollMs = std::max(250, ms);
    updatePolling();
}

void ChainSession::setStrategy(Strategy strategy) {
    if (strategy == m_strategy)
        return;
    m_strategy = strategy;
    strategyChanged();
}

void ChainSession::setStrategyParams(const std::array<StrategyParams, 3> &params) {
    if (params == m_params)
        return;
    m_params = params;
    strategyChanged();
}

void ChainSession::strategyChanged() {
    const StrategyParams &p = strategyParams(m_strategy);
    m_expiries->setStrategyWindow(p.minDte, p.maxDte);
    if (m_byExpiry.empty())
        return;
    updatePicks();
    m_chain->setPicks(pickSymbols()); // only the marks move
    Q_EMIT updated();
}

void ChainSession::setThresholds(const GateThresholds &thresholds) {
    if (thresholds == m_thresholds)
        return;
    m_thresholds = thresholds;
    const Timestamp now = m_clock.now();
    for (auto &[date, entries] : m_byExpiry) {
        for (ChainEntry &e : entries)
            e.gates.judge(e.contract, m_thresholds, now);
    }
    if (m_byExpiry.empty())
        return;
    updatePicks();
    applyExpiry(false);
    Q_EMIT updated();
}

void ChainSession::start(bool full) {
    // One poll at a time: a slow answer is not overtaken by the next tick.
    if (!full && m_inFlight)
        return;
    if (full) {
        ++m_generation;
        if (m_byExpiry.empty())
            setState(State::Loading);
    }
    setBusy(true);

    auto p = std::make_shared<Pending>();
    p->generation = m_generation;
    p->full = full;
    p->expiry = full ? std::nullopt : m_expiry;
    p->sentAt = m_clock.now();

    ChainQuery query;
    query.underlying = m_symbol.toStdString();
    if (!full) {
        query.expiryFrom = m_expiry;
        query.expiryTo = m_expiry;
    }
    QPointer<ChainSession> self(this);
    const auto done = [self, p] {
        if (self && p->price && p->chain)
            self->finish(p);
    };
    m_marketData.underlyingPrice(query.underlying, [p, done](Result<UnderlyingPrice> r) {
        p->price = std::move(r);
        done();
    });
    m_marketData.optionChain(query, [p, done](Result<OptionChain> r) {
        p->chain = std::move(r);
        done();
    });
}

void ChainSession::fail(const QString &message) {
    qCInfo(lcModels) << "chain load failed:" << message;
    m_error = message;
    m_chain->clear(); // first: it views the store
    m_byExpiry.clear();
    m_expiry.reset();
    subscribeShown();
    updateExpiries();
    setState(State::Error);
    Q_EMIT updated();
}

void ChainSession::finish(const std::shared_ptr<Pending> &p) {
    if (p->generation != m_generation || p->finished)
        return; // an answer for a symbol or load that has been replaced, or already taken
    p->finished = true;
    setBusy(false);
    // A poll of an expiry the trader has left since: dropped whole, its price too (taking only
    // the price would move the window's spot while the picks stay at the old one). The switch's
    // own poll was not sent while this one was on its way (one at a time): it goes now.
    if (!p->full && p->expiry != m_expiry) {
        refresh();
        return;
    }
    m_lastUpdate = m_clock.now();
    const Result<OptionChain> &chain = *p->chain;
    const Result<UnderlyingPrice> &price = *p->price;

    // A 404 for a whole chain: the underlying is unknown, and retrying would not help.
    const bool unknown = !chain && chain.error().httpStatus == 404 && p->full;
    if (!chain && !unknown) {
        const QString msg = QString::fromStdString(chain.error().message);
        if (p->full)
            fail(msg);
        else
            Q_EMIT refreshFailed(msg);
        return;
    }
    if (unknown || chain->contracts.empty()) {
        if (p->full) {
            m_chain->clear(); // first: it views the store
            m_byExpiry.clear();
            m_expiry.reset();
            subscribeShown();
            updateExpiries();
            setState(State::NotFound);
            Q_EMIT updated();
        } else {
            reload(); // the shown expiry is gone (expired at the close)
        }
        return;
    }
    if (!price) {
        const QString msg = tr("Could not read the price of %1: %2")
                                .arg(m_symbol, QString::fromStdString(price.error().message));
        if (p->full)
            fail(msg);
        else
            Q_EMIT refreshFailed(msg);
        return;
    }
    m_price = price->price;

    bool resetModel = false;
    bool firstView = false;
    // The model shows the old entries until applyExpiry(): they stay alive until then.
    decltype(m_byExpiry) previousStore;
    std::vector<ChainEntry> previousShown;
    if (p->full) {
        firstView = !m_expiry;
        previousStore.swap(m_byExpiry);
        // The answer is this load's alone (taken once: `finished`): its contracts move in.
        storeFull(std::move(p->chain->value().contracts));
        resetModel = true;
    } else {
        std::vector<OptionContract> mine;
        for (OptionContract &c : p->chain->value().contracts) {
            if (c.expiry == *m_expiry)
                mine.push_back(std::move(c));
        }
        keepNewerThanPoll(mine, p->sentAt);
        previousShown = std::exchange(m_byExpiry[*m_expiry], evaluate(std::move(mine)));
    }
    updatePicks();
    // A new symbol opens on the expiry of the strategy's pick: the contract it would trade.
    if (firstView && m_picks[0].entry)
        m_expiry = m_picks[0].entry->contract.expiry;
    updateExpiries();
    applyExpiry(resetModel);
    m_error.clear();
    setState(State::Loaded);
    Q_EMIT updated();
}

void ChainSession::appendJudged(std::vector<ChainEntry> &out, OptionContract &&c,
                                Timestamp now) const {
    // Greeks the feed did not send: from the mid at this underlying price (finish() sets it).
    completeGreeks(c, m_price, now);
    out.emplace_back(std::move(c), m_thresholds, now);
}

std::vector<ChainEntry> ChainSession::evaluate(std::vector<OptionContract> contracts) const {
    const Timestamp now = m_clock.now();
    std::vector<ChainEntry> out;
    out.reserve(contracts.size());
    for (OptionContract &c : contracts)
        appendJudged(out, std::move(c), now);
    return out;
}

void ChainSession::storeFull(std::vector<OptionContract> contracts) {
    // The client's chain comes sorted by expiry: each expiry's run is judged straight into its
    // own entries, sized for the run (one move a contract, not one into a list of all and
    // another, with the growth's, into its expiry's).
    const Timestamp judgedAt = m_clock.now();
    for (std::size_t begin = 0; begin < contracts.size();) {
        const std::chrono::year_month_day date = contracts[begin].expiry;
        std::size_t end = begin + 1;
        while (end < contracts.size() && contracts[end].expiry == date)
            ++end;
        std::vector<ChainEntry> &entries = m_byExpiry[date];
        // Geometric where a chain comes unsorted (runs of one expiry again and again).
        if (const std::size_t need = entries.size() + (end - begin); need > entries.capacity())
            entries.reserve(std::max(need, 2 * entries.capacity()));
        for (std::size_t i = begin; i < end; ++i)
            appendJudged(entries, std::move(contracts[i]), judgedAt);
        begin = end;
    }
    if (m_expiry && m_byExpiry.count(*m_expiry))
        return;
    // First view: the nearest expiry in the strategy's window, else the nearest one.
    const Timestamp now = m_clock.now();
    const StrategyParams params = strategyParams(m_strategy);
    m_expiry = m_byExpiry.begin()->first;
    for (const auto &[date, entries] : m_byExpiry) {
        const int dte = daysToExpiry(date, now);
        if (dte >= params.minDte && dte <= params.maxDte) {
            m_expiry = date;
            break;
        }
    }
}

void ChainSession::updateExpiries() {
    std::vector<std::chrono::year_month_day> dates;
    std::vector<int> dtes;
    const Timestamp now = m_clock.now();
    for (const auto &[date, entries] : m_byExpiry) {
        dates.push_back(date);
        dtes.push_back(daysToExpiry(date, now));
    }
    const int before = expiryRow();
    m_expiries->setExpiries(dates, dtes);
    const int after = expiryRow();
    if (before != after || after >= 0)
        Q_EMIT expiryChanged(after);
}

namespace {

// The entries selectStrike reads, in the store's order: a pointer and a byte a contract, not a
// copy of the contracts.
struct SelectionInput {
    std::vector<const OptionContract *> contracts;
    std::vector<GateMask> failures;
    std::vector<const ChainEntry *> from;
    std::array<int, 2> ofType{}; // calls, puts

    void add(const std::vector<ChainEntry> &entries) {
        for (const ChainEntry &e : entries) {
            contracts.push_back(&e.contract);
            failures.push_back(e.gates.failures());
            from.push_back(&e);
            ++ofType[e.contract.type == OptionType::Call ? 0 : 1];
        }
    }
};

} // namespace

void ChainSession::updatePicks() {
    const StrategyParams params = strategyParams(m_strategy);
    const Timestamp now = m_clock.now();
    // A pick expires in the strategy's window: only the expiries in it (a few of a chain's
    // dozens) are read, and the walks through memory a large chain's load spent here go. Where
    // they hold no pick, the reason counts the contracts in the window as the whole chain's
    // would; only where the window holds no contract of the type does it count the others
    // ("none of the 63 calls expires in 2-5 days"), so the whole chain is read then.
    SelectionInput inWindow;
    for (const auto &[date, entries] : m_byExpiry) {
        if (!date.ok())
            continue; // never a pick (selectStrike passes over an invalid expiry)
        const int dte = daysToExpiry(date, now);
        if (dte >= params.minDte && dte <= params.maxDte)
            inWindow.add(entries);
    }
    std::optional<SelectionInput> all;
    for (int i = 0; i < 2; ++i) {
        const OptionType type = i == 0 ? OptionType::Call : OptionType::Put;
        const SelectionInput *read = &inWindow;
        SelectionResult r =
            selectStrike(read->contracts, read->failures, type, m_price, params, now);
        if (!r.index && inWindow.ofType[static_cast<std::size_t>(i)] == 0) {
            if (!all) {
                all.emplace();
                std::size_t count = 0;
                for (const auto &[date, entries] : m_byExpiry)
                    count += entries.size();
                all->contracts.reserve(count);
                all->failures.reserve(count);
                all->from.reserve(count);
                for (const auto &[date, entries] : m_byExpiry)
                    all->add(entries);
            }
            read = &*all;
            r = selectStrike(read->contracts, read->failures, type, m_price, params, now);
        }
        Pick pick;
        pick.targetStrike = r.targetStrike;
        if (r.index)
            pick.entry = *read->from[*r.index];
        else
            pick.reason = QString::fromStdString(r.reason);
        m_picks[static_cast<std::size_t>(i)] = std::move(pick);
    }
}

QSet<QString> ChainSession::pickSymbols() const {
    QSet<QString> picks;
    for (const Pick &p : m_picks) {
        if (p.entry)
            picks.insert(QString::fromStdString(p.entry->contract.symbol));
    }
    return picks;
}

void ChainSession::applyExpiry(bool resetModel) {
    const auto it = m_expiry ? m_byExpiry.find(*m_expiry) : m_byExpiry.end();
    if (it == m_byExpiry.end()) {
        m_chain->clear(); // nothing of the store to view
        return;
    }
    std::optional<Timestamp> newest;
    for (const ChainEntry &e : it->second) {
        if (e.contract.quote && e.contract.quote->time.time_since_epoch().count() > 0 &&
            (!newest || e.contract.quote->time > *newest))
            newest = e.contract.quote->time;
    }
    m_newestQuote = newest;
    if (resetModel) {
        m_chain->clear();
        m_stream->discardPending(); // for the contracts shown until now
    }
    // The model views the store's entries: nothing is copied.
    m_chain->showChain(it->second, m_price, pickSymbols(), toMs(m_clock.now()));
    subscribeShown();
}

void ChainSession::setExpiryRow(int row) {
    const auto date = m_expiries->expiryAt(row);
    if (!date.ok() || (m_expiry && *m_expiry == date))
        return;
    m_expiry = date;
    applyExpiry(true);
    Q_EMIT expiryChanged(row);
    Q_EMIT updated();
    refresh();
}

} // namespace cg::models
