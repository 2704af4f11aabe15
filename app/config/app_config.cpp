#include "config/app_config.h"

#include "domain/number_format.h"

#include <QStringList>

#include <cmath>

namespace cg::config {

namespace {

std::string num(double v) {
    return formatTrimmed(v, 4);
}

// http is allowed to loopback only (the demo server); anything remote must use TLS, or the keys
// would travel in clear.
bool isLoopback(const QString &host) {
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QString h = host.startsWith(QLatin1Char('[')) ? host.mid(1, host.size() - 2) : host;
    if (h == QLatin1String("::1"))
        return true;
    const QStringList parts = h.split(QLatin1Char('.'));
    if (parts.size() != 4 || parts.first() != QLatin1String("127"))
        return false;
    for (const QString &p : parts) {
        bool ok = false;
        const int v = p.toInt(&ok);
        if (!ok || v < 0 || v > 255)
            return false;
    }
    return true;
}

void checkUrl(std::vector<std::string> &errors, const QUrl &url, const char *what) {
    const QString shown = url.toDisplayString(QUrl::RemoveUserInfo);
    if (!url.isValid() || url.isRelative() || url.host().isEmpty()) {
        errors.push_back(QStringLiteral("%1 \"%2\" is not a valid URL (e.g. "
                                        "https://paper-api.alpaca.markets)")
                             .arg(QLatin1String(what), shown.left(80))
                             .toStdString());
        return;
    }
    if (!url.userInfo().isEmpty()) {
        errors.push_back(QStringLiteral("%1 must not carry a user name or password: keys come "
                                        "from the keychain or APCA_API_KEY_ID / "
                                        "APCA_API_SECRET_KEY")
                             .arg(QLatin1String(what))
                             .toStdString());
        return;
    }
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return;
    if (scheme == QLatin1String("http")) {
        if (!isLoopback(url.host()))
            errors.push_back(QStringLiteral("%1 %2 uses plain http: use https:// (http is only "
                                            "allowed for 127.0.0.1, localhost and ::1)")
                                 .arg(QLatin1String(what), shown.left(80))
                                 .toStdString());
        return;
    }
    errors.push_back(QStringLiteral("%1 %2: unsupported scheme \"%3\"; use https://")
                         .arg(QLatin1String(what), shown.left(80), scheme.left(20))
                         .toStdString());
}

void checkDatabase(std::vector<std::string> &errors, const QString &text) {
    if (text.isEmpty())
        return;
    const QString lower = text.toLower();
    if (lower.startsWith(QLatin1String("postgresql://")) ||
        lower.startsWith(QLatin1String("postgres://"))) {
        const QUrl url(text);
        if (!url.isValid() || url.host().isEmpty())
            errors.push_back("Database URL is not a valid postgresql://user@host:port/db URL");
        else if (!url.password().isEmpty())
            errors.push_back("Database URL must not contain a password: settings are not a safe "
                             "place for it; use PGPASSWORD or ~/.pgpass, or pass --db / "
                             "CHAINGATE_DB");
        return;
    }
    if (lower.startsWith(QLatin1String("sqlite:")))
        return;
    if (text.contains(QLatin1String("://")))
        errors.push_back(
            QStringLiteral("Database URL \"%1\" is neither sqlite:/path/file.db nor "
                           "postgresql://user@host:port/db")
                .arg(text.section(QLatin1String("://"), 0, 0).left(20) + QLatin1String("://..."))
                .toStdString());
    // A bare path is a SQLite file.
}

// "<what> must be between <lo> and <hi> (got <v>)"
void checkRange(std::vector<std::string> &errors, const std::string &what, double v, double lo,
                double hi, const char *unit = "") {
    if (!std::isfinite(v) || v < lo || v > hi)
        errors.push_back(what + " must be between " + num(lo) + unit + " and " + num(hi) + unit +
                         " (got " + (std::isfinite(v) ? num(v) : std::string("not a number")) +
                         ")");
}

std::string strategyTitle(Strategy s) {
    switch (s) {
    case Strategy::DayTrade:
        return "Day trade";
    case Strategy::Swing:
        return "Swing";
    case Strategy::Conservative:
        return "Conservative";
    }
    return "Strategy";
}

} // namespace

bool Endpoints::isLive() const {
    return tradingUrl.host().compare(QUrl(QString::fromLatin1(kLiveTradingUrl)).host(),
                                     Qt::CaseInsensitive) == 0;
}

std::vector<std::string> validationErrors(const AppConfig &c) {
    std::vector<std::string> e;
    const Endpoints &ep = c.endpoints;
    checkUrl(e, ep.tradingUrl, "Trading URL");
    checkUrl(e, ep.dataUrl, "Market data URL");
    if (ep.feed != QLatin1String("indicative") && ep.feed != QLatin1String("opra"))
        e.push_back(QStringLiteral("Data feed \"%1\" is unknown; use indicative or opra")
                        .arg(ep.feed.left(20))
                        .toStdString());
    checkRange(e, "Request timeout", ep.requestTimeoutMs, 1000, 120000, " ms");
    const DispatcherSettings &d = c.dispatcher;
    if (ep.isLive() && !d.liveTradingEnabled)
        e.push_back("The trading URL is Alpaca's live API: turn on live trading explicitly, or "
                    "use the paper API (https://paper-api.alpaca.markets)");
    checkDatabase(e, c.databaseUrl);

    if (!std::isfinite(d.gates.maxSpreadPct) || d.gates.maxSpreadPct <= 0 ||
        d.gates.maxSpreadPct > 100)
        e.push_back("Maximum spread must be above 0% and at most 100% (got " +
                    num(d.gates.maxSpreadPct) + "%)");
    checkRange(e, "Minimum open interest", double(d.gates.minOpenInterest), 0, 1e9);
    checkRange(e, "Minimum volume", double(d.gates.minVolume), 0, 1e9);

    for (Strategy s : {Strategy::DayTrade, Strategy::Swing, Strategy::Conservative}) {
        const StrategyParams &p = d.params(s);
        const std::string t = strategyTitle(s);
        if (p.moneyness != Moneyness::ATM)
            checkRange(e, t + " moneyness", p.moneynessPct, 0, 50, "%");
        checkRange(e, t + " minimum days to expiry", p.minDte, 0, 3650);
        checkRange(e, t + " maximum days to expiry", p.maxDte, 0, 3650);
        if (p.maxDte < p.minDte)
            e.push_back(t + " expiry window is empty: maximum " + std::to_string(p.maxDte) +
                        " days is below minimum " + std::to_string(p.minDte) + " days");
        if (!std::isfinite(p.riskPct) || p.riskPct <= 0 || p.riskPct > 100)
            e.push_back(t + " risk budget must be above 0% and at most 100% of equity (got " +
                        num(p.riskPct) + "%)");
    }

    checkRange(e, "Max orders per day (0 = no limit)", d.risk.maxOrdersPerDay, 0, 100000);
    checkRange(e, "Max contracts per order (0 = no limit)", d.risk.maxContractsPerOrder, 0, 100000);
    checkRange(e, "Max notional per order in dollars (0 = no limit)", d.risk.maxNotionalPerOrder, 0,
               1e12);
    checkRange(e, "Max daily loss in dollars (0 = no limit)", d.risk.maxDailyLoss, 0, 1e12);

    for (const std::string &root : d.extraPennyClasses) {
        if (auto bad = optionClassError(root)) {
            e.push_back("Extra penny classes: " + *bad);
            break; // one line for the setting, however many entries are wrong
        }
    }

    checkRange(e, "Strike band", d.strikeBandPct, 1, 100, "%");
    if (!std::isfinite(d.maxOtmAbsDelta) || d.maxOtmAbsDelta <= 0 || d.maxOtmAbsDelta > 1)
        e.push_back("Maximum |delta| of an out-of-the-money contract must be above 0 and at most "
                    "1 (got " +
                    num(d.maxOtmAbsDelta) + ")");
    checkRange(e, "Ticket expiry", d.ticketMaxAgeSec, 5, 86400, " s");
    checkRange(e, "Expiry-day rule", d.expiryRule.minutesBefore, 1, 390, " min before the close");
    checkRange(e, "Maximum quote age", d.maxQuoteAgeSec, 1, 3600, " s");
    // 0 switches the fat-finger check off; beyond 1000% of the mid it would never trip.
    checkRange(e, "Limit through the market (precaution)", d.precautions.maxThroughMarketPct, 0,
               1000, "%");
    // Up to a long weekend: Friday's close to Tuesday's open.
    checkRange(e, "Maximum quote age outside regular hours", d.maxQuoteAgeOffHoursSec, 1, 345600,
               " s");
    checkRange(e, "Dispatcher interval", d.timerIntervalSec, 1, 86400, " s");
    checkRange(e, "Order status poll interval", d.orderPollIntervalMs, 100, 600000, " ms");
    checkRange(e, "Order status poll tries", d.orderPollMaxTries, 1, 1000000);
    checkRange(e, "Unknown order reconciliation window", d.unknownOrderWindowMin, 1, 1440, " min");
    checkRange(e, "Days of account orders reconciled at start", d.reconcileDays, 1, 30);
    for (const StrategySettings &m : d.multiLeg) {
        const std::string name = std::string(toString(m.build.kind)) + " ";
        checkRange(e, name + "min DTE", m.build.minDte, 0, 1000);
        checkRange(e, name + "max DTE", m.build.maxDte, m.build.minDte, 1000);
        if (m.build.shortDelta)
            checkRange(e, name + "short-leg delta", *m.build.shortDelta, 0.01, 0.99);
        checkRange(e, name + "OTM", m.build.otmPct, 0, 50, "%");
        checkRange(e, name + "width", m.build.width, 0.5, 1000, " $");
        checkRange(e, name + "budget", m.budgetPct, 0.1, 100, "% of equity");
        checkRange(e, name + "combination spread limit", m.maxComboSpreadPct, 1, 1000, "%");
    }
    return e;
}

Result<Unit> validate(const AppConfig &c) {
    const auto errors = validationErrors(c);
    if (errors.empty())
        return Unit{};
    std::string joined;
    for (const std::string &s : errors)
        joined += (joined.empty() ? "" : "; ") + s;
    return Error::make(joined);
}

std::string_view toString(DispatchMode m) {
    return m == DispatchMode::Auto ? "auto" : "manual";
}

std::optional<DispatchMode> parseDispatchMode(std::string_view s) {
    if (s == "manual")
        return DispatchMode::Manual;
    if (s == "auto")
        return DispatchMode::Auto;
    return std::nullopt;
}

} // namespace cg::config
