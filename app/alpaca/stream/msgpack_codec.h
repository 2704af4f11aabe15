#pragma once
// The options market-data stream's wire format (docs/alpaca-wire.md section 8) as pure
// functions: a server frame (a msgpack array of maps, "T" first) in, quotes, trades and control
// messages out; client actions (auth, subscribe, unsubscribe) out as msgpack maps. Nothing here
// throws or crashes on hostile bytes: every problem is an error a trader can read.

#include "broker/quote_stream.h"
#include "domain/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cg::alpaca::stream {

// success ("connected", "authenticated"), error (code + msg), subscription (the full lists).
struct ControlMessage {
    enum class Type { Success, Error, Subscription };
    Type type = Type::Success;
    std::string msg; // success: what succeeded; error: the server's words
    int code = 0;    // error only: 402 auth failed, 405 symbol limit, ...
    std::vector<std::string> quotes;
    std::vector<std::string> trades;
};

struct DecodedFrame {
    std::vector<OptionQuoteTick> quotes;
    std::vector<OptionTradeTick> trades;
    std::vector<ControlMessage> controls;
    int ignored = 0;       // messages of other types (bars, statuses, ...), not needed here
    int skipped = 0;       // messages that could not be read; the frame's others still count
    std::string firstSkip; // why the first of them was skipped
};

// Limits that keep a hostile frame from allocating much before it is refused.
inline constexpr std::size_t kMaxFrameMessages = 100'000;
inline constexpr std::size_t kMaxFrameBytes = 16 * 1024 * 1024;

// An error when the frame is not a msgpack array of maps at all; a map that cannot be read is
// skipped and counted instead, so one bad quote does not lose its batch.
Result<DecodedFrame> decodeFrame(std::string_view bytes);

// Timestamp extension (type -1) payloads of 4, 8 or 12 bytes -> milliseconds (ns truncated).
Result<Timestamp> decodeTimestampExt(std::string_view payload);

// Client actions as msgpack maps ({"action":"auth","key":..,"secret":..}, ...).
std::string encodeAuth(std::string_view key, std::string_view secret);
std::string encodeSubscribe(const std::vector<std::string> &quotes,
                            const std::vector<std::string> &trades);
std::string encodeUnsubscribe(const std::vector<std::string> &quotes,
                              const std::vector<std::string> &trades);

} // namespace cg::alpaca::stream
