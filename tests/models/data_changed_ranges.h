#pragma once
// The dataChanged signals a model emitted, as (top,left)-(bottom,right) rectangles QCOMPARE
// compares and prints: the chain model's tests check that an update repaints exactly its cells.

#include <QByteArray>
#include <QModelIndex>
#include <QSignalSpy>
#include <QTest>

#include <vector>

namespace cg::test {

struct Range {
    int top, left, bottom, right;
    bool operator==(const Range &) const = default;
    auto operator<=>(const Range &) const = default;
};

// One Range per dataChanged the spy caught, in order.
inline std::vector<Range> ranges(const QSignalSpy &spy) {
    std::vector<Range> out;
    for (const auto &args : spy) {
        const auto tl = args.at(0).value<QModelIndex>();
        const auto br = args.at(1).value<QModelIndex>();
        out.push_back({tl.row(), tl.column(), br.row(), br.column()});
    }
    return out;
}

} // namespace cg::test

namespace QTest {
template <> inline char *toString(const std::vector<cg::test::Range> &v) {
    QByteArray s;
    for (const auto &r : v)
        s += QByteArray("(") + QByteArray::number(r.top) + "," + QByteArray::number(r.left) +
             ")-(" + QByteArray::number(r.bottom) + "," + QByteArray::number(r.right) + ") ";
    return qstrdup(s.constData());
}
} // namespace QTest
