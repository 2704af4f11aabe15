#include "dispatch/log.h"

Q_LOGGING_CATEGORY(lcDispatch, "chaingate.dispatch", QtInfoMsg)
