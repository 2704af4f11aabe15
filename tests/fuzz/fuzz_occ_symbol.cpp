// cg::parseOccSymbol on arbitrary bytes. Invariants: an accepted symbol formats back to the same
// bytes (through the exact and the dollar overloads), with a 1-6 character root, a real date and
// a finite strike above 0; a rejection is a short printable message. Also formats arbitrary
// double strikes (NaN, Inf, negative, huge): the symbol must parse back to the rounded strike or
// be refused, never carry a made-up price.

#include "domain/occ_symbol.h"
#include "fuzz_check.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace {

using namespace cg;
using cg::fuzz::shown;

bool printableAscii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

void checkParse(std::string_view input) {
    const auto parsed = parseOccSymbol(input);
    if (!parsed) {
        const std::string &m = parsed.error().message;
        CG_FUZZ_CHECK(!m.empty(), "empty error for " + shown(input));
        CG_FUZZ_CHECK(printableAscii(m), "error not printable: " + shown(m));
        CG_FUZZ_CHECK(m.size() < 300, "error floods the log: " + shown(m));
        return;
    }
    const OccSymbol &s = *parsed;
    CG_FUZZ_CHECK(formatOccSymbol(s) == input,
                  shown(input) + " formats back as " + shown(formatOccSymbol(s)));
    CG_FUZZ_CHECK(!s.root.empty() && s.root.size() <= 6 && s.root[0] >= 'A' && s.root[0] <= 'Z',
                  "root " + shown(s.root) + " of " + shown(input));
    CG_FUZZ_CHECK(s.expiry.ok(), "invalid expiry accepted in " + shown(input));
    CG_FUZZ_CHECK(s.strikeThousandths > 0 && s.strikeThousandths <= 99'999'999,
                  "strike out of the 8-digit field in " + shown(input));
    CG_FUZZ_CHECK(std::isfinite(s.strike()) && s.strike() > 0.0, "strike of " + shown(input));
    CG_FUZZ_CHECK(formatOccSymbol(s.root, s.expiry, s.type, s.strike()) == input,
                  "the dollar overload does not reproduce " + shown(input));
}

// The dollar overload on any double: the symbol carries llround(strike x 1000) clamped to the
// field, and only a positive finite strike may give a parseable symbol.
void checkFormatStrike(double strike) {
    using namespace std::chrono;
    const year_month_day expiry{year{2026}, month{1}, day{30}};
    const std::string sym = formatOccSymbol("SPY", expiry, OptionType::Put, strike);
    CG_FUZZ_CHECK(sym.size() == 18, "strike " + std::to_string(strike) + " gives " + shown(sym));
    const auto back = parseOccSymbol(sym);
    const double thousandths = strike * 1000.0;
    const bool usable = std::isfinite(thousandths) && thousandths > 0.0 &&
                        std::llround(std::min(thousandths, 99'999'999.0)) > 0;
    if (!usable) {
        CG_FUZZ_CHECK(!back, "strike " + std::to_string(strike) + " gives parseable " + shown(sym));
        return;
    }
    CG_FUZZ_CHECK(back.ok(), "strike " + std::to_string(strike) + " gives unparseable " +
                                 shown(sym) + ": " + back.error().message);
    CG_FUZZ_CHECK(back->strikeThousandths == std::llround(std::min(thousandths, 99'999'999.0)),
                  "strike " + std::to_string(strike) + " becomes " + shown(sym));
    CG_FUZZ_CHECK(back->root == "SPY" && back->expiry == expiry && back->type == OptionType::Put,
                  shown(sym));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    checkParse(input);
    if (size >= sizeof(double)) {
        double strike = 0;
        std::memcpy(&strike, data + size - sizeof(double), sizeof(double));
        checkFormatStrike(strike);
    }
    return 0;
}
