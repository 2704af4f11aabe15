#pragma once
// Settings: Alpaca keys (OS keychain, else the environment; never a settings file), endpoints
// (paper by default; live only after a deliberate confirmation), data feed, gate thresholds,
// strategy parameters, risk limits, the database (SQLite file or PostgreSQL URL, with a
// Test button), and the display (the chain's flashes). Save validates everything first
// (app/config): invalid values are refused with a message and nothing is written.

#include "config/app_config.h"
#include "domain/result.h"

#include <QDialog>

#include <array>
#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSettings;
class QSpinBox;
class QTabWidget;

namespace cg::keychain {
class AlpacaKeychain;
}

namespace cg::ui {

using keychain::AlpacaKeychain;

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    // `settings` is where the config lives (the GUI's INI file); `keychain` holds the keys.
    SettingsDialog(QSettings &settings, AlpacaKeychain &keychain, QWidget *parent = nullptr);

    // The config as the widgets show it (not validated).
    config::AppConfig editedConfig() const;
    void setConfig(const config::AppConfig &config);

    // Validates, then writes; the error (every problem, one per line) when refused.
    Result<Unit> save();
    // Stores the typed key pair in the keychain; the answer shows in the keys status.
    void saveKeys();
    void removeKeys();
    // Opens the database the widgets name on a thread of its own (the dialog stays responsive
    // while a host does not answer) and reports in databaseResultLabel() when it answers.
    void testDatabase();

    // Asked before the live endpoint is accepted; the default asks the trader in a dialog.
    void setLiveConfirmation(std::function<bool()> confirm) { m_confirmLive = std::move(confirm); }

    QLabel *errorLabel() const { return m_error; }
    QLabel *keyStatusLabel() const { return m_keyStatus; }
    QLabel *databaseResultLabel() const { return m_dbResult; }
    QLineEdit *keyIdEdit() const { return m_keyId; }
    QLineEdit *secretEdit() const { return m_secret; }
    QComboBox *endpointCombo() const { return m_endpoint; }
    QLineEdit *tradingUrlEdit() const { return m_tradingUrl; }
    QComboBox *feedCombo() const { return m_feed; }
    QDoubleSpinBox *maxSpreadSpin() const { return m_maxSpread; }
    QSpinBox *minOpenInterestSpin() const { return m_minOi; }
    QSpinBox *minVolumeSpin() const { return m_minVolume; }
    QSpinBox *minDteSpin(Strategy s) const { return m_strategy[idx(s)].minDte; }
    QSpinBox *maxDteSpin(Strategy s) const { return m_strategy[idx(s)].maxDte; }
    QDoubleSpinBox *riskPctSpin(Strategy s) const { return m_strategy[idx(s)].riskPct; }
    QSpinBox *maxOrdersSpin() const { return m_maxOrders; }
    QRadioButton *sqliteRadio() const { return m_sqlite; }
    QRadioButton *postgresRadio() const { return m_postgres; }
    QLineEdit *sqlitePathEdit() const { return m_sqlitePath; }
    QLineEdit *postgresUrlEdit() const { return m_postgresUrl; }
    bool keychainBusy() const { return m_keychainBusy; }

    void accept() override;

Q_SIGNALS:
    void saved(const cg::config::AppConfig &config);
    // After every keychain answer (status text updated).
    void keysChanged();

private:
    struct StrategyRow {
        QComboBox *moneyness = nullptr;
        QDoubleSpinBox *pct = nullptr;
        QSpinBox *minDte = nullptr;
        QSpinBox *maxDte = nullptr;
        QDoubleSpinBox *riskPct = nullptr;
    };
    static size_t idx(Strategy s) { return static_cast<size_t>(s); }

    QWidget *buildAlpacaTab();
    QWidget *buildTradingTab();
    QWidget *buildRiskTab();
    QWidget *buildDatabaseTab();
    QWidget *buildDisplayTab();
    void onEndpointChosen(int index);
    void readKeys();
    void showKeyStatus(const QString &source, const QString &problem);
    QString databaseUrl() const;

    QSettings &m_settings;
    AlpacaKeychain &m_keychain;
    config::AppConfig m_loaded; // fields the dialog does not show are kept as loaded
    std::function<bool()> m_confirmLive;
    bool m_liveConfirmed = false;
    int m_lastEndpoint = 0;
    bool m_keychainBusy = false;

    QTabWidget *m_tabs = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_keyStatus = nullptr;
    QLineEdit *m_keyId = nullptr;
    QLineEdit *m_secret = nullptr;
    QPushButton *m_saveKeys = nullptr;
    QPushButton *m_removeKeys = nullptr;
    QComboBox *m_endpoint = nullptr;
    QLineEdit *m_tradingUrl = nullptr;
    QLineEdit *m_dataUrl = nullptr;
    QComboBox *m_feed = nullptr;
    QSpinBox *m_timeout = nullptr;
    QDoubleSpinBox *m_maxSpread = nullptr;
    QSpinBox *m_minOi = nullptr;
    QSpinBox *m_minVolume = nullptr;
    std::array<StrategyRow, 3> m_strategy{};
    QSpinBox *m_maxOrders = nullptr;
    QSpinBox *m_maxContracts = nullptr;
    QDoubleSpinBox *m_maxNotional = nullptr;
    QDoubleSpinBox *m_maxDailyLoss = nullptr;
    QSpinBox *m_maxQuoteAge = nullptr;
    QSpinBox *m_maxQuoteAgeOffHours = nullptr;
    QDoubleSpinBox *m_throughMarket = nullptr;
    QCheckBox *m_budgetIsCap = nullptr;
    QComboBox *m_orderType = nullptr;
    QSpinBox *m_interval = nullptr;
    QSpinBox *m_ticketExpiry = nullptr;
    QCheckBox *m_expiryRule = nullptr;
    QSpinBox *m_expiryRuleMinutes = nullptr;
    QRadioButton *m_sqlite = nullptr;
    QRadioButton *m_postgres = nullptr;
    QLineEdit *m_sqlitePath = nullptr;
    QLineEdit *m_postgresUrl = nullptr;
    QLabel *m_dbResult = nullptr;
    QPushButton *m_testDatabase = nullptr;
    QCheckBox *m_flashChanges = nullptr;
};

} // namespace cg::ui
