#include "models/chain_table_model.h"

#include "domain/strike_selection.h"
#include "domain/tick_table.h"
#include "models/display_format.h"
#include "models/flash_rule.h"
#include "models/quote_tick_apply.h"
#include "models/radix_sort.h"

#include <QFont>
#include <QLocale>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <tuple>
#include <utility>

namespace cg::models {

namespace {

// The columns a contract's greeks fill: from the feed, computed from the mid, or empty.
bool isGreekField(ChainField f) {
    return f == ChainField::ImpliedVol || f == ChainField::Delta || f == ChainField::Gamma ||
           f == ChainField::Theta || f == ChainField::Vega;
}

constexpr int kFields = kChainFieldCount;

qint64 strikeMilli(double strike) {
    return std::llround(strike * 1000.0);
}

bool sameValue(const std::optional<double> &a, const std::optional<double> &b) {
    if (a.has_value() != b.has_value())
        return false;
    if (!a)
        return true;
    return *a == *b || (std::isnan(*a) && std::isnan(*b));
}

// The fields a quote decides: its values, the two gates a tick judges again, and the greeks
// solved from the mid where the feed sent none (applyQuoteTick).
constexpr std::array kQuoteFields{
    ChainField::Bid,       ChainField::Ask,        ChainField::Mid,        ChainField::SpreadPct,
    ChainField::GateQuote, ChainField::GateSpread, ChainField::ImpliedVol, ChainField::Delta,
    ChainField::Gamma,     ChainField::Theta,      ChainField::Vega};

// The fields a trade decides: the last price, the day's volume and its gate.
constexpr std::array kTradeFields{ChainField::Last, ChainField::Volume, ChainField::GateVolume};

int sideIndex(OptionType t) {
    return t == OptionType::Call ? 0 : 1;
}

const TickTable &shippedTicks() {
    static const TickTable table;
    return table;
}

// Whether a changed cell flashes (models/flash_rule.h). `before` and `after` read a field's value
// as last shown and as now. The shipped penny program decides the tick: a class the trader added
// since flashes on the coarser tick until the program lists it.
template <class Before, class After>
bool flashWorthy(PennyTier tier, ChainField f, Before before, After after) {
    const FlashRule rule = flashRule(f);
    if (rule == FlashRule::Never || rule == FlashRule::AnyChange)
        return rule == FlashRule::AnyChange;
    if (rule == FlashRule::Tick) {
        const auto a = before(f);
        const auto b = after(f);
        const double price = a && b ? std::min(*a, *b) : a ? *a : b.value_or(0.0);
        return movedByTick(a, b, optionTick(tier, price));
    }
    const auto a = dollarSpread(before(ChainField::Bid), before(ChainField::Ask));
    const auto b = dollarSpread(after(ChainField::Bid), after(ChainField::Ask));
    const double price = after(ChainField::Bid).value_or(0.0);
    return movedByTick(a, b, optionTick(tier, price));
}

template <class Before, class After>
bool flashWorthy(const OptionContract &c, ChainField f, Before before, After after) {
    const FlashRule rule = flashRule(f);
    if (rule == FlashRule::Never || rule == FlashRule::AnyChange)
        return rule == FlashRule::AnyChange;
    return flashWorthy(shippedTicks().tier(optionClass(c)), f, before, after);
}

} // namespace

std::optional<double> ChainTableModel::SideData::value(int f) const {
    const auto field = static_cast<ChainField>(f);
    if (isOptionalField(field))
        return std::nullopt; // read from the entry when shown: a spot move alone repaints nothing
    if (const int slot = cacheSlot(f); slot >= 0)
        return (known >> slot & 1u) ? std::optional(values[static_cast<std::size_t>(slot)])
                                    : std::nullopt;
    if (isGateField(field))
        return gate(f) == GateState::Pass ? 1.0 : 0.0;
    // Mid and Spread %: from the quote's bid and ask, as fieldValue() writes them.
    if (!(known & 1u))
        return std::nullopt;
    Quote q;
    q.bid = values[0];
    q.ask = values[1];
    return field == ChainField::Mid ? std::optional(mid(q)) : spreadPct(q);
}

GateState ChainTableModel::SideData::gate(int f) const {
    const auto g = fieldGate(static_cast<ChainField>(f));
    return g ? gateState(*g) : GateState::Unknown;
}

ChainTableModel::RowKey ChainTableModel::rowKey(const Row &row,
                                                const std::vector<SideData> &sides) const {
    RowKey k;
    k.strikeMilli = row.strikeMilli;
    if (m_layout == Layout::Flat && row.sides[0] >= 0) {
        const OptionContract &c = sides[static_cast<std::size_t>(row.sides[0])].entry->contract;
        k.typeKey = sideIndex(c.type);
        k.symbol = c.symbol;
    }
    return k;
}

ChainTableModel::ChainTableModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void ChainTableModel::setLayout(Layout layout) {
    if (layout == m_layout)
        return;
    beginResetModel();
    m_layout = layout;
    rebuild();
    endResetModel();
}

void ChainTableModel::clear() {
    beginResetModel();
    m_owned.clear();
    m_entries = &m_owned;
    m_picks.clear();
    m_rows.clear(); // the buffers stay: the next load builds in them
    m_sides.clear();
    m_spot = 0.0;
    m_boundaryRow = -1;
    m_moves.clear();
    m_figuresAt = {};
    m_index.clear();
    m_indexed = nullptr;
    m_locations.clear();
    endResetModel();
}

void ChainTableModel::rebuild() {
    std::vector<Row> rows;
    std::vector<SideData> sides;
    EntryScan scan;
    buildRows(m_spot, m_picks, rows, sides, scan);
    // scan.moves is left: the moves are the load's, and the entries may have ticked since.
    m_rows = std::move(rows);
    m_sides = std::move(sides);
    m_boundaryRow = boundaryRow(m_rows, m_spot);
    indexSymbols(scan.symbolHashes);
}

void ChainTableModel::indexSymbols(std::span<const std::size_t> symbolHashes) {
    std::vector<ChainEntry> &entries = *m_entries;
    Q_ASSERT(symbolHashes.size() == entries.size());
    m_indexed = entries.data();
    m_index.rebuildHashed(symbolHashes, [this](std::size_t i) { return symbolAt(i); });
    // Where each side is shown, then each side's entry told: both passes read in order (the
    // sides follow the entries), where following the rows would jump across the sides.
    std::vector<std::int32_t> sideLocation(m_sides.size(), -1);
    for (std::size_t r = 0; r < m_rows.size(); ++r)
        for (std::size_t s = 0; s < 2; ++s)
            if (const std::int32_t at = m_rows[r].sides[s]; at >= 0)
                sideLocation[static_cast<std::size_t>(at)] = static_cast<std::int32_t>(r * 2 + s);
    // The sides are built in the entries' order: with every entry shown (the flat layout, no
    // two contracts of a type at a strike side by side), side k is entry k and the sides need
    // no reading.
    Q_ASSERT(m_sides.size() != entries.size() || m_sides.empty() ||
             (m_sides.front().entry == entries.data() &&
              m_sides.back().entry == entries.data() + entries.size() - 1));
    if (m_sides.size() == entries.size()) {
        m_locations = std::move(sideLocation);
        return;
    }
    m_locations.assign(entries.size(), -1);
    for (std::size_t k = 0; k < m_sides.size(); ++k)
        m_locations[static_cast<std::size_t>(m_sides[k].entry - entries.data())] = sideLocation[k];
}

double ChainTableModel::strikeOf(const Row &row) const {
    for (const std::int32_t s : row.sides)
        if (s >= 0)
            return m_sides[static_cast<std::size_t>(s)].entry->contract.strike;
    return static_cast<double>(row.strikeMilli) / 1000.0;
}

ChainFigures ChainTableModel::figuresOf(const ChainEntry &e) const {
    return chainFigures(e.contract, m_moves, m_spot, m_figuresAt);
}

void ChainTableModel::computeValues(SideData &s) const {
    const ChainEntry &e = *s.entry;
    // The field each cache slot keeps (cacheSlot's inverse), named at compile time: each value
    // is read from the contract directly, not through fieldValue's switch (a load fills 10 a
    // contract).
    constexpr auto fieldOf = [](std::size_t slot) {
        return static_cast<ChainField>(slot < 2 ? slot : slot + 2);
    };
    static_assert([fieldOf] {
        for (std::size_t k = 0; k < kCachedFields; ++k)
            if (cacheSlot(static_cast<int>(fieldOf(k))) != static_cast<int>(k) ||
                !isContractField(fieldOf(k)))
                return false;
        return true;
    }());
    [&]<std::size_t... Slot>(std::index_sequence<Slot...>) {
        (s.setCached(static_cast<int>(Slot), contractFieldValue(e.contract, fieldOf(Slot))), ...);
    }
    (std::make_index_sequence<kCachedFields>{});
    for (int g = 0; g < kGateCount; ++g)
        s.setGateState(static_cast<GateId>(g), e.gates.state(static_cast<GateId>(g)));
    s.tradeable = e.gates.tradeable();
}

void ChainTableModel::computeQuoteValues(SideData &s) const {
    const ChainEntry &e = *s.entry;
    s.setCached(cacheSlot(static_cast<int>(ChainField::Bid)), fieldValue(e, ChainField::Bid));
    s.setCached(cacheSlot(static_cast<int>(ChainField::Ask)), fieldValue(e, ChainField::Ask));
    if (e.contract.greeksSource != GreeksSource::Feed)
        for (ChainField f : {ChainField::ImpliedVol, ChainField::Delta, ChainField::Gamma,
                             ChainField::Theta, ChainField::Vega})
            s.setCached(cacheSlot(static_cast<int>(f)), fieldValue(e, f));
    s.setGateState(GateId::QuoteValid, e.gates.state(GateId::QuoteValid));
    s.setGateState(GateId::Spread, e.gates.state(GateId::Spread));
    s.tradeable = e.gates.tradeable();
}

void ChainTableModel::computeTradeValues(SideData &s) const {
    const ChainEntry &e = *s.entry;
    s.setCached(cacheSlot(static_cast<int>(ChainField::Last)), fieldValue(e, ChainField::Last));
    s.setCached(cacheSlot(static_cast<int>(ChainField::Volume)), fieldValue(e, ChainField::Volume));
    s.setGateState(GateId::Volume, e.gates.state(GateId::Volume));
    s.tradeable = e.gates.tradeable();
}

bool ChainTableModel::isPick(const ChainEntry &entry, const QSet<QString> &picks) {
    // Two picks at most: no string built for every contract.
    for (const QString &p : picks) {
        if (p.size() == static_cast<qsizetype>(entry.contract.symbol.size()) &&
            p == QLatin1String(entry.contract.symbol.data(),
                               static_cast<qsizetype>(entry.contract.symbol.size())))
            return true;
    }
    return false;
}

ChainTableModel::SideData ChainTableModel::makeSide(std::size_t i, double spot,
                                                    const QSet<QString> &picks) const {
    ChainEntry &e = (*m_entries)[i];
    SideData s;
    s.entry = &e;
    computeValues(s);
    s.itm = spot > 0.0 && isInTheMoney(e.contract.type, e.contract.strike, spot);
    s.pick = !picks.isEmpty() && isPick(e, picks);
    return s;
}

void ChainTableModel::buildRows(double spot, const QSet<QString> &picks, std::vector<Row> &rows,
                                std::vector<SideData> &sides, EntryScan &scan,
                                std::int32_t sideOffset) const {
    const std::vector<ChainEntry> &entries = *m_entries;
    rows.clear();
    sides.clear();
    sides.reserve(entries.size());
    ExpectedMovesBuilder moves;
    scan.symbolHashes.resize(entries.size());
    // What the steps after read from every entry, read in the pass that builds the rows.
    const auto scanEntry = [&scan, &moves](std::size_t i, const OptionContract &c) {
        scan.symbolHashes[i] = PositionIndex::hashOf(c.symbol);
        moves.add(c);
    };
    // Every order below is a stable one by an integer key read from the entries front to back
    // (not in the rows' order: a cache miss a contract on a large chain); linear, see radix_sort.h.
    const auto stableOrder = [](const std::vector<qint64> &keys) {
        std::vector<KeyedIndex> order(keys.size());
        if (keys.empty())
            return order;
        const auto [lo, hi] = std::minmax_element(keys.begin(), keys.end());
        // In unsigned arithmetic: no overflow whatever a hand-built contract's strike is.
        const auto offset = [lo = *lo](qint64 k) {
            return static_cast<std::uint64_t>(k) - static_cast<std::uint64_t>(lo);
        };
        if (offset(*hi) <= UINT32_MAX) {
            for (std::size_t i = 0; i < keys.size(); ++i)
                order[i] = {static_cast<std::uint32_t>(offset(keys[i])),
                            static_cast<std::uint32_t>(i)};
            std::vector<KeyedIndex> scratch;
            radixSortStable(order, scratch);
        } else { // strikes a 32-bit range cannot hold: compared instead
            for (std::size_t i = 0; i < keys.size(); ++i)
                order[i].index = static_cast<std::uint32_t>(i);
            std::stable_sort(order.begin(), order.end(), [&keys](KeyedIndex a, KeyedIndex b) {
                return keys[a.index] < keys[b.index];
            });
        }
        return order;
    };
    const auto word = [](std::string_view s, std::size_t from) {
        std::uint64_t w = 0;
        for (std::size_t k = from; k < from + 8; ++k)
            w = w << 8 | (k < s.size() ? static_cast<unsigned char>(s[k]) : 0u);
        return w;
    };
    std::vector<qint64> strikes(entries.size());
    if (m_layout == Layout::Flat) {
        // rowKey's order: strike, type, symbol. Ordered by (strike, type), ties stay in the
        // entries' order, which is the symbols' for a chain read from Alpaca (sorted by symbol)
        // and for any chain listed by expiry; a tie run that is not is sorted by symbol, its
        // first 16 bytes as two big-endian words so that a string is compared only past them.
        // One pass over the entries reads all of it and builds every side (a side a contract):
        // on a large chain each pass is a trip to memory.
        std::vector<qint64> keys(entries.size());
        std::vector<std::array<std::uint64_t, 2>> heads(entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const OptionContract &c = entries[i].contract;
            strikes[i] = strikeMilli(c.strike);
            // Clamped so that a hand-built contract's absurd strike cannot overflow the key.
            constexpr qint64 kKeyStrikeLimit = qint64{1} << 61;
            keys[i] =
                std::clamp(strikes[i], -kKeyStrikeLimit, kKeyStrikeLimit) * 2 + sideIndex(c.type);
            heads[i] = {word(c.symbol, 0), word(c.symbol, 8)};
            sides.push_back(makeSide(i, spot, picks));
            scanEntry(i, c);
        }
        scan.moves = std::move(moves).finish(spot);
        std::vector<KeyedIndex> order = stableOrder(keys);
        const auto symbolLess = [&entries, &heads](KeyedIndex a, KeyedIndex b) {
            if (heads[a.index] != heads[b.index])
                return heads[a.index] < heads[b.index];
            return std::string_view(entries[a.index].contract.symbol) <
                   std::string_view(entries[b.index].contract.symbol);
        };
        for (std::size_t begin = 0; begin < order.size();) {
            std::size_t end = begin + 1;
            while (end < order.size() && keys[order[end].index] == keys[order[begin].index])
                ++end;
            const auto first = order.begin() + static_cast<std::ptrdiff_t>(begin);
            const auto last = order.begin() + static_cast<std::ptrdiff_t>(end);
            if (end - begin > 1 && !std::is_sorted(first, last, symbolLess))
                std::sort(first, last, symbolLess);
            begin = end;
        }
        rows.resize(order.size());
        for (std::size_t k = 0; k < order.size(); ++k) {
            rows[k].strikeMilli = strikes[order[k].index];
            rows[k].sides[0] = sideOffset + static_cast<std::int32_t>(order[k].index);
        }
        return;
    }
    std::vector<std::uint8_t> types(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const OptionContract &c = entries[i].contract;
        strikes[i] = strikeMilli(c.strike);
        types[i] = static_cast<std::uint8_t>(sideIndex(c.type));
        scanEntry(i, c);
    }
    scan.moves = std::move(moves).finish(spot);
    const std::vector<KeyedIndex> sorted = stableOrder(strikes);
    std::size_t rowCount = 0;
    for (std::size_t k = 0; k < sorted.size(); ++k)
        rowCount += k == 0 || strikes[sorted[k].index] != strikes[sorted[k - 1].index];
    rows.reserve(rowCount);
    // First the entry shown on each side (an index into the entries), then its side data.
    for (const KeyedIndex &item : sorted) {
        const std::uint32_t i = item.index;
        if (rows.empty() || rows.back().strikeMilli != strikes[i])
            rows.emplace_back().strikeMilli = strikes[i];
        std::int32_t &slot = rows.back().sides[types[i]];
        // Two contracts of one type at one strike (an adjusted root such as SPY1): the standard
        // root wins the side-by-side cell; the flat list shows both.
        if (slot < 0) {
            slot = static_cast<std::int32_t>(i);
        } else {
            const OptionContract &c = entries[i].contract;
            const OptionContract &shown = entries[static_cast<std::size_t>(slot)].contract;
            if (shown.root != shown.underlying && c.root == c.underlying)
                slot = static_cast<std::int32_t>(i);
        }
    }
    // The sides of the contracts shown, in the entries' order (read front to back).
    std::vector<std::int32_t> sideOf(entries.size(), -1);
    for (const Row &r : rows)
        for (const std::int32_t slot : r.sides)
            if (slot >= 0)
                sideOf[static_cast<std::size_t>(slot)] = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (sideOf[i] < 0)
            continue;
        sideOf[i] = sideOffset + static_cast<std::int32_t>(sides.size());
        sides.push_back(makeSide(i, spot, picks));
    }
    for (Row &r : rows)
        for (std::int32_t &slot : r.sides)
            if (slot >= 0)
                slot = sideOf[static_cast<std::size_t>(slot)];
}

int ChainTableModel::boundaryRow(const std::vector<Row> &rows, double spot) const {
    if (spot <= 0.0 || rows.empty())
        return -1;
    const qint64 s = strikeMilli(spot);
    const auto it = std::lower_bound(rows.begin(), rows.end(), s,
                                     [](const Row &r, qint64 v) { return r.strikeMilli < v; });
    // Every strike below the price: the line goes under the last row.
    return static_cast<int>(it - rows.begin()) - 1;
}

void ChainTableModel::diffSide(int side, SideData *next, SideData *old, qint64 nowMs,
                               std::vector<char> &changed) const {
    const auto markAll = [&] {
        if (m_layout == Layout::Flat) {
            std::fill(changed.begin(), changed.end(), 1);
            return;
        }
        for (int f = 0; f < kFields; ++f)
            changed[static_cast<std::size_t>(
                columnOf(static_cast<ChainSide>(side), static_cast<ChainField>(f)))] = 1;
    };
    if ((next != nullptr) != (old != nullptr)) {
        markAll();
        return;
    }
    if (!next)
        return;
    next->flash = std::move(old->flash);
    for (int f = 0; f < kFields; ++f) {
        const auto a = old->value(f);
        const auto b = next->value(f);
        const bool valueChanged = !sameValue(a, b);
        if (valueChanged &&
            flashWorthy(
                next->entry->contract, static_cast<ChainField>(f),
                [old](ChainField g) { return old->value(static_cast<int>(g)); },
                [next](ChainField g) { return next->value(static_cast<int>(g)); })) {
            next->stamp(f, nowMs, (a && b) ? static_cast<qint8>((*b > *a) - (*b < *a)) : 0);
        }
        if (valueChanged || old->gate(f) != next->gate(f))
            changed[static_cast<std::size_t>(
                columnOf(m_layout == Layout::Flat ? ChainSide::None : static_cast<ChainSide>(side),
                         static_cast<ChainField>(f)))] = 1;
    }
    // A tradeable flip always comes with a gate cell change, which re-filters the row (and has
    // the passing filter repaint the side it dims: PassingFilterProxyModel).
    if (old->itm != next->itm || old->pick != next->pick) {
        markAll();
        if (m_layout == Layout::SideBySide)
            changed[static_cast<std::size_t>(strikeColumn())] = 1;
    }
}

void ChainTableModel::setChain(std::vector<ChainEntry> entries, double underlyingPrice,
                               const QSet<QString> &pickSymbols, qint64 nowMs) {
    // The rows shown read their keys in the old entries: they stay alive until the merge is done.
    const std::vector<ChainEntry> previous = std::exchange(m_owned, std::move(entries));
    showChain(m_owned, underlyingPrice, pickSymbols, nowMs);
}

void ChainTableModel::showChain(std::vector<ChainEntry> &entries, double underlyingPrice,
                                const QSet<QString> &pickSymbols, qint64 nowMs) {
    m_figuresAt = Timestamp{std::chrono::milliseconds{nowMs}};
    std::optional<RowKey> oldBoundary; // its key only (viewing the old entries, still alive)
    if (m_boundaryRow >= 0 && m_boundaryRow < static_cast<int>(m_rows.size()))
        oldBoundary = rowKey(m_rows[static_cast<std::size_t>(m_boundaryRow)]);
    m_entries = &entries;

    if (m_rows.empty()) {
        // A load into an empty model: nothing to diff, the rows are built in the buffers of the
        // rows a cleared model showed (already paged in) and swapped in whole. The same signals
        // as the merge below: rows inserted, no dataChanged.
        std::vector<Row> rows = std::move(m_rows);
        std::vector<SideData> sides = std::move(m_sides);
        EntryScan scan;
        buildRows(underlyingPrice, pickSymbols, rows, sides, scan);
        m_moves = std::move(scan.moves);
        m_picks = pickSymbols;
        m_spot = underlyingPrice;
        m_boundaryRow = boundaryRow(rows, underlyingPrice);
        m_sides = std::move(sides);
        if (!rows.empty()) {
            beginInsertRows({}, 0, static_cast<int>(rows.size()) - 1);
            m_rows = std::move(rows);
            endInsertRows();
        }
        indexSymbols(scan.symbolHashes);
        if (m_entries != &m_owned)
            m_owned = {};
        Q_EMIT chainApplied();
        return;
    }

    // The new sides go after the old ones in m_sides while the rows are merged (a row not merged
    // yet still reads its old side), and the old ones are dropped at the end.
    const auto offset = static_cast<std::int32_t>(m_sides.size());
    std::vector<Row> next;
    EntryScan scan;
    {
        std::vector<SideData> sides;
        buildRows(underlyingPrice, pickSymbols, next, sides, scan, offset);
        m_moves = std::move(scan.moves);
        m_sides.reserve(m_sides.size() + sides.size());
        std::move(sides.begin(), sides.end(), std::back_inserter(m_sides));
    }
    m_picks = pickSymbols;
    m_spot = underlyingPrice;

    // Removals, from the end so indexes stay valid; consecutive rows go in one signal. A new row
    // keeps one old row of its key: a contract listed twice (two rows, one key) and then once
    // loses a row, as the pass below pairs them in order.
    std::vector<int> removed;
    {
        std::size_t j = 0;
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            const RowKey old = rowKey(m_rows[i]);
            while (j < next.size() && rowKey(next[j]) < old)
                ++j;
            if (j < next.size() && rowKey(next[j]) == old)
                ++j; // paired
            else
                removed.push_back(static_cast<int>(i));
        }
    }
    // Until a row is merged below it still reads the previous entries, which the caller keeps
    // alive: a view asking meanwhile sees the old contract, never a freed or a wrong one.
    for (int k = static_cast<int>(removed.size()) - 1; k >= 0;) {
        const int last = removed[static_cast<std::size_t>(k)];
        int first = last;
        while (k > 0 && removed[static_cast<std::size_t>(k - 1)] == first - 1)
            first = removed[static_cast<std::size_t>(--k)];
        --k;
        beginRemoveRows({}, first, last);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
        endRemoveRows();
    }

    // One pass in order (m_rows is now an ordered subset of `next`): a kept row is diffed and
    // replaced, a run of new rows is moved in. Every row left of the pass has its final index,
    // so the boundary can be final from the start.
    m_boundaryRow = boundaryRow(next, underlyingPrice);
    std::vector<char> changed(static_cast<std::size_t>(columnCount()));
    std::size_t p = 0;
    for (std::size_t j = 0; j < next.size();) {
        if (p < m_rows.size() && rowKey(m_rows[p]) == rowKey(next[j])) {
            std::fill(changed.begin(), changed.end(), 0);
            Row &row = m_rows[p];
            const Row &fresh = next[j];
            for (int s = 0; s < 2; ++s)
                diffSide(s, side(fresh.sides[static_cast<std::size_t>(s)]),
                         side(row.sides[static_cast<std::size_t>(s)]), nowMs, changed);
            const int r = static_cast<int>(p);
            const bool wasBoundary = oldBoundary && rowKey(row) == *oldBoundary;
            if (wasBoundary != (r == m_boundaryRow))
                std::fill(changed.begin(), changed.end(), 1);
            row = fresh;
            emitChangedRuns(r, changed);
            ++p;
            ++j;
            continue;
        }
        std::size_t end = j;
        while (end < next.size() && !(p < m_rows.size() && rowKey(m_rows[p]) == rowKey(next[end])))
            ++end;
        const int first = static_cast<int>(p);
        const int count = static_cast<int>(end - j);
        // New rows need no dataChanged: rowsInserted tells the views.
        beginInsertRows({}, first, first + count - 1);
        m_rows.insert(m_rows.begin() + first, next.begin() + static_cast<std::ptrdiff_t>(j),
                      next.begin() + static_cast<std::ptrdiff_t>(end));
        endInsertRows();
        p += static_cast<std::size_t>(count);
        j = end;
    }
    // Every row reads a new side now: the old ones go.
    m_sides.erase(m_sides.begin(), m_sides.begin() + offset);
    for (Row &r : m_rows)
        for (std::int32_t &s : r.sides)
            if (s >= 0)
                s -= offset;
    if (m_figuresShown && !m_rows.empty()) {
        const int last = static_cast<int>(m_rows.size()) - 1;
        for (int c = 0; c < columnCount(); ++c) {
            const Column info = column(c);
            if (info.kind == Column::Kind::Field && isOptionalField(info.field))
                Q_EMIT dataChanged(index(0, c), index(last, c));
        }
    }
    indexSymbols(scan.symbolHashes);
    if (m_entries != &m_owned)
        m_owned = {}; // showing the owner's entries: no second copy kept (the rows read no more)
    Q_EMIT chainApplied();
}

void ChainTableModel::setPicks(const QSet<QString> &pickSymbols) {
    if (pickSymbols == m_picks)
        return;
    m_picks = pickSymbols;
    const bool flat = m_layout == Layout::Flat;
    std::vector<char> changed(static_cast<std::size_t>(columnCount()));
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        bool any = false;
        for (int s = 0; s < 2; ++s) {
            SideData *sd = side(m_rows[r].sides[static_cast<std::size_t>(s)]);
            if (!sd)
                continue;
            const bool pick = isPick(*sd->entry, m_picks);
            if (pick == sd->pick)
                continue;
            sd->pick = pick;
            if (!any)
                std::fill(changed.begin(), changed.end(), 0);
            any = true;
            // The mark colours the contract's whole side (and the strike between the sides).
            if (flat) {
                std::fill(changed.begin(), changed.end(), 1);
            } else {
                for (int f = 0; f < kFields; ++f)
                    changed[static_cast<std::size_t>(
                        columnOf(static_cast<ChainSide>(s), static_cast<ChainField>(f)))] = 1;
                changed[static_cast<std::size_t>(strikeColumn())] = 1;
            }
        }
        if (any)
            emitChangedRuns(static_cast<int>(r), changed);
    }
}

void ChainTableModel::emitChangedRuns(int row, const std::vector<char> &changed) {
    const int columns = static_cast<int>(changed.size());
    for (int c = 0; c < columns;) {
        if (!changed[static_cast<std::size_t>(c)]) {
            ++c;
            continue;
        }
        int end = c;
        while (end + 1 < columns && changed[static_cast<std::size_t>(end + 1)])
            ++end;
        Q_EMIT dataChanged(index(row, c), index(row, end));
        c = end + 1;
    }
}

template <typename Tick, std::size_t N, typename Apply, typename Recompute>
ChainTableModel::QuoteApplyStats
ChainTableModel::applyTicks(const std::vector<Tick> &ticks, const std::array<ChainField, N> &fields,
                            Apply apply, Recompute recompute, qint64 nowMs) {
    QuoteApplyStats stats;
    // Changed cells per row as a column bit mask (at most 35 columns), announced after the batch:
    // adjacent rows with the same changed columns share one dataChanged, still exact cells.
    static_assert(2 * kFields + 1 <= 64);
    std::vector<std::pair<int, std::uint64_t>> rowMasks;
    rowMasks.reserve(ticks.size());
    const bool flat = m_layout == Layout::Flat;
    for (const Tick &tick : ticks) {
        const auto found = findSymbol(tick.symbol);
        if (!found) {
            ++stats.unknown;
            continue;
        }
        if (tick.time > stats.newestQuote)
            stats.newestQuote = tick.time;
        ChainEntry &entry = m_indexed[*found];
        const QuoteTickEffect effect = apply(entry, tick);
        if (!effect.changed) {
            ++stats.unchanged;
            continue;
        }
        ++stats.applied;
        stats.tradeableChanged = stats.tradeableChanged || effect.tradeableChanged;
        const std::int32_t location = m_locations[*found];
        if (location < 0)
            continue; // kept in step, but not shown
        const int row = location / 2;
        const int sideOf = location % 2;
        SideData &side = m_sides[static_cast<std::size_t>(
            m_rows[static_cast<std::size_t>(row)]
                .sides[static_cast<std::size_t>(flat ? 0 : sideOf)])];
        // The tick's cells before and after, each read once; the contract's tick class looked
        // up once, at the first cell that moved (not once a cell).
        using Values = std::array<std::optional<double>, N>;
        Values oldValues;
        Values newValues;
        std::array<GateState, N> oldGates;
        for (std::size_t q = 0; q < N; ++q) {
            oldValues[q] = side.value(static_cast<int>(fields[q]));
            oldGates[q] = side.gate(static_cast<int>(fields[q]));
        }
        recompute(side);
        for (std::size_t q = 0; q < N; ++q)
            newValues[q] = side.value(static_cast<int>(fields[q]));
        const auto reader = [&fields](const Values &values) {
            return [&values, &fields](ChainField g) -> std::optional<double> {
                for (std::size_t q = 0; q < N; ++q)
                    if (fields[q] == g)
                        return values[q];
                return std::nullopt;
            };
        };
        std::optional<PennyTier> tier;
        std::uint64_t mask = 0;
        const auto cellSide = flat ? ChainSide::None : static_cast<ChainSide>(sideOf);
        for (std::size_t q = 0; q < N; ++q) {
            const int f = static_cast<int>(fields[q]);
            const auto &a = oldValues[q];
            const auto &b = newValues[q];
            const bool valueChanged = !sameValue(a, b);
            if (valueChanged && flashRule(fields[q]) != FlashRule::Never) {
                if (!tier)
                    tier = shippedTicks().tier(optionClass(entry.contract));
                if (flashWorthy(*tier, fields[q], reader(oldValues), reader(newValues)))
                    side.stamp(f, nowMs, (a && b) ? static_cast<qint8>((*b > *a) - (*b < *a)) : 0);
            }
            if (valueChanged || oldGates[q] != side.gate(f))
                mask |= std::uint64_t{1} << columnOf(cellSide, fields[q]);
        }
        if (mask)
            rowMasks.emplace_back(row, mask);
    }
    emitRowMasks(rowMasks, stats);
    return stats;
}

ChainTableModel::QuoteApplyStats
ChainTableModel::applyQuotes(const std::vector<OptionQuoteTick> &ticks,
                             const GateThresholds &thresholds, qint64 nowMs) {
    return applyTicks(
        ticks, kQuoteFields,
        [&thresholds, spot = m_spot](ChainEntry &e, const OptionQuoteTick &t) {
            return applyQuoteTick(e, t, thresholds, spot);
        },
        [this](SideData &side) { computeQuoteValues(side); }, nowMs);
}

ChainTableModel::QuoteApplyStats
ChainTableModel::applyTrades(const std::vector<OptionTradeTick> &ticks, qint64 nowMs) {
    return applyTicks(
        ticks, kTradeFields, applyTradeTick, [this](SideData &side) { computeTradeValues(side); },
        nowMs);
}

void ChainTableModel::emitRowMasks(std::vector<std::pair<int, std::uint64_t>> &rowMasks,
                                   QuoteApplyStats &stats) {
    std::sort(rowMasks.begin(), rowMasks.end());
    // One entry per row (a call and a put of one strike, or a symbol ticked twice).
    std::size_t n = 0;
    for (std::size_t i = 0; i < rowMasks.size(); ++i) {
        if (n > 0 && rowMasks[n - 1].first == rowMasks[i].first)
            rowMasks[n - 1].second |= rowMasks[i].second;
        else
            rowMasks[n++] = rowMasks[i];
    }
    rowMasks.resize(n);
    const int columns = columnCount();
    for (std::size_t i = 0; i < rowMasks.size();) {
        std::size_t j = i + 1;
        while (j < rowMasks.size() && rowMasks[j].first == rowMasks[j - 1].first + 1 &&
               rowMasks[j].second == rowMasks[i].second)
            ++j;
        const int top = rowMasks[i].first;
        const int bottom = rowMasks[j - 1].first;
        const std::uint64_t mask = rowMasks[i].second;
        for (int c = 0; c < columns;) {
            if (!(mask >> c & 1u)) {
                ++c;
                continue;
            }
            int end = c;
            while (end + 1 < columns && (mask >> (end + 1) & 1u))
                ++end;
            ++stats.ranges;
            stats.cells += (bottom - top + 1) * (end - c + 1);
            Q_EMIT dataChanged(index(top, c), index(bottom, end));
            c = end + 1;
        }
        i = j;
    }
}

ChainTableModel::Column ChainTableModel::column(int section) const {
    Column c;
    if (m_layout == Layout::Flat) {
        if (section == 0)
            c.kind = Column::Kind::Type;
        else if (section == 1)
            c.kind = Column::Kind::Strike;
        else
            c.field = static_cast<ChainField>(section - 2);
        return c;
    }
    if (section == kFields) {
        c.kind = Column::Kind::Strike;
    } else if (section < kFields) {
        c.side = ChainSide::Call;
        c.field = sideField(ChainSide::Call, kFields - 1 - section);
    } else {
        c.side = ChainSide::Put;
        c.field = sideField(ChainSide::Put, section - kFields - 1);
    }
    return c;
}

int ChainTableModel::columnOf(ChainSide side, ChainField field) const {
    const int f = static_cast<int>(field);
    if (m_layout == Layout::Flat)
        return 2 + f;
    if (side == ChainSide::Call)
        return kFields - 1 - sideDistance(side, field);
    if (side == ChainSide::Put)
        return kFields + 1 + sideDistance(side, field);
    return -1;
}

int ChainTableModel::strikeColumn() const {
    return m_layout == Layout::Flat ? 1 : kFields;
}

int ChainTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ChainTableModel::columnCount(const QModelIndex &parent) const {
    if (parent.isValid())
        return 0;
    return m_layout == Layout::Flat ? kFields + 2 : 2 * kFields + 1;
}

const ChainTableModel::SideData *ChainTableModel::sideAt(const Row &row, const Column &col) const {
    if (m_layout == Layout::Flat)
        return side(row.sides[0]);
    if (col.kind == Column::Kind::Strike) {
        if (const SideData *call = side(row.sides[0]))
            return call;
        return side(row.sides[1]);
    }
    return side(row.sides[col.side == ChainSide::Call ? 0 : 1]);
}

const ChainEntry *ChainTableModel::entryAt(const QModelIndex &index) const {
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size()))
        return nullptr;
    const SideData *s =
        sideAt(m_rows[static_cast<std::size_t>(index.row())], column(index.column()));
    return s ? s->entry : nullptr;
}

const ChainEntry *ChainTableModel::entryOf(std::string_view symbol) const {
    const auto found = findSymbol(symbol);
    return found ? &m_indexed[*found] : nullptr;
}

QModelIndex ChainTableModel::indexOfSymbol(const QString &symbol) const {
    const std::string key = symbol.toStdString();
    const auto found = findSymbol(key);
    if (!found)
        return {};
    const std::int32_t location = m_locations[*found];
    if (location < 0)
        return {};
    const ChainSide side =
        m_layout == Layout::Flat ? ChainSide::None : static_cast<ChainSide>(location % 2);
    return index(location / 2, columnOf(side, ChainField::Bid));
}

QVariant ChainTableModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size()))
        return {};
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    const Column col = column(index.column());
    const SideData *side = sideAt(row, col);
    const SideData *call = this->side(row.sides[0]);
    const SideData *put = this->side(row.sides[1]);
    const bool isField = col.kind == Column::Kind::Field;
    const int f = static_cast<int>(col.field);
    // Read from the contract when asked (rarely): no string kept per cell.
    const auto symbolOf = [](const SideData *s) {
        return QString::fromStdString(s->entry->contract.symbol);
    };

    switch (role) {
    case StrikeRole:
        return strikeOf(row);
    case AtmBoundaryRole:
        return index.row() == m_boundaryRow;
    case RowTradeableRole:
        return (call && call->tradeable) || (put && put->tradeable);
    case FieldRole:
        return isField ? f : -1;
    case GateFieldRole:
        return isField && isGateField(col.field);
    case ContractTradeableRole:
        // Side by side the strike belongs to both contracts: it has none of its own.
        if (!side || (m_layout == Layout::SideBySide && !isField))
            return {};
        return side->tradeable;
    case SideRole:
        if (m_layout == Layout::Flat)
            return rowKey(row).typeKey;
        return static_cast<int>(col.side);
    case PickRole:
        if (m_layout == Layout::SideBySide && col.kind == Column::Kind::Strike)
            return (call && call->pick) || (put && put->pick);
        return side && side->pick;
    case Qt::TextAlignmentRole:
        if (!isField)
            return col.kind == Column::Kind::Strike ? int(Qt::AlignCenter)
                                                    : int(Qt::AlignLeft | Qt::AlignVCenter);
        return isGateField(col.field) ? int(Qt::AlignCenter)
                                      : int(Qt::AlignRight | Qt::AlignVCenter);
    default:
        break;
    }

    if (col.kind == Column::Kind::Strike) {
        if (role == Qt::DisplayRole)
            return QLocale::c().toString(strikeOf(row), 'f', 2);
        if (role == RawValueRole)
            return strikeOf(row);
        if (role == ItmRole && m_layout == Layout::Flat)
            return side && side->itm;
        if (role == SymbolRole && side)
            return symbolOf(side);
        return {};
    }
    if (col.kind == Column::Kind::Type) {
        if (role == Qt::DisplayRole)
            return rowKey(row).typeKey == 0 ? tr("Call") : tr("Put");
        if (role == RawValueRole)
            return rowKey(row).typeKey;
        if (role == ItmRole)
            return side && side->itm;
        if (role == SymbolRole && side)
            return symbolOf(side);
        return {};
    }
    if (!side)
        return {};

    const auto gate = fieldGate(col.field);
    switch (role) {
    case Qt::DisplayRole:
        if (isGateField(col.field)) {
            switch (side->gate(f)) {
            case GateState::Pass:
                return QStringLiteral("\u2713");
            case GateState::Fail:
                return QStringLiteral("\u2717");
            case GateState::Unknown:
                return QStringLiteral("?");
            }
        }
        return fieldText(col.field, isOptionalField(col.field) ? fieldValue(*side->entry, col.field,
                                                                            figuresOf(*side->entry))
                                                               : side->value(f));
    case RawValueRole: {
        const auto v = isOptionalField(col.field)
                           ? fieldValue(*side->entry, col.field, figuresOf(*side->entry))
                           : side->value(f);
        return v ? QVariant(*v) : QVariant();
    }
    case GateStateRole:
        return gate ? QVariant(static_cast<int>(side->gate(f))) : QVariant();
    case Qt::ToolTipRole:
        // The sentence is written here, when asked: the chain keeps the verdicts only.
        if (gate)
            return QString::fromStdString(
                side->entry->gates.result(side->entry->contract, *gate).reason());
        if (isOptionalField(col.field))
            return fieldToolTip(*side->entry, figuresOf(*side->entry), col.field);
        // Greeks computed from the mid, or none: say which (display_format.h).
        if (isGreekField(col.field)) {
            const QString source = greeksSourceText(side->entry->contract);
            if (!source.isEmpty())
                return source;
        }
        return symbolOf(side);
    case Qt::FontRole:
        if (isGreekField(col.field) && greeksComputed(side->entry->contract)) {
            QFont italic;
            italic.setItalic(true);
            return italic;
        }
        return {};
    case ItmRole:
        return side->itm;
    case ChangedAtRole:
        return side->changedAt(f);
    case ChangeDirectionRole:
        return static_cast<int>(side->direction(f));
    case SymbolRole:
        return symbolOf(side);
    default:
        return {};
    }
}

QVariant ChainTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    const Column col = column(section);
    const bool isField = col.kind == Column::Kind::Field;
    switch (role) {
    case Qt::DisplayRole:
        if (col.kind == Column::Kind::Strike)
            return tr("Strike");
        if (col.kind == Column::Kind::Type)
            return tr("Type");
        return fieldTitle(col.field);
    case Qt::ToolTipRole: {
        const QString what =
            isField ? fieldDescription(col.field) : headerData(section, orientation).toString();
        if (col.side == ChainSide::Call)
            return tr("Calls: %1").arg(what);
        if (col.side == ChainSide::Put)
            return tr("Puts: %1").arg(what);
        return what;
    }
    case Qt::TextAlignmentRole:
        return isField && !isGateField(col.field) ? int(Qt::AlignRight | Qt::AlignVCenter)
                                                  : int(Qt::AlignCenter);
    case SideRole:
        return static_cast<int>(col.side);
    case FieldRole:
        return isField ? static_cast<int>(col.field) : -1;
    case GateFieldRole:
        return isField && isGateField(col.field);
    default:
        return QAbstractTableModel::headerData(section, orientation, role);
    }
}

} // namespace cg::models
