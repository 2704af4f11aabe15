#include "models/alert_center.h"

#include "broker/quote_stream.h"
#include "domain/market_calendar.h"
#include "domain/occ_symbol.h"
#include "models/account_model.h"
#include "models/chain_session.h"
#include "models/chain_table_model.h"
#include "models/console_session.h"
#include "models/display_format.h"
#include "models/log.h"
#include "models/orders_model.h"
#include "models/positions_model.h"
#include "models/trading_session.h"

#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace cg::models {

QString redactSecrets(const QString &text, const QStringList &secrets) {
    static const QString kHidden = QStringLiteral("…");
    QString out = text;
    for (const QString &s : secrets)
        if (s.size() >= 4)
            out.replace(s, kHidden, Qt::CaseInsensitive);
    static const QRegularExpression patterns[] = {
        // Alpaca key ids: PK/AK/CK + capitals and digits.
        QRegularExpression(QStringLiteral("\\b[PAC]K[A-Z0-9]{16,}\\b")),
        // UUIDs (account ids).
        QRegularExpression(QStringLiteral(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b")),
        // Long tokens (secrets); OCC symbols are at most 21 characters.
        QRegularExpression(QStringLiteral("[A-Za-z0-9/+_=-]{30,}")),
    };
    for (const QRegularExpression &re : patterns)
        out.replace(re, kHidden);
    return out;
}

std::optional<double> chainValue(const ChainSession &chain, const AlertRule &rule) {
    const ChainTableModel *model = chain.chainModel();
    if (const ChainEntry *e = model->entryOf(rule.symbol)) {
        if (rule.metric == AlertMetric::ImpliedVol)
            return e->contract.impliedVol;
        // A one-sided or crossed quote has no price to alert on (no offer: its "mid" is half
        // the bid).
        if (!e->contract.quote)
            return std::nullopt;
        return twoSidedMid(*e->contract.quote);
    }
    if (chain.symbol().toStdString() != rule.symbol)
        return std::nullopt;
    const double spot = chain.underlyingPrice();
    if (!(spot > 0.0))
        return std::nullopt;
    if (rule.metric == AlertMetric::Price)
        return spot;
    double best = std::numeric_limits<double>::infinity();
    double sum = 0.0;
    int n = 0;
    for (const ChainEntry &e : model->entries()) {
        if (!e.contract.impliedVol)
            continue;
        const double d = std::abs(e.contract.strike - spot);
        if (d < best - 1e-9) {
            best = d;
            sum = 0.0;
            n = 0;
        }
        if (std::abs(d - best) <= 1e-9) {
            sum += *e.contract.impliedVol;
            ++n;
        }
    }
    return n > 0 ? std::optional(sum / n) : std::nullopt;
}

AlertCenter::AlertCenter(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_rules(new AlertRulesModel(this))
    , m_history(new AlertHistoryModel(this)) {}

void AlertCenter::addSecret(const QString &secret) {
    if (!secret.isEmpty() && !m_secrets.contains(secret))
        m_secrets << secret;
}

void AlertCenter::post(AlertKind kind, const QString &title, const QString &body) {
    const AlertNotice n{kind, redactSecrets(title, m_secrets), redactSecrets(body, m_secrets),
                        m_clock.now()};
    m_history->add(n);
    Q_EMIT notice(n);
}

void AlertCenter::watchTrading(TradingSession &session, const OrdersModel *orders) {
    const auto name = [orders](const QString &clientOrderId) {
        if (orders)
            for (const Order &o : orders->rows())
                if (qs(o.clientOrderId) == clientOrderId)
                    return tr("%1 %2 %3")
                        .arg(o.side == OrderSide::Buy ? tr("Buy") : tr("Sell"), quantityText(o.qty),
                             qs(o.symbol));
        return tr("Order %1").arg(clientOrderId);
    };
    connect(&session, &TradingSession::orderUpdated, this,
            [this, name](const QString &id, const QString &status, double fillPrice, double) {
                if (status == QLatin1String("filled")) {
                    post(AlertKind::Fill, tr("Order filled"),
                         std::isfinite(fillPrice)
                             ? tr("%1 filled at %2").arg(name(id), priceText(fillPrice))
                             : tr("%1 filled").arg(name(id)));
                } else if (status == QLatin1String("rejected")) {
                    post(AlertKind::Rejection, tr("Order rejected"),
                         tr("%1 was rejected by the broker").arg(name(id)));
                }
            });
    connect(&session, &TradingSession::manualRefused, this,
            [this](const QString &contract, const QString &reason) {
                post(AlertKind::Rejection, tr("Order refused"), tr("%1: %2").arg(contract, reason));
            });
    // The state now: the session may have read it before this was watching (the window starts
    // the session first), and the next change must be told.
    if (session.isStarted())
        m_killEngaged = session.killSwitchEngaged();
    connect(&session, &TradingSession::killSwitchChanged, this,
            [this](bool engaged, const QString &reason) {
                // The first state read is the start, not a change.
                const bool changed = m_killEngaged && *m_killEngaged != engaged;
                m_killEngaged = engaged;
                if (!changed)
                    return;
                post(AlertKind::KillSwitch,
                     engaged ? tr("Kill switch engaged") : tr("Kill switch released"),
                     engaged ? (reason.isEmpty() ? tr("No orders will be sent.")
                                                 : tr("No orders will be sent: %1").arg(reason))
                             : tr("Orders may be sent again."));
            });
}

void AlertCenter::watchChain(ChainSession &chain) {
    connect(&chain, &ChainSession::streamStatusChanged, this,
            [this, &chain](const StreamStatus &status) {
                onStream(status, chain.pollingInterval() > 0);
            });
    connect(&chain, &ChainSession::updated, this, [this, &chain] { checkRules(chain); });
    connect(&chain, &ChainSession::quoteBatchApplied, this, [this, &chain] { checkRules(chain); });
}

void AlertCenter::onStream(const StreamStatus &status, bool polled) {
    const bool live = status.health == StreamHealth::Live;
    // Silent is a connection that heard nothing for a few seconds: a quiet chain does that all
    // day (and flaps back), and its quotes still come when they change. Lost is the connection.
    const bool lost =
        status.health == StreamHealth::Reconnecting || status.health == StreamHealth::Failed;
    if (m_streamWasLive && lost && !m_streamLost) {
        m_streamLost = true;
        const QString meanwhile =
            polled ? tr("Quotes are polled until it is back.")
                   : tr("Quotes are not updated until it is back: auto-refresh is off.");
        post(AlertKind::StreamLost, tr("Quote stream lost"),
             status.detail.empty() ? meanwhile : tr("%1. %2").arg(qs(status.detail), meanwhile));
    } else if (live && m_streamLost) {
        m_streamLost = false;
        post(AlertKind::StreamLost, tr("Quote stream back"), tr("Quotes are pushed again."));
    }
    if (live)
        m_streamWasLive = true;
}

void AlertCenter::checkRules(const ChainSession &chain) {
    const auto fired =
        m_rules->observe([&chain](const AlertRule &r) { return chainValue(chain, r); });
    for (const AlertRule &r : fired) {
        const QString value = r.metric == AlertMetric::ImpliedVol
                                  ? percentText(r.last.value_or(0) * 100.0, 1)
                                  : priceText(r.last);
        post(AlertKind::UserAlert, tr("Alert: %1").arg(qs(describeAlert(r))),
             tr("%1 is at %2 now. Re-arm it in the Alerts dock to be told again.")
                 .arg(qs(r.symbol), value));
    }
}

void AlertCenter::watchPositions(const PositionsModel &positions) {
    const auto check = [this, &positions] { checkExpiring(positions); };
    connect(&positions, &QAbstractItemModel::modelReset, this, check);
    connect(&positions, &QAbstractItemModel::rowsInserted, this, check);
    connect(&positions, &QAbstractItemModel::dataChanged, this, check);
}

void AlertCenter::checkExpiring(const PositionsModel &positions) {
    const Timestamp now = m_clock.now();
    const auto today = easternDate(now);
    for (const PositionRow &p : positions.rows()) {
        const auto occ = parseOccSymbol(p.symbol);
        if (!occ || occ.value().expiry != today)
            continue;
        const QString key = QStringLiteral("%1-%2-%3 %4")
                                .arg(int(today.year()))
                                .arg(unsigned(today.month()))
                                .arg(unsigned(today.day()))
                                .arg(qs(p.symbol));
        if (m_expiringSeen.contains(key))
            continue;
        m_expiringSeen.insert(key);
        post(AlertKind::ExpiringToday, tr("Position expires today"),
             tr("%1 (%2) expires at %3 New York today.")
                 .arg(qs(p.symbol), quantityText(p.qty),
                      QString::fromStdString(marketCloseText(today))));
    }
}

void AlertCenter::watchConsole(ConsoleSession &console) {
    watchAccount(*console.accountModel());
    watchTrading(*console.trading(), console.ordersModel());
    watchChain(*console.chain());
    watchPositions(*console.positionsModel());
}

void AlertCenter::watchAccount(const AccountModel &account) {
    const auto read = [this, &account] {
        if (const auto a = account.account())
            addSecret(qs(a->id));
    };
    connect(&account, &QAbstractItemModel::modelReset, this, read);
    connect(&account, &QAbstractItemModel::rowsInserted, this, read);
    connect(&account, &QAbstractItemModel::dataChanged, this, read);
    read();
}

} // namespace cg::models
