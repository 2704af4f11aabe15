#include "ui/order_history_panel.h"

#include "broker/broker.h"
#include "models/display_format.h"
#include "models/order_history_model.h"
#include "ui/header_fit.h"
#include "ui/trading_table_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

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

    // Alpaca's order object has no fee field; saying so beats a column of made-up zeros.
    m_fees = new QLabel(
        tr("Fees: Alpaca's orders carry none. Options trade commission-free at Alpaca; the "
           "regulatory fees (ORF, OCC, TAF) are booked as FEE account activities, usually the day "
           "after the trade, and are not in these figures."),
        this);
    m_fees->setObjectName(QStringLiteral("orderHistoryFees"));
    m_fees->setWordWrap(true);
    QPalette p = m_fees->palette();
    p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
    m_fees->setPalette(p);
    root->addWidget(m_fees);

    connect(m_refresh, &QPushButton::clicked, this, &OrderHistoryPanel::reload);
    connect(m_older, &QPushButton::clicked, this, &OrderHistoryPanel::loadOlder);
    showSummary();
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
                            Q_EMIT self->loaded();
                        });
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
