#include "models/broker_refresher.h"

#include "models/account_model.h"
#include "models/log.h"
#include "models/orders_model.h"
#include "models/positions_model.h"

#include <QPointer>

#include <algorithm>
#include <utility>

namespace cg::models {

BrokerRefresher::BrokerRefresher(Broker &broker, AccountModel *account, PositionsModel *positions,
                                 OrdersModel *orders, QObject *parent)
    : QObject(parent)
    , m_broker(broker)
    , m_account(account)
    , m_positions(positions)
    , m_orders(orders) {
    m_timer.setInterval(5000);
    connect(&m_timer, &QTimer::timeout, this, &BrokerRefresher::refresh);
    // Long enough to take a fill's burst of events (new, partial fills, fill) as one round.
    m_soon.setSingleShot(true);
    connect(&m_soon, &QTimer::timeout, this, [this] {
        m_lastEventRound.start();
        refresh();
    });
}

BrokerRefresher::~BrokerRefresher() = default;

void BrokerRefresher::start() {
    m_timer.start();
    refresh();
}

void BrokerRefresher::refreshSoon() {
    if (m_inFlight != 0)
        m_again = true;
    else if (!m_soon.isActive())
        startSoon();
}

void BrokerRefresher::startSoon() {
    // A busy account's events (other programs' orders too) ask often: a round for them at most
    // every kMinEventGapMs, 3 requests each; with the timer's every 5 s, 96 requests a minute at
    // most, inside Alpaca's 200. The first event after a quiet spell is read at once.
    constexpr qint64 kMinEventGapMs = 3000;
    qint64 wait = 150;
    if (m_lastEventRound.isValid())
        wait = std::max(wait, kMinEventGapMs - m_lastEventRound.elapsed());
    m_soon.start(static_cast<int>(wait));
}

void BrokerRefresher::stop() {
    m_timer.stop();
}

void BrokerRefresher::refresh() {
    if (m_inFlight != 0) // the previous round is still out: a slow broker is not asked twice
        return;
    m_inFlight = AccountRequest | PositionsRequest | OrdersRequest;
    m_roundError.clear();
    QPointer<BrokerRefresher> self(this);
    m_broker.account([self](Result<Account> r) {
        if (!self)
            return;
        if (r && self->m_account)
            self->m_account->setAccount(*r);
        self->finished(AccountRequest,
                       r ? QString()
                         : tr("Account: %1").arg(QString::fromStdString(r.error().message)));
    });
    m_broker.positions([self](Result<std::vector<Position>> r) {
        if (!self)
            return;
        if (r && self->m_positions)
            self->m_positions->setPositions(std::move(*r));
        self->setListError(self->m_positionsError,
                           r ? QString() : QString::fromStdString(r.error().message));
        self->finished(PositionsRequest,
                       r ? QString()
                         : tr("Positions: %1").arg(QString::fromStdString(r.error().message)));
    });
    m_broker.orders(OrderListStatus::All, m_ordersLimit, [self](Result<std::vector<Order>> r) {
        if (!self)
            return;
        if (r && self->m_orders)
            self->m_orders->setOrders(std::move(*r));
        self->setListError(self->m_ordersError,
                           r ? QString() : QString::fromStdString(r.error().message));
        self->finished(OrdersRequest,
                       r ? QString()
                         : tr("Orders: %1").arg(QString::fromStdString(r.error().message)));
    });
}

void BrokerRefresher::setListError(QString &slot, const QString &error) {
    if (slot != error) {
        slot = error;
        m_listErrorChanged = true;
    }
}

void BrokerRefresher::finished(Request r, const QString &error) {
    m_inFlight &= ~r;
    if (!error.isEmpty() && m_roundError.isEmpty())
        m_roundError = error;
    if (m_inFlight != 0)
        return;
    if (std::exchange(m_again, false) && !m_soon.isActive())
        startSoon();
    if (m_roundError.isEmpty())
        m_lastUpdate = QDateTime::currentDateTimeUtc();
    else
        qCWarning(lcModels).noquote() << "broker refresh failed:" << m_roundError;
    if (m_roundError != m_error || m_listErrorChanged) {
        m_error = m_roundError;
        m_listErrorChanged = false;
        Q_EMIT errorChanged(m_error);
    }
    Q_EMIT refreshed();
}

} // namespace cg::models
