// What an entry template (app/alpaca/entry_template.h) keeps of two entries, and how it matches
// the runs of a later one.

#include "alpaca/entry_template.h"
#include "alpaca/simd_width.h"

#include <QtTest>

#include <random>
#include <string>
#include <vector>

using namespace cg::alpaca;

namespace {

// A template run as templateRunMatches defines it, a byte at a time.
bool runMatchesByteByByte(const char *p, const char *end, const char *bytes, const char *mask,
                          std::size_t length) {
    if (static_cast<std::size_t>(end - p) < (length + 31) / 32 * 32)
        return false;
    for (std::size_t k = 0; k < length; ++k) {
        const auto ch = static_cast<unsigned char>(p[k]);
        if (mask[k] == 0 ? p[k] != bytes[k] : ch == '"' || ch == '\\' || ch < 0x20 || ch >= 0x80)
            return false;
    }
    return true;
}

// Each value of a flat object (no nesting, no whitespace, no quote in a string) as a span.
std::vector<ValueSpan> valuesOf(std::string_view entry) {
    std::vector<ValueSpan> out;
    bool inString = false;
    std::uint32_t begin = 0;
    for (std::uint32_t i = 0; i < entry.size(); ++i) {
        const char ch = entry[i];
        if (ch == '"') {
            inString = !inString;
        } else if (!inString && ch == ':') {
            begin = i + 1;
        } else if (!inString && (ch == ',' || ch == '}') && begin != 0) {
            out.push_back({begin, i});
            begin = 0;
        }
    }
    return out;
}

} // namespace

class TestEntryTemplate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Two entries: the values of the same length stay in the runs (strings' content loose, other
    // values as they are), the others cut them; a value the caller reads stays in a run only
    // where it is fixed there.
    void keepsWhatRepeatsAndCutsTheRest() {
        const std::string a = R"({"id":"a1","n":"short","t":true,"oi":"12","x":7,"m":"100"})";
        const std::string b = R"({"id":"b2","n":"longer!","t":true,"oi":"345","x":8,"m":"100"})";
        //                        id fixed  n cut       t fixed oi cut     x cut m fixed
        const std::vector<bool> read{false, false, true, true, false, true};
        EntryTemplate t;
        QVERIFY(t.build(a, valuesOf(a), b, valuesOf(b), read));
        QVERIFY(t.ready());
        std::vector<std::string> shape;
        for (const EntryTemplate::Piece &p : t.pieces())
            shape.push_back(p.run ? "run:" + std::string(t.bytes() + p.at, p.length)
                                  : "value:" + std::to_string(p.keyIndex));
        const std::vector<std::string> expected{
            R"(run:{"id":"b2","n":)", "value:1", R"(run:,"t":true,"oi":)", "value:3",
            R"(run:,"x":)",           "value:4", R"(run:,"m":"100"})"};
        QCOMPARE(shape, expected);
        // The id's content is loose, its quotes and key are not.
        const EntryTemplate::Piece &first = t.pieces()[0];
        const std::string loose(t.mutableMask() + first.at, first.length);
        std::string expectedLoose(15, '\0'); // {"id":"b2","n":
        expectedLoose[7] = expectedLoose[8] = '\xff';
        QCOMPARE(loose, expectedLoose);
        // The reads in runs: t (a literal) and m (a string), where they stand in their runs.
        QCOMPARE(t.reads().size(), std::size_t(2));
        QCOMPARE(t.reads()[0].keyIndex, 2u);
        QVERIFY(!t.reads()[0].quoted);
        QCOMPARE(
            std::string(t.bytes() + t.pieces()[2].at + t.reads()[0].offset, t.reads()[0].length),
            std::string("true"));
        QCOMPARE(t.reads()[1].keyIndex, 5u);
        QVERIFY(t.reads()[1].quoted);
        QCOMPARE(
            std::string(t.bytes() + t.pieces()[6].at + t.reads()[1].offset, t.reads()[1].length),
            std::string("\"100\""));
        t.clear();
        QVERIFY(!t.ready());
        QVERIFY(t.reads().empty());
    }

    // Entries that do not line up give no template.
    void refusesEntriesThatDoNotLineUp() {
        const std::string a = R"({"k":"1","l":"2"})";
        const std::string b = R"({"k":"3","l":"4"})";
        const std::vector<bool> two{false, false};
        EntryTemplate t;
        QVERIFY(t.build(a, valuesOf(a), b, valuesOf(b), two));
        const std::string shorter = R"({"k":"3"})";
        QVERIFY(!t.build(a, valuesOf(a), shorter, valuesOf(shorter), two));
        QVERIFY(!t.ready());
        const std::string spaced = R"( {"k":"3","l":"4"})";
        QVERIFY(!t.build(a, valuesOf(a), spaced, valuesOf(b), two));
        const std::vector<ValueSpan> beyond{{5, 8}, {13, 99}};
        QVERIFY(!t.build(a, valuesOf(a), b, beyond, two));
        QVERIFY(!t.build(a, valuesOf(a), b, valuesOf(b), std::vector<bool>{false}));
    }

    // A run is matched as its definition says, byte by byte: with
    // 16-byte steps and, where the CPU has AVX2, 32-byte steps; on random runs and texts that
    // differ from them in a fixed byte, or hold a quote, a backslash, a control character or a
    // byte above 0x7f in a string's content, at every place, and with too little page left.
    void templateRunsMatchByteByByte() {
        std::mt19937 rng(20261207);
        // A template's fixed bytes include quotes (a key's, a string's); its strings' content
        // does not.
        const char fixed[] = {'"', '"', '"', 'a', ':', ',', '{', '}', '\\', '\x01'};
        const char fill[] = {'a', 'Z', '0', '9', ':', ',', '{', '}', '-', ' ', '\x7f', '~'};
        const char stops[] = {'"', '\\', '\x01', '\x1f', '\x80', '\xff', '\0'};
        int matched = 0, refused = 0;
        for (int round = 0; round < 20000; ++round) {
            const std::size_t length = 1 + rng() % 100;
            std::string bytes(length + kTemplatePadding, '\0');
            std::string mask(length + kTemplatePadding, '\0');
            for (std::size_t i = 0; i < length; ++i) {
                mask[i] = rng() % 3 == 0 ? '\xff' : '\0';
                bytes[i] = mask[i] != 0 || rng() % 2 ? fill[rng() % sizeof fill]
                                                     : fixed[rng() % sizeof fixed];
            }
            // The page: the run (strings' content changed), then what follows it.
            std::string page = bytes.substr(0, length);
            for (std::size_t i = 0; i < length; ++i)
                if (mask[i] != 0)
                    page[i] = fill[rng() % sizeof fill];
            switch (rng() % 4) {
            case 0: { // a byte changed anywhere
                const std::size_t at = rng() % length;
                page[at] = rng() % 2 ? stops[rng() % sizeof stops] : fill[rng() % sizeof fill];
                break;
            }
            case 1: // a stop in a string's content, where there is one
                for (std::size_t i = 0; i < length; ++i)
                    if (mask[i] != 0 && rng() % 4 == 0) {
                        page[i] = stops[rng() % sizeof stops];
                        break;
                    }
                break;
            default: // as the template
                break;
            }
            page.append(rng() % 50, '"'); // what follows is never looked at
            const char *const p = page.data();
            const char *const end = p + page.size();
            const bool expected = runMatchesByteByByte(p, end, bytes.data(), mask.data(), length);
            (expected ? matched : refused) += 1;
            QCOMPARE(detail::templateRunMatchesSse2(p, end, bytes.data(), mask.data(), length),
                     expected);
            if (detail::cpuHasAvx2())
                QCOMPARE(detail::templateRunMatchesAvx2(p, end, bytes.data(), mask.data(), length),
                         expected);
            QCOMPARE(templateRunMatches(p, end, bytes.data(), mask.data(), length), expected);
        }
        // Both answers were given often.
        QVERIFY2(matched > 3000 && refused > 3000,
                 qPrintable(QStringLiteral("%1 matched, %2 refused").arg(matched).arg(refused)));
    }
};

QTEST_APPLESS_MAIN(TestEntryTemplate)
#include "tst_entry_template.moc"
