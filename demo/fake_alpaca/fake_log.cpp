#include "fake_alpaca/fake_log.h"

Q_LOGGING_CATEGORY(lcFakeAlpaca, "chaingate.fakealpaca", QtInfoMsg)
