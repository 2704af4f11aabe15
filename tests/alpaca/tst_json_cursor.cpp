// The JSON cursor the bulk pages are read with (app/alpaca/json_cursor.h): what it takes, what it
// leaves to the DOM parser (fails), and numbers converted as std::from_chars rounds them.

#include "alpaca/json_cursor.h"
#include "alpaca/simd_width.h"

#include <QtTest>

#if defined(__GLIBC__) && (defined(__x86_64__) || defined(__i386__))
#include <fpu_control.h>
#endif

#include <charconv>
#include <cstring>
#include <string>
#include <vector>

using cg::alpaca::JsonCursor;
using cg::alpaca::JsonNumber;

namespace {

// The whole text is one value the cursor passes over, and nothing follows it.
bool skipsWholeOnce(const QByteArray &json) {
    JsonCursor c(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
    return c.skipValue() && c.atEnd() && !c.failed();
}

// The same with the cursor's 16-byte steps and, where the CPU has AVX2, its 32-byte steps: Takes
// or Refuses where both answer the same, Differs otherwise.
enum class Skipped { Refuses, Takes, Differs };
Skipped skipsWhole(const QByteArray &json) {
    bool narrow = false, wide = false;
    {
        const cg::alpaca::detail::Avx2Setting steps(false);
        narrow = skipsWholeOnce(json);
    }
    {
        const cg::alpaca::detail::Avx2Setting steps(true);
        wide = skipsWholeOnce(json);
    }
    if (narrow != wide)
        return Skipped::Differs;
    return narrow ? Skipped::Takes : Skipped::Refuses;
}

} // namespace

class TestJsonCursor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void takes_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("object") << QByteArray("{\"a\":1,\"b\":[true,false,null],\"c\":\"x\"}");
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("empty array") << QByteArray("[]");
        QTest::newRow("nested") << QByteArray("[[[{\"a\":[{}]}]]]");
        QTest::newRow("brackets in strings") << QByteArray("{\"a\":\"}]\",\"b\":[\"{[\"]}");
        QTest::newRow("long strings")
            << QByteArray("[\"" + QByteArray(100, 'x') + "\",\"" + QByteArray(33, 'y') + "\"]");
        QTest::newRow("numbers") << QByteArray("[0,-0,1.5,-2.25e-3,1E+9,123456789012345678901]");
        QTest::newRow("string") << QByteArray("\"abc\"");
        QTest::newRow("spaces around scalars") << QByteArray(" 12 ");
        // Quotes and brackets at every place of a 16- and a 32-byte step.
        for (int at = 0; at < 40; ++at)
            QTest::addRow("nested at offset %d", at) << QByteArray(
                "{\"k\":\"" + QByteArray(at, 'x') + "\",\"n\":[{\"m\":\"}\"},\"]\"]," +
                "\"o\":{\"p\":[" + QByteArray(at, '1') + "]}}");
        // A newline after the value, at every place of a step: the value ends before it, so
        // both widths take it (a page's last line ends so).
        for (int at = 0; at < 40; ++at)
            QTest::addRow("newline %d bytes after the value", at) << QByteArray(
                "{\"a\":[1,{\"b\":\"c\"}]}" + QByteArray(at, ' ') + "\n" + QByteArray(14, ' '));
    }
    void takes() {
        QFETCH(QByteArray, json);
        QCOMPARE(skipsWhole(json), Skipped::Takes);
    }

    // Not JSON, or JSON the cursor leaves to the DOM parser: it fails, never reads past the end.
    void failsOn_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("mismatched brackets") << QByteArray("{\"a\":[1}]");
        QTest::newRow("mismatched brackets, long")
            << QByteArray("{\"a\":\"" + QByteArray(40, 'x') + "\",\"b\":[1}]");
        QTest::newRow("unclosed object") << QByteArray("{\"a\":1");
        QTest::newRow("unclosed string") << QByteArray("{\"a\":\"" + QByteArray(40, 'x'));
        QTest::newRow("too deep") << QByteArray(JsonCursor::kMaxDepth + 1, '[') +
                                         QByteArray(JsonCursor::kMaxDepth + 1, ']');
        QTest::newRow("escape") << QByteArray("\"a\\nb\"");
        QTest::newRow("escape in a nested string") << QByteArray("[\"a\\\"]\"]");
        QTest::newRow("control character") << QByteArray("\"a\x01\"");
        QTest::newRow("non-ascii") << QByteArray("\"\xc3\xa9\"");
        QTest::newRow("non-ascii in a nested string") << QByteArray("[\"\xc3\xa9\"]");
        QTest::newRow("newline inside a nested value") << QByteArray("[1,\n2]");
        QTest::newRow("short literal") << QByteArray("nul");
        QTest::newRow("wrong literal") << QByteArray("nulx");
        QTest::newRow("trailing garbage") << QByteArray("{} x");
        QTest::newRow("empty") << QByteArray("");
        for (int at = 0; at < 40; ++at) {
            const QByteArray pad(at, 'x');
            QTest::addRow("escape at offset %d", at)
                << QByteArray("{\"k\":\"" + pad + "\\n\",\"n\":[1,2,3,4,5,6,7,8,9,10,11,12]}");
            QTest::addRow("control character at offset %d", at)
                << QByteArray("{\"k\":\"" + pad + "\x1f\",\"n\":[1,2,3,4,5,6,7,8,9,10,11,12]}");
            QTest::addRow("mismatched bracket at offset %d", at)
                << QByteArray("{\"k\":\"" + pad + "\",\"n\":[1,2,3,4,5,6,7,8,9,10,11,12}}");
        }
    }
    void failsOn() {
        QFETCH(QByteArray, json);
        QCOMPARE(skipsWhole(json), Skipped::Refuses);
    }

    // A number read (number()) follows JSON's grammar; one passed over (skipValue) is checked for
    // structure only, as every value the readers do not read.
    void readsOnlyJsonNumbers_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("leading zero") << QByteArray("01");
        QTest::newRow("bare point") << QByteArray("1.");
        QTest::newRow("point first") << QByteArray(".5");
        QTest::newRow("bare exponent") << QByteArray("1e");
        QTest::newRow("exponent sign alone") << QByteArray("1e+");
        QTest::newRow("minus alone") << QByteArray("-");
        QTest::newRow("plus") << QByteArray("+1");
        QTest::newRow("two points") << QByteArray("1.2.3");
    }
    void readsOnlyJsonNumbers() {
        QFETCH(QByteArray, json);
        JsonCursor c(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
        JsonNumber n;
        QVERIFY(!(c.number(n) && c.atEnd()));
        QCOMPARE(skipsWhole(json), Skipped::Takes);
    }

    // An object's keys in order; the last `field` consumes the closing brace.
    void walksAnObject() {
        const std::string_view json = R"({"a":1,"bb":"x","c":{"d":[1,2]},"e":null})";
        JsonCursor c(json);
        QVERIFY(c.consume('{'));
        bool first = true;
        std::string_view key;
        std::string keys;
        while (c.field(first, key)) {
            keys += std::string(key) + ";";
            QVERIFY(c.skipValue());
        }
        QVERIFY(!c.failed());
        QCOMPARE(keys, std::string("a;bb;c;e;"));
        QVERIFY(c.atEnd());
    }

    // skipRest passes over what is left of the object the cursor is in.
    void skipsTheRestOfAnObject() {
        // Not a raw string: moc misreads brackets inside one.
        const std::string_view json = "{\"p\":1.5,\"x\":{\"y\":[1,\"}\"]},\"z\":2},\"next\"";
        JsonCursor c(json);
        QVERIFY(c.consume('{'));
        bool first = true;
        std::string_view key;
        QVERIFY(c.field(first, key));
        QCOMPARE(key, std::string_view("p"));
        JsonNumber n;
        QVERIFY(c.number(n));
        QVERIFY(c.skipRest());
        QVERIFY(c.consume(','));
        std::string_view next;
        QVERIFY(c.string(next));
        QCOMPARE(next, std::string_view("next"));
    }

    // Every number as std::from_chars reads it (simdjson rounds the same way): the fast path
    // (an exact mantissa over an exact power of ten) and the long one.
    void numbersRoundAsFromChars_data() {
        QTest::addColumn<QByteArray>("text");
        for (const char *t :
             {"0", "-0.0", "1", "132.21", "0.05", "0.0287493500000000", "0.9999962733607158",
              "-0.3781835000000000", "0.010515010903989475", "9007199254740993",
              "123456789012345678", "0.1", "0.3", "2.5E-1", "1e22", "1e23",
              "4.9406564584124654e-324", "1.7976931348623157e308",
              "0.33333333333333333333333333333333333333333333333333333333333333333331",
              "12345678901234567890123", "1.2000000000000000000000000001", "99999999.99999999",
              "9007199254740992", "0.9007199254740993", "1234567890123456789", "-132.21",
              "0.0000000000000000000001", "0.00000000000000000000001",
              // 17 to 19 digits beyond 2^53, some exactly halfway between two doubles
              "4503599627370496.5", "-4503599627370496.5", "4503599627370496.49",
              "4503599627370496.51", "2251799813685248.25", "1152921504606847104",
              "18014398509481985", "0.9999999999999999444888487687421729788184165954589843750",
              "0.99999999999999994448"}) {
            QTest::newRow(t) << QByteArray(t);
        }
    }
    void numbersRoundAsFromChars() {
        QFETCH(QByteArray, text);
        const std::string_view s(text.constData(), static_cast<std::size_t>(text.size()));
        JsonCursor c(s);
        JsonNumber n;
        QVERIFY(c.number(n));
        QVERIFY(c.atEnd());
        double got = 0;
        QVERIFY(cg::alpaca::toDouble(n, got));
        double want = 0;
        std::from_chars(s.data(), s.data() + s.size(), want);
        QCOMPARE(std::memcmp(&got, &want, sizeof got), 0); // bit for bit, the sign of zero too
        // readDouble, the one-pass reading, gives the same; an integer beyond 64 bits is the DOM
        // parser's to refuse.
        JsonCursor again(s);
        double once = 0;
        if (cg::alpaca::beyondSixtyFourBits(n)) {
            QVERIFY(!again.readDouble(once));
            return;
        }
        QVERIFY(again.readDouble(once));
        QVERIFY(again.atEnd());
        QCOMPARE(std::memcmp(&once, &want, sizeof once), 0);
    }

    // Mantissas of 17 to 19 digits (beyond Clinger's 2^53: a greek's digits) over every power of
    // ten a page may write: 300,000 drawn at random, and read as from_chars reads them, bit for
    // bit (the x87 quotient and its halfway check, json_cursor.h wideQuotient).
    void wideMantissasRoundAsFromChars() {
        std::uint64_t state = 20261206;
        const auto next = [&state] {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            return state;
        };
        for (int i = 0; i < 300000; ++i) {
            const int digits = 16 + static_cast<int>(next() % 4); // 16 to 19
            std::string text = std::to_string(1 + next() % 9);
            while (static_cast<int>(text.size()) < digits)
                text += static_cast<char>('0' + next() % 10);
            const int fraction = static_cast<int>(next() % 23);
            if (fraction >= digits)
                text = "0." + std::string(static_cast<std::size_t>(fraction - digits), '0') + text;
            else if (fraction > 0)
                text.insert(text.size() - static_cast<std::size_t>(fraction), ".");
            if (next() % 2)
                text = "-" + text;
            double want = 0;
            std::from_chars(text.data(), text.data() + text.size(), want);
            JsonCursor c(text);
            double got = 0;
            JsonNumber n;
            if (JsonCursor(text).number(n) && cg::alpaca::beyondSixtyFourBits(n)) {
                QVERIFY2(!c.readDouble(got), text.c_str()); // simdjson refuses it
                continue;
            }
            QVERIFY2(c.readDouble(got) && c.atEnd(), text.c_str());
            QVERIFY2(std::memcmp(&got, &want, sizeof got) == 0, text.c_str());
        }
        // A quotient exactly halfway between two doubles is left to the long way.
        double d = 0;
        QVERIFY(!cg::alpaca::wideQuotient(45035996273704965u, 1, d)); // 2^52 + 0.5
        if (cg::alpaca::x87KeepsSixtyFourBits()) { // not under valgrind, not off x86
            QVERIFY(cg::alpaca::wideQuotient(45035996273704966u, 1, d));
            QCOMPARE(d, 4503599627370497.0); // 2^52 + 0.6 rounds to 2^52 + 1
        }
    }

    // The x87 quotient is used only where the unit keeps 64 bits: set to round to 53 (as -mpc64
    // or another library may set it), the check says so.
    void wideQuotientNeedsSixtyFourBits() {
#if defined(__GLIBC__) && (defined(__x86_64__) || defined(__i386__)) && __LDBL_MANT_DIG__ == 64
        fpu_control_t saved = 0;
        _FPU_GETCW(saved);
        const fpu_control_t doublePrecision = (saved & ~_FPU_EXTENDED) | _FPU_DOUBLE;
        _FPU_SETCW(doublePrecision);
        const bool keeps = cg::alpaca::x87KeepsSixtyFourBits();
        _FPU_SETCW(saved);
        QVERIFY(!keeps);
#else
        QVERIFY(!cg::alpaca::x87KeepsSixtyFourBits());
#endif
    }

    // Counts written as digits only are read in one pass; anything else is left, unconsumed, to
    // the long way.
    void readsDigitsOnly() {
        const std::pair<std::string_view, std::int64_t> taken[] = {
            {"0", 0}, {"7", 7}, {"123456789012345678", 123456789012345678}};
        for (const auto &[text, value] : taken) {
            JsonCursor c(text);
            std::int64_t i = -1;
            QVERIFY(c.readDigitsOnly(i));
            QCOMPARE(i, value);
            QVERIFY(c.atEnd());
        }
        for (const std::string_view text :
             {"-1", "01", "1.5", "1e3", "1E3", "1234567890123456789", "x", ""}) {
            JsonCursor c(text);
            std::int64_t i = -1;
            QVERIFY(!c.readDigitsOnly(i));
            QVERIFY(!c.failed());
            QCOMPARE(c.peek(), text.empty() ? '\0' : text.front()); // nothing consumed
        }
    }

    // The exact bytes a reader expects: consumed where they are there, near the end of the text
    // too (the whole-word compares need 24 bytes ahead); otherwise nothing consumed, no failure.
    void takesLiterals() {
        const std::string tail(40, ' ');
        for (const std::string &text :
             {std::string(",\"impliedVolatility\":0.5"), ",\"impliedVolatility\":0.5" + tail}) {
            JsonCursor c(text);
            QVERIFY(!c.take<",\"impliedVolatility\";">()); // one byte differs, the last
            QVERIFY(!c.take<",\"impliedVolatilitx\":">());
            QVERIFY(!c.take<"\"impliedVolatility\":">());
            QVERIFY(!c.failed());
            QVERIFY(c.take<",\"impliedVolatility\":">());
            QVERIFY(c.take<"0">());
            QVERIFY(!c.take<".50">()); // one byte more than the number has
            QVERIFY(c.take<".5">());
        }
        JsonCursor empty("");
        QVERIFY(!empty.take<"}">());
        QVERIFY(!empty.failed());
    }

    // A number passed over as skipValue passes one: its characters, whatever they make; only a
    // value that starts as a number is taken.
    void skipsNumbersAsSkipValue() {
        for (const std::string_view text :
             {"0", "-12.5", "132.21", "1e-7", "1.2.3", "123456789012345678901234", "9-"}) {
            const std::string page = std::string(text) + ",";
            JsonCursor taken(page), skipped(page);
            QVERIFY(taken.takeNumberSkipped());
            QVERIFY(skipped.skipValue());
            QCOMPARE(taken.peek(), ',');
            QCOMPARE(skipped.peek(), ',');
        }
        for (const std::string_view text : {"", ".5", "+1", "e3", "\"1\"", "null", " 1"}) {
            JsonCursor c(text);
            QVERIFY(!c.takeNumberSkipped());
            QVERIFY(!c.failed());
        }
    }

    // A flat object (a bar) passed over to the same place as skipValue passes it, at both step
    // widths; anything it does not take (a '}' in a string, a nested value, a byte skipValue may
    // refuse, an object running past the page's last whole step) is left to skipValue, nothing
    // consumed and the cursor not failed.
    void skipsFlatObjectsAsSkipValue() {
        const std::string bar = "{\"c\":1.23,\"h\":1.3,\"l\":1.1,\"n\":12,\"o\":1.2,"
                                "\"t\":\"2026-01-02T05:00:00Z\",\"v\":1234,\"vw\":1.215}";
        const std::string tail = ",\"prevDailyBar\":null}                                        ";
        struct Case {
            std::string object;
            bool taken;
        };
        const std::vector<Case> cases{
            {bar, true},
            {"{}", true},
            {"{\"a\":\"x\"}", true},
            {"{\"a\":\"}\",\"b\":1}", false},                   // its first '}' is in a string
            {"{\"a\":{\"b\":1}}", false},                       // nested
            {"{\"a\":[1,2]}", false},                           // an array
            {"{\"a\":\"\\u0041\"}", false},                     // an escape
            {"{\"a\":\"\xc3\xa9\"}", false},                    // a byte above 0x7f
            {"{\"a\":\"x\ty\"}", false},                        // a control character
            {"{\"a\":\"" + std::string(70, 'x') + "\"}", true}, // over several steps
            {"{\"a\":\"" + std::string(70, '}') + "\"}", false},
        };
        for (const bool wide : {false, true}) {
            const cg::alpaca::detail::Avx2Setting steps(wide);
            for (const Case &k : cases) {
                const std::string page = k.object + tail;
                JsonCursor flat(page), skipped(page);
                QVERIFY2(flat.skipFlatObject() == k.taken, k.object.c_str());
                QVERIFY(!flat.failed());
                if (k.taken) {
                    QVERIFY(skipped.skipValue());
                    QCOMPARE(flat.mark(), skipped.mark());
                } else {
                    QCOMPARE(flat.mark(), page.data()); // nothing consumed
                }
            }
            // Not an object, and an object whose end lies past the last whole step.
            for (const std::string_view text : {std::string_view("[1]"), std::string_view("null"),
                                                std::string_view("{\"a\":1}")}) {
                JsonCursor c(text);
                QVERIFY(!c.skipFlatObject());
                QVERIFY(!c.failed());
                QCOMPARE(c.mark(), text.data());
            }
        }
    }

    // A one-character code ("C") passed over in place; anything string() would not pass over the
    // same way is left to it, unconsumed.
    void takesOneCharacterStrings() {
        for (const std::string_view text : {"\"C\",", "\" \",", "\"~\","}) {
            JsonCursor c(text);
            QVERIFY(c.takeOneCharString());
            QCOMPARE(c.peek(), ',');
        }
        for (const std::string_view text :
             {"\"\",", "\"CC\"", "\"\\\"", "\"\x01\"", "\"\xc3\"", "C", "\"C", "null"}) {
            JsonCursor c(text);
            QVERIFY2(!c.takeOneCharString(), text.data());
            QVERIFY(!c.failed());
            QCOMPARE(c.peek(), text.front());
        }
    }

    // A string read with a guess of its length: the same string, the same end and the same
    // failures as string(), whether the guess is right or wrong, for strings of every length to
    // past the 48 bytes the guess covers, with a quote, a backslash or a control byte anywhere;
    // a wrong guess becomes the length found.
    void readsStringsOfALikelyLength() {
        const std::string pad(64, ' ');
        for (std::size_t length = 0; length <= 52; ++length) {
            for (const char stop : {'\0', '\\', '\n', '"', '\xc3'}) {
                for (std::size_t at = 0; at <= length; at += (length > 8 ? 7 : 1)) {
                    std::string body(length, 'x');
                    if (stop != '\0' && at < length)
                        body[at] = stop;
                    for (const std::string &tail : {std::string(","), "," + pad}) {
                        const std::string text = "\"" + body + "\"" + tail;
                        for (const std::uint32_t guess :
                             {std::uint32_t{0}, static_cast<std::uint32_t>(length),
                              static_cast<std::uint32_t>(at), std::uint32_t{47}}) {
                            JsonCursor plain(text), guessed(text);
                            std::string_view a, b;
                            std::uint32_t likely = guess;
                            const bool readPlain = plain.string(a);
                            const bool readGuessed = guessed.stringOfLikelyLength(b, likely);
                            QCOMPARE(readGuessed, readPlain);
                            QCOMPARE(guessed.failed(), plain.failed());
                            if (readPlain) {
                                QCOMPARE(b, a);
                                QCOMPARE(guessed.peek(), plain.peek());
                                if (guess < 48 && b.size() < 48 && tail.size() > 1) // looked ahead
                                    QCOMPARE(likely, static_cast<std::uint32_t>(b.size()));
                            }
                        }
                    }
                }
            }
        }
    }

    // -0 written as an integer and numbers out of range are left to the DOM parser.
    void readDoubleLeavesSomeNumbersToTheDomParser() {
        // simdjson refuses integers beyond 64 bits (a page with one is its to refuse).
        for (const std::string_view s :
             {"-0", "1e400", "-1e400", "-9223372036854775809", "18446744073709551616",
              "99999999999999999999", "-10000000000000000000", "123456789012345678901"}) {
            JsonCursor c(s);
            double d = 0;
            QVERIFY2(!c.readDouble(d), s.data());
        }
        for (const std::string_view s :
             {"-9223372036854775808", "18446744073709551615", "-999999999999999999"}) {
            JsonCursor c(s);
            double d = 0;
            QVERIFY2(c.readDouble(d) && c.atEnd(), s.data());
            double want = 0;
            std::from_chars(s.data(), s.data() + s.size(), want);
            QCOMPARE(d, want);
        }
        for (const std::string_view s : {"01", "1.", "-", ".5", "1e"}) {
            JsonCursor c(s);
            double d = 0;
            QVERIFY(!(c.readDouble(d) && c.atEnd()));
        }
    }

    void bigNumbersAreLeftToTheDomParser() {
        for (const std::string_view s : {"1e400", "-1e400"}) {
            JsonCursor c(s);
            JsonNumber n;
            QVERIFY(c.number(n));
            double d = 0;
            QVERIFY(!cg::alpaca::toDouble(n, d));
        }
        std::int64_t i = 0;
        JsonCursor c("1234567890123456789"); // 19 digits: not read as a count
        JsonNumber n;
        QVERIFY(c.number(n));
        QVERIFY(!cg::alpaca::toInt64(n, i));
        JsonCursor c2("-123456789012345678");
        QVERIFY(c2.number(n));
        QVERIFY(cg::alpaca::toInt64(n, i));
        QCOMPARE(i, std::int64_t{-123456789012345678});
    }
};

QTEST_APPLESS_MAIN(TestJsonCursor)
#include "tst_json_cursor.moc"
