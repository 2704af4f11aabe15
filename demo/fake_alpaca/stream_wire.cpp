#include "fake_alpaca/stream_wire.h"

#include <msgpack.hpp>

#include <cstring>

namespace cg::fake {

namespace {

void appendBigEndian(QByteArray &out, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i)
        out.append(static_cast<char>((v >> (8 * i)) & 0xff));
}

void appendMapHeader(QByteArray &out, int n) {
    if (n < 16) {
        out.append(static_cast<char>(0x80 | n));
    } else {
        out.append(static_cast<char>(0xde));
        appendBigEndian(out, static_cast<std::uint64_t>(n), 2);
    }
}

void appendArrayHeader(QByteArray &out, std::size_t n) {
    if (n < 16) {
        out.append(static_cast<char>(0x90 | n));
    } else if (n <= 0xffff) {
        out.append(static_cast<char>(0xdc));
        appendBigEndian(out, n, 2);
    } else {
        out.append(static_cast<char>(0xdd));
        appendBigEndian(out, n, 4);
    }
}

void appendStr(QByteArray &out, std::string_view s) {
    if (s.size() < 32) {
        out.append(static_cast<char>(0xa0 | s.size()));
    } else if (s.size() <= 0xff) {
        out.append(static_cast<char>(0xd9));
        appendBigEndian(out, s.size(), 1);
    } else {
        out.append(static_cast<char>(0xda));
        appendBigEndian(out, s.size(), 2);
    }
    out.append(s.data(), static_cast<qsizetype>(s.size()));
}

void appendDouble(QByteArray &out, double v) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    out.append(static_cast<char>(0xcb));
    appendBigEndian(out, bits, 8);
}

void appendUint(QByteArray &out, std::uint64_t v) {
    if (v < 128) {
        out.append(static_cast<char>(v));
    } else if (v <= 0xffff) {
        out.append(static_cast<char>(0xcd));
        appendBigEndian(out, v, 2);
    } else {
        out.append(static_cast<char>(0xce));
        appendBigEndian(out, v & 0xffffffffULL, 4);
    }
}

void appendStrings(QByteArray &out, const std::vector<std::string> &list) {
    appendArrayHeader(out, list.size());
    for (const std::string &s : list)
        appendStr(out, s);
}

std::uint64_t sizeOf(int v) {
    return v > 0 ? static_cast<std::uint64_t>(v) : 0;
}

} // namespace

void appendTimestamp96(QByteArray &out, Timestamp t) {
    const std::int64_t ms = t.time_since_epoch().count();
    std::int64_t seconds = ms / 1000;
    std::int64_t rest = ms % 1000;
    if (rest < 0) {
        rest += 1000;
        --seconds;
    }
    out.append(static_cast<char>(0xc7));
    out.append(static_cast<char>(12));
    out.append(static_cast<char>(-1));
    appendBigEndian(out, static_cast<std::uint64_t>(rest * 1'000'000), 4);
    appendBigEndian(out, static_cast<std::uint64_t>(seconds), 8);
}

void StreamFrame::addSuccess(const char *msg) {
    appendMapHeader(m_body, 2);
    appendStr(m_body, "T");
    appendStr(m_body, "success");
    appendStr(m_body, "msg");
    appendStr(m_body, msg);
    ++m_count;
}

void StreamFrame::addError(int code, const char *msg) {
    appendMapHeader(m_body, 3);
    appendStr(m_body, "T");
    appendStr(m_body, "error");
    appendStr(m_body, "code");
    appendUint(m_body, static_cast<std::uint64_t>(code));
    appendStr(m_body, "msg");
    appendStr(m_body, msg);
    ++m_count;
}

void StreamFrame::addSubscription(const std::vector<std::string> &trades,
                                  const std::vector<std::string> &quotes) {
    appendMapHeader(m_body, 3);
    appendStr(m_body, "T");
    appendStr(m_body, "subscription");
    appendStr(m_body, "trades");
    appendStrings(m_body, trades);
    appendStr(m_body, "quotes");
    appendStrings(m_body, quotes);
    ++m_count;
}

void StreamFrame::addQuote(const market::SimContract &c) {
    appendMapHeader(m_body, 10);
    appendStr(m_body, "T");
    appendStr(m_body, "q");
    appendStr(m_body, "S");
    appendStr(m_body, c.symbol);
    appendStr(m_body, "t");
    appendTimestamp96(m_body, c.quote.time);
    appendStr(m_body, "bx");
    appendStr(m_body, std::string_view(&c.bidExchange, 1));
    appendStr(m_body, "bp");
    appendDouble(m_body, c.quote.bid);
    appendStr(m_body, "bs");
    appendUint(m_body, sizeOf(c.quote.bidSize));
    appendStr(m_body, "ax");
    appendStr(m_body, std::string_view(&c.askExchange, 1));
    appendStr(m_body, "ap");
    appendDouble(m_body, c.quote.ask);
    appendStr(m_body, "as");
    appendUint(m_body, sizeOf(c.quote.askSize));
    appendStr(m_body, "c");
    appendStr(m_body, "A");
    ++m_count;
}

void StreamFrame::addTrade(const std::string &symbol, const market::SimTrade &t) {
    appendMapHeader(m_body, 7);
    appendStr(m_body, "T");
    appendStr(m_body, "t");
    appendStr(m_body, "S");
    appendStr(m_body, symbol);
    appendStr(m_body, "t");
    appendTimestamp96(m_body, t.time);
    appendStr(m_body, "p");
    appendDouble(m_body, t.price);
    appendStr(m_body, "s");
    appendUint(m_body, sizeOf(t.size));
    appendStr(m_body, "x");
    appendStr(m_body, std::string_view(&t.exchange, 1));
    appendStr(m_body, "c");
    appendStr(m_body, "S");
    ++m_count;
}

QByteArray StreamFrame::bytes() const {
    QByteArray out;
    appendArrayHeader(out, static_cast<std::size_t>(m_count));
    return out + m_body;
}

std::optional<StreamAction> readStreamAction(const QByteArray &bytes) {
    msgpack::object_handle handle;
    try {
        std::size_t offset = 0;
        const msgpack::unpack_limit limit(10'000, 16, 4096, 0, 0, 4);
        handle = msgpack::unpack(bytes.constData(), static_cast<std::size_t>(bytes.size()), offset,
                                 nullptr, nullptr, limit);
    } catch (...) {
        return std::nullopt;
    }
    const msgpack::object &root = handle.get();
    if (root.type != msgpack::type::MAP)
        return std::nullopt;
    StreamAction a;
    const auto text = [](const msgpack::object &o) {
        return o.type == msgpack::type::STR ? std::string(o.via.str.ptr, o.via.str.size)
                                            : std::string();
    };
    for (std::uint32_t i = 0; i < root.via.map.size; ++i) {
        const std::string key = text(root.via.map.ptr[i].key);
        const msgpack::object &v = root.via.map.ptr[i].val;
        if (key == "action") {
            a.action = text(v);
        } else if (key == "key") {
            a.key = text(v);
        } else if (key == "secret") {
            a.secret = text(v);
        } else if ((key == "quotes" || key == "trades") && v.type == msgpack::type::ARRAY) {
            auto &list = key == "quotes" ? a.quotes : a.trades;
            for (std::uint32_t j = 0; j < v.via.array.size; ++j) {
                const std::string s = text(v.via.array.ptr[j]);
                if (s.empty())
                    return std::nullopt;
                list.push_back(s);
            }
        }
    }
    if (a.action.empty())
        return std::nullopt;
    return a;
}

QByteArray malformedFrame(int n) {
    switch (n % 4) {
    case 0: { // cut short in the middle of the first map
        StreamFrame f;
        f.addSuccess("connected");
        const QByteArray b = f.bytes();
        return b.left(b.size() - 4);
    }
    case 1: { // "T" not the first key
        QByteArray out;
        appendArrayHeader(out, 1);
        appendMapHeader(out, 2);
        appendStr(out, "S");
        appendStr(out, "SPY");
        appendStr(out, "T");
        appendStr(out, "q");
        return out;
    }
    case 2: { // a quote whose bid price is text
        QByteArray out;
        appendArrayHeader(out, 1);
        appendMapHeader(out, 3);
        appendStr(out, "T");
        appendStr(out, "q");
        appendStr(out, "S");
        appendStr(out, "SPY261218C00700000");
        appendStr(out, "bp");
        appendStr(out, "1.25");
        return out;
    }
    default: // JSON where msgpack belongs
        return QByteArray(R"([{"T":"q","S":"SPY"}])");
    }
}

} // namespace cg::fake
