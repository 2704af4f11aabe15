#include "alpaca/resolve_endpoints.h"

namespace cg::alpaca {

Result<AlpacaConfig> resolveEndpoints(const config::Endpoints &file, const QProcessEnvironment &env,
                                      const EndpointFlags &flags) {
    AlpacaConfig c = AlpacaConfig::fromEnvironment(QProcessEnvironment());
    c.tradingUrl = file.tradingUrl;
    c.dataUrl = file.dataUrl;
    c.feed = file.feed;
    c.timeoutMs = file.requestTimeoutMs;
    const AlpacaConfig fromEnv = AlpacaConfig::fromEnvironment(env);
    if (!env.value(QStringLiteral("APCA_API_BASE_URL")).trimmed().isEmpty())
        c.tradingUrl = fromEnv.tradingUrl;
    if (!env.value(QStringLiteral("APCA_API_DATA_URL")).trimmed().isEmpty())
        c.dataUrl = fromEnv.dataUrl;
    if (!env.value(QStringLiteral("APCA_API_STREAM_URL")).trimmed().isEmpty())
        c.streamUrl = fromEnv.streamUrl;
    c.keyId = fromEnv.keyId;
    c.secret = fromEnv.secret;
    if (flags.tradingUrl)
        c.tradingUrl = *flags.tradingUrl;
    if (flags.dataUrl)
        c.dataUrl = *flags.dataUrl;
    if (flags.feed)
        c.feed = *flags.feed;
    if (auto ok = c.validate(); !ok)
        return ok.error();
    return c;
}

QString resolveDatabaseUrl(const std::optional<QString> &flag, const QProcessEnvironment &env,
                           const QString &fromFile) {
    if (flag)
        return *flag;
    if (const QString fromEnv = env.value(QStringLiteral("CHAINGATE_DB")); !fromEnv.isEmpty())
        return fromEnv;
    return fromFile;
}

} // namespace cg::alpaca
