#pragma once
// Where the Alpaca client connects and with which keys. Read from the environment variables
// Alpaca's own SDKs use, overridable from the command line; no keys means DEMO mode.

#include "domain/result.h"

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace cg::alpaca {

struct AlpacaConfig {
    static constexpr const char *kPaperTradingUrl = "https://paper-api.alpaca.markets";
    static constexpr const char *kLiveTradingUrl = "https://api.alpaca.markets";
    static constexpr const char *kDataUrl = "https://data.alpaca.markets";
    static constexpr const char *kStreamUrl = "wss://stream.data.alpaca.markets";

    QUrl tradingUrl{QString::fromLatin1(kPaperTradingUrl)};
    QUrl dataUrl{QString::fromLatin1(kDataUrl)};
    QString keyId;
    QString secret;
    // Market-data stream host; the feed path /v1beta1/<feed> is added. Empty: follows dataUrl
    // (Alpaca's data.* host -> stream.data.*, anything else the same host with ws/wss).
    QUrl streamUrl;
    QString feed = QStringLiteral("indicative"); // options feed: indicative | opra
    int timeoutMs = 10000;

    // The options stream, e.g. wss://stream.data.alpaca.markets/v1beta1/indicative, or
    // ws://127.0.0.1:PORT/v1beta1/indicative for the loopback fake server.
    QUrl optionStreamUrl() const;
    // The trade updates stream: the trading host with ws/wss and /stream.
    QUrl tradeUpdatesUrl() const;

    // APCA_API_BASE_URL, APCA_API_DATA_URL, APCA_API_STREAM_URL, APCA_API_KEY_ID,
    // APCA_API_SECRET_KEY; unset or empty
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

} // namespace cg::alpaca
