// The peer of chaingate-bench's "fetch + parse of a chain" row: Alpaca's official JS SDK
// (@alpacahq/alpaca-trade-api) reading the same chain and its open interest from the same
// server (the DEMO server on loopback). The SDK knows only Alpaca's hosts, so its fetch is pointed
// at the server; everything else (paging, retries, JSON parsing into its typed models) is the
// SDK's own.
//
//   node alpaca_js_chain.mjs BASE_URL SYMBOL RUNS KEY_ID SECRET
// prints one JSON line: {"sdk_version", "contracts", "with_open_interest", "ms": [per run]}
// Resolve the SDK with NODE_PATH or a node_modules beside this file (npm install there).

import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const [base, symbol, runsText, keyId, secret] = process.argv.slice(2);
const require = createRequire(import.meta.url);
let sdk;
let version = "?";
try {
    sdk = require("@alpacahq/alpaca-trade-api");
    version = require("@alpacahq/alpaca-trade-api/package.json").version;
} catch (e) {
    console.log(JSON.stringify({ error: "@alpacahq/alpaca-trade-api not installed: " + e.message }));
    process.exit(2);
}

const hosts = /^https:\/\/(paper-api|api|data)\.alpaca\.markets/;
const alpaca = new sdk.Alpaca({
    keyId,
    secret,
    retry: false,
    rateLimit: false,
    fetchApi: (url, init) => fetch(String(url).replace(hosts, base), init),
});

// The same window chaingate's client asks for: every expiry from today on.
const today = new Date(new Date().toISOString().slice(0, 10));
const farOut = new Date(today.getTime() + 400 * 86400e3);
const ms = [];
let contracts = 0;
let withOi = 0;
for (let i = 0; i < Number(runsText || 3); ++i) {
    const t0 = performance.now();
    const chain = await alpaca.marketData.collectOptionChainBySymbol({
        underlyingSymbol: symbol,
        feed: "indicative",
        limit: 1000,
    });
    const list = await alpaca.trading.collectOptionsContracts({
        underlyingSymbols: symbol,
        expirationDateGte: today,
        expirationDateLte: farOut,
        limit: 10000,
    });
    const oi = new Map();
    for (const c of list) oi.set(c.symbol, c.openInterest);
    contracts = 0;
    withOi = 0;
    for (const sym of Object.keys(chain)) {
        ++contracts;
        if (oi.get(sym) != null) ++withOi;
    }
    ms.push(performance.now() - t0);
}
console.log(JSON.stringify({ sdk_version: version, contracts, with_open_interest: withOi, ms }));
