#include "ui/account_bar.h"

#include "models/account_model.h"
#include "models/broker_refresher.h"
#include "models/display_format.h"
#include "ui/chain_colors.h"

#include <QHBoxLayout>
#include <QLabel>

namespace cg::ui {

using namespace cg::models;

AccountBar::AccountBar(AccountModel *model, BrokerRefresher *refresher, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_refresher(refresher) {
    setObjectName(QStringLiteral("accountBar"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 0, 8, 0);
    layout->setSpacing(14);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("accountError"));
    m_error->hide();
    layout->addWidget(m_error);
    m_equity = addFigure(tr("Equity"), QStringLiteral("accountEquity"));
    m_buyingPower = addFigure(tr("Buying power"), QStringLiteral("accountBuyingPower"));
    m_optionsBp = addFigure(tr("Options BP"), QStringLiteral("accountOptionsBp"));
    m_dayPnl = addFigure(tr("Day P&L"), QStringLiteral("accountDayPnl"));
    m_dayPnl->setToolTip(tr("Equity now minus equity at the previous close (Alpaca's "
                            "last_equity): the same figure the risk meter and the daily-loss "
                            "limit use"));

    connect(model, &QAbstractItemModel::dataChanged, this, &AccountBar::update);
    connect(model, &QAbstractItemModel::rowsInserted, this, &AccountBar::update);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &AccountBar::update);
    connect(model, &QAbstractItemModel::modelReset, this, &AccountBar::update);
    connect(refresher, &BrokerRefresher::errorChanged, this, &AccountBar::update);
    update();
}

QLabel *AccountBar::addFigure(const QString &caption, const QString &objectName) {
    auto *box = new QWidget(this);
    // Caption and figure on one line: the bar fits beside the other toolbars.
    auto *v = new QHBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(5);
    auto *title = new QLabel(caption.toUpper(), box);
    QFont small = title->font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    small.setLetterSpacing(QFont::PercentageSpacing, 105);
    title->setFont(small);
    title->setForegroundRole(QPalette::PlaceholderText);
    auto *value = new QLabel(QStringLiteral("\u2014"), box);
    value->setObjectName(objectName);
    QFont bold = value->font();
    bold.setBold(true);
    value->setFont(bold);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(title);
    v->addWidget(value);
    layout()->addWidget(box);
    return value;
}

void AccountBar::update() {
    const auto account = m_model->account();
    const QString error = m_refresher->lastError();
    m_error->setVisible(!error.isEmpty());
    if (!error.isEmpty()) {
        const ChainColors colors = ChainColors::forPalette(palette());
        m_error->setText(QStringLiteral("\u26a0 %1").arg(tr("Broker not answering")));
        m_error->setToolTip(error);
        m_error->setStyleSheet(
            QStringLiteral("color: %1; font-weight: bold;").arg(colors.warning.name()));
    }
    if (!account) {
        for (QLabel *l : {m_equity, m_buyingPower, m_optionsBp, m_dayPnl})
            l->setText(QStringLiteral("\u2014"));
        return;
    }
    m_equity->setText(moneyText(account->equity));
    m_buyingPower->setText(moneyText(account->buyingPower));
    m_optionsBp->setText(moneyText(account->optionsBuyingPower));
    const double pnl = AccountModel::dayPnl(*account);
    const double pct = account->lastEquity > 0 ? pnl / account->lastEquity * 100.0 : 0.0;
    m_dayPnl->setText(QStringLiteral("%1 (%2)").arg(signedMoneyText(pnl), signedPercentText(pct)));
    QPalette p = palette();
    if (const auto c = pnlColor(pnl))
        p.setColor(QPalette::WindowText, *c);
    m_dayPnl->setPalette(p);
    setToolTip(
        tr("Cash %1 \u00b7 status %2 \u00b7 updated %3")
            .arg(moneyText(account->cash), QString::fromStdString(account->status),
                 m_refresher->lastUpdate().toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
}

} // namespace cg::ui
