#pragma once
// The client settings that reach an in-process fake Alpaca server: both APIs at its base URL,
// the demo key pair it accepts (not secrets: they open only the loopback demo server).

#include "alpaca/alpaca_config.h"
#include "fake_alpaca/demo_credentials.h"

#include <QUrl>

namespace cg::test {

inline alpaca::AlpacaConfig demoClientConfig(const QUrl &baseUrl, int timeoutMs = 5000) {
    alpaca::AlpacaConfig c;
    c.tradingUrl = baseUrl;
    c.dataUrl = baseUrl;
    c.keyId = QString::fromLatin1(fake::kDemoKeyId);
    c.secret = QString::fromLatin1(fake::kDemoSecret);
    c.timeoutMs = timeoutMs;
    return c;
}

} // namespace cg::test
