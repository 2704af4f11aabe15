#pragma once
// Where a front end connects, decided one way for chaingate-cli and the window: the flags, then
// the APCA_* environment variables, then the settings file's endpoints, then the defaults
// (Alpaca paper). Keys only ever come from the environment (or the keychain, added by the
// window); never from a file.

#include "alpaca/alpaca_config.h"
#include "config/app_config.h" // Endpoints: a plain struct
#include "domain/result.h"

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <optional>

namespace cg::alpaca {

struct EndpointFlags {
    std::optional<QUrl> tradingUrl; // --trading-url
    std::optional<QUrl> dataUrl;    // --data-url
    std::optional<QString> feed;    // --feed
};

// Validated (plain http only on loopback, a known feed, ...).
Result<AlpacaConfig> resolveEndpoints(const config::Endpoints &file, const QProcessEnvironment &env,
                                      const EndpointFlags &flags = {});

// The execution database: the flag, then CHAINGATE_DB, then the settings file's, else "" (the
// default SQLite file).
QString resolveDatabaseUrl(const std::optional<QString> &flag, const QProcessEnvironment &env,
                           const QString &fromFile);

} // namespace cg::alpaca
