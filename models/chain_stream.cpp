#include "models/chain_stream.h"

#include "models/log.h"
#include "models/quote_coalescer.h"

#include <algorithm>
#include <cmath>

namespace cg::models {

namespace {

const char *healthName(StreamHealth h) {
    switch (h) {
    case StreamHealth::Off:
        return "off";
    case StreamHealth::Connecting:
        return "connecting";
    case StreamHealth::Live:
        return "live";
    case StreamHealth::Silent:
        return "silent";
    case StreamHealth::Reconnecting:
        return "reconnecting";
    case StreamHealth::Failed:
        return "failed";
    }
    return "?";
}

} // namespace

ChainStream::ChainStream(QObject *parent)
    : QObject(parent)
    , m_coalescer(new QuoteCoalescer(this)) {
    m_coalescer->setSink([this](const std::vector<OptionQuoteTick> &ticks) { applyBatch(ticks); });
    m_tradeTimer.setSingleShot(true);
    connect(&m_tradeTimer, &QTimer::timeout, this, &ChainStream::applyTrades);
}

ChainStream::~ChainStream() {
    detach();
}

void ChainStream::detach() {
    if (m_stream) {
        m_stream->onQuotes = nullptr;
        m_stream->onTrades = nullptr;
        m_stream->onStatus = nullptr;
    }
}

void ChainStream::setStream(QuoteStream *stream) {
    if (stream == m_stream)
        return;
    detach();
    discardPending();
    m_subscribed.clear();
    m_stream = stream;
    if (m_stream) {
        m_stream->onQuotes = [this](const std::vector<OptionQuoteTick> &ticks) {
            m_coalescer->add(ticks);
        };
        m_stream->onTrades = [this](const std::vector<OptionTradeTick> &trades) {
            addTrades(trades);
        };
        m_stream->onStatus = [this](const StreamStatus &status) { onStatus(status); };
    }
    onStatus(m_stream ? m_stream->status() : StreamStatus{});
}

void ChainStream::onStatus(const StreamStatus &status) {
    const bool wasLive = live();
    m_status = status;
    qCInfo(lcModels).noquote() << "quote stream" << healthName(status.health)
                               << QString::fromStdString(status.detail);
    Q_EMIT statusChanged(status, wasLive);
}

void ChainStream::subscribe(std::vector<const OptionContract *> shown, double spot) {
    if (!m_stream)
        return;
    std::stable_sort(shown.begin(), shown.end(),
                     [spot](const OptionContract *a, const OptionContract *b) {
                         return std::abs(a->strike - spot) < std::abs(b->strike - spot);
                     });
    // All of them, nearest first: the stream keeps what its feed allows and says how many more.
    const int limit = m_stream->symbolLimit();
    m_beyondLimit = limit > 0 ? std::max(0, static_cast<int>(shown.size()) - limit) : 0;
    std::vector<std::string> symbols;
    symbols.reserve(shown.size());
    for (const OptionContract *c : shown)
        symbols.push_back(c->symbol);
    // Unchanged when the streamed ones (the nearest `limit`) and the count beyond are: a move of
    // the money changes which are nearest, and the stream follows it.
    const std::size_t kept =
        limit > 0 ? std::min(symbols.size(), static_cast<std::size_t>(limit)) : symbols.size();
    std::vector<std::string> sorted(symbols.begin(), symbols.begin() + static_cast<long>(kept));
    std::sort(sorted.begin(), sorted.end());
    if (sorted == m_subscribed && m_beyondLimit == m_beyondLimitSent)
        return;
    m_subscribed = std::move(sorted);
    m_beyondLimitSent = m_beyondLimit;
    m_stream->setSymbols(symbols);
}

void ChainStream::discardPending() {
    m_coalescer->discardPending();
    m_pendingTrades.clear();
    m_tradeTimer.stop();
}

void ChainStream::addTrades(const std::vector<OptionTradeTick> &trades) {
    m_pendingTrades.insert(m_pendingTrades.end(), trades.begin(), trades.end());
    if (!m_tradeTimer.isActive())
        m_tradeTimer.start(m_coalescer->intervalMs());
}

void ChainStream::applyTrades() {
    std::vector<OptionTradeTick> trades;
    trades.swap(m_pendingTrades);
    if (trades.empty() || !m_applyTrades)
        return;
    const ChainTableModel::QuoteApplyStats stats = m_applyTrades(trades);
    m_tradesApplied += static_cast<quint64>(stats.applied);
    Q_EMIT tradeBatchApplied(stats);
}

void ChainStream::applyBatch(const std::vector<OptionQuoteTick> &ticks) {
    ChainTableModel::QuoteApplyStats stats;
    if (m_apply)
        stats = m_apply(ticks);
    else
        stats.unknown = static_cast<int>(ticks.size());
    m_applied += static_cast<quint64>(stats.applied);
    m_unchanged += static_cast<quint64>(stats.unchanged);
    m_unknown += static_cast<quint64>(stats.unknown);
    Q_EMIT batchApplied(stats);
}

} // namespace cg::models
