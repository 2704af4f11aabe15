#include "alpaca/log.h"

Q_LOGGING_CATEGORY(lcAlpaca, "chaingate.alpaca", QtInfoMsg)
