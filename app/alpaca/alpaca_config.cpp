#include "alpaca/alpaca_config.h"

#include <QHostAddress>

namespace cg::alpaca {

namespace {

Result<Unit> validateUrl(const QUrl &url, const char *what, const char *envName) {
    const auto name = [&]() -> QString {
        return QStringLiteral("%1 (%2)").arg(QLatin1String(what), QLatin1String(envName));
    };
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return Error::make(QStringLiteral("%1 \"%2\" is not a valid URL; expected e.g. "
                                          "https://paper-api.alpaca.markets")
                               .arg(name(), url.toDisplayString(QUrl::RemoveUserInfo))
                               .toStdString());
    if (!url.userInfo().isEmpty())
        return Error::make(QStringLiteral("%1 must not carry a user name or password; keys go "
                                          "in APCA_API_KEY_ID / APCA_API_SECRET_KEY")
                               .arg(name())
                               .toStdString());
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return Unit{};
    if (scheme == QLatin1String("http")) {
        if (isLoopbackHost(url.host()))
            return Unit{};
        return Error::make(QStringLiteral("%1 %2 uses plain http: refused, the API keys would "
                                          "travel unencrypted. Use https:// (http is only "
                                          "allowed for 127.0.0.1, localhost and ::1)")
                               .arg(name(), url.toDisplayString(QUrl::RemoveUserInfo))
                               .toStdString());
    }
    return Error::make(QStringLiteral("%1 %2: unsupported scheme \"%3\"; use https://")
                           .arg(name(), url.toDisplayString(QUrl::RemoveUserInfo), scheme)
                           .toStdString());
}

// The same rule in WebSocket terms: wss, or ws to loopback only (the keys go in the auth message).
Result<Unit> validateStreamUrl(const QUrl &url) {
    const QString shown = url.toDisplayString(QUrl::RemoveUserInfo);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.isRelative() || url.host().isEmpty() || !url.userInfo().isEmpty())
        return Error::make(QStringLiteral("stream URL (APCA_API_STREAM_URL) \"%1\" "
                                          "is not valid; expected e.g. "
                                          "wss://stream.data.alpaca.markets")
                               .arg(shown)
                               .toStdString());
    if (scheme == QLatin1String("wss") ||
        (scheme == QLatin1String("ws") && isLoopbackHost(url.host())))
        return Unit{};
    if (scheme == QLatin1String("ws"))
        return Error::make(
            QStringLiteral(
                "stream URL (APCA_API_STREAM_URL) %1 uses plain ws: refused, the API keys "
                "would travel unencrypted. Use wss:// (ws is only "
                "allowed for 127.0.0.1, localhost and ::1)")
                .arg(shown)
                .toStdString());
    return Error::make(
        QStringLiteral("stream URL (APCA_API_STREAM_URL) %1: unsupported scheme \"%2\"; use wss://")
            .arg(shown, scheme)
            .toStdString());
}

} // namespace

bool isLoopbackHost(const QString &host) {
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

AlpacaConfig AlpacaConfig::fromEnvironment(const QProcessEnvironment &env) {
    AlpacaConfig c;
    const auto read = [&](const char *name) { return env.value(QLatin1String(name)).trimmed(); };
    if (const QString v = read("APCA_API_BASE_URL"); !v.isEmpty())
        c.tradingUrl = QUrl(v);
    if (const QString v = read("APCA_API_DATA_URL"); !v.isEmpty())
        c.dataUrl = QUrl(v);
    if (const QString v = read("APCA_API_STREAM_URL"); !v.isEmpty())
        c.streamUrl = QUrl(v);
    c.keyId = read("APCA_API_KEY_ID");
    c.secret = read("APCA_API_SECRET_KEY");
    return c;
}

namespace {

// http -> ws, https -> wss; anything else is left for validate() to refuse.
QUrl withWebSocketScheme(QUrl url) {
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("http"))
        url.setScheme(QStringLiteral("ws"));
    else if (scheme == QLatin1String("https"))
        url.setScheme(QStringLiteral("wss"));
    return url;
}

QUrl withPath(QUrl url, const QString &path) {
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

} // namespace

QUrl AlpacaConfig::optionStreamUrl() const {
    QUrl base = streamUrl;
    if (base.isEmpty()) {
        const QString host = dataUrl.host().toLower();
        if (host.startsWith(QLatin1String("data.")) &&
            host.endsWith(QLatin1String("alpaca.markets")))
            base = QUrl(QStringLiteral("wss://stream.") + host);
        else
            base = withWebSocketScheme(dataUrl);
    }
    return withPath(withWebSocketScheme(base), QStringLiteral("/v1beta1/") + feed);
}

QUrl AlpacaConfig::tradeUpdatesUrl() const {
    return withPath(withWebSocketScheme(tradingUrl), QStringLiteral("/stream"));
}

bool AlpacaConfig::paper() const {
    return tradingUrl.host().compare(QUrl(QString::fromLatin1(kLiveTradingUrl)).host(),
                                     Qt::CaseInsensitive) != 0;
}

Result<Unit> AlpacaConfig::validate() const {
    if (auto r = validateUrl(tradingUrl, "trading URL", "--trading-url / APCA_API_BASE_URL"); !r)
        return r;
    if (auto r = validateUrl(dataUrl, "market data URL", "--data-url / APCA_API_DATA_URL"); !r)
        return r;
    if (!streamUrl.isEmpty()) {
        if (auto r = validateStreamUrl(streamUrl); !r)
            return r;
    }
    if (feed != QLatin1String("indicative") && feed != QLatin1String("opra"))
        return Error::make(QStringLiteral("feed \"%1\" is unknown; use indicative or opra")
                               .arg(feed)
                               .toStdString());
    if (keyId.isEmpty() != secret.isEmpty())
        return Error::make(keyId.isEmpty()
                               ? "APCA_API_SECRET_KEY is set but APCA_API_KEY_ID is not; set both "
                                 "or neither (none means DEMO mode)"
                               : "APCA_API_KEY_ID is set but APCA_API_SECRET_KEY is not; set both "
                                 "or neither (none means DEMO mode)");
    if (timeoutMs <= 0)
        return Error::make("the request timeout must be positive");
    return Unit{};
}

} // namespace cg::alpaca
