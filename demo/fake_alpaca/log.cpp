#include "fake_alpaca/log.h"

Q_LOGGING_CATEGORY(lcFakeAlpaca, "chaingate.fakealpaca", QtInfoMsg)
