#include "market/stock_tape.h"

#include "domain/market_calendar.h"
#include "domain/tick_table.h"
#include "market/expiry_calendar.h"
#include "market/sim_random.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cg::market {

using namespace std::chrono;

namespace {

constexpr int kSessionMinutes = 390;
constexpr double kMinutesPerYear = 252.0 * kSessionMinutes;
constexpr std::size_t kMaxRecorded = 40'000; // about a hundred sessions of minutes

Timestamp sessionOpen(year_month_day d) {
    return easternInstant(d, 9, 30);
}

std::int64_t epochMinute(Timestamp t) {
    return duration_cast<minutes>(t.time_since_epoch()).count() -
           (t.time_since_epoch() < milliseconds{0} &&
                    t.time_since_epoch() % minutes{1} != milliseconds{0}
                ? 1
                : 0);
}

Timestamp fromEpochMinute(std::int64_t m) {
    return Timestamp{minutes{m}};
}

// Two independent standard normal variates from one hash.
std::pair<double, double> normals(std::uint64_t h) {
    const double u1 = 1.0 - unitInterval(h);
    const double u2 = unitInterval(splitmix64(h));
    const double r = std::sqrt(-2.0 * std::log(u1));
    return {r * std::cos(2.0 * std::numbers::pi * u2), r * std::sin(2.0 * std::numbers::pi * u2)};
}

Timestamp bucketStart(Timestamp t, BarTimeframe tf) {
    const std::int64_t m = epochMinute(t);
    switch (tf.unit) {
    case BarTimeframe::Unit::Minute:
        return fromEpochMinute(m - ((m % tf.amount) + tf.amount) % tf.amount);
    case BarTimeframe::Unit::Hour: {
        const std::int64_t span = 60LL * tf.amount;
        return fromEpochMinute(m - ((m % span) + span) % span);
    }
    case BarTimeframe::Unit::Day:
        return easternInstant(easternDate(t), 0, 0);
    case BarTimeframe::Unit::Week: {
        const sys_days d{easternDate(t)};
        const unsigned fromMonday = (weekday{d}.c_encoding() + 6) % 7;
        return easternInstant(year_month_day{d - days{fromMonday}}, 0, 0);
    }
    case BarTimeframe::Unit::Month: {
        const year_month_day d = easternDate(t);
        const unsigned m0 = static_cast<unsigned>(d.month()) - 1;
        const unsigned first = m0 - m0 % static_cast<unsigned>(tf.amount);
        return easternInstant(d.year() / month{first + 1} / day{1}, 0, 0);
    }
    }
    return t;
}

} // namespace

std::optional<BarTimeframe> parseBarTimeframe(std::string_view text) {
    std::size_t i = 0;
    int amount = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i < 3)
        amount = amount * 10 + (text[i++] - '0');
    if (i == 0 || amount < 1)
        return std::nullopt;
    const std::string_view unit = text.substr(i);
    BarTimeframe tf;
    tf.amount = amount;
    if ((unit == "Min" || unit == "T") && amount <= 59)
        tf.unit = BarTimeframe::Unit::Minute;
    else if ((unit == "Hour" || unit == "H") && amount <= 23)
        tf.unit = BarTimeframe::Unit::Hour;
    else if ((unit == "Day" || unit == "D") && amount == 1)
        tf.unit = BarTimeframe::Unit::Day;
    else if ((unit == "Week" || unit == "W") && amount == 1)
        tf.unit = BarTimeframe::Unit::Week;
    else if ((unit == "Month" || unit == "M") && (amount == 1 || amount == 2 || amount == 3 ||
                                                  amount == 4 || amount == 6 || amount == 12))
        tf.unit = BarTimeframe::Unit::Month;
    else
        return std::nullopt;
    return tf;
}

StockTape::StockTape(Anchor anchor)
    : m_a(std::move(anchor)) {}

SimBar StockTape::minuteBar(Timestamp t, int minuteOfSession, double open, double close) const {
    const std::uint64_t h =
        splitmix64(stableHash(m_a.symbol, m_a.seed ^ 0xB4A5ULL) ^
                   static_cast<std::uint64_t>(epochMinute(t)) * 0x9E3779B97F4A7C15ULL);
    const auto [z1, z2] = normals(h);
    const double sigma = m_a.vol / std::sqrt(kMinutesPerYear);
    SimBar b;
    b.time = t;
    b.open = roundToCent(open);
    b.close = roundToCent(close);
    b.high =
        std::max(b.open, roundToCent(std::max(open, close) * std::exp(std::abs(z1) * sigma * 0.6)));
    b.low = std::min(b.open,
                     roundToCent(std::min(open, close) * std::exp(-std::abs(z2) * sigma * 0.6)));
    b.high = std::max(b.high, b.close);
    b.low = std::min(b.low, b.close);
    // Volume is heavier at the open and the close, and noisy minute to minute.
    const double x = static_cast<double>(minuteOfSession) / (kSessionMinutes - 1);
    const double shape = (0.6 + 1.8 * (2.0 * x - 1.0) * (2.0 * x - 1.0)) / 1.2;
    const double noise = std::exp(0.35 * normals(splitmix64(h)).first - 0.06);
    b.volume =
        std::max<std::int64_t>(100, static_cast<std::int64_t>(static_cast<double>(m_a.shareVolume) /
                                                              kSessionMinutes * shape * noise));
    b.trades =
        std::max<std::int64_t>(1, b.volume / static_cast<std::int64_t>(60 + (h >> 40) % 140));
    b.vwap = std::round((b.high + b.low + b.close) / 3.0 * 10000.0) / 10000.0;
    return b;
}

void StockTape::appendSynthesized(std::vector<SimBar> &out, Timestamp from, Timestamp to) const {
    if (!(m_a.startPrice > 0.0) || !(m_a.prevClose > 0.0) || to < from)
        return;
    const double sigma = m_a.vol / std::sqrt(kMinutesPerYear);
    const double gapSigma = m_a.vol / std::sqrt(252.0) * 0.5;
    const std::uint64_t base = stableHash(m_a.symbol, m_a.seed);
    const auto ret = [&](Timestamp t) {
        return sigma * normals(splitmix64(base ^ static_cast<std::uint64_t>(epochMinute(t)) *
                                                     0xD1B54A32D192ED03ULL))
                           .first;
    };
    const auto gap = [&](year_month_day d) {
        return gapSigma * normals(splitmix64(base ^ 0x6A09E667F3BCC909ULL ^
                                             static_cast<std::uint64_t>(
                                                 sys_days{d}.time_since_epoch().count())))
                              .second;
    };

    // The session the start belongs to: today's once it opened, else the last one.
    const year_month_day startDate = easternDate(m_a.start);
    year_month_day s0 = startDate;
    const bool startedInOrAfterSession =
        isTradingDay(startDate) && m_a.start >= sessionOpen(startDate);
    if (!startedInOrAfterSession)
        s0 = previousMarketDay(startDate);
    const year_month_day firstWanted = easternDate(from);

    // Sessions newest first, each as (date, minute opens/closes); emitted oldest first.
    std::vector<std::vector<SimBar>> sessions;
    double close = m_a.prevClose; // the close of the session being generated (backward)
    year_month_day d = s0;
    if (startedInOrAfterSession) {
        // The start's own session: a walk from the previous close to the starting price, its
        // drift adjusted so it ends exactly there.
        const Timestamp open = sessionOpen(s0);
        const int n = static_cast<int>(std::min<std::int64_t>(
            kSessionMinutes, duration_cast<minutes>(m_a.start - open).count()));
        std::vector<double> r(static_cast<std::size_t>(n));
        double sum = gap(s0);
        for (int j = 0; j < n; ++j)
            sum += r[static_cast<std::size_t>(j)] = ret(open + minutes{j});
        const double adjust = (std::log(m_a.startPrice / m_a.prevClose) - sum) / (n + 1);
        std::vector<SimBar> bars;
        double p = m_a.prevClose * std::exp(gap(s0) + adjust);
        for (int j = 0; j < n; ++j) {
            const double next =
                j == n - 1 ? m_a.startPrice : p * std::exp(r[static_cast<std::size_t>(j)] + adjust);
            bars.push_back(minuteBar(open + minutes{j}, j, p, next));
            p = next;
        }
        sessions.push_back(std::move(bars));
        d = previousMarketDay(s0);
    }
    for (int k = 0; k < kMaxHistorySessions && d >= firstWanted; ++k) {
        const Timestamp open = sessionOpen(d);
        std::vector<double> closes(kSessionMinutes);
        double c = close;
        for (int j = kSessionMinutes - 1; j >= 0; --j) {
            closes[static_cast<std::size_t>(j)] = c;
            c *= std::exp(-ret(open + minutes{j}));
        }
        // c is now the first minute's open.
        std::vector<SimBar> bars;
        bars.reserve(kSessionMinutes);
        double o = c;
        for (int j = 0; j < kSessionMinutes; ++j) {
            bars.push_back(minuteBar(open + minutes{j}, j, o, closes[static_cast<std::size_t>(j)]));
            o = closes[static_cast<std::size_t>(j)];
        }
        sessions.push_back(std::move(bars));
        close = c * std::exp(-gap(d));
        d = previousMarketDay(d);
    }
    for (auto it = sessions.rbegin(); it != sessions.rend(); ++it) {
        for (const SimBar &b : *it) {
            if (b.time >= from && b.time <= to)
                out.push_back(b);
        }
    }
}

std::vector<SimBar> StockTape::minuteBars(Timestamp from, Timestamp to) const {
    std::vector<SimBar> out;
    if (from <= m_a.start)
        appendSynthesized(out, from, std::min(to, m_a.start));
    for (auto it = m_recorded.lower_bound(epochMinute(from)); it != m_recorded.end(); ++it) {
        if (it->second.time > to)
            break;
        if (it->second.time >= from)
            out.push_back(it->second);
    }
    return out;
}

void StockTape::record(Timestamp now, double before, double after) {
    if (now <= m_a.start || !isRegularSession(now) || !(before > 0.0) || !(after > 0.0))
        return;
    const std::int64_t key = epochMinute(now);
    const auto it = m_recorded.find(key);
    if (it == m_recorded.end()) {
        const Timestamp t = fromEpochMinute(key);
        const int ofSession =
            static_cast<int>(duration_cast<minutes>(t - sessionOpen(easternDate(t))).count());
        SimBar b = minuteBar(t, ofSession, before, after);
        b.high = std::max(b.open, b.close);
        b.low = std::min(b.open, b.close);
        b.vwap = std::round((b.high + b.low + b.close) / 3.0 * 10000.0) / 10000.0;
        m_recorded.emplace(key, b);
        while (m_recorded.size() > kMaxRecorded)
            m_recorded.erase(m_recorded.begin());
        return;
    }
    SimBar &b = it->second;
    b.close = roundToCent(after);
    b.high = std::max(b.high, b.close);
    b.low = std::min(b.low, b.close);
    b.vwap = std::round((b.high + b.low + b.close) / 3.0 * 10000.0) / 10000.0;
}

std::vector<SimBar> StockTape::bars(BarTimeframe tf, Timestamp from, Timestamp to) const {
    std::vector<SimBar> out;
    if (to < from)
        return out;
    const std::vector<SimBar> mins = minuteBars(bucketStart(from, tf), to);
    if (tf == BarTimeframe{1, BarTimeframe::Unit::Minute}) {
        for (const SimBar &b : mins) {
            if (b.time >= from)
                out.push_back(b);
        }
        return out;
    }
    double turnover = 0.0; // sum of vwap x volume of the bar being built
    for (const SimBar &m : mins) {
        const Timestamp t = bucketStart(m.time, tf);
        if (out.empty() || out.back().time != t) {
            if (!out.empty())
                out.back().vwap =
                    std::round(turnover / static_cast<double>(out.back().volume) * 10000.0) /
                    10000.0;
            SimBar b = m;
            b.time = t;
            out.push_back(b);
            turnover = m.vwap * static_cast<double>(m.volume);
            continue;
        }
        SimBar &b = out.back();
        b.high = std::max(b.high, m.high);
        b.low = std::min(b.low, m.low);
        b.close = m.close;
        b.volume += m.volume;
        b.trades += m.trades;
        turnover += m.vwap * static_cast<double>(m.volume);
    }
    if (!out.empty())
        out.back().vwap =
            std::round(turnover / static_cast<double>(out.back().volume) * 10000.0) / 10000.0;
    std::erase_if(out, [from](const SimBar &b) { return b.time < from; });
    return out;
}

} // namespace cg::market
