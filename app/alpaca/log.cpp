#include "alpaca/log.h"

Q_LOGGING_CATEGORY(lcAlpaca, "chaingate.alpaca", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAlpacaStream, "chaingate.alpaca.stream", QtInfoMsg)
