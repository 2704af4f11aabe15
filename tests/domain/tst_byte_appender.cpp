// ByteAppender and writeShortestDouble: the numbers are byte for byte std::to_chars's shortest
// form (the chain pages and `chain --json` must not change), and the buffer ends exactly at what
// was written, streamed or not.

#include "domain/byte_appender.h"

#include <QByteArray>
#include <QTest>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>

using namespace cg;

namespace {

std::string shortest(double v) {
    char buf[32];
    return std::string(buf, writeShortestDouble(buf, v));
}

std::string reference(double v) {
    char buf[64];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

} // namespace

class TestByteAppender : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shortestIsToChars_data() {
        QTest::addColumn<double>("scale");
        QTest::addColumn<int>("count");
        // Prices, strikes and thresholds (the short path), then the boundaries of that path.
        QTest::newRow("cents") << 0.01 << 200000;
        QTest::newRow("tenths of a cent") << 0.001 << 50000;
        QTest::newRow("half dollars") << 0.5 << 5000;
        QTest::newRow("whole") << 1.0 << 200000;
        QTest::newRow("thousands") << 1000.0 << 20000;
        QTest::newRow("millionths") << 0.000001 << 20000;
    }
    void shortestIsToChars() {
        QFETCH(double, scale);
        QFETCH(int, count);
        for (int k = -count; k <= count; ++k) {
            const double v = k * scale;
            QCOMPARE(shortest(v), reference(v));
            const double w = k / (1.0 / scale); // the other rounding of the same decimal
            QCOMPARE(shortest(w), reference(w));
        }
    }

    void shortestIsToCharsEverywhere() {
        const double fixed[] = {0.0,
                                -0.0,
                                1e-3,
                                0.001,
                                0.0001,
                                0.0005,
                                0.005,
                                1e15,
                                1e15 - 1,
                                1e14,
                                1e5,
                                100000,
                                10000,
                                123456789012345.6,
                                0.1 + 0.2,
                                1.0 / 3,
                                2.0 / 3,
                                1e-7,
                                1e300,
                                5e-324,
                                9007199254740993.0,
                                0.30000000000000004,
                                999999.9999999,
                                0.42000000000000004};
        for (const double v : fixed) {
            QCOMPARE(shortest(v), reference(v));
            QCOMPARE(shortest(-v), reference(-v));
        }
        std::mt19937_64 random(20261205);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        std::uniform_int_distribution<int> exponent(-6, 16);
        std::uniform_int_distribution<int> decimals(0, 8);
        for (int i = 0; i < 300000; ++i) {
            const double magnitude = std::pow(10.0, exponent(random));
            const double raw = unit(random) * magnitude; // full precision: greeks, ratios
            QCOMPARE(shortest(raw), reference(raw));
            const double p = std::pow(10.0, decimals(random));
            const double rounded = std::round(raw * p) / p; // a decimal, as prices are
            QCOMPARE(shortest(rounded), reference(rounded));
        }
    }

    void appendsWhatWasPut() {
        std::string s = "head:";
        {
            ByteAppender<std::string> out(s, 4);
            for (int i = 0; i < 1000; ++i) {
                out.put("ab");
                out.put('c');
                out.integer(-i);
                out.number(i * 0.25);
                out.digits(static_cast<unsigned>(i), 4);
            }
        }
        std::string expected = "head:";
        for (int i = 0; i < 1000; ++i) {
            char d[8];
            std::snprintf(d, sizeof d, "%04d", i);
            expected += "abc" + std::to_string(-i) + reference(i * 0.25) + d;
        }
        QCOMPARE(s, expected);
    }

    void aCopyAfterFinishSharesTheBuffer() {
        QByteArray body;
        ByteAppender<QByteArray> out(body, 1 << 16);
        out.put("{\"a\":1}");
        out.finish();
        const QByteArray copy = body;
        QCOMPARE(copy, QByteArray("{\"a\":1}"));
        QCOMPARE(copy.constData(), body.constData()); // nothing detached it
        out.put(",more");                             // continues after it
        out.finish();
        QCOMPARE(body, QByteArray("{\"a\":1},more"));
        QCOMPARE(copy, QByteArray("{\"a\":1}"));
    }

    void drainStreamsInChunks() {
        QByteArray buffer;
        std::string streamed;
        ByteAppender<QByteArray> out(buffer, 64);
        for (int i = 0; i < 5000; ++i) {
            out.integer(i);
            out.put(',');
            if (out.written() >= 100)
                out.drain([&](const char *p, std::size_t n) { streamed.append(p, n); });
        }
        out.drain([&](const char *p, std::size_t n) { streamed.append(p, n); });
        out.finish();
        std::string expected;
        for (int i = 0; i < 5000; ++i)
            expected += std::to_string(i) + ',';
        QCOMPARE(streamed, expected);
        QVERIFY(buffer.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestByteAppender)
#include "tst_byte_appender.moc"
