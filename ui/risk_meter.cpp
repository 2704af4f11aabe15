#include "ui/risk_meter.h"

#include "models/display_format.h"
#include "models/trading_session.h"

#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>

#include <cmath>

namespace cg::ui {

namespace {

QString money(double v) {
    // Whole dollars: the meter is a glance, the ticket has the cents.
    return models::moneyText(std::round(v)).remove(QStringLiteral(".00"));
}

void fill(QProgressBar *bar, double used, double limit) {
    const double frac = limit > 0.0 ? std::clamp(used / limit, 0.0, 1.0) : 0.0;
    bar->setValue(static_cast<int>(std::lround(frac * 1000)));
    const char *color = frac >= 0.999 ? "#e04b3f" : frac >= 0.7 ? "#e0a526" : "#3fa56b";
    bar->setStyleSheet(QStringLiteral("QProgressBar { border: none; background: rgba(128,128,128,"
                                      "60); border-radius: 2px; } QProgressBar::chunk { "
                                      "background: %1; border-radius: 2px; }")
                           .arg(QLatin1String(color)));
}

} // namespace

RiskMeter::RiskMeter(QWidget *parent)
    : QWidget(parent)
    , m_orders(new QLabel(this))
    , m_notional(new QLabel(this))
    , m_pnl(new QLabel(this))
    , m_ordersBar(new QProgressBar(this))
    , m_notionalBar(new QProgressBar(this))
    , m_pnlBar(new QProgressBar(this)) {
    setObjectName(QStringLiteral("riskMeter"));
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(4, 0, 4, 0);
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(2);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    int column = 0;
    for (auto [label, bar, name] : {std::tuple{m_orders, m_ordersBar, "riskOrders"},
                                    std::tuple{m_notional, m_notionalBar, "riskNotional"},
                                    std::tuple{m_pnl, m_pnlBar, "riskPnl"}}) {
        label->setObjectName(QLatin1String(name));
        label->setFont(small);
        bar->setRange(0, 1000);
        bar->setTextVisible(false);
        bar->setFixedHeight(4);
        bar->setMinimumWidth(80);
        grid->addWidget(label, 0, column);
        grid->addWidget(bar, 1, column);
        ++column;
    }
    setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Preferred); // compact, never stretched
    setToolTip(tr("Risk budget: what today's orders have used of the risk limits"));
}

void RiskMeter::setBudget(const models::RiskBudget &b) {
    m_orders->setText(b.maxOrdersPerDay > 0
                          ? tr("Orders %1 / %2").arg(b.ordersToday).arg(b.maxOrdersPerDay)
                          : tr("Orders %1").arg(b.ordersToday));
    fill(m_ordersBar, b.ordersToday, b.maxOrdersPerDay);
    m_orders->setToolTip(
        tr("Orders placed since midnight New York time, against the daily maximum (a replace "
           "counts with the order it replaced)"));

    m_notional->setText(b.maxNotionalPerOrder > 0.0
                            ? tr("Biggest order %1 / %2")
                                  .arg(money(b.largestOrderToday), money(b.maxNotionalPerOrder))
                            : tr("Biggest order %1").arg(money(b.largestOrderToday)));
    fill(m_notionalBar, b.largestOrderToday, b.maxNotionalPerOrder);
    m_notional->setToolTip(tr("Notional today %1 in all; each order that opens may be at most "
                              "%2 (a close is not held to it, nor shown here)")
                               .arg(money(b.notionalToday), money(b.maxNotionalPerOrder)));

    if (b.dailyPnl) {
        const double loss = std::max(0.0, -*b.dailyPnl);
        m_pnl->setText(
            b.maxDailyLoss > 0.0
                ? tr("Day P&L %1 / \u2212%2").arg(money(*b.dailyPnl), money(b.maxDailyLoss))
                : tr("Day P&L %1").arg(money(*b.dailyPnl)));
        fill(m_pnlBar, loss, b.maxDailyLoss);
    } else {
        m_pnl->setText(tr("Day P&L \u2014 / \u2212%1").arg(money(b.maxDailyLoss)));
        fill(m_pnlBar, 0.0, b.maxDailyLoss);
    }
    m_pnl->setToolTip(
        b.error.isEmpty()
            ? tr("Equity minus the previous close's equity, against the maximum daily loss")
            : b.error);
}

} // namespace cg::ui
