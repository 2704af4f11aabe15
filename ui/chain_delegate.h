#pragma once
// Paints one chain cell from the model's semantic roles: in-the-money shading, failing values,
// gate marks, the strategy's pick, the at-the-money line, and a short fading flash on change (the
// model stamps only changes worth one: models/flash_rule.h). Every colour comes from the view's
// palette (ChainColors), so a theme switch repaints right.

#include <QStyledItemDelegate>

#include <functional>

namespace cg::ui {

class ChainDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    // Brief: a chain requoting every second must not stay lit over its ITM shading.
    static constexpr int kFlashMs = 280;

    explicit ChainDelegate(QObject *parent = nullptr);

    // The at-the-money line only means something while rows are in strike order.
    void setBoundaryVisible(bool on) { m_boundaryVisible = on; }
    // The trader's setting (Settings > Display): off, no cell ever flashes.
    void setFlashEnabled(bool on) { m_flashEnabled = on; }
    bool flashEnabled() const { return m_flashEnabled; }
    // "Now" for the fade, in the time the model stamps changes with (ms since the epoch): the
    // session's clock, which a replayed market (--as-of) runs from another day. The wall clock
    // until set; tests set a fixed one.
    void setClock(std::function<qint64()> nowMs) { m_nowMs = std::move(nowMs); }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    bool m_boundaryVisible = true;
    bool m_flashEnabled = true;
    std::function<qint64()> m_nowMs;
};

} // namespace cg::ui
