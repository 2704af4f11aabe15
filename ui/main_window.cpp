#include "ui/main_window.h"

#include <QLabel>

namespace cg::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("ChainGate"));
    auto *label = new QLabel(tr("ChainGate DEMO"), this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    resize(1280, 800);
}

} // namespace cg::ui
