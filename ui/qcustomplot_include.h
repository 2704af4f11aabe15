#pragma once
// qcustomplot.h uses Qt's `signals` and `foreach` keywords, which QT_NO_KEYWORDS switches off
// for the project; they are defined for that header only.

#define signals Q_SIGNALS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef foreach
