#include "models/chain_table_model.h"

#include "domain/strike_selection.h"
#include "models/quote_tick_apply.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

namespace cg::models {

namespace {

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

GateState gateState(const GateResult &g) {
    if (g.pass)
        return GateState::Pass;
    // Failed because the input is missing ("open interest unknown"): still a fail, shown as such.
    if (!g.value && g.threshold)
        return GateState::Unknown;
    return GateState::Fail;
}

int sideIndex(OptionType t) {
    return t == OptionType::Call ? 0 : 1;
}

} // namespace

bool ChainTableModel::Row::sameKey(const Row &o) const {
    return strikeMilli == o.strikeMilli && typeKey == o.typeKey && symbol == o.symbol;
}

bool ChainTableModel::Row::keyLess(const Row &o) const {
    return std::tie(strikeMilli, typeKey, symbol) < std::tie(o.strikeMilli, o.typeKey, o.symbol);
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
    m_entries.clear();
    m_picks.clear();
    m_rows.clear();
    m_spot = 0.0;
    m_boundaryRow = -1;
    m_locations.clear();
    endResetModel();
}

void ChainTableModel::rebuild() {
    m_rows = buildRows(m_entries, m_spot, m_picks);
    m_boundaryRow = boundaryRow(m_rows, m_spot);
    indexSymbols();
}

void ChainTableModel::indexSymbols() {
    m_locations.clear();
    m_locations.reserve(m_entries.size());
    for (std::size_t i = 0; i < m_entries.size(); ++i)
        m_locations.emplace(m_entries[i].contract.symbol, Location{i, -1, 0});
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        for (int s = 0; s < 2; ++s) {
            const auto &side = m_rows[r].sides[static_cast<std::size_t>(s)];
            if (!side)
                continue;
            Location &loc = m_locations[m_entries[side->entryIndex].contract.symbol];
            loc.entry = side->entryIndex;
            loc.row = static_cast<int>(r);
            loc.side = s;
        }
    }
}

void ChainTableModel::computeValues(SideData &s) {
    const ChainEntry &e = *s.entry;
    for (int f = 0; f < kFields; ++f) {
        const auto field = static_cast<ChainField>(f);
        s.values[f] = fieldValue(e, field);
        const auto gate = fieldGate(field);
        s.gates[f] = gate ? gateState(e.gates[*gate]) : GateState::Unknown;
    }
    s.tradeable = e.gates.tradeable();
}

ChainTableModel::SideData ChainTableModel::makeSide(const std::vector<ChainEntry> &entries,
                                                    std::size_t i, double spot,
                                                    const QSet<QString> &picks) {
    const ChainEntry &e = entries[i];
    SideData s;
    s.entry = &e;
    s.entryIndex = i;
    s.symbol = QString::fromStdString(e.contract.symbol);
    computeValues(s);
    s.itm = spot > 0.0 && isInTheMoney(e.contract.type, e.contract.strike, spot);
    s.pick = !picks.isEmpty() && picks.contains(s.symbol);
    return s;
}

std::vector<ChainTableModel::Row> ChainTableModel::buildRows(const std::vector<ChainEntry> &entries,
                                                             double spot,
                                                             const QSet<QString> &picks) const {
    std::vector<Row> rows;
    rows.reserve(entries.size());
    if (m_layout == Layout::Flat) {
        // Sorted by key first, then built in place: a Row is large, its key small.
        struct Key {
            qint64 strikeMilli;
            int typeKey;
            std::string_view symbol;
            std::size_t index;
        };
        std::vector<Key> keys;
        keys.reserve(entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const OptionContract &c = entries[i].contract;
            keys.push_back({strikeMilli(c.strike), sideIndex(c.type), c.symbol, i});
        }
        std::sort(keys.begin(), keys.end(), [](const Key &a, const Key &b) {
            return std::tie(a.strikeMilli, a.typeKey, a.symbol) <
                   std::tie(b.strikeMilli, b.typeKey, b.symbol);
        });
        rows.resize(keys.size());
        for (std::size_t k = 0; k < keys.size(); ++k) {
            Row &r = rows[k];
            r.strike = entries[keys[k].index].contract.strike;
            r.strikeMilli = keys[k].strikeMilli;
            r.typeKey = keys[k].typeKey;
            r.symbol = keys[k].symbol;
            r.sides[0] = makeSide(entries, keys[k].index, spot, picks);
        }
        return rows;
    }
    std::vector<const ChainEntry *> sorted;
    sorted.reserve(entries.size());
    for (const ChainEntry &e : entries)
        sorted.push_back(&e);
    std::stable_sort(sorted.begin(), sorted.end(), [](const ChainEntry *a, const ChainEntry *b) {
        return strikeMilli(a->contract.strike) < strikeMilli(b->contract.strike);
    });
    for (const ChainEntry *e : sorted) {
        const qint64 k = strikeMilli(e->contract.strike);
        if (rows.empty() || rows.back().strikeMilli != k) {
            Row r;
            r.strike = e->contract.strike;
            r.strikeMilli = k;
            rows.push_back(std::move(r));
        }
        auto &slot = rows.back().sides[sideIndex(e->contract.type)];
        // Two contracts of one type at one strike (an adjusted root such as SPY1): the standard
        // root wins the side-by-side cell; the flat list shows both.
        if (!slot || (slot->entry->contract.root != slot->entry->contract.underlying &&
                      e->contract.root == e->contract.underlying))
            slot = makeSide(entries, static_cast<std::size_t>(e - entries.data()), spot, picks);
    }
    return rows;
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

void ChainTableModel::applyStructure(std::vector<Row> &next) {
    // Removals, from the end so indexes stay valid; consecutive rows go in one signal.
    std::vector<int> removed;
    {
        std::size_t j = 0;
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            while (j < next.size() && next[j].keyLess(m_rows[i]))
                ++j;
            if (j >= next.size() || !next[j].sameKey(m_rows[i]))
                removed.push_back(static_cast<int>(i));
        }
    }
    for (int k = static_cast<int>(removed.size()) - 1; k >= 0;) {
        const int last = removed[k];
        int first = last;
        while (k > 0 && removed[k - 1] == first - 1)
            first = removed[--k];
        --k;
        beginRemoveRows({}, first, last);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
        endRemoveRows();
    }
    // Insertions: m_rows is now an ordered subset of `next`.
    std::size_t p = 0;
    for (std::size_t j = 0; j < next.size();) {
        if (p < m_rows.size() && m_rows[p].sameKey(next[j])) {
            ++p;
            ++j;
            continue;
        }
        std::size_t end = j;
        while (end < next.size() && !(p < m_rows.size() && m_rows[p].sameKey(next[end])))
            ++end;
        const int first = static_cast<int>(p);
        const int count = static_cast<int>(end - j);
        beginInsertRows({}, first, first + count - 1);
        // Copied, not moved: the diff below still reads `next` (a row copy is cheap: the entry
        // is a pointer and the symbol shared).
        m_rows.insert(m_rows.begin() + first, next.begin() + static_cast<std::ptrdiff_t>(j),
                      next.begin() + static_cast<std::ptrdiff_t>(end));
        endInsertRows();
        p += static_cast<std::size_t>(count);
        j = end;
    }
}

void ChainTableModel::diffSide(int side, std::optional<SideData> &next,
                               const std::optional<SideData> &old, qint64 nowMs,
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
    if (next.has_value() != old.has_value()) {
        markAll();
        return;
    }
    if (!next)
        return;
    for (int f = 0; f < kFields; ++f) {
        const auto &a = old->values[f];
        const auto &b = next->values[f];
        next->changedAt[f] = old->changedAt[f];
        next->direction[f] = old->direction[f];
        const bool valueChanged = !sameValue(a, b);
        if (valueChanged) {
            next->changedAt[f] = nowMs;
            next->direction[f] = (a && b) ? static_cast<qint8>((*b > *a) - (*b < *a)) : 0;
        }
        if (valueChanged || old->gates[f] != next->gates[f])
            changed[static_cast<std::size_t>(
                columnOf(m_layout == Layout::Flat ? ChainSide::None : static_cast<ChainSide>(side),
                         static_cast<ChainField>(f)))] = 1;
    }
    // A tradeable flip always comes with a gate cell change, which re-filters the row.
    if (old->itm != next->itm || old->pick != next->pick) {
        markAll();
        if (m_layout == Layout::SideBySide)
            changed[static_cast<std::size_t>(strikeColumn())] = 1;
    }
}

void ChainTableModel::setChain(std::vector<ChainEntry> entries, double underlyingPrice,
                               const QSet<QString> &pickSymbols, qint64 nowMs) {
    // Shown rows point into the entries: the old ones stay alive until every row is replaced.
    const std::vector<ChainEntry> previous = std::exchange(m_entries, std::move(entries));
    std::vector<Row> next = buildRows(m_entries, underlyingPrice, pickSymbols);
    m_picks = pickSymbols;
    m_spot = underlyingPrice;

    std::optional<Row> oldBoundary;
    if (m_boundaryRow >= 0 && m_boundaryRow < static_cast<int>(m_rows.size()))
        oldBoundary = m_rows[static_cast<std::size_t>(m_boundaryRow)];
    m_boundaryRow = -1; // stale while rows move; set again below
    applyStructure(next);

    int oldBoundaryIndex = -1;
    if (oldBoundary) {
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            if (m_rows[i].sameKey(*oldBoundary)) {
                oldBoundaryIndex = static_cast<int>(i);
                break;
            }
        }
    }
    m_boundaryRow = boundaryRow(next, underlyingPrice);

    const int columns = columnCount();
    std::vector<char> changed(static_cast<std::size_t>(columns));
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        std::fill(changed.begin(), changed.end(), 0);
        Row &row = m_rows[i];
        Row &fresh = next[i];
        for (int s = 0; s < 2; ++s)
            diffSide(s, fresh.sides[static_cast<std::size_t>(s)],
                     row.sides[static_cast<std::size_t>(s)], nowMs, changed);
        const int r = static_cast<int>(i);
        if ((r == oldBoundaryIndex) != (r == m_boundaryRow))
            std::fill(changed.begin(), changed.end(), 1);
        row = std::move(fresh);
        emitChangedRuns(r, changed, nullptr);
    }
    indexSymbols();
    Q_EMIT chainApplied();
}

void ChainTableModel::emitChangedRuns(int row, const std::vector<char> &changed,
                                      QuoteApplyStats *stats) {
    const int columns = static_cast<int>(changed.size());
    for (int c = 0; c < columns;) {
        if (!changed[static_cast<std::size_t>(c)]) {
            ++c;
            continue;
        }
        int end = c;
        while (end + 1 < columns && changed[static_cast<std::size_t>(end + 1)])
            ++end;
        if (stats) {
            ++stats->ranges;
            stats->cells += end - c + 1;
        }
        Q_EMIT dataChanged(index(row, c), index(row, end));
        c = end + 1;
    }
}

ChainTableModel::QuoteApplyStats
ChainTableModel::applyQuotes(const std::vector<OptionQuoteTick> &ticks,
                             const GateThresholds &thresholds, qint64 nowMs) {
    QuoteApplyStats stats;
    // Changed cells per row as a column bit mask (at most 35 columns), announced after the batch:
    // adjacent rows with the same changed columns share one dataChanged, still exact cells.
    static_assert(2 * kFields + 1 <= 64);
    std::vector<std::pair<int, std::uint64_t>> rowMasks;
    rowMasks.reserve(ticks.size());
    const bool flat = m_layout == Layout::Flat;
    for (const OptionQuoteTick &tick : ticks) {
        const auto it = m_locations.find(tick.symbol);
        if (it == m_locations.end()) {
            ++stats.unknown;
            continue;
        }
        const Location &loc = it->second;
        const QuoteTickEffect effect = applyQuoteTick(m_entries[loc.entry], tick, thresholds);
        if (!effect.changed) {
            ++stats.unchanged;
            continue;
        }
        ++stats.applied;
        stats.tradeableChanged = stats.tradeableChanged || effect.tradeableChanged;
        if (loc.row < 0)
            continue; // kept in step, but not shown
        SideData &side = *m_rows[static_cast<std::size_t>(loc.row)]
                              .sides[static_cast<std::size_t>(flat ? 0 : loc.side)];
        const auto oldValues = side.values;
        const auto oldGates = side.gates;
        computeValues(side);
        std::uint64_t mask = 0;
        const auto cellSide = flat ? ChainSide::None : static_cast<ChainSide>(loc.side);
        for (int f = 0; f < kFields; ++f) {
            const auto &a = oldValues[f];
            const auto &b = side.values[f];
            const bool valueChanged = !sameValue(a, b);
            if (valueChanged) {
                side.changedAt[f] = nowMs;
                side.direction[f] = (a && b) ? static_cast<qint8>((*b > *a) - (*b < *a)) : 0;
            }
            if (valueChanged || oldGates[f] != side.gates[f])
                mask |= std::uint64_t{1} << columnOf(cellSide, static_cast<ChainField>(f));
        }
        if (mask)
            rowMasks.emplace_back(loc.row, mask);
    }
    emitRowMasks(rowMasks, stats);
    return stats;
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
        c.field = static_cast<ChainField>(kFields - 1 - section);
    } else {
        c.side = ChainSide::Put;
        c.field = static_cast<ChainField>(section - kFields - 1);
    }
    return c;
}

int ChainTableModel::columnOf(ChainSide side, ChainField field) const {
    const int f = static_cast<int>(field);
    if (m_layout == Layout::Flat)
        return 2 + f;
    if (side == ChainSide::Call)
        return kFields - 1 - f;
    if (side == ChainSide::Put)
        return kFields + 1 + f;
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
        return row.sides[0] ? &*row.sides[0] : nullptr;
    if (col.kind == Column::Kind::Strike) {
        if (row.sides[0])
            return &*row.sides[0];
        return row.sides[1] ? &*row.sides[1] : nullptr;
    }
    const auto &s = row.sides[col.side == ChainSide::Call ? 0 : 1];
    return s ? &*s : nullptr;
}

const ChainEntry *ChainTableModel::entryAt(const QModelIndex &index) const {
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size()))
        return nullptr;
    const SideData *s =
        sideAt(m_rows[static_cast<std::size_t>(index.row())], column(index.column()));
    return s ? s->entry : nullptr;
}

QModelIndex ChainTableModel::indexOfSymbol(const QString &symbol) const {
    const std::string key = symbol.toStdString();
    const auto it = m_locations.find(key);
    if (it == m_locations.end() || it->second.row < 0)
        return {};
    const ChainSide side =
        m_layout == Layout::Flat ? ChainSide::None : static_cast<ChainSide>(it->second.side);
    return index(it->second.row, columnOf(side, ChainField::Bid));
}

QVariant ChainTableModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size()))
        return {};
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    const Column col = column(index.column());
    const SideData *side = sideAt(row, col);
    const bool isField = col.kind == Column::Kind::Field;
    const int f = static_cast<int>(col.field);

    switch (role) {
    case StrikeRole:
        return row.strike;
    case AtmBoundaryRole:
        return index.row() == m_boundaryRow;
    case RowTradeableRole:
        return (row.sides[0] && row.sides[0]->tradeable) ||
               (row.sides[1] && row.sides[1]->tradeable);
    case FieldRole:
        return isField ? f : -1;
    case GateFieldRole:
        return isField && isGateField(col.field);
    case SideRole:
        if (m_layout == Layout::Flat)
            return row.typeKey;
        return static_cast<int>(col.side);
    case PickRole:
        if (m_layout == Layout::SideBySide && col.kind == Column::Kind::Strike)
            return (row.sides[0] && row.sides[0]->pick) || (row.sides[1] && row.sides[1]->pick);
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
            return QLocale::c().toString(row.strike, 'f', 2);
        if (role == RawValueRole)
            return row.strike;
        if (role == ItmRole && m_layout == Layout::Flat)
            return side && side->itm;
        if (role == SymbolRole && side)
            return side->symbol;
        return {};
    }
    if (col.kind == Column::Kind::Type) {
        if (role == Qt::DisplayRole)
            return row.typeKey == 0 ? tr("Call") : tr("Put");
        if (role == RawValueRole)
            return row.typeKey;
        if (role == ItmRole)
            return side && side->itm;
        if (role == SymbolRole && side)
            return side->symbol;
        return {};
    }
    if (!side)
        return {};

    const auto gate = fieldGate(col.field);
    switch (role) {
    case Qt::DisplayRole:
        if (isGateField(col.field)) {
            switch (side->gates[f]) {
            case GateState::Pass:
                return QStringLiteral("\u2713");
            case GateState::Fail:
                return QStringLiteral("\u2717");
            case GateState::Unknown:
                return QStringLiteral("?");
            }
        }
        return fieldText(col.field, side->values[f]);
    case RawValueRole:
        return side->values[f] ? QVariant(*side->values[f]) : QVariant();
    case GateStateRole:
        return gate ? QVariant(static_cast<int>(side->gates[f])) : QVariant();
    case Qt::ToolTipRole:
        if (gate)
            return QString::fromStdString(side->entry->gates[*gate].reason());
        return side->symbol;
    case ItmRole:
        return side->itm;
    case ChangedAtRole:
        return side->changedAt[f];
    case ChangeDirectionRole:
        return static_cast<int>(side->direction[f]);
    case SymbolRole:
        return side->symbol;
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
