#pragma once
// The chain table: compact rows, hideable fields (header context menu, both sides at once),
// movable columns, sorting, and a repaint timer that runs only while cells are flashing.

#include <QElapsedTimer>
#include <QTableView>
#include <QTimer>

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

Q_SIGNALS:
    void tradeRequested(const QString &contract, int side, int limit);
    // A contract's menu was built: others (the Alerts dock) add their entries to it.
    void contractMenuBuilt(QMenu *menu, const QString &contract);

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    void showHeaderMenu(const QPoint &pos);
    void setFieldHidden(int field, bool hidden);
    void updateBoundary();
    void onDataChanged();

    ChainDelegate *m_delegate;
    QTimer m_flashTimer;
    QElapsedTimer m_sinceChange;
    int m_strikeColumn = -1;
    QList<QMetaObject::Connection> m_modelConnections;
};

} // namespace cg::ui
