// The PostgreSQL schema. explain_json is JSONB so the seed's `explain_json->>'alpaca_order_id'`
// query runs unchanged.
#include "storage/migrations.h"

namespace cg {

const std::vector<Migration> &postgresqlMigrations() {
    static const std::vector<Migration> list = {
        {1,
         "dispatcher_execution and dispatch_recommendations",
         {
             R"sql(CREATE TABLE dispatcher_execution (
                id BIGSERIAL PRIMARY KEY,
                execution_uid TEXT NOT NULL UNIQUE,
                signal_id BIGINT,
                ticker TEXT NOT NULL,
                action TEXT NOT NULL,
                instrument_type TEXT NOT NULL,
                execution_mode TEXT NOT NULL,
                strategy TEXT,
                option_symbol TEXT,
                strike DOUBLE PRECISION,
                expiry TEXT,
                qty INTEGER,
                limit_price DOUBLE PRECISION,
                fill_price DOUBLE PRECISION,
                bid DOUBLE PRECISION,
                ask DOUBLE PRECISION,
                spread_pct DOUBLE PRECISION,
                delta DOUBLE PRECISION,
                gamma DOUBLE PRECISION,
                theta DOUBLE PRECISION,
                vega DOUBLE PRECISION,
                iv DOUBLE PRECISION,
                open_interest BIGINT,
                volume BIGINT,
                client_order_id TEXT,
                order_id TEXT,
                order_status TEXT,
                explain_json JSONB NOT NULL DEFAULT '{}'::jsonb,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now()))sql",
             // Unique only when present: declined decisions carry no order.
             R"sql(CREATE UNIQUE INDEX dispatcher_execution_client_order_id_key
                ON dispatcher_execution (client_order_id)
                WHERE client_order_id IS NOT NULL AND client_order_id <> '')sql",
             "CREATE INDEX dispatcher_execution_created_at_idx "
             "ON dispatcher_execution (created_at, id)",
             R"sql(CREATE TABLE dispatch_recommendations (
                id BIGSERIAL PRIMARY KEY,
                symbol TEXT NOT NULL,
                action TEXT NOT NULL,
                strategy TEXT NOT NULL DEFAULT 'day_trade',
                status TEXT NOT NULL DEFAULT 'PENDING'
                    CHECK (status IN ('PENDING', 'CLAIMED', 'DONE', 'FAILED')),
                source TEXT NOT NULL DEFAULT 'external',
                created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                claimed_by TEXT,
                claimed_at TIMESTAMPTZ,
                execution_id BIGINT,
                error TEXT))sql",
             "CREATE INDEX dispatch_recommendations_queue_idx "
             "ON dispatch_recommendations (status, created_at, id)",
         }},
        {2,
         "fallback_reason, underlying_price, engine_state",
         {
             "ALTER TABLE dispatcher_execution ADD COLUMN fallback_reason TEXT",
             "ALTER TABLE dispatcher_execution ADD COLUMN underlying_price DOUBLE PRECISION",
             R"sql(CREATE TABLE engine_state (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL DEFAULT now()))sql",
         }},
        {3,
         "slippage against mid",
         {
             "ALTER TABLE dispatcher_execution ADD COLUMN slippage DOUBLE PRECISION",
         }},
    };
    return list;
}

} // namespace cg
