#pragma once
// Paints one chain cell from the model's semantic roles: in-the-money shading, failing values,
// gate marks, the strategy's pick, the at-the-money line, a failing contract that "Passing only"
// lists faded (DimmedRole), and a short fading flash on change (the
// model stamps only changes worth one: models/flash_rule.h). Every colour comes from the view's
// palette (ChainColors), so a theme switch repaints right.
//
// A live chain repaints hundreds of cells many times a second, so a cell is painted cheaply: its
// roles in one multiData() call, its shading and flash blended in software into one fill (the
// raster engine's arithmetic, the same pixels), and its text laid out once per distinct string
// and font (QStaticText, kept while the font stays the same).

#include <QFont>
#include <QHash>
#include <QStaticText>
#include <QStyledItemDelegate>

#include <array>
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

    // Laid-out texts kept (tests).
    int cachedTexts() const;

private:
    void drawText(QPainter *painter, const QRect &rect, int align, const QString &text,
                  int style) const;

    bool m_boundaryVisible = true;
    bool m_flashEnabled = true;
    std::function<qint64()> m_nowMs;
    // Texts laid out, one table per style (bold, italic) with the font it was laid out in and
    // that font's ascent + descent; emptied when that font changes or the table grows past a
    // screenful of distinct prices many times over.
    struct Texts {
        QFont font;
        qreal height = -1; // none laid out yet (a default QFont equals the application's)
        QHash<QString, QStaticText> laidOut;
    };
    mutable std::array<Texts, 4> m_texts;
};

} // namespace cg::ui
