#pragma once

#include <string_view>

namespace cg {

enum class OptionType { Call, Put };

constexpr std::string_view toString(OptionType t) {
    return t == OptionType::Call ? "call" : "put";
}

} // namespace cg
