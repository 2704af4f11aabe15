#pragma once
// The time a queued ticket (a signal's, in Confirm mode) has left before the confirmation queue
// expires it: "Expires in 1:23" over a bar that empties, red for the last 15 s, read from the
// session's clock four times a second. Both tickets show it, the single one and the multi-leg one.

#include "domain/clock.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;

namespace cg::ui {

class TicketCountdown : public QWidget {
    Q_OBJECT
public:
    TicketCountdown(const Clock &clock, Timestamp createdAt, int maxAgeSec,
                    QWidget *parent = nullptr);

    QLabel *label() const { return m_label; }
    // The ticket's maximum age has passed.
    bool elapsed() const;
    // The ticket was settled: the time stops, and `text` ("Expired", or nothing) takes its place.
    void stop(const QString &text = {});

private:
    void update();

    const Clock &m_clock;
    Timestamp m_createdAt;
    int m_maxAgeSec;
    QLabel *m_label = nullptr;
    QProgressBar *m_bar = nullptr;
    QTimer m_tick;
};

} // namespace cg::ui
