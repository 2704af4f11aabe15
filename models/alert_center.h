#pragma once
// Where the console's alerts come from (issue 18): fills and rejections of orders, the kill
// switch, the quote stream lost, positions expiring today, and the trader's own alerts on a
// price or an IV (AlertRulesModel, checked against the chain shown). Each becomes one notice -
// a title and a line - that the window shows as a desktop notification (ui/alert_notifier).
// A notice never carries a key or an account number: every text goes through redactSecrets.
// No widgets.

#include "domain/clock.h"
#include "models/alert_history_model.h"
#include "models/alert_rules_model.h"

#include <QObject>
#include <QSet>
#include <QStringList>

#include <optional>

namespace cg {
struct StreamStatus;
}

namespace cg::models {

class AccountModel;
class ChainSession;
class ConsoleSession;
class OrdersModel;
class PositionsModel;
class TradingSession;

// `text` with every one of `secrets` (key ids, secrets, account ids and numbers) and anything
// shaped like one (an Alpaca key id PK/AK + 16 or more capitals and digits, a UUID such as an
// account id, a 30+ character token) replaced by "…".
QString redactSecrets(const QString &text, const QStringList &secrets);

// The value a rule watches in the chain shown: a contract's mid or IV, the underlying's price
// or its at-the-money IV (the mean of the call's and put's IV at the strike nearest the price).
// None when the chain shown does not hold it.
std::optional<double> chainValue(const ChainSession &chain, const AlertRule &rule);

class AlertCenter : public QObject {
    Q_OBJECT
public:
    explicit AlertCenter(const Clock &clock, QObject *parent = nullptr);

    // Text never to show: the key id, the secret, account ids and numbers.
    void addSecret(const QString &secret);
    AlertRulesModel *rules() const { return m_rules; }

    // Fills and rejections of this console's orders (named from `orders` when given), refused
    // manual trades, and the kill switch engaged or released.
    void watchTrading(TradingSession &session, const OrdersModel *orders = nullptr);
    // The quote stream lost (Live to silent, reconnecting or failed) and back; the user alerts
    // checked at each update of the chain.
    void watchChain(ChainSession &chain);
    // Positions expiring today: once per position and New York day.
    void watchPositions(const PositionsModel &positions);
    // The account's id joins the secrets as soon as it is read.
    void watchAccount(const AccountModel &account);

    // All of the above for the console's models.
    void watchConsole(ConsoleSession &console);

    // Checks the user alerts against the chain now.
    void checkRules(const ChainSession &chain);
    // Redacts and emits.
    void post(AlertKind kind, const QString &title, const QString &body);
    // The last notices (newest last, at most 50), as the Alerts dock lists them.
    const QList<AlertNotice> &history() const { return m_history->notices(); }
    AlertHistoryModel *historyModel() const { return m_history; }

Q_SIGNALS:
    void notice(const cg::models::AlertNotice &notice);

private:
    // `polled`: the chain polls while the stream is away (auto-refresh on).
    void onStream(const StreamStatus &status, bool polled);
    void checkExpiring(const PositionsModel &positions);

    const Clock &m_clock;
    AlertRulesModel *m_rules;
    QStringList m_secrets;
    AlertHistoryModel *m_history;
    std::optional<bool> m_killEngaged;
    bool m_streamWasLive = false;
    bool m_streamLost = false;
    QSet<QString> m_expiringSeen; // "YYYY-MM-DD symbol"
};

} // namespace cg::models

Q_DECLARE_METATYPE(cg::models::AlertNotice)
