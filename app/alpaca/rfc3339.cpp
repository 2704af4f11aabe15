#include "alpaca/rfc3339.h"

#include <cstdio>

namespace cg::alpaca {

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int &out) {
    if (pos + n > s.size())
        return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        const char c = s[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

} // namespace

std::optional<std::chrono::year_month_day> parseIsoDate(std::string_view s) {
    int y = 0, m = 0, d = 0;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 0, 4, y) ||
        !digits(s, 5, 2, m) || !digits(s, 8, 2, d))
        return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{y},
                                          std::chrono::month{static_cast<unsigned>(m)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok())
        return std::nullopt;
    return ymd;
}

std::optional<Timestamp> parseRfc3339(std::string_view s) {
    using namespace std::chrono;
    if (s.size() < 20)
        return std::nullopt;
    const auto date = parseIsoDate(s.substr(0, 10));
    if (!date || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
        return std::nullopt;
    int hh = 0, mm = 0, ss = 0;
    if (!digits(s, 11, 2, hh) || s[13] != ':' || !digits(s, 14, 2, mm) || s[16] != ':' ||
        !digits(s, 17, 2, ss) || hh > 23 || mm > 59 || ss > 60)
        return std::nullopt;
    std::size_t pos = 19;
    int millis = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int scale = 100;
        const std::size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            millis += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start || pos - start > 12)
            return std::nullopt;
    }
    if (pos >= s.size())
        return std::nullopt;
    int offsetMinutes = 0;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        int oh = 0, om = 0;
        if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offsetMinutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size())
        return std::nullopt;
    const sys_days day{*date};
    const Timestamp t = time_point_cast<milliseconds>(day) + hours{hh} + minutes{mm} + seconds{ss} +
                        milliseconds{millis} - minutes{offsetMinutes};
    // An offset may carry 0000-01-01 or 9999-12-31 out of the four-digit years this format (and
    // formatRfc3339) can write: refuse rather than produce text nobody can read back.
    const int utcYear = static_cast<int>(year_month_day{floor<days>(t)}.year());
    if (utcYear < 0 || utcYear > 9999)
        return std::nullopt;
    return t;
}

std::string formatIsoDate(std::chrono::year_month_day d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buf;
}

std::string formatRfc3339(Timestamp t) {
    using namespace std::chrono;
    const sys_days day = floor<days>(t);
    const year_month_day ymd{day};
    const auto ms = (t - day).count();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lld.%03lldZ", formatIsoDate(ymd).c_str(),
                  static_cast<long long>(ms / 3600000), static_cast<long long>(ms / 60000 % 60),
                  static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000));
    return buf;
}

} // namespace cg::alpaca
