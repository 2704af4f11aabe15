#include "ui/log.h"

Q_LOGGING_CATEGORY(lcUi, "chaingate.ui", QtInfoMsg)
