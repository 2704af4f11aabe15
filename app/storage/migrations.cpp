// The schema, once for both dialects. What SQLite and PostgreSQL spell differently is a
// placeholder expanded by sqlFor(): on PostgreSQL explain_json is JSONB (so the seed's
// `explain_json->>'alpaca_order_id'` query runs unchanged) and times are TIMESTAMPTZ; on SQLite
// explain_json is TEXT checked by json_valid() and times are ISO-8601 UTC text with milliseconds
// (they sort as text). The expansion reproduces, byte for byte, the statements the two separate
// lists of earlier versions ran, so databases they created are the same as new ones.
#include "storage/migrations.h"

#include <QStringList>

namespace cg {

const std::vector<Migration> &migrations() {
    static const std::vector<Migration> list = {
        {1,
         "dispatcher_execution and dispatch_recommendations",
         {
             R"sql(CREATE TABLE dispatcher_execution (
                id {id},
                execution_uid TEXT NOT NULL UNIQUE,
                signal_id {bigint},
                ticker TEXT NOT NULL,
                action TEXT NOT NULL,
                instrument_type TEXT NOT NULL,
                execution_mode TEXT NOT NULL,
                strategy TEXT,
                option_symbol TEXT,
                strike {double},
                expiry TEXT,
                qty INTEGER,
                limit_price {double},
                fill_price {double},
                bid {double},
                ask {double},
                spread_pct {double},
                delta {double},
                gamma {double},
                theta {double},
                vega {double},
                iv {double},
                open_interest {bigint},
                volume {bigint},
                client_order_id TEXT,
                order_id TEXT,
                order_status TEXT,
                {json_column:explain_json},
                created_at {timestamp} NOT NULL DEFAULT {now}))sql",
             // Unique only when present: declined decisions carry no order.
             R"sql(CREATE UNIQUE INDEX dispatcher_execution_client_order_id_key
                ON dispatcher_execution (client_order_id)
                WHERE client_order_id IS NOT NULL AND client_order_id <> '')sql",
             "CREATE INDEX dispatcher_execution_created_at_idx "
             "ON dispatcher_execution (created_at, id)",
             R"sql(CREATE TABLE dispatch_recommendations (
                id {id},
                symbol TEXT NOT NULL,
                action TEXT NOT NULL,
                strategy TEXT NOT NULL DEFAULT 'day_trade',
                status TEXT NOT NULL DEFAULT 'PENDING'
                    CHECK (status IN ('PENDING', 'CLAIMED', 'DONE', 'FAILED')),
                source TEXT NOT NULL DEFAULT 'external',
                created_at {timestamp} NOT NULL DEFAULT {now},
                claimed_by TEXT,
                claimed_at {timestamp},
                execution_id {bigint},
                error TEXT))sql",
             "CREATE INDEX dispatch_recommendations_queue_idx "
             "ON dispatch_recommendations (status, created_at, id)",
         }},
        {2,
         "fallback_reason, underlying_price, engine_state",
         {
             "ALTER TABLE dispatcher_execution ADD COLUMN fallback_reason TEXT",
             "ALTER TABLE dispatcher_execution ADD COLUMN underlying_price {double}",
             R"sql(CREATE TABLE engine_state (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                updated_at {timestamp} NOT NULL DEFAULT {now}))sql",
         }},
        {3,
         "slippage against mid",
         {
             "ALTER TABLE dispatcher_execution ADD COLUMN slippage {double}",
         }},
        // ---- issue 18 (orders18): who asked for the order. Kept in its own entry so that a
        // parallel migration can be renumbered around it at merge.
        {4,
         "execution source: manual or signal",
         {
             "ALTER TABLE dispatcher_execution ADD COLUMN source TEXT NOT NULL DEFAULT 'signal'",
         }},
        {5,
         "greeks source (feed, computed from the mid, none)",
         {
             "ALTER TABLE dispatcher_execution ADD COLUMN greeks_source TEXT",
         }},
        // ---- issue 19 (mleg19): the legs of a multi-leg execution, one row each, keyed by the
        // execution's uid. Its own entry, renumbered around parallel migrations at merge.
        {6,
         "execution_leg: the legs of multi-leg executions",
         {
             R"sql(CREATE TABLE execution_leg (
                id {id},
                execution_uid TEXT NOT NULL
                    REFERENCES dispatcher_execution (execution_uid) ON DELETE CASCADE,
                leg_index INTEGER NOT NULL CHECK (leg_index >= 0),
                option_symbol TEXT NOT NULL,
                option_type TEXT,
                strike {double},
                expiry TEXT,
                side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
                ratio_qty INTEGER NOT NULL CHECK (ratio_qty >= 1),
                position_intent TEXT,
                bid {double},
                ask {double},
                mid {double},
                delta {double},
                gamma {double},
                theta {double},
                vega {double},
                iv {double},
                fill_price {double},
                UNIQUE (execution_uid, leg_index)))sql",
         }},
        // ---- issue 20 (pg20a): claims are leases (a heartbeat and an expiry the holder renews,
        // in the database's clock so hosts never compare their own), and on PostgreSQL a
        // NOTIFY wakes every listening dispatcher when a signal becomes PENDING (an outside
        // engine's INSERT included) or the kill switch changes.
        {7,
         "claim leases; NOTIFY on new signals and kill switch changes",
         {
             "ALTER TABLE dispatch_recommendations ADD COLUMN heartbeat_at {timestamp}",
             "ALTER TABLE dispatch_recommendations ADD COLUMN lease_expires_at {timestamp}",
             // One notification per transaction however many rows: the payloads are constant
             // (a key may be long and hostile; listeners re-read what they care about).
             R"sql({postgresql}CREATE OR REPLACE FUNCTION chaingate_notify_signal() RETURNS trigger
                LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('chaingate_signals', '');
                RETURN NULL; END $$)sql",
             R"sql({postgresql}CREATE TRIGGER dispatch_recommendations_notify
                AFTER INSERT OR UPDATE OF status ON dispatch_recommendations
                FOR EACH ROW WHEN (NEW.status = 'PENDING')
                EXECUTE FUNCTION chaingate_notify_signal())sql",
             R"sql({postgresql}CREATE OR REPLACE FUNCTION chaingate_notify_state() RETURNS trigger
                LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('chaingate_state', '');
                RETURN NULL; END $$)sql",
             R"sql({postgresql}CREATE TRIGGER engine_state_notify
                AFTER INSERT OR UPDATE ON engine_state
                FOR EACH ROW EXECUTE FUNCTION chaingate_notify_state())sql",
         }},
        // The order a row's order replaced (PATCH /v2/orders/{id}): a replace is the same trade,
        // counted once toward the day's order limit (its first row).
        {8,
         "replaces_order_id: the order a replacing order replaced",
         {
             "ALTER TABLE dispatcher_execution ADD COLUMN replaces_order_id TEXT",
             // Replacing orders recorded before (explain_json's replaces.order_id since the
             // Orders dock's replace) are linked too, so their trades count once from today.
             "UPDATE dispatcher_execution SET replaces_order_id = "
             "{json_text:explain_json:replaces.order_id} WHERE "
             "{json_text:explain_json:replaces.order_id} IS NOT NULL",
         }},
        // Look-ups that ran on every order event, decision and signal poll read whole tables:
        // SQLite uses the partial unique index only where a query repeats its WHERE, which
        // `client_order_id = ?` does not (216 ms an update at 300k rows, measured), and nothing
        // indexed signal_id or the signal list's order.
        {9,
         "indexes for order, signal and signal-list look-ups",
         {
             "CREATE INDEX dispatcher_execution_client_order_id_idx "
             "ON dispatcher_execution (client_order_id)",
             "CREATE INDEX dispatcher_execution_signal_id_idx ON dispatcher_execution (signal_id)",
             "CREATE INDEX dispatch_recommendations_created_at_idx "
             "ON dispatch_recommendations (created_at, id)",
             // Listeners care for the kill switch only: a service's state, saved every cycle,
             // no longer wakes every console to re-read it.
             "{postgresql}DROP TRIGGER engine_state_notify ON engine_state",
             R"sql({postgresql}CREATE TRIGGER engine_state_notify
                AFTER INSERT OR UPDATE ON engine_state
                FOR EACH ROW WHEN (NEW.key = 'dispatch.kill_switch')
                EXECUTE FUNCTION chaingate_notify_state())sql",
         }},
    };
    return list;
}

namespace {

// One placeholder in the dialect; `argument` is what follows a colon ({json_column:name}).
QString expand(QStringView name, QStringView argument, SqlDialect dialect) {
    const bool pg = dialect == SqlDialect::PostgreSQL;
    if (name == u"id")
        return pg ? QStringLiteral("BIGSERIAL PRIMARY KEY")
                  : QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT");
    if (name == u"bigint")
        return pg ? QStringLiteral("BIGINT") : QStringLiteral("INTEGER");
    if (name == u"double")
        return pg ? QStringLiteral("DOUBLE PRECISION") : QStringLiteral("REAL");
    if (name == u"timestamp")
        return pg ? QStringLiteral("TIMESTAMPTZ") : QStringLiteral("TEXT");
    if (name == u"now")
        return pg ? QStringLiteral("now()")
                  : QStringLiteral("(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
    if (name == u"json_column") {
        const QString column = argument.toString();
        if (pg)
            return column + QStringLiteral(" JSONB NOT NULL DEFAULT '{}'::jsonb");
        return column + QStringLiteral(" TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(") + column +
               QStringLiteral("))");
    }
    if (name == u"json_text") { // {json_text:column:a.b}: the text at a.b in the JSON column
        const qsizetype colon = argument.indexOf(QLatin1Char(':'));
        const QString column = argument.left(colon).toString();
        const QString path = argument.mid(colon + 1).toString();
        if (!pg)
            return QStringLiteral("json_extract(%1, '$.%2')").arg(column, path);
        const QStringList keys = path.split(QLatin1Char('.'));
        QString out = column;
        for (qsizetype i = 0; i < keys.size(); ++i)
            out += (i + 1 < keys.size() ? QStringLiteral("->'") : QStringLiteral("->>'")) +
                   keys[i] + QLatin1Char('\'');
        return out;
    }
    return {}; // unknown: sqlFor() keeps the text as written
}

} // namespace

QString sqlFor(const char *statement, SqlDialect dialect) {
    QString text = QString::fromUtf8(statement);
    // A statement only one dialect runs (PostgreSQL's triggers): empty for the other.
    static const QString pgOnly = QStringLiteral("{postgresql}");
    if (text.startsWith(pgOnly)) {
        if (dialect != SqlDialect::PostgreSQL)
            return {};
        text = text.mid(pgOnly.size());
    }
    QString out;
    out.reserve(text.size() + 64);
    qsizetype at = 0;
    while (at < text.size()) {
        const qsizetype open = text.indexOf(QLatin1Char('{'), at);
        const qsizetype close = open < 0 ? -1 : text.indexOf(QLatin1Char('}'), open);
        if (close < 0) {
            out += QStringView(text).mid(at);
            break;
        }
        const QStringView inside = QStringView(text).mid(open + 1, close - open - 1);
        const qsizetype colon = inside.indexOf(QLatin1Char(':'));
        const QString expanded = expand(colon < 0 ? inside : inside.left(colon),
                                        colon < 0 ? QStringView() : inside.mid(colon + 1), dialect);
        out += QStringView(text).mid(at, open - at);
        out += expanded.isEmpty() ? QStringView(text).mid(open, close - open + 1)
                                  : QStringView(expanded);
        at = close + 1;
    }
    return out;
}

} // namespace cg
