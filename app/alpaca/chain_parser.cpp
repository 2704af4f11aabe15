#include "alpaca/chain_parser.h"

#include "alpaca/chain_parser_ondemand.h"
#include "alpaca/simdjson_read.h"
#include "domain/occ_symbol.h"

#include <simdjson.h>

namespace cg::alpaca {

Result<ChainPageInfo> parseChainPage(std::string_view json, std::string_view underlying,
                                     std::vector<OptionContract> &out) {
    return parseChainPageCursor(json, underlying, out);
}

namespace detail {

class ChainSink {
public:
    ChainSink(std::vector<OptionContract> &out, std::string_view underlying)
        : m_out(out)
        , m_underlying(underlying)
        , m_start(out.size()) {}

    OptionContract *begin(std::string_view symbol) {
        OptionContract &c = m_out.emplace_back();
        if (!fillIdentity(c, symbol, m_underlying, m_info.skipped)) {
            m_out.pop_back();
            return nullptr;
        }
        return &c;
    }
    void reject(std::string_view symbol, const char *path, const char *what) {
        m_out.pop_back();
        m_info.skipped.add(printable(symbol) + ": " + path + what);
    }
    void setToken(std::string_view token) { m_info.nextPageToken = std::string(token); }

    ChainPageInfo finish() {
        m_info.contracts = static_cast<int>(m_out.size() - m_start);
        return std::move(m_info);
    }
    // Back to what the caller's vector held.
    void undo() { m_out.erase(m_out.begin() + static_cast<std::ptrdiff_t>(m_start), m_out.end()); }

private:
    std::vector<OptionContract> &m_out;
    std::string_view m_underlying;
    std::size_t m_start;
    ChainPageInfo m_info;
};

OptionContract *beginContract(ChainSink &sink, std::string_view symbol) {
    return sink.begin(symbol);
}

void rejectContract(ChainSink &sink, std::string_view symbol, const char *path, const char *what) {
    sink.reject(symbol, path, what);
}

void setPageToken(ChainSink &sink, std::string_view token) {
    sink.setToken(token);
}

bool onDemandAvailable() {
#if CHAINGATE_ONDEMAND_HASWELL
    // simdjson's own run-time check of the instructions its haswell kernel needs.
    static const bool available = [] {
        const simdjson::implementation *haswell =
            simdjson::get_available_implementations()["haswell"];
        return haswell && haswell->supported_by_runtime_system();
    }();
    return available;
#else
    return false;
#endif
}

} // namespace detail

Result<ChainPageInfo> parseChainPageOnDemand(std::string_view json, std::string_view underlying,
                                             std::vector<OptionContract> &out) {
    if (detail::onDemandAvailable()) {
        if (const char *padded = sj::paddedCopy(json)) {
            detail::ChainSink sink(out, underlying);
            if (detail::readChainPageOnDemand(padded, json.size(), sink) ==
                detail::OnDemandRead::Done)
                return sink.finish();
            sink.undo(); // the DOM parser reads it again and words what is wrong
        }
    }
    return parseChainPageSimdjson(json, underlying, out);
}

namespace detail {

std::string printable(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < 32; ++i)
        out += (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
    if (s.size() > 32)
        out += "...";
    return out;
}

Error pageError(const std::string &why) {
    return Error::make("Alpaca sent an unreadable option chain page: " + why);
}

bool fillIdentity(OptionContract &c, std::string_view symbol, std::string_view underlying,
                  SkipLog &skipped) {
    auto occ = parseOccSymbol(symbol);
    if (!occ) {
        skipped.add(occ.error().message);
        return false;
    }
    c.symbol.assign(symbol);
    c.root = std::move(occ.value().root);
    c.underlying.assign(underlying);
    c.type = occ->type;
    c.strike = occ->strike();
    c.expiry = occ->expiry;
    return true;
}

} // namespace detail
} // namespace cg::alpaca
