#include "alpaca/simdjson_read.h"

#include "alpaca/json_fields.h"
#include "alpaca/value_rules.h"

#include <cmath>
#include <cstring>
#include <vector>

namespace cg::alpaca::sj {

namespace {
Read readNumberAs(dom::element v, std::optional<double> &out, bool lenientText) {
    double d = 0;
    switch (v.type()) {
    case dom::element_type::DOUBLE:
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
        if (v.get_double().get(d) != simdjson::SUCCESS)
            return Read::Wrong;
        break;
    case dom::element_type::STRING: {
        std::string_view s;
        if (v.get_string().get(s) != simdjson::SUCCESS)
            return Read::Wrong;
        // The trading API's decimal strings read loosely, others strictly (numberFromText).
        const auto parsed = lenientText ? parseDecimal(s) : detail::numberFromText(s);
        if (!parsed)
            return Read::Wrong;
        d = *parsed;
        break;
    }
    case dom::element_type::NULL_VALUE:
        out.reset();
        return Read::Absent;
    default:
        return Read::Wrong;
    }
    if (!std::isfinite(d))
        return Read::Wrong;
    out = d;
    return Read::Ok;
}
} // namespace

Read readNumber(dom::element v, std::optional<double> &out) {
    return readNumberAs(v, out, false);
}

Read readDecimal(dom::element v, std::optional<double> &out) {
    return readNumberAs(v, out, true);
}

Read readCount(dom::element v, std::optional<std::int64_t> &out) {
    if (v.type() == dom::element_type::INT64) {
        const std::int64_t i = v.get_int64().value_unsafe();
        if (i < 0)
            return Read::Wrong;
        out = i;
        return Read::Ok;
    }
    if (v.type() == dom::element_type::UINT64)
        return Read::Wrong; // beyond int64
    std::optional<double> d;
    const Read r = readNumber(v, d);
    if (r != Read::Ok) {
        out.reset();
        return r;
    }
    const auto count = detail::countFromNumber(*d);
    if (!count)
        return Read::Wrong;
    out = *count;
    return Read::Ok;
}

namespace {
std::string describe(simdjson::error_code e) {
    switch (e) {
    case simdjson::EMPTY:
        return "the answer is empty";
    case simdjson::UTF8_ERROR:
        return "it is not valid UTF-8";
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
        return "the JSON is truncated or malformed";
    case simdjson::DEPTH_ERROR:
        return "the JSON is nested too deeply";
    default:
        return std::string("invalid JSON (") + simdjson::error_message(e) + ")";
    }
}
} // namespace

namespace {
// `json` copied into this thread's padded buffer, followed by simdjson's padding; valid until this
// thread's next parse. Null when `json` is larger than the 256 MB a page may be.
const char *paddedCopy(std::string_view json) {
    // One padded buffer per thread, reused page after page.
    thread_local std::vector<char> buffer;
    if (json.size() > 256u * 1024u * 1024u)
        return nullptr;
    buffer.resize(json.size() + simdjson::SIMDJSON_PADDING);
    if (!json.empty())
        std::memcpy(buffer.data(), json.data(), json.size());
    std::memset(buffer.data() + json.size(), 0, simdjson::SIMDJSON_PADDING);
    return buffer.data();
}
} // namespace

Result<dom::element> parseDocument(std::string_view json) {
    // One parser per thread, reused page after page.
    thread_local dom::parser parser;
    const char *padded = paddedCopy(json);
    if (!padded)
        return Error::make("it is larger than 256 MB");
    dom::element root;
    if (auto e = parser.parse(padded, json.size(), false).get(root))
        return Error::make(describe(e));
    return root;
}

} // namespace cg::alpaca::sj
