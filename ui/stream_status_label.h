#pragma once
// The status bar's stream health: "Stream live · 1,234 quotes/s" (pass colour), "Stream silent —
// polling every 2 s" (warning colour), "Reconnecting in 4 s — polling every 2 s", "Stream failed:
// … — polling every 2 s" (fail colour); "Stream live · nothing to stream" (neutral) while no
// chain is shown (an unknown symbol, a failed load). Hidden while the session has no stream. The
// rate is the quotes received in the last second, sampled from the session's coalescer.

#include <QElapsedTimer>
#include <QLabel>
#include <QTimer>

namespace cg::models {
class ChainSession;
}

namespace cg::ui {

class StreamStatusLabel : public QLabel {
    Q_OBJECT
public:
    explicit StreamStatusLabel(models::ChainSession *session, QWidget *parent = nullptr);

    double quotesPerSecond() const { return m_rate; }

public Q_SLOTS:
    void refreshText();

protected:
    void changeEvent(QEvent *event) override;

private:
    void sample();

    models::ChainSession *m_session;
    QTimer m_sampler;
    QElapsedTimer m_sinceSample;
    quint64 m_lastReceived = 0;
    double m_rate = 0.0;
};

} // namespace cg::ui
