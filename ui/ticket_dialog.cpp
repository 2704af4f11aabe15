#include "ui/ticket_dialog.h"

#include "dispatch/confirmation_queue.h"
#include "dispatch/decision.h"
#include "dispatch/dispatcher.h"
#include "dispatch/order_precautions.h"
#include "dispatch/position_intent.h"
#include "dispatch/stop_trigger.h"
#include "domain/eastern_time.h"
#include "domain/number_format.h"
#include "models/display_format.h"
#include "models/expiry_list_model.h"
#include "models/ticket_figures.h"
#include "models/ticket_live_quote.h"
#include "models/trading_session.h"
#include "ui/chain_colors.h"
#include "ui/tick_spin_box.h"
#include "ui/ticket_countdown.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace cg::ui {

using namespace cg::models;

namespace {

QString sideText(const Decision &d) {
    if (!d.order)
        return {};
    const QString intent = intentText(d.order->intent);
    if (!intent.isEmpty())
        return intent;
    if (d.closesPosition()) // a stock's close by hand
        return d.order->side == OrderSide::Buy ? TicketDialog::tr("Buy to cover")
                                               : TicketDialog::tr("Sell to close");
    return d.order->side == OrderSide::Buy ? TicketDialog::tr("Buy") : TicketDialog::tr("Sell");
}

// "limit 3.00, day", "market, day", "stop 2.50, limit 2.60, good till canceled": the order's
// type, prices and time in force as a trader says them.
QString orderTerms(const Decision &d) {
    const OrderRequest &o = *d.order;
    const std::optional<double> limit = d.limitPrice ? d.limitPrice : o.limitPrice;
    const QString stop = o.stopPrice ? models::fixedText(*o.stopPrice, 2) : QStringLiteral("?");
    const QString lim = limit ? models::fixedText(*limit, 2) : QStringLiteral("?");
    QString terms;
    switch (o.type) {
    case OrderType::Limit:
        terms = TicketDialog::tr("limit %1").arg(lim);
        break;
    case OrderType::Market:
        terms = TicketDialog::tr("market");
        break;
    case OrderType::Stop:
        terms = TicketDialog::tr("stop %1").arg(stop);
        break;
    case OrderType::StopLimit:
        terms = TicketDialog::tr("stop %1, limit %2").arg(stop, lim);
        break;
    }
    const QString tif = o.timeInForce == "gtc"   ? TicketDialog::tr("good till canceled")
                        : o.timeInForce == "day" ? TicketDialog::tr("day")
                                                 : qs(o.timeInForce);
    return tif.isEmpty() ? terms : terms + QStringLiteral(", ") + tif;
}

QString contractTitle(const Decision &d) {
    if (!d.isOption() || !d.contract)
        return qs(d.signal.symbol);
    const OptionContract &c = *d.contract;
    return TicketDialog::tr("%1 %2 %3 %4")
        .arg(qs(c.underlying.empty() ? d.signal.symbol : c.underlying),
             QLocale::c().toString(toQDate(c.expiry), QStringLiteral("MMM d ''yy")),
             QString::fromStdString(formatTrimmed(c.strike, 2)),
             c.type == OptionType::Call ? TicketDialog::tr("Call") : TicketDialog::tr("Put"));
}

// Where orders go, in the trader's words (the records keep ALPACA_PAPER, ...).
QString modeWords(ExecutionMode m) {
    switch (m) {
    case ExecutionMode::AlpacaPaper:
        return TicketDialog::tr("Alpaca paper");
    case ExecutionMode::AlpacaLive:
        return TicketDialog::tr("Alpaca LIVE");
    case ExecutionMode::Demo:
        return TicketDialog::tr("the DEMO server");
    case ExecutionMode::SimulatedFallback:
        return TicketDialog::tr("not sent");
    case ExecutionMode::RejectedByUser:
        return TicketDialog::tr("rejected by you");
    }
    return {};
}

// An Alpaca status as words: "pending new", "partially filled".
QString statusWords(QString status) {
    return status.replace(QLatin1Char('_'), QLatin1Char(' '));
}

// Where the decision was recorded: never "recorded" when it was not. The outcome itself (sent,
// not sent, rejected) is already said.
QString recordText(const Decision &d) {
    const QString where = isOrderMode(d.mode) ? modeWords(d.mode) : QString();
    switch (d.recordState) {
    case RecordState::Recorded:
        return where.isEmpty() ? TicketDialog::tr(" \u00b7 recorded")
                               : TicketDialog::tr(" \u00b7 recorded (%1)").arg(where);
    case RecordState::Queued:
        return TicketDialog::tr(" \u00b7 NOT yet in the database (queued in the outbox: %1)")
            .arg(qs(d.recordError));
    case RecordState::NotRecorded:
        break;
    }
    return TicketDialog::tr(" \u00b7 NOT recorded: %1").arg(qs(d.recordError));
}

} // namespace

TicketDialog::TicketDialog(TradingSession &session, int ticketId, QWidget *parent)
    : TicketDialogBase(parent)
    , m_session(session)
    , m_ticketId(ticketId) {
    setObjectName(QStringLiteral("ticketDialog"));
    setWindowTitle(tr("Order ticket %1").arg(ticketId));
    setModal(false);
    setSizeGripEnabled(false);

    const auto ticket = session.queue().ticket(ticketId);
    if (!ticket) {
        // Gone before the window opened (expired, or handled elsewhere).
        auto *layout = new QVBoxLayout(this);
        m_result = new QLabel(tr("Ticket %1 is no longer waiting.").arg(ticketId), this);
        m_result->setObjectName(QStringLiteral("ticketResult"));
        layout->addWidget(m_result);
        m_reject = new QPushButton(tr("Close"), this);
        connect(m_reject, &QPushButton::clicked, this, &QDialog::reject);
        layout->addWidget(m_reject);
        m_state = State::Gone;
        return;
    }
    m_proposal = std::make_unique<Decision>(ticket->proposal);
    m_createdAt = ticket->createdAt;
    m_maxAgeSec = session.queue().ticketMaxAgeSec();
    m_proposedQty = m_proposal->qty;
    m_proposedLimit = m_proposal->limitPrice.value_or(m_proposal->price);
    m_clientOrderId = m_proposal->clientOrderId;
    build(*m_proposal);
    showDecision(*m_proposal, false);
    updateFigures();

    auto &queue = session.queue();
    connect(&queue, &ConfirmationQueue::ticketExpired, this, [this](int id, qint64) {
        if (id == m_ticketId && (m_state == State::Waiting || m_state == State::Confirming))
            finish(State::Expired,
                   tr("Expired without a confirmation. Not sent: Ticket expired after %1 s "
                      "(recorded).")
                       .arg(m_maxAgeSec),
                   Tone::Warning);
    });
    connect(&session, &TradingSession::orderUpdated, this,
            [this](const QString &cid, const QString &status, double fill, double) {
                onOrderUpdated(cid, status, fill);
            });
    m_livePoll.setInterval(1500);
    connect(&m_livePoll, &QTimer::timeout, this, &TicketDialog::pollQuote);
    m_livePoll.start();
}

TicketDialog::~TicketDialog() = default;

void TicketDialog::build(const Decision &d) {
    const ChainColors colors = ChainColors::forPalette(palette());
    auto *root = new QVBoxLayout(this);
    root->setSpacing(8);
    root->setContentsMargins(16, 14, 16, 12);

    // Header: what would be bought, and how long the ticket still waits.
    auto *header = new QHBoxLayout;
    auto *titles = new QVBoxLayout;
    titles->setSpacing(2);
    m_title = makeTitle(QStringLiteral("ticketTitle"));
    m_subtitle = new QLabel(this);
    m_subtitle->setObjectName(QStringLiteral("ticketSubtitle"));
    titles->addWidget(m_title);
    titles->addWidget(m_subtitle);
    header->addLayout(titles, 1);
    m_countdown = new TicketCountdown(m_session.clock(), m_createdAt, m_maxAgeSec, this);
    header->addWidget(m_countdown);
    root->addLayout(header);

    m_note = makeNote(QStringLiteral("ticketNote"));
    root->addWidget(m_note);

    // The ticket's minimum width (the layout sets the dialog's minimum size, see below).
    QFrame *rule = makeRule();
    rule->setMinimumWidth(820 - 32);
    root->addWidget(rule);

    auto *columns = new QHBoxLayout;
    columns->setSpacing(12);
    auto *left = new QVBoxLayout;
    auto *right = new QVBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    root->addLayout(columns);

    // Contract and market.
    auto *contractBox = new QGroupBox(d.isOption() ? tr("Contract") : tr("Stock"), this);
    contractBox->setStyleSheet(sectionStyle());
    auto *cg = new QGridLayout(contractBox);
    cg->setHorizontalSpacing(14);
    cg->setVerticalSpacing(3);
    m_contract = addRow(cg, tr("Symbol"), QStringLiteral("ticketContract"));
    if (d.isOption()) {
        m_expiry = addRow(cg, tr("Expiry"), QStringLiteral("ticketExpiry"));
        m_target = addRow(cg, tr("Strategy target"));
    }
    m_underlying = addRow(cg, tr("Underlying used"), QStringLiteral("ticketUnderlying"));
    m_quote = addRow(cg, tr("Bid / ask"), QStringLiteral("ticketQuote"));
    left->addWidget(contractBox);

    // The order the trader may adjust, within the limits.
    auto *orderBox = new QGroupBox(tr("Order"), this);
    orderBox->setStyleSheet(sectionStyle());
    auto *og = new QGridLayout(orderBox);
    og->setHorizontalSpacing(14);
    og->setVerticalSpacing(4);
    m_side = addRow(og, tr("Side"), QStringLiteral("ticketSide"));
    const int qtyRow = og->rowCount();
    og->addWidget(new QLabel(tr("Quantity"), this), qtyRow, 0);
    m_qty = new QSpinBox(this);
    m_qty->setObjectName(QStringLiteral("ticketQty"));
    // The cost and the warnings follow each keystroke, not only Tab or Enter.
    m_qty->setKeyboardTracking(true);
    m_qty->setMinimumWidth(110);
    og->addWidget(m_qty, qtyRow, 1);
    m_qtyLimit = new QLabel(this);
    m_qtyLimit->setObjectName(QStringLiteral("ticketQtyLimit"));
    og->addWidget(m_qtyLimit, qtyRow, 2);
    const int limitRow = og->rowCount();
    m_proposedLimitName = proposedLimitName(d);
    m_limitName = new QLabel(m_proposedLimitName, this);
    m_limitName->setObjectName(QStringLiteral("ticketLimitName"));
    // Room for the longest name it may take (the mid's, with where the mid is now, a digit more
    // than today's price): a name that grows as the market moves shifts no control sideways.
    {
        const double widest = 10.0 * std::max({1.0, m_proposedLimit, d.price});
        const QFontMetrics fm = m_limitName->fontMetrics();
        m_limitName->setMinimumWidth(
            std::max(fm.horizontalAdvance(limitName(LimitChoice::Mid, PriceNow::Moved, widest)),
                     fm.horizontalAdvance(limitName(LimitChoice::Mid, PriceNow::Gone))));
    }
    og->addWidget(m_limitName, limitRow, 0);
    m_limit = new TickSpinBox(this);
    m_limit->setObjectName(QStringLiteral("ticketLimit"));
    m_limit->setKeyboardTracking(true);
    m_limit->setOptionTicks(
        d.isOption(), m_session.settings().tickTable(),
        d.contract ? std::string(optionClass(*d.contract)) : std::string(),
        m_session.settings().tickEvidence(d.contract ? d.contract->quote : std::nullopt));
    m_limit->setMinimumWidth(110);
    m_limit->setPrefix(QStringLiteral("$"));
    og->addWidget(m_limit, limitRow, 1);
    // A stock has no quote here: the button takes its last price.
    m_mid = new QPushButton(d.isOption() ? tr("Mid") : tr("Last"), this);
    m_mid->setObjectName(QStringLiteral("ticketMid"));
    m_mid->setAutoDefault(false);
    // Mid, bid or ask on a click (issue 18): the live quote the ticket shows.
    auto *priceButtons = new QHBoxLayout;
    priceButtons->setSpacing(4);
    priceButtons->addWidget(m_mid);
    if (d.isOption()) {
        for (const bool bid : {true, false}) {
            auto *b = new QPushButton(bid ? tr("Bid") : tr("Ask"), this);
            b->setObjectName(bid ? QStringLiteral("ticketBid") : QStringLiteral("ticketAsk"));
            b->setAutoDefault(false);
            priceButtons->addWidget(b);
            (bid ? m_bid : m_ask) = b;
            connect(b, &QPushButton::clicked, this, [this, bid] {
                const auto price = livePrice(bid ? LimitChoice::Bid : LimitChoice::Ask).price;
                if (waiting() && price)
                    setLimitFrom(bid ? LimitOrigin::Bid : LimitOrigin::Ask, *price);
            });
        }
    }
    priceButtons->addStretch(1);
    og->addLayout(priceButtons, limitRow, 2);
    // Alpaca's types and times in force (options: day or gtc). A stop triggers at its stop
    // price and then works as a market (stop) or limit (stop limit) order.
    const int typeRow = og->rowCount();
    og->addWidget(new QLabel(tr("Type"), this), typeRow, 0);
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("ticketType"));
    m_type->addItem(tr("Limit"), static_cast<int>(OrderType::Limit));
    m_type->addItem(tr("Market"), static_cast<int>(OrderType::Market));
    m_type->addItem(tr("Stop"), static_cast<int>(OrderType::Stop));
    m_type->addItem(tr("Stop limit"), static_cast<int>(OrderType::StopLimit));
    m_type->setCurrentIndex(m_type->findData(static_cast<int>(d.orderType)));
    og->addWidget(m_type, typeRow, 1);
    m_tif = new QComboBox(this);
    m_tif->setObjectName(QStringLiteral("ticketTimeInForce"));
    m_tif->addItem(tr("Day"), QStringLiteral("day"));
    m_tif->addItem(tr("Good till canceled"), QStringLiteral("gtc"));
    m_tif->setCurrentIndex(m_tif->findData(
        qs(d.order && !d.order->timeInForce.empty() ? d.order->timeInForce : std::string("day"))));
    m_tif->setToolTip(tr("Alpaca takes options orders for the day or good till canceled"));
    og->addWidget(m_tif, typeRow, 2);
    const int stopRow = og->rowCount();
    m_stopName = new QLabel(tr("Stop price"), this);
    og->addWidget(m_stopName, stopRow, 0);
    m_stop = new TickSpinBox(this);
    m_stop->setObjectName(QStringLiteral("ticketStop"));
    m_stop->setOptionTicks(
        d.isOption(), m_session.settings().tickTable(),
        d.contract ? std::string(optionClass(*d.contract)) : std::string(),
        m_session.settings().tickEvidence(d.contract ? d.contract->quote : std::nullopt));
    m_stop->setMinimumWidth(110);
    m_stop->setKeyboardTracking(true);
    m_stop->setPrefix(QStringLiteral("$"));
    m_stop->setToolTip(tr("A buy stop triggers when the ask rises to it, a sell stop when the "
                          "bid falls to it"));
    og->addWidget(m_stop, stopRow, 1);
    left->addWidget(orderBox);

    // What it costs against the account and the strategy's budget.
    auto *costBox = new QGroupBox(tr("Cost"), this);
    costBox->setStyleSheet(sectionStyle());
    auto *kg = new QGridLayout(costBox);
    kg->setHorizontalSpacing(14);
    kg->setVerticalSpacing(3);
    const bool sell = d.order && d.order->side == OrderSide::Sell;
    m_cost = addRow(kg, sell ? tr("Estimated proceeds") : tr("Estimated cost"),
                    QStringLiteral("ticketCost"));
    m_costName = qobject_cast<QLabel *>(kg->itemAtPosition(kg->rowCount() - 1, 0)->widget());
    m_costName->setObjectName(QStringLiteral("ticketCostName"));
    QFont costFont = font();
    costFont.setBold(true);
    costFont.setPointSizeF(costFont.pointSizeF() * 1.15);
    m_cost->setFont(costFont);
    m_pctEquity = addRow(kg, tr("Of equity"), QStringLiteral("ticketPctEquity"));
    m_pctBudget = addRow(kg, tr("Of strategy budget"), QStringLiteral("ticketPctBudget"));
    m_budgetBar = new QProgressBar(this);
    m_budgetBar->setRange(0, 100);
    m_budgetBar->setTextVisible(false);
    m_budgetBar->setFixedHeight(6);
    kg->addWidget(m_budgetBar, kg->rowCount(), 1, 1, 2);
    m_power = addRow(kg, tr("Options buying power"));
    m_powerName = qobject_cast<QLabel *>(kg->itemAtPosition(kg->rowCount() - 1, 0)->widget());
    m_warning = new QLabel(this);
    m_warning->setObjectName(QStringLiteral("ticketWarning"));
    m_warning->setWordWrap(true);
    QPalette wp = m_warning->palette();
    wp.setColor(QPalette::WindowText, colors.warning);
    m_warning->setPalette(wp);
    // The Cost column's width sets where the warning wraps, never the warning's length; two
    // lines are kept for it from the start, and more once a longer warning needs them
    // (fitWarning), so the box and what is below it stay put as the warning comes and goes.
    m_warning->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    m_warning->setMinimumHeight(2 * m_warning->fontMetrics().lineSpacing());
    m_warning->installEventFilter(this);
    kg->addWidget(m_warning, kg->rowCount(), 0, 1, 3);
    left->addWidget(costBox);
    left->addStretch(1);

    // The five gates, each with its reason.
    auto *gatesBox = new QGroupBox(tr("Gates"), this);
    gatesBox->setStyleSheet(sectionStyle());
    auto *gg = new QGridLayout(gatesBox);
    gg->setHorizontalSpacing(10);
    gg->setVerticalSpacing(4);
    gg->setColumnStretch(2, 1);
    for (int i = 0; i < kGateCount; ++i) {
        m_gateMarks[i] = new QLabel(this);
        m_gateMarks[i]->setObjectName(QStringLiteral("ticketGateMark%1").arg(i));
        QFont f = font();
        f.setBold(true);
        m_gateMarks[i]->setFont(f);
        m_gateMarks[i]->setAlignment(Qt::AlignCenter);
        m_gateMarks[i]->setMinimumWidth(18);
        auto *name = new QLabel(gateName(static_cast<GateId>(i)), this);
        m_gateReasons[i] = new QLabel(this);
        m_gateReasons[i]->setObjectName(QStringLiteral("ticketGate%1").arg(i));
        m_gateReasons[i]->setWordWrap(true);
        gg->addWidget(m_gateMarks[i], i, 0, Qt::AlignTop);
        gg->addWidget(name, i, 1, Qt::AlignTop);
        gg->addWidget(m_gateReasons[i], i, 2);
    }
    if (!d.isOption()) {
        gatesBox->setTitle(tr("Gates (options only)"));
        gatesBox->setEnabled(false);
    }
    right->addWidget(gatesBox);

    auto *greeksBox = new QGroupBox(tr("Greeks"), this);
    greeksBox->setStyleSheet(sectionStyle());
    auto *gl = new QVBoxLayout(greeksBox);
    m_greeks = new QLabel(this);
    m_greeks->setObjectName(QStringLiteral("ticketGreeks"));
    m_greeks->setTextFormat(Qt::RichText);
    gl->addWidget(m_greeks);
    if (!d.isOption())
        greeksBox->hide();
    right->addWidget(greeksBox);
    right->addWidget(makeHowTo(
        tr("Confirm re-checks the live quote, the five gates and the risk limits, then sends a "
           "%1 order to %2. Reject, Esc or closing this window records the ticket as rejected "
           "by you; no answer within %3 s sends nothing and records it as rejected, not confirmed "
           "in time: \"Ticket expired after %3 s\".")
            .arg(tr("limit, market or stop"), modeWords(m_session.orderMode()))
            .arg(m_session.queue().ticketMaxAgeSec()),
        QStringLiteral("ticketHowTo")));
    right->addStretch(1);

    root->addWidget(makeResultLine(QStringLiteral("ticketResult")));
    m_override = makeOverride(tr("Override the precautions above and send exactly as shown"),
                              QStringLiteral("ticketOverride"));
    root->addWidget(m_override);

    auto *buttons = makeButtons(QStringLiteral("ticketReject"), QStringLiteral("ticketConfirm"));
    connect(m_confirm, &QPushButton::clicked, this, &TicketDialog::confirm);
    connect(m_reject, &QPushButton::clicked, this, &TicketDialog::reject);
    root->addWidget(buttons);
    m_reject->setFocus();

    // Quantity and price, held to the limits at the current price.
    m_limit->setValue(m_proposedLimit);
    // Typing above the maximum is allowed and refused with the reason, never silently clamped.
    m_qty->setRange(1, 1'000'000);
    m_qty->setValue(std::max(1, m_proposedQty));
    connect(m_qty, &QSpinBox::valueChanged, this, &TicketDialog::updateFigures);
    connect(m_limit, &QDoubleSpinBox::valueChanged, this, &TicketDialog::updateFigures);
    // An override is given for the figures the precautions held; other figures are checked
    // afresh.
    const auto dropOverride = [this] {
        m_override->setChecked(false);
        m_override->hide();
        m_confirm->setText(confirmText());
    };
    connect(m_qty, &QSpinBox::valueChanged, this, dropOverride);
    connect(m_limit, &QDoubleSpinBox::valueChanged, this, dropOverride);
    connect(m_mid, &QPushButton::clicked, this, [this] {
        if (!waiting() || !m_proposal)
            return;
        if (!m_proposal->isOption()) // a stock: its last price as the ticket follows it
            setLimitFrom(LimitOrigin::Mid,
                         m_proposal->underlyingPrice
                             ? std::round(*m_proposal->underlyingPrice * 100.0) / 100.0
                             : m_proposedLimit);
        else if (const auto mid = livePrice(LimitChoice::Mid).price)
            setLimitFrom(LimitOrigin::Mid, *mid); // the mid shown now, as the name beside it says
    });
    // A value the buttons did not set was typed (or stepped) by the trader.
    connect(m_limit, &QDoubleSpinBox::valueChanged, this, [this] {
        if (!m_settingLimit)
            m_limitOrigin = LimitOrigin::Typed;
        showLimitName();
    });
    showLimitName();
    // A stop starts two ticks beyond the market on the side it protects: below the bid for a
    // sell, above the ask for a buy; a stock's beyond its price (Alpaca refuses a stop that
    // would trigger at once).
    if (d.contract && d.contract->quote) {
        const Quote &q = *d.contract->quote;
        const double tick = m_stop->tickAt(sell ? q.bid : q.ask);
        m_stop->setValue(sell ? std::max(tick, q.bid - 2 * tick) : q.ask + 2 * tick);
    } else {
        const double tick = m_stop->tickAt(m_proposedLimit);
        m_stop->setValue(sell ? std::max(tick, m_proposedLimit - 2 * tick)
                              : m_proposedLimit + 2 * tick);
    }
    connect(m_type, &QComboBox::currentIndexChanged, this, &TicketDialog::onTypeChanged);
    connect(m_type, &QComboBox::currentIndexChanged, this, dropOverride);
    connect(m_stop, &QDoubleSpinBox::valueChanged, this, &TicketDialog::updateFigures);
    connect(m_stop, &QDoubleSpinBox::valueChanged, this, dropOverride);
    onTypeChanged();
    // The dialog is never smaller than its contents: it grows when the warning needs more room
    // (a window's minimum size does not follow a word-wrapped label by itself).
    root->setSizeConstraint(QLayout::SetMinimumSize);
}

bool TicketDialog::eventFilter(QObject *watched, QEvent *event) {
    if (watched == m_warning && event->type() == QEvent::Resize)
        fitWarning(); // its width known, or changed
    return TicketDialogBase::eventFilter(watched, event);
}

void TicketDialog::fitWarning() {
    // Before the ticket is shown the label's width is not its own yet.
    if (!m_warning || !m_warning->isVisible())
        return;
    const int need = m_warning->heightForWidth(m_warning->width());
    if (need > m_warning->minimumHeight())
        m_warning->setMinimumHeight(need); // kept: the space never shrinks back
}

int TicketDialog::chosenType() const {
    return m_type ? m_type->currentData().toInt() : static_cast<int>(OrderType::Limit);
}

void TicketDialog::onTypeChanged() {
    const auto type = static_cast<OrderType>(chosenType());
    // Only a waiting ticket takes a price: a finished one keeps what was sent.
    m_limit->setEnabled(hasLimitPrice(type) && waiting());
    updatePriceButtons();
    m_stopName->setVisible(hasStopPrice(type));
    m_stop->setVisible(hasStopPrice(type));
    updateFigures();
}

void TicketDialog::setLimitFrom(LimitOrigin origin, double limit) {
    m_limitOrigin = origin;
    const QScopedValueRollback<bool> setting(m_settingLimit, true);
    m_limit->setValue(limit);
    showLimitName();
}

void TicketDialog::updatePriceButtons() {
    const bool limit = hasLimitPrice(static_cast<OrderType>(chosenType())) && waiting();
    const bool option = m_proposal && m_proposal->isOption();
    const auto show = [this, limit](QPushButton *b, LimitChoice choice, const QString &tip) {
        if (!b)
            return;
        const models::LivePrice p = livePrice(choice);
        b->setEnabled(limit && p.price.has_value());
        b->setToolTip(p.price ? tip : whyNoPrice(choice, p.gap));
    };
    if (option) {
        show(m_mid, LimitChoice::Mid,
             tr("Limit at the mid of the quote shown, rounded to the tick"));
    } else {
        m_mid->setEnabled(limit);
        m_mid->setToolTip(tr("Limit at the stock's last price, as the ticket follows it; "
                             "Confirm follows it again"));
    }
    show(m_bid, LimitChoice::Bid, tr("Limit at the bid"));
    show(m_ask, LimitChoice::Ask, tr("Limit at the ask"));
}

models::LivePrice TicketDialog::livePrice(LimitChoice choice) const {
    if (!m_proposal)
        return {std::nullopt, models::QuoteGap::NoQuote};
    return models::livePriceFor(*m_proposal, choice, m_session.settings());
}

QString TicketDialog::whyNoPrice(LimitChoice choice, models::QuoteGap gap) {
    QString why = tr("the ticket has no quote");
    switch (gap) {
    case models::QuoteGap::NoBid:
        why = tr("the quote shown has no bid");
        break;
    case models::QuoteGap::NoAsk:
        why = tr("the quote shown has no ask");
        break;
    case models::QuoteGap::Crossed:
        why = tr("the quote shown is crossed (the bid above the ask)");
        break;
    case models::QuoteGap::None:
    case models::QuoteGap::NoQuote:
        break;
    }
    switch (choice) {
    case LimitChoice::Bid:
        return tr("No bid: %1").arg(why);
    case LimitChoice::Ask:
        return tr("No ask: %1").arg(why);
    case LimitChoice::Mid:
    case LimitChoice::Typed:
        break;
    }
    return tr("No mid: %1").arg(why);
}

QString TicketDialog::proposedLimitName(const Decision &d) const {
    if (d.orderType != OrderType::Limit)
        return tr("Price");
    if (!d.isOption() && d.limitChoice == LimitChoice::Mid)
        return tr("Limit (last price)");
    return limitName(d.limitChoice, PriceNow::Same);
}

QString TicketDialog::limitName(LimitChoice choice, PriceNow now, double price) {
    const QString p = QString::number(price, 'f', 2);
    switch (choice) {
    case LimitChoice::Bid:
        return now == PriceNow::Same    ? tr("Limit (the bid)")
               : now == PriceNow::Moved ? tr("Limit (the bid, now $%1)").arg(p)
                                        : tr("Limit (the bid, no bid now)");
    case LimitChoice::Ask:
        return now == PriceNow::Same    ? tr("Limit (the ask)")
               : now == PriceNow::Moved ? tr("Limit (the ask, now $%1)").arg(p)
                                        : tr("Limit (the ask, no ask now)");
    case LimitChoice::Typed:
        return tr("Limit (typed)");
    case LimitChoice::Mid:
        break;
    }
    return now == PriceNow::Same    ? tr("Limit (mid rounded to tick)")
           : now == PriceNow::Moved ? tr("Limit (mid rounded to tick, now $%1)").arg(p)
                                    : tr("Limit (mid rounded to tick, no mid now)");
}

void TicketDialog::showLimitName() {
    // Where the limit shown came from: the button last clicked, else the proposal when the limit
    // is still its own, else the trader's typing.
    std::optional<LimitChoice> from;
    switch (m_limitOrigin) {
    case LimitOrigin::Mid:
        from = LimitChoice::Mid;
        break;
    case LimitOrigin::Bid:
        from = LimitChoice::Bid;
        break;
    case LimitOrigin::Ask:
        from = LimitChoice::Ask;
        break;
    case LimitOrigin::Proposal:
    case LimitOrigin::Typed:
        if (std::abs(m_limit->value() - m_proposedLimit) >= 1e-9) {
            from = LimitChoice::Typed;
        } else if (!m_proposal || !m_proposal->limitPrice ||
                   m_proposal->orderType != OrderType::Limit) {
            m_limitName->setText(m_proposedLimitName); // "Price": not a limit the quote gave
            return;
        } else {
            from = m_proposal->limitChoice;
        }
        break;
    }
    // The limit stays the price the trader saw; once the live quote has moved (or lost that
    // price), the name says so, so "the bid" is never read as the bid shown now.
    PriceNow now = PriceNow::Same;
    double price = 0.0;
    // Only while the ticket waits: a finished one names what was sent and follows no quote.
    if (waiting() && *from != LimitChoice::Typed && m_proposal && m_proposal->isOption()) {
        const models::LivePrice live = livePrice(*from);
        if (live.price && std::abs(*live.price - m_limit->value()) > 1e-9) {
            now = PriceNow::Moved;
            price = *live.price;
        } else if (!live.price && live.gap != models::QuoteGap::NoQuote) {
            now = PriceNow::Gone;
        }
    }
    if (m_proposal && !m_proposal->isOption() && *from == LimitChoice::Mid) {
        // A stock: no quote, its last price, followed while the ticket waits.
        const std::optional<double> last = m_proposal->underlyingPrice;
        const double rounded = last ? std::round(*last * 100.0) / 100.0 : 0.0;
        if (waiting() && last && std::abs(rounded - m_limit->value()) > 1e-9)
            return m_limitName->setText(
                tr("Limit (last price, now $%1)").arg(QString::number(rounded, 'f', 2)));
        return m_limitName->setText(tr("Limit (last price)"));
    }
    m_limitName->setText(limitName(*from, now, price));
}

QList<QWidget *> TicketDialog::orderControls() const {
    QList<QWidget *> out;
    for (QWidget *w : std::initializer_list<QWidget *>{m_qty, m_limit, m_mid, m_bid, m_ask, m_type,
                                                       m_tif, m_stop, m_override})
        if (w)
            out << w;
    return out;
}

double TicketDialog::costPrice() const {
    if (!m_proposal)
        return 0.0;
    const Decision &d = *m_proposal;
    const auto type = static_cast<OrderType>(chosenType());
    if (hasLimitPrice(type))
        return m_limit->value();
    // Market and stop: the side of the quote the order crosses, a stop's price when worse.
    const bool sell = d.order && d.order->side == OrderSide::Sell;
    double price = d.price > 0.0 ? d.price : 0.0;
    if (d.isOption() && d.contract && d.contract->quote)
        price = sell ? d.contract->quote->bid : d.contract->quote->ask;
    if (type == OrderType::Stop)
        price = sell ? std::min(price, m_stop->value()) : std::max(price, m_stop->value());
    return price;
}

void TicketDialog::setRequestedContract(const QString &occSymbol) {
    if (!m_proposal || !m_note || occSymbol.isEmpty() || !m_proposal->contract ||
        qs(m_proposal->contract->symbol) == occSymbol)
        return;
    m_note->setText(
        tr("You selected %1. The %2 strategy proposes %3 (its pick at the live underlying "
           "price); reject this ticket to leave it.")
            .arg(occSymbol, QString::fromLatin1(toString(m_proposal->signal.strategy).data()),
                 qs(m_proposal->contract->symbol)));
    m_note->show();
}

void TicketDialog::showTitle(const Decision &d) {
    m_title->setText(tr("%1 %2 \u00d7 %3")
                         .arg(m_sells ? tr("SELL") : tr("BUY"))
                         .arg(m_qty->value())
                         .arg(contractTitle(d)));
}

void TicketDialog::showDecision(const Decision &d, bool fresh) {
    const ChainColors colors = ChainColors::forPalette(palette());
    const QString action = QString::fromLatin1(toString(d.signal.action).data());
    const QString strategy = QString::fromLatin1(toString(d.signal.strategy).data());
    if (d.order) { // a refusal has no order left: the side stays as proposed
        m_sells = d.order->side == OrderSide::Sell;
        m_sideText = sideText(d);
    }
    showTitle(d);
    const QString proposedAt = QLocale::c().toString(
        QDateTime::fromMSecsSinceEpoch(d.decidedAt.time_since_epoch().count()).toLocalTime(),
        QStringLiteral("HH:mm:ss"));
    if (d.source == DecisionSource::Manual)
        m_subtitle->setText(
            tr("Manual \u00b7 %1 %2 \u00b7 %3 \u00b7 proposed %4 \u00b7 orders go to %5")
                .arg(qs(d.signal.symbol), action, m_sideText, proposedAt,
                     modeWords(m_session.orderMode())));
    else
        m_subtitle->setText(
            tr("Signal #%1 \u00b7 %2 %3 \u00b7 %4 \u00b7 proposed %5 \u00b7 orders go to %6")
                .arg(d.signal.id)
                .arg(qs(d.signal.symbol), action, strategy, proposedAt,
                     modeWords(m_session.orderMode())));
    m_contract->setText(d.isOption() && d.contract ? qs(d.contract->symbol) : qs(d.signal.symbol));
    const Timestamp now = m_session.clock().now();
    if (d.isOption() && d.contract) {
        const OptionContract &c = *d.contract;
        const int dte = daysToExpiry(c.expiry, now);
        m_expiry->setText(
            tr("%1 \u00b7 %n day(s) to expiry", nullptr, dte)
                .arg(QLocale::c().toString(toQDate(c.expiry), QStringLiteral("ddd MMM d, yyyy"))));
        if (m_target && d.source == DecisionSource::Manual)
            m_target->setText(tr("chosen by hand: strike %1")
                                  .arg(QString::fromStdString(formatTrimmed(c.strike, 2))));
        else if (m_target)
            m_target->setText(
                d.targetStrike
                    ? tr("%1 %2% \u2192 strike %3 %4 (picked %5)")
                          .arg(QString::fromLatin1(toString(d.params.moneyness).data()))
                          .arg(models::fixedText(d.params.moneynessPct, 1))
                          .arg(c.type == OptionType::Call ? QStringLiteral("\u2265")
                                                          : QStringLiteral("\u2264"))
                          .arg(models::fixedText(*d.targetStrike, 2),
                               QString::fromStdString(formatTrimmed(c.strike, 2)))
                    : tr("strike %1").arg(QString::fromStdString(formatTrimmed(c.strike, 2))));
        if (c.quote) {
            const auto spread = spreadPct(*c.quote);
            m_quote->setText(tr("%1 / %2 \u00b7 mid %3 \u00b7 spread %4")
                                 .arg(models::fixedText(c.quote->bid, 2),
                                      models::fixedText(c.quote->ask, 2), midText(mid(*c.quote)),
                                      spread ? models::fixedText(*spread, 2) + QLatin1Char('%')
                                             : QStringLiteral("\u2014")));
        } else {
            m_quote->setText(tr("no quote"));
        }
        if (c.greeks) {
            const Greeks &g = *c.greeks;
            m_greeks->setText(
                tr("<table cellspacing='6'><tr><td>\u0394 Delta</td><td align='right'><b>%1</b>"
                   "</td><td>&nbsp;&nbsp;\u0393 Gamma</td><td align='right'><b>%2</b></td></tr>"
                   "<tr><td>\u0398 Theta/day</td><td align='right'><b>%3</b></td><td>&nbsp;&nbsp;"
                   "Vega/pt</td><td align='right'><b>%4</b></td></tr><tr><td>IV</td><td "
                   "align='right'><b>%5</b></td><td>&nbsp;&nbsp;Open int. / vol.</td><td "
                   "align='right'><b>%6 / %7</b></td></tr></table>")
                    .arg(models::fixedText(g.delta, 3), models::fixedText(g.gamma, 4),
                         models::fixedText(g.theta, 3), models::fixedText(g.vega, 3),
                         c.impliedVol
                             ? models::fixedText(*c.impliedVol * 100.0, 1) + QLatin1Char('%')
                             : QStringLiteral("\u2014"),
                         c.openInterest ? QLocale::c().toString(qlonglong(*c.openInterest))
                                        : QStringLiteral("\u2014"),
                         c.volume ? QLocale::c().toString(qlonglong(*c.volume))
                                  : QStringLiteral("\u2014")) +
                (greeksComputed(c)
                     ? QStringLiteral("<i>%1</i>").arg(greeksSourceText(c).toHtmlEscaped())
                     : QString()));
        } else {
            // Nothing to compute them from: say why, never a made-up figure.
            m_greeks->setText(greeksSourceText(c));
        }
    } else {
        m_quote->setText(d.underlyingPrice
                             ? tr("last %1").arg(models::fixedText(*d.underlyingPrice, 2))
                             : QStringLiteral("\u2014"));
    }
    if (d.underlyingPrice)
        m_underlying->setText(
            tr("%1 %2 at %3%4")
                .arg(qs(d.signal.symbol), models::fixedText(*d.underlyingPrice, 2),
                     QLocale::c().toString(
                         QDateTime::fromMSecsSinceEpoch(d.underlyingTime.time_since_epoch().count())
                             .toLocalTime(),
                         QStringLiteral("HH:mm:ss")),
                     fresh ? tr(" (re-checked)") : QString()));
    else
        m_underlying->setText(QStringLiteral("\u2014"));
    m_side->setText(m_sideText);

    for (int i = 0; i < kGateCount; ++i) {
        if (!d.gates) {
            m_gateMarks[i]->setText(QStringLiteral("\u2013"));
            m_gateReasons[i]->setText(d.isOption() ? tr("not evaluated") : tr("not applicable"));
            continue;
        }
        const GateResult &g = d.gates->gates[static_cast<std::size_t>(i)];
        // A trade by hand is held only by a valid quote (an ask alone for a buy to close) and an
        // unexpired contract, as the re-check judges it: another failed gate is shown as a
        // warning that says so, not as a cross that reads "will not go".
        const auto id = static_cast<GateId>(i);
        QString waived;
        if (!g.pass && d.source != DecisionSource::Signal) {
            if (id == GateId::QuoteValid && d.order && d.contract &&
                closesOnAskAlone(d.order->intent, d.contract->quote))
                waived = tr("a buy to close needs only the ask");
            else if (id != GateId::QuoteValid && id != GateId::NotExpired)
                waived = tr("not required for a trade by hand");
        }
        m_gateMarks[i]->setText(g.pass ? QStringLiteral("\u2714") : QStringLiteral("\u2718"));
        QPalette p = m_gateMarks[i]->palette();
        p.setColor(QPalette::WindowText,
                   g.pass ? colors.pass : (waived.isEmpty() ? colors.fail : colors.warning));
        m_gateMarks[i]->setPalette(p);
        const QString reason =
            waived.isEmpty() ? qs(g.reason()) : tr("%1 (%2)").arg(qs(g.reason()), waived);
        m_gateReasons[i]->setText(reason);
        m_gateReasons[i]->setToolTip(reason);
    }
    // A stock's order is not held by the options buying power: the row gives the equity.
    m_powerName->setText(d.isOption() ? tr("Options buying power") : tr("Equity"));
    if (d.equity && !d.isOption())
        m_power->setText(moneyText(*d.equity));
    else if (d.equity)
        m_power->setText(
            d.optionsBuyingPower
                ? tr("%1 (equity %2)").arg(moneyText(*d.optionsBuyingPower), moneyText(*d.equity))
                : tr("equity %1").arg(moneyText(*d.equity)));
}

void TicketDialog::updateFigures() {
    // A finished ticket's figures are those it sent (or would have): nothing recomputes them.
    if (!m_proposal || (m_state != State::Waiting && m_state != State::Confirming))
        return;
    const Decision &d = *m_proposal;
    const double price = costPrice();
    const TicketFigures f = ticketFigures(d, m_session.settings(), m_qty->value(), price);
    m_qtyLimit->setText(tr("max %1").arg(f.maxQty));
    m_qtyLimit->setToolTip(tr("Limited by %1").arg(qs(f.maxQtyReason)));
    const TicketFigures shown = ticketFigures(d, m_session.settings(), m_qty->value(), price);
    m_cost->setText(tr("%1  (%2 \u00d7 %3 \u00d7 %4)")
                        .arg(moneyText(shown.cost))
                        .arg(m_qty->value())
                        .arg(models::fixedText(price, 2))
                        .arg(models::fixedText(shown.multiplier, 0)));
    m_pctEquity->setText(shown.pctOfEquity
                             ? models::fixedText(*shown.pctOfEquity, 2) + QLatin1Char('%')
                             : QStringLiteral("\u2014"));
    const double budget = d.sizing ? d.sizing->budget : d.budget;
    m_pctBudget->setText(shown.pctOfBudget
                             ? tr("%1% of %2 (%3% of equity)")
                                   .arg(models::fixedText(*shown.pctOfBudget, 1), moneyText(budget),
                                        models::fixedText(d.params.riskPct, 1))
                             : QStringLiteral("\u2014"));
    m_budgetBar->setValue(static_cast<int>(std::min(100.0, shown.pctOfBudget.value_or(0.0))));
    // What the re-check would hold the order for, live: the limits and the precautions.
    QStringList warnings;
    if (!shown.warning.empty())
        warnings << qs(shown.warning);
    PrecautionInput pi;
    pi.side = d.order && d.order->side == OrderSide::Sell ? OrderSide::Sell : OrderSide::Buy;
    if (hasLimitPrice(static_cast<OrderType>(chosenType())))
        pi.limitPrice = m_limit->value();
    if (static_cast<OrderType>(chosenType()) == OrderType::StopLimit)
        pi.stopPrice = m_stop->value(); // as the re-check: the limit against its stop
    if (d.isOption() && d.contract)
        pi.quote = d.contract->quote;
    else
        pi.lastPrice = d.underlyingPrice;
    pi.cost = 0.0; // the budget is already in the limits' warning above
    for (const std::string &w : checkPrecautions(m_session.settings().precautions, pi))
        warnings << qs(w);
    // A stop the broker would refuse, as the re-check holds it: against the live quote (a buy
    // stop over the bid, a sell stop under the ask), a stock's against its price.
    if (hasStopPrice(static_cast<OrderType>(chosenType()))) {
        std::optional<std::string> refusal;
        if (d.isOption() && d.contract && d.contract->quote)
            refusal = stopTriggersAtOnce(pi.side, m_stop->value(), *d.contract->quote);
        else if (!d.isOption() && d.underlyingPrice)
            refusal = stopTriggersAtOnce(pi.side, m_stop->value(), *d.underlyingPrice, "the price");
        if (refusal)
            warnings << qs(*refusal);
    }
    const QString warning = warnings.join(QLatin1Char('\n'));
    if (warning != m_warning->text()) {
        m_warning->setText(warning);
        fitWarning();
    }
    if (m_state == State::Waiting)
        showTitle(d);
}

QLabel *TicketDialog::countdownLabel() const {
    return m_countdown ? m_countdown->label() : nullptr;
}

void TicketDialog::confirm() {
    if (m_state != State::Waiting || !m_proposal)
        return;
    if (confirmOffTick({{m_limit, tr("limit")}, {m_stop, tr("stop")}}))
        return; // the price on the tick is shown now: the next Confirm sends it
    m_state = State::Confirming;
    // The figures shown are sent; fields the trader left alone are the proposal's.
    TicketChanges changes;
    if (m_qty->value() != m_proposedQty)
        changes.qty = m_qty->value();
    const auto type = static_cast<OrderType>(chosenType());
    if (type != m_proposal->orderType) {
        changes.orderType = type;
        // A limit the proposal did not carry is the one shown.
        if (hasLimitPrice(type) && !hasLimitPrice(m_proposal->orderType))
            changes.limitPrice = m_limit->value();
    }
    if (hasLimitPrice(type) && std::abs(m_limit->value() - m_proposedLimit) > 1e-9)
        changes.limitPrice = m_limit->value();
    // A stock's limit the Last button set is its price, not a typed one: Confirm follows the
    // price again, as it follows the proposal's.
    changes.limitFromPrice = !m_proposal->isOption() && m_limitOrigin == LimitOrigin::Mid;
    if (hasStopPrice(type))
        changes.stopPrice = m_stop->value();
    if (!hasLimitPrice(type)) // costed at the bid or ask shown (a stop's price when worse)
        changes.shownPrice = costPrice();
    const std::string tif = m_tif->currentData().toString().toStdString();
    if (!m_proposal->order || tif != m_proposal->order->timeInForce)
        changes.timeInForce = tif;
    changes.overridePrecautions = m_override->isVisible() && m_override->isChecked();
    if (changes.overridePrecautions) // those the hold named, no other
        changes.overriddenPrecautions = m_heldPrecautions;
    for (QWidget *w : orderControls())
        w->setEnabled(false);
    m_confirm->setEnabled(false);
    m_reject->setEnabled(false);
    m_result->setText(tr("Re-checking the quote, the gates and the limits\u2026"));
    m_result->show();

    QPointer<TicketDialog> self(this);
    m_session.queue().confirm(m_ticketId, changes, [self](TicketVerdict v) {
        if (!self || (self->m_state != State::Confirming))
            return;
        const Decision &d = v.decision;
        if (v.kind == TicketVerdict::Kind::Hold) {
            self->m_heldPrecautions = v.precautions;
            return self->onHeld(d, qs(v.why), v.overridable, v.quantitySet);
        }
        self->m_clientOrderId = d.clientOrderId;
        if (d.contract || d.underlyingPrice)
            self->showDecision(d, true);
        if (d.sentStateUnknown()) {
            QString what =
                tr("%1 \u00d7 %2").arg(d.qty).arg(qs(d.order ? d.order->symbol : d.signal.symbol));
            if (d.order)
                what += QStringLiteral(" \u00b7 ") + orderTerms(d);
            self->finish(State::Sent, unknownStateText(what, qs(d.error), recordText(d)),
                         Tone::Warning);
        } else if (d.placesOrder()) {
            QString text = tr("Order sent: %1 \u00d7 %2")
                               .arg(d.qty)
                               .arg(qs(d.order ? d.order->symbol : d.signal.symbol));
            if (d.order)
                text += QStringLiteral(" \u00b7 ") + orderTerms(d);
            if (!d.orderId.empty())
                text += tr(" \u00b7 order %1").arg(qs(d.orderId).left(13));
            if (!d.orderStatus.empty())
                text += tr(" \u00b7 %1").arg(statusWords(qs(d.orderStatus)));
            if (d.fillPrice)
                text += tr(" at %1").arg(models::fixedText(*d.fillPrice, 2));
            text += recordText(d);
            self->finish(State::Sent, text, d.recorded() ? Tone::Pass : Tone::Warning);
        } else {
            self->finish(
                State::Refused,
                tr("Not sent: %1.%2")
                    .arg(qs(d.fallbackReason.empty() ? d.error : d.fallbackReason), recordText(d)),
                Tone::Fail);
        }
    });
}

void TicketDialog::onHeld(const Decision &refreshed, const QString &why, bool overridable,
                          bool quantitySet) {
    // Nothing was sent: the ticket shows the refreshed figures and asks again.
    m_state = State::Waiting;
    m_held = true;
    const int typedQty = m_qty->value();
    const double typedLimit = m_limit->value();
    const double heldLimit = m_proposedLimit;
    *m_proposal = refreshed;
    m_proposedQty = refreshed.qty;
    m_proposedLimit = refreshed.limitPrice.value_or(refreshed.price);
    m_proposedLimitName = proposedLimitName(refreshed);
    {
        // What the trader typed stays, unless the hold is about that figure and says so: a
        // quantity set to what is left to sell or close, a new limit (the market moved, the
        // nearest tick). A precaution leaves both as typed, to be overridden.
        const QSignalBlocker bq(m_qty);
        const QSignalBlocker bl(m_limit);
        m_qty->setValue(quantitySet ? std::max(1, refreshed.qty) : typedQty);
        const bool limitMoved = std::abs(m_proposedLimit - heldLimit) > 1e-9;
        const bool newLimit = limitMoved && !overridable;
        m_limit->setValue(newLimit ? m_proposedLimit : typedLimit);
        if (newLimit) // the refreshed proposal's, named as such, whatever button set the old one
            m_limitOrigin = LimitOrigin::Proposal;
        // A stop the hold put on its tick is shown as it will be sent.
        if (refreshed.order && refreshed.order->stopPrice && !overridable) {
            const QSignalBlocker bs(m_stop);
            m_stop->setValue(*refreshed.order->stopPrice);
        }
    }
    showLimitName(); // against the refreshed proposal's limit
    showDecision(refreshed, true);
    for (QWidget *w : orderControls())
        w->setEnabled(true);
    m_confirm->setEnabled(true);
    m_reject->setEnabled(true);
    onTypeChanged(); // the price controls the type takes
    m_override->setChecked(false);
    m_override->setVisible(overridable);
    m_confirm->setText(confirmText()); // the message asks to "Confirm again"
    showResult(tr("Not sent. %1").arg(why), Tone::Warning);
    updateFigures();
    adjustSize();
    m_reject->setFocus();
}

QString TicketDialog::confirmText() const {
    return m_held ? tr("Confirm again") : tr("Confirm order");
}

void TicketDialog::pollQuote() {
    if (m_polling || !m_proposal || m_state != State::Waiting)
        return;
    m_polling = true;
    QPointer<TicketDialog> self(this);
    Decision live = *m_proposal;
    if (live.isOption() && live.contract) {
        const ChainQuery q = ChainQuery::forContract(live.signal.symbol, *live.contract);
        m_session.marketData().optionChain(q, [self, live](Result<OptionChain> r) mutable {
            if (!self)
                return;
            self->m_polling = false;
            if (!r)
                return;
            for (const OptionContract &c : r->contracts)
                if (c.symbol == live.contract->symbol)
                    live.contract->quote = c.quote;
            self->onLiveQuote(live);
        });
    } else {
        m_session.marketData().underlyingPrice(live.signal.symbol,
                                               [self, live](Result<UnderlyingPrice> r) mutable {
                                                   if (!self)
                                                       return;
                                                   self->m_polling = false;
                                                   if (!r || !(r->price > 0.0))
                                                       return;
                                                   live.underlyingPrice = r->price;
                                                   live.underlyingTime = r->time;
                                                   self->onLiveQuote(live);
                                               });
    }
}

void TicketDialog::onLiveQuote(const Decision &live) {
    if (m_state != State::Waiting || !m_proposal)
        return;
    // Only the market figures move; the proposal's quantity and limit stay what is shown. The
    // gates follow the quote shown (its spread), as Confirm's re-check will judge them.
    if (live.isOption() && live.contract && m_proposal->contract)
        models::followLiveQuote(*m_proposal, live.contract->quote, m_session.settings(),
                                m_session.clock().now());
    m_proposal->underlyingPrice = live.underlyingPrice;
    m_proposal->underlyingTime = live.underlyingTime;
    showDecision(*m_proposal, false);
    updatePriceButtons(); // a side may have come or gone
    showLimitName();      // where the limit's price is now
    updateFigures();
}

void TicketDialog::rejectTicket() {
    if (m_state != State::Waiting)
        return;
    m_session.queue().reject(m_ticketId);
    finish(State::Rejected, tr("Rejected by you: no order sent (recorded)."), Tone::Plain);
}

void TicketDialog::reject() {
    if (m_state == State::Confirming)
        return; // the answer is on its way: the trader sees it first
    if (m_state == State::Waiting) {
        rejectTicket();
    }
    QDialog::reject();
}

void TicketDialog::finish(State state, const QString &text, Tone tone) {
    m_state = state;
    if (m_countdown)
        m_countdown->stop(state == State::Expired ? tr("Expired") : QString());
    for (QWidget *w : orderControls())
        w->setEnabled(false);
    if (m_override)
        m_override->hide();
    showLimitName(); // as sent, without where the market is now
    showFinished(text, tone);
    Q_EMIT ticketFinished(state);
}

void TicketDialog::onOrderUpdated(const QString &clientOrderId, const QString &status,
                                  double fill) {
    if (m_state != State::Sent || clientOrderId != qs(m_clientOrderId))
        return;
    QString text = m_result->text();
    const int cut = text.indexOf(tr(" \u00b7 now "));
    if (cut >= 0)
        text.truncate(cut);
    text += tr(" \u00b7 now %1").arg(statusWords(status));
    if (std::isfinite(fill))
        text += tr(" at %1").arg(models::fixedText(fill, 2));
    m_result->setText(text);
}

} // namespace cg::ui
