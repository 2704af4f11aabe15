#pragma once
// The order ticket of manual mode: what the dispatcher proposes for one signal (contract, side,
// quantity, limit, cost against equity and the strategy's budget, the five gates, greeks, days
// to expiry, the underlying price used), with Confirm and Reject. The quote, mid, cost and the
// fat-finger precautions follow the market while the ticket is open. What the ticket shows is
// what Confirm sends: when the re-check finds the market moved or a limit or precaution trips,
// nothing is sent and the ticket refreshes in place, says what changed and asks again (a
// precaution alone can be overridden with a deliberate tick). Enter in a field never rejects or
// confirms; Esc, Reject and closing reject. The ticket expires after the configured age; the
// countdown is visible.

#include "domain/quote.h"
#include "models/ticket_live_quote.h"

#include "ui/ticket_dialog_base.h"

#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>
#include <string>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace cg {
struct Decision;
} // namespace cg
namespace cg::models {
class TradingSession;
}

namespace cg::ui {

class TicketCountdown;
class TickSpinBox;

class TicketDialog : public TicketDialogBase {
    Q_OBJECT
public:
    enum class State { Waiting, Confirming, Sent, Refused, Rejected, Expired, Gone };

    TicketDialog(models::TradingSession &session, int ticketId, QWidget *parent = nullptr);
    ~TicketDialog() override;

    int ticketId() const { return m_ticketId; }
    State state() const { return m_state; }
    // The contract the trader had selected (Ctrl+T); a note shows when the strategy picked
    // another one.
    void setRequestedContract(const QString &occSymbol);

    QSpinBox *quantityBox() const { return m_qty; }
    TickSpinBox *limitBox() const { return m_limit; }
    // Alpaca's order types and times in force; the stop price shows for stop and stop_limit.
    QComboBox *typeBox() const { return m_type; }
    QComboBox *timeInForceBox() const { return m_tif; }
    TickSpinBox *stopBox() const { return m_stop; }
    QLabel *costNameLabel() const { return m_costName; }
    QPushButton *confirmButton() const { return m_confirm; }
    QPushButton *rejectButton() const { return m_reject; }
    QLabel *resultLabel() const { return m_result; }
    QLabel *countdownLabel() const;
    QLabel *costLabel() const { return m_cost; }
    QLabel *quoteLabel() const { return m_quote; }
    QLabel *warningLabel() const { return m_warning; }
    QCheckBox *overrideBox() const { return m_override; }

    void confirm();
    void rejectTicket();

    // Closing or Escape while the ticket waits rejects it: no order without a Confirm.
    void reject() override;

Q_SIGNALS:
    void ticketFinished(cg::ui::TicketDialog::State state);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void build(const Decision &d);
    // Keeps the room the warning needs at its width (only ever more).
    void fitWarning();
    void showDecision(const Decision &d, bool fresh);
    // "SELL 5 x SPY Dec 8 '26 700 Call": the ticket's side and the quantity in its box (asked,
    // or sent), since a refused decision carries no order to read them from.
    void showTitle(const Decision &d);
    void updateFigures();
    void finish(State state, const QString &text, Tone tone);
    void onOrderUpdated(const QString &clientOrderId, const QString &status, double fill);
    void onHeld(const Decision &refreshed, const QString &why, bool overridable, bool quantitySet);
    // "Confirm order", or "Confirm again" once a hold asked the trader to.
    QString confirmText() const;
    // The live quote: polled from the same source the re-check reads, so the ticket shows what
    // Confirm will see.
    void pollQuote();
    void onLiveQuote(const Decision &live);
    // The type chosen: the limit and stop fields follow it.
    void onTypeChanged();
    // Mid, Bid and Ask: on for a waiting limit ticket, each where the quote shown has its price
    // (no bid, no mid), its tooltip saying why when off.
    void updatePriceButtons();
    // Every control that changes the price or the quantity: frozen while Confirm runs and once
    // the ticket is finished, so it keeps showing what was sent.
    QList<QWidget *> orderControls() const;
    // Where the limit shown came from, named beside it: the proposal ("Limit (mid rounded to
    // tick)"), the Bid or Ask button, or the trader's typing ("Limit (typed)").
    enum class LimitOrigin { Proposal, Mid, Bid, Ask, Typed };
    void setLimitFrom(LimitOrigin origin, double limit);
    void showLimitName();
    // The limit's name: where its price came from and, once the live quote has moved, where
    // that price is now ("Limit (the bid, now $0.56)") or that it is gone ("..., no bid now").
    enum class PriceNow { Same, Moved, Gone };
    static QString limitName(LimitChoice choice, PriceNow now, double price = 0.0);
    // The live quote's price for a limit choice (the bid, the ask, the mid on the tick), or why
    // there is none, in a trader's words for a button's tooltip.
    models::LivePrice livePrice(LimitChoice choice) const;
    static QString whyNoPrice(LimitChoice choice, models::QuoteGap gap);
    // The proposal's limit named by where it came from (a manual ticket may open at the bid).
    QString proposedLimitName(const Decision &d) const;
    bool waiting() const { return m_state == State::Waiting; }
    int chosenType() const; // an OrderType
    // The price the order is costed at: the limit, or the bid/ask (a stop's price if worse).
    double costPrice() const;

    models::TradingSession &m_session;
    int m_ticketId;
    State m_state = State::Waiting;
    Timestamp m_createdAt{};
    int m_maxAgeSec = 0;
    double m_proposedLimit = 0.0;
    int m_proposedQty = 0;
    bool m_held = false; // a confirmation was held: the ticket asks again
    std::string m_clientOrderId;
    std::unique_ptr<Decision> m_proposal;
    // The ticket's side as proposed ("Sell to close"), kept when a refusal drops the order.
    bool m_sells = false;
    QString m_sideText;

    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QLabel *m_note = nullptr;
    TicketCountdown *m_countdown = nullptr;
    QLabel *m_contract = nullptr;
    QLabel *m_expiry = nullptr;
    QLabel *m_underlying = nullptr;
    QLabel *m_target = nullptr;
    QLabel *m_quote = nullptr;
    QLabel *m_side = nullptr;
    QSpinBox *m_qty = nullptr;
    QLabel *m_qtyLimit = nullptr;
    QLabel *m_limitName = nullptr;
    QString m_proposedLimitName;
    LimitOrigin m_limitOrigin = LimitOrigin::Proposal;
    bool m_settingLimit = false; // a button sets the limit, not the trader's typing
    TickSpinBox *m_limit = nullptr;
    unsigned m_heldPrecautions = 0; // the last hold's precautions: what an override is for
    QPushButton *m_mid = nullptr;
    QPushButton *m_bid = nullptr; // options only
    QPushButton *m_ask = nullptr;
    QComboBox *m_type = nullptr;
    QComboBox *m_tif = nullptr;
    QLabel *m_stopName = nullptr;
    TickSpinBox *m_stop = nullptr;
    QLabel *m_costName = nullptr;
    QLabel *m_cost = nullptr;
    QLabel *m_pctEquity = nullptr;
    QLabel *m_pctBudget = nullptr;
    QProgressBar *m_budgetBar = nullptr;
    QLabel *m_power = nullptr;
    QLabel *m_powerName = nullptr; // "Options buying power"; "Equity" on a stock's ticket
    QLabel *m_warning = nullptr;
    QLabel *m_gateMarks[5] = {};
    QLabel *m_gateReasons[5] = {};
    QLabel *m_greeks = nullptr;
    QCheckBox *m_override = nullptr;
    QTimer m_livePoll;
    bool m_polling = false;
};

} // namespace cg::ui
