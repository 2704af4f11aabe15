#include "storage/log.h"

Q_LOGGING_CATEGORY(lcStorage, "chaingate.storage", QtInfoMsg)
