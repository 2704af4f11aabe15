#pragma once
// Paints one chain cell from the model's semantic roles: in-the-money shading, failing values,
// gate marks, the strategy's pick, the at-the-money line, and a short fading flash on change.

#include <QStyledItemDelegate>

namespace cg::ui {

class ChainDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    static constexpr int kFlashMs = 700;

    explicit ChainDelegate(QObject *parent = nullptr);

    // The at-the-money line only means something while rows are in strike order.
    void setBoundaryVisible(bool on) { m_boundaryVisible = on; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    bool m_boundaryVisible = true;
};

} // namespace cg::ui
