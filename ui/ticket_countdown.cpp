#include "ui/ticket_countdown.h"

#include "ui/chain_colors.h"

#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

#include <algorithm>
#include <chrono>

namespace cg::ui {

TicketCountdown::TicketCountdown(const Clock &clock, Timestamp createdAt, int maxAgeSec,
                                 QWidget *parent)
    : QWidget(parent)
    , m_clock(clock)
    , m_createdAt(createdAt)
    , m_maxAgeSec(maxAgeSec) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("ticketCountdown"));
    m_label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    QFont mono = font();
    mono.setBold(true);
    mono.setPointSizeF(mono.pointSizeF() * 1.1);
    m_label->setFont(mono);
    m_bar = new QProgressBar(this);
    m_bar->setRange(0, 1000);
    m_bar->setTextVisible(false);
    m_bar->setFixedSize(150, 6);
    layout->addWidget(m_label);
    layout->addWidget(m_bar, 0, Qt::AlignRight);
    m_tick.setInterval(250);
    connect(&m_tick, &QTimer::timeout, this, &TicketCountdown::update);
    m_tick.start();
    update();
}

bool TicketCountdown::elapsed() const {
    return m_clock.now() - m_createdAt >= std::chrono::seconds(m_maxAgeSec);
}

void TicketCountdown::stop(const QString &text) {
    m_tick.stop();
    m_label->setText(text);
    m_label->setPalette(palette());
    m_bar->hide();
}

void TicketCountdown::update() {
    const auto age = m_clock.now() - m_createdAt;
    const qint64 leftMs = std::max<qint64>(0, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                  std::chrono::seconds(m_maxAgeSec) - age)
                                                  .count());
    const qint64 left = (leftMs + 999) / 1000;
    m_label->setText(tr("Expires in %1:%2").arg(left / 60).arg(left % 60, 2, 10, QLatin1Char('0')));
    m_bar->setValue(m_maxAgeSec > 0 ? static_cast<int>(leftMs / m_maxAgeSec) : 0);
    const ChainColors colors = ChainColors::forPalette(palette());
    QPalette p = m_label->palette();
    p.setColor(QPalette::WindowText,
               left <= 15 ? colors.fail : palette().color(QPalette::WindowText));
    m_label->setPalette(p);
}

} // namespace cg::ui
