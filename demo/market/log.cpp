#include "market/log.h"

Q_LOGGING_CATEGORY(lcMarket, "chaingate.market", QtInfoMsg)
