// PositionIndex (domain/position_index.h), the symbol lookup of the open-interest merge and of the
// chain model: it agrees with a map at sizes that force long probe runs, and a probe that meets
// another key's slot reads that key only where the hashes agree.

#include "domain/position_index.h"

#include <QtTest>

#include <map>
#include <string>
#include <vector>

using cg::PositionIndex;

class TestPositionIndex : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Every key found at its first position, misses missed, duplicates resolved to the first one.
    void matchesAMap() {
        for (const int n : {0, 1, 7, 8, 9, 1000, 20000}) {
            std::vector<std::string> keys;
            for (int i = 0; i < n; ++i)
                keys.push_back("SPY261204C" + std::to_string(100000 + (i * 7) % (n | 1)));
            std::map<std::string, std::uint32_t> expected;
            for (std::size_t i = 0; i < keys.size(); ++i)
                expected.emplace(keys[i], static_cast<std::uint32_t>(i)); // the first stays
            PositionIndex index;
            const auto keyAt = [&keys](std::size_t i) { return std::string_view(keys[i]); };
            index.rebuild(keys.size(), keyAt);
            for (const auto &[key, i] : expected)
                QCOMPARE(index.find(key, keyAt), std::optional<std::uint32_t>(i));
            QCOMPARE(index.find("SPY261204P00100000", keyAt), std::nullopt);
            QCOMPARE(index.find("", keyAt), std::nullopt);
            index.clear();
            QCOMPARE(index.find(keys.empty() ? "x" : keys[0], keyAt), std::nullopt);
        }
    }

    // The keys read while 20,000 are indexed and all looked up once: about one a lookup (its own),
    // not one per slot probed.
    void probesReadOnlyKeysWithTheSameHash() {
        std::vector<std::string> keys;
        for (int i = 0; i < 20000; ++i)
            keys.push_back("SPY261204C" + std::to_string(100000 + i));
        std::size_t reads = 0;
        const auto keyAt = [&keys, &reads](std::size_t i) {
            ++reads;
            return std::string_view(keys[i]);
        };
        PositionIndex index;
        index.rebuild(keys.size(), keyAt);
        const std::size_t building = reads - keys.size(); // rebuild reads each key once
        reads = 0;
        for (const std::string &k : keys)
            QVERIFY(index.find(k, keyAt).has_value());
        QCOMPARE(building, std::size_t{0});
        QCOMPARE(reads, keys.size());
    }

    // The batched lookup (a block of 16 hashed and prefetched first) finds what find finds, in
    // order, misses left out, for counts on and off a block's edge.
    void findEachAgreesWithFind() {
        std::vector<std::string> keys;
        for (int i = 0; i < 5000; ++i)
            keys.push_back("SPY261204P" + std::to_string(100000 + (i * 13) % 4001));
        const auto keyAt = [&keys](std::size_t i) { return std::string_view(keys[i]); };
        PositionIndex index;
        index.rebuild(keys.size(), keyAt);
        for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{16},
                                    std::size_t{17}, std::size_t{1000}}) {
            std::vector<std::string> wanted;
            for (std::size_t j = 0; j < n; ++j)
                wanted.push_back(j % 5 == 4 ? "SPY261204C" + std::to_string(j) // not indexed
                                            : keys[(j * 37) % keys.size()]);
            std::vector<std::pair<std::size_t, std::uint32_t>> got;
            index.findEach(
                wanted.size(), [&wanted](std::size_t j) { return std::string_view(wanted[j]); },
                keyAt, [&got](std::size_t j, std::uint32_t at) { got.emplace_back(j, at); });
            std::vector<std::pair<std::size_t, std::uint32_t>> expected;
            for (std::size_t j = 0; j < wanted.size(); ++j)
                if (const auto at = index.find(wanted[j], keyAt))
                    expected.emplace_back(j, *at);
            QCOMPARE(got, expected);
            QCOMPARE(expected.size(), n - n / 5);
        }
    }
};

QTEST_APPLESS_MAIN(TestPositionIndex)
#include "tst_position_index.moc"
