#pragma once
// AppConfig to and from QSettings (INI). Keys, grouped:
//   endpoints/trading_url, endpoints/data_url, endpoints/feed, endpoints/timeout_ms
//   database/url
//   dispatcher/mode (manual|auto), dispatcher/interval_sec, dispatcher/ticket_expiry_sec,
//   dispatcher/order_type (limit|market), dispatcher/live_trading, dispatcher/strike_band_pct,
//   dispatcher/max_otm_abs_delta, dispatcher/order_poll_interval_ms,
//   dispatcher/order_poll_max_tries, dispatcher/limit_rounding (passive|nearest),
//   dispatcher/extra_penny_classes (e.g. "ABNB, HOOD")
//   gates/max_spread_pct, gates/min_open_interest, gates/min_volume
//   strategy_day_trade/moneyness (OTM|ATM|ITM),
//   .../moneyness_pct, .../min_dte, .../max_dte,
//   .../risk_pct (likewise strategy_swing, strategy_conservative)
//   risk/max_orders_per_day, risk/max_contracts_per_order, risk/max_notional_per_order,
//   risk/max_daily_loss
//   display/flash_changes (true|false)
// A missing key keeps its default. dispatcher/penny_program (one tick table for every class,
// before ticks were per class) is ignored and dropped by the next save: neither of its values is
// right for every class, so the program's list replaces it. Other groups in the same file (the
// window's layout) are left alone. Secrets are never written, and a file holding one (a key named
// like a key, secret, password or token, or a database URL with a password) is refused with a
// message that says where secrets belong.

#include "config/app_config.h"

#include <QSettings>

#include <memory>

namespace cg::config {

// The GUI's settings file: QSettings' user-scope INI for organisation "ChainGate", application
// "chaingate" (~/.config/ChainGate/chaingate.conf on Linux).
QString defaultConfigPath();

// Reads `settings`; an unreadable value or a config that fails validate() is an error naming the
// key ("gates/max_spread_pct \"abc\" is not a number").
Result<AppConfig> load(const QSettings &settings);
// Validates first: nothing is written when the config is invalid. Then writes every key above.
Result<Unit> save(const AppConfig &config, QSettings &settings);

// The same on an INI file; an empty path means defaultConfigPath(). Loading a file that does not
// exist is an error for an explicit path ("settings file /x.ini does not exist") and the defaults
// for the default path (a first start).
Result<AppConfig> loadFile(const QString &path);
// The database a settings file names, read alone (empty when none): what a file that fails to
// load still says, so that a kill switch acts on the book the window records in.
QString databaseUrlIn(const QString &path);
Result<Unit> saveFile(const AppConfig &config, const QString &path);

} // namespace cg::config
