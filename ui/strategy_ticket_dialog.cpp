#include "ui/strategy_ticket_dialog.h"

#include "dispatch/confirmation_queue.h"
#include "dispatch/decision.h"
#include "dispatch/dispatcher.h"
#include "dispatch/position_intent.h"
#include "domain/number_format.h"
#include "domain/tick_table.h"
#include "models/display_format.h"
#include "models/strategy_builder_model.h"
#include "models/trading_session.h"
#include "ui/chain_colors.h"
#include "ui/tick_spin_box.h"
#include "ui/ticket_countdown.h"

#include <QCheckBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace cg::ui {

using models::moneyText;
using models::qs;

namespace {

QString netPriceText(double net) {
    if (std::abs(net) < 1e-9)
        return StrategyTicketDialog::tr("0.00");
    return net > 0 ? StrategyTicketDialog::tr("%1 debit").arg(models::fixedText(net, 2))
                   : StrategyTicketDialog::tr("%1 credit").arg(models::fixedText(-net, 2));
}

QString legContract(const OptionContract &c) {
    const QDate d(int(c.expiry.year()), int(unsigned(c.expiry.month())),
                  int(unsigned(c.expiry.day())));
    return StrategyTicketDialog::tr("%1 %2 %3 %4")
        .arg(qs(c.underlying), QLocale::c().toString(d, QStringLiteral("MMM d ''yy")),
             qs(formatTrimmed(c.strike, 2)),
             c.type == OptionType::Call ? StrategyTicketDialog::tr("Call")
                                        : StrategyTicketDialog::tr("Put"));
}

QString strategyRecordText(const Decision &d) {
    const QString mode = QString::fromLatin1(toString(d.mode).data());
    switch (d.recordState) {
    case RecordState::Recorded:
        return StrategyTicketDialog::tr(" \u00b7 recorded as %1").arg(mode);
    case RecordState::Queued:
        return StrategyTicketDialog::tr(" \u00b7 %1, NOT yet in the database (queued: %2)")
            .arg(mode, qs(d.recordError));
    case RecordState::NotRecorded:
        break;
    }
    return d.recordError.empty()
               ? QString()
               : StrategyTicketDialog::tr(" \u00b7 NOT recorded: %1").arg(qs(d.recordError));
}

const MultiLegStrategy &strategyOf(const Decision &d, const ManualStrategyOrder &order) {
    return d.multiLeg && d.multiLeg->strategy ? *d.multiLeg->strategy : order.strategy;
}

// Why a decision sends nothing, as the dispatcher said it; empty when it would send.
QString refusalOf(const Decision &d) {
    if (!d.error.empty())
        return qs(d.error);
    if (!d.fallbackReason.empty())
        return qs(d.fallbackReason);
    if (!d.order)
        return StrategyTicketDialog::tr("the dispatcher proposed no order");
    return {};
}

} // namespace

StrategyOrderDesk StrategyOrderDesk::of(Dispatcher &dispatcher) {
    QPointer<Dispatcher> d(&dispatcher);
    StrategyOrderDesk desk;
    // The first proposal, refused, is recorded as the fallback it is (a single-leg ticket's
    // refusal is too); a re-proposal at Confirm that holds is not a decision.
    auto first = std::make_shared<bool>(true);
    desk.propose = [d, first](const ManualStrategyOrder &o, DecisionCallback done) {
        if (!d)
            return;
        d->proposeManualStrategy(o, [d, first, done = std::move(done)](Decision proposal) {
            if (std::exchange(*first, false) && d && !proposal.placesOrder() &&
                proposal.error.empty())
                d->recordThen(proposal, [](Decision) {});
            done(std::move(proposal));
        });
    };
    desk.place = [d](Decision proposal, DecisionCallback done) {
        if (d)
            d->place(std::move(proposal), std::move(done));
    };
    desk.reject = [d](const Decision *proposal) {
        if (!d || !proposal || !proposal->placesOrder())
            return;
        Decision rejected = *proposal;
        rejected.decidedAt = d->clock().now();
        rejected.mode = ExecutionMode::RejectedByUser;
        rejected.fallbackReason = "Rejected by the user";
        rejected.order.reset();
        d->recordThen(std::move(rejected), [](Decision) {});
    };
    return desk;
}

StrategyOrderDesk StrategyOrderDesk::ofTicket(ConfirmationQueue &queue, int ticketId) {
    QPointer<ConfirmationQueue> q(&queue);
    StrategyOrderDesk desk;
    // What the ticket asks for, as the dispatcher's proposal would carry it: the queue's proposal
    // with the quantity and net limit shown (the queue's confirm re-checks them on fresh quotes).
    desk.propose = [q, ticketId](const ManualStrategyOrder &o, DecisionCallback done) {
        const std::optional<Ticket> t = q ? q->ticket(ticketId) : std::nullopt;
        if (!t || !t->proposal.multiLeg) {
            Decision gone;
            gone.error = "The ticket is no longer waiting";
            gone.fallbackReason = gone.error;
            return done(std::move(gone));
        }
        Decision d = t->proposal;
        if (o.qty > 0)
            d.qty = o.qty;
        if (o.netLimit) {
            d.limitPrice = o.netLimit;
            d.multiLeg->limitPrice = o.netLimit;
        }
        d.multiLeg->limitTyped = o.netLimitTyped;
        d.multiLeg->precautionsOverridden = o.overridePrecautions;
        d.multiLeg->overriddenPrecautions = o.overriddenPrecautions.value_or(0);
        done(std::move(d));
    };
    desk.place = [q, ticketId](Decision shown, DecisionCallback done) {
        if (!q)
            return;
        TicketChanges changes;
        changes.qty = shown.qty;
        if (shown.multiLeg->limitTyped)
            changes.limitPrice = shown.limitPrice;
        changes.overridePrecautions = shown.multiLeg->precautionsOverridden;
        if (changes.overridePrecautions)
            changes.overriddenPrecautions = shown.multiLeg->overriddenPrecautions;
        q->confirm(ticketId, changes, [done = std::move(done)](TicketVerdict v) {
            if (v.kind == TicketVerdict::Kind::Hold) {
                // Nothing sent, nothing recorded: the ticket asks again with the reason.
                Decision held = std::move(v.decision);
                held.recordState = RecordState::NotRecorded;
                held.recordError.clear();
                held.error.clear();
                held.fallbackReason = v.why;
                held.order.reset();
                if (held.multiLeg && v.overridable)
                    held.multiLeg->precautionsTripped = true;
                return done(std::move(held));
            }
            done(std::move(v.decision)); // sent and recorded, or refused and recorded
        });
    };
    desk.reject = [q, ticketId](const Decision *) {
        if (q)
            q->reject(ticketId);
    };
    desk.waiting = [q, ticketId] { return q && q->ticket(ticketId).has_value(); };
    if (const std::optional<Ticket> t = queue.ticket(ticketId)) {
        desk.queuedAt = t->createdAt;
        desk.maxAgeSec = queue.ticketMaxAgeSec();
    }
    return desk;
}

StrategyTicketDialog::StrategyTicketDialog(models::TradingSession &session,
                                           ManualStrategyOrder order, StrategyOrderDesk desk,
                                           QWidget *parent)
    : TicketDialogBase(parent)
    , m_session(session)
    , m_order(std::move(order))
    , m_desk(std::move(desk)) {
    setObjectName(QStringLiteral("strategyTicketDialog"));
    setWindowTitle(tr("Multi-leg order ticket"));
    setModal(false);
    build();
    connect(&session, &models::TradingSession::killSwitchChanged, this, [this] {
        if (m_state == State::Waiting)
            updateFigures();
    });
    m_result->setText(tr("Asking the dispatcher for a proposal\u2026"));
    m_result->show();
    QPointer<StrategyTicketDialog> self(this);
    m_desk.propose(m_order, [self](Decision d) {
        if (self && self->m_state == State::Proposing)
            self->onProposal(std::move(d));
    });
}

StrategyTicketDialog::~StrategyTicketDialog() = default;

void StrategyTicketDialog::build() {
    const QString section = sectionStyle();
    auto *root = new QVBoxLayout(this);
    root->setSpacing(8);
    root->setContentsMargins(16, 14, 16, 12);

    m_title = makeTitle(QStringLiteral("strategyTicketTitle"));
    m_subtitle = new QLabel(this);
    m_subtitle->setObjectName(QStringLiteral("strategyTicketSubtitle"));
    m_subtitle->setWordWrap(true);
    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    if (m_desk.queuedAt) {
        m_countdown =
            new TicketCountdown(m_session.clock(), *m_desk.queuedAt, m_desk.maxAgeSec, this);
        header->addWidget(m_countdown);
    }
    root->addLayout(header);
    root->addWidget(m_subtitle);
    root->addWidget(makeRule());

    auto *legsBox = new QGroupBox(tr("Legs"), this);
    legsBox->setStyleSheet(section);
    auto *ll = new QVBoxLayout(legsBox);
    m_legs = new QTableWidget(0, 6, this);
    m_legs->setObjectName(QStringLiteral("strategyTicketLegs"));
    m_legs->setHorizontalHeaderLabels(
        {tr("Side"), tr("Ratio"), tr("Contract"), tr("Bid"), tr("Ask"), tr("Gates")});
    m_legs->verticalHeader()->hide();
    m_legs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_legs->setSelectionMode(QAbstractItemView::NoSelection);
    m_legs->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_legs->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_legs->verticalHeader()->setDefaultSectionSize(m_legs->fontMetrics().height() + 8);
    m_legs->setFixedHeight(m_legs->verticalHeader()->defaultSectionSize() * 4 +
                           m_legs->horizontalHeader()->sizeHint().height() + 6);
    ll->addWidget(m_legs);
    root->addWidget(legsBox);

    auto *columns = new QHBoxLayout;
    columns->setSpacing(12);
    auto *orderBox = new QGroupBox(tr("Order"), this);
    orderBox->setStyleSheet(section);
    auto *og = new QGridLayout(orderBox);
    og->setHorizontalSpacing(14);
    og->setVerticalSpacing(4);
    const int qtyRow = og->rowCount();
    og->addWidget(new QLabel(tr("Quantity (units)"), this), qtyRow, 0);
    m_qty = new QSpinBox(this);
    m_qty->setObjectName(QStringLiteral("strategyTicketQty"));
    m_qty->setKeyboardTracking(false);
    m_qty->setRange(1, 1'000'000);
    m_qty->setMinimumWidth(100);
    og->addWidget(m_qty, qtyRow, 1);
    m_qtyNote = new QLabel(this);
    m_qtyNote->setObjectName(QStringLiteral("strategyTicketQtyNote"));
    m_qtyNote->setWordWrap(true); // "capped by the contract limit" must not be cut off
    og->addWidget(m_qtyNote, qtyRow + 1, 0, 1, 3);
    const int limitRow = og->rowCount();
    og->addWidget(new QLabel(tr("Net limit (mid on the tick)"), this), limitRow, 0);
    m_limit = new TickSpinBox(this);
    m_limit->setObjectName(QStringLiteral("strategyTicketLimit"));
    m_limit->setPrefix(QStringLiteral("$"));
    m_limit->setMinimumWidth(100);
    og->addWidget(m_limit, limitRow, 1);
    auto *limitSide = new QHBoxLayout;
    m_direction = new QLabel(this);
    m_direction->setObjectName(QStringLiteral("strategyTicketDirection"));
    QFont bold = font();
    bold.setBold(true);
    m_direction->setFont(bold);
    m_mid = new QPushButton(tr("Mid"), this);
    m_mid->setObjectName(QStringLiteral("strategyTicketMid"));
    m_mid->setToolTip(tr("Back to the proposed net limit: the net mid on the tick"));
    m_mid->setAutoDefault(false);
    limitSide->addWidget(m_direction);
    limitSide->addSpacing(12); // "credit" stands apart from the button
    limitSide->addWidget(m_mid);
    limitSide->addStretch(1);
    og->addLayout(limitSide, limitRow, 2);
    m_net = addRow(og, tr("Net now"), QStringLiteral("strategyTicketNet"), Qt::AlignTop);
    m_total = addRow(og, tr("Order"), QStringLiteral("strategyTicketTotal"), Qt::AlignTop);
    QFont totalFont = font();
    totalFont.setBold(true);
    totalFont.setPointSizeF(totalFont.pointSizeF() * 1.1);
    m_total->setFont(totalFont);
    m_budget =
        addRow(og, tr("Risk against budget"), QStringLiteral("strategyTicketBudget"), Qt::AlignTop);
    og->setRowStretch(og->rowCount(), 1);
    columns->addWidget(orderBox, 3);

    auto *figBox = new QGroupBox(tr("Combination"), this);
    figBox->setStyleSheet(section);
    auto *fg = new QGridLayout(figBox);
    fg->setHorizontalSpacing(14);
    fg->setVerticalSpacing(4);
    m_combo = addRow(fg, tr("Combo gate"), QStringLiteral("strategyTicketCombo"), Qt::AlignTop);
    m_combo->setWordWrap(true);
    m_combo->setMinimumWidth(260);
    m_maxProfit =
        addRow(fg, tr("Max profit"), QStringLiteral("strategyTicketMaxProfit"), Qt::AlignTop);
    m_maxLoss = addRow(fg, tr("Max loss"), QStringLiteral("strategyTicketMaxLoss"), Qt::AlignTop);
    m_breakEvens =
        addRow(fg, tr("Break-evens"), QStringLiteral("strategyTicketBreakEvens"), Qt::AlignTop);
    m_pop =
        addRow(fg, tr("Probability of profit"), QStringLiteral("strategyTicketPop"), Qt::AlignTop);
    fg->setRowStretch(fg->rowCount(), 1);
    columns->addWidget(figBox, 2);
    root->addLayout(columns);

    m_warning = makeNote(QStringLiteral("strategyTicketWarning"));
    root->addWidget(m_warning);
    m_override = makeOverride(tr("Send anyway: I have checked the net limit and the risk"),
                              QStringLiteral("strategyTicketOverride"));
    root->addWidget(m_override);

    root->addWidget(makeHowTo(
        tr("Confirm has the dispatcher decide again with the quantity and net limit shown (the "
           "live quotes, every leg's gates, the combo gate, the risk limits and the kill switch) "
           "and sends that one mleg order to %1 only if nothing changed; otherwise nothing is "
           "sent and this ticket shows why. Reject, Esc or closing sends nothing.")
            .arg(QString::fromLatin1(toString(m_session.orderMode()).data())),
        QStringLiteral("strategyTicketHowTo")));
    root->addWidget(makeResultLine(QStringLiteral("strategyTicketResult")));

    auto *buttons = makeButtons(QStringLiteral("strategyTicketReject"),
                                QStringLiteral("strategyTicketConfirm"));
    connect(m_confirm, &QPushButton::clicked, this, &StrategyTicketDialog::confirm);
    connect(m_reject, &QPushButton::clicked, this, &StrategyTicketDialog::reject);
    root->addWidget(buttons);

    // An override is given for the figures the precautions held; other figures are checked
    // afresh at Confirm. Connected first: the figures after it see the override gone. On each
    // keystroke too: the boxes take a typed figure only when the edit ends (no keyboard
    // tracking, and no textChanged before then), and Confirm, greyed while the override waits
    // unticked, must come back as the trader types.
    const auto dropOverride = [this] {
        if (m_override->isHidden())
            return;
        m_override->setChecked(false);
        m_override->hide();
        updateFigures();
    };
    connect(m_qty, &QSpinBox::valueChanged, this, dropOverride);
    connect(m_limit, &QDoubleSpinBox::valueChanged, this, dropOverride);
    for (QAbstractSpinBox *box :
         {static_cast<QAbstractSpinBox *>(m_qty), static_cast<QAbstractSpinBox *>(m_limit)})
        if (auto *edit = box->findChild<QLineEdit *>())
            connect(edit, &QLineEdit::textEdited, this, dropOverride);
    connect(m_qty, &QSpinBox::valueChanged, this, &StrategyTicketDialog::updateFigures);
    connect(m_limit, &QDoubleSpinBox::valueChanged, this, &StrategyTicketDialog::updateFigures);
    connect(m_mid, &QPushButton::clicked, this, [this] { m_limit->setValue(m_proposedLimit); });
    connect(m_override, &QCheckBox::toggled, this, &StrategyTicketDialog::updateFigures);
    setWaiting(false);
    m_confirm->setEnabled(false);
    setMinimumWidth(1040);
    m_reject->setFocus();
}

double StrategyTicketDialog::shownNetLimit() const {
    return m_sign * m_limit->value();
}

void StrategyTicketDialog::setWaiting(bool waiting) {
    for (QWidget *w : std::initializer_list<QWidget *>{m_qty, m_limit, m_mid})
        w->setEnabled(waiting);
}

void StrategyTicketDialog::onProposal(Decision d) {
    m_proposal = std::make_unique<Decision>(std::move(d));
    const Decision &p = *m_proposal;
    const MultiLegStrategy &s = strategyOf(p, m_order);
    if (!s.legs.empty())
        m_limit->setOptionTicks(true, m_session.settings().tickTable(),
                                std::string(optionClass(s.legs.front().contract)));
    const double limit =
        p.limitPrice.value_or(p.multiLeg && p.multiLeg->limitPrice ? *p.multiLeg->limitPrice : 0.0);
    const double netMid = p.multiLeg && p.multiLeg->figures ? p.multiLeg->figures->netMid : limit;
    m_sign = (limit != 0.0 ? limit : netMid) < 0.0 ? -1.0 : 1.0;
    m_proposedLimit = std::abs(limit);
    m_proposedQty = p.qty > 0 ? p.qty : (p.multiLeg ? p.multiLeg->sizing.qty : 0);
    {
        const QSignalBlocker bq(m_qty);
        const QSignalBlocker bl(m_limit);
        m_qty->setValue(std::max(1, m_proposedQty));
        m_limit->setValue(m_proposedLimit);
    }
    showDecision(p);
    const QString refusal = refusalOf(p);
    // Held only by the fat-finger checks: the ticket waits for a deliberate "send anyway".
    const bool overridable = p.multiLeg && p.multiLeg->precautionsTripped && p.error.empty();
    m_override->setVisible(overridable);
    m_heldPrecautions = overridable ? p.multiLeg->precautionKinds : 0u;
    if (!refusal.isEmpty() && !overridable) {
        finish(State::Refused, tr("Not proposed: %1.").arg(refusal), Tone::Fail);
        Q_EMIT proposalArrived();
        return;
    }
    m_state = State::Waiting;
    if (overridable) {
        m_result->setText(tr("Held by the fat-finger checks: %1").arg(refusal));
        m_result->show();
    } else {
        m_result->hide();
    }
    setWaiting(true);
    updateFigures();
    adjustSize();
    Q_EMIT proposalArrived();
}

void StrategyTicketDialog::showDecision(const Decision &d) {
    if (d.multiLeg && d.multiLeg->intentsChosen && d.multiLeg->strategy)
        m_shownIntents = legIntents(*d.multiLeg->strategy);
    const ChainColors colors = ChainColors::forPalette(palette());
    const MultiLegStrategy &s = strategyOf(d, m_order);
    m_title->setText(tr("%1 %2").arg(models::strategyTitle(s.kind).toUpper(), qs(s.underlying)));
    m_subtitle->setText(s.explanation.empty() ? tr("Legs built by hand on %1").arg(qs(s.underlying))
                                              : qs(s.explanation));
    m_legs->setRowCount(static_cast<int>(s.legs.size()));
    const std::vector<GateReport> *gates =
        d.multiLeg && d.multiLeg->legGates.size() == s.legs.size() ? &d.multiLeg->legGates
                                                                   : nullptr;
    for (int row = 0; row < static_cast<int>(s.legs.size()); ++row) {
        const StrategyLeg &leg = s.legs[static_cast<std::size_t>(row)];
        const auto item = [this, row](int col, const QString &text) {
            auto *it = new QTableWidgetItem(text);
            if (col >= 3 && col <= 4)
                it->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_legs->setItem(row, col, it);
            return it;
        };
        // The intents are known once the positions were read; a decision held before that
        // (a leg's gate, a stale quote) says only buy or sell, not "to open" for want of knowing.
        const bool intentKnown = d.multiLeg && d.multiLeg->intentsChosen;
        QTableWidgetItem *side = item(0, intentKnown ? models::intentText(leg.intent)
                                         : leg.side == OrderSide::Buy ? tr("Buy")
                                                                      : tr("Sell"));
        side->setForeground(leg.side == OrderSide::Buy ? colors.pass : colors.fail);
        item(1, QString::number(leg.ratio));
        item(2, legContract(leg.contract))->setToolTip(qs(leg.contract.symbol));
        item(3, leg.contract.quote ? models::priceText(leg.contract.quote->bid) : QString());
        item(4, leg.contract.quote ? models::priceText(leg.contract.quote->ask) : QString());
        if (gates) {
            const GateReport &g = (*gates)[static_cast<std::size_t>(row)];
            // The gates that fail, by name (one colour for a row of five marks read as all
            // failing); every reason on hover.
            // Which failed gates hold the leg is the dispatcher's rule (legGateHolds): the
            // others are a warning that says so. A short bought back needs only an ask
            // (closesOnAskAlone), once the positions told the leg closes.
            const bool askAlone = intentKnown && !m_order.allGates &&
                                  closesOnAskAlone(leg.intent, leg.contract.quote);
            QStringList failing;
            QStringList reasons;
            bool holds = false;
            bool quoteExcused = false;
            for (const GateResult &r : g.gates) {
                if (!r.pass) {
                    failing << models::gateName(r.id);
                    quoteExcused = quoteExcused || (askAlone && r.id == GateId::QuoteValid);
                    holds = holds || legGateHolds(r.id, m_order.allGates, askAlone);
                }
                reasons << QStringLiteral("%1 %2: %3")
                               .arg(r.pass ? QStringLiteral("\u2714") : QStringLiteral("\u2718"),
                                    models::gateName(r.id), qs(r.reason()));
            }
            QString text = tr("\u2714 all five");
            if (!failing.isEmpty())
                text = QStringLiteral("\u2718 ") + failing.join(QStringLiteral(", ")) +
                       (holds ? QString()
                        : quoteExcused && failing.size() > 1
                            ? tr(" (an ask is enough to buy a short back; the others are not "
                                 "required for a trade by hand)")
                        : quoteExcused ? tr(" (an ask is enough to buy a short back)")
                                       : tr(" (not required for a trade by hand)"));
            QTableWidgetItem *it = item(5, text);
            it->setForeground(failing.isEmpty() ? colors.pass
                              : holds           ? colors.fail
                                                : colors.warning);
            it->setToolTip(reasons.join(QLatin1Char('\n')));
        } else {
            item(5, QStringLiteral("\u2013"));
        }
    }
    if (!d.multiLeg) {
        for (QLabel *l : {m_combo, m_maxProfit, m_maxLoss, m_breakEvens, m_pop, m_net})
            l->setText(QStringLiteral("\u2014"));
        return;
    }
    const StrategyDecision &m = *d.multiLeg;
    // Every leg closing: the figures price the legs as opened, and nothing is sized to a budget.
    const bool closes = legIntentMix(s) == LegIntentMix::Closing;
    const QString asOpened = closes ? tr(" if opened (this order closes)") : QString();
    QPalette cp = m_combo->palette();
    cp.setColor(QPalette::WindowText, m.combo.pass ? colors.pass : colors.fail);
    m_combo->setPalette(cp);
    m_combo->setText((m.combo.pass ? QStringLiteral("\u2714 ") : QStringLiteral("\u2718 ")) +
                     qs(m.combo.reason));
    if (m.figures) {
        const StrategyFigures &f = *m.figures;
        const double mult = f.multiplier;
        m_net->setText(tr("mid %1 \u00b7 natural %2 \u00b7 spread %3")
                           .arg(netPriceText(f.netMid), netPriceText(f.netNatural),
                                models::fixedText(f.combinedSpread, 2)));
        if (f.valued()) {
            m_maxProfit->setText((f.maxProfit
                                      ? tr("%1 per unit").arg(moneyText(*f.maxProfit * mult))
                                      : tr("unlimited")) +
                                 asOpened);
            m_maxLoss->setText((f.maxLoss ? tr("%1 per unit").arg(moneyText(*f.maxLoss * mult))
                                : closes  ? tr("unlimited")
                                          : tr("unlimited (sized by buying power)")) +
                               asOpened);
            QStringList be;
            for (double x : f.breakEvens)
                be << models::fixedText(x, 2);
            m_breakEvens->setText(be.isEmpty() ? tr("none") : be.join(QStringLiteral(", ")));
        } else { // priced only (a leg without IV): enough to close
            for (QLabel *l : {m_maxProfit, m_maxLoss, m_breakEvens})
                l->setText(tr("unknown (a leg has no IV)"));
        }
        for (QLabel *l : {m_maxProfit, m_maxLoss, m_breakEvens})
            l->setToolTip(qs(f.notValued));
        m_pop->setText(f.probabilityOfProfit
                           ? models::percentText(*f.probabilityOfProfit * 100.0, 1)
                           : tr("unknown"));
    }
    const StrategySizingResult &z = m.sizing;
    if (closes && z.qty > 0)
        m_qtyNote->setText(tr("A close: no budget applies"));
    else if (z.qty > 0)
        m_qtyNote->setText(
            z.byBuyingPower
                ? tr("Sized by buying power: %1 units at %2 each%3")
                      .arg(z.qty)
                      .arg(moneyText(z.riskPerUnit))
                      .arg(z.cappedByMaxContracts ? tr(", capped by the contract limit")
                                                  : QString())
                : tr("Sized by max loss: floor(%1 budget / %2 max loss per unit) = %3%4")
                      .arg(moneyText(m.budget), moneyText(z.riskPerUnit))
                      .arg(z.riskPerUnit > 0.0
                               ? static_cast<qint64>(std::floor(m.budget / z.riskPerUnit + 1e-9))
                               : static_cast<qint64>(z.qty))
                      .arg(z.cappedByBuyingPower ? tr(", capped to %1 by buying power").arg(z.qty)
                           : z.cappedByMaxContracts
                               ? tr(", capped to %1 by the contract limit").arg(z.qty)
                               : QString()));
    else
        m_qtyNote->setText(qs(z.reason));
}

void StrategyTicketDialog::updateFigures() {
    if (!m_proposal)
        return;
    const Decision &d = *m_proposal;
    const MultiLegStrategy &s = strategyOf(d, m_order);
    const int qty = m_qty->value();
    const double net = shownNetLimit();
    const double mult = strategyMultiplier(s);
    m_direction->setText(m_sign < 0 ? tr("credit") : tr("debit"));
    m_title->setText(tr("%1 %2 \u00d7 %3")
                         .arg(models::strategyTitle(s.kind).toUpper(), qs(s.underlying))
                         .arg(qty));
    m_total->setText(m_sign < 0 ? tr("receive %1 (%2 \u00d7 %3 \u00d7 %4)")
                                      .arg(moneyText(std::abs(net) * mult * qty))
                                      .arg(qty)
                                      .arg(models::fixedText(std::abs(net), 2))
                                      .arg(models::fixedText(mult, 0))
                                : tr("pay %1 (%2 \u00d7 %3 \u00d7 %4)")
                                      .arg(moneyText(std::abs(net) * mult * qty))
                                      .arg(qty)
                                      .arg(models::fixedText(std::abs(net), 2))
                                      .arg(models::fixedText(mult, 0)));
    QStringList warnings;
    // The intents last shown (a hold for changed positions shows new ones), else the proposal's.
    const bool closes =
        m_shownIntents && !m_shownIntents->empty()
            ? std::none_of(m_shownIntents->begin(), m_shownIntents->end(), isOpening)
            : legIntentMix(s) == LegIntentMix::Closing;
    if (d.multiLeg && d.multiLeg->figures) {
        const StrategyFigures &f = *d.multiLeg->figures;
        // Max loss at the limit shown: the figures are at the mid; a better limit lowers it.
        if (closes) {
            m_budget->setText(tr("none: every leg closes a position held"));
        } else if (!f.valued()) {
            m_budget->setText(tr("unknown (a leg has no IV): these legs can close, not open"));
        } else if (f.maxLoss) {
            const double lossAtLimit = (*f.maxLoss + (net - f.netMid)) * mult;
            const double total = lossAtLimit * qty;
            m_budget->setText(tr("max loss %1 \u00d7 %2 = %3 of budget %4")
                                  .arg(moneyText(lossAtLimit))
                                  .arg(qty)
                                  .arg(moneyText(total), moneyText(d.multiLeg->budget)));
            if (d.multiLeg->budget > 0.0 && total > d.multiLeg->budget + 1e-6)
                warnings << tr("The max loss %1 is above the budget %2: the dispatcher will "
                               "refuse it unless the quantity comes down.")
                                .arg(moneyText(total), moneyText(d.multiLeg->budget));
        } else {
            m_budget->setText(tr("undefined risk: sized by buying power, budget %1")
                                  .arg(moneyText(d.multiLeg->budget)));
        }
        // Signed, the natural is never better than the mid: a limit above it crosses the market
        // (pays more than the natural debit, or takes less than the natural credit).
        if (net > f.netNatural + 1e-9)
            warnings << tr("The net limit %1 is through the natural price %2.")
                            .arg(netPriceText(net), netPriceText(f.netNatural));
    }
    if (m_session.killSwitchEngaged())
        warnings << tr("The kill switch is on: no order is sent until it is released.");
    const ChainColors colors = ChainColors::forPalette(palette());
    QPalette wp = m_warning->palette();
    wp.setColor(QPalette::WindowText, colors.warning);
    m_warning->setPalette(wp);
    m_warning->setText(warnings.join(QLatin1Char('\n')));
    m_warning->setVisible(!warnings.isEmpty());
    m_confirm->setEnabled(m_state == State::Waiting && !m_session.killSwitchEngaged() &&
                          (m_override->isHidden() || m_override->isChecked()));
}

void StrategyTicketDialog::confirm() {
    if (m_state != State::Waiting || !m_proposal)
        return;
    if (m_desk.waiting && !m_desk.waiting())
        return expired();
    m_qty->interpretText(); // a quantity typed without Enter is the one shown
    if (confirmOffTick({{m_limit, tr("net limit")}}))
        return; // the price on the tick is shown now: the next Confirm sends it
    if (m_session.killSwitchEngaged() || (!m_override->isHidden() && !m_override->isChecked())) {
        updateFigures();
        return;
    }
    m_state = State::Confirming;
    setWaiting(false);
    m_confirm->setEnabled(false);
    m_reject->setEnabled(false);
    m_result->setText(tr("Re-checking the quotes, the gates and the limits\u2026"));
    m_result->show();
    // The dispatcher decides again with exactly what is shown; that decision is what is sent.
    ManualStrategyOrder again = m_order;
    again.shownIntents = m_shownIntents;
    again.qty = m_qty->value();
    again.netLimit = shownNetLimit();
    // The proposal's own limit shown back is not the trader's: the re-check moves it with the
    // market (a ticket confirmed long after it was shown is held with a new mid).
    again.netLimitTyped =
        !m_proposal->limitPrice || std::abs(*again.netLimit - *m_proposal->limitPrice) > 1e-9;
    again.overridePrecautions = !m_override->isHidden() && m_override->isChecked();
    if (again.overridePrecautions) // those the hold named, no other
        again.overriddenPrecautions = m_heldPrecautions;
    const int shownQty = again.qty;
    const double shownLimit = *again.netLimit;
    m_sentLimit = shownLimit;
    QPointer<StrategyTicketDialog> self(this);
    m_desk.propose(again, [self, shownQty, shownLimit](Decision d) {
        if (!self || self->m_state != State::Confirming)
            return;
        QString why = refusalOf(d);
        const double limit = d.limitPrice.value_or(0.0);
        if (why.isEmpty() && (d.qty != shownQty || std::abs(limit - shownLimit) > 1e-9))
            why = tr("the dispatcher now proposes %1 \u00d7 %2, not the %3 \u00d7 %4 shown")
                      .arg(d.qty)
                      .arg(netPriceText(limit))
                      .arg(shownQty)
                      .arg(netPriceText(shownLimit));
        // Nothing sent; when the typed figures tripped the precautions, the override is the
        // second step.
        if (!why.isEmpty())
            return self->askAgain(d, why, d.multiLeg && d.multiLeg->precautionsTripped);
        self->m_desk.place(std::move(d), [self](Decision placed) {
            if (!self || self->m_state != State::Confirming)
                return;
            self->m_sent = std::make_unique<Decision>(placed);
            if (placed.sentStateUnknown()) {
                const QString what =
                    tr("%1 \u00d7 %2 at a net %3")
                        .arg(models::strategyTitle(strategyOf(placed, self->m_order).kind))
                        .arg(placed.qty)
                        .arg(netPriceText(placed.limitPrice.value_or(0.0)));
                self->finish(State::Sent,
                             unknownStateText(what, qs(placed.error), strategyRecordText(placed)),
                             Tone::Warning);
            } else if (placed.placesOrder() && placed.error.empty()) {
                QString text =
                    tr("Order sent: %1 \u00d7 %2 at a net %3")
                        .arg(models::strategyTitle(strategyOf(placed, self->m_order).kind))
                        .arg(placed.qty)
                        .arg(netPriceText(placed.limitPrice.value_or(0.0)));
                if (!placed.orderId.empty())
                    text += tr(" \u00b7 order %1").arg(qs(placed.orderId).left(13));
                if (!placed.orderStatus.empty())
                    text += tr(" \u00b7 %1").arg(qs(placed.orderStatus));
                text += strategyRecordText(placed);
                self->finish(State::Sent, text,
                             placed.recordState == RecordState::Recorded ? Tone::Pass
                                                                         : Tone::Warning);
            } else if (placed.recordState == RecordState::NotRecorded &&
                       placed.recordError.empty() && placed.error.empty()) {
                // Held at the re-check (the market left the limit, or a precaution the
                // override was not given for): nothing sent, nothing recorded.
                self->askAgain(placed, refusalOf(placed),
                               placed.multiLeg && placed.multiLeg->precautionsTripped);
            } else {
                self->finish(
                    State::Refused,
                    tr("Not sent: %1.%2").arg(refusalOf(placed), strategyRecordText(placed)),
                    Tone::Fail);
            }
        });
    });
}

void StrategyTicketDialog::reject() {
    if (m_state == State::Confirming)
        return; // the answer is on its way: the trader sees it first
    if ((m_state == State::Waiting || m_state == State::Proposing) && m_desk.waiting &&
        !m_desk.waiting()) {
        expired(); // recorded as expired already, not as the trader's rejection
    } else if (m_state == State::Waiting || m_state == State::Proposing) {
        if (m_desk.reject)
            m_desk.reject(m_proposal.get());
        finish(State::Rejected, tr("Rejected: no order sent."), Tone::Plain);
    }
    QDialog::reject();
}

void StrategyTicketDialog::expired() {
    if (m_state != State::Waiting && m_state != State::Proposing)
        return;
    m_expired = true;
    finish(State::Refused,
           tr("The ticket expired (it waited past its maximum age) or was settled elsewhere; no "
              "order sent."),
           Tone::Plain);
}

void StrategyTicketDialog::askAgain(const Decision &refreshed, const QString &why,
                                    bool offerOverride) {
    m_state = State::Waiting;
    // The re-check proposed a new limit (the market left the one shown): it is the ticket's
    // proposal now, shown in the box and restored by Mid, so that the next Confirm sends it
    // rather than the old one again.
    if (refreshed.limitPrice && m_proposal &&
        std::abs(*refreshed.limitPrice - m_sentLimit) > 1e-9) {
        m_proposal->limitPrice = refreshed.limitPrice;
        if (m_proposal->multiLeg)
            m_proposal->multiLeg->limitPrice = refreshed.limitPrice;
        m_proposedLimit = std::abs(*refreshed.limitPrice);
        const QSignalBlocker blocked(m_limit);
        m_limit->setValue(m_proposedLimit);
    }
    if (refreshed.multiLeg)
        showDecision(refreshed);
    // The override is offered afresh for the precautions this hold names, unticked: it never
    // carries over to figures the trader has not seen held.
    m_override->setChecked(false);
    m_override->setVisible(offerOverride);
    m_heldPrecautions =
        offerOverride && refreshed.multiLeg ? refreshed.multiLeg->precautionKinds : 0u;
    setWaiting(true);
    m_reject->setEnabled(true);
    showResult(tr("Not sent. %1.").arg(why), Tone::Warning);
    updateFigures();
}

QLabel *StrategyTicketDialog::countdownLabel() const {
    return m_countdown ? m_countdown->label() : nullptr;
}

void StrategyTicketDialog::finish(State state, const QString &text, Tone tone) {
    m_state = state;
    if (m_countdown)
        m_countdown->stop(m_expired && m_countdown->elapsed() ? tr("Expired") : QString());
    setWaiting(false);
    showFinished(text, tone);
    Q_EMIT ticketFinished(state);
}

} // namespace cg::ui
