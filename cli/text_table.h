#pragma once
// Aligned plain-text tables for the human output of chaingate-cli (numbers right-aligned).

#include <QString>
#include <QStringList>

#include <optional>

#include <vector>

namespace cg::cli {

class TextTable {
public:
    // A header ending in '>' (e.g. "BID>") is right-aligned; the '>' is not shown.
    explicit TextTable(const QStringList &headers);
    void addRow(const QStringList &cells);
    QString toString() const;
    bool isEmpty() const { return m_rows.empty(); }

private:
    QStringList m_headers;
    std::vector<bool> m_right;
    std::vector<QStringList> m_rows;
};

// "1,234.50" style is locale-dependent; these are not: 1234.5 -> "1234.50", nullopt -> "-".
QString fixedOrDash(const std::optional<double> &v, int decimals);

} // namespace cg::cli
