#include "ui/order_history_panel.h"

#include "broker/broker.h"
#include "models/display_format.h"
#include "models/order_history_model.h"
#include "ui/header_fit.h"
#include "ui/trading_table_view.h"

#include <QDate>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

#include <chrono>

namespace cg::ui {

OrderHistoryPanel::OrderHistoryPanel(Broker &broker, QWidget *parent)
    : QWidget(parent)
    , m_broker(broker)
    , m_model(new models::OrderHistoryModel(this)) {
    setObjectName(QStringLiteral("orderHistoryPanel"));
    auto *root = new QVBoxLayout(this);
    root->setContentsMargins(4, 4, 4, 4);
    root->setSpacing(4);
    auto *bar = new QHBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("orderHistorySummary"));
    // A broker error is long: wrapped, it never sets the width of the dock (tabbed with
    // Positions, it took 1,032 px and squeezed the Contract and Signals docks).
    m_summary->setWordWrap(true);
    bar->addWidget(m_summary, 1);
    m_refresh = new QPushButton(tr("Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("orderHistoryRefresh"));
    m_older = new QPushButton(tr("Load older"), this);
    m_older->setObjectName(QStringLiteral("orderHistoryOlder"));
    m_older->setToolTip(
        tr("The next %1 closed orders (Alpaca lists them newest first)").arg(kPageSize));
    bar->addWidget(m_refresh);
    bar->addWidget(m_older);
    root->addLayout(bar);

    m_table = new TradingTableView(this);
    m_table->setObjectName(QStringLiteral("orderHistoryTable"));
    m_table->setModel(m_model);
    m_table->setSortingEnabled(false); // newest first, as the broker lists them
    m_table->setPlaceholderText(tr("No closed orders yet"));
    keepTitlesReadable(m_table->horizontalHeader());
    root->addWidget(m_table, 1);

    // Alpaca's order object has no fee field; its FEE activities carry no order id, so fees are
    // a total of the period read, not per order (filled in once the activities are read).
    m_fees = new QLabel(this);
    m_fees->setObjectName(QStringLiteral("orderHistoryFees"));
    m_fees->setWordWrap(true);
    QPalette p = m_fees->palette();
    p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
    m_fees->setPalette(p);
    root->addWidget(m_fees);

    connect(m_refresh, &QPushButton::clicked, this, &OrderHistoryPanel::reload);
    connect(m_older, &QPushButton::clicked, this, &OrderHistoryPanel::loadOlder);
    showSummary();
    showFees();
}

void OrderHistoryPanel::reload() {
    fetch(std::nullopt);
}

void OrderHistoryPanel::loadOlder() {
    if (const auto until = m_model->oldestSubmitted())
        return fetch(until);
    reload();
}

void OrderHistoryPanel::fetch(std::optional<Timestamp> until) {
    if (m_loading)
        return;
    m_loading = true;
    QPointer<OrderHistoryPanel> self(this);
    m_broker.ordersPage(OrderListStatus::Closed, kPageSize, until,
                        [self, older = until.has_value()](Result<std::vector<Order>> r) {
                            if (!self)
                                return;
                            self->m_loading = false;
                            if (!r) {
                                self->m_error = QString::fromStdString(r.error().message);
                            } else {
                                self->m_error.clear();
                                self->m_exhausted = r->size() < std::size_t{kPageSize};
                                if (older)
                                    self->m_model->addOlder(std::move(*r));
                                else
                                    self->m_model->setOrders(std::move(*r));
                            }
                            self->showSummary();
                            self->fetchFees();
                        });
}

void OrderHistoryPanel::fetchFees() {
    const auto oldest = m_model->oldestSubmitted();
    if (!oldest) {
        showFees();
        Q_EMIT loaded();
        return;
    }
    ActivitiesQuery q;
    q.types = {"FEE"};
    // `after` a date excludes that date: the day before the oldest order (UTC, so a New York
    // evening order is covered too).
    const std::chrono::year_month_day from{std::chrono::floor<std::chrono::days>(*oldest) -
                                           std::chrono::days{1}};
    q.after = QDate(int(from.year()), int(unsigned(from.month())), int(unsigned(from.day())))
                  .toString(Qt::ISODate)
                  .toStdString();
    QPointer<OrderHistoryPanel> self(this);
    m_broker.activities(q, [self](Result<std::vector<Activity>> r) {
        if (!self)
            return;
        if (r) {
            self->m_feeError.clear();
            self->m_model->setFeeActivities(*r);
        } else {
            self->m_feeError = QString::fromStdString(r.error().message);
        }
        self->showFees();
        Q_EMIT self->loaded();
    });
}

void OrderHistoryPanel::showFees() {
    const QString where =
        tr("Alpaca books regulatory fees (ORF, OCC, TAF) as FEE account activities without an "
           "order id, so they are a total of the period read, not per order.");
    if (!m_feeError.isEmpty()) {
        m_fees->setText(tr("Fees: could not read the FEE activities: %1").arg(m_feeError));
        return;
    }
    const auto fees = m_model->totalFees();
    if (!fees) {
        m_fees->setText(tr("Fees: not read yet. %1").arg(where));
        return;
    }
    QString text = tr("Fees %1 (%n FEE activity(ies) since the oldest order read)", nullptr,
                      m_model->feeActivities())
                       .arg(models::moneyText(-*fees));
    if (m_model->closingOrders() > 0)
        text += tr(" \u00b7 realized P&L net of fees %1")
                    .arg(models::moneyText(*m_model->realizedNetOfFees()));
    m_fees->setText(text + QStringLiteral(". ") + where);
}

void OrderHistoryPanel::showSummary() {
    m_older->setEnabled(!m_exhausted && m_model->rowCount() > 0);
    if (!m_error.isEmpty()) {
        m_summary->setText(tr("Could not read the order history: %1").arg(m_error));
        return;
    }
    const int rows = m_model->rowCount();
    QString text = tr("%n closed order(s)", nullptr, rows);
    if (m_model->closingOrders() > 0) {
        text += tr(" \u00b7 realized P&L %1 on %n closing order(s)", nullptr,
                   m_model->closingOrders() - m_model->unknownCloses())
                    .arg(models::moneyText(m_model->totalRealized()));
        if (m_model->unknownCloses() > 0)
            text += tr(" \u00b7 %n opened before the history read (load older)", nullptr,
                       m_model->unknownCloses());
    }
    if (m_exhausted && rows > 0)
        text += tr(" \u00b7 all read");
    m_summary->setText(text);
}

} // namespace cg::ui
