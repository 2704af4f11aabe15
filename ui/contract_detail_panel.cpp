#include "ui/contract_detail_panel.h"

#include "domain/eastern_time.h"
#include "domain/strike_selection.h"
#include "models/chain_field.h"
#include "models/display_format.h"
#include "models/expiry_list_model.h"
#include "models/payoff_curve.h"
#include "ui/chain_colors.h"
#include "ui/plot_style.h"
#include "ui/theme.h"

#include <QDateTime>
#include <QEvent>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/qcustomplot_include.h"

namespace cg::ui {

using namespace cg::models;

namespace {

QString optNum(const std::optional<double> &v, int decimals) {
    return v ? models::fixedText(*v, decimals) : QStringLiteral("\u2014");
}

// The field names (the grid's even columns) in the palette's quieter text colour.
void styleNames(QGridLayout *grid, const QPalette &palette) {
    const QColor color = secondaryText(palette);
    for (int i = 0; i < grid->count(); ++i) {
        int row = 0, col = 0, rows = 0, cols = 0;
        grid->getItemPosition(i, &row, &col, &rows, &cols);
        auto *label = qobject_cast<QLabel *>(grid->itemAt(i)->widget());
        if (!label || col % 2 != 0 || label->palette().color(QPalette::WindowText) == color)
            continue;
        QPalette p = label->palette();
        p.setColor(QPalette::WindowText, color);
        label->setPalette(p);
    }
}

} // namespace

ContractDetailPanel::ContractDetailPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_verdict(new QLabel(this))
    , m_grid(new QGridLayout)
    , m_gates(new QTableWidget(kGateCount, 3, this))
    , m_payoff(new QCustomPlot(this)) {
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setObjectName(QStringLiteral("detailTitle"));
    m_verdict->setObjectName(QStringLiteral("detailVerdict"));
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Wrapped, so long symbols never widen the dock beyond its share of the window.
    for (QLabel *l : {m_title, m_subtitle, m_verdict})
        l->setWordWrap(true);

    m_grid->setHorizontalSpacing(10);
    m_grid->setVerticalSpacing(1);
    for (const QString &name :
         {tr("Bid"), tr("Ask"), tr("Mid"), tr("Spread %"), tr("Last"), tr("Sizes"), tr("Volume"),
          tr("Open int."), tr("IV %"), tr("Delta"), tr("Gamma"), tr("Theta/day"), tr("Vega/pt"),
          tr("Rho/pt"), tr("Multiplier"), tr("Quote time")})
        addField(name);

    m_gates->setObjectName(QStringLiteral("detailGates"));
    m_gates->setHorizontalHeaderLabels({tr("Gate"), tr("Value vs limit"), tr("Reason")});
    m_gates->verticalHeader()->hide();
    m_gates->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 5);
    m_gates->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_gates->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_gates->horizontalHeader()->setStretchLastSection(true);
    m_gates->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_gates->setSelectionMode(QAbstractItemView::NoSelection);
    m_gates->setFocusPolicy(Qt::NoFocus);
    m_gates->setShowGrid(false);
    m_gates->setFixedHeight(m_gates->horizontalHeader()->sizeHint().height() +
                            kGateCount * m_gates->verticalHeader()->defaultSectionSize() + 4);
    m_gates->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_payoff->setObjectName(QStringLiteral("payoffPlot"));
    m_payoff->setMinimumHeight(200);
    m_payoff->addGraph();
    m_payoff->addGraph();
    m_payoff->graph(0)->setName(tr("At expiry"));
    m_payoff->graph(1)->setName(tr("Today"));
    m_payoff->xAxis->setLabel(tr("Underlying price"));
    m_payoff->yAxis->setLabel(tr("P/L per contract ($)"));
    m_payoff->legend->setVisible(true);
    m_payoff->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    m_payoff->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_verdict);
    layout->addLayout(m_grid);
    layout->addWidget(m_gates);
    layout->addWidget(m_payoff, 1);
    followPalette(m_payoff);
    styleNames(m_grid, palette());
    setContract(std::nullopt, 0.0, {}, false, m_rate);
}

void ContractDetailPanel::addField(const QString &name) {
    const int i = static_cast<int>(m_values.size());
    const int row = i / 2;
    const int col = (i % 2) * 2;
    auto *label = new QLabel(name, this);
    auto *value = new QLabel(this);
    value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_grid->addWidget(label, row, col);
    m_grid->addWidget(value, row, col + 1);
    m_values.insert(name, value);
}

void ContractDetailPanel::setField(const QString &name, const QString &value) {
    if (QLabel *l = m_values.value(name))
        l->setText(value);
}

QString ContractDetailPanel::fieldText(const QString &name) const {
    const QLabel *l = m_values.value(name);
    return l ? l->text() : QString();
}

QString ContractDetailPanel::titleText() const {
    return m_title->text();
}

void ContractDetailPanel::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        // Every colour set from the old palette: names, verdict, gate marks, the curves.
        styleNames(m_grid, palette());
        const std::optional<ChainEntry> entry = m_entry;
        setContract(entry, m_spot, m_now, m_isPick, m_rate);
    }
}

void ContractDetailPanel::setContract(const std::optional<ChainEntry> &entry,
                                      double underlyingPrice, Timestamp now, bool isPick,
                                      double rate) {
    m_entry = entry;
    m_isPick = isPick;
    m_spot = underlyingPrice;
    m_now = now;
    m_rate = rate;
    const ChainColors colors = ChainColors::forPalette(palette());
    if (!entry) {
        m_title->setText(tr("No contract selected"));
        m_subtitle->setText(tr("Click a cell of the chain to see the contract, its gates and "
                               "its payoff."));
        m_verdict->clear();
        for (QLabel *l : std::as_const(m_values))
            l->clear();
        for (int r = 0; r < kGateCount; ++r)
            for (int c = 0; c < 3; ++c)
                m_gates->setItem(r, c, new QTableWidgetItem);
        updatePlot();
        return;
    }
    const OptionContract &c = entry->contract;
    const QDate expiry = toQDate(c.expiry);
    const bool call = c.type == OptionType::Call;
    m_title->setText(tr("%1 %2 %3 %4")
                         .arg(QString::fromStdString(c.underlying),
                              QLocale::c().toString(expiry, QStringLiteral("MMM d ''yy")),
                              models::fixedText(c.strike, 2), call ? tr("Call") : tr("Put")));
    const int dte = daysToExpiry(c.expiry, now);
    QString moneyness;
    if (underlyingPrice > 0.0) {
        const double pct = (c.strike / underlyingPrice - 1.0) * 100.0;
        const bool itm = isInTheMoney(c.type, c.strike, underlyingPrice);
        moneyness = tr("%1 %2% · underlying %3")
                        .arg(itm ? tr("ITM") : tr("OTM"), models::fixedText(std::abs(pct), 2),
                             models::fixedText(underlyingPrice, 2));
    }
    m_subtitle->setText(tr("%1 · %n day(s) to expiry · %2", nullptr, dte)
                            .arg(QString::fromStdString(c.symbol), moneyness));

    // The results and their sentences are written here: the chain keeps the verdicts only.
    const GateReport gates = entry->gates.report(c);
    QStringList failing;
    for (const GateResult &g : gates.gates) {
        if (!g.pass)
            failing << gateName(g.id);
    }
    QString verdict = failing.isEmpty()
                          ? tr("\u2713 Passes all five gates")
                          : tr("\u2717 Fails: %1").arg(failing.join(QStringLiteral(", ")));
    if (isPick)
        verdict += tr("  \u25c6 the strategy's pick");
    m_verdict->setText(verdict);
    QPalette vp = m_verdict->palette();
    vp.setColor(QPalette::WindowText, failing.isEmpty() ? colors.pass : colors.fail);
    m_verdict->setPalette(vp);
    QFont vf = m_verdict->font();
    vf.setBold(true);
    m_verdict->setFont(vf);

    const auto value = [&](ChainField f, int d) { return optNum(fieldValue(*entry, f), d); };
    setField(tr("Bid"), value(ChainField::Bid, 2));
    setField(tr("Ask"), value(ChainField::Ask, 2));
    setField(tr("Mid"), c.quote ? midText(mid(*c.quote)) : QStringLiteral("\u2014"));
    setField(tr("Spread %"), value(ChainField::SpreadPct, 2));
    setField(tr("Last"), value(ChainField::Last, 2));
    setField(tr("Sizes"), c.quote ? tr("%1 x %2").arg(c.quote->bidSize).arg(c.quote->askSize)
                                  : QStringLiteral("\u2014"));
    setField(tr("Volume"), value(ChainField::Volume, 0));
    setField(tr("Open int."), value(ChainField::OpenInterest, 0));
    // Greeks computed from the mid are italic and say so; missing ones say why (tooltip).
    const bool computed = greeksComputed(c);
    setField(tr("IV %"),
             value(ChainField::ImpliedVol, 2) + (computed ? tr(" (computed)") : QString()));
    setField(tr("Delta"), value(ChainField::Delta, 4));
    setField(tr("Gamma"), value(ChainField::Gamma, 4));
    setField(tr("Theta/day"), value(ChainField::Theta, 4));
    setField(tr("Vega/pt"), value(ChainField::Vega, 4));
    setField(tr("Rho/pt"),
             c.greeks ? models::fixedText(c.greeks->rho, 4) : QStringLiteral("\u2014"));
    const QString source = greeksSourceText(c);
    for (const QString &name :
         {tr("IV %"), tr("Delta"), tr("Gamma"), tr("Theta/day"), tr("Vega/pt"), tr("Rho/pt")}) {
        if (QLabel *l = m_values.value(name)) {
            QFont f = l->font();
            f.setItalic(computed);
            l->setFont(f);
            l->setToolTip(source);
        }
    }
    setField(tr("Multiplier"), models::fixedText(c.multiplier, 0));
    const qint64 quoteMs = c.quote ? c.quote->time.time_since_epoch().count() : 0;
    setField(tr("Quote time"), quoteMs > 0
                                   ? QDateTime::fromMSecsSinceEpoch(quoteMs).toLocalTime().toString(
                                         QStringLiteral("HH:mm:ss"))
                                   : QStringLiteral("\u2014"));

    for (int r = 0; r < kGateCount; ++r) {
        const GateResult &g = gates.gates[static_cast<std::size_t>(r)];
        auto *name = new QTableWidgetItem(
            (g.pass ? QStringLiteral("\u2713 ") : QStringLiteral("\u2717 ")) + gateName(g.id));
        name->setForeground(g.pass ? colors.pass : colors.fail);
        auto *val = new QTableWidgetItem(gateComparisonText(g));
        val->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        auto *reason = new QTableWidgetItem(QString::fromStdString(g.reason()));
        reason->setToolTip(reason->text());
        m_gates->setItem(r, 0, name);
        m_gates->setItem(r, 1, val);
        m_gates->setItem(r, 2, reason);
    }
    updatePlot();
}

void ContractDetailPanel::updatePlot() {
    if (!m_entry) {
        m_payoff->graph(0)->data()->clear();
        m_payoff->graph(1)->data()->clear();
        m_payoff->clearItems();
        m_payoff->legend->setVisible(false); // no curves to name
        // Nothing of the previous contract stays: its IV, its prices, its ranges.
        m_payoff->graph(1)->setName(tr("Today"));
        m_payoff->xAxis->setLabel(tr("Underlying price"));
        m_payoff->xAxis->setRange(0, 5);
        m_payoff->yAxis->setRange(0, 5);
        m_payoff->replot();
        return;
    }
    const OptionContract &c = m_entry->contract;
    // The premium a buyer pays now: the ask when quoted, else the last trade. The label names
    // it, since the ticket proposes another price (the mid rounded to the tick).
    double premium = c.lastPrice.value_or(0.0);
    QString paidAt = c.lastPrice ? tr("at the last") : QString();
    if (c.quote && c.quote->ask > 0.0) {
        premium = c.quote->ask;
        paidAt = tr("at the ask");
    }
    const PayoffCurves curves = payoffCurves(c, premium, m_spot, m_rate, m_now);
    const QPalette p = palette();
    m_payoff->legend->setVisible(true);
    const QColor main = c.type == OptionType::Call ? callColor(p) : putColor(p);
    m_payoff->graph(0)->setData(curves.spot, curves.atExpiry, true);
    m_payoff->graph(0)->setPen(QPen(main, 2));
    if (curves.today.isEmpty())
        m_payoff->graph(1)->data()->clear();
    else
        m_payoff->graph(1)->setData(curves.spot, curves.today, true);
    QPen today(p.color(QPalette::Text), 1.5, Qt::DashLine);
    m_payoff->graph(1)->setPen(today);
    // The IV the curve uses and where it comes from; without one there is no curve, and the
    // legend says why instead of assuming a volatility.
    // The model that prices it: the one its IV was solved with (domain/american_option.h).
    // (For a call without a dividend the two are the same price: Black-Scholes.)
    const QString model = curves.model == VolModel::American && c.type == OptionType::Put
                              ? tr("American model")
                              : tr("Black-Scholes");
    if (curves.volUsed > 0.0)
        m_payoff->graph(1)->setName(
            greeksComputed(c)
                ? tr("Today (%1, computed IV %2%)")
                      .arg(model, models::fixedText(curves.volUsed * 100, 1))
                : tr("Today (%1, IV %2%)").arg(model, models::fixedText(curves.volUsed * 100, 1)));
    else
        m_payoff->graph(1)->setName(
            tr("Today: no IV, no curve (%1)")
                .arg(greeksSourceText(c).remove(QStringLiteral("No greeks: "))));
    m_payoff->clearItems();
    const auto vline = [this](double x, const QColor &color) {
        auto *line = new QCPItemStraightLine(m_payoff);
        line->point1->setCoords(x, 0);
        line->point2->setCoords(x, 1);
        line->setPen(QPen(color, 1, Qt::DotLine));
    };
    const ChainColors colors = ChainColors::forPalette(p);
    if (m_spot > 0.0)
        vline(m_spot, colors.boundary);
    vline(curves.breakeven, p.color(QPalette::PlaceholderText));
    // Values in the axis title: text items inside the plot collide with the legend and curves.
    // Short enough for the dock's width: the live price is the orange line.
    m_payoff->xAxis->setLabel(
        paidAt.isEmpty()
            ? tr("Underlying %1 \u00b7 breakeven %2 (no price to pay)")
                  .arg(models::fixedText(m_spot, 2), models::fixedText(curves.breakeven, 2))
            : tr("Underlying %1 \u00b7 breakeven %2 %3")
                  .arg(models::fixedText(m_spot, 2), paidAt,
                       models::fixedText(curves.breakeven, 2)));
    // The legend goes above the flat part of the curve: top left for a call, top right for a put.
    m_payoff->axisRect()->insetLayout()->setInsetAlignment(
        0, Qt::AlignTop | (c.type == OptionType::Call ? Qt::AlignLeft : Qt::AlignRight));
    m_payoff->rescaleAxes();
    const QCPRange y = m_payoff->yAxis->range();
    m_payoff->yAxis->setRange(y.lower - y.size() * 0.08, y.upper + y.size() * 0.08);
    m_payoff->replot();
}

} // namespace cg::ui
