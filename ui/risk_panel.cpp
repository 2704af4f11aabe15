#include "ui/risk_panel.h"

#include "models/display_format.h"
#include "models/risk_graph_model.h"
#include "ui/plot_style.h"
#include "ui/qcustomplot_include.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>

namespace cg::ui {

using models::RiskGraphModel;

namespace {

QVector<double> vec(const std::vector<double> &v) {
    return QVector<double>(v.begin(), v.end());
}

} // namespace

RiskPanel::RiskPanel(RiskGraphModel &model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_scope(new QComboBox(this))
    , m_days(new QSlider(Qt::Horizontal, this))
    , m_daysLabel(new QLabel(this))
    , m_iv(new QSlider(Qt::Horizontal, this))
    , m_ivLabel(new QLabel(this))
    , m_plot(new QCustomPlot(this))
    , m_summary(new QLabel(this))
    , m_leftOut(new QLabel(this)) {
    m_scope->setObjectName(QStringLiteral("riskScope"));
    m_scope->setToolTip(tr("One underlying, or the whole portfolio (each underlying moved by the "
                           "same percent)"));
    m_days->setObjectName(QStringLiteral("riskDays"));
    m_days->setToolTip(tr("The chosen date: days from today, up to the first expiry"));
    m_days->setRange(0, 0);
    m_iv->setObjectName(QStringLiteral("riskIvShift"));
    m_iv->setToolTip(tr("Shift every option's implied volatility by this many points"));
    m_iv->setRange(-30, 30);
    m_plot->setObjectName(QStringLiteral("riskPlot"));
    m_summary->setObjectName(QStringLiteral("riskSummary"));
    m_leftOut->setObjectName(QStringLiteral("riskLeftOut"));
    m_summary->setWordWrap(true);
    m_leftOut->setWordWrap(true);
    m_daysLabel->setMinimumWidth(
        m_daysLabel->fontMetrics().horizontalAdvance(QStringLiteral("+000 d (Dec 31)")));
    m_ivLabel->setMinimumWidth(
        m_ivLabel->fontMetrics().horizontalAdvance(QStringLiteral("IV +00 pts")));

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_scope);
    top->addSpacing(8);
    top->addWidget(new QLabel(tr("Date"), this));
    top->addWidget(m_days, 1);
    top->addWidget(m_daysLabel);
    top->addSpacing(8);
    top->addWidget(new QLabel(tr("IV"), this));
    top->addWidget(m_iv, 1);
    top->addWidget(m_ivLabel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_leftOut);
    m_plot->setMinimumHeight(160);

    m_band = new QCPItemRect(m_plot);
    m_bandLabel = new QCPItemText(m_plot);
    // The live price's label at the foot of its line.
    m_bandLabel->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    m_payoff.addLines(m_plot);
    m_payoff.addCurves(tr("Break-even at expiry"));
    m_dateBe = m_plot->addGraph();
    m_dateBe->setName(tr("Break-even at the date"));
    m_dateBe->setLineStyle(QCPGraph::lsNone);
    m_plot->legend->setVisible(true);
    m_plot->legend->removeItem(m_plot->legend->itemCount() - 1); // date break-evens: unlabelled
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignHCenter);
    m_plot->yAxis->setLabel(tr("P&L $"));
    followPalette(m_plot, [this] { applyColors(); });
    applyColors();

    connect(m_scope, &QComboBox::currentIndexChanged, this,
            [this] { m_model.setScope(m_scope->currentData().toString()); });
    connect(m_days, &QSlider::valueChanged, &m_model, &RiskGraphModel::setDaysForward);
    connect(m_iv, &QSlider::valueChanged, &m_model, &RiskGraphModel::setIvShiftPoints);
    connect(&m_model, &RiskGraphModel::underlyingsChanged, this, &RiskPanel::rebuildScopes);
    connect(&m_model, &RiskGraphModel::changed, this, &RiskPanel::redraw);
    rebuildScopes();
    redraw();
}

QString RiskPanel::summaryText() const {
    return m_summary->text();
}

QString RiskPanel::leftOutText() const {
    return m_leftOut->text();
}

void RiskPanel::rebuildScopes() {
    const QSignalBlocker block(m_scope);
    const QString current = m_model.scope();
    m_scope->clear();
    m_scope->addItem(tr("Portfolio"), QString());
    for (const QString &u : m_model.underlyings())
        m_scope->addItem(u, u);
    const int i = m_scope->findData(current);
    m_scope->setCurrentIndex(std::max(i, 0));
    if (i < 0 && !current.isEmpty())
        m_model.setScope(QString());
}

void RiskPanel::redraw() {
    {
        const QSignalBlocker block(m_days);
        m_days->setRange(0, m_model.daysToFirstExpiry());
        m_days->setValue(m_model.daysForward());
    }
    const auto &p = m_model.profile();
    const bool percent = m_model.percentAxis();
    m_daysLabel->setText(
        m_model.daysToFirstExpiry() > 0
            ? tr("+%1 d (%2)").arg(m_model.daysForward()).arg(m_model.chosenDateText())
            : tr("no expiry"));
    m_ivLabel->setText(tr("IV %1%2 pts")
                           .arg(m_model.ivShiftPoints() > 0 ? QStringLiteral("+") : QString())
                           .arg(m_model.ivShiftPoints()));
    m_summary->setText(m_model.summaryText());
    const QStringList left = m_model.leftOut();
    m_leftOut->setText(left.isEmpty()
                           ? QString()
                           : tr("Not in the graph: %1").arg(left.join(QStringLiteral("; "))));
    m_leftOut->setVisible(!left.isEmpty());

    m_plot->xAxis->setLabel(percent ? tr("Underlying, % of today's price")
                                    : tr("%1 price")
                                          .arg(m_model.scope().isEmpty()
                                                   ? m_model.underlyings().value(0)
                                                   : m_model.scope()));
    if (m_model.isEmpty()) {
        m_payoff.clear();
        m_dateBe->data()->clear();
        m_band->setVisible(false);
        m_bandLabel->setText(QString());
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const PayoffPlot::Span y = m_payoff.draw(p.spot, p.today, p.atDate, p.atExpiry,
                                             p.expiryBreakEvens, m_model.livePrice());
    m_payoff.date->setVisible(p.dateInstant != p.expiryInstant && m_model.daysForward() > 0);
    const QVector<double> dbe = vec(p.dateBreakEvens);
    m_dateBe->setData(dbe, QVector<double>(dbe.size(), 0.0), true);
    m_dateBe->setVisible(m_payoff.date->visible());

    const auto move = m_model.expectedMove();
    m_band->setVisible(bool(move));
    if (move) {
        m_band->topLeft->setCoords(m_model.livePrice() - *move, y.top);
        m_band->bottomRight->setCoords(m_model.livePrice() + *move, y.bottom);
    }
    m_bandLabel->setText(tr("live %1").arg(percent ? QStringLiteral("100%")
                                                   : models::priceText(m_model.livePrice())));
    m_bandLabel->position->setCoords(m_model.livePrice(), y.bottom);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void RiskPanel::applyColors() {
    const QPalette p = m_plot->palette();
    const QColor text = p.color(QPalette::Text);
    m_payoff.applyColors(p);
    m_dateBe->setPen(QPen(callColor(p), 2));
    m_dateBe->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, callColor(p), Qt::NoBrush, 8));
    QColor band = p.color(QPalette::Highlight);
    band.setAlpha(35);
    QColor edge = p.color(QPalette::Highlight);
    edge.setAlpha(140);
    m_band->setBrush(band);
    m_band->setPen(QPen(edge, 1, Qt::DashLine));
    m_bandLabel->setColor(text);
}

} // namespace cg::ui
