#include "ui/chain_view.h"

#include "models/chain_field.h"
#include "models/chain_roles.h"
#include "models/flash_rule.h"
#include "ui/chain_delegate.h"

#include <QAccessible>
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

    m_clock.start();
    m_flashTimer.setInterval(40);
    connect(&m_flashTimer, &QTimer::timeout, this, &ChainView::repaintFading);
    m_frameTimer.setSingleShot(true);
    m_frameTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_frameTimer, &QTimer::timeout, this, &ChainView::repaintChanged);
}

void ChainView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                            const QList<int> &roles) {
    // Assistive technologies hear of every change, as the base class tells them.
    if (!topLeft.isValid() || !bottomRight.isValid() || QAccessible::isActive())
        return QTableView::dataChanged(topLeft, bottomRight, roles);
    const int columns = model()->columnCount();
    if (static_cast<int>(m_changed.size()) != columns)
        m_changed.assign(static_cast<std::size_t>(columns), Span{});
    for (int c = std::max(0, topLeft.column()); c <= std::min(bottomRight.column(), columns - 1);
         ++c) {
        Span &s = m_changed[static_cast<std::size_t>(c)];
        s.top = s.bottom < s.top ? topLeft.row() : std::min(s.top, topLeft.row());
        s.bottom = std::max(s.bottom, bottomRight.row());
    }
    if (m_frameTimer.isActive() || !isVisible())
        return;
    // The first change after a quiet frame shows on the next turn; more wait for the frame.
    constexpr qint64 kFrameMs = 16;
    const qint64 since = m_sinceFrame.isValid() ? m_sinceFrame.elapsed() : kFrameMs;
    m_frameTimer.start(static_cast<int>(std::max<qint64>(0, kFrameMs - since)));
}

void ChainView::repaintChanged() {
    m_sinceFrame.start();
    const QRegion region = regionOf(m_changed);
    m_changed.assign(m_changed.size(), Span{});
    if (!region.isEmpty())
        viewport()->update(region);
}

void ChainView::setModel(QAbstractItemModel *model) {
    for (const auto &c : m_modelConnections)
        disconnect(c);
    m_modelConnections.clear();
    QTableView::setModel(model);
    m_flashColumnsKnown = false;
    m_fades.clear();
    m_changed.clear();
    if (!model)
        return;
    m_modelConnections << connect(model, &QAbstractItemModel::dataChanged, this,
                                  &ChainView::onDataChanged);
    // Columns came or went (a layout switch): which ones flash is asked again.
    const auto columnsChanged = [this] {
        m_flashColumnsKnown = false;
        m_fades.clear();
    };
    m_modelConnections << connect(model, &QAbstractItemModel::modelReset, this, columnsChanged)
                       << connect(model, &QAbstractItemModel::columnsInserted, this, columnsChanged)
                       << connect(model, &QAbstractItemModel::columnsRemoved, this, columnsChanged)
                       << connect(model, &QAbstractItemModel::columnsMoved, this, columnsChanged)
                       << connect(model, &QAbstractItemModel::headerDataChanged, this,
                                  columnsChanged);
    // Rows moved (a sort, a filter): the fading cells may be anywhere now.
    const auto rowsMoved = [this] { fadeAllRows(); };
    m_modelConnections << connect(model, &QAbstractItemModel::layoutChanged, this, rowsMoved)
                       << connect(model, &QAbstractItemModel::rowsInserted, this, rowsMoved)
                       << connect(model, &QAbstractItemModel::rowsRemoved, this, rowsMoved)
                       << connect(model, &QAbstractItemModel::rowsMoved, this, rowsMoved);
}

void ChainView::knowFlashColumns() {
    if (m_flashColumnsKnown)
        return;
    m_flashColumnsKnown = true;
    const int columns = model() ? model()->columnCount() : 0;
    m_flashColumns.assign(static_cast<std::size_t>(columns), 0);
    m_fades.assign(static_cast<std::size_t>(columns), Fade{});
    for (int c = 0; c < columns; ++c) {
        const QVariant field = model()->headerData(c, Qt::Horizontal, FieldRole);
        // A column that does not say its field may flash (another model): it fades too.
        m_flashColumns[static_cast<std::size_t>(c)] =
            !field.isValid() ||
            (field.toInt() >= 0 && field.toInt() < kChainFieldCount &&
             flashRule(static_cast<ChainField>(field.toInt())) != FlashRule::Never);
    }
}

void ChainView::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight) {
    if (!m_delegate->flashEnabled())
        return; // nothing fades: no repaint timer
    knowFlashColumns();
    const qint64 until = m_clock.elapsed() + ChainDelegate::kFlashMs + 100;
    const int last = std::min(bottomRight.column(), static_cast<int>(m_fades.size()) - 1);
    bool fading = false;
    for (int c = std::max(0, topLeft.column()); c <= last; ++c) {
        if (!m_flashColumns[static_cast<std::size_t>(c)])
            continue; // repainted once by the view itself; nothing fades there
        Fade &f = m_fades[static_cast<std::size_t>(c)];
        if (f.until == 0) {
            f.top = topLeft.row();
            f.bottom = bottomRight.row();
        } else {
            f.top = std::min(f.top, topLeft.row());
            f.bottom = std::max(f.bottom, bottomRight.row());
        }
        f.until = until;
        fading = true;
    }
    if (fading && !m_flashTimer.isActive())
        m_flashTimer.start();
}

void ChainView::fadeAllRows() {
    const int rows = model() ? model()->rowCount() : 0;
    for (Fade &f : m_fades) {
        if (f.until == 0)
            continue;
        f.top = 0;
        f.bottom = rows - 1;
    }
}

QRegion ChainView::fadingRegion() const {
    std::vector<Span> spans(m_fades.size());
    for (std::size_t i = 0; i < m_fades.size(); ++i) {
        if (m_fades[i].until != 0)
            spans[i] = Span{m_fades[i].top, m_fades[i].bottom};
    }
    return regionOf(spans);
}

QRegion ChainView::regionOf(const std::vector<Span> &spans) const {
    QRegion region;
    const QRect visible = viewport()->rect();
    const int rows = model() ? model()->rowCount() : 0;
    if (rows == 0)
        return region;
    const int columns = std::min(static_cast<int>(spans.size()), model()->columnCount());
    for (int c = 0; c < columns; ++c) {
        const Span &s = spans[static_cast<std::size_t>(c)];
        if (s.bottom < s.top || isColumnHidden(c))
            continue;
        const int top = std::clamp(s.top, 0, rows - 1);
        const int bottom = std::clamp(s.bottom, 0, rows - 1);
        int y1 = rowViewportPosition(top);
        int y2 = rowViewportPosition(bottom) + rowHeight(bottom);
        if (verticalHeader()->sectionsMoved()) { // rows shown in another order than the model's
            y1 = visible.top();
            y2 = visible.bottom() + 1;
        }
        const QRect r(columnViewportPosition(c), y1, columnWidth(c), y2 - y1);
        region += r.intersected(visible);
    }
    return region;
}

void ChainView::repaintFading() {
    const QRegion region = fadingRegion();
    if (!region.isEmpty())
        viewport()->update(region);
    // A column's last repaint shows its cells with the flash over; then it stops.
    const qint64 now = m_clock.elapsed();
    bool fading = false;
    for (Fade &f : m_fades) {
        if (f.until != 0 && f.until <= now)
            f = Fade{};
        fading = fading || f.until != 0;
    }
    if (!fading)
        m_flashTimer.stop();
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
    announceFiguresShown();
}

void ChainView::announceFiguresShown() {
    bool shown = false;
    for (int c = 0; model() && c < model()->columnCount() && !shown; ++c) {
        const QVariant field = model()->headerData(c, Qt::Horizontal, FieldRole);
        shown = !isColumnHidden(c) && field.isValid() &&
                isOptionalField(static_cast<ChainField>(field.toInt()));
    }
    if (shown != m_figuresShown) {
        m_figuresShown = shown;
        Q_EMIT figuresShownChanged(shown);
    }
}

QByteArray ChainView::saveColumns() const {
    return horizontalHeader()->saveState();
}

bool ChainView::restoreColumns(const QByteArray &state) {
    if (state.isEmpty() || !horizontalHeader()->restoreState(state))
        return false;
    updateBoundary(); // the sort column came back without a signal
    announceFiguresShown();
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
