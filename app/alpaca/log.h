#pragma once
// The alpaca library's logging categories: the REST client (chaingate.alpaca) and the pushed
// streams (chaingate.alpaca.stream), so that either can be turned up on its own.

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcAlpaca)
Q_DECLARE_LOGGING_CATEGORY(lcAlpacaStream)
