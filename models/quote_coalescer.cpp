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
        if (2 * (m_pending.size() + 1) > m_slots.size())
            growSlots(); // at most half full: short probe runs
        const std::size_t hash = std::hash<std::string_view>{}(t.symbol);
        std::uint32_t &slot = slotOf(t.symbol, hash);
        if (slot == kEmpty) {
            slot = static_cast<std::uint32_t>(m_pending.size());
            m_pending.push_back(t);
            m_hashes.push_back(hash);
        } else {
            ++m_superseded;
            // The newest by its time, not the last to arrive (a tick without a time is taken).
            const auto held = m_pending[slot].time;
            if (t.time.time_since_epoch().count() == 0 || t.time >= held)
                m_pending[slot] = t;
        }
    }
    schedule();
}

std::uint32_t &QuoteCoalescer::slotOf(std::string_view symbol, std::size_t hash) {
    for (std::size_t s = hash & m_mask;; s = (s + 1) & m_mask) {
        std::uint32_t &slot = m_slots[s];
        if (slot == kEmpty)
            return slot;
        // A tick handed over already (an earlier chunk of this batch) is not superseded: a new
        // one of its symbol goes in a slot of its own.
        if (slot >= m_cursor && m_hashes[slot] == hash && m_pending[slot].symbol == symbol)
            return slot;
    }
}

void QuoteCoalescer::growSlots() {
    const std::size_t size = std::max<std::size_t>(1024, 2 * m_slots.size());
    m_slots.assign(size, kEmpty);
    m_mask = size - 1;
    for (std::size_t i = m_cursor; i < m_pending.size(); ++i)
        slotOf(m_pending[i].symbol, m_hashes[i]) = static_cast<std::uint32_t>(i);
}

void QuoteCoalescer::clearSlots() {
    std::fill(m_slots.begin(), m_slots.end(), kEmpty);
    m_pending.clear();
    m_hashes.clear();
    m_cursor = 0;
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
    if (m_cursor == m_pending.size()) // all handed over
        clearSlots();
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
    clearSlots();
    m_timer.stop();
}

} // namespace cg::models
