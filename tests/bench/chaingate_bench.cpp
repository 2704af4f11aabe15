// chaingate-bench: every figure of the README's performance table in one run, for the same
// generated data (issue 9): a 10,000-contract chain parsed, gated and loaded into the chain
// model; the seed's Python doing the same parse and gating on the same files; the dispatcher's
// decision per signal without network; executions recorded per second on SQLite and PostgreSQL;
// quote updates absorbed by the model; peak memory; DEMO launch to first chain painted.
// Prints figures; not a pass/fail test. Build Release for meaningful numbers.
//   chaingate-bench [--quick] [--contracts 1000|10000|100000] [--ticks-per-second N]
//                   [--profile-load N] [--scaling] [--fetch-only [--runs N] [--no-js]]
// --contracts sizes the chain of (a)-(f) (default 10,000); the scaling table always runs 1k, 10k
// and 100k. --ticks-per-second adds the live-window run of bench_live_quotes at that rate.
// Peers in the same run: Python 3 `json` (the seed's way) and Alpaca's official JS SDK
// (tests/bench/peers; `npm install @alpacahq/alpaca-trade-api` there, or CHAINGATE_JS_SDK=
// a node_modules folder); a missing peer is said and skipped.

#include "alpaca/alpaca_client.h"
#include "alpaca/chain_parser.h"
#include "alpaca/contracts_page.h"
#include "alpaca/symbol_index.h"
#include "alpaca/trading_json.h"
#include "config/heap_tuning.h"
#include "decision_timing.h"
#include "dispatch/decision_pipeline.h"
#include "domain/gates.h"
#include "fake_alpaca/demo_backend.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "models/chain_session.h"
#include "models/chain_table_model.h"
#include "storage/execution_store.h"
#include "support/chain_page_generator.h"
#include "support/fake_broker.h"
#include "support/fake_market_data.h"
#include "support/pg_fixture.h"
#include "support/scenario.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include <malloc.h>
#include <time.h>

using namespace cg;

namespace {

constexpr int kPerPage = 1000;
constexpr double kSpot = 600.0;
// Gates are judged at 2026-01-02 12:00 New York (17:00 UTC), the generated chain's first expiry.
const Timestamp kNow = std::chrono::time_point_cast<std::chrono::milliseconds>(
    std::chrono::sys_days{std::chrono::year{2026} / 1 / 2} + std::chrono::hours(17));
const char *kToday = "2026-01-02";

double median(std::vector<double> v) {
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double msSince(const QElapsedTimer &t) {
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

// One line of /proc/self/status ("VmHWM", "VmRSS") in MB.
double procStatusMb(const char *field) {
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(line.indexOf(':') + 1).trimmed().split(' ').value(0).toDouble() / 1024;
    return -1;
}

// Bytes the heap holds now (small chunks in use plus mmapped blocks): the difference across a
// load is what the loaded chain and model keep, a count that load on the machine cannot inflate.
double heapBytes() {
    const struct mallinfo2 m = mallinfo2();
    return static_cast<double>(m.uordblks + m.hblkhd);
}

void row(const char *figure, const QString &value, const QString &note = {}) {
    std::printf("  %-46s %-22s %s\n", figure, qPrintable(value), qPrintable(note));
    std::fflush(stdout);
}

QString num(double v, int decimals = 1) {
    return QString::number(v, 'f', decimals);
}

// ---- machine ---------------------------------------------------------------------------------

void printMachine() {
    QString cpu;
    QFile info(QStringLiteral("/proc/cpuinfo"));
    if (info.open(QIODevice::ReadOnly))
        for (const QByteArray &line : info.readAll().split('\n'))
            if (line.startsWith("model name")) {
                cpu = QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
                break;
            }
    QString load;
    QFile loadavg(QStringLiteral("/proc/loadavg"));
    if (loadavg.open(QIODevice::ReadOnly))
        load = QString::fromUtf8(loadavg.readAll()).section(QLatin1Char(' '), 0, 2);
    std::printf("chaingate-bench  %s\n",
                qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    std::printf("machine: %s, %d cores, load average at start %s, %s, Qt %s, %s build\n",
                qPrintable(cpu), QThread::idealThreadCount(), qPrintable(load),
                qPrintable(QSysInfo::prettyProductName()), qVersion(),
#ifdef NDEBUG
                "release"
#else
                "debug (numbers are not meaningful)"
#endif
    );
}

// ---- (a) parse + OI + gates + model ------------------------------------------------------------

struct ChainData {
    std::vector<QByteArray> snapshotPages;
    std::vector<QByteArray> contractPages;
    QStringList snapshotFiles, contractFiles;
};

// GET /v2/options/contracts pages for the generated snapshots, in Alpaca's shape (API.md 3),
// with an open interest for every contract, some below the gate's minimum of 100.
std::vector<QByteArray> contractPagesFor(const std::vector<OptionContract> &chain) {
    std::vector<QByteArray> pages;
    std::string page;
    char buf[1024];
    for (std::size_t start = 0; start < chain.size(); start += kPerPage) {
        page = "{\"option_contracts\":[";
        const std::size_t end = std::min(chain.size(), start + kPerPage);
        for (std::size_t i = start; i < end; ++i) {
            const OptionContract &c = chain[i];
            const auto &d = c.expiry;
            const int n = std::snprintf(
                buf, sizeof buf,
                "%s{\"id\":\"00000000-0000-0000-0000-%012zu\",\"symbol\":\"%s\",\"name\":\"%s\","
                "\"status\":\"active\",\"tradable\":true,\"expiration_date\":\"%04d-%02u-%02u\","
                "\"root_symbol\":\"SPY\",\"underlying_symbol\":\"SPY\","
                "\"underlying_asset_id\":\"b28f4066-5c6d-479b-a2af-85dc1a8f16fb\","
                "\"type\":\"%s\",\"style\":\"american\",\"strike_price\":\"%g\","
                "\"multiplier\":\"100\",\"size\":\"100\",\"open_interest\":\"%zu\","
                "\"open_interest_date\":\"2026-01-01\",\"close_price\":\"%.2f\","
                "\"close_price_date\":\"2026-01-01\"}",
                i == start ? "" : ",", i, c.symbol.c_str(), c.symbol.c_str(),
                static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()), c.type == OptionType::Call ? "call" : "put",
                c.strike, (i * 7919) % 2500, c.quote ? c.quote->bid : 0.0);
            page.append(buf, static_cast<std::size_t>(n));
        }
        page += "],\"next_page_token\":";
        page += end < chain.size() ? "\"" + testing::base64(std::to_string(end)) + "\"" : "null";
        page += "}";
        pages.emplace_back(page.data(), static_cast<qsizetype>(page.size()));
    }
    return pages;
}

bool writeFile(const QString &path, const QByteArray &bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// `pages` pages of 1,000 contracts; the files (for the Python peer) only when `dir` is given.
ChainData makeChain(const QTemporaryDir *dir, int pages) {
    ChainData d;
    const testing::GeneratedChain g = testing::generateChainPages(pages, kPerPage, "SPY", kSpot);
    std::vector<OptionContract> all;
    for (const std::string &p : g.pages) {
        d.snapshotPages.emplace_back(p.data(), static_cast<qsizetype>(p.size()));
        (void)alpaca::parseChainPage(p, "SPY", all);
    }
    d.contractPages = contractPagesFor(all);
    if (!dir)
        return d;
    for (std::size_t i = 0; i < d.snapshotPages.size(); ++i) {
        d.snapshotFiles << dir->filePath(QStringLiteral("snapshots_%1.json").arg(i));
        writeFile(d.snapshotFiles.back(), d.snapshotPages[i]);
    }
    for (std::size_t i = 0; i < d.contractPages.size(); ++i) {
        d.contractFiles << dir->filePath(QStringLiteral("contracts_%1.json").arg(i));
        writeFile(d.contractFiles.back(), d.contractPages[i]);
    }
    return d;
}

struct LoadFigures {
    double parseMs = 0, oiMs = 0, gatesMs = 0, modelMs = 0, totalMs = 0, cpuMs = 0;
    double gatedMs = 0; // parse + OI + gates: the part Python does too
    double gatedCpuMs = 0;
    std::size_t contracts = 0, tradeable = 0, withOi = 0;
    int rows = 0;
};

// What the client and the chain session do with the answers, minus the network: every snapshot
// page through the production parser, open interest merged from the contracts pages, the five
// gates on every contract, the whole chain into the model (flat layout: one row per contract).
// The client parses a page as it arrives: just copied out of the socket into the reply's body,
// in the cache, and that body is freed once parsed, so the next page lands in the same memory.
// The pages here were all written before the run (120 MB for 100k contracts), out of every cache
// by the time each is read and each in memory of its own. Each page is copied, as the network's
// read would, into one buffer that every page reuses, before it is parsed; the copy's wall and
// CPU time are left out of every figure. (Parsed where they lie, the pages made the parse 15 %
// slower a contract at 100k than at 10k.)
struct PageArrival {
    double excludedWallMs = 0, excludedCpuMs = 0;

    std::string buffer; // the reply's body: the same memory for every page

    std::string_view arrive(const QByteArray &page) {
        const double cpu0 = threadCpuMs();
        QElapsedTimer t;
        t.start();
        buffer.assign(page.constData(), static_cast<std::size_t>(page.size()));
        excludedWallMs += msSince(t);
        excludedCpuMs += threadCpuMs() - cpu0;
        return buffer;
    }
};

LoadFigures loadChain(const ChainData &d, models::ChainTableModel &model) {
    LoadFigures f;
    PageArrival network;
    const double cpu0 = threadCpuMs();
    QElapsedTimer t;
    t.start();
    std::vector<OptionContract> chain;
    chain.reserve(d.snapshotPages.size() * kPerPage);
    // As AlpacaClient reads them: each page's symbols hashed for the open-interest index as read.
    alpaca::SymbolIndex bySymbol;
    for (const QByteArray &p : d.snapshotPages) {
        auto info = alpaca::parseChainPage(network.arrive(p), "SPY", chain);
        if (!info)
            qFatal("parse failed: %s", info.error().message.c_str());
        bySymbol.hashAppended(chain);
    }
    f.parseMs = msSince(t) - network.excludedWallMs;

    const double snapshotsExcluded = network.excludedWallMs;
    t.restart();
    // As AlpacaClient merges them: contracts read as views, found by symbol in a flat index.
    bySymbol.index(chain);
    std::vector<alpaca::ContractInfoView> read;
    for (const QByteArray &p : d.contractPages) {
        auto page = alpaca::readContractsPage(network.arrive(p), read);
        if (!page)
            qFatal("contracts page: %s", page.error().message.c_str());
        f.withOi += bySymbol.merge(read, chain);
    }
    f.oiMs = msSince(t) - (network.excludedWallMs - snapshotsExcluded);

    t.restart();
    std::vector<models::ChainEntry> entries;
    entries.reserve(chain.size());
    for (OptionContract &c : chain) {
        const models::ChainEntry &e = entries.emplace_back(std::move(c), GateThresholds{}, kNow);
        f.tradeable += e.gates.tradeable();
    }
    f.gatesMs = msSince(t);
    f.gatedMs = f.parseMs + f.oiMs + f.gatesMs;
    f.gatedCpuMs = threadCpuMs() - cpu0 - network.excludedCpuMs;
    f.contracts = entries.size();

    t.restart();
    model.setChain(std::move(entries), kSpot, {}, 1);
    f.modelMs = msSince(t);
    f.totalMs = f.gatedMs + f.modelMs;
    f.cpuMs = threadCpuMs() - cpu0 - network.excludedCpuMs;
    f.rows = model.rowCount();
    return f;
}

struct PythonFigures {
    bool ok = false;
    QString error;
    double ms = 0, cpuMs = 0;
    qint64 contracts = 0, tradeable = 0, withOi = 0;
    QString version;
};

PythonFigures runSeedPython(const ChainData &d, int rounds,
                            const QString &python = QStringLiteral("python3")) {
    PythonFigures f;
    const QString script = QStringLiteral(CHAINGATE_SOURCE_DIR "/tests/bench/seed_gates.py");
    QProcess version;
    version.start(python, {QStringLiteral("--version")});
    if (!version.waitForFinished(30000) || version.exitCode() != 0) {
        f.error = QStringLiteral("python3 not runnable");
        return f;
    }
    f.version = QString::fromUtf8(version.readAllStandardOutput()).trimmed();
    QStringList args{script, QStringLiteral("--rounds"), QString::number(rounds)};
    for (const QString &c : d.contractFiles)
        args << QStringLiteral("--contracts") << c;
    args << QString::fromLatin1(kToday) << d.snapshotFiles;
    QProcess p;
    p.start(python, args);
    if (!p.waitForFinished(600000) || p.exitCode() != 0) {
        f.error = QStringLiteral("seed_gates.py failed: ") +
                  QString::fromUtf8(p.readAllStandardError()).right(300);
        return f;
    }
    const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    f.ms = o.value(QStringLiteral("ms")).toDouble();
    f.cpuMs = o.value(QStringLiteral("cpu_ms")).toDouble();
    f.contracts = o.value(QStringLiteral("contracts")).toInteger();
    f.tradeable = o.value(QStringLiteral("tradeable")).toInteger();
    f.withOi = o.value(QStringLiteral("with_oi")).toInteger();
    f.ok = f.ms > 0;
    if (!f.ok)
        f.error = QStringLiteral("seed_gates.py printed no figure");
    return f;
}

// (b) as ratios: Python's run, then the C++ loads it is divided by, `alternations` times. The
// host's speed drifts over a run (other machines share it): one Python figure against C++ loads
// timed a minute earlier measured the drift as much as the code. Each ratio here divides two
// figures taken seconds apart; the median of them is the figure, their range its spread.
struct RatioFigures {
    bool ok = false;
    PythonFigures python;       // the last run
    std::vector<double> ratios; // Python CPU / C++ CPU (parse + OI + gates), one an alternation
    double cppCpuMs = 0;        // the median of the C++ medians
};

RatioFigures alternateWithPython(const ChainData &d, models::ChainTableModel &model,
                                 const QString &python, int alternations, int pythonRounds,
                                 int loads) {
    RatioFigures f;
    std::vector<double> cpp;
    for (int a = 0; a < alternations; ++a) {
        f.python = runSeedPython(d, pythonRounds, python);
        if (!f.python.ok)
            return f;
        std::vector<double> cpu;
        for (int r = 0; r < loads; ++r) {
            model.clear();
            cpu.push_back(loadChain(d, model).gatedCpuMs);
        }
        cpp.push_back(median(cpu));
        f.ratios.push_back(f.python.cpuMs / cpp.back());
    }
    f.cppCpuMs = median(cpp);
    f.ok = true;
    return f;
}

QString ratioText(const RatioFigures &r) {
    const auto [lo, hi] = std::minmax_element(r.ratios.begin(), r.ratios.end());
    return QStringLiteral("%1 x (%2-%3 over %4 alternations)")
        .arg(num(median(r.ratios)), num(*lo), num(*hi))
        .arg(r.ratios.size());
}

// ---- (c) dispatcher decision -------------------------------------------------------------------

// As bench_dispatch_decision (decision_timing.h); -1 when a run did not propose an order.
double decisionMedianUs(std::vector<OptionContract> chain, int runs) {
    const bench::DecisionTimes t = bench::timeDecisions(std::move(chain), runs, true);
    return t.fallbacks > 0 ? -1 : median(t.us);
}

// ---- (d) storage -------------------------------------------------------------------------------

ExecutionRecord executionRecord(int i) {
    ExecutionRecord r;
    r.executionUid = "bench-" + std::to_string(i);
    r.signalId = i;
    r.ticker = "SPY";
    r.action = "CALL";
    r.instrumentType = "OPTION";
    r.mode = ExecutionMode::AlpacaPaper;
    r.strategy = "day_trade";
    r.optionSymbol = "SPY260130C00709000";
    r.strike = 709.0;
    r.expiry = "2026-01-30";
    r.qty = 2;
    r.limitPrice = 3.45;
    r.bid = 3.4;
    r.ask = 3.5;
    r.spreadPct = 2.9;
    r.delta = 0.43;
    r.openInterest = 12000;
    r.volume = 3456;
    r.underlyingPrice = 697.12;
    r.clientOrderId = "cg-bench-" + std::to_string(i);
    r.orderId = "ord-" + std::to_string(i);
    r.orderStatus = "accepted";
    r.explainJson = R"({"gates":{"quote_valid":{"pass":true},"spread":{"pass":true,"value":2.9,)"
                    R"("threshold":10},"not_expired":{"pass":true},"open_interest":{"pass":true},)"
                    R"("volume":{"pass":true}},"sizing":{"budget":5000,"qty":2}})";
    return r;
}

// Records per second, or an error text.
std::pair<double, QString> recordsPerSecond(const QString &url, const QString &outbox, int n) {
    ExecutionStore store;
    store.setOutboxPath(outbox);
    if (auto r = store.open(url); !r)
        return {0, QString::fromStdString(r.error().message)};
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < n; ++i)
        if (auto r = store.records().recordExecution(executionRecord(i)); !r)
            return {0, QString::fromStdString(r.error().message)};
    return {n / (static_cast<double>(t.nsecsElapsed()) / 1e9), {}};
}

// ---- (e) quote updates -------------------------------------------------------------------------

struct QuoteFigures {
    double updatesPerSecond = 0;
    double msPerBatch = 0;
    double signalsPerBatch = 0;
    double cellsPerBatch = 0;
};

// `batch` random quote changes (bid and ask of random contracts), their gates evaluated again,
// handed to the model at once: setChain() diffs against what it shows and emits dataChanged for
// the changed cells only, as each poll does (the session shows its own store with showChain(),
// the same diff without this copy).
QuoteFigures quoteUpdates(models::ChainTableModel &model, int batch, int rounds,
                          std::mt19937 &rng) {
    std::vector<models::ChainEntry> entries = model.entries();
    long long signals = 0, cells = 0;
    const auto conn = QObject::connect(&model, &QAbstractItemModel::dataChanged,
                                       [&](const QModelIndex &tl, const QModelIndex &br) {
                                           ++signals;
                                           cells +=
                                               static_cast<long long>(br.row() - tl.row() + 1) *
                                               (br.column() - tl.column() + 1);
                                       });
    std::uniform_int_distribution<std::size_t> pick(0, entries.size() - 1);
    std::uniform_int_distribution<int> ticks(-5, 5);
    std::vector<double> ms;
    qint64 nowMs = 1000;
    for (int r = 0; r < rounds; ++r) {
        QElapsedTimer t;
        t.start();
        for (int k = 0; k < batch; ++k) {
            models::ChainEntry &e = entries[pick(rng)];
            Quote q = e.contract.quote.value_or(Quote{});
            q.bid = std::max(0.01, q.bid + 0.01 * ticks(rng));
            q.ask = std::max(q.bid + 0.01, q.ask + 0.01 * ticks(rng));
            e.contract.quote = q;
            e.gates.judge(e.contract, GateThresholds{}, kNow);
        }
        model.setChain(entries, kSpot, {}, ++nowMs);
        ms.push_back(msSince(t));
    }
    QObject::disconnect(conn);
    QuoteFigures f;
    f.msPerBatch = median(ms);
    f.updatesPerSecond = batch / (f.msPerBatch / 1e3);
    f.signalsPerBatch = static_cast<double>(signals) / rounds;
    f.cellsPerBatch = static_cast<double>(cells) / rounds;
    return f;
}

// Pushed quotes (issue 8): the same kind of random changes as stream ticks through
// applyQuotes(), which looks each symbol up and touches only that contract's cells and gates.
QuoteFigures pushedQuotes(models::ChainTableModel &model, int batch, int rounds,
                          std::mt19937 &rng) {
    const std::vector<models::ChainEntry> &entries = model.entries();
    long long signals = 0, cells = 0;
    const auto conn = QObject::connect(&model, &QAbstractItemModel::dataChanged,
                                       [&](const QModelIndex &tl, const QModelIndex &br) {
                                           ++signals;
                                           cells +=
                                               static_cast<long long>(br.row() - tl.row() + 1) *
                                               (br.column() - tl.column() + 1);
                                       });
    std::uniform_int_distribution<std::size_t> pick(0, entries.size() - 1);
    std::uniform_int_distribution<int> ticks(-5, 5);
    std::vector<double> ms;
    qint64 nowMs = 100000;
    std::int64_t tickSequence = 0;
    for (int r = 0; r < rounds; ++r) {
        std::vector<OptionQuoteTick> batchTicks;
        batchTicks.reserve(static_cast<std::size_t>(batch));
        for (int k = 0; k < batch; ++k) {
            const models::ChainEntry &e = entries[pick(rng)];
            const Quote q = e.contract.quote.value_or(Quote{});
            OptionQuoteTick t;
            t.symbol = e.contract.symbol;
            t.bid = std::max(0.01, q.bid + 0.01 * ticks(rng));
            t.ask = std::max(t.bid + 0.01, q.ask + 0.01 * ticks(rng));
            // After the snapshots' quotes (19:59:59), each tick later than the one before: a
            // tick older than the quote held is dropped, as a late one should be.
            t.time = kNow + std::chrono::hours(4) + std::chrono::milliseconds(++tickSequence);
            batchTicks.push_back(std::move(t));
        }
        QElapsedTimer t;
        t.start();
        model.applyQuotes(batchTicks, GateThresholds{}, ++nowMs);
        ms.push_back(msSince(t));
    }
    QObject::disconnect(conn);
    QuoteFigures f;
    f.msPerBatch = median(ms);
    f.updatesPerSecond = batch / (f.msPerBatch / 1e3);
    f.signalsPerBatch = static_cast<double>(signals) / rounds;
    f.cellsPerBatch = static_cast<double>(cells) / rounds;
    return f;
}

// ---- (g) DEMO launch to first chain painted ----------------------------------------------------

struct LaunchFigures {
    bool ok = false;
    QString error;
    double paintedMs = 0; // until the screenshot's line: first chain painted and saved
    double exitMs = 0;    // until the process has exited
};

LaunchFigures launchDemo(const QString &binary, const QTemporaryDir &dir, int runs) {
    LaunchFigures f;
    if (!QFileInfo(binary).isExecutable()) {
        f.error = QStringLiteral("%1 is not built").arg(binary);
        return f;
    }
    std::vector<double> painted, exited;
    for (int i = 0; i < runs; ++i) {
        const QString png = dir.filePath(QStringLiteral("launch_%1.png").arg(i));
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        // The user's settings stay untouched.
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        p.setProcessEnvironment(env);
        QElapsedTimer t;
        double paintedAt = -1;
        QObject::connect(&p, &QProcess::readyReadStandardOutput, [&] {
            if (paintedAt < 0 && p.canReadLine())
                paintedAt = msSince(t);
        });
        t.start();
        p.start(binary, {QStringLiteral("--screenshot"), png});
        if (!p.waitForStarted(30000)) {
            f.error = p.errorString();
            return f;
        }
        while (p.state() != QProcess::NotRunning && msSince(t) < 60000)
            p.waitForFinished(5);
        QCoreApplication::processEvents();
        const double exitAt = msSince(t);
        if (p.state() != QProcess::NotRunning || p.exitCode() != 0 || !QFile::exists(png)) {
            p.kill();
            p.waitForFinished();
            f.error = QStringLiteral("screenshot failed: ") +
                      QString::fromUtf8(p.readAllStandardError()).trimmed().right(200);
            return f;
        }
        if (paintedAt < 0) // the line came with the exit
            paintedAt = exitAt;
        painted.push_back(paintedAt);
        exited.push_back(exitAt);
    }
    f.ok = true;
    f.paintedMs = median(painted);
    f.exitMs = median(exited);
    return f;
}

// ---- scaling: (a) at 1k, 10k and 100k contracts ---------------------------------------------

struct ScalePoint {
    int contracts = 0;
    double ms = 0, cpuMs = 0;
    double heldBytes = 0;    // kept by the loaded chain and model
    double crossedBytes = 0; // the memory a load goes through (crossedBytes())
};

// The memory one load goes through: the pages read, the chain the parse writes, and what the
// entries and the model then hold (`held`). On a machine whose caches hold it the load runs at
// their speed; past them, at the memory's.
double crossedBytes(const ChainData &d, double held) {
    double bytes = held;
    for (const auto *pages : {&d.snapshotPages, &d.contractPages})
        for (const QByteArray &p : *pages)
            bytes += static_cast<double>(p.size());
    const std::size_t contracts = d.contractPages.size() * kPerPage;
    return bytes + static_cast<double>(contracts * sizeof(OptionContract));
}

ScalePoint scaleAt(int pages, int rounds) {
    const ChainData d = makeChain(nullptr, pages);
    std::vector<double> wall, cpu;
    double held = 0;
    for (int r = 0; r < rounds; ++r) {
        const double before = heapBytes();
        models::ChainTableModel model;
        model.setLayout(models::ChainTableModel::Layout::Flat);
        const LoadFigures f = loadChain(d, model);
        held = heapBytes() - before; // the last round: the parsers' buffers exist by then
        wall.push_back(f.totalMs);
        cpu.push_back(f.cpuMs);
    }
    return {pages * kPerPage, median(wall), median(cpu), held, crossedBytes(d, held)};
}

// How fast this machine reads back `bytes` it has just written (GB/s, best of five), as a load
// does: the parse writes the chain and the gates step reads it, the gates write the entries and
// the model reads them, with the pages read in between. Where `bytes` is the memory a load
// crosses, this shows whether the caches hold it (the development machine: 28-30 GB/s up to
// 16 MB, 10-11 beyond 64 MB): the cost a contract steps up where a load stops fitting.
double readBackGbPerSecond(std::size_t bytes) {
    std::vector<std::uint64_t> words(std::max<std::size_t>(bytes / 8, 64));
    static volatile std::uint64_t sink = 0;
    double best = 0;
    for (int round = 0; round < 5; ++round) {
        std::memset(words.data(), round, words.size() * 8);
        QElapsedTimer t;
        t.start();
        std::uint64_t sum = 0;
        for (std::size_t i = 0; i + 8 <= words.size(); i += 8) // a word of each cache line
            sum += words[i];
        const double seconds = static_cast<double>(std::max<qint64>(t.nsecsElapsed(), 1)) / 1e9;
        sink = sink + sum;
        best = std::max(best, static_cast<double>(words.size() * 8) / seconds / 1e9);
    }
    return best;
}

// ---- the session's load: what the window does with the chain the client read ----------------
// ChainSession from the answer to the first view: every expiry's entries judged, the strategy's
// picks, the first expiry shown. The chain of (a), open interest merged and sorted as the client
// sorts it (expiry, strike, calls first, symbol); the fake market data answers on the next
// event-loop turn, the same for every size. -1 when a load fails.
double sessionLoadMs(int pages, int rounds) {
    const ChainData d = makeChain(nullptr, pages);
    std::vector<OptionContract> chain;
    for (const QByteArray &p : d.snapshotPages)
        (void)alpaca::parseChainPage(std::string_view(p.constData(), p.size()), "SPY", chain);
    const alpaca::SymbolIndex bySymbol(chain);
    std::vector<alpaca::ContractInfoView> read;
    for (const QByteArray &p : d.contractPages)
        if (alpaca::readContractsPage(std::string_view(p.constData(), p.size()), read))
            bySymbol.merge(read, chain);
    std::stable_sort(
        chain.begin(), chain.end(), [](const OptionContract &a, const OptionContract &b) {
            const bool aPut = a.type == OptionType::Put, bPut = b.type == OptionType::Put;
            return std::tie(a.expiry, a.strike, aPut, a.symbol) <
                   std::tie(b.expiry, b.strike, bPut, b.symbol);
        });
    std::vector<double> ms;
    for (int r = 0; r < rounds; ++r) {
        test::FakeMarketData market;
        market.price = kSpot;
        OptionChain answer;
        answer.underlying = "SPY";
        answer.contracts = chain;
        market.preparedChains.push_back(std::move(answer));
        FixedClock clock(kNow);
        models::ChainSession session(market, clock);
        QElapsedTimer t;
        t.start();
        session.setSymbol(QStringLiteral("SPY"));
        while (session.state() != models::ChainSession::State::Loaded || session.isBusy()) {
            if (session.state() == models::ChainSession::State::Error || t.elapsed() > 60000)
                return -1;
            QCoreApplication::processEvents(QEventLoop::AllEvents);
        }
        ms.push_back(msSince(t));
    }
    return median(ms);
}

// ---- (h) fetch + parse of a chain from the same server: our client vs Alpaca's JS SDK ----------

template <class T, class Call> Result<T> awaitDone(Call &&call) {
    std::optional<Result<T>> result;
    QEventLoop loop;
    call([&](Result<T> r) {
        result.emplace(std::move(r));
        loop.quit();
    });
    if (!result) {
        QTimer::singleShot(120000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return result ? std::move(*result) : Result<T>(Error::make("no answer within 120 s"));
}

struct PeerFigures {
    bool ok = false;
    QString error;
    double coldMs = 0, warmMs = 0;
    double serverWarmMs = 0; // of warmMs, the server answering (our client's runs only)
    qint64 contracts = 0, withOi = 0;
    QString version;
};

// Our client: SPY's whole chain and its open interest from the in-process DEMO server.
PeerFigures cppFetch(const fake::DemoBackend &backend, int runs) {
    const QUrl base = backend.baseUrl();
    PeerFigures f;
    alpaca::AlpacaConfig config;
    config.tradingUrl = base;
    config.dataUrl = base;
    config.keyId = QString::fromLatin1(fake::kDemoKeyId);
    config.secret = QString::fromLatin1(fake::kDemoSecret);
    alpaca::AlpacaClient client(config);
    std::vector<double> warm, server;
    for (int i = 0; i < runs; ++i) {
        ChainQuery q;
        q.underlying = "SPY";
        const qint64 server0 = backend.server()->handlingNs();
        QElapsedTimer t;
        t.start();
        auto chain = awaitDone<OptionChain>([&](auto done) { client.optionChain(q, done); });
        const double ms = msSince(t);
        if (i > 0)
            server.push_back(static_cast<double>(backend.server()->handlingNs() - server0) / 1e6);
        if (!chain) {
            f.error = QString::fromStdString(chain.error().message);
            return f;
        }
        f.contracts = static_cast<qint64>(chain->contracts.size());
        f.withOi =
            std::count_if(chain->contracts.begin(), chain->contracts.end(),
                          [](const OptionContract &c) { return c.openInterest.has_value(); });
        if (i == 0)
            f.coldMs = ms;
        else
            warm.push_back(ms);
    }
    f.warmMs = median(warm);
    f.serverWarmMs = median(server);
    f.ok = true;
    return f;
}

// Alpaca's official JS SDK, the same server, the same work (tests/bench/peers/alpaca_js_chain.mjs).
PeerFigures jsFetch(const QUrl &base, int runs) {
    PeerFigures f;
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty()) {
        f.error = QStringLiteral("node not found (apt-get install nodejs)");
        return f;
    }
    const QString peers = QStringLiteral(CHAINGATE_SOURCE_DIR "/tests/bench/peers");
    const QString modules =
        qEnvironmentVariable("CHAINGATE_JS_SDK", peers + QStringLiteral("/node_modules"));
    if (!QFile::exists(modules + QStringLiteral("/@alpacahq/alpaca-trade-api/package.json"))) {
        f.error = QStringLiteral("the SDK is not installed: npm install @alpacahq/alpaca-trade-api "
                                 "in tests/bench/peers, or CHAINGATE_JS_SDK=<node_modules>");
        return f;
    }
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NODE_PATH"), modules);
    p.setProcessEnvironment(env);
    QEventLoop loop;
    QObject::connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&p, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    // The server answers on this thread: wait in an event loop, not in waitForFinished().
    p.start(node, {peers + QStringLiteral("/alpaca_js_chain.mjs"), base.toString(),
                   QStringLiteral("SPY"), QString::number(runs),
                   QString::fromLatin1(fake::kDemoKeyId), QString::fromLatin1(fake::kDemoSecret)});
    QTimer::singleShot(300000, &loop, &QEventLoop::quit);
    loop.exec();
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
        f.error = QStringLiteral("the SDK run did not finish in 300 s");
        return f;
    }
    const QByteArray out = p.readAllStandardOutput().trimmed();
    const QJsonObject o = QJsonDocument::fromJson(out.split('\n').last()).object();
    const QJsonArray ms = o.value(QStringLiteral("ms")).toArray();
    if (p.exitCode() != 0 || ms.isEmpty()) {
        f.error = QStringLiteral("the SDK run failed: ") +
                  QString::fromUtf8(out + p.readAllStandardError()).trimmed().right(200);
        return f;
    }
    std::vector<double> warm;
    for (int i = 1; i < ms.size(); ++i)
        warm.push_back(ms.at(i).toDouble());
    f.coldMs = ms.at(0).toDouble();
    f.warmMs = warm.empty() ? f.coldMs : median(warm);
    f.contracts = o.value(QStringLiteral("contracts")).toInteger();
    f.withOi = o.value(QStringLiteral("with_open_interest")).toInteger();
    f.version = o.value(QStringLiteral("sdk_version")).toString();
    f.ok = true;
    return f;
}

// Scaling: the work of (a) per contract at four sizes (linear means flat). 30k shows where the
// step between 10k and 100k lies; beside each, the memory one load crosses and how fast this
// machine reads that much back (readBackGbPerSecond). Then the session's load at three sizes.
void printScaling(bool quick) {
    std::printf("\n  scaling (a): parse + OI + gates + model, per contract\n");
    for (const int p : {1, 10, 30, 100}) {
        // More rounds where a round is short: a 1k load takes about a millisecond, and the
        // machine's speed drifts by a third over minutes (bench_dispatch_decision, same code).
        const ScalePoint sp = scaleAt(p, quick || p == 100 ? 3 : p == 1 ? 25 : p == 30 ? 5 : 9);
        const auto crossed = static_cast<std::size_t>(sp.crossedBytes);
        row(QByteArray("    " + QByteArray::number(sp.contracts) + " contracts").constData(),
            num(1000.0 * sp.ms / sp.contracts, 2) + " us",
            QStringLiteral("CPU %1 us; %2 ms in all, CPU %3 ms; median; chain + model hold "
                           "%4 bytes a contract; a load crosses %5 MB, read back here at %6 GB/s")
                .arg(num(1000.0 * sp.cpuMs / sp.contracts, 2), num(sp.ms), num(sp.cpuMs),
                     num(sp.heldBytes / sp.contracts, 0),
                     num(static_cast<double>(crossed) / 1e6, 0),
                     num(readBackGbPerSecond(crossed), 0)));
    }

    std::printf("\n  scaling, the session's load: every expiry judged, picks, one expiry shown\n");
    for (const int p : {1, 10, 100}) {
        const double ms = sessionLoadMs(p, quick || p == 100 ? 3 : p == 1 ? 25 : 9);
        const int n = p * kPerPage;
        row(QByteArray("    " + QByteArray::number(n) + " contracts").constData(),
            ms < 0 ? QStringLiteral("failed") : num(1000.0 * ms / n, 2) + " us",
            QStringLiteral("%1 ms in all; median").arg(num(ms, 2)));
    }
}

} // namespace

int main(int argc, char *argv[]) {
    // The heap as the application tunes it (app/config/heap_tuning.h), so that the loads measured
    // here are the application's; CHAINGATE_BENCH_DEFAULT_HEAP=1 leaves glibc's defaults, to
    // measure what the tuning changes.
    if (!qEnvironmentVariableIsSet("CHAINGATE_BENCH_DEFAULT_HEAP"))
        cg::config::tuneHeapForChainLoads();
    // QGuiApplication: the chain model is QtGui (colours, fonts in its roles); no window opens.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("chaingate.*.info=false\n"
                                                    "chaingate.*.debug=false"));
    const QStringList args = app.arguments();
    const bool quick = args.contains(QStringLiteral("--quick"));
    const auto intArg = [&](const char *name, int fallback) {
        const qsizetype i = args.indexOf(QLatin1String(name));
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1).toInt() : fallback;
    };
    const int contracts = intArg("--contracts", 10000);
    const int ticksPerSecond = intArg("--ticks-per-second", 0);
    if (contracts < kPerPage || contracts % kPerPage != 0 || contracts > 1000000) {
        std::fprintf(stderr,
                     "--contracts: a multiple of 1000 up to 1000000 (1000, 10000, 100000)\n");
        return 2;
    }
    const int pages = contracts / kPerPage;
    const int loadRounds = quick ? 3 : contracts > 10000 ? 3 : 7;
    // --profile-load N: only (a), N times, for callgrind or perf (no peers, no files).
    if (const int n = intArg("--profile-load", 0); n > 0) {
        const ChainData data = makeChain(nullptr, pages);
        std::vector<double> ms, parse, oi, gates, load;
        double held = 0;
        for (int r = 0; r < n; ++r) {
            const double before = heapBytes();
            models::ChainTableModel model;
            model.setLayout(models::ChainTableModel::Layout::Flat);
            const LoadFigures f = loadChain(data, model);
            ms.push_back(f.cpuMs);
            parse.push_back(f.parseMs);
            oi.push_back(f.oiMs);
            gates.push_back(f.gatesMs);
            load.push_back(f.modelMs);
            held = heapBytes() - before;
        }
        // The steps' wall times per contract show which one grows faster than the chain.
        const auto us = [contracts](const std::vector<double> &v) {
            return 1000.0 * median(v) / contracts;
        };
        std::printf("(a) %d contracts: CPU median %.2f ms of %d; chain + model hold %.0f bytes a "
                    "contract; VmHWM %.1f MB\n    per contract (wall medians): parse %.3f us, "
                    "open interest %.3f us, gates %.3f us, model %.3f us\n",
                    contracts, median(ms), n, held / contracts, procStatusMb("VmHWM"), us(parse),
                    us(oi), us(gates), us(load));
        const auto crossed = static_cast<std::size_t>(crossedBytes(data, held));
        std::printf("    a load crosses %.0f MB (pages, chain, entries, model): read back on this "
                    "machine at %.0f GB/s\n",
                    static_cast<double>(crossed) / 1e6, readBackGbPerSecond(crossed));
        const double session = sessionLoadMs(pages, std::min(n, 200));
        if (session < 0) {
            std::printf("    the session's load failed\n");
            return 1;
        }
        std::printf(
            "    the session's load (every expiry judged, picks, one expiry shown): %.2f ms, "
            "%.2f us a contract\n",
            session, 1000.0 * session / contracts);
        return 0;
    }

    // --scaling: only the scaling tables (the step between sizes, without the rest of the run).
    if (args.contains(QStringLiteral("--scaling"))) {
        printScaling(quick);
        return 0;
    }

    // --fetch-only: only (h), our client and the JS SDK against one DEMO server (profiling).
    if (args.contains(QStringLiteral("--fetch-only"))) {
        fake::DemoBackend backend(fake::DemoBackend::Options{});
        const int runs = intArg("--runs", 6);
        const PeerFigures cpp = cppFetch(backend, runs);
        const PeerFigures js = args.contains(QStringLiteral("--no-js"))
                                   ? PeerFigures{}
                                   : jsFetch(backend.baseUrl(), runs);
        std::printf("(h) C++ warm %.1f ms (cold %.1f; the server %.1f ms of it), %lld contracts, "
                    "%lld with OI%s\n",
                    cpp.warmMs, cpp.coldMs, cpp.serverWarmMs, static_cast<long long>(cpp.contracts),
                    static_cast<long long>(cpp.withOi), qPrintable(cpp.error));
        if (js.ok)
            std::printf("    JS SDK %s warm %.1f ms (cold %.1f): %.1fx warm, %.1fx cold, %.1fx "
                        "the clients alone\n",
                        qPrintable(js.version), js.warmMs, js.coldMs, js.warmMs / cpp.warmMs,
                        js.coldMs / cpp.coldMs,
                        (js.warmMs - cpp.serverWarmMs) / (cpp.warmMs - cpp.serverWarmMs));
        else
            std::printf("    JS SDK: %s\n", qPrintable(js.error));
        return 0;
    }

    printMachine();
    QTemporaryDir dir;
    if (!dir.isValid())
        qFatal("no temporary directory");
    const ChainData data = makeChain(&dir, pages);
    qsizetype bytes = 0;
    for (const QByteArray &p : data.snapshotPages)
        bytes += p.size();
    for (const QByteArray &p : data.contractPages)
        bytes += p.size();
    std::printf("data: %d contracts, %zu snapshot pages + %zu contracts pages, %.1f MB of JSON "
                "(in %s)\n\n",
                contracts, data.snapshotPages.size(), data.contractPages.size(),
                static_cast<double>(bytes) / 1e6, qPrintable(dir.path()));
    std::printf("  %-46s %-22s %s\n", "figure", "value", "notes");

    // (a) and (f): the model of the last round stays loaded for (e).
    models::ChainTableModel model;
    model.setLayout(models::ChainTableModel::Layout::Flat);
    std::vector<LoadFigures> runs;
    for (int r = 0; r < loadRounds; ++r) {
        model.clear();
        runs.push_back(loadChain(data, model));
    }
    const auto med = [&](double LoadFigures::*field) {
        std::vector<double> v;
        for (const LoadFigures &f : runs)
            v.push_back(f.*field);
        return median(v);
    };
    const LoadFigures &last = runs.back();
    const QByteArray sizeText = QByteArray::number(contracts / 1000) + "k";
    row(QByteArray("(a) parse + OI + gates + model, " + sizeText + " contracts").constData(),
        num(med(&LoadFigures::totalMs)) + QStringLiteral(" ms"),
        QStringLiteral("median of %1; CPU %2 ms; %3 rows, %4 tradeable")
            .arg(loadRounds)
            .arg(num(med(&LoadFigures::cpuMs)))
            .arg(last.rows)
            .arg(last.tradeable));
    row(QByteArray("    parse " + QByteArray::number(pages) + " snapshot pages").constData(),
        num(med(&LoadFigures::parseMs)) + " ms");
    row(QByteArray("    open interest: " + QByteArray::number(pages) + " contracts pages + merge")
            .constData(),
        num(med(&LoadFigures::oiMs)) + " ms",
        QStringLiteral("%1 contracts with OI").arg(last.withOi));
    row("    five gates on every contract", num(med(&LoadFigures::gatesMs)) + " ms");
    row(QByteArray("    ChainTableModel::setChain (empty -> " + sizeText + ")").constData(),
        num(med(&LoadFigures::modelMs)) + " ms");
    const double hwm = procStatusMb("VmHWM");
    const double rss = procStatusMb("VmRSS");

    // (b): Python and the same C++ work in turn (alternateWithPython).
    const int alternations = 3; // odd: the median is one of the ratios
    const RatioFigures py = alternateWithPython(data, model, QStringLiteral("python3"),
                                                alternations, quick ? 3 : 5, loadRounds);
    if (py.ok) {
        row("(b) Python 3 json: parse + OI + gates", num(py.python.ms) + QStringLiteral(" ms"),
            QStringLiteral("%1, seed_gates.py, median wall of the last run; CPU %2 ms; %3 "
                           "contracts, %4 tradeable%5")
                .arg(py.python.version, num(py.python.cpuMs))
                .arg(py.python.contracts)
                .arg(py.python.tradeable)
                .arg(py.python.tradeable == static_cast<qint64>(last.tradeable)
                         ? QString()
                         : QStringLiteral(" (C++: %1, MISMATCH)").arg(last.tradeable)));
        row("    C++ same work (parse + OI + gates)", num(py.cppCpuMs) + QStringLiteral(" ms"),
            QStringLiteral("CPU, median of the alternations' medians"));
        // CPU time is the fairer ratio when other processes share the cores.
        row("    ratio Python / C++ (CPU time)", ratioText(py),
            QStringLiteral("each Python run over the C++ loads right after it"));
    } else {
        row("(b) Python 3 json: parse + OI + gates", QStringLiteral("n/a"), py.python.error);
    }
    // The ratio depends on how the interpreter was built (a distribution's python3 is built with
    // PGO and LTO, a pyenv one often not): where the PATH's python3 is not the system's, that one
    // runs too.
    const QString systemPython = QStringLiteral("/usr/bin/python3");
    const QString pathPython = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (py.ok && QFileInfo::exists(systemPython) &&
        QFileInfo(pathPython).canonicalFilePath() != QFileInfo(systemPython).canonicalFilePath()) {
        const RatioFigures sys =
            alternateWithPython(data, model, systemPython, alternations, quick ? 3 : 5, loadRounds);
        if (sys.ok)
            row("    ratio, the system's Python 3 (CPU)", ratioText(sys),
                QStringLiteral("%1 (%2), CPU %3 ms in the last run; %4 tradeable")
                    .arg(sys.python.version, systemPython, num(sys.python.cpuMs))
                    .arg(sys.python.tradeable));
        else
            row("    ratio, the system's Python 3 (CPU)", QStringLiteral("n/a"), sys.python.error);
    }

    // (c)
    const double seedUs = decisionMedianUs(test::seedChain(), quick ? 50 : 200);
    const double bigUs = decisionMedianUs(bench::decisionChain(1000), quick ? 10 : 40);
    row("(c) dispatcher decision per signal, no network",
        seedUs < 0 ? QStringLiteral("failed") : QString(num(seedUs, 0) + QStringLiteral(" us")),
        QStringLiteral("median; seed chain, 1,206 contracts; no order, no record"));
    row("    same, 10,000-contract chain",
        bigUs < 0 ? QStringLiteral("failed") : QString(num(bigUs, 0) + QStringLiteral(" us")));

    // (d)
    const int records = quick ? 300 : 1000;
    const auto [sqlite, sqliteErr] =
        recordsPerSecond(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("bench.db")),
                         dir.filePath(QStringLiteral("outbox.db")), records);
    row("(d) executions recorded/s, SQLite file",
        sqliteErr.isEmpty() ? QString(num(sqlite, 0) + QStringLiteral(" /s"))
                            : QStringLiteral("failed"),
        sqliteErr.isEmpty() ? QStringLiteral("%1 records, WAL, one transaction each").arg(records)
                            : sqliteErr);
    if (test::PgFixture::binDir().isEmpty()) {
        row("    executions recorded/s, PostgreSQL", QStringLiteral("not measured"),
            test::PgFixture::missingMessage());
    } else {
        test::PgFixture pg;
        QString err = pg.start({true});
        QString url;
        if (err.isEmpty())
            url = pg.createDatabase(&err);
        if (!err.isEmpty()) {
            row("    executions recorded/s, PostgreSQL", QStringLiteral("not measured"),
                QStringLiteral("PostgreSQL could not start: ") + err.left(200));
        } else {
            const auto [pgRate, pgErr] =
                recordsPerSecond(url, dir.filePath(QStringLiteral("outbox-pg.db")), records);
            row("    executions recorded/s, PostgreSQL",
                pgErr.isEmpty() ? QString(num(pgRate, 0) + QStringLiteral(" /s"))
                                : QStringLiteral("failed"),
                pgErr.isEmpty() ? QStringLiteral("%1 records, loopback, fsync on").arg(records)
                                : pgErr);
        }
    }

    // (e)
    std::mt19937 rng(20261126);
    for (int batch : {1, 100, 1000}) {
        const QuoteFigures q = pushedQuotes(model, batch, batch == 1 ? 2000 : 50, rng);
        row(batch == 1 ? "(e) quote updates/s absorbed by the model" : "",
            num(q.updatesPerSecond, 0) + QStringLiteral(" /s"),
            QStringLiteral("pushed (applyQuotes), batches of %1: %2 ms each, %3 dataChanged "
                           "covering %4 cells")
                .arg(batch)
                .arg(num(q.msPerBatch, 3))
                .arg(num(q.signalsPerBatch, 0))
                .arg(num(q.cellsPerBatch, 0)));
    }
    for (int batch : {1, 100, 1000}) {
        const QuoteFigures q = quoteUpdates(model, batch, batch == 1 ? 20 : 10, rng);
        row(batch == 1 ? "    same changes by snapshot poll (setChain)" : "",
            num(q.updatesPerSecond, 0) + QStringLiteral(" /s"),
            QStringLiteral("batches of %1: %2 ms each, %3 dataChanged covering %4 cells")
                .arg(batch)
                .arg(num(q.msPerBatch, 2))
                .arg(num(q.signalsPerBatch, 0))
                .arg(num(q.cellsPerBatch, 0)));
    }

    // (f)
    row("(f) peak memory, full chain loaded", num(hwm) + QStringLiteral(" MB"),
        QStringLiteral("VmHWM after (a); VmRSS %1 MB").arg(num(rss)));

    // (g)
    const QString gui = qEnvironmentVariable("CHAINGATE_GUI", QStringLiteral(CHAINGATE_GUI_BINARY));
    const LaunchFigures launch = launchDemo(gui, dir, quick ? 1 : 3);
    if (launch.ok) {
        row("(g) DEMO launch -> first chain painted", num(launch.paintedMs, 0) + " ms",
            QStringLiteral("median of %1; chaingate --screenshot, offscreen; PNG saved")
                .arg(quick ? 1 : 3));
        row("    launch -> process exited", num(launch.exitMs, 0) + " ms");
    } else {
        row("(g) DEMO launch -> first chain painted", QStringLiteral("not measured"), launch.error);
    }

    // (h) the same chain fetched and parsed by our client and by Alpaca's official JS SDK, from
    // one DEMO server in this process (loopback HTTP): SPY, every expiry, with open interest.
    {
        fake::DemoBackend backend(fake::DemoBackend::Options{});
        if (!backend.isListening()) {
            row("(h) fetch + parse SPY's chain + OI", QStringLiteral("not measured"),
                backend.errorString());
        } else {
            const int runs = quick ? 3 : 6;
            const PeerFigures cpp = cppFetch(backend, runs);
            const PeerFigures js = jsFetch(backend.baseUrl(), runs);
            if (cpp.ok)
                row("(h) fetch + parse SPY's chain + OI, C++", num(cpp.warmMs) + " ms",
                    QStringLiteral("warm median of %1 (cold %2 ms); %3 contracts, %4 with OI; "
                                   "the DEMO server in this process")
                        .arg(runs - 1)
                        .arg(num(cpp.coldMs))
                        .arg(cpp.contracts)
                        .arg(cpp.withOi));
            else
                row("(h) fetch + parse SPY's chain + OI, C++", QStringLiteral("failed"), cpp.error);
            if (js.ok) {
                row("    Alpaca JS SDK, same server, same work", num(js.warmMs) + " ms",
                    QStringLiteral("@alpacahq/alpaca-trade-api %1, node; warm median (cold %2 ms); "
                                   "%3 contracts, %4 with OI")
                        .arg(js.version, num(js.coldMs))
                        .arg(js.contracts)
                        .arg(js.withOi));
                if (cpp.ok) {
                    row("    ratio JS SDK / C++ (warm)", num(js.warmMs / cpp.warmMs) + " x",
                        QStringLiteral("cold: %1 x; server time is in both")
                            .arg(num(js.coldMs / cpp.coldMs)));
                    // The same seven requests for both: the server's share, as our client's runs
                    // measured it, taken out of each.
                    const double server = cpp.serverWarmMs;
                    row("    the clients alone (server time out)",
                        num((js.warmMs - server) / (cpp.warmMs - server)) + " x",
                        QStringLiteral("the server answered for %1 ms of each fetch; C++ %2 ms, "
                                       "JS SDK %3 ms")
                            .arg(num(server), num(cpp.warmMs - server), num(js.warmMs - server)));
                }
            } else {
                row("    Alpaca JS SDK, same server, same work", QStringLiteral("skipped"),
                    js.error);
            }
        }
    }

    printScaling(quick);

    // The live window at a chosen tick rate (bench_live_quotes, a child process).
    if (ticksPerSecond > 0) {
        const QString live = QStringLiteral(CHAINGATE_LIVE_BENCH_BINARY);
        if (live.isEmpty() || !QFileInfo(live).isExecutable()) {
            row("(i) live window", QStringLiteral("not measured"),
                QStringLiteral("bench_live_quotes is not built"));
        } else {
            QProcess p;
            p.setProcessChannelMode(QProcess::ForwardedChannels);
            std::printf("\n");
            std::fflush(stdout);
            p.start(live, {QStringLiteral("--ticks-per-second"), QString::number(ticksPerSecond)});
            p.waitForFinished(600000);
        }
    }
    return 0;
}
