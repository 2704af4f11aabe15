// clearUpperVectorRegisters (domain/vector_registers.h): callable on any x86-64 CPU (it is a
// no-op without AVX), and the SSE values live across it are untouched, including after glibc's
// string functions have used the wide registers. Its effect on speed is chaingate-bench's to show.

#include "domain/vector_registers.h"

#include <QTest>

#include <cmath>
#include <cstring>
#include <vector>

class TestVectorRegisters : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void valuesSurviveTheClear() {
        std::vector<char> from(4096, 'x'), to(4096);
        double with = 0, without = 0;
        for (int i = 1; i <= 2000; ++i) {
            const double x = std::log(static_cast<double>(i)) * 0.5;
            std::memcpy(to.data(), from.data(), 1000 + static_cast<std::size_t>(i % 64));
            without += std::exp(-x) * std::sqrt(x);
            std::memcpy(to.data(), from.data(), 1000 + static_cast<std::size_t>(i % 64));
            cg::clearUpperVectorRegisters();
            with += std::exp(-x) * std::sqrt(x);
        }
        QCOMPARE(with, without);
        QVERIFY(with > 0.0);
        QCOMPARE(to[999], 'x');
    }
};

QTEST_APPLESS_MAIN(TestVectorRegisters)
#include "tst_vector_registers.moc"
