#include "alpaca/resolve_mode.h"

namespace cg::alpaca {

namespace {

void useKeys(AlpacaConfig &c, const KeyPair &keys) {
    c.keyId = keys.keyId;
    c.secret = keys.secret;
}

ModeDecision demoOnInProcessServer(AlpacaConfig c, const KeyPair &demoKeys) {
    useKeys(c, demoKeys);
    return {TradingMode::Demo, c, true};
}

} // namespace

Result<ModeDecision> resolveMode(const ModeInputs &in) {
    auto resolved = resolveEndpoints(in.file, in.env, in.flags);
    if (!resolved)
        return resolved.error();
    AlpacaConfig c = *resolved;
    if (in.demoOnly)
        return demoOnInProcessServer(c, in.demoKeys);

    // Loopback URLs name a DEMO server run elsewhere (`chaingate-cli demo-server`): it takes the
    // demo keys, and the trader's stored keys are not sent to it over plain http.
    const bool loopback = isLoopbackHost(c.tradingUrl.host()) && isLoopbackHost(c.dataUrl.host());
    if (!c.hasKeys() && in.storedKeys && !loopback) {
        if (const auto stored = in.storedKeys();
            stored && !stored->keyId.isEmpty() && !stored->secret.isEmpty())
            useKeys(c, *stored);
    }
    if (c.hasKeys()) {
        if (auto ok = c.validate(); !ok)
            return ok.error();
        // The demo keys printed by `demo-server`, exported in another shell: still DEMO.
        if (c.keyId == in.demoKeys.keyId && isLoopbackHost(c.tradingUrl.host()))
            return ModeDecision{TradingMode::Demo, c, false};
        return ModeDecision{c.paper() ? TradingMode::Paper : TradingMode::Live, c, false};
    }

    const AlpacaConfig defaults = AlpacaConfig::fromEnvironment(QProcessEnvironment());
    // A URL named on the command line or in the environment asks for that server, Alpaca's own
    // paper URL too (a mistyped key variable must not turn a service into the simulator). The
    // settings file's count only when not the defaults: the window saves those.
    const auto named = [&](const char *variable, const std::optional<QUrl> &flag) {
        return flag.has_value() || !in.env.value(QString::fromLatin1(variable)).trimmed().isEmpty();
    };
    const bool customUrls = c.tradingUrl != defaults.tradingUrl || c.dataUrl != defaults.dataUrl ||
                            named("APCA_API_BASE_URL", in.flags.tradingUrl) ||
                            named("APCA_API_DATA_URL", in.flags.dataUrl);
    if (!customUrls)
        return demoOnInProcessServer(c, in.demoKeys);
    // A demo server started separately; the demo keys only open loopback servers.
    if (loopback) {
        useKeys(c, in.demoKeys);
        return ModeDecision{TradingMode::Demo, c, false};
    }
    if (in.noKeysRemoteFallsBackToDemo)
        return demoOnInProcessServer(c, in.demoKeys);
    // Name where the URL came from: a variable exported long ago is easy to forget.
    std::string from;
    if (in.flags.tradingUrl || in.flags.dataUrl)
        from = "--trading-url/--data-url";
    else if (named("APCA_API_BASE_URL", std::nullopt))
        from = "APCA_API_BASE_URL=" + c.tradingUrl.toString().toStdString();
    else if (named("APCA_API_DATA_URL", std::nullopt))
        from = "APCA_API_DATA_URL=" + c.dataUrl.toString().toStdString();
    else
        from = "the settings file's endpoints";
    return Error::make("No Alpaca API keys: set APCA_API_KEY_ID and APCA_API_SECRET_KEY, or drop "
                       "the trading/data URLs (" +
                       from + ") to run in DEMO mode");
}

} // namespace cg::alpaca
