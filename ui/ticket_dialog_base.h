#pragma once
// What the two order tickets share (the single ticket, TicketDialog, and the multi-leg one,
// StrategyTicketDialog): how a ticket looks (title, rows, sections, the Confirm/Reject buttons),
// how it shows an answer (a hold that asks again, a final outcome), and the rule that Enter in a
// field commits what was typed and never sends. Each ticket keeps its own figures and states.

#include <QDialog>

#include <initializer_list>
#include <utility>

class QCheckBox;
class QDialogButtonBox;
class QFrame;
class QGridLayout;
class QKeyEvent;
class QLabel;
class QPushButton;

namespace cg::ui {

class TickSpinBox;

class TicketDialogBase : public QDialog {
    Q_OBJECT
public:
    using QDialog::QDialog;

protected:
    // The colour an answer is shown in.
    enum class Tone { Plain, Pass, Fail, Warning };

    // Enter commits what was typed and nothing else: never a reject, never a send.
    void keyPressEvent(QKeyEvent *event) override;

    // A row of `grid`: the name, muted, and the value label it returns (selectable; no word
    // wrap, a wrapped label in a grid is clipped and the ticket widens instead).
    QLabel *addRow(QGridLayout *grid, const QString &name, const QString &objectName = {},
                   Qt::Alignment nameAlignment = Qt::AlignVCenter);
    // The ticket's headline: large and bold.
    QLabel *makeTitle(const QString &objectName);
    // The rule under the header.
    QFrame *makeRule();
    // A word-wrapped line, hidden until it has something to say.
    QLabel *makeNote(const QString &objectName);
    // The muted paragraph that says what Confirm and Reject do.
    QLabel *makeHowTo(const QString &text, const QString &objectName);
    // The result line (m_result): what the re-check or the order came to, selectable.
    QLabel *makeResultLine(const QString &objectName);
    // The deliberate override ("send anyway"), hidden until a precaution alone holds the order.
    QCheckBox *makeOverride(const QString &text, const QString &objectName);
    // A group box's style: a bold title.
    static QString sectionStyle();
    // The outcome of an order sent whose answer was lost (Decision::sentStateUnknown): `what`
    // names it, `why` is the error, `record` where it was recorded.
    static QString unknownStateText(const QString &what, const QString &why, const QString &record);
    // Reject and Confirm (m_reject, m_confirm) in a button box. No default button: Enter
    // neither rejects nor sends; confirming takes a deliberate click (or Space on the focused
    // button), Esc rejects. The caller connects them.
    QDialogButtonBox *makeButtons(const QString &rejectName, const QString &confirmName);

    // At Confirm: each price box (shown and enabled) whose typed value is off its tick is put on
    // the nearest tick and the result line says so ("Not sent: the limit 1.03 is not on the
    // option's tick; it is now the nearest, 1.05. Confirm again to send it."); true when one
    // moved, and the ticket then sends nothing until Confirm is clicked again.
    bool confirmOffTick(std::initializer_list<std::pair<TickSpinBox *, QString>> boxes);
    // The result line in `tone` (a hold: "Not sent. ..." while the ticket asks again).
    void showResult(const QString &text, Tone tone);
    // The final outcome: the result line in bold, Confirm gone, Reject become Close.
    void showFinished(const QString &text, Tone tone);

    QLabel *m_result = nullptr;
    QPushButton *m_confirm = nullptr;
    QPushButton *m_reject = nullptr;
};

} // namespace cg::ui
