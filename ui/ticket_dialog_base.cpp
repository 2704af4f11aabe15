#include "ui/ticket_dialog_base.h"

#include "ui/tick_spin_box.h"

#include "ui/chain_colors.h"

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFrame>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>

namespace cg::ui {

void TicketDialogBase::keyPressEvent(QKeyEvent *event) {
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        if (auto *box = qobject_cast<QAbstractSpinBox *>(focusWidget()))
            box->interpretText();
        event->accept();
        return;
    }
    QDialog::keyPressEvent(event);
}

QLabel *TicketDialogBase::addRow(QGridLayout *grid, const QString &name, const QString &objectName,
                                 Qt::Alignment nameAlignment) {
    const int row = grid->rowCount();
    auto *label = new QLabel(name, this);
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
    label->setPalette(p);
    auto *value = new QLabel(this);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (!objectName.isEmpty())
        value->setObjectName(objectName);
    grid->addWidget(label, row, 0, Qt::AlignLeft | nameAlignment);
    grid->addWidget(value, row, 1, 1, 2);
    return value;
}

QLabel *TicketDialogBase::makeTitle(const QString &objectName) {
    auto *title = new QLabel(this);
    title->setObjectName(objectName);
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.45);
    big.setBold(true);
    title->setFont(big);
    return title;
}

QFrame *TicketDialogBase::makeRule() {
    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    return line;
}

QLabel *TicketDialogBase::makeNote(const QString &objectName) {
    auto *note = new QLabel(this);
    note->setObjectName(objectName);
    note->setWordWrap(true);
    note->hide();
    return note;
}

QLabel *TicketDialogBase::makeHowTo(const QString &text, const QString &objectName) {
    auto *howTo = new QLabel(text, this);
    howTo->setObjectName(objectName);
    howTo->setWordWrap(true);
    QPalette p = howTo->palette();
    p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
    howTo->setPalette(p);
    return howTo;
}

QLabel *TicketDialogBase::makeResultLine(const QString &objectName) {
    m_result = makeNote(objectName);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return m_result;
}

QCheckBox *TicketDialogBase::makeOverride(const QString &text, const QString &objectName) {
    auto *box = new QCheckBox(text, this);
    box->setObjectName(objectName);
    box->hide();
    return box;
}

QString TicketDialogBase::unknownStateText(const QString &what, const QString &why,
                                           const QString &record) {
    return tr("Sent, state unknown: %1. %2. It may be working: do not send it again. ChainGate "
              "asks Alpaca for it by its client order id, and Orders shows it once found.%3")
        .arg(what, why, record);
}

QString TicketDialogBase::sectionStyle() {
    return QStringLiteral("QGroupBox { font-weight: bold; }");
}

QDialogButtonBox *TicketDialogBase::makeButtons(const QString &rejectName,
                                                const QString &confirmName) {
    auto *buttons = new QDialogButtonBox(this);
    m_reject = buttons->addButton(tr("Reject"), QDialogButtonBox::RejectRole);
    m_reject->setObjectName(rejectName);
    // ActionRole: a button box makes its first AcceptRole button the default, and Enter would
    // then send the order.
    m_confirm = buttons->addButton(tr("Confirm order"), QDialogButtonBox::ActionRole);
    m_confirm->setObjectName(confirmName);
    for (QPushButton *b : {m_confirm, m_reject}) {
        b->setAutoDefault(false);
        b->setDefault(false);
    }
    // A click on Confirm leaves the focus where it is (Tab still reaches it): taking it would end
    // the edit of a price box, which then moves a price typed off the tick to the tick before
    // the click is handled, and that price would be sent unseen. confirmOffTick() moves it instead.
    m_confirm->setFocusPolicy(Qt::TabFocus);
    m_confirm->setStyleSheet(QStringLiteral(
        "QPushButton { background: #2e7d32; color: white; font-weight: bold; padding: 5px 16px; "
        "border-radius: 3px; } QPushButton:disabled { background: #5a6b5c; color: #c8c8c8; }"));
    m_reject->setMinimumWidth(110);
    return buttons;
}

bool TicketDialogBase::confirmOffTick(
    std::initializer_list<std::pair<TickSpinBox *, QString>> boxes) {
    QStringList moved;
    for (const auto &[box, name] : boxes) {
        if (!box || !box->isVisible() || !box->isEnabled())
            continue;
        // What was typed, even where the box reads its text only when the edit ends.
        box->interpretText();
        if (const std::optional<double> typed = box->snapToTick())
            moved << tr("the %1 %2 is not on the option's tick; it is now the nearest, %3.")
                         .arg(name, QString::number(*typed, 'f', 2),
                              QString::number(box->value(), 'f', 2));
    }
    if (moved.isEmpty())
        return false;
    showResult(tr("Not sent: %1 Confirm again to send it.").arg(moved.join(QLatin1Char(' '))),
               Tone::Warning);
    return true;
}

void TicketDialogBase::showResult(const QString &text, Tone tone) {
    if (!m_result)
        return;
    const ChainColors colors = ChainColors::forPalette(palette());
    QColor color = palette().color(QPalette::WindowText);
    switch (tone) {
    case Tone::Plain:
        break;
    case Tone::Pass:
        color = colors.pass;
        break;
    case Tone::Fail:
        color = colors.fail;
        break;
    case Tone::Warning:
        color = colors.warning;
        break;
    }
    QPalette p = m_result->palette();
    p.setColor(QPalette::WindowText, color);
    m_result->setPalette(p);
    m_result->setText(text);
    m_result->show();
}

void TicketDialogBase::showFinished(const QString &text, Tone tone) {
    if (m_result) {
        QFont f = m_result->font();
        f.setBold(true);
        m_result->setFont(f);
    }
    showResult(text, tone);
    if (m_confirm)
        m_confirm->hide();
    if (m_reject) {
        m_reject->setText(tr("Close"));
        m_reject->setEnabled(true);
        m_reject->setFocus();
    }
}

} // namespace cg::ui
