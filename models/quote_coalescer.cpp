#include "models/quote_coalescer.h"

#include <algorithm>
#include <cmath>

namespace cg::models {

QuoteCoalescer::QuoteCoalescer(QObject *parent)
    : QObject(parent) {
    m_timer.setSingleShot(true);
    // Precise: a coarse timer may fire up to 5 % early, which would exceed the rate.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, [this] { deliver(m_maxBatch); });
    setRateHz(15.0);
}

void QuoteCoalescer::setRateHz(double hz) {
    m_rateHz = std::clamp(hz, 1.0, 240.0);
    m_intervalMs = static_cast<int>(std::ceil(1000.0 / m_rateHz));
}

void QuoteCoalescer::add(const std::vector<OptionQuoteTick> &ticks) {
    for (const OptionQuoteTick &t : ticks) {
        ++m_received;
        const auto [it, inserted] = m_slot.try_emplace(t.symbol, m_pending.size());
        if (inserted) {
            m_pending.push_back(t);
        } else if (it->second < m_cursor) {
            // Its older value went out in an earlier chunk of this batch: this one is new.
            it->second = m_pending.size();
            m_pending.push_back(t);
        } else {
            ++m_superseded;
            m_pending[it->second] = t;
        }
    }
    schedule();
}

void QuoteCoalescer::add(const OptionQuoteTick &tick) {
    add(std::vector<OptionQuoteTick>{tick});
}

void QuoteCoalescer::schedule() {
    if (pending() == 0 || m_timer.isActive())
        return;
    if (m_cursor > 0) { // the rest of a batch: on the next event-loop turn
        m_timer.start(0);
        return;
    }
    const qint64 since = m_sinceFlush.isValid() ? m_sinceFlush.elapsed() : m_intervalMs;
    m_timer.start(static_cast<int>(std::max<qint64>(0, m_intervalMs - since)));
}

void QuoteCoalescer::flushNow() {
    deliver(0);
}

void QuoteCoalescer::deliver(std::size_t limit) {
    m_timer.stop();
    if (pending() == 0)
        return;
    if (m_cursor == 0) // a new batch; its chunks count as one interval
        m_sinceFlush.start();
    const std::size_t end =
        limit == 0 ? m_pending.size() : std::min(m_pending.size(), m_cursor + limit);
    std::vector<OptionQuoteTick> batch;
    if (m_cursor == 0 && end == m_pending.size()) {
        batch.swap(m_pending);
    } else {
        batch.assign(
            std::make_move_iterator(m_pending.begin() + static_cast<std::ptrdiff_t>(m_cursor)),
            std::make_move_iterator(m_pending.begin() + static_cast<std::ptrdiff_t>(end)));
        m_cursor = end;
    }
    if (m_cursor == m_pending.size()) { // all handed over
        m_pending.clear();
        m_slot.clear();
        m_cursor = 0;
    }
    m_delivered += batch.size();
    ++m_flushes;
    if (m_sink)
        m_sink(batch);
    Q_EMIT flushed(static_cast<int>(batch.size()));
    // The rest of this batch goes on the next turn; ticks added by the sink itself wait for the
    // next interval.
    schedule();
}

void QuoteCoalescer::discardPending() {
    m_discarded += static_cast<quint64>(pending());
    m_pending.clear();
    m_slot.clear();
    m_cursor = 0;
    m_timer.stop();
}

} // namespace cg::models
