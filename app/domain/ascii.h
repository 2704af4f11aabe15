#pragma once
// ASCII character classes, whatever the C locale says: symbols and the text of the data files
// are ASCII by their formats.

namespace cg {

inline bool isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
}
inline bool isAsciiUpper(char c) {
    return c >= 'A' && c <= 'Z';
}
inline bool isAsciiLower(char c) {
    return c >= 'a' && c <= 'z';
}

} // namespace cg
