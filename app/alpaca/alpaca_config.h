#pragma once
// Where the Alpaca client connects and with which keys. Read from the environment variables
// Alpaca's own SDKs use, overridable from the command line; no keys means DEMO mode.

#include "domain/result.h"

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace cg {

struct AlpacaConfig {
    static constexpr const char *kPaperTradingUrl = "https://paper-api.alpaca.markets";
    static constexpr const char *kLiveTradingUrl = "https://api.alpaca.markets";
    static constexpr const char *kDataUrl = "https://data.alpaca.markets";

    QUrl tradingUrl{QString::fromLatin1(kPaperTradingUrl)};
    QUrl dataUrl{QString::fromLatin1(kDataUrl)};
    QString keyId;
    QString secret;
    QString feed = QStringLiteral("indicative"); // options feed: indicative | opra
    int timeoutMs = 10000;

    // APCA_API_BASE_URL, APCA_API_DATA_URL, APCA_API_KEY_ID, APCA_API_SECRET_KEY; unset or empty
    // variables keep the defaults.
    static AlpacaConfig
    fromEnvironment(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

    bool hasKeys() const { return !keyId.isEmpty() && !secret.isEmpty(); }
    // Anything but Alpaca's live trading host counts as paper (the demo and test servers too).
    bool paper() const;

    // Refuses what must never be used: plain http to anything but loopback (the keys would
    // travel in clear), relative or malformed URLs, an unknown feed, a half-set key pair.
    Result<Unit> validate() const;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool isLoopbackHost(const QString &host);

} // namespace cg
