#include "alpaca/stream/msgpack_codec.h"

#include "alpaca/rfc3339.h"

#include <msgpack.hpp>

#include <cmath>
#include <limits>
#include <optional>

namespace cg::alpaca::stream {

namespace {

using msgpack::object;

constexpr std::size_t kMaxSymbolChars = 32;
constexpr std::size_t kMaxShownChars = 200;
// Seconds of 9999-12-31T23:59:59Z: beyond it a Timestamp would overflow and no quote is real.
constexpr std::int64_t kMaxSeconds = 253402300799;

std::optional<std::string_view> asString(const object &o) {
    if (o.type != msgpack::type::STR)
        return std::nullopt;
    return std::string_view(o.via.str.ptr, o.via.str.size);
}

// Words from the server, fit for a log line and a status bar: printable ASCII (UTF-8 may hide a
// C1 control such as NEL, a line break to some terminals), bounded.
std::string shownBytes(std::string_view s) {
    std::string out;
    for (const char c : s.substr(0, kMaxShownChars)) {
        const auto u = static_cast<unsigned char>(c);
        out.push_back(u < 0x20 || u >= 0x7f ? '?' : c);
    }
    if (s.size() > kMaxShownChars)
        out += "...";
    return out;
}

bool isSymbol(std::string_view s) {
    if (s.empty() || s.size() > kMaxSymbolChars)
        return false;
    for (const char c : s) {
        if (c <= 0x20 || c >= 0x7f)
            return false;
    }
    return true;
}

std::optional<double> asNumber(const object &o) {
    double v = 0.0;
    switch (o.type) {
    case msgpack::type::POSITIVE_INTEGER:
        v = static_cast<double>(o.via.u64);
        break;
    case msgpack::type::NEGATIVE_INTEGER:
        v = static_cast<double>(o.via.i64);
        break;
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64:
        v = o.via.f64;
        break;
    default:
        return std::nullopt;
    }
    if (!std::isfinite(v))
        return std::nullopt;
    return v;
}

std::optional<std::uint32_t> asSize(const object &o) {
    if (o.type == msgpack::type::POSITIVE_INTEGER) {
        if (o.via.u64 > std::numeric_limits<std::uint32_t>::max())
            return std::nullopt;
        return static_cast<std::uint32_t>(o.via.u64);
    }
    const auto v = asNumber(o);
    if (!v || *v < 0.0 || *v > std::numeric_limits<std::uint32_t>::max() || *v != std::floor(*v))
        return std::nullopt;
    return static_cast<std::uint32_t>(*v);
}

std::uint64_t bigEndian(std::string_view bytes) {
    std::uint64_t v = 0;
    for (const char c : bytes)
        v = (v << 8) | static_cast<unsigned char>(c);
    return v;
}

Result<Timestamp> fromParts(std::int64_t seconds, std::uint64_t nanos) {
    if (nanos >= 1'000'000'000)
        return Error::make("its nanoseconds are out of range");
    if (seconds < 0 || seconds > kMaxSeconds)
        return Error::make("it is before 1970 or after 9999");
    return Timestamp{
        std::chrono::milliseconds{seconds * 1000 + static_cast<std::int64_t>(nanos / 1'000'000)}};
}

Result<Timestamp> asTime(const object &o) {
    if (o.type == msgpack::type::EXT) {
        if (o.via.ext.type() != -1)
            return Error::make("it is an extension of type " + std::to_string(o.via.ext.type()) +
                               ", not a timestamp (-1)");
        return decodeTimestampExt(std::string_view(o.via.ext.data(), o.via.ext.size));
    }
    // Lenient: an RFC 3339 string, as the JSON stock stream sends.
    if (const auto s = asString(o)) {
        if (const auto t = parseRfc3339(*s))
            return *t;
        return Error::make("it is not an RFC 3339 time");
    }
    return Error::make("it is not a timestamp");
}

struct MapView {
    const object &map;
    const object *get(std::string_view key) const {
        for (std::uint32_t i = 0; i < map.via.map.size; ++i) {
            if (asString(map.via.map.ptr[i].key) == key)
                return &map.via.map.ptr[i].val;
        }
        return nullptr;
    }
};

// The reason a message was skipped; empty when it was read.
using Skip = std::string;

Skip readQuote(const MapView &m, DecodedFrame &out) {
    OptionQuoteTick q;
    const object *symbol = m.get("S");
    const auto s = symbol ? asString(*symbol) : std::nullopt;
    if (!s || !isSymbol(*s))
        return "a quote without a readable symbol \"S\"";
    q.symbol = std::string(*s);
    const auto number = [&](const char *key, double &target) {
        const object *v = m.get(key);
        const auto n = v ? asNumber(*v) : std::nullopt;
        if (!n || *n < 0.0)
            return false;
        target = *n;
        return true;
    };
    const auto size = [&](const char *key, std::uint32_t &target) {
        const object *v = m.get(key);
        const auto n = v ? asSize(*v) : std::nullopt;
        if (!n)
            return false;
        target = *n;
        return true;
    };
    if (!number("bp", q.bid))
        return "the quote for " + q.symbol + " has no readable bid price \"bp\"";
    if (!number("ap", q.ask))
        return "the quote for " + q.symbol + " has no readable ask price \"ap\"";
    if (!size("bs", q.bidSize))
        return "the quote for " + q.symbol + " has no readable bid size \"bs\"";
    if (!size("as", q.askSize))
        return "the quote for " + q.symbol + " has no readable ask size \"as\"";
    const object *t = m.get("t");
    if (!t)
        return "the quote for " + q.symbol + " has no time \"t\"";
    const auto time = asTime(*t);
    if (!time)
        return "the quote for " + q.symbol +
               " has an unreadable time \"t\": " + time.error().message;
    q.time = *time;
    out.quotes.push_back(std::move(q));
    return {};
}

Skip readTrade(const MapView &m, DecodedFrame &out) {
    OptionTradeTick tr;
    const object *symbol = m.get("S");
    const auto s = symbol ? asString(*symbol) : std::nullopt;
    if (!s || !isSymbol(*s))
        return "a trade without a readable symbol \"S\"";
    tr.symbol = std::string(*s);
    const object *p = m.get("p");
    const auto price = p ? asNumber(*p) : std::nullopt;
    if (!price || *price < 0.0)
        return "the trade for " + tr.symbol + " has no readable price \"p\"";
    tr.price = *price;
    const object *sz = m.get("s");
    const auto size = sz ? asSize(*sz) : std::nullopt;
    if (!size)
        return "the trade for " + tr.symbol + " has no readable size \"s\"";
    tr.size = *size;
    const object *t = m.get("t");
    if (!t)
        return "the trade for " + tr.symbol + " has no time \"t\"";
    const auto time = asTime(*t);
    if (!time)
        return "the trade for " + tr.symbol +
               " has an unreadable time \"t\": " + time.error().message;
    tr.time = *time;
    out.trades.push_back(std::move(tr));
    return {};
}

Skip readSymbolList(const object *v, const char *key, std::vector<std::string> &out) {
    if (!v || v->type == msgpack::type::NIL)
        return {};
    if (v->type != msgpack::type::ARRAY)
        return std::string("a subscription whose \"") + key + "\" is not a list";
    for (std::uint32_t i = 0; i < v->via.array.size; ++i) {
        const auto s = asString(v->via.array.ptr[i]);
        if (!s || s->size() > kMaxSymbolChars)
            return std::string("a subscription with an unreadable symbol in \"") + key + "\"";
        out.emplace_back(shownBytes(*s));
    }
    return {};
}

Skip readMessage(const object &o, DecodedFrame &out) {
    if (o.type != msgpack::type::MAP)
        return "an entry that is not a map";
    if (o.via.map.size == 0)
        return "an empty map";
    // Alpaca's own Go client insists on "T" first; so does this one (the type decides the rest).
    const auto firstKey = asString(o.via.map.ptr[0].key);
    if (firstKey != "T")
        return "a map whose first key is not \"T\"";
    const auto type = asString(o.via.map.ptr[0].val);
    if (!type)
        return "a message whose type \"T\" is not text";
    const MapView m{o};
    if (*type == "q")
        return readQuote(m, out);
    if (*type == "t")
        return readTrade(m, out);
    if (*type == "success" || *type == "error") {
        ControlMessage c;
        c.type = *type == "success" ? ControlMessage::Type::Success : ControlMessage::Type::Error;
        if (const object *msg = m.get("msg")) {
            const auto s = asString(*msg);
            if (!s)
                return "a " + std::string(*type) + " message whose \"msg\" is not text";
            c.msg = shownBytes(*s);
        }
        if (c.type == ControlMessage::Type::Error) {
            const object *code = m.get("code");
            const auto n = code ? asNumber(*code) : std::nullopt;
            if (!n || *n < 0 || *n > 100000 || *n != std::floor(*n))
                return "an error message without a readable \"code\"";
            c.code = static_cast<int>(*n);
        }
        out.controls.push_back(std::move(c));
        return {};
    }
    if (*type == "subscription") {
        ControlMessage c;
        c.type = ControlMessage::Type::Subscription;
        if (Skip why = readSymbolList(m.get("quotes"), "quotes", c.quotes); !why.empty())
            return why;
        if (Skip why = readSymbolList(m.get("trades"), "trades", c.trades); !why.empty())
            return why;
        out.controls.push_back(std::move(c));
        return {};
    }
    ++out.ignored;
    return {};
}

// A walk over the frame that allocates nothing: it proves the frame complete and shallow before
// msgpack-cxx builds objects, whose arrays are allocated at their declared size. A complete
// frame holds at most one element per byte, so the real decode then costs O(bytes).
struct Prescan : msgpack::null_visitor {
    static constexpr int kMaxDepth = 6;
    int depth = 0;
    bool tooDeep = false;
    bool cutShort = false;
    bool enter() {
        tooDeep = tooDeep || ++depth > kMaxDepth;
        return !tooDeep;
    }
    bool start_array(std::uint32_t) { return enter(); }
    bool start_map(std::uint32_t) { return enter(); }
    bool end_array() {
        --depth;
        return true;
    }
    bool end_map() {
        --depth;
        return true;
    }
    void insufficient_bytes(std::size_t, std::size_t) { cutShort = true; }
};

Error unreadableFrame(const std::string &why) {
    return Error::make("Alpaca's option stream sent an unreadable frame: " + why);
}

void packString(msgpack::packer<msgpack::sbuffer> &pk, std::string_view s) {
    pk.pack_str(static_cast<std::uint32_t>(s.size()));
    pk.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
}

void packList(msgpack::packer<msgpack::sbuffer> &pk, const std::vector<std::string> &list) {
    pk.pack_array(static_cast<std::uint32_t>(list.size()));
    for (const std::string &s : list)
        packString(pk, s);
}

std::string subscriptionAction(std::string_view action, const std::vector<std::string> &quotes,
                               const std::vector<std::string> &trades) {
    msgpack::sbuffer buffer;
    msgpack::packer<msgpack::sbuffer> pk(buffer);
    pk.pack_map(3);
    packString(pk, "action");
    packString(pk, action);
    packString(pk, "trades");
    packList(pk, trades);
    packString(pk, "quotes");
    packList(pk, quotes);
    return std::string(buffer.data(), buffer.size());
}

} // namespace

Result<Timestamp> decodeTimestampExt(std::string_view payload) {
    switch (payload.size()) {
    case 4: // timestamp 32: unsigned seconds
        return fromParts(static_cast<std::int64_t>(bigEndian(payload)), 0);
    case 8: { // timestamp 64: 30-bit nanoseconds, 34-bit seconds
        const std::uint64_t v = bigEndian(payload);
        return fromParts(static_cast<std::int64_t>(v & 0x3ffffffffULL), v >> 34);
    }
    case 12: { // timestamp 96: 32-bit nanoseconds, signed 64-bit seconds
        const std::uint64_t nanos = bigEndian(payload.substr(0, 4));
        const auto seconds = static_cast<std::int64_t>(bigEndian(payload.substr(4, 8)));
        return fromParts(seconds, nanos);
    }
    default:
        return Error::make("a timestamp of " + std::to_string(payload.size()) +
                           " bytes (expected 4, 8 or 12)");
    }
}

Result<DecodedFrame> decodeFrame(std::string_view bytes) {
    if (bytes.empty())
        return unreadableFrame("it is empty");
    if (bytes.size() > kMaxFrameBytes)
        return unreadableFrame("it is larger than 16 MB");
    Prescan prescan;
    std::size_t scanned = 0;
    bool complete = false;
    try {
        complete = msgpack::parse(bytes.data(), bytes.size(), scanned, prescan);
    } catch (...) {
        complete = false;
    }
    if (prescan.tooDeep)
        return unreadableFrame("it is nested too deeply");
    if (prescan.cutShort)
        return unreadableFrame("it ends in the middle of a value");
    if (!complete)
        return unreadableFrame("it is not msgpack");
    if (scanned != bytes.size())
        return unreadableFrame("bytes follow the end of the message list");
    msgpack::object_handle handle;
    std::size_t offset = 0;
    // Bounds on what a declared size may allocate before the bytes behind it are checked.
    const msgpack::unpack_limit limit(kMaxFrameMessages, 256, 64 * 1024, 64 * 1024, 64, 6);
    try {
        handle = msgpack::unpack(bytes.data(), bytes.size(), offset, nullptr, nullptr, limit);
    } catch (const msgpack::insufficient_bytes &) {
        return unreadableFrame("it ends in the middle of a value");
    } catch (const msgpack::depth_size_overflow &) {
        return unreadableFrame("it is nested too deeply");
    } catch (const msgpack::size_overflow &) {
        return unreadableFrame("it declares more entries or bytes than a frame may hold");
    } catch (const std::bad_alloc &) {
        return unreadableFrame("it is too large to read");
    } catch (...) {
        return unreadableFrame("it is not msgpack");
    }
    if (offset != bytes.size())
        return unreadableFrame("bytes follow the end of the message list");
    const object &root = handle.get();
    if (root.type != msgpack::type::ARRAY)
        return unreadableFrame("it is not a list of messages");
    DecodedFrame out;
    for (std::uint32_t i = 0; i < root.via.array.size; ++i) {
        Skip why = readMessage(root.via.array.ptr[i], out);
        if (!why.empty()) {
            if (out.skipped++ == 0)
                out.firstSkip = std::move(why);
        }
    }
    return out;
}

std::string encodeAuth(std::string_view key, std::string_view secret) {
    msgpack::sbuffer buffer;
    msgpack::packer<msgpack::sbuffer> pk(buffer);
    pk.pack_map(3);
    packString(pk, "action");
    packString(pk, "auth");
    packString(pk, "key");
    packString(pk, key);
    packString(pk, "secret");
    packString(pk, secret);
    return std::string(buffer.data(), buffer.size());
}

std::string encodeSubscribe(const std::vector<std::string> &quotes,
                            const std::vector<std::string> &trades) {
    return subscriptionAction("subscribe", quotes, trades);
}

std::string encodeUnsubscribe(const std::vector<std::string> &quotes,
                              const std::vector<std::string> &trades) {
    return subscriptionAction("unsubscribe", quotes, trades);
}

} // namespace cg::alpaca::stream
