#include "domain/signal.h"

#include <array>
#include <utility>

namespace cg {

namespace {

template <class E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N> &table,
                        std::string_view s) {
    for (const auto &[e, name] : table) {
        if (name == s)
            return e;
    }
    return std::nullopt;
}

template <class E, std::size_t N>
std::string_view nameOf(const std::array<std::pair<E, std::string_view>, N> &table, E e) {
    for (const auto &[v, name] : table) {
        if (v == e)
            return name;
    }
    return {};
}

constexpr std::array<std::pair<SignalAction, std::string_view>, 4> kActions{{
    {SignalAction::Call, "CALL"},
    {SignalAction::Put, "PUT"},
    {SignalAction::Buy, "BUY"},
    {SignalAction::Sell, "SELL"},
}};

constexpr std::array<std::pair<SignalStatus, std::string_view>, 4> kStatuses{{
    {SignalStatus::Pending, "PENDING"},
    {SignalStatus::Claimed, "CLAIMED"},
    {SignalStatus::Done, "DONE"},
    {SignalStatus::Failed, "FAILED"},
}};

constexpr std::array<std::pair<ExecutionMode, std::string_view>, 5> kModes{{
    {ExecutionMode::AlpacaPaper, "ALPACA_PAPER"},
    {ExecutionMode::AlpacaLive, "ALPACA_LIVE"},
    {ExecutionMode::SimulatedFallback, "SIMULATED_FALLBACK"},
    {ExecutionMode::RejectedByUser, "REJECTED_BY_USER"},
    {ExecutionMode::Demo, "DEMO"},
}};

} // namespace

std::string_view toString(SignalAction a) {
    return nameOf(kActions, a);
}
std::optional<SignalAction> parseSignalAction(std::string_view s) {
    return lookup(kActions, s);
}
std::string_view toString(SignalStatus s) {
    return nameOf(kStatuses, s);
}
std::optional<SignalStatus> parseSignalStatus(std::string_view s) {
    return lookup(kStatuses, s);
}
std::string_view toString(ExecutionMode m) {
    return nameOf(kModes, m);
}
std::optional<ExecutionMode> parseExecutionMode(std::string_view s) {
    return lookup(kModes, s);
}
bool isOrderMode(ExecutionMode m) {
    return m == ExecutionMode::AlpacaPaper || m == ExecutionMode::AlpacaLive ||
           m == ExecutionMode::Demo;
}

} // namespace cg
