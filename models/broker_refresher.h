#pragma once
// Keeps the account, positions and orders models current: asks the Broker on a timer (and on
// demand) and feeds the answers in. Never two requests of one kind in flight; answers that arrive
// after this object is gone are dropped. The client's own timeouts end a hung request, and its
// error shows in lastError() until the next good answer.

#include "broker/broker.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace cg::models {

class AccountModel;
class OrdersModel;
class PositionsModel;

class BrokerRefresher : public QObject {
    Q_OBJECT
public:
    BrokerRefresher(Broker &broker, AccountModel *account, PositionsModel *positions,
                    OrdersModel *orders, QObject *parent = nullptr);
    ~BrokerRefresher() override;

    void setInterval(int ms) { m_timer.setInterval(ms); }
    int interval() const { return m_timer.interval(); }
    void setOrdersLimit(int n) { m_ordersLimit = n; }
    void start();
    void stop();
    bool isActive() const { return m_timer.isActive(); }
    bool isBusy() const { return m_inFlight != 0; }

    // The first error of the last round ("" when it all answered), and when data last arrived.
    QString lastError() const { return m_error; }
    // Each list's own error of the last round, without a prefix ("" when it answered): the
    // Positions and Orders tables say "unavailable" only for the list that failed.
    QString positionsError() const { return m_positionsError; }
    QString ordersError() const { return m_ordersError; }
    QDateTime lastUpdate() const { return m_lastUpdate; }

public Q_SLOTS:
    void refresh();
    // A round soon (a fill or a cancel came in on the stream): a burst of events asks once, and
    // a request while a round is out is answered by one more round after it, which reads what
    // the event changed.
    void refreshSoon();

Q_SIGNALS:
    // After every round in which all three requests answered (some may have failed).
    void refreshed();
    // The round's error (lastError) or a list's changed.
    void errorChanged(const QString &error);

private:
    enum Request { AccountRequest = 1, PositionsRequest = 2, OrdersRequest = 4 };
    void finished(Request r, const QString &error);
    void setListError(QString &slot, const QString &error);
    void startSoon();

    Broker &m_broker;
    AccountModel *m_account;
    PositionsModel *m_positions;
    OrdersModel *m_orders;
    QTimer m_timer;
    QTimer m_soon;
    QElapsedTimer m_lastEventRound; // since the last round an event asked for started
    bool m_again = false;           // refreshSoon() while a round was out
    int m_inFlight = 0;
    int m_ordersLimit = 100;
    QString m_roundError;
    QString m_error;
    QString m_positionsError;
    QString m_ordersError;
    bool m_listErrorChanged = false;
    QDateTime m_lastUpdate;
};

} // namespace cg::models
