#pragma once

#include <cstdint>
#include <string_view>

namespace cg {

// One byte: a chain holds up to 100,000 contracts (domain/contract.h packs it with the expiry).
enum class OptionType : std::uint8_t { Call, Put };

constexpr std::string_view toString(OptionType t) {
    return t == OptionType::Call ? "call" : "put";
}

} // namespace cg
