#pragma once
// Example bodies copied verbatim from ../shared/alpaca/API.md (the section is named on each);
// the server's answers are compared to them key by key and type by type.

namespace cg::fake::test {

// MSPEC OptionChain 200 example (section 2)
inline constexpr char kChainExample[] = R"json({
    "snapshots": {
        "AAPL240426C00162500": {
            "greeks": {
                "delta": 0.7521304109871954,
                "gamma": 0.06241426404871288,
                "rho": 0.009910739032549095,
                "theta": -0.2847623059595503,
                "vega": 0.047540520834498785
            },
            "impliedVolatility": 0.3372405712050441,
            "latestQuote": {
                "ap": 4.3,
                "as": 91,
                "ax": "B",
                "bp": 4.15,
                "bs": 16,
                "bx": "C",
                "c": "A",
                "t": "2024-04-22T19:59:59.992734208Z"
            },
            "latestTrade": {
                "c": "I",
                "p": 4.1,
                "s": 1,
                "t": "2024-04-22T19:57:32.589554432Z",
                "x": "A"
            }
        }
    },
    "next_page_token": null
})json";

// Go SDK paging example, first page (section 2)
inline constexpr char kChainFirstPageExample[] =
    R"json({"next_page_token":"QUFQTDI0MDQyNkMwMDE1MjUwMA==","snapshots":{"AAPL240426C00152500":{"latestQuote":{"ap":17,"as":91,"ax":"B","bp":16.25,"bs":80,"bx":"B","c":" ","t":"2024-04-24T19:59:59.782060288Z"},"latestTrade":{"c":"a","p":15.87,"s":1,"t":"2024-04-24T16:46:16.763406848Z","x":"I"}}}})json";

// TSPEC 404 for GET /v2/options/contracts/{symbol} (section 3)
inline constexpr char kContractNotFoundExample[] = R"json({
    "code": 40410000,
    "message": "option contract TSLA231110C00021000 not found"
})json";

// alpaca-py test_get_option_contracts (section 3)
inline constexpr char kContractsExample[] = R"json({
    "option_contracts": [
        {
            "id": "00000000-0000-0000-0000-000000000000",
            "symbol": "AAPL231103C00170000",
            "name": "AAPL Nov 03 2023 170 Call",
            "status": "active",
            "tradable": true,
            "expiration_date": "2023-11-03",
            "root_symbol": "AAPL",
            "underlying_symbol": "AAPL",
            "underlying_asset_id": "00000000-0000-0000-0000-000000000000",
            "type": "call",
            "style": "american",
            "strike_price": "170",
            "size": "100",
            "open_interest": "0",
            "open_interest_date": "2023-11-03",
            "close_price": null,
            "close_price_date": null
        }
    ],
    "next_page_token": null
})json";

// TSPEC OptionOrderResponse (section 4)
inline constexpr char kOptionOrderExample[] = R"json({
    "asset_class": "us_option",
    "asset_id": "98359ef7-5124-49f3-85ea-5cf02df6defa",
    "canceled_at": null,
    "client_order_id": "58cd43a7-029e-457e-b77f-cd4f61f00f2a",
    "created_at": "2023-12-12T21:35:49.102449524Z",
    "expired_at": null,
    "extended_hours": false,
    "failed_at": null,
    "filled_at": null,
    "filled_avg_price": null,
    "filled_qty": "0",
    "hwm": null,
    "id": "30a077fa-96f6-4f20-a052-4b921ee2f243",
    "legs": null,
    "limit_price": "10",
    "notional": null,
    "order_class": "simple",
    "order_type": "limit",
    "qty": "2",
    "replaced_at": null,
    "replaced_by": null,
    "replaces": null,
    "side": "buy",
    "source": null,
    "status": "pending_new",
    "stop_price": null,
    "submitted_at": "2023-12-12T21:35:49.056332248Z",
    "subtag": null,
    "symbol": "AAPL250620C00100000",
    "time_in_force": "day",
    "trail_percent": null,
    "trail_price": null,
    "type": "limit",
    "updated_at": "2023-12-12T21:35:49.102504673Z"
})json";

// alpaca-py test_get_account (section 5)
inline constexpr char kAccountExample[] = R"json({
  "account_blocked": false,
  "accrued_fees": "0",
  "account_number": "010203ABCD",
  "buying_power": "262113.632",
  "cash": "-23140.2",
  "created_at": "2019-06-12T22:47:07.99658Z",
  "currency": "USD",
  "daytrade_count": 0,
  "daytrading_buying_power": "262113.632",
  "equity": "103820.56",
  "id": "e6fe16f3-64a4-4921-8928-cadf02f92f98",
  "initial_margin": "63480.38",
  "last_equity": "103529.24",
  "last_maintenance_margin": "38000.832",
  "non_marginable_buying_power": "98945.02",
  "long_market_value": "126960.76",
  "maintenance_margin": "38088.228",
  "multiplier": "4",
  "pattern_day_trader": false,
  "portfolio_value": "103820.56",
  "regt_buying_power": "80680.36",
  "short_market_value": "0",
  "shorting_enabled": true,
  "sma": "0",
  "status": "ACTIVE",
  "trade_suspended_by_user": false,
  "trading_blocked": false,
  "transfers_blocked": false,
  "options_buying_power": "262113.632",
  "options_approved_level": "1",
  "options_trading_level": "1"
})json";

// TSPEC Position example-2 (section 6)
inline constexpr char kPositionExample[] = R"json({
    "asset_class": "us_equity",
    "asset_id": "b0b6dd9d-8b9b-48a9-ba46-b9d54906e415",
    "asset_marginable": false,
    "avg_entry_price": "174.78",
    "change_today": "-0.0018326556325525",
    "cost_basis": "349.56",
    "current_price": "174.29",
    "exchange": "NASDAQ",
    "lastday_price": "174.61",
    "market_value": "348.58",
    "qty": "2",
    "qty_available": "2",
    "side": "long",
    "symbol": "AAPL",
    "unrealized_intraday_pl": "-0.98",
    "unrealized_intraday_plpc": "-0.0028035244307129",
    "unrealized_pl": "-0.98",
    "unrealized_plpc": "-0.0028035244307129"
})json";

// MSPEC stock snapshot (section 8)
inline constexpr char kStockSnapshotExample[] = R"json({
    "symbol": "AAPL",
    "latestTrade": {
        "t": "2022-08-17T10:19:30.735811394Z",
        "x": "Q",
        "p": 172.55,
        "s": 229,
        "c": [
            "@",
            "T"
        ],
        "i": 1040,
        "z": "C"
    },
    "latestQuote": {
        "t": "2022-08-17T10:19:30.805564086Z",
        "ax": "Q",
        "ap": 172.65,
        "as": 1,
        "bx": "P",
        "bp": 172.51,
        "bs": 1,
        "c": [
            "R"
        ],
        "z": "C"
    },
    "minuteBar": {
        "t": "2022-08-17T10:18:00Z",
        "o": 172.65,
        "h": 172.65,
        "l": 172.6,
        "c": 172.6,
        "v": 3746,
        "n": 57,
        "vw": 172.618377
    },
    "dailyBar": {
        "t": "2022-08-16T04:00:00Z",
        "o": 172.62,
        "h": 173.71,
        "l": 171.6618,
        "c": 173.03,
        "v": 56457696,
        "n": 515139,
        "vw": 172.743391
    },
    "prevDailyBar": {
        "t": "2022-08-15T04:00:00Z",
        "o": 171.5,
        "h": 173.39,
        "l": 171.345,
        "c": 173.19,
        "v": 54091719,
        "n": 501626,
        "vw": 172.625371
    }
})json";

// MSPEC latest trade (section 8)
inline constexpr char kLatestTradeExample[] = R"json({
    "symbol": "AAPL",
    "trade": {
        "t": "2022-08-17T09:53:16.845580544Z",
        "x": "P",
        "p": 172.6,
        "s": 100,
        "c": [
            "@",
            "T"
        ],
        "i": 689,
        "z": "C"
    }
})json";

// TSPEC Error (section 9)
inline constexpr char kErrorExample[] =
    R"json({"code":40310000,"message":"insufficient buying power"})json";

// MSPEC latest quote (section 8, inline in the text).
inline constexpr char kLatestQuoteExample[] =
    R"json({"symbol": "AAPL", "quote": {"t": "2022-08-17T10:09:34.055031265Z", "ax": "Q", "ap": 172.7, "as": 1, "bx": "Q", "bp": 172.6, "bs": 2, "c": ["R"], "z": "C"}})json";

// GET /v2/clock: API.md names only the keys (timestamp, is_open, next_open, next_close);
// this body is the shape of Alpaca's documented example.
inline constexpr char kClockExample[] =
    R"json({"timestamp": "2018-04-01T12:00:00.000Z", "is_open": true, "next_open": "2018-04-01T12:00:00.000Z", "next_close": "2018-04-01T12:00:00.000Z"})json";

// [PY-ORD] test_cancel_orders (section 16): DELETE /v2/orders answers 207 with one entry per open
// order; a failed cancel carries the error as `body`.
inline constexpr char kCancelAllExample[] =
    R"json([{"id": "497f6eca-6276-4993-bfeb-53cbbbba6f08", "status": 200}, {"id": "72249bb6-6c89-4ea7-b8cf-73f1a140812b", "status": 404, "body": {"code": 40410000, "message": "order not found"}}])json";

// [PY-POS] test_close_all_positions (section 17), its error entry: DELETE /v2/positions answers
// 207 with {symbol, status, body}, body the closing order (200) or the error.
inline constexpr char kCloseAllErrorExample[] =
    R"json({"symbol": "SQQQ", "status": 403, "body": {"available": "0", "code": 40310000, "existing_qty": "1000", "held_for_orders": "1000", "message": "insufficient qty available for order (requested: 1000, available: 0)", "symbol": "SQQQ"}})json";

} // namespace cg::fake::test
