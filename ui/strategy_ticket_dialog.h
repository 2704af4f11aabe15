#pragma once
// The multi-leg ticket: what the dispatcher proposes for the builder's legs
// (Dispatcher::proposeManualStrategy: every leg through the five gates, the combination through
// its natural-to-mid gate, qty sized by max loss for defined risk or by buying power otherwise,
// a net limit on the tick, fat-finger and risk limits, the kill switch), with Confirm and Reject,
// under the single ticket's rules: the figures shown are the ones sent; Confirm re-checks (the
// dispatcher decides again with exactly the quantity and net limit shown) and sends only when
// that decision stands, else nothing is sent and the ticket shows what changed and asks again;
// a refusal is shown as the dispatcher gives it. Enter never sends; Esc, Reject and closing
// reject.

#include "dispatch/decision_pipeline.h"
#include "dispatch/manual_strategy.h"

#include "ui/ticket_dialog_base.h"

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace cg {
class ConfirmationQueue;
class Dispatcher;
struct Decision;
} // namespace cg
namespace cg::models {
class TradingSession;
}

namespace cg::ui {

class TicketCountdown;
class TickSpinBox;

// Where the ticket asks: the dispatcher's two calls (tests put a fake desk here).
struct StrategyOrderDesk {
    std::function<void(const ManualStrategyOrder &, DecisionCallback)> propose;
    std::function<void(Decision, DecisionCallback)> place;
    // Reject and close with the proposal shown (nullptr while proposing): the desk records it as
    // REJECTED_BY_USER. Optional.
    std::function<void(const Decision *proposal)> reject;
    // False once the desk's ticket is gone (expired or settled elsewhere): nothing more can be
    // sent or rejected from this dialog. Optional (always waiting).
    std::function<bool()> waiting;
    // A queued ticket's age: when it was queued and how long the queue keeps it (the ticket then
    // counts down as the single one does). Unset for a ticket that does not expire.
    std::optional<Timestamp> queuedAt;
    int maxAgeSec = 0;
    static StrategyOrderDesk of(Dispatcher &dispatcher);
    // A multi-leg signal's ticket waiting in the confirmation queue: its proposal is the one
    // shown, Confirm is the queue's (the re-check, the send and the signal's record), Reject
    // records REJECTED_BY_USER.
    static StrategyOrderDesk ofTicket(ConfirmationQueue &queue, int ticketId);
};

class StrategyTicketDialog : public TicketDialogBase {
    Q_OBJECT
public:
    enum class State { Proposing, Waiting, Confirming, Sent, Refused, Rejected };

    // Asks `desk` for a proposal at once. The session gives the kill switch, the tick table and
    // the order mode; it must outlive the dialog.
    StrategyTicketDialog(models::TradingSession &session, ManualStrategyOrder order,
                         StrategyOrderDesk desk, QWidget *parent = nullptr);
    ~StrategyTicketDialog() override;

    State state() const { return m_state; }
    const Decision *proposal() const { return m_proposal.get(); }
    // The dispatcher's answer to the order sent (after Confirm), or nullptr.
    const Decision *sent() const { return m_sent.get(); }
    QSpinBox *quantityBox() const { return m_qty; }
    TickSpinBox *limitBox() const { return m_limit; }
    QLabel *directionLabel() const { return m_direction; }
    QTableWidget *legsTable() const { return m_legs; }
    QPushButton *confirmButton() const { return m_confirm; }
    QPushButton *rejectButton() const { return m_reject; }
    QLabel *resultLabel() const { return m_result; }
    // "Send anyway": shown when only the fat-finger checks hold the order.
    QCheckBox *overrideBox() const { return m_override; }
    QLabel *warningLabel() const { return m_warning; }
    QLabel *titleLabel() const { return m_title; }
    // "Expires in 1:23" for a queued ticket (StrategyOrderDesk::queuedAt); nullptr otherwise.
    QLabel *countdownLabel() const;
    // The net limit as sent: Alpaca's sign, a debit positive, a credit negative.
    double shownNetLimit() const;

    void confirm();
    void reject() override;
    // The desk's ticket expired (a signal's, at the queue's maximum age): nothing can be sent.
    void expired();

Q_SIGNALS:
    // The dispatcher's proposal is shown (or its refusal).
    void proposalArrived();
    void ticketFinished(cg::ui::StrategyTicketDialog::State state);

private:
    void build();
    void onProposal(Decision d);
    void showDecision(const Decision &d);
    void updateFigures();
    void setWaiting(bool waiting);
    void finish(State state, const QString &text, Tone tone);
    // Nothing was sent at the re-check: the refreshed decision is shown and the trader asked
    // again, with the override offered when the fat-finger checks held it.
    void askAgain(const Decision &refreshed, const QString &why, bool offerOverride);

    models::TradingSession &m_session;
    ManualStrategyOrder m_order;
    StrategyOrderDesk m_desk;
    State m_state = State::Proposing;
    std::unique_ptr<Decision> m_proposal;
    std::unique_ptr<Decision> m_sent;
    int m_proposedQty = 0;
    double m_proposedLimit = 0.0;   // absolute
    double m_sentLimit = 0.0;       // signed: the net limit the last Confirm re-checked
    double m_sign = 1.0;            // +1 debit, -1 credit
    unsigned m_heldPrecautions = 0; // the last hold's precautions: what an override is for
    // The legs' intents last shown from the positions read: what Confirm asks the dispatcher to
    // find again (a hold for changed positions shows the new ones, confirmed next).
    std::optional<std::vector<PositionIntent>> m_shownIntents;

    TicketCountdown *m_countdown = nullptr;
    bool m_expired = false; // expired() (or settled elsewhere): past its age, the countdown says so
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QTableWidget *m_legs = nullptr;
    QSpinBox *m_qty = nullptr;
    QLabel *m_qtyNote = nullptr;
    TickSpinBox *m_limit = nullptr;
    QLabel *m_direction = nullptr;
    QPushButton *m_mid = nullptr;
    QLabel *m_net = nullptr;
    QLabel *m_combo = nullptr;
    QLabel *m_maxProfit = nullptr;
    QLabel *m_maxLoss = nullptr;
    QLabel *m_breakEvens = nullptr;
    QLabel *m_pop = nullptr;
    QLabel *m_budget = nullptr;
    QLabel *m_total = nullptr;
    QLabel *m_warning = nullptr;
    QCheckBox *m_override = nullptr;
};

} // namespace cg::ui
