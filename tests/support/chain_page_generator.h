#pragma once
// Realistic GET /v1beta1/options/snapshots pages (Alpaca's exact field names and shapes, every
// optional block present: greeks, IV, latestQuote, latestTrade, dailyBar, minuteBar,
// prevDailyBar), deterministic, for the parse benchmark and the parser tests.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace cg::testing {

struct GeneratedChain {
    std::vector<std::string> pages;
    int contracts = 0;
    std::size_t bytes = 0;
};

inline std::string base64(const std::string &in) {
    static const char *tbl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (unsigned(static_cast<unsigned char>(in[i])) << 16) |
                           (unsigned(static_cast<unsigned char>(in[i + 1])) << 8) |
                           unsigned(static_cast<unsigned char>(in[i + 2]));
        out += tbl[(v >> 18) & 63];
        out += tbl[(v >> 12) & 63];
        out += tbl[(v >> 6) & 63];
        out += tbl[v & 63];
    }
    if (i < in.size()) {
        unsigned v = unsigned(static_cast<unsigned char>(in[i])) << 16;
        if (i + 1 < in.size())
            v |= unsigned(static_cast<unsigned char>(in[i + 1])) << 8;
        out += tbl[(v >> 18) & 63];
        out += tbl[(v >> 12) & 63];
        out += i + 1 < in.size() ? tbl[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

// `pages` pages of `perPage` contracts on `root`: expiries weekly from 2026-01-02, strikes in
// steps of 1 around `spot`, calls and puts.
inline GeneratedChain generateChainPages(int pages = 10, int perPage = 1000,
                                         const std::string &root = "SPY", double spot = 600.0) {
    GeneratedChain g;
    const int total = pages * perPage;
    const int strikesPerExpiry = 250;
    std::uint64_t rng = 0x9E3779B97F4A7C15ull;
    const auto next = [&rng] {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        return static_cast<double>(rng % 1000000) / 1000000.0;
    };
    std::string page;
    char buf[2048];
    int index = 0;
    for (int p = 0; p < pages; ++p) {
        page.clear();
        page += "{\"snapshots\":{";
        std::string lastSymbol;
        for (int k = 0; k < perPage; ++k, ++index) {
            const int pair = index / 2;
            const bool call = index % 2 == 0;
            const int expiryIndex = pair / strikesPerExpiry;
            const int strike =
                static_cast<int>(spot) - strikesPerExpiry / 2 + pair % strikesPerExpiry;
            // Weekly expiries: day-of-year arithmetic kept simple (28-day months).
            const int month = 1 + (expiryIndex / 4) % 12;
            const int day = 2 + 7 * (expiryIndex % 4);
            const int year = 26 + expiryIndex / 48;
            char symbol[32];
            std::snprintf(symbol, sizeof symbol, "%s%02d%02d%02d%c%08d", root.c_str(), year, month,
                          day, call ? 'C' : 'P', strike * 1000);
            lastSymbol = symbol;
            const double moneyness = (spot - strike) * (call ? 1 : -1);
            const double price = std::max(0.05, moneyness + 3.0 + 5.0 * next());
            const double bid = std::round(price * 100) / 100;
            const double ask = std::round((price * (1.02 + 0.2 * next()) + 0.01) * 100) / 100;
            const double delta =
                call ? 0.5 + std::tanh(moneyness / 20) / 2 : -0.5 + std::tanh(-moneyness / 20) / -2;
            const int n = std::snprintf(
                buf, sizeof buf,
                "%s\"%s\":{\"dailyBar\":{\"c\":%.2f,\"h\":%.2f,\"l\":%.2f,\"n\":%d,\"o\":%.2f,"
                "\"t\":\"2026-01-02T05:00:00Z\",\"v\":%d,\"vw\":%.6f},"
                "\"greeks\":{\"delta\":%.16f,\"gamma\":%.16f,\"rho\":%.16f,\"theta\":%.16f,"
                "\"vega\":%.16f},\"impliedVolatility\":%.16f,"
                "\"latestQuote\":{\"ap\":%.2f,\"as\":%d,\"ax\":\"C\",\"bp\":%.2f,\"bs\":%d,"
                "\"bx\":\"N\",\"c\":\"A\",\"t\":\"2026-01-02T19:59:59.%09dZ\"},"
                "\"latestTrade\":{\"c\":\"I\",\"p\":%.2f,\"s\":%d,"
                "\"t\":\"2026-01-02T19:57:32.%09dZ\",\"x\":\"A\"},"
                "\"minuteBar\":{\"c\":%.2f,\"h\":%.2f,\"l\":%.2f,\"n\":%d,\"o\":%.2f,"
                "\"t\":\"2026-01-02T20:59:00Z\",\"v\":%d,\"vw\":%.6f},"
                "\"prevDailyBar\":{\"c\":%.2f,\"h\":%.2f,\"l\":%.2f,\"n\":%d,\"o\":%.2f,"
                "\"t\":\"2026-01-01T05:00:00Z\",\"v\":%d,\"vw\":%.6f}}",
                k == 0 ? "" : ",", symbol, bid, ask, bid * 0.9, 1 + k % 50, bid, k % 7 * 97,
                bid * 1.01, delta, 0.01 + 0.05 * next(), 0.01 * next(), -0.5 * next(), 0.3 * next(),
                0.12 + 0.3 * next(), ask, 1 + k % 300, bid, 1 + k % 200,
                static_cast<int>(next() * 999999999), (bid + ask) / 2, 1 + k % 10,
                static_cast<int>(next() * 999999999), bid, ask, bid, 1 + k % 9, bid, k % 13, bid,
                bid, ask, bid * 0.8, 5 + k % 40, bid, k % 500, bid);
            page.append(buf, static_cast<std::size_t>(n));
        }
        page += "},\"next_page_token\":";
        if (p + 1 < pages) {
            page += '"';
            page += base64(lastSymbol);
            page += '"';
        } else {
            page += "null";
        }
        page += "}";
        g.bytes += page.size();
        g.pages.push_back(page);
    }
    g.contracts = total;
    return g;
}

} // namespace cg::testing
