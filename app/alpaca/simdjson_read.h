#pragma once
// Reading Alpaca's JSON with simdjson's DOM parser, shared by the hot parsers (chain snapshots,
// option contracts). Internal to the alpaca library: the rest of the engine never sees simdjson.
//
// The DOM parser: its kernels are picked at run time for the CPU (AVX-512, AVX2, SSE4.2) from the
// shared library. It reads every page the JSON cursor (json_cursor.h) does not take.

#include "domain/result.h"

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cg::alpaca::sj {

namespace dom = simdjson::dom;

enum class Read { Ok, Absent, Wrong };

// A number, or a numeric string (a proxy or another API version may send strings). Null is
// absent. Rejects inf/nan and trailing junk.
Read readNumber(dom::element v, std::optional<double> &out);
// The same, also reading the trading API's decimal strings as loosely as parseDecimal does
// (" 12.5", "+12.5").
Read readDecimal(dom::element v, std::optional<double> &out);
// A non-negative whole number within int64 (sizes, volume, open interest); 12.0 and "12" count.
Read readCount(dom::element v, std::optional<std::int64_t> &out);

// Parses `json` with this thread's parser into `root`: after the first page of a run, no
// allocation happens in the parse. The element is valid until this thread's next parse. Errors
// are worded for a trader: "the JSON is truncated or malformed".
Result<dom::element> parseDocument(std::string_view json);

} // namespace cg::alpaca::sj
