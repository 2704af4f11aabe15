// The models' and the window's test programs: the engine tests' headers and the Qt GUI and
// widget classes they use most (see engine_tests.h for what may go in).
#pragma once

#include "engine_tests.h"

#include <QtGui/QAction>
#include <QtGui/QColor>
#include <QtGui/QStandardItemModel>

#include <QtWidgets/QApplication>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMainWindow>
#include <QtWidgets/QMenu>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTableView>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QToolButton>
