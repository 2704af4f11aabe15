// The scalar readers every Alpaca mapper relies on: RFC-3339 timestamps, ISO dates and decimal
// strings. Invariants: an accepted timestamp formats to text that parses back to the same
// instant; an accepted date formats back to the same text; an accepted decimal is finite.

#include "alpaca/json_fields.h"
#include "alpaca/rfc3339.h"
#include "fuzz_check.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace cg;
using cg::fuzz::shown;

void checkTimestamp(std::string_view s) {
    const auto t = alpaca::parseRfc3339(s);
    if (!t)
        return;
    const int year = static_cast<int>(
        std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(*t)}.year());
    // Instants outside years 0000-9999 are refused: they would format to text nobody can read
    // back (finding F4, fixed).
    CG_FUZZ_CHECK(year >= 0 && year <= 9999,
                  shown(s) + " is accepted although it falls in year " + std::to_string(year));
    const std::string text = alpaca::formatRfc3339(*t);
    const auto back = alpaca::parseRfc3339(text);
    CG_FUZZ_CHECK(back && *back == *t, shown(s) + " formats as " + shown(text) +
                                           ", which does not parse back to the same instant");
}

void checkDate(std::string_view s) {
    const auto d = alpaca::parseIsoDate(s);
    if (!d)
        return;
    CG_FUZZ_CHECK(d->ok(), "invalid date accepted: " + shown(s));
    CG_FUZZ_CHECK(alpaca::formatIsoDate(*d) == s,
                  shown(s) + " formats back as " + shown(alpaca::formatIsoDate(*d)));
}

void checkDecimal(std::string_view s) {
    const auto d = alpaca::parseDecimal(s);
    if (d)
        CG_FUZZ_CHECK(fuzz::finite(*d), "non-finite decimal accepted: " + shown(s));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view s(reinterpret_cast<const char *>(data), size);
    checkTimestamp(s);
    checkDate(s);
    checkDecimal(s);
    return 0;
}
