// PositionIndex (domain/position_index.h), the symbol lookup of the open-interest merge and of the
// chain model: it agrees with a map at sizes that force long probe runs, and a probe that meets
// another key's slot reads that key only where the hashes agree.

#include "domain/position_index.h"

#include <QtTest>

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

using cg::PositionIndex;

class TestPositionIndex : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The key compare in words agrees with operator== for every length and every byte changed.
    void sameKeyAgreesWithEquality() {
        for (std::size_t n = 0; n <= 40; ++n) {
            std::string a(n, 'x');
            for (std::size_t i = 0; i < n; ++i)
                a[i] = static_cast<char>('A' + (i * 7) % 26);
            QVERIFY(PositionIndex::sameKey(a, a));
            QVERIFY(!PositionIndex::sameKey(a, a + "Z"));
            for (std::size_t i = 0; i < n; ++i) {
                std::string b = a;
                b[i] = static_cast<char>(b[i] ^ 0x01);
                QVERIFY2(!PositionIndex::sameKey(a, b),
                         qPrintable(QStringLiteral("length %1, byte %2").arg(n).arg(i)));
            }
        }
    }
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
            // Built from hashes worked out before: the same positions.
            std::vector<std::size_t> hashes;
            for (const std::string &k : keys)
                hashes.push_back(PositionIndex::hashOf(k));
            index.rebuildHashed(hashes, keyAt);
            for (const auto &[key, i] : expected)
                QCOMPARE(index.find(key, keyAt), std::optional<std::uint32_t>(i));
            QCOMPARE(index.find("SPY261204P00100000", keyAt), std::nullopt);
        }
    }

    // Built from the hashes, the index reads a key only where two keys' hash bits agree: none
    // of 20,000 distinct symbols, and a repeated key (read to find it equal) keeps its first
    // position.
    void rebuildFromHashesReadsNoKey() {
        std::vector<std::string> keys;
        for (int i = 0; i < 20000; ++i)
            keys.push_back("SPY261204C" + std::to_string(100000 + i));
        keys.push_back(keys[5]);
        std::vector<std::size_t> hashes;
        for (const std::string &k : keys)
            hashes.push_back(PositionIndex::hashOf(k));
        std::size_t reads = 0;
        const auto keyAt = [&keys, &reads](std::size_t i) {
            ++reads;
            return std::string_view(keys[i]);
        };
        PositionIndex index;
        index.rebuildHashed(hashes, keyAt);
        QCOMPARE(reads, std::size_t{2}); // the repeat and its first
        reads = 0;
        QCOMPARE(index.find(keys[5], keyAt), std::optional<std::uint32_t>(5));
        QCOMPARE(index.find(keys[19999], keyAt), std::optional<std::uint32_t>(19999));
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

    // The hash spreads a chain's symbols (they differ in a few bytes: strike, type, date) over
    // both the slot bits (low) and the tag bits (high) about as a random function would: no two
    // of 100,000 share a hash, and each end's 16 bits take nearly the distinct values random
    // ones would (51,300 expected of 65,536). Every byte of a symbol counts.
    void hashSpreadsOptionSymbols() {
        std::vector<std::string> symbols;
        const char *roots[] = {"SPY", "AAPL", "SPXW", "QQQ", "F"};
        for (const char *root : roots)
            for (int day = 1; day <= 10; ++day)
                for (const char type : {'C', 'P'})
                    for (int strike = 0; strike < 1000; ++strike) {
                        char symbol[32];
                        std::snprintf(symbol, sizeof symbol, "%s2612%02d%c%08d", root, day, type,
                                      (100 + strike) * 500);
                        symbols.emplace_back(symbol);
                    }
        QCOMPARE(symbols.size(), std::size_t{100000});
        std::set<std::size_t> hashes, low, high;
        for (const std::string &s : symbols) {
            const std::size_t h = PositionIndex::hashOf(s);
            hashes.insert(h);
            low.insert(h & 0xffff);
            high.insert(h >> 48);
        }
        QCOMPARE(hashes.size(), symbols.size());
        QVERIFY2(low.size() > 49000, std::to_string(low.size()).c_str());
        QVERIFY2(high.size() > 49000, std::to_string(high.size()).c_str());
        for (std::size_t i = 0; i < 21; ++i) { // one byte changed anywhere changes the hash
            std::string other = "SPY261204C00600000XYZ";
            const std::size_t h = PositionIndex::hashOf(other);
            other[i] ^= 1;
            QVERIFY(PositionIndex::hashOf(other) != h);
        }
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
