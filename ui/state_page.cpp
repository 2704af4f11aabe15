#include "ui/state_page.h"

#include "ui/chain_colors.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace cg::ui {

StatePage::StatePage(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_message(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_retry(new QPushButton(tr("&Retry"), this)) {
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setObjectName(QStringLiteral("stateTitle"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setObjectName(QStringLiteral("stateMessage"));
    m_busy->setRange(0, 0); // indeterminate: the window keeps painting while the chain loads
    m_busy->setTextVisible(false);
    m_busy->setFixedWidth(260);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    connect(m_retry, &QPushButton::clicked, this, &StatePage::retryRequested);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(m_title);
    layout->addSpacing(8);
    layout->addWidget(m_message);
    layout->addSpacing(12);
    layout->addWidget(m_busy, 0, Qt::AlignHCenter);
    layout->addWidget(m_retry, 0, Qt::AlignHCenter);
    layout->addStretch(3);
    showNoSymbol();
}

void StatePage::show(const QString &title, const QString &message, bool busy, bool retry,
                     bool error) {
    m_title->setText(title);
    m_message->setText(message);
    m_busy->setVisible(busy);
    m_retry->setVisible(retry);
    QPalette p = palette();
    if (error)
        p.setColor(QPalette::WindowText, ChainColors::forPalette(palette()).fail);
    m_title->setPalette(p);
}

void StatePage::showLoading(const QString &symbol) {
    show(tr("Loading %1 options\u2026").arg(symbol),
         tr("Reading every expiry, quotes, greeks and open interest."), true, false, false);
}

void StatePage::showNoSymbol() {
    show(tr("No symbol"), tr("Type a ticker in the symbol field (Ctrl+L), for example SPY."), false,
         false, false);
}

void StatePage::showNotFound(const QString &symbol) {
    show(tr("No options found for %1").arg(symbol),
         tr("Check the ticker; the data source lists no option contracts for it."), false, false,
         false);
}

void StatePage::showError(const QString &symbol, const QString &message) {
    show(tr("Could not load %1").arg(symbol), message, false, true, true);
}

QString StatePage::title() const {
    return m_title->text();
}
QString StatePage::message() const {
    return m_message->text();
}

} // namespace cg::ui
