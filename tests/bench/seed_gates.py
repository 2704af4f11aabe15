#!/usr/bin/env python3
"""The seed system's way of reading a chain, for the benchmark's Python ratio.

Reads Alpaca option-chain snapshot pages (JSON files) with the standard json module, parses each
OCC symbol, takes open interest from GET /v2/options/contracts pages (the snapshots carry none),
and applies the five gates the way the Python dispatcher did, with DESIGN.md's corrected spread
formula. Prints one JSON line: {"contracts": N, "tradeable": M, "with_oi": K, "ms": T, "runs": [..]}
where ms (wall) and cpu_ms (process CPU time: fair on a loaded machine) are medians of --rounds runs of the timed part (JSON parsing, OI merge, gates).

usage: seed_gates.py [--rounds N] [--contracts FILE.json ...] TODAY(YYYY-MM-DD) PAGE.json [...]
"""
import argparse
import datetime
import json
import sys
import time

MAX_SPREAD_PCT = 10.0
MIN_OPEN_INTEREST = 100
MIN_VOLUME = 100


def parse_occ(symbol):
    # Parsed from the right: YYMMDD + C/P + strike x 1000 in 8 digits; the rest is the root.
    if len(symbol) < 16:
        raise ValueError("symbol too short: " + symbol)
    root, date, kind, strike = symbol[:-15], symbol[-15:-9], symbol[-9], symbol[-8:]
    expiry = datetime.date(2000 + int(date[0:2]), int(date[2:4]), int(date[4:6]))
    return root, expiry, "call" if kind == "C" else "put", int(strike) / 1000.0


def gates(snapshot, expiry, today):
    quote = snapshot.get("latestQuote") or {}
    bid, ask = quote.get("bp", 0.0), quote.get("ap", 0.0)
    results = {"quote_valid": bid > 0 and ask > 0 and ask >= bid}
    mid = (bid + ask) / 2.0
    spread = (ask - bid) / mid * 100.0 if mid > 0 else None
    results["spread"] = spread is not None and spread <= MAX_SPREAD_PCT
    results["not_expired"] = expiry >= today
    oi = snapshot.get("openInterest")
    results["open_interest"] = oi is not None and oi >= MIN_OPEN_INTEREST
    volume = (snapshot.get("dailyBar") or {}).get("v")
    results["volume"] = volume is not None and volume >= MIN_VOLUME
    return results


def run(texts, contract_texts, today):
    # Open interest first, by symbol, as the seed merged the two API answers.
    open_interest = {}
    for text in contract_texts:
        for c in json.loads(text)["option_contracts"]:
            oi = c.get("open_interest")
            if oi is not None:
                open_interest[c["symbol"]] = int(oi)
    contracts = tradeable = with_oi = 0
    for text in texts:
        page = json.loads(text)
        for symbol, snapshot in page["snapshots"].items():
            root, expiry, kind, strike = parse_occ(symbol)
            oi = open_interest.get(symbol)
            if oi is not None:
                snapshot["openInterest"] = oi
                with_oi += 1
            results = gates(snapshot, expiry, today)
            contracts += 1
            tradeable += all(results.values())
    return contracts, tradeable, with_oi


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--contracts", action="append", default=[])
    parser.add_argument("today")
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args()
    today = datetime.date.fromisoformat(args.today)

    def read(path):
        with open(path, "r", encoding="utf-8") as f:
            return f.read()

    # File reading is outside the timed part, as in the C++ benchmark.
    texts = [read(p) for p in args.pages]
    contract_texts = [read(p) for p in args.contracts]
    runs, cpu = [], []
    for _ in range(max(1, args.rounds)):
        start, start_cpu = time.perf_counter(), time.process_time()
        contracts, tradeable, with_oi = run(texts, contract_texts, today)
        runs.append((time.perf_counter() - start) * 1000.0)
        cpu.append((time.process_time() - start_cpu) * 1000.0)
    median = sorted(runs)[len(runs) // 2]
    median_cpu = sorted(cpu)[len(cpu) // 2]
    print(json.dumps({"contracts": contracts, "tradeable": tradeable, "with_oi": with_oi,
                      "ms": round(median, 3), "cpu_ms": round(median_cpu, 3), "runs": [round(r, 3) for r in runs]}))


if __name__ == "__main__":
    main()
