#include "models/log.h"

Q_LOGGING_CATEGORY(lcModels, "chaingate.models", QtInfoMsg)
