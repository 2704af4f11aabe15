#pragma once
// The minimum price increment of an option, per class (the Penny Interval Program):
//   SPY, QQQ, IWM (EveryPrice)      $0.01 at every price
//   other penny classes (UnderThree) $0.01 under $3.00, $0.05 from $3.00
//   every other class (None)         $0.05 under $3.00, $0.10 from $3.00
// The program's list ships as data (resources/penny_program.txt, compiled in); a trader extends
// it with the classes added since (DispatcherSettings::extraPennyClasses). A class missing from
// the list gets the coarser ticks, which every exchange accepts; a penny tick on a class that
// does not have it would be rejected.

#include "domain/contract.h"
#include "domain/quote.h"
#include "domain/result.h"

#include <cmath>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cg {

enum class PennyTier {
    None,       // $0.05 / $0.10
    UnderThree, // $0.01 / $0.05
    EveryPrice, // $0.01
};

// The tick of a tier at `price`.
double optionTick(PennyTier tier, double price);
// A price on the cent: a stock's tick, and money as an account shows it.
inline double roundToCent(double price) {
    return std::round(price * 100.0) / 100.0;
}

class TickTable {
public:
    // The shipped program list (shippedPennyProgramText()).
    TickTable();

    // A table from the list's text: one class (OCC root) a line, "ROOT every-price" for $0.01
    // at every price, "#" starts a comment. An unreadable line is an error naming it.
    static Result<TickTable> fromProgramText(std::string_view text);

    // This table with `classes` added as penny classes; a class already listed keeps its tier.
    TickTable withPennyClasses(std::span<const std::string> classes) const;

    PennyTier tier(std::string_view optionClass) const;
    // The same, made finer by what the market shows: exchanges quote only on a class's ticks,
    // so a bid or ask off the listed tier's grid (1.01 on a class listed for nickels: a penny
    // class the shipped list misses) proves the finer tier.
    PennyTier tier(std::string_view optionClass, const std::optional<Quote> &seen) const;
    double tick(std::string_view optionClass, double price,
                const std::optional<Quote> &seen = std::nullopt) const;
    // `price` on the class's grid: the tick is that of `price`, and since $3.00 is a multiple of
    // every tick, rounding across $3.00 still lands on the grid of the result (2.99 up -> 3.00).
    double round(std::string_view optionClass, double price, TickRounding how,
                 const std::optional<Quote> &seen = std::nullopt) const;

    std::size_t classCount() const; // listed plus added
    bool operator==(const TickTable &other) const;

private:
    using Classes = std::map<std::string, PennyTier, std::less<>>;
    explicit TickTable(std::shared_ptr<const Classes> listed);
    static std::shared_ptr<const Classes> shippedList();

    // Shared, never modified: copying a table (every decision does) copies a pointer.
    std::shared_ptr<const Classes> m_listed;
    std::vector<std::string> m_added; // sorted, none of them in m_listed
};

// The text of resources/penny_program.txt, compiled in.
std::string_view shippedPennyProgramText();

// Why `root` is not an option class (1 to 6 capital letters or digits, starting with a letter,
// as in an OCC symbol), or empty when it is one.
std::optional<std::string> optionClassError(std::string_view root);

// "abnb, HOOD ,," -> {"ABNB", "HOOD"}: the setting's text, upper-cased, empty entries skipped,
// duplicates dropped; an entry that is not an option class is an error naming it.
Result<std::vector<std::string>> parseOptionClassList(std::string_view text);

// The class a contract's ticks follow: its OCC root (SPXW, AAPL1), else its underlying.
std::string_view optionClass(const OptionContract &c);

} // namespace cg
