// The chain model's linear sort against std::stable_sort: the same order, equal keys in their
// first order, for every key width from one pass to three.

#include "models/radix_sort.h"

#include <QTest>

#include <algorithm>
#include <random>

using namespace cg::models;

class TestRadixSort : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sortsLikeAStableSort_data() {
        QTest::addColumn<int>("count");
        QTest::addColumn<quint32>("maxKey");
        QTest::newRow("empty") << 0 << 10u;
        QTest::newRow("one") << 1 << 10u;
        QTest::newRow("all equal") << 500 << 0u;
        QTest::newRow("one pass, many ties") << 5000 << 40u;
        QTest::newRow("two passes (strikes x2 + type)") << 20000 << 1'300'000u;
        QTest::newRow("three passes") << 20000 << 0xffffffffu;
    }
    void sortsLikeAStableSort() {
        QFETCH(int, count);
        QFETCH(quint32, maxKey);
        std::mt19937 rng(static_cast<unsigned>(count) ^ maxKey);
        std::vector<KeyedIndex> items(static_cast<std::size_t>(count));
        for (std::size_t i = 0; i < items.size(); ++i)
            items[i] = {maxKey == 0 ? 0u : static_cast<std::uint32_t>(rng() % (maxKey + 1ull)),
                        static_cast<std::uint32_t>(i)};
        std::vector<KeyedIndex> want = items;
        std::stable_sort(want.begin(), want.end(),
                         [](KeyedIndex a, KeyedIndex b) { return a.key < b.key; });
        std::vector<KeyedIndex> scratch;
        radixSortStable(items, scratch);
        QCOMPARE(items.size(), want.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
            QCOMPARE(items[i].key, want[i].key);
            QCOMPARE(items[i].index, want[i].index); // ties in their first order
        }
        // The buffer is reusable: a second sort of sorted input changes nothing.
        radixSortStable(items, scratch);
        for (std::size_t i = 0; i < items.size(); ++i)
            QCOMPARE(items[i].index, want[i].index);
    }
};

QTEST_APPLESS_MAIN(TestRadixSort)
#include "tst_radix_sort.moc"
