// The SQLite schema: the same tables as PostgreSQL; explain_json is TEXT checked by json_valid(),
// times are ISO-8601 UTC text with milliseconds (they sort as text).
#include "storage/migrations.h"

namespace cg {

const std::vector<Migration> &sqliteMigrations() {
    static const std::vector<Migration> list = {
        {1,
         "dispatcher_execution and dispatch_recommendations",
         {
             R"sql(CREATE TABLE dispatcher_execution (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                execution_uid TEXT NOT NULL UNIQUE,
                signal_id INTEGER,
                ticker TEXT NOT NULL,
                action TEXT NOT NULL,
                instrument_type TEXT NOT NULL,
                execution_mode TEXT NOT NULL,
                strategy TEXT,
                option_symbol TEXT,
                strike REAL,
                expiry TEXT,
                qty INTEGER,
                limit_price REAL,
                fill_price REAL,
                bid REAL,
                ask REAL,
                spread_pct REAL,
                delta REAL,
                gamma REAL,
                theta REAL,
                vega REAL,
                iv REAL,
                open_interest INTEGER,
                volume INTEGER,
                client_order_id TEXT,
                order_id TEXT,
                order_status TEXT,
                explain_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(explain_json)),
                created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))))sql",
             R"sql(CREATE UNIQUE INDEX dispatcher_execution_client_order_id_key
                ON dispatcher_execution (client_order_id)
                WHERE client_order_id IS NOT NULL AND client_order_id <> '')sql",
             "CREATE INDEX dispatcher_execution_created_at_idx "
             "ON dispatcher_execution (created_at, id)",
             R"sql(CREATE TABLE dispatch_recommendations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                symbol TEXT NOT NULL,
                action TEXT NOT NULL,
                strategy TEXT NOT NULL DEFAULT 'day_trade',
                status TEXT NOT NULL DEFAULT 'PENDING'
                    CHECK (status IN ('PENDING', 'CLAIMED', 'DONE', 'FAILED')),
                source TEXT NOT NULL DEFAULT 'external',
                created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                claimed_by TEXT,
                claimed_at TEXT,
                execution_id INTEGER,
                error TEXT))sql",
             "CREATE INDEX dispatch_recommendations_queue_idx "
             "ON dispatch_recommendations (status, created_at, id)",
         }},
        {2,
         "fallback_reason, underlying_price, engine_state",
         {
             "ALTER TABLE dispatcher_execution ADD COLUMN fallback_reason TEXT",
             "ALTER TABLE dispatcher_execution ADD COLUMN underlying_price REAL",
             R"sql(CREATE TABLE engine_state (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))))sql",
         }},
        {3,
         "slippage against mid",
         {
             "ALTER TABLE dispatcher_execution ADD COLUMN slippage REAL",
         }},
    };
    return list;
}

} // namespace cg
