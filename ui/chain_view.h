#pragma once
// The chain table: compact rows, hideable fields (header context menu, both sides at once),
// movable columns, sorting, and a repaint timer that runs only while cells are flashing. The
// timer repaints only where a flash fades: the columns that can flash (models/flash_rule.h), over
// the rows that changed, until their flash is over - not the whole table. Changed cells are
// repainted at most once a frame: a live flush announces hundreds of ranges a turn, and turns come
// faster than frames.

#include <QElapsedTimer>
#include <QRegion>
#include <QTableView>
#include <QTimer>

#include <vector>

class QMenu;

namespace cg::ui {

class ChainDelegate;

class ChainView : public QTableView {
    Q_OBJECT
public:
    explicit ChainView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;
    // Column of the strikes in the current layout: the at-the-money line shows in strike order.
    void setStrikeColumn(int column);
    // Hides the fields a trader rarely needs at first (Last, Gamma, Theta, Vega) and sizes the
    // columns, so both sides fit beside the docks at 1600 px.
    void applyDefaultColumns();
    void fitColumns();
    // Probability ITM and expected move (hidden by default), on both sides.
    void setOptionalColumnsVisible(bool visible);
    QByteArray saveColumns() const;
    bool restoreColumns(const QByteArray &state);

    // Trading from the chain (issue 18): what a cell's context menu offers for its contract -
    // Buy... (B), Sell... (S), Buy at the ask, Sell at the bid; nullptr for a cell without a
    // contract. The caller owns the menu. Double-clicking the bid sells at the bid, the ask buys
    // at the ask (thinkorswim's habit).
    enum class TradeSide { Buy = 0, Sell = 1 };
    enum class TradeLimit { Mid = 0, Bid = 1, Ask = 2 };
    QMenu *contractMenu(const QModelIndex &index, QWidget *parent = nullptr);

    // The part of the viewport the flash timer repaints next (tests).
    QRegion fadingRegion() const;

Q_SIGNALS:
    void tradeRequested(const QString &contract, int side, int limit);
    // A contract's menu was built: others (the Alerts dock) add their entries to it.
    void contractMenuBuilt(QMenu *menu, const QString &contract);
    // Probability ITM or expected move shown or hidden, however (View menu, header menu, a
    // restored layout): the model reports those cells changed on each load only while shown.
    void figuresShownChanged(bool shown);

protected:
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    void showHeaderMenu(const QPoint &pos);
    void setFieldHidden(int field, bool hidden);
    void announceFiguresShown();
    bool m_figuresShown = false;
    void updateBoundary();
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void repaintFading();
    void repaintChanged();
    // The viewport rectangles of `spans` (per column: rows top..bottom, none when bottom < top).
    struct Span {
        int top = 0;
        int bottom = -1;
    };
    QRegion regionOf(const std::vector<Span> &spans) const;
    void knowFlashColumns();
    void fadeAllRows();

    ChainDelegate *m_delegate;
    QTimer m_flashTimer;
    QElapsedTimer m_clock;
    // Per column of the model: whether its cells can flash, and the rows (in the view's model)
    // where they fade until `until` (ms of m_clock; 0: none).
    struct Fade {
        qint64 until = 0;
        int top = 0;
        int bottom = -1;
    };
    std::vector<Fade> m_fades;
    // Cells changed since the last frame, per column, and the frame that repaints them.
    std::vector<Span> m_changed;
    QTimer m_frameTimer;
    QElapsedTimer m_sinceFrame;
    std::vector<char> m_flashColumns;
    bool m_flashColumnsKnown = false;
    int m_strikeColumn = -1;
    QList<QMetaObject::Connection> m_modelConnections;
};

} // namespace cg::ui
