#pragma once
// DEMO, PAPER or LIVE, decided in this one place for chaingate-cli and the window, from the keys
// (the environment, then the OS keychain), the front end's flags and the endpoints
// (resolveEndpoints: flags, environment, settings file). Pure: starting the in-process DEMO
// server when the answer needs one is cg::demo::Connection's part (the engine never links demo/).

#include "alpaca/alpaca_config.h"
#include "alpaca/resolve_endpoints.h"
#include "config/app_config.h"
#include "domain/result.h"
#include "domain/trading_mode.h"

#include <QProcessEnvironment>
#include <QString>

#include <functional>
#include <optional>

namespace cg::alpaca {

struct KeyPair {
    QString keyId;
    QString secret;
};

struct ModeInputs {
    config::Endpoints file;  // the settings file's endpoints
    QProcessEnvironment env; // APCA_* (URLs and keys)
    EndpointFlags flags;     // --trading-url, --data-url, --feed
    // The OS keychain (app/keychain): asked only when the environment holds no key pair, DEMO
    // was not requested and the URLs are not both loopback (a DEMO server run elsewhere), since
    // reading it may prompt the trader to unlock it.
    std::function<std::optional<KeyPair>()> storedKeys;
    // --demo, the window's --as-of, screenshots: DEMO on the in-process server, whatever the keys.
    bool demoOnly = false;
    // No keys while the URLs name a remote host: the window opens in DEMO so the trader can enter
    // keys in Settings; chaingate-cli refuses, since a script asked for a server it cannot use.
    bool noKeysRemoteFallsBackToDemo = false;
    KeyPair demoKeys; // the pair the DEMO server accepts (the demo library knows it)
};

struct ModeDecision {
    TradingMode mode = TradingMode::Demo;
    // Where the client connects, with its keys. With needsDemoBackend the URLs are still to be
    // pointed at the in-process DEMO server once it listens.
    AlpacaConfig config;
    bool needsDemoBackend = false;
};

// Keys present: PAPER, or LIVE on Alpaca's live host; the demo key pair on a loopback server (the
// one `chaingate-cli demo-server` prints) is DEMO. No keys and the default URLs: DEMO on the
// in-process server. No keys and loopback URLs: DEMO with the demo keys against that server. No
// keys and a remote URL, or any URL named by a flag or APCA_API_*_URL (Alpaca's own too): an error
// a trader can act on (or the in-process DEMO, see above).
Result<ModeDecision> resolveMode(const ModeInputs &in);

} // namespace cg::alpaca
