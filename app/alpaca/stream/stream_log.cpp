#include "alpaca/stream/stream_log.h"

Q_LOGGING_CATEGORY(lcAlpacaStream, "chaingate.alpaca.stream", QtInfoMsg)
