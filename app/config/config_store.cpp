#include "config/config_store.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QStringList>

#include <cmath>

namespace cg::config {

namespace {

constexpr const char *kOrganization = "ChainGate";
constexpr const char *kApplication = "chaingate";

// Names a secret would be stored under: never written, and refused when found.
bool looksLikeSecretKey(const QString &key) {
    static const QRegularExpression re(
        QStringLiteral("(secret|password|passwd|token|api_?key|key_?id|credential)"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(key).hasMatch();
}

QString strategyGroup(Strategy s) {
    return QStringLiteral("strategy_%1").arg(QLatin1String(toString(s).data()));
}

// A multi-leg template's settings: [multileg_iron_condor] min_dte, max_dte, short_delta (0: by
// otm_pct), otm_pct, width, budget_pct, max_combo_spread_pct.
QString multiLegGroup(StrategyTemplate t) {
    return QStringLiteral("multileg_%1").arg(QLatin1String(toString(t).data()));
}

// Reads typed values, collecting one readable error per bad value.
class Reader {
public:
    explicit Reader(const QSettings &s)
        : m_s(s) {}

    std::vector<std::string> errors;

    void text(const QString &key, QString &out) {
        if (m_s.contains(key))
            out = m_s.value(key).toString().trimmed();
    }
    void url(const QString &key, QUrl &out) {
        if (m_s.contains(key))
            out = QUrl(m_s.value(key).toString().trimmed());
    }
    void number(const QString &key, double &out) {
        if (!m_s.contains(key))
            return;
        bool ok = false;
        const QString raw = m_s.value(key).toString().trimmed();
        const double v = raw.toDouble(&ok);
        if (!ok || !std::isfinite(v))
            bad(key, raw, "is not a number");
        else
            out = v;
    }
    template <class Int> void integer(const QString &key, Int &out) {
        if (!m_s.contains(key))
            return;
        bool ok = false;
        const QString raw = m_s.value(key).toString().trimmed();
        const qlonglong v = raw.toLongLong(&ok);
        if (!ok || v < qlonglong(std::numeric_limits<Int>::min()) ||
            v > qlonglong(std::numeric_limits<Int>::max()))
            bad(key, raw, "is not a whole number");
        else
            out = Int(v);
    }
    void boolean(const QString &key, bool &out) {
        if (!m_s.contains(key))
            return;
        const QString raw = m_s.value(key).toString().trimmed().toLower();
        if (raw == QLatin1String("true") || raw == QLatin1String("1") ||
            raw == QLatin1String("yes") || raw == QLatin1String("on"))
            out = true;
        else if (raw == QLatin1String("false") || raw == QLatin1String("0") ||
                 raw == QLatin1String("no") || raw == QLatin1String("off"))
            out = false;
        else
            bad(key, raw, "is not true or false");
    }
    // "ABNB, HOOD": QSettings hands an unquoted comma list over as a QStringList.
    void classList(const QString &key, std::vector<std::string> &out) {
        if (!m_s.contains(key))
            return;
        const QString raw = m_s.value(key).toStringList().join(QLatin1Char(','));
        auto parsed = parseOptionClassList(raw.toStdString());
        if (!parsed)
            errors.push_back(key.toStdString() + ": " + parsed.error().message);
        else
            out = std::move(parsed).value();
    }
    template <class E, class Parse>
    void choice(const QString &key, E &out, Parse parse, const char *allowed) {
        if (!m_s.contains(key))
            return;
        const QString raw = m_s.value(key).toString().trimmed();
        if (auto v = parse(raw))
            out = *v;
        else
            bad(key, raw, (std::string("is not one of ") + allowed).c_str());
    }

private:
    void bad(const QString &key, const QString &raw, const char *what) {
        errors.push_back(QStringLiteral("%1 \"%2\"").arg(key, raw.left(40)).toStdString() + " " +
                         what);
    }
    const QSettings &m_s;
};

QString number(double v) {
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

// Written as one quoted string ("ABNB, HOOD"), read back by Reader::classList.
QString classList(const std::vector<std::string> &classes) {
    QStringList names;
    for (const std::string &c : classes)
        names.append(QString::fromStdString(c));
    return names.join(QLatin1String(", "));
}

QString boolean(bool v) {
    return v ? QStringLiteral("true") : QStringLiteral("false");
}

Result<Unit> settingsStatus(const QSettings &s) {
    switch (s.status()) {
    case QSettings::NoError:
        return Unit{};
    case QSettings::AccessError:
        return Error::make(QStringLiteral("settings file %1 cannot be read or written")
                               .arg(s.fileName())
                               .toStdString());
    case QSettings::FormatError:
        return Error::make(QStringLiteral("settings file %1 is not a valid INI file")
                               .arg(s.fileName())
                               .toStdString());
    }
    return Unit{};
}

} // namespace

QString defaultConfigPath() {
    const QSettings s(QSettings::IniFormat, QSettings::UserScope, QLatin1String(kOrganization),
                      QLatin1String(kApplication));
    return s.fileName();
}

Result<AppConfig> load(const QSettings &settings) {
    if (auto st = settingsStatus(settings); !st)
        return st.error();
    for (const QString &key : settings.allKeys()) {
        if (looksLikeSecretKey(key))
            return Error::make(QStringLiteral("settings file %1 holds \"%2\", which looks like a "
                                              "secret: remove it. API keys belong in the "
                                              "keychain or APCA_API_KEY_ID / APCA_API_SECRET_KEY, "
                                              "the database password in PGPASSWORD or ~/.pgpass")
                                   .arg(settings.fileName(), key.left(60))
                                   .toStdString());
    }
    AppConfig c;
    Reader r(settings);
    Endpoints &ep = c.endpoints;
    r.url(QStringLiteral("endpoints/trading_url"), ep.tradingUrl);
    r.url(QStringLiteral("endpoints/data_url"), ep.dataUrl);
    r.text(QStringLiteral("endpoints/feed"), ep.feed);
    r.integer(QStringLiteral("endpoints/timeout_ms"), ep.requestTimeoutMs);
    r.text(QStringLiteral("database/url"), c.databaseUrl);

    DispatcherSettings &d = c.dispatcher;
    r.choice(
        QStringLiteral("dispatcher/mode"), c.dispatchMode,
        [](const QString &v) { return parseDispatchMode(v.toLower().toStdString()); },
        "manual, auto");
    r.integer(QStringLiteral("dispatcher/interval_sec"), d.timerIntervalSec);
    r.integer(QStringLiteral("dispatcher/ticket_expiry_sec"), d.ticketMaxAgeSec);
    r.integer(QStringLiteral("dispatcher/max_quote_age_sec"), d.maxQuoteAgeSec);
    r.integer(QStringLiteral("dispatcher/max_quote_age_off_hours_sec"), d.maxQuoteAgeOffHoursSec);
    r.choice(
        QStringLiteral("dispatcher/order_type"), d.orderType,
        [](const QString &v) -> std::optional<OrderType> {
            if (v.compare(QLatin1String("limit"), Qt::CaseInsensitive) == 0)
                return OrderType::Limit;
            if (v.compare(QLatin1String("market"), Qt::CaseInsensitive) == 0)
                return OrderType::Market;
            return std::nullopt;
        },
        "limit, market");
    r.boolean(QStringLiteral("dispatcher/live_trading"), d.liveTradingEnabled);
    r.boolean(QStringLiteral("dispatcher/expiry_rule"), d.expiryRule.enabled);
    r.integer(QStringLiteral("dispatcher/expiry_rule_minutes"), d.expiryRule.minutesBefore);
    r.number(QStringLiteral("dispatcher/strike_band_pct"), d.strikeBandPct);
    r.number(QStringLiteral("dispatcher/max_otm_abs_delta"), d.maxOtmAbsDelta);
    r.number(QStringLiteral("precautions/max_through_market_pct"),
             d.precautions.maxThroughMarketPct);
    r.boolean(QStringLiteral("precautions/budget_is_cap"), d.precautions.budgetIsCap);
    r.integer(QStringLiteral("dispatcher/order_poll_interval_ms"), d.orderPollIntervalMs);
    r.integer(QStringLiteral("dispatcher/order_poll_max_tries"), d.orderPollMaxTries);
    r.integer(QStringLiteral("dispatcher/unknown_order_window_min"), d.unknownOrderWindowMin);
    r.integer(QStringLiteral("dispatcher/reconcile_days"), d.reconcileDays);
    r.choice(
        QStringLiteral("dispatcher/limit_rounding"), d.limitRounding,
        [](const QString &v) -> std::optional<LimitRounding> {
            if (v.compare(QLatin1String("passive"), Qt::CaseInsensitive) == 0)
                return LimitRounding::Passive;
            if (v.compare(QLatin1String("nearest"), Qt::CaseInsensitive) == 0)
                return LimitRounding::Nearest;
            return std::nullopt;
        },
        "passive, nearest");
    r.classList(QStringLiteral("dispatcher/extra_penny_classes"), d.extraPennyClasses);

    r.number(QStringLiteral("gates/max_spread_pct"), d.gates.maxSpreadPct);
    r.integer(QStringLiteral("gates/min_open_interest"), d.gates.minOpenInterest);
    r.integer(QStringLiteral("gates/min_volume"), d.gates.minVolume);

    for (Strategy s : {Strategy::DayTrade, Strategy::Swing, Strategy::Conservative}) {
        StrategyParams &p = d.params(s);
        const QString g = strategyGroup(s) + QLatin1Char('/');
        r.choice(
            g + QStringLiteral("moneyness"), p.moneyness,
            [](const QString &v) -> std::optional<Moneyness> {
                for (Moneyness m : {Moneyness::OTM, Moneyness::ATM, Moneyness::ITM})
                    if (v.compare(QLatin1String(toString(m).data()), Qt::CaseInsensitive) == 0)
                        return m;
                return std::nullopt;
            },
            "OTM, ATM, ITM");
        r.number(g + QStringLiteral("moneyness_pct"), p.moneynessPct);
        r.integer(g + QStringLiteral("min_dte"), p.minDte);
        r.integer(g + QStringLiteral("max_dte"), p.maxDte);
        r.number(g + QStringLiteral("risk_pct"), p.riskPct);
    }

    // Only the templates the file names differ from their defaults.
    for (StrategyTemplate t : allStrategyTemplates()) {
        const QString g = multiLegGroup(t);
        if (!settings.childGroups().contains(g))
            continue;
        StrategySettings m = defaultStrategySettings(t);
        const QString k = g + QLatin1Char('/');
        r.integer(k + QStringLiteral("min_dte"), m.build.minDte);
        r.integer(k + QStringLiteral("max_dte"), m.build.maxDte);
        double delta = m.build.shortDelta.value_or(0.0);
        r.number(k + QStringLiteral("short_delta"), delta);
        m.build.shortDelta = delta > 0.0 ? std::optional(delta) : std::nullopt;
        r.number(k + QStringLiteral("otm_pct"), m.build.otmPct);
        r.number(k + QStringLiteral("width"), m.build.width);
        r.number(k + QStringLiteral("budget_pct"), m.budgetPct);
        r.number(k + QStringLiteral("max_combo_spread_pct"), m.maxComboSpreadPct);
        if (m != defaultStrategySettings(t))
            d.multiLeg.push_back(m);
    }

    r.integer(QStringLiteral("risk/max_orders_per_day"), d.risk.maxOrdersPerDay);
    r.integer(QStringLiteral("risk/max_contracts_per_order"), d.risk.maxContractsPerOrder);
    r.number(QStringLiteral("risk/max_notional_per_order"), d.risk.maxNotionalPerOrder);
    r.number(QStringLiteral("risk/max_daily_loss"), d.risk.maxDailyLoss);
    r.boolean(QStringLiteral("display/flash_changes"), c.display.flashChanges);

    std::vector<std::string> errors = std::move(r.errors);
    if (errors.empty())
        errors = validationErrors(c);
    if (!errors.empty()) {
        std::string joined = QStringLiteral("settings file %1: ")
                                 .arg(QFileInfo(settings.fileName()).fileName())
                                 .toStdString();
        for (std::size_t i = 0; i < errors.size(); ++i)
            joined += (i ? "; " : "") + errors[i];
        return Error::make(joined);
    }
    return c;
}

Result<Unit> save(const AppConfig &c, QSettings &s) {
    if (auto ok = validate(c); !ok)
        return ok.error();
    // Our groups are rewritten whole (no stale keys); the window's own groups stay.
    for (const char *group : {"endpoints", "database", "dispatcher", "gates", "risk", "display"})
        s.remove(QLatin1String(group));
    for (Strategy st : {Strategy::DayTrade, Strategy::Swing, Strategy::Conservative})
        s.remove(strategyGroup(st));
    for (StrategyTemplate t : allStrategyTemplates())
        s.remove(multiLegGroup(t));

    const Endpoints &ep = c.endpoints;
    s.setValue(QStringLiteral("endpoints/trading_url"),
               ep.tradingUrl.toString(QUrl::RemoveUserInfo));
    s.setValue(QStringLiteral("endpoints/data_url"), ep.dataUrl.toString(QUrl::RemoveUserInfo));
    s.setValue(QStringLiteral("endpoints/feed"), ep.feed);
    s.setValue(QStringLiteral("endpoints/timeout_ms"), QString::number(ep.requestTimeoutMs));
    s.setValue(QStringLiteral("database/url"), c.databaseUrl); // validated: no password

    const DispatcherSettings &d = c.dispatcher;
    s.setValue(QStringLiteral("dispatcher/mode"), QLatin1String(toString(c.dispatchMode).data()));
    s.setValue(QStringLiteral("dispatcher/interval_sec"), QString::number(d.timerIntervalSec));
    s.setValue(QStringLiteral("dispatcher/ticket_expiry_sec"), QString::number(d.ticketMaxAgeSec));
    s.setValue(QStringLiteral("dispatcher/max_quote_age_sec"), QString::number(d.maxQuoteAgeSec));
    s.setValue(QStringLiteral("dispatcher/max_quote_age_off_hours_sec"),
               QString::number(d.maxQuoteAgeOffHoursSec));
    s.setValue(QStringLiteral("dispatcher/order_type"), d.orderType == OrderType::Market
                                                            ? QStringLiteral("market")
                                                            : QStringLiteral("limit"));
    s.setValue(QStringLiteral("dispatcher/live_trading"), boolean(d.liveTradingEnabled));
    s.setValue(QStringLiteral("dispatcher/expiry_rule"), boolean(d.expiryRule.enabled));
    s.setValue(QStringLiteral("dispatcher/expiry_rule_minutes"),
               QString::number(d.expiryRule.minutesBefore));
    s.setValue(QStringLiteral("dispatcher/strike_band_pct"), number(d.strikeBandPct));
    s.setValue(QStringLiteral("dispatcher/max_otm_abs_delta"), number(d.maxOtmAbsDelta));
    s.setValue(QStringLiteral("precautions/max_through_market_pct"),
               number(d.precautions.maxThroughMarketPct));
    s.setValue(QStringLiteral("precautions/budget_is_cap"), boolean(d.precautions.budgetIsCap));
    s.setValue(QStringLiteral("dispatcher/order_poll_interval_ms"),
               QString::number(d.orderPollIntervalMs));
    s.setValue(QStringLiteral("dispatcher/order_poll_max_tries"),
               QString::number(d.orderPollMaxTries));
    s.setValue(QStringLiteral("dispatcher/unknown_order_window_min"),
               QString::number(d.unknownOrderWindowMin));
    s.setValue(QStringLiteral("dispatcher/reconcile_days"), QString::number(d.reconcileDays));
    s.setValue(QStringLiteral("dispatcher/limit_rounding"),
               d.limitRounding == LimitRounding::Nearest ? QStringLiteral("nearest")
                                                         : QStringLiteral("passive"));
    s.setValue(QStringLiteral("dispatcher/extra_penny_classes"), classList(d.extraPennyClasses));

    s.setValue(QStringLiteral("gates/max_spread_pct"), number(d.gates.maxSpreadPct));
    s.setValue(QStringLiteral("gates/min_open_interest"), QString::number(d.gates.minOpenInterest));
    s.setValue(QStringLiteral("gates/min_volume"), QString::number(d.gates.minVolume));

    for (Strategy st : {Strategy::DayTrade, Strategy::Swing, Strategy::Conservative}) {
        const StrategyParams &p = d.params(st);
        const QString g = strategyGroup(st) + QLatin1Char('/');
        s.setValue(g + QStringLiteral("moneyness"), QLatin1String(toString(p.moneyness).data()));
        s.setValue(g + QStringLiteral("moneyness_pct"), number(p.moneynessPct));
        s.setValue(g + QStringLiteral("min_dte"), QString::number(p.minDte));
        s.setValue(g + QStringLiteral("max_dte"), QString::number(p.maxDte));
        s.setValue(g + QStringLiteral("risk_pct"), number(p.riskPct));
    }

    for (const StrategySettings &m : d.multiLeg) {
        if (m == defaultStrategySettings(m.build.kind))
            continue;
        const QString g = multiLegGroup(m.build.kind) + QLatin1Char('/');
        s.setValue(g + QStringLiteral("min_dte"), QString::number(m.build.minDte));
        s.setValue(g + QStringLiteral("max_dte"), QString::number(m.build.maxDte));
        s.setValue(g + QStringLiteral("short_delta"), number(m.build.shortDelta.value_or(0.0)));
        s.setValue(g + QStringLiteral("otm_pct"), number(m.build.otmPct));
        s.setValue(g + QStringLiteral("width"), number(m.build.width));
        s.setValue(g + QStringLiteral("budget_pct"), number(m.budgetPct));
        s.setValue(g + QStringLiteral("max_combo_spread_pct"), number(m.maxComboSpreadPct));
    }

    s.setValue(QStringLiteral("risk/max_orders_per_day"), QString::number(d.risk.maxOrdersPerDay));
    s.setValue(QStringLiteral("risk/max_contracts_per_order"),
               QString::number(d.risk.maxContractsPerOrder));
    s.setValue(QStringLiteral("risk/max_notional_per_order"), number(d.risk.maxNotionalPerOrder));
    s.setValue(QStringLiteral("risk/max_daily_loss"), number(d.risk.maxDailyLoss));
    s.setValue(QStringLiteral("display/flash_changes"), boolean(c.display.flashChanges));
    s.sync();
    return settingsStatus(s);
}

Result<AppConfig> loadFile(const QString &path) {
    if (path.isEmpty()) {
        if (!QFileInfo::exists(defaultConfigPath()))
            return AppConfig{}; // first start
        const QSettings s(defaultConfigPath(), QSettings::IniFormat);
        return load(s);
    }
    if (!QFileInfo::exists(path))
        return Error::make(
            QStringLiteral("settings file %1 does not exist").arg(path).toStdString());
    const QSettings s(path, QSettings::IniFormat);
    return load(s);
}

QString databaseUrlIn(const QString &path) {
    const QSettings s(path.isEmpty() ? defaultConfigPath() : path, QSettings::IniFormat);
    return s.value(QStringLiteral("database/url")).toString().trimmed();
}

Result<Unit> saveFile(const AppConfig &config, const QString &path) {
    QSettings s(path.isEmpty() ? defaultConfigPath() : path, QSettings::IniFormat);
    return save(config, s);
}

} // namespace cg::config
