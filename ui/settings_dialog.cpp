#include "ui/settings_dialog.h"

#include "config/config_store.h"
#include "keychain/alpaca_keychain.h"
#include "storage/database_probe.h"
#include "storage/database_url.h"
#include "ui/chain_colors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace cg::ui {

using keychain::AlpacaKeys;

namespace {

enum Endpoint { PaperEndpoint, LiveEndpoint, CustomEndpoint };

QString str(std::string_view s) {
    return QString::fromLatin1(s.data(), static_cast<qsizetype>(s.size()));
}

QSpinBox *spin(QWidget *parent, int lo, int hi, const QString &suffix = {}) {
    auto *s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setSuffix(suffix);
    s->setGroupSeparatorShown(true);
    s->setAlignment(Qt::AlignRight);
    return s;
}

QDoubleSpinBox *dspin(QWidget *parent, double lo, double hi, int decimals,
                      const QString &suffix = {}, const QString &prefix = {}) {
    auto *s = new QDoubleSpinBox(parent);
    s->setRange(lo, hi);
    s->setDecimals(decimals);
    s->setSuffix(suffix);
    s->setPrefix(prefix);
    s->setGroupSeparatorShown(true);
    s->setAlignment(Qt::AlignRight);
    return s;
}

QLabel *note(const QString &text, QWidget *parent) {
    auto *l = new QLabel(text, parent);
    l->setWordWrap(true);
    l->setForegroundRole(QPalette::PlaceholderText);
    return l;
}

} // namespace

SettingsDialog::SettingsDialog(QSettings &settings, AlpacaKeychain &keychain, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_keychain(keychain) {
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("ChainGate settings"));
    m_confirmLive = [this] {
        QMessageBox box(QMessageBox::Warning, tr("Live trading"),
                        tr("<b>Use Alpaca's LIVE endpoint?</b><br><br>Orders will spend real "
                           "money in your live account. The dispatcher places them without a "
                           "ticket in Auto mode."),
                        QMessageBox::Cancel, this);
        QPushButton *yes = box.addButton(tr("Use live trading"), QMessageBox::DestructiveRole);
        box.setDefaultButton(QMessageBox::Cancel); // the safe choice
        box.exec();
        return box.clickedButton() == yes;
    };

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(buildAlpacaTab(), tr("Alpaca"));
    m_tabs->addTab(buildTradingTab(), tr("Gates && strategies"));
    m_tabs->addTab(buildRiskTab(), tr("Risk && dispatcher"));
    m_tabs->addTab(buildDatabaseTab(), tr("Database"));
    m_tabs->addTab(buildDisplayTab(), tr("Display"));

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("settingsError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;")
                               .arg(ChainColors::forPalette(palette()).fail.name()));
    m_error->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *when = new QLabel(
        tr("Gates, strategies, risk limits, the dispatcher and the display apply at once. Keys, "
           "endpoints, "
           "the data feed, timeouts and the database apply at the next start (a flag or an "
           "environment variable such as CHAINGATE_DB or APCA_API_BASE_URL still wins)."),
        this);
    when->setObjectName(QStringLiteral("settingsWhenApplied"));
    when->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(when);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    auto loaded = config::load(m_settings);
    if (loaded) {
        m_loaded = *loaded;
    } else {
        m_error->setText(tr("The saved settings could not be used (%1); the defaults are shown.")
                             .arg(QString::fromStdString(loaded.error().message)));
        m_error->show();
    }
    setConfig(m_loaded);
    readKeys();
    resize(720, 560);
}

QWidget *SettingsDialog::buildAlpacaTab() {
    auto *page = new QWidget(this);
    auto *keys = new QGroupBox(tr("API keys"), page);
    auto *kf = new QFormLayout(keys);
    m_keyStatus = new QLabel(tr("Reading the keychain\u2026"), keys);
    m_keyStatus->setObjectName(QStringLiteral("keyStatus"));
    m_keyStatus->setWordWrap(true);
    kf->addRow(tr("In use:"), m_keyStatus);
    m_keyId = new QLineEdit(keys);
    m_keyId->setObjectName(QStringLiteral("keyIdEdit"));
    m_keyId->setPlaceholderText(tr("Key ID (PK\u2026)"));
    m_secret = new QLineEdit(keys);
    m_secret->setObjectName(QStringLiteral("secretEdit"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(tr("Secret key"));
    kf->addRow(tr("Key ID:"), m_keyId);
    kf->addRow(tr("Secret:"), m_secret);
    auto *kb = new QHBoxLayout;
    m_saveKeys = new QPushButton(tr("Store in keychain"), keys);
    m_saveKeys->setObjectName(QStringLiteral("saveKeysButton"));
    m_removeKeys = new QPushButton(tr("Remove from keychain"), keys);
    connect(m_saveKeys, &QPushButton::clicked, this, &SettingsDialog::saveKeys);
    connect(m_removeKeys, &QPushButton::clicked, this, &SettingsDialog::removeKeys);
    kb->addWidget(m_saveKeys);
    kb->addWidget(m_removeKeys);
    kb->addStretch();
    kf->addRow(QString(), kb);
    kf->addRow(QString(),
               note(tr("Keys live in the OS keychain only, never in the settings file. Without "
                       "a keychain, set APCA_API_KEY_ID and APCA_API_SECRET_KEY in the "
                       "environment. No keys at all means DEMO mode. Changes apply at the next "
                       "start."),
                    keys));

    auto *ends = new QGroupBox(tr("Endpoints"), page);
    auto *ef = new QFormLayout(ends);
    m_endpoint = new QComboBox(ends);
    m_endpoint->setObjectName(QStringLiteral("endpointCombo"));
    m_endpoint->addItem(tr("Paper trading (paper-api.alpaca.markets)"));
    m_endpoint->addItem(tr("LIVE trading (api.alpaca.markets): real money"));
    m_endpoint->addItem(tr("Custom URL"));
    connect(m_endpoint, &QComboBox::activated, this, &SettingsDialog::onEndpointChosen);
    ef->addRow(tr("Trading:"), m_endpoint);
    m_tradingUrl = new QLineEdit(ends);
    m_tradingUrl->setObjectName(QStringLiteral("tradingUrlEdit"));
    ef->addRow(tr("Trading URL:"), m_tradingUrl);
    m_dataUrl = new QLineEdit(ends);
    ef->addRow(tr("Market data URL:"), m_dataUrl);
    m_feed = new QComboBox(ends);
    m_feed->setObjectName(QStringLiteral("feedCombo"));
    m_feed->addItem(tr("indicative (free, delayed options feed)"), QStringLiteral("indicative"));
    m_feed->addItem(tr("opra (real-time, subscription)"), QStringLiteral("opra"));
    ef->addRow(tr("Options feed:"), m_feed);
    m_timeout = spin(ends, 1, 600, tr(" s"));
    ef->addRow(tr("Request timeout:"), m_timeout);

    auto *v = new QVBoxLayout(page);
    v->addWidget(keys);
    v->addWidget(ends);
    v->addStretch();
    return page;
}

QWidget *SettingsDialog::buildTradingTab() {
    auto *page = new QWidget(this);
    auto *gates = new QGroupBox(tr("Gate thresholds"), page);
    auto *gf = new QFormLayout(gates);
    gf->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_maxSpread = dspin(gates, 0, 1000, 2, tr(" %"));
    m_maxSpread->setObjectName(QStringLiteral("maxSpreadSpin"));
    m_minOi = spin(gates, 0, 100000000);
    m_minVolume = spin(gates, 0, 100000000);
    gf->addRow(tr("Maximum spread:"), m_maxSpread);
    gf->addRow(tr("Minimum open interest:"), m_minOi);
    gf->addRow(tr("Minimum volume:"), m_minVolume);

    auto *strategies = new QGroupBox(tr("Strategies"), page);
    auto *grid = new QGridLayout(strategies);
    const QStringList heads{tr("Strategy"), tr("Target"),  tr("Distance"),
                            tr("Min DTE"),  tr("Max DTE"), tr("Risk budget")};
    for (int c = 0; c < heads.size(); ++c) {
        auto *h = new QLabel(QStringLiteral("<b>%1</b>").arg(heads[c]), strategies);
        grid->addWidget(h, 0, c);
    }
    for (Strategy s : {Strategy::DayTrade, Strategy::Swing, Strategy::Conservative}) {
        StrategyRow &row = m_strategy[idx(s)];
        const int r = static_cast<int>(idx(s)) + 1;
        grid->addWidget(new QLabel(str(toString(s)), strategies), r, 0);
        row.moneyness = new QComboBox(strategies);
        for (Moneyness m : {Moneyness::OTM, Moneyness::ATM, Moneyness::ITM})
            row.moneyness->addItem(str(toString(m)), static_cast<int>(m));
        row.pct = dspin(strategies, 0, 1000, 2, tr(" %"));
        row.minDte = spin(strategies, 0, 10000, tr(" d"));
        row.maxDte = spin(strategies, 0, 10000, tr(" d"));
        row.riskPct = dspin(strategies, 0, 1000, 2, tr(" % of equity"));
        grid->addWidget(row.moneyness, r, 1);
        grid->addWidget(row.pct, r, 2);
        grid->addWidget(row.minDte, r, 3);
        grid->addWidget(row.maxDte, r, 4);
        grid->addWidget(row.riskPct, r, 5);
    }
    grid->addWidget(note(tr("OTM and ITM targets sit the distance away from the underlying price; "
                            "ATM ignores it. DTE: calendar days to expiry, both ends included."),
                         strategies),
                    4, 0, 1, 6);

    auto *v = new QVBoxLayout(page);
    v->addWidget(gates);
    v->addWidget(strategies);
    v->addStretch();
    return page;
}

QWidget *SettingsDialog::buildRiskTab() {
    auto *page = new QWidget(this);
    auto *risk = new QGroupBox(tr("Risk limits (0 = no limit)"), page);
    auto *rf = new QFormLayout(risk);
    rf->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_maxOrders = spin(risk, 0, 1000000);
    m_maxOrders->setObjectName(QStringLiteral("maxOrdersSpin"));
    m_maxContracts = spin(risk, 0, 1000000);
    m_maxNotional = dspin(risk, 0, 1e12, 2, {}, QStringLiteral("$ "));
    m_maxDailyLoss = dspin(risk, 0, 1e12, 2, {}, QStringLiteral("$ "));
    rf->addRow(tr("Orders per day:"), m_maxOrders);
    rf->addRow(tr("Contracts per order:"), m_maxContracts);
    rf->addRow(tr("Notional per order:"), m_maxNotional);
    rf->addRow(tr("Daily loss:"), m_maxDailyLoss);

    auto *disp = new QGroupBox(tr("Dispatcher"), page);
    auto *df = new QFormLayout(disp);
    df->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_orderType = new QComboBox(disp);
    m_orderType->addItem(tr("Limit at mid (rounded to the tick)"),
                         static_cast<int>(OrderType::Limit));
    m_orderType->addItem(tr("Market"), static_cast<int>(OrderType::Market));
    m_interval = spin(disp, 1, 86400, tr(" s"));
    m_ticketExpiry = spin(disp, 1, 86400, tr(" s"));
    df->addRow(tr("Option orders:"), m_orderType);
    df->addRow(tr("Auto mode runs every:"), m_interval);
    df->addRow(tr("An order ticket expires after:"), m_ticketExpiry);
    m_maxQuoteAge = spin(disp, 1, 3600, tr(" s"));
    m_maxQuoteAge->setObjectName(QStringLiteral("maxQuoteAgeSpin"));
    m_maxQuoteAgeOffHours = spin(disp, 1, 345600, tr(" s"));
    df->addRow(tr("No trade on a quote older than:"), m_maxQuoteAge);
    df->addRow(tr("... outside regular hours:"), m_maxQuoteAgeOffHours);
    // Expiry-day rule: off unless the trader asks for it.
    m_expiryRule = new QCheckBox(tr("Close positions expiring today"), disp);
    m_expiryRule->setObjectName(QStringLiteral("expiryRuleCheck"));
    m_expiryRuleMinutes = spin(disp, 1, 390, tr(" min before the close"));
    m_expiryRuleMinutes->setObjectName(QStringLiteral("expiryRuleMinutes"));
    df->addRow(m_expiryRule, m_expiryRuleMinutes);

    // Fat-finger checks of an order ticket; the trader may override them on the ticket.
    auto *prec = new QGroupBox(tr("Ticket precautions (overridable on the ticket)"), page);
    auto *pf = new QFormLayout(prec);
    pf->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_throughMarket = dspin(prec, 0, 1000, 1, tr(" % of the mid"));
    m_throughMarket->setObjectName(QStringLiteral("throughMarketSpin"));
    m_throughMarket->setToolTip(tr("A buy limit above the ask (a sell below the bid) by more "
                                   "than this is held; 0 switches the check off"));
    m_budgetIsCap = new QCheckBox(tr("Hold a cost above the strategy's budget"), prec);
    m_budgetIsCap->setObjectName(QStringLiteral("budgetIsCapBox"));
    pf->addRow(tr("Limit through the market:"), m_throughMarket);
    pf->addRow(QString(), m_budgetIsCap);

    auto *v = new QVBoxLayout(page);
    v->addWidget(risk);
    v->addWidget(disp);
    v->addWidget(prec);
    v->addStretch();
    return page;
}

QWidget *SettingsDialog::buildDatabaseTab() {
    auto *page = new QWidget(this);
    auto *box = new QGroupBox(tr("Execution database"), page);
    auto *g = new QGridLayout(box);
    m_sqlite = new QRadioButton(tr("SQLite file (this computer)"), box);
    m_sqlite->setObjectName(QStringLiteral("sqliteRadio"));
    m_postgres = new QRadioButton(tr("PostgreSQL (shared by several consoles)"), box);
    m_postgres->setObjectName(QStringLiteral("postgresRadio"));
    m_sqlitePath = new QLineEdit(box);
    m_sqlitePath->setObjectName(QStringLiteral("sqlitePathEdit"));
    m_sqlitePath->setPlaceholderText(tr("Default: %1").arg(defaultDatabaseUrl()));
    auto *browse = new QPushButton(tr("Browse\u2026"), box);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("SQLite database"), m_sqlitePath->text(), tr("SQLite (*.db *.sqlite)"),
            nullptr, QFileDialog::DontConfirmOverwrite);
        if (!path.isEmpty()) {
            m_sqlitePath->setText(path);
            m_sqlite->setChecked(true);
        }
    });
    m_postgresUrl = new QLineEdit(box);
    m_postgresUrl->setObjectName(QStringLiteral("postgresUrlEdit"));
    m_postgresUrl->setPlaceholderText(QStringLiteral("postgresql://user@host:5432/chaingate"));
    g->addWidget(m_sqlite, 0, 0, 1, 2);
    g->addWidget(m_sqlitePath, 1, 0);
    g->addWidget(browse, 1, 1);
    g->addWidget(m_postgres, 2, 0, 1, 2);
    g->addWidget(m_postgresUrl, 3, 0, 1, 2);
    g->addWidget(note(tr("No password in the URL: PostgreSQL reads it from PGPASSWORD or "
                         "~/.pgpass. Changes apply at the next start."),
                      box),
                 4, 0, 1, 2);
    const auto sync = [this] {
        m_sqlitePath->setEnabled(m_sqlite->isChecked());
        m_postgresUrl->setEnabled(m_postgres->isChecked());
    };
    connect(m_sqlite, &QRadioButton::toggled, this, sync);
    connect(m_postgres, &QRadioButton::toggled, this, sync);
    m_testDatabase = new QPushButton(tr("Test connection"), box);
    m_testDatabase->setObjectName(QStringLiteral("testDatabaseButton"));
    connect(m_testDatabase, &QPushButton::clicked, this, &SettingsDialog::testDatabase);
    m_dbResult = new QLabel(box);
    m_dbResult->setObjectName(QStringLiteral("databaseResult"));
    m_dbResult->setWordWrap(true);
    m_dbResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *row = new QHBoxLayout;
    row->addWidget(m_testDatabase);
    row->addWidget(m_dbResult, 1);
    g->addLayout(row, 5, 0, 1, 2);

    auto *v = new QVBoxLayout(page);
    v->addWidget(box);
    v->addStretch();
    return page;
}

QWidget *SettingsDialog::buildDisplayTab() {
    auto *page = new QWidget(this);
    auto *box = new QGroupBox(tr("Chain"), page);
    auto *v = new QVBoxLayout(box);
    m_flashChanges = new QCheckBox(tr("Flash a cell when its price moves by a tick"), box);
    m_flashChanges->setObjectName(QStringLiteral("flashChangesBox"));
    v->addWidget(m_flashChanges);
    v->addWidget(note(tr("Bid, ask, mid and last flash for a quarter of a second when they move "
                         "by at least one tick of the contract's class; Sprd % when the spread "
                         "does; volume and open interest on any change. Greeks and IV never "
                         "flash. The theme is in View > Theme."),
                      box));
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(box);
    layout->addStretch();
    return page;
}

void SettingsDialog::setConfig(const config::AppConfig &c) {
    m_loaded = c;
    const bool live = c.endpoints.isLive();
    const bool paper =
        c.endpoints.tradingUrl == QUrl(QString::fromLatin1(config::Endpoints::kPaperTradingUrl));
    m_lastEndpoint = live ? LiveEndpoint : paper ? PaperEndpoint : CustomEndpoint;
    m_liveConfirmed = live && c.dispatcher.liveTradingEnabled;
    m_endpoint->setCurrentIndex(m_lastEndpoint);
    m_tradingUrl->setText(c.endpoints.tradingUrl.toString());
    m_tradingUrl->setReadOnly(m_lastEndpoint != CustomEndpoint);
    m_dataUrl->setText(c.endpoints.dataUrl.toString());
    const int feed = m_feed->findData(c.endpoints.feed);
    m_feed->setCurrentIndex(feed >= 0 ? feed : 0);
    m_timeout->setValue(std::max(1, c.endpoints.requestTimeoutMs / 1000));

    const DispatcherSettings &d = c.dispatcher;
    m_maxSpread->setValue(d.gates.maxSpreadPct);
    m_minOi->setValue(static_cast<int>(std::min<std::int64_t>(d.gates.minOpenInterest, 100000000)));
    m_minVolume->setValue(static_cast<int>(std::min<std::int64_t>(d.gates.minVolume, 100000000)));
    for (Strategy s : {Strategy::DayTrade, Strategy::Swing, Strategy::Conservative}) {
        const StrategyParams &p = d.params(s);
        StrategyRow &row = m_strategy[idx(s)];
        row.moneyness->setCurrentIndex(row.moneyness->findData(static_cast<int>(p.moneyness)));
        row.pct->setValue(p.moneynessPct);
        row.minDte->setValue(p.minDte);
        row.maxDte->setValue(p.maxDte);
        row.riskPct->setValue(p.riskPct);
    }
    m_maxOrders->setValue(d.risk.maxOrdersPerDay);
    m_maxContracts->setValue(d.risk.maxContractsPerOrder);
    m_maxNotional->setValue(d.risk.maxNotionalPerOrder);
    m_maxDailyLoss->setValue(d.risk.maxDailyLoss);
    m_maxQuoteAge->setValue(d.maxQuoteAgeSec);
    m_maxQuoteAgeOffHours->setValue(d.maxQuoteAgeOffHoursSec);
    m_throughMarket->setValue(d.precautions.maxThroughMarketPct);
    m_budgetIsCap->setChecked(d.precautions.budgetIsCap);
    m_orderType->setCurrentIndex(m_orderType->findData(static_cast<int>(d.orderType)));
    m_interval->setValue(d.timerIntervalSec);
    m_ticketExpiry->setValue(d.ticketMaxAgeSec);
    m_expiryRule->setChecked(d.expiryRule.enabled);
    m_expiryRuleMinutes->setValue(d.expiryRule.minutesBefore);
    m_flashChanges->setChecked(c.display.flashChanges);

    const QString db = c.databaseUrl.trimmed();
    const bool pg = db.startsWith(QLatin1String("postgres"), Qt::CaseInsensitive);
    m_postgres->setChecked(pg);
    m_sqlite->setChecked(!pg);
    m_postgresUrl->setText(pg ? db : QString());
    QString path = pg ? QString() : db;
    if (path.startsWith(QLatin1String("sqlite:")))
        path = path.mid(7);
    m_sqlitePath->setText(path);
    m_sqlitePath->setEnabled(!pg);
    m_postgresUrl->setEnabled(pg);
}

config::AppConfig SettingsDialog::editedConfig() const {
    config::AppConfig c = m_loaded;
    switch (m_endpoint->currentIndex()) {
    case PaperEndpoint:
        c.endpoints.tradingUrl = QUrl(QString::fromLatin1(config::Endpoints::kPaperTradingUrl));
        c.dispatcher.liveTradingEnabled = false;
        break;
    case LiveEndpoint:
        c.endpoints.tradingUrl = QUrl(QString::fromLatin1(config::Endpoints::kLiveTradingUrl));
        c.dispatcher.liveTradingEnabled = m_liveConfirmed;
        break;
    default:
        c.endpoints.tradingUrl = QUrl(m_tradingUrl->text().trimmed());
        break;
    }
    c.endpoints.dataUrl = QUrl(m_dataUrl->text().trimmed());
    c.endpoints.feed = m_feed->currentData().toString();
    c.endpoints.requestTimeoutMs = m_timeout->value() * 1000;

    DispatcherSettings &d = c.dispatcher;
    d.gates.maxSpreadPct = m_maxSpread->value();
    d.gates.minOpenInterest = m_minOi->value();
    d.gates.minVolume = m_minVolume->value();
    for (Strategy s : {Strategy::DayTrade, Strategy::Swing, Strategy::Conservative}) {
        StrategyParams &p = d.params(s);
        const StrategyRow &row = m_strategy[idx(s)];
        p.moneyness = static_cast<Moneyness>(row.moneyness->currentData().toInt());
        p.moneynessPct = row.pct->value();
        p.minDte = row.minDte->value();
        p.maxDte = row.maxDte->value();
        p.riskPct = row.riskPct->value();
    }
    d.risk.maxOrdersPerDay = m_maxOrders->value();
    d.risk.maxContractsPerOrder = m_maxContracts->value();
    d.risk.maxNotionalPerOrder = m_maxNotional->value();
    d.risk.maxDailyLoss = m_maxDailyLoss->value();
    d.maxQuoteAgeSec = m_maxQuoteAge->value();
    d.maxQuoteAgeOffHoursSec = m_maxQuoteAgeOffHours->value();
    d.precautions.maxThroughMarketPct = m_throughMarket->value();
    d.precautions.budgetIsCap = m_budgetIsCap->isChecked();
    d.orderType = static_cast<OrderType>(m_orderType->currentData().toInt());
    d.timerIntervalSec = m_interval->value();
    d.ticketMaxAgeSec = m_ticketExpiry->value();
    d.expiryRule.enabled = m_expiryRule->isChecked();
    d.expiryRule.minutesBefore = m_expiryRuleMinutes->value();
    c.databaseUrl = databaseUrl();
    c.display.flashChanges = m_flashChanges->isChecked();
    return c;
}

QString SettingsDialog::databaseUrl() const {
    if (m_postgres->isChecked())
        return m_postgresUrl->text().trimmed();
    const QString path = m_sqlitePath->text().trimmed();
    return path.isEmpty() ? QString() : QStringLiteral("sqlite:") + path;
}

void SettingsDialog::onEndpointChosen(int index) {
    if (index == LiveEndpoint && m_lastEndpoint != LiveEndpoint) {
        if (!m_confirmLive || !m_confirmLive()) {
            // Not confirmed: back to where it was, nothing changes.
            m_endpoint->setCurrentIndex(m_lastEndpoint);
            return;
        }
        m_liveConfirmed = true;
    }
    m_lastEndpoint = index;
    m_tradingUrl->setReadOnly(index != CustomEndpoint);
    if (index == PaperEndpoint)
        m_tradingUrl->setText(QString::fromLatin1(config::Endpoints::kPaperTradingUrl));
    else if (index == LiveEndpoint)
        m_tradingUrl->setText(QString::fromLatin1(config::Endpoints::kLiveTradingUrl));
    else
        m_tradingUrl->setFocus();
}

Result<Unit> SettingsDialog::save() {
    const config::AppConfig c = editedConfig();
    const std::vector<std::string> problems = config::validationErrors(c);
    if (!problems.empty()) {
        QStringList lines;
        for (const std::string &p : problems)
            lines << QStringLiteral("\u2022 ") + QString::fromStdString(p);
        m_error->setText(tr("Not saved:\n%1").arg(lines.join(QLatin1Char('\n'))));
        m_error->show();
        return Error::make(lines.join(QLatin1Char('\n')).toStdString());
    }
    if (auto ok = config::save(c, m_settings); !ok) {
        m_error->setText(tr("Not saved: %1").arg(QString::fromStdString(ok.error().message)));
        m_error->show();
        return ok.error();
    }
    m_settings.sync();
    m_error->hide();
    m_loaded = c;
    Q_EMIT saved(c);
    return Unit{};
}

void SettingsDialog::accept() {
    if (save())
        QDialog::accept();
}

void SettingsDialog::readKeys() {
    m_keychainBusy = true;
    QPointer<SettingsDialog> self(this);
    m_keychain.read([self](std::optional<AlpacaKeys> keys, AlpacaKeychain::Outcome outcome) {
        if (!self)
            return;
        self->m_keychainBusy = false;
        if (keys) {
            self->showKeyStatus(
                tr("the OS keychain (key id %1)").arg(AlpacaKeychain::maskedKeyId(keys->keyId)),
                QString());
        } else {
            self->showKeyStatus(QString(), outcome.failure == AlpacaKeychain::Failure::NotFound
                                               ? QString()
                                               : outcome.message);
        }
        Q_EMIT self->keysChanged();
    });
}

void SettingsDialog::showKeyStatus(const QString &source, const QString &problem) {
    QString text;
    if (!source.isEmpty()) {
        text = tr("Keys from %1.").arg(source);
    } else if (const auto env = AlpacaKeychain::fromEnvironment()) {
        text = tr("Keys from the environment (APCA_API_KEY_ID %1).")
                   .arg(AlpacaKeychain::maskedKeyId(env->keyId));
    } else {
        text = tr("No keys: ChainGate starts in DEMO mode.");
    }
    if (!problem.isEmpty())
        text = QStringLiteral("<span style='color:%1'>\u26a0 %2</span><br>%3")
                   .arg(ChainColors::forPalette(palette()).warning.name(), problem.toHtmlEscaped(),
                        text.toHtmlEscaped());
    else
        text = text.toHtmlEscaped();
    m_keyStatus->setText(text);
}

void SettingsDialog::saveKeys() {
    const AlpacaKeys keys{m_keyId->text().trimmed(), m_secret->text().trimmed()};
    m_keychainBusy = true;
    QPointer<SettingsDialog> self(this);
    m_keychain.write(keys, [self, keyId = keys.keyId](AlpacaKeychain::Outcome outcome) {
        if (!self)
            return;
        self->m_keychainBusy = false;
        if (outcome.failure == AlpacaKeychain::Failure::None) {
            self->m_secret->clear(); // the secret does not stay in a widget longer than needed
            self->showKeyStatus(tr("the OS keychain (key id %1), stored just now")
                                    .arg(AlpacaKeychain::maskedKeyId(keyId)),
                                QString());
        } else {
            self->showKeyStatus(QString(),
                                outcome.failure == AlpacaKeychain::Failure::Unavailable
                                    ? tr("%1 The keys were not stored: set APCA_API_KEY_ID and "
                                         "APCA_API_SECRET_KEY in the environment instead.")
                                          .arg(outcome.message)
                                    : outcome.message);
        }
        Q_EMIT self->keysChanged();
    });
}

void SettingsDialog::removeKeys() {
    m_keychainBusy = true;
    QPointer<SettingsDialog> self(this);
    m_keychain.remove([self](AlpacaKeychain::Outcome outcome) {
        if (!self)
            return;
        self->m_keychainBusy = false;
        self->showKeyStatus(QString(), outcome.message);
        Q_EMIT self->keysChanged();
    });
}

void SettingsDialog::testDatabase() {
    const QString url = databaseUrl();
    const ChainColors colors = ChainColors::forPalette(palette());
    const auto show = [this](const QString &text, const QColor &color) {
        m_dbResult->setText(text);
        m_dbResult->setStyleSheet(QStringLiteral("color: %1;").arg(color.name()));
    };
    const auto parsed = parseDatabaseUrl(url.isEmpty() ? defaultDatabaseUrl() : url);
    if (!parsed) {
        show(QString::fromStdString(parsed.error().message), colors.fail);
        return;
    }
    if (!parsed->password.isEmpty()) {
        show(tr("Remove the password from the URL: PostgreSQL reads it from PGPASSWORD or "
                "~/.pgpass."),
             colors.fail);
        return;
    }
    m_dbResult->setText(tr("Connecting to %1\u2026").arg(parsed->display()));
    m_dbResult->setStyleSheet(QString());
    m_testDatabase->setEnabled(false);
    QPointer<SettingsDialog> self(this);
    probeDatabaseAsync(url.isEmpty() ? defaultDatabaseUrl() : url, this,
                       [self, show, colors](const DatabaseProbe &probe) {
                           if (!self)
                               return;
                           self->m_testDatabase->setEnabled(true);
                           if (probe.missing) {
                               show(self->tr("No database at %1 yet: saving the settings "
                                             "creates it.")
                                        .arg(probe.displayUrl),
                                    colors.warning);
                               return;
                           }
                           if (!probe.connected) {
                               show(self->tr("\u2718 %1").arg(probe.problem), colors.fail);
                               return;
                           }
                           const QString upgrade =
                               probe.schemaVersion < probe.latestSchemaVersion
                                   ? self->tr("; this ChainGate upgrades it to version %1 when "
                                              "it opens it")
                                         .arg(probe.latestSchemaVersion)
                                   : QString();
                           show(self->tr("\u2714 Connected to %1 at %2 (schema version %3%4).")
                                    .arg(probe.backendName, probe.displayUrl)
                                    .arg(probe.schemaVersion)
                                    .arg(upgrade),
                                colors.pass);
                       });
}

} // namespace cg::ui
