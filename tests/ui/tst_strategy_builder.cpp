// The Strategy builder dock and the multi-leg ticket (issue 19), offscreen over the window
// fixture: legs added from the chain's contract menu, a template placed from the panel with the
// model's figures shown and the payoff drawn, and the ticket against a fake dispatcher desk: it
// shows the proposal's quantity and net limit and sends exactly what it shows on Confirm (after
// the re-check), holds when the re-check changes, and stays shut while the kill switch is on.
// The ticket through the real dispatcher shows its answer as the dispatcher gives it.

#include "dispatch/decision.h"
#include "dispatch/dispatcher.h"
#include "dispatch/dispatcher_settings.h"
#include "dispatch/strategy_decision.h"
#include "domain/strategy_settings.h"
#include "models/chain_roles.h"
#include "models/chain_table_model.h"
#include "models/display_format.h"
#include "models/strategy_builder_model.h"
#include "models/trading_session.h"
#include "storage/execution_store.h"
#include "support/fake_broker.h"
#include "support/window_fixture.h"
#include "ui/chain_colors.h"
#include "ui/chain_view.h"
#include "ui/qcustomplot_include.h"
#include "ui/strategy_builder_panel.h"
#include "ui/strategy_dock.h"
#include "ui/strategy_ticket_dialog.h"
#include "ui/tick_spin_box.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

#include <cmath>
#include <memory>

using namespace cg;
using namespace cg::models;
using namespace cg::ui;

namespace {

// Time value falling away from the money (the fixture's chain is flat out of the money): a
// condor then has a net credit.
void priceByDistance(test::FakeMarketData &market) {
    for (OptionContract &c : market.contracts) {
        const double intrinsic = c.type == OptionType::Call ? std::max(0.0, 101.0 - c.strike)
                                                            : std::max(0.0, c.strike - 101.0);
        const double m = intrinsic + std::max(0.05, 2.0 - 0.15 * std::abs(c.strike - 101.0));
        c.quote = Quote{m - 0.02, m + 0.02, 10, 10, {}};
    }
}

struct Rig : test::WindowFixture {
    test::FakeBroker broker;
    ExecutionStore store;
    std::unique_ptr<TradingSession> trading;
    StrategyDock dock;

    explicit Rig(const std::function<void(test::FakeMarketData &)> &seed = priceByDistance)
        : WindowFixture({test::kWindowNear, test::kWindowMid}, seed) {
        if (auto r = store.open(QStringLiteral("sqlite::memory:")); !r)
            qFatal("store: %s", r.error().message.c_str());
        broker.acct.equity = 100000;
        broker.acct.buyingPower = 100000;
        broker.acct.optionsBuyingPower = 100000;
        broker.acct.optionsTradingLevel = 3;
        TradingSession::Options o;
        o.signalPollMs = 60000;
        o.accountPollMs = 60000;
        trading = std::make_unique<TradingSession>(broker, market, store, clock, o);
        dock = installStrategyDock(*window, trading.get());
        dock.model->setRefreshInterval(0);
    }
    ~Rig() override { window.reset(); }

    void placeCondor() {
        dock.panel->templateBox()->setCurrentIndex(
            dock.panel->templateBox()->findData(static_cast<int>(StrategyTemplate::IronCondor)));
        dock.panel->placementBox()->setCurrentIndex(0); // at the money
        dock.panel->widthBox()->setValue(3.0);
        QTest::mouseClick(dock.panel->placeButton(), Qt::LeftButton);
    }
};

// A desk that answers as the dispatcher would, from the event loop: the proposal for the legs
// (qty 3 and the net mid on the tick unless the order names them), and the order placed.
struct FakeDesk {
    std::vector<ManualStrategyOrder> proposed;
    std::vector<Decision> placed;
    QString refuseRecheck; // a fallback reason for the second proposal (the re-check)
    bool tripPrecautions =
        false; // proposals without the override are held by the fat-finger checks
    bool holdOverBudgetAtPlace = false; // the re-check holds by the budget precaution
    bool thinFirstLeg = false;          // the first leg fails the volume gate
    bool intentsChosen = false;         // the positions were read: the legs' intents are known
    // The first leg bought is a short held, worthless: no bid, an ask of 0.05, bought to close.
    bool worthlessShortBoughtBack = false;
    bool cappedAtTen = false; // sized as the dispatcher does with a $5,000 budget, capped to 10
    int moveMarketOnce = 0;   // re-checks held by a market that left the limit (new limit +0.10)
    StrategyOrderDesk desk(const StrategyBuilderModel &model) {
        StrategyOrderDesk d;
        d.propose = [this, &model](const ManualStrategyOrder &o, DecisionCallback done) {
            proposed.push_back(o);
            StrategyDecision sd;
            sd.strategy = o.strategy;
            sd.figures = *model.figures();
            sd.legGates = model.legGates();
            if (thinFirstLeg &&
                !sd.legGates.empty()) { // traded too little: a volume the gate fails
                GateResult &v = sd.legGates[0].gates[static_cast<int>(GateId::Volume)];
                v.pass = false;
                v.value = 3;
            }
            if (worthlessShortBoughtBack) {
                for (std::size_t i = 0; i < sd.strategy->legs.size(); ++i) {
                    StrategyLeg &leg = sd.strategy->legs[i];
                    if (leg.side != OrderSide::Buy)
                        continue;
                    leg.contract.quote->bid = 0.0;
                    leg.contract.quote->ask = 0.05;
                    leg.intent = PositionIntent::BuyToClose;
                    sd.legGates[i].gates[static_cast<int>(GateId::QuoteValid)].pass = false;
                    break;
                }
            }
            sd.combo = model.combo();
            sd.budget = 5000;
            sd.sizing.qty = o.qty > 0 ? o.qty : 3;
            sd.sizing.riskPerUnit = sd.figures->maxLossDollars().value_or(0.0);
            if (cappedAtTen) {
                sd.budget = 5000;
                sd.sizing.riskPerUnit = 395;
                sd.sizing.qty = 10;
                sd.sizing.cappedByMaxContracts = true;
            }
            sd.limitPrice = o.netLimit.value_or(std::round(sd.figures->netMid * 100.0) / 100.0);
            Decision dec;
            dec.source = DecisionSource::Manual;
            dec.signal.symbol = o.strategy.underlying;
            dec.clientOrderId = "cg-man-test" + std::to_string(proposed.size());
            dec.qty = sd.sizing.qty;
            dec.limitPrice = sd.limitPrice;
            dec.order = strategyOrderRequest(sd, dec.clientOrderId);
            dec.multiLeg = sd;
            if (proposed.size() > 1 && !refuseRecheck.isEmpty())
                dec.fallbackReason = refuseRecheck.toStdString();
            if (tripPrecautions && !o.overridePrecautions) {
                dec.fallbackReason = "Net limit 2.00 is 0.40 past the natural 1.60. To send it "
                                     "anyway, tick the override and confirm again.";
                dec.order.reset();
                dec.multiLeg->precautionsTripped = true;
                dec.multiLeg->precautionKinds = kThroughMarket;
            }
            dec.multiLeg->intentsChosen = intentsChosen;
            dec.multiLeg->precautionsOverridden = o.overridePrecautions;
            dec.multiLeg->overriddenPrecautions = o.overriddenPrecautions.value_or(0u);
            QTimer::singleShot(0, [done, dec] { done(dec); });
        };
        d.place = [this](Decision dec, DecisionCallback done) {
            placed.push_back(dec);
            if (moveMarketOnce > 0) { // the re-check's hold: a new limit, nothing sent
                --moveMarketOnce;
                const double fresh = std::round((*dec.limitPrice + 0.10) * 100.0) / 100.0;
                dec.mode = ExecutionMode::SimulatedFallback;
                dec.fallbackReason = "The market moved: New limit " + std::to_string(fresh) +
                                     " (the net mid). Nothing was sent. Confirm again to send it.";
                dec.limitPrice = fresh;
                dec.multiLeg->limitPrice = fresh;
                dec.order.reset();
                dec.recordState = RecordState::NotRecorded;
                QTimer::singleShot(0, [done, dec] { done(dec); });
                return;
            }
            if (holdOverBudgetAtPlace) { // the re-check's hold: nothing sent, nothing recorded
                dec.mode = ExecutionMode::SimulatedFallback;
                dec.fallbackReason = "At confirmation: The strategy risks $6,000.00, above the "
                                     "budget of $5,000.00. To send it anyway, tick the override "
                                     "and confirm again. Nothing was sent.";
                dec.order.reset();
                dec.recordState = RecordState::NotRecorded;
                dec.multiLeg->precautionsTripped = true;
                dec.multiLeg->precautionKinds = kOverBudget;
                QTimer::singleShot(0, [done, dec] { done(dec); });
                return;
            }
            dec.orderId = "ord-1";
            dec.orderStatus = "accepted";
            dec.recordState = RecordState::Recorded;
            dec.mode = ExecutionMode::AlpacaPaper;
            QTimer::singleShot(0, [done, dec] { done(dec); });
        };
        return d;
    }
};

// A ticket on the legs the builder holds, answered by `fake`, once its proposal has arrived;
// nullptr when none came within 2 s.
// CHAINGATE_TEST_SHOTS=DIR: a picture of `ticket` as DIR/NAME.png (to look at it).
void saveShot(QWidget &ticket, const char *name) {
    if (const QString dir = qEnvironmentVariable("CHAINGATE_TEST_SHOTS"); !dir.isEmpty())
        ticket.grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}

std::unique_ptr<StrategyTicketDialog> ticketOnTheLegs(Rig &rig, FakeDesk &fake) {
    ManualStrategyOrder order;
    order.strategy = rig.dock.model->strategy();
    auto ticket = std::make_unique<StrategyTicketDialog>(*rig.trading, std::move(order),
                                                         fake.desk(*rig.dock.model));
    QSignalSpy arrived(ticket.get(), &StrategyTicketDialog::proposalArrived);
    if (!arrived.wait(2000))
        return nullptr;
    return ticket;
}

} // namespace

class TstStrategyBuilder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // No legs: the payoff chart shows nothing that reads as a figure (the zero line once drew
    // a diagonal across the default 0-5 axes), and no legend of empty curves.
    void emptyBuilderDrawsNothingMisleading() {
        Rig rig;
        QVERIFY(rig.load());
        StrategyBuilderPanel &panel = *rig.dock.panel;
        QCustomPlot *plot = panel.plot();
        const auto nothingShown = [plot] {
            for (int i = 0; i < plot->itemCount(); ++i)
                if (plot->item(i)->visible())
                    return false;
            return !plot->legend->visible();
        };
        QVERIFY(nothingShown()); // opened without legs
        rig.placeCondor();
        QVERIFY(plot->legend->visible()); // an iron condor: curves and their legend
        panel.findChild<QPushButton *>(QStringLiteral("strategyClear"))->click();
        for (int i = 0; i < plot->itemCount(); ++i)
            QVERIFY2(!plot->item(i)->visible(), plot->item(i)->metaObject()->className());
        QVERIFY(!plot->legend->visible());
    }

    void chainMenuAddsLegs() {
        Rig rig;
        QVERIFY(rig.load());
        QVERIFY(rig.dock.dock);
        QCOMPARE(rig.dock.dock->objectName(), QStringLiteral("strategyDock"));
        for (const auto &[strike, name] :
             {std::pair{100.0, "addToStrategyBuy"}, std::pair{103.0, "addToStrategySell"}}) {
            const QModelIndex cell = rig.viewCell(strike, ChainSide::Call, ChainField::Bid);
            QVERIFY(cell.isValid());
            std::unique_ptr<QMenu> menu(rig.window->chainView()->contractMenu(cell));
            QVERIFY(menu);
            auto *add = menu->findChild<QAction *>(QLatin1String(name));
            QVERIFY2(add, name);
            add->trigger();
        }
        QCOMPARE(rig.dock.model->rowCount(), 2);
        QVERIFY(rig.dock.model->strategy().legs[0].side == OrderSide::Buy);
        QCOMPARE(rig.dock.model->strategy().legs[0].contract.strike, 100.0);
        QVERIFY(rig.dock.model->strategy().legs[1].side == OrderSide::Sell);
        QVERIFY(rig.dock.dock->isVisible());
        QVERIFY(rig.dock.model->figures().has_value());
        QVERIFY(rig.dock.panel->reviewButton()->isEnabled());
        // Removing a leg leaves one: no combination to review.
        rig.dock.panel->legsView()->setCurrentIndex(rig.dock.model->index(1, 0));
        QTest::mouseClick(
            rig.dock.panel->findChild<QPushButton *>(QStringLiteral("strategyRemoveLeg")),
            Qt::LeftButton);
        QCOMPARE(rig.dock.model->rowCount(), 1);
        QVERIFY(!rig.dock.panel->reviewButton()->isEnabled());
    }

    void panelPlacesATemplateAndShowsItsFigures() {
        Rig rig;
        QVERIFY(rig.load());
        rig.dock.dock->show();
        rig.placeCondor();
        StrategyBuilderModel &m = *rig.dock.model;
        QCOMPARE(m.rowCount(), 4);
        QVERIFY(m.figures().has_value());
        const StrategyFigures &f = *m.figures();
        QVERIFY(rig.dock.panel->figureLabel(QStringLiteral("maxLoss"))
                    ->text()
                    .contains(moneyText(*f.maxLoss * f.multiplier)));
        QVERIFY(rig.dock.panel->figureLabel(QStringLiteral("netMid"))
                    ->text()
                    .contains(QLocale::c().toString(std::abs(f.netMid), 'f', 2)));
        QVERIFY(rig.dock.panel->figureLabel(QStringLiteral("netMid"))
                    ->text()
                    .contains(f.netMid < 0 ? QStringLiteral("credit") : QStringLiteral("debit")));
        QVERIFY(!rig.dock.panel->figureLabel(QStringLiteral("pop"))->text().isEmpty());
        QVERIFY(rig.dock.panel->figureLabel(QStringLiteral("combo"))
                    ->text()
                    .contains(models::qs(m.combo().reason)));
        // Today, at the date and at expiry over the same prices.
        QCustomPlot *plot = rig.dock.panel->plot();
        QCOMPARE(plot->graph(0)->dataCount(), int(m.payoff().spot.size()));
        QCOMPARE(plot->graph(2)->dataCount(), int(m.payoff().spot.size()));
        QCOMPARE(plot->graph(3)->dataCount(), int(f.breakEvens.size()));
        QCOMPARE(rig.dock.panel->daysSlider()->maximum(), m.daysToNearExpiry());
        // The leg table: side and gates, the reasons on hover.
        QCOMPARE(m.index(0, StrategyBuilderModel::Gates)
                     .data(Qt::ToolTipRole)
                     .toString()
                     .count(QLatin1Char('\n')),
                 4);
    }

    // Choosing a template sets the boxes to its settings as the dispatcher trades it: the
    // settings file's [multileg_NAME] (through the trading session), else its defaults. An iron
    // condor's shorts are out of the money (at the money it is an iron butterfly).
    void choosingATemplateShowsItsSettings() {
        Rig rig;
        QVERIFY(rig.load());
        StrategyBuilderPanel &panel = *rig.dock.panel;
        const auto choose = [&panel](StrategyTemplate t) {
            panel.templateBox()->setCurrentIndex(
                panel.templateBox()->findData(static_cast<int>(t)));
        };
        const auto placement = [&panel] {
            return static_cast<StrategyPlacement>(panel.placementBox()->currentData().toInt());
        };
        // The panel opens on the iron condor, placed as its defaults say.
        QCOMPARE(panel.templateBox()->currentData().toInt(),
                 static_cast<int>(StrategyTemplate::IronCondor));
        QCOMPARE(placement(), StrategyPlacement::Delta);
        QCOMPARE(panel.valueBox()->value(), 0.16);
        QCOMPARE(panel.widthBox()->value(), 5.0);
        choose(StrategyTemplate::IronButterfly);
        QCOMPARE(placement(), StrategyPlacement::AtTheMoney);
        choose(StrategyTemplate::BullCallSpread);
        QCOMPARE(placement(), StrategyPlacement::Delta);
        QCOMPARE(panel.valueBox()->value(), 0.30);

        // The settings file's, as the trading session holds them.
        DispatcherSettings settings = rig.trading->settings();
        StrategySettings condor = defaultStrategySettings(StrategyTemplate::IronCondor);
        condor.build.shortDelta.reset();
        condor.build.otmPct = 4.0;
        condor.build.width = 10.0;
        settings.multiLeg.push_back(condor);
        rig.trading->setSettings(settings);
        choose(StrategyTemplate::IronCondor);
        QCOMPARE(placement(), StrategyPlacement::OtmPercent);
        QCOMPARE(panel.valueBox()->value(), 4.0);
        QCOMPARE(panel.widthBox()->value(), 10.0);
        // The trader's own choice of placement is kept until the template changes.
        panel.placementBox()->setCurrentIndex(
            panel.placementBox()->findData(static_cast<int>(StrategyPlacement::Delta)));
        panel.valueBox()->setValue(0.20);
        QTest::mouseClick(panel.placeButton(), Qt::LeftButton);
        QCOMPARE(panel.valueBox()->value(), 0.20);
        QCOMPARE(placement(), StrategyPlacement::Delta);
    }

    void ticketShowsTheProposalAndSendsExactlyThat() {
        Rig rig;
        QVERIFY(rig.load());
        rig.placeCondor();
        QCOMPARE(rig.dock.model->rowCount(), 4);
        FakeDesk fake;
        const auto ticket = ticketOnTheLegs(rig, fake);
        QVERIFY(ticket);
        QCOMPARE(ticket->state(), StrategyTicketDialog::State::Waiting);
        QCOMPARE(fake.proposed.size(), std::size_t(1));
        QCOMPARE(fake.proposed[0].qty, 0); // sized by the dispatcher
        QVERIFY(!fake.proposed[0].netLimit);
        const Decision &p = *ticket->proposal();
        QCOMPARE(ticket->quantityBox()->value(), 3);
        QCOMPARE(ticket->limitBox()->value(), std::abs(*p.limitPrice));
        QCOMPARE(ticket->shownNetLimit(), *p.limitPrice);
        QCOMPARE(ticket->directionLabel()->text(),
                 *p.limitPrice < 0 ? QStringLiteral("credit") : QStringLiteral("debit"));
        QCOMPARE(ticket->legsTable()->rowCount(), 4);
        QVERIFY(ticket->titleLabel()->text().contains(QStringLiteral("IRON CONDOR")));
        QVERIFY(ticket->confirmButton()->isEnabled());

        QSignalSpy finished(ticket.get(), &StrategyTicketDialog::ticketFinished);
        QTest::mouseClick(ticket->confirmButton(), Qt::LeftButton);
        QVERIFY(finished.wait(2000));
        QCOMPARE(ticket->state(), StrategyTicketDialog::State::Sent);
        // Re-checked with exactly the figures shown, and that decision sent.
        QCOMPARE(fake.proposed.size(), std::size_t(2));
        QCOMPARE(fake.proposed[1].qty, 3);
        QCOMPARE(*fake.proposed[1].netLimit, *p.limitPrice);
        QCOMPARE(fake.placed.size(), std::size_t(1));
        const Decision &sent = fake.placed[0];
        QCOMPARE(sent.qty, 3);
        QVERIFY(sent.order);
        QCOMPARE(sent.order->qty, 3);
        QCOMPARE(*sent.order->limitPrice, *p.limitPrice);
        QCOMPARE(sent.order->legs.size(), std::size_t(4));
        QVERIFY(ticket->resultLabel()->text().contains(QStringLiteral("ord-1")));
        QVERIFY(ticket->resultLabel()->text().contains(QStringLiteral("accepted")));
    }

    // The sizing line does the arithmetic it shows (floor(5000 / 395) = 12) and says what
    // capped it; a leg's gates name the ones that fail, not five marks in one colour.
    void ticketShowsTheSizingArithmeticAndTheFailingGates() {
        Rig rig;
        QVERIFY(rig.load());
        rig.placeCondor();
        FakeDesk fake;
        fake.cappedAtTen = true;
        const auto ticket = ticketOnTheLegs(rig, fake);
        QVERIFY(ticket);
        auto *note = ticket->findChild<QLabel *>(QStringLiteral("strategyTicketQtyNote"));
        QVERIFY(note);
        QVERIFY2(note->text().contains(QStringLiteral("= 12, capped to 10 by the contract limit")),
                 qPrintable(note->text()));
        // "credit" stands apart from the Mid button beside it.
        ticket->show();
        QVERIFY(QTest::qWaitForWindowExposed(ticket.get()));
        auto *mid = ticket->findChild<QPushButton *>(QStringLiteral("strategyTicketMid"));
        QVERIFY(mid);
        QLabel *direction = ticket->directionLabel();
        const int gap = mid->mapTo(ticket.get(), QPoint(0, 0)).x() -
                        direction->mapTo(ticket.get(), QPoint(direction->width(), 0)).x();
        QVERIFY2(gap >= 6, qPrintable(QString::number(gap)));
        const Decision &p = *ticket->proposal();
        for (int row = 0; row < ticket->legsTable()->rowCount(); ++row) {
            const GateReport &g = p.multiLeg->legGates[static_cast<std::size_t>(row)];
            const QString shown = ticket->legsTable()->item(row, 5)->text();
            if (g.tradeable()) {
                QCOMPARE(shown, QStringLiteral("\u2714 all five"));
            } else {
                QVERIFY2(shown.startsWith(QStringLiteral("\u2718 ")), qPrintable(shown));
                QVERIFY2(shown.contains(models::gateName(g.firstFailure()->id)), qPrintable(shown));
                // Only a valid quote and an unexpired contract hold a leg; the others say so.
                const bool holds = !g[GateId::QuoteValid].pass || !g[GateId::NotExpired].pass;
                QCOMPARE(shown.contains(QLatin1String("not required for a trade by hand")), !holds);
            }
        }
    }

    void ticketSendsTheQuantityTypedAndHoldsWhenTheRecheckRefuses() {
        Rig rig;
        QVERIFY(rig.load());
        rig.placeCondor();
        FakeDesk fake;
        {
            const auto ticket = ticketOnTheLegs(rig, fake);
            QVERIFY(ticket);
            ticket->quantityBox()->setValue(2);
            QSignalSpy finished(ticket.get(), &StrategyTicketDialog::ticketFinished);
            ticket->confirm();
            QVERIFY(finished.wait(2000));
            QCOMPARE(fake.placed.size(), std::size_t(1));
            QCOMPARE(fake.placed[0].qty, 2);
            QCOMPARE(fake.placed[0].order->qty, 2);
        }
        fake = FakeDesk{};
        fake.refuseRecheck = QStringLiteral("Max loss $1,200.00 is above the budget $1,000.00");
        const auto ticket = ticketOnTheLegs(rig, fake);
        QVERIFY(ticket);
        ticket->confirm();
        QTRY_COMPARE(fake.proposed.size(), std::size_t(2));
        QTRY_COMPARE(ticket->state(), StrategyTicketDialog::State::Waiting);
        QVERIFY(fake.placed.empty());
        QVERIFY(ticket->resultLabel()->text().contains(QStringLiteral("Not sent")));
        QVERIFY(ticket->resultLabel()->text().contains(fake.refuseRecheck));
        QVERIFY(ticket->confirmButton()->isEnabled()); // asked again
    }

    // The re-check holds a ticket whose limit the market left, with a new limit: the box shows
    // it, and the next Confirm sends it (as the ticket's own, moved again with the market). The
    // ticket kept the old limit and sent it again, held again at every Confirm.
    void aHoldsNewLimitIsWhatTheNextConfirmSends() {
        Rig rig;
        QVERIFY(rig.load());
        rig.placeCondor();
        FakeDesk fake;
        fake.moveMarketOnce = 1;
        const auto ticket = ticketOnTheLegs(rig, fake);
        QVERIFY(ticket);
        const double first = ticket->shownNetLimit();
        ticket->confirm();
        QTRY_COMPARE(fake.placed.size(), std::size_t(1));
        QTRY_COMPARE(ticket->state(), StrategyTicketDialog::State::Waiting);
        QVERIFY(!fake.proposed[1].netLimitTyped); // the proposal's own, shown back
        const double fresh = std::round((first + 0.10) * 100.0) / 100.0;
        QCOMPARE(ticket->shownNetLimit(), fresh);
        QSignalSpy finished(ticket.get(), &StrategyTicketDialog::ticketFinished);
        ticket->confirm();
        QVERIFY(finished.wait(2000));
        QCOMPARE(ticket->state(), StrategyTicketDialog::State::Sent);
        QCOMPARE(*fake.proposed[2].netLimit, fresh);
        QVERIFY(!fake.proposed[2].netLimitTyped);
        QCOMPARE(*fake.placed[1].order->limitPrice, fresh);
    }

    // A proposal held only by the fat-finger checks waits for the trader's deliberate second
    // step: Confirm stays off until "Send anyway" is ticked, and the re-check carries the override.
    void precautionsHoldUntilTheOverrideIsTicked() {
        Rig rig;
        QVERIFY(rig.load());
        rig.placeCondor();
        FakeDesk fake;
        fake.tripPrecautions = true;
        const auto ticket = ticketOnTheLegs(rig, fake);
        QVERIFY(ticket);
        QCOMPARE(ticket->state(), StrategyTicketDialog::State::Waiting);
        QVERIFY(!ticket->overrideBox()->isHidden());
        QVERIFY(ticket->resultLabel()->text().contains(QStringLiteral("past the natural")));
        QVERIFY(!ticket->confirmButton()->isEnabled());
        ticket->confirm();
        QCOMPARE(fake.proposed.size(), std::size_t(1)); // nothing asked without the override

        ticket->overrideBox()->setChecked(true);
        QVERIFY(ticket->confirmButton()->isEnabled());
        QSignalSpy finished(ticket.get(), &StrategyTicketDialog::ticketFinished);
        QTest::mouseClick(ticket->confirmButton(), Qt::LeftButton);
        QVERIFY(finished.wait(2000));
        QCOMPARE(ticket->state(), StrategyTicketDialog::State::Sent);
        QCOMPARE(fake.proposed.size(), std::size_t(2));
        QVERIFY(fake.proposed[1].overridePrecautions);
        QCOMPARE(fake.placed.size(), std::size_t(1));
        QVERIFY(fake.placed[0].multiLeg->precautionsOverridden);
    }

    // The override is for the figures it was given for: changing the quantity or the limit takes
    // it away (the new figures are checked afresh), it names the precautions the trader saw, and
    // a precaution the re-check trips since is offered again, unticked.
    void overrideIsForTheFiguresItWasGivenFor() {
        Rig rig;
        QVERIFY(rig.load());
        rig.placeCondor();
        FakeDesk fake;
        fake.tripPrecautions = true;
        const auto ticket = ticketOnTheLegs(rig, fake);
        QVERIFY(ticket);
        QCheckBox *box = ticket->overrideBox();
        QVERIFY(!box->isHidden());
        box->setChecked(true);
        ticket->quantityBox()->setValue(ticket->quantityBox()->value() + 1);
        QVERIFY2(box->isHidden() && !box->isChecked(),
                 "the override stayed on for a quantity it was not given for");
        QVERIFY(ticket->confirmButton()->isEnabled()); // checked afresh at Confirm
        ticket->confirm();
        QTRY_COMPARE(fake.proposed.size(), std::size_t(2));
        QVERIFY(!fake.proposed[1].overridePrecautions);
        QTRY_VERIFY(!box->isHidden()); // held again: offered again
        QVERIFY(!box->isChecked());

        box->setChecked(true);
        fake.holdOverBudgetAtPlace = true;
        ticket->confirm();
        QTRY_COMPARE(fake.placed.size(), std::size_t(1));
        QCOMPARE(fake.proposed.size(), std::size_t(3));
        QVERIFY(fake.proposed[2].overridePrecautions);
        QCOMPARE(fake.proposed[2].overriddenPrecautions.value_or(0u), unsigned{kThroughMarket});
        QTRY_COMPARE(ticket->state(), StrategyTicketDialog::State::Waiting);
        QVERIFY(ticket->resultLabel()->text().contains(QStringLiteral("above the budget")));
        QVERIFY2(!box->isHidden() && !box->isChecked(),
                 "the budget's hold did not offer the override afresh");

        fake.holdOverBudgetAtPlace = false;
        box->setChecked(true);
        QSignalSpy finished(ticket.get(), &StrategyTicketDialog::ticketFinished);
        ticket->confirm();
        QVERIFY(finished.wait(2000));
        QCOMPARE(ticket->state(), StrategyTicketDialog::State::Sent);
        QCOMPARE(fake.proposed[3].overriddenPrecautions.value_or(0u), unsigned{kOverBudget});
    }

    // The boxes take a typed figure when the edit ends: typing a new quantity is already a change
    // of the figures the override was for. Confirm, greyed while the override waits unticked,
    // comes back as the trader types, and the quantity sent is the one typed.
    void typingANewQuantityDropsTheOverride() {
        Rig rig;
        QVERIFY(rig.load());
        rig.placeCondor();
        FakeDesk fake;
        fake.tripPrecautions = true;
        const auto ticket = ticketOnTheLegs(rig, fake);
        QVERIFY(ticket);
        QVERIFY(!ticket->overrideBox()->isHidden());
        QVERIFY(!ticket->confirmButton()->isEnabled());
        QSpinBox *qty = ticket->quantityBox();
        const int typed = qty->value() + 2;
        qty->setFocus();
        qty->selectAll();
        QTest::keyClicks(qty, QString::number(typed)); // no Enter, no Tab
        QVERIFY2(ticket->overrideBox()->isHidden(), "the override stayed for a typed quantity");
        QVERIFY(ticket->confirmButton()->isEnabled());
        ticket->confirm();
        QTRY_COMPARE(fake.proposed.size(), std::size_t(2));
        QCOMPARE(fake.proposed[1].qty, typed);
        QVERIFY(!fake.proposed[1].overridePrecautions);
    }

    // A leg failing a gate that does not hold it (volume) reads as a warning that says so, not a
    // red cross beside a Confirm that sends: only a valid quote and an unexpired contract hold a
    // leg at the re-check.
    void legGatesThatDoNotHoldSaySo() {
        Rig rig;
        QVERIFY(rig.load());
        rig.placeCondor();
        FakeDesk fake;
        fake.thinFirstLeg = true;
        const auto ticket = ticketOnTheLegs(rig, fake);
        QVERIFY(ticket);
        const QString shown = ticket->legsTable()->item(0, 5)->text();
        QVERIFY2(shown.contains(models::gateName(GateId::Volume)) &&
                     shown.contains(QLatin1String("not required for a trade by hand")),
                 qPrintable(shown));
        QVERIFY(ticket->confirmButton()->isEnabled());
    }

    // A leg's intent is shown once the dispatcher read the positions: before that (a decision
    // held early) the leg says buy or sell, not "to open", which a close is not.
    void legsSayToOpenOrToCloseOnlyOnceKnown() {
        for (const bool known : {false, true}) {
            Rig rig;
            QVERIFY(rig.load());
            rig.placeCondor();
            FakeDesk fake;
            fake.intentsChosen = known;
            const auto ticket = ticketOnTheLegs(rig, fake);
            QVERIFY(ticket);
            saveShot(*ticket, known ? "ticket_intents_known" : "ticket_intents_unknown");
            QTableWidget *legs = ticket->legsTable();
            for (int row = 0; row < legs->rowCount(); ++row) {
                const QString side = legs->item(row, 0)->text();
                const QString bare = side.section(QLatin1Char(' '), 0, 0);
                QVERIFY2(bare == QLatin1String("Buy") || bare == QLatin1String("Sell"),
                         qPrintable(side));
                QCOMPARE(side.endsWith(QLatin1String(" to open")), known);
            }
        }
    }

    // A worthless short bought back (no bid): its failed quote gate is a warning that says an
    // ask is enough, beside an enabled Confirm, as the dispatcher sends it.
    void aShortBoughtBackOnItsAskAloneSaysSo() {
        Rig rig;
        QVERIFY(rig.load());
        rig.placeCondor();
        FakeDesk fake;
        fake.intentsChosen = true;
        fake.worthlessShortBoughtBack = true;
        const auto ticket = ticketOnTheLegs(rig, fake);
        QVERIFY(ticket);
        saveShot(*ticket, "ticket_buy_back_on_ask");
        QTableWidget *legs = ticket->legsTable();
        int excused = 0;
        for (int row = 0; row < legs->rowCount(); ++row) {
            if (legs->item(row, 0)->text() != QLatin1String("Buy to close"))
                continue;
            const QString gates = legs->item(row, 5)->text();
            QVERIFY2(gates.contains(models::gateName(GateId::QuoteValid)) &&
                         gates.contains(QLatin1String("an ask is enough to buy a short back")),
                     qPrintable(gates));
            QCOMPARE(legs->item(row, 5)->foreground().color(),
                     ChainColors::forPalette(ticket->palette()).warning);
            ++excused;
        }
        QCOMPARE(excused, 1);
        QVERIFY(ticket->confirmButton()->isEnabled());
    }

    // A calendar whose far call has no IV (a bid, but a mid too small to solve one from): its
    // risk figures cannot be worked out, its prices can. The builder shows the prices, says the
    // risk figures are unknown and why, and keeps Review on (it showed no figures and kept Review
    // off: no ticket could close such legs held); the ticket (here the fake desk's proposal, its
    // intents as opened) shows them unknown too, never "unlimited".
    void aCalendarWithoutAnIvIsPricedForAClose() {
        const std::string nearCall =
            formatOccSymbol("SPY", test::kWindowNear, OptionType::Call, 101);
        const std::string farCall = formatOccSymbol("SPY", test::kWindowMid, OptionType::Call, 101);
        Rig rig([&farCall](test::FakeMarketData &market) {
            priceByDistance(market);
            for (OptionContract &c : market.contracts)
                if (c.symbol == farCall) {
                    c.quote = Quote{0.01, 0.03, 10, 10, {}};
                    c.impliedVol.reset();
                    c.greeks.reset();
                }
        });
        QVERIFY(rig.load());
        StrategyBuilderModel &m = *rig.dock.model;
        QVERIFY(m.addLeg(QString::fromStdString(nearCall), OrderSide::Buy).ok());
        QVERIFY(m.addLeg(QString::fromStdString(farCall), OrderSide::Sell).ok());
        StrategyBuilderPanel &panel = *rig.dock.panel;
        QTRY_VERIFY(panel.reviewButton()->isEnabled());
        QVERIFY2(panel.messageLabel()->text().contains(QLatin1String("no implied volatility")) &&
                     panel.messageLabel()->text().contains(QLatin1String("enough to close")),
                 qPrintable(panel.messageLabel()->text()));
        for (const char *name : {"maxProfit", "maxLoss", "breakEvens"})
            QCOMPARE(panel.figureLabel(QLatin1String(name))->text(),
                     QStringLiteral("unknown (a leg has no IV)"));
        saveShot(panel, "builder_priced_not_valued");

        FakeDesk fake;
        fake.intentsChosen = true;
        const auto ticket = ticketOnTheLegs(rig, fake);
        QVERIFY(ticket);
        saveShot(*ticket, "ticket_priced_not_valued");
        for (const char *name :
             {"strategyTicketMaxProfit", "strategyTicketMaxLoss", "strategyTicketBreakEvens"}) {
            const auto *label = ticket->findChild<QLabel *>(QLatin1String(name));
            QVERIFY2(label, name);
            QVERIFY2(label->text().startsWith(QLatin1String("unknown (a leg has no IV)")) &&
                         label->toolTip().contains(QLatin1String("no implied volatility")),
                     qPrintable(label->text()));
        }
        const auto *budget = ticket->findChild<QLabel *>(QStringLiteral("strategyTicketBudget"));
        QVERIFY(budget);
        QVERIFY2(budget->text().contains(QLatin1String("can close, not open")),
                 qPrintable(budget->text()));
    }

    void killSwitchKeepsTheTicketShut() {
        Rig rig;
        QVERIFY(rig.load());
        rig.placeCondor();
        FakeDesk fake;
        const auto ticket = ticketOnTheLegs(rig, fake);
        QVERIFY(ticket);
        rig.trading->engageKillSwitch(QStringLiteral("test"));
        QTRY_VERIFY(rig.trading->killSwitchEngaged());
        QTRY_VERIFY(!ticket->confirmButton()->isEnabled());
        QVERIFY(ticket->warningLabel()->text().contains(QStringLiteral("kill switch")));
        ticket->confirm();
        QCOMPARE(fake.proposed.size(), std::size_t(1));
        QVERIFY(fake.placed.empty());
    }

    void reviewAsksTheDispatcher() {
        Rig rig;
        QVERIFY(rig.load());
        rig.placeCondor();
        QVERIFY(rig.dock.panel->reviewButton()->isEnabled());
        StrategyTicketDialog *t = openStrategyTicket(rig.dock, *rig.window, *rig.trading);
        QVERIFY(t);
        QTRY_VERIFY(t->state() != StrategyTicketDialog::State::Proposing);
        // Whatever the dispatcher answers is what the ticket shows: a refusal word for word.
        const Decision &d = *t->proposal();
        if (!d.error.empty() || !d.fallbackReason.empty()) {
            QCOMPARE(t->state(), StrategyTicketDialog::State::Refused);
            QVERIFY(t->resultLabel()->text().contains(
                models::qs(!d.error.empty() ? d.error : d.fallbackReason)));
        } else {
            QCOMPARE(t->quantityBox()->value(), d.qty);
            QCOMPARE(t->shownNetLimit(), *d.limitPrice);
        }
        t->close();
    }
};

QTEST_MAIN(TstStrategyBuilder)
#include "tst_strategy_builder.moc"
