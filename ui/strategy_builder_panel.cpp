#include "ui/strategy_builder_panel.h"

#include "dispatch/strategy_decision.h"
#include "domain/eastern_time.h"
#include "models/display_format.h"
#include "models/strategy_builder_model.h"
#include "ui/chain_colors.h"
#include "ui/plot_style.h"
#include "ui/qcustomplot_include.h"

#include <QApplication>
#include <QComboBox>
#include <QDate>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace cg::ui {

using models::StrategyBuilderModel;
using models::StrategyPlacement;

namespace {

QDate toDate(std::chrono::year_month_day d) {
    return QDate(int(d.year()), int(unsigned(d.month())), int(unsigned(d.day())));
}

// "1.23 debit", "0.87 credit": Alpaca's sign (debit positive) as a trader reads it.
QString netText(double net) {
    if (std::abs(net) < 1e-9)
        return StrategyBuilderPanel::tr("0.00 even");
    return net > 0 ? StrategyBuilderPanel::tr("%1 debit").arg(models::fixedText(net, 2))
                   : StrategyBuilderPanel::tr("%1 credit").arg(models::fixedText(-net, 2));
}

// Side as a Buy/Sell box, ratio as a 1-10 box; the gates column in pass/fail colours.
class LegDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override {
        if (index.column() == StrategyBuilderModel::Side) {
            auto *box = new QComboBox(parent);
            box->addItem(StrategyBuilderPanel::tr("Buy"));
            box->addItem(StrategyBuilderPanel::tr("Sell"));
            return box;
        }
        if (index.column() == StrategyBuilderModel::Ratio) {
            auto *box = new QSpinBox(parent);
            box->setRange(1, 10);
            return box;
        }
        return QStyledItemDelegate::createEditor(parent, option, index);
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override {
        if (auto *box = qobject_cast<QComboBox *>(editor))
            box->setCurrentIndex(index.data(Qt::EditRole).toInt());
        else if (auto *spin = qobject_cast<QSpinBox *>(editor))
            spin->setValue(index.data(Qt::EditRole).toInt());
        else
            QStyledItemDelegate::setEditorData(editor, index);
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override {
        if (auto *box = qobject_cast<QComboBox *>(editor))
            model->setData(index, box->currentIndex(), Qt::EditRole);
        else if (auto *spin = qobject_cast<QSpinBox *>(editor))
            model->setData(index, spin->value(), Qt::EditRole);
        else
            QStyledItemDelegate::setModelData(editor, model, index);
    }

    // The five marks each in its own colour: a leg failing one gate reads which one at a glance.
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override {
        const QString marks = index.data().toString();
        if (index.column() != StrategyBuilderModel::Gates || marks.isEmpty())
            return QStyledItemDelegate::paint(painter, option, index);
        QStyleOptionViewItem o = option;
        initStyleOption(&o, index);
        o.text.clear();
        const QWidget *w = o.widget;
        (w ? w->style() : QApplication::style())
            ->drawControl(QStyle::CE_ItemViewItem, &o, painter, w);
        const ChainColors colors = ChainColors::forPalette(option.palette);
        painter->save();
        painter->setFont(o.font);
        QRect r = o.rect.adjusted(4, 0, 0, 0);
        for (const QChar c : marks) {
            painter->setPen(c == QChar(0x2714) ? colors.pass : colors.fail);
            painter->drawText(r, Qt::AlignLeft | Qt::AlignVCenter, QString(c));
            r.setLeft(r.left() + o.fontMetrics.horizontalAdvance(c));
        }
        painter->restore();
    }

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        const ChainColors colors = ChainColors::forPalette(option->palette);
        if (index.column() == StrategyBuilderModel::Gates) {
            const QVariant pass = index.data(StrategyBuilderModel::GatesPassRole);
            if (pass.isValid())
                option->palette.setColor(QPalette::Text, pass.toBool() ? colors.pass : colors.fail);
        } else if (index.column() == StrategyBuilderModel::Side) {
            option->font.setBold(true);
            option->palette.setColor(QPalette::Text, index.data(Qt::EditRole).toInt() == 0
                                                         ? callColor(option->palette)
                                                         : putColor(option->palette));
        }
    }
};

} // namespace

StrategyBuilderPanel::StrategyBuilderPanel(StrategyBuilderModel &model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_template(new QComboBox(this))
    , m_placement(new QComboBox(this))
    , m_value(new QDoubleSpinBox(this))
    , m_width(new QDoubleSpinBox(this))
    , m_farLabel(new QLabel(tr("Far"), this))
    , m_far(new QComboBox(this))
    , m_place(new QPushButton(tr("Place"), this))
    , m_legs(new QTableView(this))
    , m_remove(new QPushButton(tr("Remove leg"), this))
    , m_clear(new QPushButton(tr("Clear"), this))
    , m_message(new QLabel(this))
    , m_figures(new QWidget(this))
    , m_days(new QSlider(Qt::Horizontal, this))
    , m_daysLabel(new QLabel(this))
    , m_plot(new QCustomPlot(this))
    , m_review(new QPushButton(tr("Review order\u2026"), this)) {
    setObjectName(QStringLiteral("strategyBuilderPanel"));
    m_template->setObjectName(QStringLiteral("strategyTemplate"));
    for (StrategyTemplate t : allStrategyTemplates())
        m_template->addItem(models::strategyTitle(t), static_cast<int>(t));
    m_template->setCurrentIndex(
        m_template->findData(static_cast<int>(StrategyTemplate::IronCondor)));
    m_template->setToolTip(tr("The structure to place on the shown expiry"));
    m_placement->setObjectName(QStringLiteral("strategyPlacement"));
    m_placement->addItem(tr("At the money"), static_cast<int>(StrategyPlacement::AtTheMoney));
    m_placement->addItem(tr("Short delta"), static_cast<int>(StrategyPlacement::Delta));
    m_placement->addItem(tr("OTM %"), static_cast<int>(StrategyPlacement::OtmPercent));
    m_placement->setToolTip(tr("Where the short legs go: the strike nearest the underlying, the "
                               "contract nearest a |delta|, or a percent out of the money"));
    m_value->setObjectName(QStringLiteral("strategyPlacementValue"));
    m_value->setDecimals(2);
    m_value->setRange(0.0, 100.0);
    m_width->setObjectName(QStringLiteral("strategyWidth"));
    m_width->setPrefix(QStringLiteral("$"));
    m_width->setDecimals(1);
    m_width->setRange(0.5, 500.0);
    m_width->setValue(5.0);
    m_width->setToolTip(tr("Dollars from a short leg to its wing (the next listed strike at "
                           "least this far)"));
    m_far->setObjectName(QStringLiteral("strategyFarExpiry"));
    m_far->setToolTip(tr("The far expiry of a calendar or diagonal"));
    m_place->setObjectName(QStringLiteral("strategyPlace"));
    m_place->setToolTip(tr("Place the template's legs on the shown expiry (replaces the legs)"));

    auto *controls = new QHBoxLayout;
    controls->setContentsMargins(0, 0, 0, 0);
    controls->addWidget(m_template);
    controls->addWidget(m_placement);
    controls->addWidget(m_value);
    controls->addWidget(new QLabel(tr("Width"), this));
    controls->addWidget(m_width);
    controls->addWidget(m_farLabel);
    controls->addWidget(m_far);
    controls->addWidget(m_place);
    controls->addStretch(1);

    m_legs->setObjectName(QStringLiteral("strategyLegs"));
    m_legs->setModel(&model);
    m_legs->setItemDelegate(new LegDelegate(m_legs));
    m_legs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_legs->setSelectionMode(QAbstractItemView::SingleSelection);
    m_legs->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::SelectedClicked);
    m_legs->verticalHeader()->hide();
    m_legs->verticalHeader()->setDefaultSectionSize(m_legs->fontMetrics().height() + 8);
    m_legs->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_legs->horizontalHeader()->setSectionResizeMode(StrategyBuilderModel::Contract,
                                                     QHeaderView::Stretch);
    m_legs->setMinimumHeight(m_legs->verticalHeader()->defaultSectionSize() * 5 + 4);
    m_legs->setMaximumHeight(m_legs->verticalHeader()->defaultSectionSize() * 5 + 30);
    m_remove->setObjectName(QStringLiteral("strategyRemoveLeg"));
    m_clear->setObjectName(QStringLiteral("strategyClear"));
    auto *legButtons = new QVBoxLayout;
    legButtons->addWidget(m_remove);
    legButtons->addWidget(m_clear);
    legButtons->addStretch(1);
    auto *legsRow = new QHBoxLayout;
    legsRow->addWidget(m_legs, 1);
    legsRow->addLayout(legButtons);

    m_message->setObjectName(QStringLiteral("strategyMessage"));
    m_message->setWordWrap(true);

    // The figures, two columns of name and value.
    auto *grid = new QGridLayout(m_figures);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(2);
    const QList<QPair<QString, QString>> names{
        {QStringLiteral("netMid"), tr("Net at mid")},
        {QStringLiteral("netNatural"), tr("Net at natural")},
        {QStringLiteral("spread"), tr("Combined spread")},
        {QStringLiteral("combo"), tr("Combo gate")},
        {QStringLiteral("maxProfit"), tr("Max profit")},
        {QStringLiteral("maxLoss"), tr("Max loss")},
        {QStringLiteral("breakEvens"), tr("Break-evens")},
        {QStringLiteral("pop"), tr("Probability of profit")},
        {QStringLiteral("greeks"), tr("Greeks (per unit)")},
    };
    for (int i = 0; i < names.size(); ++i) {
        auto *name = new QLabel(names[i].second, m_figures);
        QPalette p = name->palette();
        p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
        name->setPalette(p);
        auto *value = new QLabel(m_figures);
        value->setObjectName(QStringLiteral("strategy_") + names[i].first);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        const int row = i < 5 ? i : i - 5;
        const int col = i < 5 ? 0 : 2;
        grid->addWidget(name, row, col);
        grid->addWidget(value, row, col + 1);
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);

    m_days->setObjectName(QStringLiteral("strategyDays"));
    m_days->setRange(0, 0);
    m_days->setToolTip(tr("The chosen date of the middle curve: days from today, up to the near "
                          "expiry"));
    m_daysLabel->setMinimumWidth(
        m_daysLabel->fontMetrics().horizontalAdvance(QStringLiteral("+000 d (Dec 31)")));
    auto *dateRow = new QHBoxLayout;
    dateRow->addWidget(new QLabel(tr("Date"), this));
    dateRow->addWidget(m_days, 1);
    dateRow->addWidget(m_daysLabel);
    m_review->setObjectName(QStringLiteral("strategyReview"));
    m_review->setToolTip(tr("Open the multi-leg ticket: the dispatcher sizes it and checks every "
                            "gate and limit; nothing is sent before you confirm"));
    dateRow->addSpacing(12);
    dateRow->addWidget(m_review);

    m_plot->setObjectName(QStringLiteral("strategyPlot"));
    m_plot->setMinimumHeight(170);
    m_payoff.addLines(m_plot);
    m_liveLabel = new QCPItemText(m_plot);
    m_liveLabel->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    m_payoff.addCurves(tr("Break-even"));
    m_plot->legend->setVisible(true);
    // Top right: a short structure's profit plateau sits in the middle.
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_plot->yAxis->setLabel(tr("P&L $ per unit"));
    followPalette(m_plot, [this] { applyColors(); });
    applyColors();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(controls);
    layout->addLayout(legsRow);
    layout->addWidget(m_message);
    layout->addWidget(m_figures);
    layout->addLayout(dateRow);
    layout->addWidget(m_plot, 1);

    connect(m_template, &QComboBox::currentIndexChanged, this,
            &StrategyBuilderPanel::onTemplateChanged);
    connect(m_placement, &QComboBox::currentIndexChanged, this,
            &StrategyBuilderPanel::onPlacementChanged);
    connect(m_place, &QPushButton::clicked, this, &StrategyBuilderPanel::placeChosen);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_legs->currentIndex();
        if (current.isValid())
            m_model.removeLeg(current.row());
        else if (m_model.rowCount() > 0)
            m_model.removeLeg(m_model.rowCount() - 1);
    });
    connect(m_clear, &QPushButton::clicked, &m_model, &StrategyBuilderModel::clear);
    connect(m_days, &QSlider::valueChanged, &m_model, &StrategyBuilderModel::setDaysForward);
    connect(m_review, &QPushButton::clicked, this, &StrategyBuilderPanel::reviewRequested);
    connect(&m_model, &StrategyBuilderModel::figuresChanged, this,
            &StrategyBuilderPanel::updateFigures);
    connect(&m_model, &StrategyBuilderModel::expiriesChanged, this,
            &StrategyBuilderPanel::rebuildFarExpiries);
    rebuildFarExpiries();
    onTemplateChanged();
    updateFigures();
}

QLabel *StrategyBuilderPanel::figureLabel(const QString &name) const {
    return m_figures->findChild<QLabel *>(QStringLiteral("strategy_") + name);
}

void StrategyBuilderPanel::setReviewAvailable(bool available, const QString &why) {
    m_reviewAvailable = available;
    m_review->setToolTip(available ? tr("Open the multi-leg ticket: the dispatcher sizes it and "
                                        "checks every gate and limit; nothing is sent before you "
                                        "confirm")
                                   : why);
    updateFigures();
}

void StrategyBuilderPanel::rebuildFarExpiries() {
    const QVariant current = m_far->currentData();
    const QSignalBlocker block(m_far);
    m_far->clear();
    const auto shown = m_model.shownExpiry();
    for (const auto &e : m_model.laterExpiries()) {
        const int gap =
            shown ? static_cast<int>(
                        (std::chrono::sys_days{e} - std::chrono::sys_days{*shown}).count())
                  : 0;
        m_far->addItem(tr("%1 (+%2 d)")
                           .arg(QLocale::c().toString(toDate(e), QStringLiteral("MMM d ''yy")))
                           .arg(gap),
                       toDate(e));
    }
    int i = m_far->findData(current);
    if (i < 0) // the first expiry four weeks or more after the shown one, as the builder's rule
        for (int j = 0; j < m_far->count() && i < 0; ++j)
            if (shown && m_far->itemData(j).toDate() >= toDate(*shown).addDays(28))
                i = j;
    m_far->setCurrentIndex(std::max(0, i));
}

void StrategyBuilderPanel::onTemplateChanged() {
    const auto kind = static_cast<StrategyTemplate>(m_template->currentData().toInt());
    const bool far = spansExpiries(kind);
    m_farLabel->setVisible(far);
    m_far->setVisible(far);
    applyTemplateSettings();
}

void StrategyBuilderPanel::setTemplateSettings(
    std::function<StrategySettings(StrategyTemplate)> settingsOf) {
    m_settingsOf = settingsOf ? std::move(settingsOf) : defaultStrategySettings;
    applyTemplateSettings();
}

void StrategyBuilderPanel::applyTemplateSettings() {
    const auto kind = static_cast<StrategyTemplate>(m_template->currentData().toInt());
    const StrategySettings settings = m_settingsOf(kind);
    const StrategyPlacement by = settings.build.shortDelta   ? StrategyPlacement::Delta
                                 : settings.build.otmPct > 0 ? StrategyPlacement::OtmPercent
                                                             : StrategyPlacement::AtTheMoney;
    {
        const QSignalBlocker block(m_placement);
        m_placement->setCurrentIndex(m_placement->findData(static_cast<int>(by)));
    }
    onPlacementChanged(); // the value box's range for the placement
    if (by != StrategyPlacement::AtTheMoney)
        m_value->setValue(settings.build.shortDelta.value_or(settings.build.otmPct));
    m_width->setValue(settings.build.width);
}

void StrategyBuilderPanel::onPlacementChanged() {
    const auto by = static_cast<StrategyPlacement>(m_placement->currentData().toInt());
    m_value->setEnabled(by != StrategyPlacement::AtTheMoney);
    const QSignalBlocker block(m_value);
    if (by == StrategyPlacement::Delta) {
        m_value->setRange(0.01, 0.99);
        m_value->setSingleStep(0.01);
        m_value->setSuffix(QString());
        m_value->setValue(0.16);
        m_value->setToolTip(tr("|delta| of the short legs (0.16 = 16 delta)"));
    } else {
        m_value->setRange(0.0, 50.0);
        m_value->setSingleStep(0.5);
        m_value->setSuffix(QStringLiteral("%"));
        m_value->setValue(by == StrategyPlacement::OtmPercent ? 3.0 : 0.0);
        m_value->setToolTip(tr("Percent of the underlying out of the money for the short legs"));
    }
}

void StrategyBuilderPanel::placeChosen() {
    models::StrategyPlacementParams p;
    p.kind = static_cast<StrategyTemplate>(m_template->currentData().toInt());
    p.by = static_cast<StrategyPlacement>(m_placement->currentData().toInt());
    p.value = m_value->value();
    p.width = m_width->value();
    if (spansExpiries(p.kind) && m_far->currentData().toDate().isValid()) {
        const QDate d = m_far->currentData().toDate();
        p.farExpiry = std::chrono::year_month_day{std::chrono::year{d.year()},
                                                  std::chrono::month{unsigned(d.month())},
                                                  std::chrono::day{unsigned(d.day())}};
    }
    const auto placed = m_model.placeTemplate(p);
    if (!placed) // a placed template shows its explanation (updateFigures)
        showMessage(models::qs(placed.error().message), true);
}

void StrategyBuilderPanel::placeDefault(StrategyTemplate kind) {
    m_template->setCurrentIndex(m_template->findData(static_cast<int>(kind)));
    applyTemplateSettings(); // also where the template was chosen already
    placeChosen();
}

void StrategyBuilderPanel::showMessage(const QString &text, bool error) {
    QPalette p = palette();
    if (error)
        p.setColor(QPalette::WindowText, ChainColors::forPalette(palette()).fail);
    m_message->setPalette(p);
    m_message->setText(text);
    m_message->setProperty("error", error);
}

void StrategyBuilderPanel::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        // The message's colour and the figures' pass/fail colours follow the theme.
        showMessage(m_message->text(), m_message->property("error").toBool());
        updateFigures();
    }
}

void StrategyBuilderPanel::updateFigures() {
    using models::moneyText;
    const ChainColors colors = ChainColors::forPalette(palette());
    const auto set = [this](const QString &name, const QString &text,
                            std::optional<QColor> color = std::nullopt) {
        QLabel *l = figureLabel(name);
        QPalette p = palette();
        if (color)
            p.setColor(QPalette::WindowText, *color);
        l->setPalette(p);
        l->setText(text);
    };
    const auto &f = m_model.figures();
    const bool legs = !m_model.isEmpty();
    m_remove->setEnabled(legs);
    m_clear->setEnabled(legs);
    m_review->setEnabled(m_reviewAvailable && legs && m_model.rowCount() >= 2 && f.has_value());
    if (!f) {
        for (const char *n : {"netMid", "netNatural", "spread", "maxProfit", "maxLoss",
                              "breakEvens", "pop", "greeks"})
            set(QLatin1String(n), QStringLiteral("\u2014"));
        set(QStringLiteral("combo"), legs ? models::qs(m_model.combo().reason) : QString());
    } else {
        const double mult = f->multiplier;
        set(QStringLiteral("netMid"),
            tr("%1  (%2 per unit)").arg(netText(f->netMid), moneyText(f->netMid * mult)));
        set(QStringLiteral("netNatural"), netText(f->netNatural));
        set(QStringLiteral("spread"),
            tr("%1 (%2 per unit)")
                .arg(models::fixedText(f->combinedSpread, 2), moneyText(f->combinedSpread * mult)));
        const auto &combo = m_model.combo();
        set(QStringLiteral("combo"),
            (combo.pass ? QStringLiteral("\u2714 ") : QStringLiteral("\u2718 ")) +
                models::qs(combo.reason),
            combo.pass ? colors.pass : colors.fail);
        figureLabel(QStringLiteral("combo"))->setToolTip(models::qs(combo.reason));
        if (f->valued()) {
            set(QStringLiteral("maxProfit"),
                f->maxProfit ? moneyText(*f->maxProfit * mult) : tr("unlimited"));
            set(QStringLiteral("maxLoss"),
                f->maxLoss ? moneyText(*f->maxLoss * mult) : tr("unlimited"),
                f->maxLoss ? std::nullopt : std::optional<QColor>(colors.fail));
            QStringList be;
            for (double x : f->breakEvens)
                be << models::fixedText(x, 2);
            set(QStringLiteral("breakEvens"),
                be.isEmpty() ? tr("none") : be.join(QStringLiteral(", ")));
        } else { // priced, not valued: the message says why
            for (const char *n : {"maxProfit", "maxLoss", "breakEvens"})
                set(QLatin1String(n), tr("unknown (a leg has no IV)"));
        }
        set(QStringLiteral("pop"), f->probabilityOfProfit
                                       ? models::percentText(*f->probabilityOfProfit * 100.0, 1)
                                       : tr("unknown (a leg has no IV)"));
        set(QStringLiteral("greeks"), f->greeks
                                          ? tr("\u0394 %1  \u0393 %2  \u0398 %3  V %4")
                                                .arg(models::fixedText(f->greeks->delta * mult, 1),
                                                     models::fixedText(f->greeks->gamma * mult, 2),
                                                     models::fixedText(f->greeks->theta * mult, 2),
                                                     models::fixedText(f->greeks->vega * mult, 2))
                                          : tr("unknown"));
    }
    // The message: why there are no figures, the first gate that fails, else how the legs were
    // placed.
    const QString failure = m_model.firstGateFailure();
    if (!legs)
        showMessage(tr("Place a template, or add legs from the chain (right-click a contract: "
                       "Add to strategy)."),
                    false);
    else if (!f)
        showMessage(m_model.figuresError(), true);
    else if (!f->valued())
        showMessage(tr("%1 (priced: enough to close, not to open)").arg(m_model.figuresError()),
                    true);
    else if (!failure.isEmpty())
        showMessage(tr("Gate: %1").arg(failure), true);
    else
        showMessage(m_model.strategy().explanation.empty()
                        ? tr("Legs added by hand.")
                        : models::qs(m_model.strategy().explanation),
                    false);
    {
        const QSignalBlocker block(m_days);
        m_days->setRange(0, m_model.daysToNearExpiry());
        m_days->setValue(m_model.daysForward());
    }
    const auto &p = m_model.payoff();
    const QDate date = toDate(easternDate(p.dateInstant)); // the New York date
    m_daysLabel->setText(legs ? tr("+%1 d (%2)")
                                    .arg(m_model.daysForward())
                                    .arg(QLocale::c().toString(date, QStringLiteral("MMM d")))
                              : QString());
    redraw();
}

void StrategyBuilderPanel::redraw() {
    const auto &p = m_model.payoff();
    if (p.empty()) {
        m_payoff.clear();
        m_liveLabel->setText(QString());
        m_liveLabel->setVisible(false);
        m_plot->xAxis->setLabel(QString());
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const PayoffPlot::Span y =
        m_payoff.draw(p.spot, p.today, p.atDate, p.atExpiry, p.breakEvens, p.livePrice);
    m_payoff.date->setVisible(m_model.daysForward() > 0 && !p.atDate.empty());
    m_plot->xAxis->setLabel(
        tr("%1 at the near expiry").arg(models::qs(m_model.strategy().underlying)));
    m_liveLabel->setVisible(true);
    m_liveLabel->setText(tr("live %1").arg(models::fixedText(p.livePrice, 2)));
    m_liveLabel->position->setCoords(p.livePrice, y.bottom);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void StrategyBuilderPanel::applyColors() {
    const QPalette p = m_plot->palette();
    m_payoff.applyColors(p);
    m_liveLabel->setColor(p.color(QPalette::Text));
}

} // namespace cg::ui
