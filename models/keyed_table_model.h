#pragma once
// A table of value rows identified by a key (an order id, a symbol, an execution id). Replacing
// the rows removes and inserts only the rows whose key left or arrived and emits dataChanged for
// the changed cells only (one range per run of adjacent changed columns), so views keep their
// selection and scroll position while the broker is polled. A change of the survivors' order
// falls back to a model reset.

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QString>

#include <vector>

namespace cg::models {

// The raw value of a cell (numbers as double, times as qint64 ms): sorting and change detection.
inline constexpr int kValueRole = Qt::UserRole + 40;

template <class Row> class KeyedTableModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override {
        return parent.isValid() ? 0 : columns();
    }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override {
        if (!index.isValid() || index.row() >= rowCount() || index.column() >= columns())
            return {};
        return cell(m_rows[static_cast<size_t>(index.row())], index.column(), role);
    }

    const std::vector<Row> &rows() const { return m_rows; }
    const Row *rowAt(int row) const {
        return row >= 0 && row < rowCount() ? &m_rows[static_cast<size_t>(row)] : nullptr;
    }
    int rowOfKey(const QString &key) const {
        for (size_t i = 0; i < m_rows.size(); ++i) {
            if (keyOf(m_rows[i]) == key)
                return static_cast<int>(i);
        }
        return -1;
    }

protected:
    virtual int columns() const = 0;
    virtual QString keyOf(const Row &row) const = 0;
    virtual QVariant cell(const Row &row, int column, int role) const = 0;

    // Two rows show the same cell when their display text, raw value and colour agree.
    bool sameCell(const Row &a, const Row &b, int column) const {
        for (int role :
             {int(Qt::DisplayRole), kValueRole, int(Qt::ForegroundRole), int(Qt::ToolTipRole)}) {
            if (cell(a, column, role) != cell(b, column, role))
                return false;
        }
        return true;
    }

    void applyRows(std::vector<Row> next) {
        QSet<QString> nextKeys;
        for (const Row &r : next)
            nextKeys.insert(keyOf(r));
        if (nextKeys.size() != static_cast<qsizetype>(next.size())) { // duplicate keys
            resetRows(std::move(next));
            return;
        }
        // 1. Rows whose key left, bottom-up in contiguous runs.
        for (int i = rowCount() - 1; i >= 0;) {
            if (nextKeys.contains(keyOf(m_rows[static_cast<size_t>(i)]))) {
                --i;
                continue;
            }
            int first = i;
            while (first > 0 && !nextKeys.contains(keyOf(m_rows[static_cast<size_t>(first - 1)])))
                --first;
            beginRemoveRows({}, first, i);
            m_rows.erase(m_rows.begin() + first, m_rows.begin() + i + 1);
            endRemoveRows();
            i = first - 1;
        }
        // 2. The survivors must keep their relative order; otherwise start over.
        QHash<QString, int> survivorAt;
        for (size_t i = 0; i < m_rows.size(); ++i)
            survivorAt.insert(keyOf(m_rows[i]), static_cast<int>(i));
        int expected = 0;
        for (const Row &r : next) {
            const auto it = survivorAt.constFind(keyOf(r));
            if (it == survivorAt.constEnd())
                continue;
            if (*it != expected) {
                resetRows(std::move(next));
                return;
            }
            ++expected;
        }
        // 3. Arrivals, in contiguous runs, where they belong.
        for (size_t i = 0; i < next.size();) {
            if (survivorAt.contains(keyOf(next[i]))) {
                ++i;
                continue;
            }
            size_t end = i;
            while (end < next.size() && !survivorAt.contains(keyOf(next[end])))
                ++end;
            beginInsertRows({}, static_cast<int>(i), static_cast<int>(end - 1));
            m_rows.insert(m_rows.begin() + static_cast<std::ptrdiff_t>(i), next.begin() + i,
                          next.begin() + end);
            endInsertRows();
            i = end;
        }
        // 4. Changed cells of the rows that stayed.
        for (size_t i = 0; i < next.size(); ++i) {
            std::swap(m_rows[i], next[i]); // m_rows[i] is new, next[i] the old value
            const int row = static_cast<int>(i);
            for (int c = 0; c < columns();) {
                if (sameCell(m_rows[i], next[i], c)) {
                    ++c;
                    continue;
                }
                int last = c;
                while (last + 1 < columns() && !sameCell(m_rows[i], next[i], last + 1))
                    ++last;
                Q_EMIT dataChanged(index(row, c), index(row, last));
                c = last + 1;
            }
        }
    }

    void resetRows(std::vector<Row> next) {
        beginResetModel();
        m_rows = std::move(next);
        endResetModel();
    }

    std::vector<Row> m_rows;
};

} // namespace cg::models
