#pragma once
// The engine's source of time. Domain functions take a Timestamp; the layers that need "now"
// hold a Clock so tests and --as-of replays can fix it.

#include "domain/quote.h"

#include <chrono>

namespace cg {

class Clock {
public:
    virtual ~Clock() = default;
    virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
public:
    Timestamp now() const override {
        return std::chrono::time_point_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now());
    }
};

// A clock that runs at the wall clock's pace from a chosen instant: a DEMO market replayed from
// --as-of in the window or `demo-server`, where quotes must keep moving and orders fill.
class ReplayClock final : public Clock {
public:
    explicit ReplayClock(Timestamp start)
        : m_start(start)
        , m_wallStart(m_wall.now()) {}
    Timestamp now() const override { return m_start + (m_wall.now() - m_wallStart); }

private:
    SystemClock m_wall;
    Timestamp m_start;
    Timestamp m_wallStart;
};

// A clock that stands still (tests, --as-of) unless advanced.
class FixedClock final : public Clock {
public:
    explicit FixedClock(Timestamp t)
        : m_now(t) {}
    Timestamp now() const override { return m_now; }
    void set(Timestamp t) { m_now = t; }
    void advance(std::chrono::milliseconds d) { m_now += d; }

private:
    Timestamp m_now;
};

} // namespace cg
