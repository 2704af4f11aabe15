#pragma once
// The boundary between the chain parser's AVX2 translation unit (chain_parser_ondemand.cpp,
// simdjson On-Demand compiled for haswell) and the rest of the library, compiled for baseline
// x86-64. The AVX2 file holds no container or string code of its own: every std::vector or
// std::string operation happens behind these out-of-line calls, so no inline function emitted
// there (and possibly chosen by the linker for the whole program) carries AVX2 instructions.
// Internal to the alpaca library.

#include "domain/contract.h"

#include <string_view>

namespace cg::alpaca::detail {

// The caller's vector and page figures, as the AVX2 reader fills them (chain_parser.cpp).
class ChainSink;

// A new contract for `symbol`, its identity filled from the OCC key; nullptr when the symbol is
// invalid (then skipped and counted).
OptionContract *beginContract(ChainSink &sink, std::string_view symbol);
// The contract begun last is dropped: `path` + `what` say why ("latestQuote.bp", " is not a
// usable number").
void rejectContract(ChainSink &sink, std::string_view symbol, const char *path, const char *what);
void setPageToken(ChainSink &sink, std::string_view token);

enum class OnDemandRead {
    Done,    // the page is read into the sink
    Refused, // anything else (malformed, a whole-page problem): the DOM parser reads it again,
             // so that errors are worded exactly as before
};

// True when this CPU runs the AVX2 reader (checked once).
bool onDemandAvailable();
// `padded` holds `size` bytes of JSON followed by simdjson's padding.
OnDemandRead readChainPageOnDemand(const char *padded, std::size_t size, ChainSink &sink);

} // namespace cg::alpaca::detail
