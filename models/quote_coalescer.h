#pragma once
// Pushed quotes arrive far faster than a window can repaint. The coalescer takes every tick at
// once (the latest value per symbol wins, none is lost before it is superseded) and hands the
// pending set to its sink at most `rateHz` times a second, so the model sees one batch per frame
// however busy the stream is. A first tick after a quiet period goes out on the next event-loop
// turn; later ones wait for the rest of the interval. A large batch is handed over in chunks of
// at most maxBatch() ticks, one chunk per event-loop turn, so that painting and input run between
// them: at 100k ticks/s one 15 Hz batch is ~6,000 ticks, several frames of work in one go.

#include "broker/quote_stream.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cg::models {

class QuoteCoalescer : public QObject {
    Q_OBJECT
public:
    using Sink = std::function<void(const std::vector<OptionQuoteTick> &)>;

    explicit QuoteCoalescer(QObject *parent = nullptr);

    void setSink(Sink sink) { m_sink = std::move(sink); }
    // Flushes per second, at most; default 15. Values outside 1..240 are clamped.
    void setRateHz(double hz);
    double rateHz() const { return m_rateHz; }
    int intervalMs() const { return m_intervalMs; }

    void add(const std::vector<OptionQuoteTick> &ticks);
    void add(const OptionQuoteTick &tick);
    // Ticks handed over at once by the timer; the rest follow on the next event-loop turns.
    // Default 1,500; 0: no limit.
    void setMaxBatch(int ticks) { m_maxBatch = ticks > 0 ? static_cast<std::size_t>(ticks) : 0; }
    int maxBatch() const { return static_cast<int>(m_maxBatch); }
    // Hands over everything pending now, in one batch (tests, or before a structure change).
    void flushNow();
    // Drops what is pending (the shown chain changed: those symbols are gone).
    void discardPending();

    // Counters since construction.
    quint64 received() const { return m_received; }     // every tick given to add()
    quint64 superseded() const { return m_superseded; } // replaced by a newer tick in the batch
    quint64 delivered() const { return m_delivered; }   // handed to the sink
    quint64 discarded() const { return m_discarded; }   // dropped by discardPending()
    quint64 flushes() const { return m_flushes; }
    int pending() const { return static_cast<int>(m_pending.size() - m_cursor); }

Q_SIGNALS:
    // After each hand-over, with the number of ticks in the batch.
    void flushed(int count);

private:
    void schedule();
    void deliver(std::size_t limit);
    // The table slot of `symbol` (hashed `hash`): the position of its pending tick not yet
    // handed over, or kEmpty where it goes.
    std::uint32_t &slotOf(std::string_view symbol, std::size_t hash);
    void growSlots();
    void clearSlots();

    Sink m_sink;
    double m_rateHz = 15.0;
    int m_intervalMs = 67;
    QTimer m_timer;
    QElapsedTimer m_sinceFlush;
    std::vector<OptionQuoteTick> m_pending;
    std::size_t m_cursor = 0; // m_pending before it is handed over already (a batch in chunks)
    std::size_t m_maxBatch = 1500;
    // Symbol -> position in m_pending, by open addressing over positions: the symbol is read
    // from the pending tick (no copy, no node), hashed once a tick (m_hashes, by position).
    static constexpr std::uint32_t kEmpty = UINT32_MAX;
    std::vector<std::uint32_t> m_slots;
    std::size_t m_mask = 0;
    std::vector<std::size_t> m_hashes;
    quint64 m_received = 0;
    quint64 m_superseded = 0;
    quint64 m_delivered = 0;
    quint64 m_discarded = 0;
    quint64 m_flushes = 0;
};

} // namespace cg::models
