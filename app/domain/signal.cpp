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

constexpr std::array<std::pair<SignalAction, std::string_view>, 5> kActions{{
    {SignalAction::Call, "CALL"},
    {SignalAction::Put, "PUT"},
    {SignalAction::Buy, "BUY"},
    {SignalAction::Sell, "SELL"},
    {SignalAction::Neutral, "NEUTRAL"},
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
SignalAction signalActionFor(StrategyTemplate t) {
    using enum StrategyTemplate;
    switch (t) {
    case BullCallSpread:
    case BullPutSpread:
    case Diagonal:
        return SignalAction::Call;
    case BearCallSpread:
    case BearPutSpread:
        return SignalAction::Put;
    default:
        return SignalAction::Neutral;
    }
}

std::string_view strategyName(const Signal &s) {
    return s.multiLeg ? toString(*s.multiLeg) : toString(s.strategy);
}

std::optional<std::string> setStrategyName(Signal &s, std::string_view text) {
    if (text.empty())
        text = "day_trade";
    if (const auto kind = parseStrategyTemplate(text)) {
        const SignalAction want = signalActionFor(*kind);
        if (s.action != want)
            return std::string(text) + " is a " + std::string(toString(want)) +
                   " strategy: " + s.symbol + ":" + std::string(toString(want)) + ":" +
                   std::string(text);
        s.multiLeg = *kind;
        return std::nullopt;
    }
    if (const auto st = parseStrategy(text)) {
        if (s.action == SignalAction::Neutral)
            return "NEUTRAL names a multi-leg strategy (e.g. " + s.symbol +
                   ":NEUTRAL:iron_condor), not " + std::string(text);
        s.strategy = *st;
        s.multiLeg.reset();
        return std::nullopt;
    }
    return "Unknown strategy '" + std::string(text) +
           "'; expected day_trade, swing or conservative, or a multi-leg template (iron_condor, "
           "bull_call_spread, ...)";
}

bool isOrderMode(ExecutionMode m) {
    return m == ExecutionMode::AlpacaPaper || m == ExecutionMode::AlpacaLive ||
           m == ExecutionMode::Demo;
}

} // namespace cg
