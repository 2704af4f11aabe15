// The multi-leg ticket end to end (issue 19): the Strategy builder over the real window, the real
// dispatcher and the fake Alpaca server. A call spread of two contracts that pass every gate is
// proposed by Dispatcher::proposeManualStrategy; Confirm sends one mleg order whose quantity and
// net limit are the ones the ticket showed. Skipped while the dispatcher still answers with its
// placeholder ("not available yet"), i.e. before the multi-leg dispatcher is merged.

#include "dispatch/confirmation_queue.h"
#include "dispatch/decision.h"
#include "models/chain_session.h"
#include "models/strategy_builder_model.h"
#include "models/trading_session.h"
#include "storage/execution_store.h"
#include "support/paper_window.h"
#include "ui/strategy_dock.h"
#include "ui/strategy_ticket_dialog.h"
#include "ui/tick_spin_box.h"

#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace cg;
using namespace cg::models;
using namespace cg::ui;
using namespace std::chrono;

namespace {

// 2026-01-28 10:30 New York, a Wednesday: the market is open.
Timestamp seedNow() {
    return time_point_cast<milliseconds>(sys_days{2026y / January / 28} + 15h + 30min);
}

constexpr int kWait = 20000;

// `symbol`'s chain loaded in the window, and the calls of the expiry shown that pass all five
// gates and have a quote, by strike; empty when the chain does not load.
std::vector<const ChainEntry *> tradeableCalls(test::PaperWindow &pw, const QString &symbol) {
    pw.window->openSymbol(symbol);
    std::vector<const ChainEntry *> calls;
    if (!QTest::qWaitFor(
            [&] { return pw.chain->state() == ChainSession::State::Loaded && !pw.chain->isBusy(); },
            kWait))
        return calls;
    for (const ChainEntry &e : pw.chain->shownEntries())
        if (e.contract.type == OptionType::Call && e.gates.tradeable() && e.contract.quote)
            calls.push_back(&e);
    std::sort(calls.begin(), calls.end(), [](const ChainEntry *a, const ChainEntry *b) {
        return a->contract.strike < b->contract.strike;
    });
    return calls;
}

// A NEUTRAL iron_condor signal queued and dispatched in Confirm mode: its multi-leg ticket once
// proposed (nullptr when none opened); `signalId` gets the signal's id.
StrategyTicketDialog *condorSignalTicket(test::PaperWindow &pw, qint64 *signalId = nullptr) {
    Result<qint64> id = Error::make("no answer");
    pw.session->addSignal(QStringLiteral("SPY"), SignalAction::Neutral, Strategy::DayTrade,
                          StrategyTemplate::IronCondor,
                          [&id](Result<qint64> r) { id = std::move(r); });
    if (!QTest::qWaitFor([&] { return id.ok(); }, kWait) || !pw.session->dispatchSignal(*id).ok())
        return nullptr;
    StrategyTicketDialog *t = nullptr;
    if (!QTest::qWaitFor(
            [&] {
                t = pw.window->findChild<StrategyTicketDialog *>();
                return t && t->state() != StrategyTicketDialog::State::Proposing;
            },
            kWait))
        return nullptr;
    if (signalId)
        *signalId = *id;
    return t;
}

// A call spread in the builder: two calls at or above the money that pass all five gates, the
// lower bought; false when the chain has no such pair.
bool addCallSpread(test::PaperWindow &pw, const StrategyDock &dock) {
    std::vector<const ChainEntry *> calls = tradeableCalls(pw, QStringLiteral("SPY"));
    std::erase_if(calls, [&](const ChainEntry *e) {
        return e->contract.strike < pw.chain->underlyingPrice();
    });
    return calls.size() >= 2 &&
           dock.model->addLeg(QString::fromStdString(calls[0]->contract.symbol), OrderSide::Buy)
               .ok() &&
           dock.model->addLeg(QString::fromStdString(calls[1]->contract.symbol), OrderSide::Sell)
               .ok();
}

// The order a ticket sent, as the DEMO server has it now (an error when it does not answer).
Result<Order> sentOrder(test::PaperWindow &pw, const StrategyTicketDialog &t) {
    std::optional<Result<Order>> answer;
    pw.session->broker().orderByClientId(t.sent()->clientOrderId,
                                         [&](Result<Order> r) { answer = std::move(r); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, kWait))
        return Error::make("the DEMO server did not answer for the order sent");
    return std::move(*answer);
}

// `qty` of the call spread lo/hi (bought lo, sold hi) opened, or closed when `close`, at the
// market in the DEMO account (as another window or the broker's own would); false when it was
// not taken or did not fill.
bool tradeCallSpread(test::PaperWindow &pw, const std::string &lo, const std::string &hi, int qty,
                     bool close) {
    market::OrderSubmission s;
    s.orderClass = "mleg";
    s.qty = std::to_string(qty);
    s.type = "market";
    s.timeInForce = "day";
    market::LegSubmission first;
    first.symbol = lo;
    first.ratioQty = "1";
    first.side = close ? "sell" : "buy";
    first.positionIntent = close ? "sell_to_close" : "buy_to_open";
    market::LegSubmission second = first;
    second.symbol = hi;
    second.side = close ? "buy" : "sell";
    second.positionIntent = close ? "buy_to_close" : "sell_to_open";
    s.legs = {first, second};
    pw.clock.advance(seconds{5}); // past any earlier trade's steps: the market only moves forward
    if (!pw.market.submitOrder(s).ok())
        return false;
    const Timestamp t = pw.clock.now();
    pw.market.step(t + seconds{1});
    pw.market.step(t + seconds{2});
    const auto positions = pw.market.positions(); // a copy: begin and end of the same one
    const auto held = std::count_if(positions.begin(), positions.end(),
                                    [](const auto &p) { return std::abs(p.position.qty) > 1e-9; });
    return held == (close ? 0 : 2);
}

// A call spread held `qty` times and the builder's ticket that buys it back (its legs added by
// hand the other way round), once proposed; nullptr when a step failed. `lo` and `hi` get the
// spread's bought and sold calls.
StrategyTicketDialog *buyBackTicket(test::PaperWindow &pw, const StrategyDock &dock, int qty,
                                    std::string &lo, std::string &hi) {
    if (!addCallSpread(pw, dock))
        return nullptr;
    lo = dock.model->strategy().legs[0].contract.symbol;
    hi = dock.model->strategy().legs[1].contract.symbol;
    if (!tradeCallSpread(pw, lo, hi, qty, false))
        return nullptr;
    dock.model->clear();
    if (!dock.model->addLeg(QString::fromStdString(hi), OrderSide::Buy).ok() ||
        !dock.model->addLeg(QString::fromStdString(lo), OrderSide::Sell).ok())
        return nullptr;
    StrategyTicketDialog *t = openStrategyTicket(dock, *pw.window, *pw.session);
    if (!t || !QTest::qWaitFor([t] { return t->state() != StrategyTicketDialog::State::Proposing; },
                               kWait))
        return nullptr;
    return t;
}

double heldQty(test::PaperWindow &pw, const std::string &symbol) {
    for (const auto &p : pw.market.positions())
        if (p.position.symbol == symbol)
            return p.position.qty;
    return 0.0;
}

} // namespace

class TstStrategyPaper : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void confirmedSpreadReachesTheServerAsShown() {
        test::PaperWindow pw(seedNow());
        const StrategyDock dock = installStrategyDock(*pw.window, pw.session.get());
        QVERIFY(addCallSpread(pw, dock));

        StrategyTicketDialog *t = openStrategyTicket(dock, *pw.window, *pw.session);
        QVERIFY(t);
        QTRY_VERIFY_WITH_TIMEOUT(t->state() != StrategyTicketDialog::State::Proposing, kWait);
        if (t->proposal()->error.find("not available yet") != std::string::npos)
            QSKIP("the dispatcher's multi-leg path is not merged yet (placeholder answer)");
        QVERIFY2(t->state() == StrategyTicketDialog::State::Waiting,
                 qPrintable(t->resultLabel()->text()));
        const int qty = t->quantityBox()->value();
        const double limit = t->shownNetLimit();
        QVERIFY(qty >= 1);
        t->confirm();
        QTRY_VERIFY_WITH_TIMEOUT(t->state() != StrategyTicketDialog::State::Confirming, kWait);
        QVERIFY2(t->state() == StrategyTicketDialog::State::Sent,
                 qPrintable(t->resultLabel()->text()));
        QVERIFY(t->sent());

        const Result<Order> answer = sentOrder(pw, *t);
        QVERIFY2(answer.ok(), answer.ok() ? "" : answer.error().message.c_str());
        const Order &o = answer.value();
        QCOMPARE(o.qty, double(qty));
        QVERIFY(o.limitPrice);
        QVERIFY(std::abs(*o.limitPrice - limit) < 1e-9);
        QCOMPARE(o.legs.size(), std::size_t(2));
        t->close();
    }

    // A spread held, closed from the builder: its legs added by hand the other way round are a
    // custom strategy whose ticket shows them buy to close and sell to close (sent to open, as
    // every leg was, the DEMO server refuses them as Alpaca does: "position intent mismatch"),
    // sized to what is held, and reaches the server so.
    void aSpreadHeldIsClosedFromTheBuilder() {
        test::PaperWindow pw(seedNow());
        const StrategyDock dock = installStrategyDock(*pw.window, pw.session.get());
        std::string lo, hi;
        StrategyTicketDialog *t = buyBackTicket(pw, dock, 2, lo, hi);
        QVERIFY(t);
        QCOMPARE(toString(dock.model->strategy().kind), std::string_view("custom"));
        QVERIFY2(t->state() == StrategyTicketDialog::State::Waiting,
                 qPrintable(t->resultLabel()->text()));
        QVERIFY2(t->titleLabel()->text().startsWith(QLatin1String("CUSTOM SPY")),
                 qPrintable(t->titleLabel()->text()));
        QCOMPARE(t->legsTable()->item(0, 0)->text(), QStringLiteral("Buy to close"));
        QCOMPARE(t->legsTable()->item(1, 0)->text(), QStringLiteral("Sell to close"));
        QCOMPARE(t->quantityBox()->value(), 2);
        test::saveShot(t, "strategy_ticket_close_spread");
        t->confirm();
        QTRY_VERIFY_WITH_TIMEOUT(t->state() != StrategyTicketDialog::State::Confirming, kWait);
        QVERIFY2(t->state() == StrategyTicketDialog::State::Sent,
                 qPrintable(t->resultLabel()->text()));
        test::saveShot(t, "strategy_ticket_close_spread_sent");
        const Result<Order> answer = sentOrder(pw, *t);
        QVERIFY2(answer.ok(), answer.ok() ? "" : answer.error().message.c_str());
        QCOMPARE(answer.value().legs.size(), std::size_t(2));
        QCOMPARE(answer.value().legs[0].intent, PositionIntent::BuyToClose);
        QCOMPARE(answer.value().legs[1].intent, PositionIntent::SellToClose);
        QCOMPARE(heldQty(pw, lo), 2.0); // until it fills
        t->close();
    }

    // The spread was closed elsewhere between the ticket and Confirm: the close is held with the
    // legs' new intents shown (to open), and the next Confirm sends what is shown then (a hold
    // for changed positions compared against the first ticket's intents for ever).
    void aTicketHeldForChangedPositionsSendsWhatItShowsNext() {
        test::PaperWindow pw(seedNow());
        const StrategyDock dock = installStrategyDock(*pw.window, pw.session.get());
        std::string lo, hi;
        StrategyTicketDialog *t = buyBackTicket(pw, dock, 1, lo, hi);
        QVERIFY(t);
        QVERIFY2(t->state() == StrategyTicketDialog::State::Waiting,
                 qPrintable(t->resultLabel()->text()));
        QCOMPARE(t->legsTable()->item(0, 0)->text(), QStringLiteral("Buy to close"));

        QVERIFY(tradeCallSpread(pw, lo, hi, 1, true));
        t->confirm();
        QTRY_VERIFY_WITH_TIMEOUT(t->state() != StrategyTicketDialog::State::Confirming, kWait);
        QCOMPARE(t->state(), StrategyTicketDialog::State::Waiting);
        QVERIFY2(t->resultLabel()->text().contains(
                     QLatin1String("The positions changed since the ticket was shown")),
                 qPrintable(t->resultLabel()->text()));
        QCOMPARE(t->legsTable()->item(0, 0)->text(), QStringLiteral("Buy to open"));
        test::saveShot(t, "strategy_ticket_positions_changed");

        t->confirm();
        QTRY_VERIFY_WITH_TIMEOUT(t->state() != StrategyTicketDialog::State::Confirming, kWait);
        QVERIFY2(t->state() == StrategyTicketDialog::State::Sent,
                 qPrintable(t->resultLabel()->text()));
        const Result<Order> answer = sentOrder(pw, *t);
        QVERIFY2(answer.ok(), answer.ok() ? "" : answer.error().message.c_str());
        QCOMPARE(answer.value().legs[0].intent, PositionIntent::BuyToOpen);
        QCOMPARE(answer.value().legs[1].intent, PositionIntent::SellToOpen);
        t->close();
    }

    // A multi-leg signal in Confirm mode opens the multi-leg ticket, its legs and its signed net
    // limit shown, and Confirm sends that net price through the signal's ticket (the single-leg
    // ticket opened: no legs, a credit shown as 0.01 and every Confirm held for its sign, a type
    // chosen there ignored).
    void aMultiLegSignalsTicketSendsTheNetShown() {
        test::PaperWindow pw(seedNow());
        pw.window->openSymbol(QStringLiteral("SPY"));
        QTRY_VERIFY_WITH_TIMEOUT(pw.chain->state() == ChainSession::State::Loaded, kWait);
        StrategyTicketDialog *t = condorSignalTicket(pw);
        QVERIFY(t);
        QVERIFY2(t->state() == StrategyTicketDialog::State::Waiting,
                 qPrintable(t->resultLabel()->text()));
        QCOMPARE(t->legsTable()->rowCount(), 4);
        const double limit = t->shownNetLimit();
        QVERIFY2(limit < 0.0, qPrintable(QString::number(limit))); // a condor is a credit
        const int qty = t->quantityBox()->value();
        t->confirm();
        QTRY_VERIFY_WITH_TIMEOUT(t->state() != StrategyTicketDialog::State::Confirming, kWait);
        QVERIFY2(t->state() == StrategyTicketDialog::State::Sent,
                 qPrintable(t->resultLabel()->text()));
        const Result<Order> answer = sentOrder(pw, *t);
        QVERIFY2(answer.ok(), answer.ok() ? "" : answer.error().message.c_str());
        QCOMPARE(answer.value().qty, double(qty));
        QVERIFY(answer.value().limitPrice);
        QVERIFY(std::abs(*answer.value().limitPrice - limit) < 1e-9);
        QCOMPARE(answer.value().legs.size(), std::size_t(4));
        // The signal's ticket is settled, not left to expire as a second record.
        QTRY_VERIFY_WITH_TIMEOUT(pw.session->queue().tickets().empty(), kWait);
        t->close();
    }

    // Rejecting a multi-leg signal's ticket records REJECTED_BY_USER for the signal.
    void aMultiLegSignalsTicketRejectedIsRecorded() {
        test::PaperWindow pw(seedNow());
        qint64 id = 0;
        StrategyTicketDialog *t = condorSignalTicket(pw, &id);
        QVERIFY(t);
        QCOMPARE(t->state(), StrategyTicketDialog::State::Waiting);
        t->reject();
        QTRY_VERIFY_WITH_TIMEOUT(pw.session->queue().tickets().empty(), kWait);
        ExecutionFilter f;
        f.signalId = id;
        QTRY_VERIFY_WITH_TIMEOUT(!pw.store.records().executions(f)->empty(), kWait);
        QVERIFY(pw.store.records().executions(f)->front().mode == ExecutionMode::RejectedByUser);
    }

    // A multi-leg signal's ticket counts down to the queue's maximum age, as a single one does,
    // and says "Expired" when the queue expires it; the builder's own ticket, which does not
    // expire, shows no countdown. (It had none: the trader could not tell how long was left.)
    void aMultiLegSignalsTicketCountsDown() {
        using std::chrono::seconds;
        test::PaperWindow pw(seedNow());
        StrategyTicketDialog *t = condorSignalTicket(pw);
        QVERIFY(t);
        QCOMPARE(t->state(), StrategyTicketDialog::State::Waiting);
        QVERIFY(t->countdownLabel());
        const int maxAge = pw.session->queue().ticketMaxAgeSec();
        const QString full = QStringLiteral("Expires in %1:%2")
                                 .arg(maxAge / 60)
                                 .arg(maxAge % 60, 2, 10, QLatin1Char('0'));
        QCOMPARE(t->countdownLabel()->text(), full);
        pw.clock.advance(seconds{maxAge - 30});
        QTRY_COMPARE_WITH_TIMEOUT(t->countdownLabel()->text(), QStringLiteral("Expires in 0:30"),
                                  kWait);
        test::saveShot(t, "strategy_ticket_countdown");
        pw.clock.advance(seconds{31});
        QCOMPARE(pw.session->queue().expireStale(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(t->state(), StrategyTicketDialog::State::Refused, kWait);
        QCOMPARE(t->countdownLabel()->text(), QStringLiteral("Expired"));
        QVERIFY(t->confirmButton()->isHidden());

        const StrategyDock dock = installStrategyDock(*pw.window, pw.session.get());
        QVERIFY(addCallSpread(pw, dock));
        StrategyTicketDialog *byHand = openStrategyTicket(dock, *pw.window, *pw.session);
        QVERIFY(byHand);
        QVERIFY(!byHand->countdownLabel());
    }

    // A signal's ticket settled while its dialog waits (expired, or rejected elsewhere): Confirm
    // ends the dialog instead of asking again for ever.
    void aSignalsTicketGoneEndsItsDialog() {
        test::PaperWindow pw(seedNow());
        StrategyTicketDialog *t = condorSignalTicket(pw);
        QVERIFY(t);
        QCOMPARE(t->state(), StrategyTicketDialog::State::Waiting);
        QCOMPARE(pw.session->queue().tickets().size(), std::size_t(1));
        QVERIFY(pw.session->queue().reject(pw.session->queue().tickets().front().id));
        t->confirm();
        QCOMPARE(t->state(), StrategyTicketDialog::State::Refused);
        QVERIFY(t->confirmButton()->isHidden());
    }

    // The builder's ticket rejected is recorded (REJECTED_BY_USER, source manual), as a single
    // leg's is; it was gone without a trace.
    void aHandBuiltTicketRejectedIsRecorded() {
        test::PaperWindow pw(seedNow());
        const StrategyDock dock = installStrategyDock(*pw.window, pw.session.get());
        QVERIFY(addCallSpread(pw, dock));
        StrategyTicketDialog *t = openStrategyTicket(dock, *pw.window, *pw.session);
        QVERIFY(t);
        QTRY_VERIFY_WITH_TIMEOUT(t->state() == StrategyTicketDialog::State::Waiting, kWait);
        t->reject();
        QTRY_VERIFY_WITH_TIMEOUT(!pw.store.records().executions({})->empty(), kWait);
        const ExecutionRecord r = pw.store.records().executions({})->front();
        QVERIFY(r.mode == ExecutionMode::RejectedByUser);
        QCOMPARE(r.source, std::string("manual"));
    }

    // A net limit typed off its tick (AAPL from $3: nickels) and Confirm clicked: the box, which
    // reads its text only when the edit ends, still held the old limit at Confirm, then snapped
    // the typed one as the ticket froze and sent that, never seen. It is shown first.
    void typedNetLimitOffTheTickIsNotSentUnseen() {
        test::PaperWindow pw(seedNow());
        const StrategyDock dock = installStrategyDock(*pw.window, pw.session.get());
        // A wide call spread that passes every gate: its net debit is above $3.
        const std::vector<const ChainEntry *> calls = tradeableCalls(pw, QStringLiteral("AAPL"));
        QVERIFY(calls.size() >= 2);
        const auto *low = calls.front(), *high = calls.back();
        QVERIFY2(low->contract.quote->bid - high->contract.quote->ask > 3.2, "a debit above $3");
        QVERIFY(
            dock.model->addLeg(QString::fromStdString(low->contract.symbol), OrderSide::Buy).ok());
        QVERIFY(dock.model->addLeg(QString::fromStdString(high->contract.symbol), OrderSide::Sell)
                    .ok());
        StrategyTicketDialog *t = openStrategyTicket(dock, *pw.window, *pw.session);
        QVERIFY(t);
        QTRY_VERIFY_WITH_TIMEOUT(t->state() != StrategyTicketDialog::State::Proposing, kWait);
        QVERIFY2(t->state() == StrategyTicketDialog::State::Waiting,
                 qPrintable(t->resultLabel()->text()));
        QVERIFY(QTest::qWaitForWindowActive(t));
        const double typed = std::floor(std::abs(t->limitBox()->value()) * 10.0) / 10.0 + 0.03;
        t->limitBox()->setFocus();
        t->limitBox()->selectAll();
        QTest::keyClicks(t->limitBox(), QString::number(typed, 'f', 2));
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        QTest::qWait(200);
        QVERIFY2(t->state() == StrategyTicketDialog::State::Waiting,
                 qPrintable(t->resultLabel()->text()));
        QVERIFY(!t->sent());
        QVERIFY2(t->resultLabel()->text().contains(QLatin1String("not on the")),
                 qPrintable(t->resultLabel()->text()));
        QCOMPARE(t->limitBox()->value(), std::round(typed * 20.0) / 20.0);
        t->close();
    }
};

QTEST_MAIN(TstStrategyPaper)
#include "tst_strategy_paper.moc"
