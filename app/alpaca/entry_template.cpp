#include "alpaca/entry_template.h"

#include "alpaca/json_cursor.h"

namespace cg::alpaca {

namespace {

bool isString(std::string_view v) {
    return v.size() >= 2 && v.front() == '"' && v.back() == '"';
}

bool within(std::span<const ValueSpan> values, std::size_t size) {
    std::uint32_t last = 0;
    for (const ValueSpan &v : values) {
        if (v.begin < last || v.end < v.begin || v.end > size)
            return false;
        last = v.end;
    }
    return true;
}

} // namespace

bool EntryTemplate::build(std::string_view first, std::span<const ValueSpan> firstValues,
                          std::string_view second, std::span<const ValueSpan> secondValues,
                          const std::vector<bool> &read) {
    clear();
    m_reads.clear();
    m_bytes.clear();
    m_mutable.clear();
    const std::size_t n = secondValues.size();
    if (firstValues.size() != n || read.size() != n || first.empty() || first.front() != '{' ||
        second.empty() || second.front() != '{' || second.back() != '}' ||
        !within(firstValues, first.size()) || !within(secondValues, second.size()) ||
        second.size() > UINT32_MAX / 2)
        return false;
    std::string mask(second.size(), '\0');
    std::vector<Piece> pieces;
    std::uint32_t runStart = 0;
    std::vector<std::uint32_t> readsIn; // the keys read in the run being built
    const auto addRun = [&](std::uint32_t from, std::uint32_t to) {
        if (to <= from)
            return;
        Piece run{true, static_cast<std::uint32_t>(m_bytes.size()), to - from, 0,
                  0,    static_cast<std::uint32_t>(m_reads.size())};
        for (const std::uint32_t key : readsIn) {
            const ValueSpan v = secondValues[key];
            m_reads.push_back({key, v.begin - from, v.end - v.begin, second[v.begin] == '"'});
        }
        run.reads = static_cast<std::uint32_t>(readsIn.size());
        readsIn.clear();
        pieces.push_back(run);
        m_bytes.append(second.substr(from, to - from));
        m_mutable.append(mask, from, to - from);
    };
    for (std::size_t i = 0; i < n; ++i) {
        const ValueSpan a = firstValues[i], b = secondValues[i];
        const std::string_view va = first.substr(a.begin, a.end - a.begin);
        const std::string_view vb = second.substr(b.begin, b.end - b.begin);
        // A string of the same length keeps its quotes and may change its content; any other
        // value stays only where it is the same (a literal, a nested value repeated as it is).
        const bool sameLengthStrings = isString(va) && isString(vb) && va.size() == vb.size();
        // A number the caller reads is cut even where two entries agree (an open interest
        // written as a number would rarely repeat): a literal (true, null) is kept.
        const bool literal =
            !vb.empty() && (vb.front() == 't' || vb.front() == 'f' || vb.front() == 'n');
        const bool fixed =
            !vb.empty() && (sameLengthStrings || (va == vb && (!read[i] || literal)));
        if (fixed) {
            if (sameLengthStrings)
                mask.replace(b.begin + 1, vb.size() - 2, vb.size() - 2, '\xff');
            if (read[i])
                readsIn.push_back(static_cast<std::uint32_t>(i));
            continue;
        }
        addRun(runStart, b.begin);
        pieces.push_back({false, 0, 0, static_cast<std::uint32_t>(i), 0, 0});
        runStart = b.end;
    }
    addRun(runStart, static_cast<std::uint32_t>(second.size()));
    m_bytes.append(kTemplatePadding, '\0');
    m_mutable.append(kTemplatePadding, '\0');
    m_pieces = std::move(pieces);
    return true;
}

} // namespace cg::alpaca
