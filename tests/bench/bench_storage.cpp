// Executions recorded per second by the execution store, on a SQLite file (WAL) and on a real
// PostgreSQL server started by the test fixture (fsync on: durable commits). Prints figures.
//   bench_storage [RECORDS]

#include "storage/execution_store.h"
#include "support/pg_fixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>

using namespace cg;

namespace {

ExecutionRecord record(int i) {
    ExecutionRecord r;
    r.executionUid = "bench-" + std::to_string(i);
    r.signalId = i;
    r.ticker = "AAPL";
    r.action = "CALL";
    r.instrumentType = "OPTION";
    r.mode = ExecutionMode::AlpacaPaper;
    r.strategy = "day_trade";
    r.optionSymbol = "AAPL260109C00200000";
    r.strike = 200.0;
    r.expiry = "2026-01-09";
    r.qty = 2;
    r.limitPrice = 3.45;
    r.bid = 3.4;
    r.ask = 3.5;
    r.spreadPct = 2.9;
    r.delta = 0.43;
    r.gamma = 0.03;
    r.theta = -0.12;
    r.vega = 0.22;
    r.iv = 0.31;
    r.openInterest = 12000;
    r.volume = 3456;
    r.underlyingPrice = 198.76;
    r.clientOrderId = "cg-bench-" + std::to_string(i);
    r.orderId = "ord-" + std::to_string(i);
    r.orderStatus = "accepted";
    r.explainJson = R"({"gates":{"quote_valid":{"pass":true},"spread":{"pass":true,"value":2.9,)"
                    R"("threshold":10},"not_expired":{"pass":true},"open_interest":{"pass":true},)"
                    R"("volume":{"pass":true}},"sizing":{"budget":5000,"qty":2}})";
    return r;
}

bool run(const char *label, const QString &url, const QString &outbox, int n) {
    ExecutionStore store;
    store.setOutboxPath(outbox);
    if (auto r = store.open(url); !r) {
        std::fprintf(stderr, "%s: %s\n", label, r.error().message.c_str());
        return false;
    }
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < n; ++i) {
        if (auto r = store.records().recordExecution(record(i)); !r) {
            std::fprintf(stderr, "%s: %s\n", label, r.error().message.c_str());
            return false;
        }
    }
    const double recordSeconds = t.nsecsElapsed() / 1e9;

    for (int i = 0; i < n; ++i) {
        Signal s;
        s.symbol = "AAPL";
        s.source = "bench";
        (void)store.signals().enqueue(s);
    }
    t.restart();
    int claimed = 0;
    for (;;) {
        auto c = store.signals().claimNext("bench");
        if (!c || !c->has_value())
            break;
        (void)store.signals().finish((*c)->id, SignalStatus::Done, std::nullopt, "", {"bench"});
        ++claimed;
    }
    const double claimSeconds = t.nsecsElapsed() / 1e9;

    t.restart();
    ExecutionFilter f;
    f.limit = 1000;
    auto rows = store.records().executions(f);
    const double readMs = t.nsecsElapsed() / 1e6;

    std::printf("%-40s %7d records in %6.2f s = %8.0f records/s | %5d claim+finish = %7.0f/s | "
                "read %zu rows in %.1f ms\n",
                label, n, recordSeconds, n / recordSeconds, claimed, claimed / claimSeconds,
                rows ? rows->size() : 0, readMs);
    std::fflush(stdout);
    return true;
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? std::max(1, std::atoi(argv[1])) : 2000;
    QTemporaryDir tmp;
    bool ok = run("SQLite file (WAL, synchronous=NORMAL)",
                  QStringLiteral("sqlite:") + tmp.filePath(QStringLiteral("bench.db")),
                  tmp.filePath(QStringLiteral("outbox.db")), n);

    if (test::PgFixture::binDir().isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(test::PgFixture::missingMessage()));
        return 1;
    }
    for (bool durable : {true, false}) {
        test::PgFixture pg;
        if (const QString err = pg.start({durable}); !err.isEmpty()) {
            std::fprintf(stderr, "PostgreSQL fixture: %s\n", qPrintable(err));
            return 1;
        }
        QString err;
        const QString url = pg.createDatabase(&err);
        if (url.isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(err));
            return 1;
        }
        ok = run(durable ? "PostgreSQL 15 loopback (fsync on)"
                         : "PostgreSQL 15 loopback (fsync off)",
                 url, tmp.filePath(QStringLiteral("outbox.db")), n) &&
             ok;
    }
    return ok ? 0 : 1;
}
