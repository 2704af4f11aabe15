#include "models/quote_coalescer.h"

#include <algorithm>
#include <cmath>

namespace cg::models {

QuoteCoalescer::QuoteCoalescer(QObject *parent)
    : QObject(parent) {
    m_timer.setSingleShot(true);
    // Precise: a coarse timer may fire up to 5 % early, which would exceed the rate.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &QuoteCoalescer::flushNow);
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
    if (m_pending.empty() || m_timer.isActive())
        return;
    const qint64 since = m_sinceFlush.isValid() ? m_sinceFlush.elapsed() : m_intervalMs;
    m_timer.start(static_cast<int>(std::max<qint64>(0, m_intervalMs - since)));
}

void QuoteCoalescer::flushNow() {
    m_timer.stop();
    if (m_pending.empty())
        return;
    std::vector<OptionQuoteTick> batch;
    batch.swap(m_pending);
    m_slot.clear();
    m_sinceFlush.start();
    m_delivered += batch.size();
    ++m_flushes;
    if (m_sink)
        m_sink(batch);
    Q_EMIT flushed(static_cast<int>(batch.size()));
    // Ticks added by the sink itself wait for the next interval.
    schedule();
}

void QuoteCoalescer::discardPending() {
    m_discarded += m_pending.size();
    m_pending.clear();
    m_slot.clear();
    m_timer.stop();
}

} // namespace cg::models
