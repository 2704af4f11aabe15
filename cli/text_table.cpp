#include "cli/text_table.h"

#include <cmath>
#include <optional>

namespace cg::cli {

TextTable::TextTable(const QStringList &headers) {
    for (QString h : headers) {
        const bool right = h.endsWith(QLatin1Char('>'));
        if (right)
            h.chop(1);
        m_headers << h;
        m_right.push_back(right);
    }
}

void TextTable::addRow(const QStringList &cells) {
    m_rows.push_back(cells);
}

QString TextTable::toString() const {
    std::vector<qsizetype> width(static_cast<std::size_t>(m_headers.size()), 0);
    const auto measure = [&](const QStringList &row) {
        for (qsizetype i = 0; i < row.size() && i < m_headers.size(); ++i)
            width[static_cast<std::size_t>(i)] =
                std::max(width[static_cast<std::size_t>(i)], row[i].size());
    };
    measure(m_headers);
    for (const auto &r : m_rows)
        measure(r);
    const auto line = [&](const QStringList &row) -> QString {
        QString out;
        for (qsizetype i = 0; i < m_headers.size(); ++i) {
            const QString cell = row.value(i);
            const auto w = width[static_cast<std::size_t>(i)];
            if (i > 0)
                out += QStringLiteral("  ");
            const bool last = i + 1 == m_headers.size();
            if (m_right[static_cast<std::size_t>(i)])
                out += cell.rightJustified(w);
            else
                out += last ? cell : cell.leftJustified(w);
        }
        return out + QLatin1Char('\n');
    };
    QString out = line(m_headers);
    for (const auto &r : m_rows)
        out += line(r);
    return out;
}

QString fixedOrDash(const std::optional<double> &v, int decimals) {
    if (!v || !std::isfinite(*v))
        return QStringLiteral("-");
    return QString::number(*v, 'f', decimals);
}

} // namespace cg::cli
