#include "domain/tick_table.h"

#include "domain/ascii.h"

#include <algorithm>
#include <cmath>

namespace cg {

namespace {

constexpr std::string_view kEveryPrice = "every-price";
constexpr std::string_view kSpace = " \t\r\n\f\v";

char toUpper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

// The words of a line, split at spaces and tabs.
std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> out;
    while (true) {
        const auto begin = line.find_first_not_of(kSpace);
        if (begin == std::string_view::npos)
            return out;
        line.remove_prefix(begin);
        const auto end = std::min(line.find_first_of(kSpace), line.size());
        out.push_back(line.substr(0, end));
        line.remove_prefix(end);
    }
}

} // namespace

TickTable::TickTable()
    : m_listed(shippedList()) {}

TickTable::TickTable(std::shared_ptr<const Classes> listed)
    : m_listed(std::move(listed)) {}

std::shared_ptr<const TickTable::Classes> TickTable::shippedList() {
    // Parsed once. tst_tick_table fails when the shipped text does not parse; should it ever
    // reach a build anyway, every class gets the coarser ticks, which exchanges always accept.
    static const std::shared_ptr<const Classes> list = [] {
        auto parsed = fromProgramText(shippedPennyProgramText());
        return parsed ? parsed->m_listed : std::make_shared<const Classes>();
    }();
    return list;
}

Result<TickTable> TickTable::fromProgramText(std::string_view text) {
    auto classes = std::make_shared<Classes>();
    int lineNo = 0;
    while (!text.empty()) {
        ++lineNo;
        const auto eol = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, eol);
        text.remove_prefix(std::min(eol + 1, text.size()));
        line = line.substr(0, std::min(line.find('#'), line.size()));
        const auto w = words(line);
        if (w.empty())
            continue;
        const std::string where = "penny program list, line " + std::to_string(lineNo) + ": ";
        if (auto bad = optionClassError(w[0]))
            return Error::make(where + *bad);
        if (w.size() > 2 || (w.size() == 2 && w[1] != kEveryPrice))
            return Error::make(where + "\"" + std::string(line.substr(0, 40)) +
                               "\" is not a class, optionally followed by \"every-price\"");
        const PennyTier tier = w.size() == 2 ? PennyTier::EveryPrice : PennyTier::UnderThree;
        if (!classes->emplace(std::string(w[0]), tier).second)
            return Error::make(where + std::string(w[0]) + " is listed twice");
    }
    return TickTable(std::move(classes));
}

TickTable TickTable::withPennyClasses(std::span<const std::string> classes) const {
    TickTable t = *this;
    for (const std::string &c : classes) {
        if (t.m_listed->contains(c))
            continue;
        const auto at = std::lower_bound(t.m_added.begin(), t.m_added.end(), c);
        if (at == t.m_added.end() || *at != c)
            t.m_added.insert(at, c);
    }
    return t;
}

PennyTier TickTable::tier(std::string_view optionClass) const {
    if (const auto it = m_listed->find(optionClass); it != m_listed->end())
        return it->second;
    if (std::binary_search(m_added.begin(), m_added.end(), optionClass, std::less<>{}))
        return PennyTier::UnderThree;
    return PennyTier::None;
}

double optionTick(PennyTier tier, double price) {
    switch (tier) {
    case PennyTier::EveryPrice:
        return 0.01;
    case PennyTier::UnderThree:
        return price < 3.0 ? 0.01 : 0.05;
    case PennyTier::None:
        break;
    }
    return price < 3.0 ? 0.05 : 0.10;
}

PennyTier TickTable::tier(std::string_view optionClass, const std::optional<Quote> &seen) const {
    PennyTier t = tier(optionClass);
    if (!seen)
        return t;
    const auto onGrid = [](double price, double tick) {
        const double steps = price / tick;
        return std::abs(steps - std::round(steps)) < 1e-6;
    };
    for (const double price : {seen->bid, seen->ask}) {
        while (t != PennyTier::EveryPrice && price > 0.0 && !onGrid(price, optionTick(t, price)))
            t = t == PennyTier::None ? PennyTier::UnderThree : PennyTier::EveryPrice;
    }
    return t;
}

double TickTable::tick(std::string_view optionClass, double price,
                       const std::optional<Quote> &seen) const {
    return optionTick(tier(optionClass, seen), price);
}

double TickTable::round(std::string_view optionClass, double price, TickRounding how,
                        const std::optional<Quote> &seen) const {
    return roundToTick(price, tick(optionClass, price, seen), how);
}

std::size_t TickTable::classCount() const {
    return m_listed->size() + m_added.size();
}

bool TickTable::operator==(const TickTable &other) const {
    return (m_listed == other.m_listed || *m_listed == *other.m_listed) && m_added == other.m_added;
}

std::optional<std::string> optionClassError(std::string_view root) {
    const bool ok = !root.empty() && root.size() <= 6 && isAsciiUpper(root.front()) &&
                    std::all_of(root.begin(), root.end(),
                                [](char c) { return isAsciiUpper(c) || isAsciiDigit(c); });
    if (ok)
        return std::nullopt;
    return "\"" + std::string(root.substr(0, 20)) +
           "\" is not an option class (1 to 6 capital letters or digits, starting with a letter, "
           "e.g. ABNB)";
}

Result<std::vector<std::string>> parseOptionClassList(std::string_view text) {
    std::vector<std::string> out;
    std::string entry;
    const auto take = [&]() -> std::optional<std::string> {
        if (entry.empty())
            return std::nullopt;
        if (auto bad = optionClassError(entry))
            return bad;
        if (std::find(out.begin(), out.end(), entry) == out.end())
            out.push_back(entry);
        entry.clear();
        return std::nullopt;
    };
    for (const char c : text) {
        if (c == ',' || kSpace.find(c) != std::string_view::npos) {
            if (auto bad = take())
                return Error::make(*bad);
        } else {
            entry += toUpper(c);
        }
    }
    if (auto bad = take())
        return Error::make(*bad);
    return out;
}

std::string_view optionClass(const OptionContract &c) {
    return c.root.empty() ? std::string_view(c.underlying) : std::string_view(c.root);
}

} // namespace cg
