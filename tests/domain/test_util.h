#pragma once
// Small helpers shared by the domain tests: instants and dates written the way people read them.

#include "domain/quote.h"

#include <QString>

#include <chrono>
#include <string>

namespace cgtest {

inline std::chrono::year_month_day ymd(int y, unsigned m, unsigned d) {
    return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d};
}

// An instant given in UTC.
inline cg::Timestamp utc(int y, unsigned m, unsigned d, int h = 0, int min = 0, int s = 0) {
    using namespace std::chrono;
    return time_point_cast<milliseconds>(sys_days{ymd(y, m, d)} + hours{h} + minutes{min} +
                                         seconds{s});
}

inline QString q(const std::string &s) {
    return QString::fromStdString(s);
}

} // namespace cgtest
