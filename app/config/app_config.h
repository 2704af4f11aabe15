#pragma once
// The settings a trader edits (docs/command-line.md, "Settings file"): gate thresholds, strategy
// parameters, risk limits, endpoints, data feed, database, dispatcher interval and mode, ticket
// expiry, and how the window shows the chain. Plain values with a validation that answers in words
// a trader can read. No secret ever lives here: API keys come from the keychain or APCA_API_KEY_ID
// / APCA_API_SECRET_KEY, and a database URL carrying a password is refused (use PGPASSWORD or
// ~/.pgpass).
//
// Files: app/config/config_store.h loads and saves this from/to QSettings (INI).

#include "dispatch/dispatcher_settings.h" // plain structs only: no link to chaingate_dispatch
#include "domain/result.h"

#include <QString>
#include <QUrl>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cg::config {

// Manual: every proposed order waits for a confirmation. Auto: the timer dispatches pending
// signals without a prompt.
enum class DispatchMode { Manual, Auto };

struct Endpoints {
    static constexpr const char *kPaperTradingUrl = "https://paper-api.alpaca.markets";
    static constexpr const char *kLiveTradingUrl = "https://api.alpaca.markets";
    static constexpr const char *kDataUrl = "https://data.alpaca.markets";

    QUrl tradingUrl{QString::fromLatin1(kPaperTradingUrl)}; // paper by default
    QUrl dataUrl{QString::fromLatin1(kDataUrl)};
    QString feed = QStringLiteral("indicative"); // options feed: indicative | opra
    int requestTimeoutMs = 10000;

    // True when tradingUrl is Alpaca's live host; needs dispatcher.liveTradingEnabled.
    bool isLive() const;
    bool operator==(const Endpoints &) const = default;
};

// How the window shows things; the engine never reads these.
struct Display {
    // Chain cells flash briefly when a price moves by at least a tick (models/flash_rule.h).
    bool flashChanges = true;
    bool operator==(const Display &) const = default;
};

struct AppConfig {
    Endpoints endpoints;
    // "" (the default SQLite file in the user's data folder), "sqlite:/path/file.db", or
    // "postgresql://user@host:port/db" without a password.
    QString databaseUrl;
    DispatchMode dispatchMode = DispatchMode::Manual;
    // Gates, strategies, risk limits, order type, timer interval (timerIntervalSec), ticket expiry
    // (ticketMaxAgeSec), the live-trading opt-in (liveTradingEnabled) ...
    DispatcherSettings dispatcher;
    Display display;

    bool operator==(const AppConfig &) const = default;
};

// Every problem, one readable line each, e.g. "Maximum spread must be above 0% and at most 100%
// (got 150)"; empty when the config may be used.
std::vector<std::string> validationErrors(const AppConfig &c);
// The first problem as an Error (all of them joined with "; "), or Unit.
Result<Unit> validate(const AppConfig &c);

std::string_view toString(DispatchMode m); // manual | auto
std::optional<DispatchMode> parseDispatchMode(std::string_view s);

} // namespace cg::config
