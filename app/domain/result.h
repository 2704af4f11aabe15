#pragma once
// Errors are values: a Result carries either a value or an Error whose message a trader can read.

#include <string>
#include <utility>
#include <variant>

namespace cg {

struct Error {
    std::string message; // plain words, safe to show (never contains secrets)
    int httpStatus = 0;  // 0 when not from HTTP
    long long code = 0;  // broker error code (e.g. 40310000), 0 when none

    static Error make(std::string msg) { return Error{std::move(msg), 0, 0}; }
};

// "Could not read <what>: <why>", as every failed read is reported ("unknown error" where the
// error carries no words).
inline std::string couldNotRead(const std::string &what, const Error &e) {
    return "Could not read " + what + ": " + (e.message.empty() ? "unknown error" : e.message);
}

template <class T> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_v(std::move(value)) {} // NOLINT: implicit by design
    Result(Error error)
        : m_v(std::move(error)) {} // NOLINT: implicit by design

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<T>(m_v); }
    T &value() & { return std::get<T>(m_v); }
    T &&value() && { return std::get<T>(std::move(m_v)); }
    const T *operator->() const { return &std::get<T>(m_v); }
    const T &operator*() const { return std::get<T>(m_v); }
    const Error &error() const { return std::get<Error>(m_v); }

private:
    std::variant<T, Error> m_v;
};

struct Unit {};

} // namespace cg
