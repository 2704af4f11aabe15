#include "ui/chain_view.h"

#include "models/chain_field.h"
#include "models/chain_roles.h"
#include "ui/chain_delegate.h"

#include <QContextMenuEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>

#include <algorithm>

namespace cg::ui {

using namespace cg::models;

namespace {

// Widest text a field shows, to size columns once instead of measuring every row.
QString sampleText(int field) {
    switch (static_cast<ChainField>(field)) {
    case ChainField::Volume:
    case ChainField::OpenInterest:
        return QStringLiteral("000000");
    case ChainField::SpreadPct:
    case ChainField::ImpliedVol:
        return QStringLiteral("000.0");
    case ChainField::Delta:
    case ChainField::Theta:
        return QStringLiteral("-0.000");
    case ChainField::Gamma:
        return QStringLiteral("0.0000");
    case ChainField::Vega:
        return QStringLiteral("00.000");
    default:
        return QStringLiteral("0000.00");
    }
}

} // namespace

ChainView::ChainView(QWidget *parent)
    : QTableView(parent)
    , m_delegate(new ChainDelegate(this)) {
    setItemDelegate(m_delegate);
    setAlternatingRowColors(true);
    setShowGrid(false);
    setSelectionBehavior(QAbstractItemView::SelectItems);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSortingEnabled(true);
    setWordWrap(false);
    setCornerButtonEnabled(false);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 5);
    horizontalHeader()->setSectionsMovable(true);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    horizontalHeader()->setMinimumSectionSize(18);
    connect(horizontalHeader(), &QWidget::customContextMenuRequested, this,
            &ChainView::showHeaderMenu);
    connect(horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            &ChainView::updateBoundary);

    m_flashTimer.setInterval(40);
    connect(&m_flashTimer, &QTimer::timeout, this, [this] {
        viewport()->update();
        if (m_sinceChange.elapsed() > ChainDelegate::kFlashMs + 100)
            m_flashTimer.stop();
    });
}

void ChainView::setModel(QAbstractItemModel *model) {
    for (const auto &c : m_modelConnections)
        disconnect(c);
    m_modelConnections.clear();
    QTableView::setModel(model);
    if (model)
        m_modelConnections << connect(model, &QAbstractItemModel::dataChanged, this,
                                      &ChainView::onDataChanged);
}

void ChainView::onDataChanged() {
    if (!m_delegate->flashEnabled())
        return; // nothing fades: no repaint timer
    m_sinceChange.start();
    if (!m_flashTimer.isActive())
        m_flashTimer.start();
}

void ChainView::setStrikeColumn(int column) {
    m_strikeColumn = column;
    updateBoundary();
}

void ChainView::updateBoundary() {
    const int section = horizontalHeader()->sortIndicatorSection();
    const bool strikeOrder = (section == m_strikeColumn || section < 0) &&
                             horizontalHeader()->sortIndicatorOrder() == Qt::AscendingOrder;
    m_delegate->setBoundaryVisible(strikeOrder);
    viewport()->update();
}

void ChainView::fitColumns() {
    if (!model())
        return;
    const QFontMetrics fm(font());
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics fmBold(bold);
    for (int c = 0; c < model()->columnCount(); ++c) {
        const int field = model()->headerData(c, Qt::Horizontal, FieldRole).toInt();
        const QString title = model()->headerData(c, Qt::Horizontal).toString();
        int w = fm.horizontalAdvance(title) + 10;
        if (model()->headerData(c, Qt::Horizontal, GateFieldRole).toBool())
            w = std::max(fmBold.horizontalAdvance(QStringLiteral("\u2713")) + 10, 20);
        else if (field >= 0)
            w = std::max(w, fm.horizontalAdvance(sampleText(field)) + 10);
        else
            w = std::max(w, fmBold.horizontalAdvance(QStringLiteral("0000.00")) + 20);
        setColumnWidth(c, w);
    }
}

void ChainView::applyDefaultColumns() {
    if (!model())
        return;
    horizontalHeader()->reset(); // undoes moves
    for (int c = 0; c < model()->columnCount(); ++c)
        setColumnHidden(c, false);
    for (ChainField f : {ChainField::Last, ChainField::Gamma, ChainField::Theta, ChainField::Vega,
                         ChainField::ProbItm, ChainField::ExpectedMove})
        setFieldHidden(static_cast<int>(f), true);
    fitColumns();
}

void ChainView::setOptionalColumnsVisible(bool visible) {
    for (ChainField f : {ChainField::ProbItm, ChainField::ExpectedMove})
        setFieldHidden(static_cast<int>(f), !visible);
    fitColumns();
}

void ChainView::setFieldHidden(int field, bool hidden) {
    for (int c = 0; c < model()->columnCount(); ++c) {
        if (model()->headerData(c, Qt::Horizontal, FieldRole).toInt() == field)
            setColumnHidden(c, hidden);
    }
}

QByteArray ChainView::saveColumns() const {
    return horizontalHeader()->saveState();
}

bool ChainView::restoreColumns(const QByteArray &state) {
    if (state.isEmpty() || !horizontalHeader()->restoreState(state))
        return false;
    updateBoundary(); // the sort column came back without a signal
    return true;
}

void ChainView::showHeaderMenu(const QPoint &pos) {
    if (!model())
        return;
    QMenu menu(this);
    menu.addSection(tr("Columns"));
    for (int f = 0; f < kChainFieldCount; ++f) {
        bool present = false;
        bool visible = false;
        for (int c = 0; c < model()->columnCount(); ++c) {
            if (model()->headerData(c, Qt::Horizontal, FieldRole).toInt() != f)
                continue;
            present = true;
            visible = visible || !isColumnHidden(c);
        }
        if (!present)
            continue;
        const auto field = static_cast<ChainField>(f);
        QAction *a = menu.addAction(fieldDescription(field));
        a->setCheckable(true);
        a->setChecked(visible);
        connect(a, &QAction::toggled, this, [this, f](bool on) { setFieldHidden(f, !on); });
    }
    menu.addSeparator();
    connect(menu.addAction(tr("Default columns")), &QAction::triggered, this,
            &ChainView::applyDefaultColumns);
    menu.exec(horizontalHeader()->mapToGlobal(pos));
}

// ---- trading from the chain ------------------------------------------------------------------

QMenu *ChainView::contractMenu(const QModelIndex &index, QWidget *parent) {
    const QString contract = index.data(SymbolRole).toString();
    if (contract.isEmpty())
        return nullptr;
    auto *menu = new QMenu(parent ? parent : this);
    menu->setObjectName(QStringLiteral("chainContractMenu"));
    const auto add = [&](const QString &text, const QString &name, TradeSide side, TradeLimit limit,
                         const QKeySequence &key = {}) {
        QAction *a = menu->addAction(text);
        a->setObjectName(name);
        if (!key.isEmpty())
            a->setShortcut(key); // shown in the menu; the view's keyPressEvent handles the key
        connect(a, &QAction::triggered, this, [this, contract, side, limit] {
            Q_EMIT tradeRequested(contract, static_cast<int>(side), static_cast<int>(limit));
        });
    };
    menu->addSection(contract);
    add(tr("Buy %1…").arg(contract), QStringLiteral("chainBuy"), TradeSide::Buy, TradeLimit::Mid,
        QKeySequence(Qt::Key_B));
    add(tr("Sell %1…").arg(contract), QStringLiteral("chainSell"), TradeSide::Sell, TradeLimit::Mid,
        QKeySequence(Qt::Key_S));
    menu->addSeparator();
    add(tr("Buy at the ask…"), QStringLiteral("chainBuyAsk"), TradeSide::Buy, TradeLimit::Ask);
    add(tr("Sell at the bid…"), QStringLiteral("chainSellBid"), TradeSide::Sell, TradeLimit::Bid);
    Q_EMIT contractMenuBuilt(menu, contract);
    return menu;
}

void ChainView::contextMenuEvent(QContextMenuEvent *event) {
    const QModelIndex index = indexAt(event->pos());
    QMenu *menu = contractMenu(index);
    if (!menu)
        return QTableView::contextMenuEvent(event);
    setCurrentIndex(index);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
}

void ChainView::keyPressEvent(QKeyEvent *event) {
    const bool plain = event->modifiers() == Qt::NoModifier;
    if (plain && (event->key() == Qt::Key_B || event->key() == Qt::Key_S)) {
        const QString contract = currentIndex().data(SymbolRole).toString();
        if (!contract.isEmpty()) {
            const TradeSide side = event->key() == Qt::Key_B ? TradeSide::Buy : TradeSide::Sell;
            Q_EMIT tradeRequested(contract, static_cast<int>(side),
                                  static_cast<int>(TradeLimit::Mid));
            event->accept();
            return;
        }
    }
    QTableView::keyPressEvent(event);
}

void ChainView::mouseDoubleClickEvent(QMouseEvent *event) {
    const QModelIndex index = indexAt(event->position().toPoint());
    const QVariant field = index.data(FieldRole);
    const QString contract = index.data(SymbolRole).toString();
    if (!contract.isEmpty() && field.isValid()) {
        const auto f = static_cast<ChainField>(field.toInt());
        if (f == ChainField::Bid || f == ChainField::Ask) {
            Q_EMIT tradeRequested(
                contract, static_cast<int>(f == ChainField::Bid ? TradeSide::Sell : TradeSide::Buy),
                static_cast<int>(f == ChainField::Bid ? TradeLimit::Bid : TradeLimit::Ask));
            event->accept();
            return;
        }
    }
    QTableView::mouseDoubleClickEvent(event);
}

} // namespace cg::ui
