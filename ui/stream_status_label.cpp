#include "ui/stream_status_label.h"

#include "models/chain_session.h"
#include "models/quote_coalescer.h"
#include "ui/chain_colors.h"

#include <QEvent>
#include <QLocale>

#include <cmath>

namespace cg::ui {

StreamStatusLabel::StreamStatusLabel(models::ChainSession *session, QWidget *parent)
    : QLabel(parent)
    , m_session(session) {
    setObjectName(QStringLiteral("streamStatusLabel"));
    m_sampler.setInterval(1000);
    connect(&m_sampler, &QTimer::timeout, this, &StreamStatusLabel::sample);
    m_sampler.start();
    m_sinceSample.start();
    connect(session, &models::ChainSession::streamStatusChanged, this,
            &StreamStatusLabel::refreshText);
    // A new chain (or none: an unknown symbol, a failed load) changes what is subscribed.
    connect(session, &models::ChainSession::updated, this, &StreamStatusLabel::refreshText);
    connect(session, &models::ChainSession::stateChanged, this, &StreamStatusLabel::refreshText);
    refreshText();
}

void StreamStatusLabel::sample() {
    const quint64 received = m_session->coalescer()->received();
    const qint64 ms = std::max<qint64>(1, m_sinceSample.restart());
    m_rate = static_cast<double>(received - m_lastReceived) * 1000.0 / static_cast<double>(ms);
    m_lastReceived = received;
    refreshText();
}

void StreamStatusLabel::changeEvent(QEvent *event) {
    QLabel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        refreshText();
}

void StreamStatusLabel::refreshText() {
    if (!m_session->quoteStream()) {
        hide();
        return;
    }
    const StreamStatus status = m_session->streamStatus();
    const QString detail = QString::fromStdString(status.detail);
    const int pollMs = m_session->pollingInterval();
    const QString polling =
        pollMs > 0 ? tr("polling every %1 s").arg(QLocale().toString(pollMs / 1000.0, 'g', 3))
                   : tr("auto-refresh off");
    const ChainColors colors = ChainColors::forPalette(palette());
    QString text;
    QColor colour;
    // No symbols subscribed (no chain shown): the stream has nothing to deliver, so its health
    // is no warning and "0 quotes/s" in the pass colour is no good news either; neither is
    // polling anything for it.
    const bool nothing = m_session->subscribedSymbols().empty();
    if (nothing &&
        (status.health == StreamHealth::Live || status.health == StreamHealth::Connecting)) {
        text = status.health == StreamHealth::Live
                   ? tr("Stream live \u00b7 nothing to stream")
                   : tr("Stream connecting \u00b7 nothing to stream");
        colour = palette().color(QPalette::PlaceholderText);
    } else {
        switch (status.health) {
        case StreamHealth::Live:
            text = tr("Stream live \u00b7 %1 quotes/s")
                       .arg(QLocale().toString(static_cast<qlonglong>(std::llround(m_rate))));
            colour = colors.pass;
            break;
        case StreamHealth::Connecting:
            text = tr("Stream connecting \u2014 %1").arg(polling);
            colour = colors.warning;
            break;
        case StreamHealth::Silent:
            text = tr("Stream silent \u2014 %1").arg(polling);
            colour = colors.warning;
            break;
        case StreamHealth::Reconnecting:
            text = (detail.isEmpty() ? tr("Stream reconnecting") : detail) +
                   tr(" \u2014 %1").arg(polling);
            colour = colors.warning;
            break;
        case StreamHealth::Failed:
            text = tr("Stream failed: %1 \u2014 %2")
                       .arg(detail.isEmpty() ? tr("no reason given") : detail, polling);
            colour = colors.fail;
            break;
        case StreamHealth::Off:
            text = tr("Stream off \u2014 %1").arg(polling);
            colour = palette().color(QPalette::PlaceholderText);
            break;
        }
    }
    setText(text);
    setToolTip(tr("Option quote stream: %1\nQuotes received %2, applied %3, repeated %4, for "
                  "other symbols %5\nThe chain repaints at most %6 times a second")
                   .arg(detail.isEmpty() ? text : detail)
                   .arg(m_session->coalescer()->received())
                   .arg(m_session->quotesApplied())
                   .arg(m_session->quotesUnchanged())
                   .arg(m_session->quotesUnknown())
                   .arg(m_session->coalescer()->rateHz()));
    QPalette p = palette();
    p.setColor(QPalette::WindowText, colour);
    // setPalette would recurse through changeEvent: only when the colour really changes.
    if (palette().color(QPalette::WindowText) != colour)
        setPalette(p);
    show();
}

} // namespace cg::ui
