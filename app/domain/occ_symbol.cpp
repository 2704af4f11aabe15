#include "domain/occ_symbol.h"

#include "domain/ascii.h"

#include <algorithm>
#include <cmath>

namespace cg {

namespace {

constexpr std::size_t kTailLength = 15; // YYMMDD + C/P + 8-digit strike
constexpr std::size_t kMaxRoot = 6;

// The symbol as it may appear inside a message: printable ASCII only, and short, so a 10 kB
// or binary input cannot flood a log line.
std::string quoted(std::string_view s) {
    constexpr std::size_t kMaxShown = 32;
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size() && i < kMaxShown; ++i) {
        const char c = s[i];
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    if (s.size() > kMaxShown)
        out += "...";
    out += '"';
    return out;
}

Error invalid(std::string_view symbol, const std::string &why) {
    return Error::make("Invalid option symbol " + quoted(symbol) + ": " + why);
}

bool allDigits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), isAsciiDigit);
}

int parseInt(std::string_view digits) {
    int v = 0;
    for (const char c : digits)
        v = v * 10 + (c - '0');
    return v;
}

void appendDigits(std::string &out, long long v, int width) {
    std::string d(static_cast<std::size_t>(width), '0');
    for (int i = width - 1; i >= 0 && v > 0; --i, v /= 10)
        d[static_cast<std::size_t>(i)] = static_cast<char>('0' + v % 10);
    out += d;
}

} // namespace

std::string OccSymbol::underlying() const {
    std::size_t n = root.size();
    while (n > 1 && root[n - 1] >= '0' && root[n - 1] <= '9')
        --n;
    return root.substr(0, n);
}

Result<OccSymbol> parseOccSymbol(std::string_view symbol) {
    if (symbol.empty())
        return Error::make("Invalid option symbol: it is empty");
    // One pass for what is checked anywhere in the symbol (a chain page parses thousands).
    bool space = false, lower = false;
    for (const char c : symbol) {
        space |= c == ' ' || c == '\t';
        lower |= isAsciiLower(c);
    }
    if (space)
        return invalid(symbol, "it contains a space");
    if (symbol.size() < kTailLength + 1)
        return invalid(symbol, "too short; expected ROOT + YYMMDD + C or P + 8-digit strike, "
                               "e.g. SPY260130C00609000");
    if (symbol.size() > kTailLength + kMaxRoot)
        return invalid(symbol, "too long; the root has at most 6 characters, e.g. "
                               "SPY260130C00609000");
    if (lower)
        return invalid(symbol, "it contains lower-case letters; OCC symbols are upper case");

    // Parsed from the right: the tail has a fixed width, the root is whatever is left.
    const std::size_t rootLen = symbol.size() - kTailLength;
    const std::string_view root = symbol.substr(0, rootLen);
    const std::string_view date = symbol.substr(rootLen, 6);
    const char typeChar = symbol[rootLen + 6];
    const std::string_view strike = symbol.substr(rootLen + 7, 8);

    if (!std::all_of(root.begin(), root.end(),
                     [](char c) { return isAsciiUpper(c) || isAsciiDigit(c); }))
        return invalid(symbol, "the root may contain only letters A-Z and digits");
    if (!isAsciiUpper(root.front()))
        return invalid(symbol, "the root must start with a letter");
    if (!allDigits(date))
        return invalid(symbol, "the expiry must be 6 digits YYMMDD after the root");
    if (typeChar != 'C' && typeChar != 'P') {
        const std::string shown = (typeChar >= 0x20 && typeChar < 0x7f)
                                      ? std::string("'") + typeChar + "'"
                                      : std::string("a non-printable character");
        return invalid(symbol, "the option type must be C or P, not " + shown);
    }
    if (!allDigits(strike))
        return invalid(symbol, "the strike must be 8 digits (dollars x 1000)");

    const int yy = parseInt(date.substr(0, 2));
    const int mm = parseInt(date.substr(2, 2));
    const int dd = parseInt(date.substr(4, 2));
    const std::chrono::year_month_day expiry{std::chrono::year{2000 + yy},
                                             std::chrono::month{static_cast<unsigned>(mm)},
                                             std::chrono::day{static_cast<unsigned>(dd)}};
    if (!expiry.ok())
        return invalid(symbol, "the expiry 20" + std::string(date.substr(0, 2)) + "-" +
                                   std::string(date.substr(2, 2)) + "-" +
                                   std::string(date.substr(4, 2)) + " is not a valid date");

    OccSymbol out;
    out.root = std::string(root);
    out.expiry = expiry;
    out.type = typeChar == 'C' ? OptionType::Call : OptionType::Put;
    for (const char c : strike)
        out.strikeThousandths = out.strikeThousandths * 10 + (c - '0');
    if (out.strikeThousandths == 0)
        return invalid(symbol, "the strike must be above 0");
    return out;
}

std::string formatOccSymbol(const OccSymbol &s) {
    std::string out = s.root;
    const int y = static_cast<int>(s.expiry.year());
    appendDigits(out, ((y % 100) + 100) % 100, 2);
    appendDigits(out, static_cast<unsigned>(s.expiry.month()), 2);
    appendDigits(out, static_cast<unsigned>(s.expiry.day()), 2);
    out += s.type == OptionType::Call ? 'C' : 'P';
    // The field is 8 digits wide; out-of-range strikes are clamped rather than widening it.
    appendDigits(out, std::clamp<std::int64_t>(s.strikeThousandths, 0, 99'999'999), 8);
    return out;
}

std::string formatOccSymbol(std::string_view root, std::chrono::year_month_day expiry,
                            OptionType type, double strike) {
    OccSymbol s;
    s.root = std::string(root);
    s.expiry = expiry;
    s.type = type;
    const double thousandths = strike * 1000.0;
    // Guard llround: NaN or huge values have no defined result.
    s.strikeThousandths = std::isfinite(thousandths) && thousandths > 0.0
                              ? std::llround(std::min(thousandths, 99'999'999.0))
                              : 0;
    return formatOccSymbol(s);
}

} // namespace cg
