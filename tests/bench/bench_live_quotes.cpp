// bench_live_quotes: issue 8's streaming figures for a 10,000-contract chain.
//  1. ChainTableModel::setChain: empty -> 10k rows, and a poll of 10k with 100 changed quotes
//     (the snapshot path, a full diff);
//  2. ChainTableModel::applyQuotes: pushed quotes per second the model absorbs (batches of 1 to
//     10,000 ticks, each contract's quote and spread gates judged again);
//  3. GUI responsiveness: ticks produced at a fixed rate on the GUI thread (as a WebSocket stream
//     delivers them) into the QuoteCoalescer (15 Hz) feeding the model shown in the console's
//     ChainView (offscreen, 1600 x 1000, flashes on); a 1 ms probe timer measures event-loop
//     stalls; every flush and every paint of the view is timed, with the share of the viewport
//     it repainted.
// Prints figures; not a pass/fail test. Build Release for meaningful numbers.
//  4. --paint, alone: the CPU of one full repaint of the view with every quote cell mid-flash.
//   bench_live_quotes [--quick] [--ticks-per-second N] [--window-proxies] [--flat|--side-by-side]
//                     [--max-batch N] [--paint [--paint-image PREFIX]]
//   N: only the live-window runs, at N. --window-proxies: the view shows the model through the
//   console's strike-window and passing-filter proxies, sorted by strike (as the window does).

#include "alpaca/chain_parser.h"
#include "domain/gates.h"
#include "models/chain_table_model.h"
#include "models/passing_filter_proxy_model.h"
#include "models/quote_coalescer.h"
#include "models/strike_window_proxy_model.h"
#include "support/chain_page_generator.h"
#include "ui/chain_delegate.h"
#include "ui/chain_view.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLoggingCategory>
#include <QPaintEvent>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <time.h>

using namespace cg;
using models::ChainTableModel;

namespace {

constexpr double kSpot = 600.0;
const Timestamp kNow = std::chrono::time_point_cast<std::chrono::milliseconds>(
    std::chrono::sys_days{std::chrono::year{2026} / 1 / 2} + std::chrono::hours(17));

// Streamed ticks come after the snapshots' quotes (stamped 19:59:59 by the page generator): a
// tick older than the quote held is dropped, as a late one should be.
const Timestamp kTape = kNow + std::chrono::hours(4);

double msSince(const QElapsedTimer &t) {
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

// CPU time of this thread: the machine is shared, so wall time includes waiting for a core.
double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

double median(std::vector<double> v) {
    return percentile(std::move(v), 0.5);
}

std::vector<models::ChainEntry> makeEntries() {
    const testing::GeneratedChain g = testing::generateChainPages(10, 1000, "SPY", kSpot);
    std::vector<OptionContract> chain;
    for (const std::string &p : g.pages)
        if (!alpaca::parseChainPage(p, "SPY", chain))
            qFatal("parse failed");
    std::vector<models::ChainEntry> out;
    out.reserve(chain.size());
    for (OptionContract &c : chain) {
        c.openInterest = 500;
        out.emplace_back(std::move(c), GateThresholds{}, kNow);
    }
    return out;
}

// A tick moving a contract's quote by a few cents from what it was.
struct TickSource {
    std::vector<std::string> symbols;
    std::vector<Quote> quotes;
    std::mt19937 rng{20261126};

    explicit TickSource(const std::vector<models::ChainEntry> &entries) {
        for (const auto &e : entries) {
            symbols.push_back(e.contract.symbol);
            quotes.push_back(e.contract.quote.value_or(Quote{1.0, 1.05, 1, 1, {}}));
        }
    }
    std::int64_t sequence = 0; // each tick a millisecond after the one before
    OptionQuoteTick next() {
        std::uniform_int_distribution<std::size_t> pick(0, symbols.size() - 1);
        std::uniform_int_distribution<int> move(-3, 3);
        const std::size_t i = pick(rng);
        Quote &q = quotes[i];
        q.bid = std::max(0.01, q.bid + 0.01 * move(rng));
        q.ask = std::max(q.bid + 0.01, q.ask + 0.01 * move(rng));
        OptionQuoteTick t;
        t.symbol = symbols[i];
        t.bid = q.bid;
        t.ask = q.ask;
        t.bidSize = 10;
        t.askSize = 12;
        t.time = kTape + std::chrono::milliseconds(++sequence);
        return t;
    }
};

void printRow(const char *figure, const QString &value, const QString &note = {}) {
    std::printf("  %-48s %-18s %s\n", figure, qPrintable(value), qPrintable(note));
}

QString num(double v, int decimals = 1) {
    return QLocale(QLocale::English).toString(v, 'f', decimals);
}

class TimedView : public ui::ChainView {
public:
    std::vector<double> paints, paintsCpu, paintsShare; // share: of the viewport repainted
    double areaShare = 0;                               // sum of the shares

protected:
    void paintEvent(QPaintEvent *e) override {
        QElapsedTimer t;
        t.start();
        const double cpu = threadCpuMs();
        ui::ChainView::paintEvent(e);
        paints.push_back(msSince(t));
        paintsCpu.push_back(threadCpuMs() - cpu);
        double area = 0;
        for (const QRect &r : e->region())
            area += double(r.width()) * r.height();
        const QSize v = viewport()->size();
        paintsShare.push_back(area / std::max(1.0, double(v.width()) * v.height()));
        areaShare += paintsShare.back();
    }
};

// The view over the model, shown and exposed; with windowProxies through the window's two proxy
// models, as ui/main_window.cpp shows the chain.
void showChain(TimedView &view, ChainTableModel &model, models::StrikeWindowProxyModel &window,
               models::PassingFilterProxyModel &passing, bool windowProxies) {
    if (windowProxies) {
        window.setSourceModel(&model);
        passing.setSourceModel(&window);
        view.setModel(&passing);
        view.horizontalHeader()->setSortIndicator(model.strikeColumn(), Qt::AscendingOrder);
    } else {
        view.setModel(&model);
    }
    view.resize(1600, 1000);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view))
        qFatal("view not exposed");
}

struct GuiFigures {
    double producedPerSec = 0, deliveredPerSec = 0, appliedPerSec = 0;
    quint64 flushes = 0;
    double gapMax = 0, gapP99 = 0, flushMax = 0, flushP99 = 0, paintMax = 0, paintP99 = 0;
    double flushCpuMax = 0, flushCpuP99 = 0, paintCpuMax = 0, paintCpuP99 = 0, cpuShare = 0;
    std::size_t paints = 0, gapsOver16 = 0, probes = 0;
    double viewportsPainted = 0;  // paints weighted by the share of the viewport they covered
    double slowestPaintShare = 0; // the share of the viewport the longest paint (CPU) covered
};

GuiFigures guiRun(const std::vector<models::ChainEntry> &entries, ChainTableModel::Layout layout,
                  double ticksPerSecond, int ms, bool windowProxies, int maxBatch) {
    ChainTableModel model;
    model.setLayout(layout);
    model.setChain(entries, kSpot, {}, QDateTime::currentMSecsSinceEpoch());
    TimedView view;
    models::StrikeWindowProxyModel window;
    models::PassingFilterProxyModel passing;
    showChain(view, model, window, passing, windowProxies);
    QTest::qWait(100);
    view.paints.clear();
    view.paintsCpu.clear();
    view.paintsShare.clear();
    view.areaShare = 0;

    models::QuoteCoalescer coalescer;
    if (maxBatch > 0)
        coalescer.setMaxBatch(maxBatch);
    std::vector<double> flushMs, flushCpu;
    quint64 applied = 0;
    coalescer.setSink([&](const std::vector<OptionQuoteTick> &ticks) {
        QElapsedTimer t;
        t.start();
        const double cpu = threadCpuMs();
        const auto s =
            model.applyQuotes(ticks, GateThresholds{}, QDateTime::currentMSecsSinceEpoch());
        applied += static_cast<quint64>(s.applied);
        flushMs.push_back(msSince(t));
        flushCpu.push_back(threadCpuMs() - cpu);
    });

    TickSource source(entries);
    QElapsedTimer clock;
    quint64 produced = 0;
    QTimer producer;
    producer.setTimerType(Qt::PreciseTimer);
    producer.setInterval(1);
    // As many ticks as the rate asks for by now, in frames of at most 200 (one WebSocket frame).
    QObject::connect(&producer, &QTimer::timeout, [&] {
        const auto due = static_cast<quint64>(ticksPerSecond * msSince(clock) / 1000.0);
        while (produced < due) {
            std::vector<OptionQuoteTick> frame;
            const quint64 n = std::min<quint64>(200, due - produced);
            frame.reserve(n);
            for (quint64 k = 0; k < n; ++k)
                frame.push_back(source.next());
            produced += n;
            coalescer.add(frame);
        }
    });
    std::vector<double> gaps;
    QElapsedTimer sinceProbe;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        gaps.push_back(msSince(sinceProbe));
        sinceProbe.start();
    });

    const double cpu0 = threadCpuMs();
    clock.start();
    sinceProbe.start();
    producer.start();
    probe.start();
    QTest::qWait(ms);
    producer.stop();
    probe.stop();
    const double seconds = msSince(clock) / 1000.0;
    const double cpuSeconds = (threadCpuMs() - cpu0) / 1000.0;

    GuiFigures f;
    f.producedPerSec = static_cast<double>(produced) / seconds;
    f.deliveredPerSec = static_cast<double>(coalescer.delivered()) / seconds;
    f.appliedPerSec = static_cast<double>(applied) / seconds;
    f.flushes = coalescer.flushes();
    f.gapMax = gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end());
    f.gapP99 = percentile(gaps, 0.99);
    f.gapsOver16 = static_cast<std::size_t>(
        std::count_if(gaps.begin(), gaps.end(), [](double g) { return g > 16.0; }));
    f.probes = gaps.size();
    f.flushMax = flushMs.empty() ? 0 : *std::max_element(flushMs.begin(), flushMs.end());
    f.flushP99 = percentile(flushMs, 0.99);
    f.paints = view.paints.size();
    f.paintMax =
        view.paints.empty() ? 0 : *std::max_element(view.paints.begin(), view.paints.end());
    f.paintP99 = percentile(view.paints, 0.99);
    const auto maxOf = [](const std::vector<double> &v) {
        return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
    };
    f.flushCpuMax = maxOf(flushCpu);
    f.flushCpuP99 = percentile(flushCpu, 0.99);
    f.paintCpuMax = maxOf(view.paintsCpu);
    f.paintCpuP99 = percentile(view.paintsCpu, 0.99);
    f.viewportsPainted = view.areaShare;
    if (!view.paintsCpu.empty())
        f.slowestPaintShare = view.paintsShare[static_cast<std::size_t>(
            std::max_element(view.paintsCpu.begin(), view.paintsCpu.end()) -
            view.paintsCpu.begin())];
    f.cpuShare = cpuSeconds / seconds;
    return f;
}

// The cost of one repaint of the whole view, apart from the stream: every contract requoted (each
// quote cell stamped, half-way through its flash, the delegate's clock held there), then the
// viewport repainted `repaints` times. CPU ms per paint (median) and the cells a paint covers.
struct PaintFigures {
    double cpuMedian = 0, cpuMin = 0;
    int cells = 0;
};

PaintFigures paintRun(const std::vector<models::ChainEntry> &entries,
                      ChainTableModel::Layout layout, bool windowProxies, int repaints,
                      const QString &image) {
    ChainTableModel model;
    model.setLayout(layout);
    model.setChain(entries, kSpot, {}, 1);
    TimedView view;
    models::StrikeWindowProxyModel window;
    models::PassingFilterProxyModel passing;
    showChain(view, model, window, passing, windowProxies);
    constexpr qint64 kStampMs = 1'767'364'200'000;
    if (auto *cells = qobject_cast<ui::ChainDelegate *>(view.itemDelegate()))
        cells->setClock([] { return kStampMs + ui::ChainDelegate::kFlashMs / 2; });
    TickSource source(entries);
    std::vector<OptionQuoteTick> ticks;
    for (std::size_t i = 0; i < entries.size() * 4; ++i)
        ticks.push_back(source.next());
    model.applyQuotes(ticks, GateThresholds{}, kStampMs);
    QTest::qWait(50);
    view.paints.clear();
    view.paintsCpu.clear();
    view.paintsShare.clear();
    for (int i = 0; i < repaints; ++i)
        view.viewport()->repaint();
    if (!image.isEmpty()) // to compare the pixels of two builds
        view.grab().save(image);
    PaintFigures f;
    f.cpuMedian = median(view.paintsCpu);
    f.cpuMin = view.paintsCpu.empty()
                   ? 0
                   : *std::min_element(view.paintsCpu.begin(), view.paintsCpu.end());
    int columns = 0;
    for (int c = 0; c < view.model()->columnCount(); ++c) {
        const int x = view.columnViewportPosition(c);
        if (!view.isColumnHidden(c) && x < view.viewport()->width() && x + view.columnWidth(c) > 0)
            ++columns;
    }
    const int rows = view.rowAt(view.viewport()->height() - 1) - view.rowAt(0) + 1;
    f.cells = columns * rows;
    return f;
}

} // namespace

int main(int argc, char *argv[]) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("chaingate.*.info=false\n"
                                                    "chaingate.*.debug=false"));
    const QStringList args = app.arguments();
    const bool quick = args.contains(QStringLiteral("--quick"));
    const int rounds = quick ? 3 : 7;
    // --ticks-per-second N: only the live-window runs, at that rate (flat and side by side).
    const qsizetype rateAt = args.indexOf(QStringLiteral("--ticks-per-second"));
    const double onlyRate =
        rateAt >= 0 && rateAt + 1 < args.size() ? args.at(rateAt + 1).toDouble() : 0;
    const bool windowProxies = args.contains(QStringLiteral("--window-proxies"));
    // --max-batch N: the coalescer's chunk (ticks handed to the model a turn) instead of its own.
    const qsizetype batchAt = args.indexOf(QStringLiteral("--max-batch"));
    const int maxBatch =
        batchAt >= 0 && batchAt + 1 < args.size() ? args.at(batchAt + 1).toInt() : 0;
    const bool onlyFlat = args.contains(QStringLiteral("--flat"));
    const bool onlySbs = args.contains(QStringLiteral("--side-by-side"));

    const std::vector<models::ChainEntry> entries = makeEntries();
    std::printf("data: %zu contracts (generated snapshot pages, production parser, five gates)\n\n",
                entries.size());
    std::printf("  %-48s %-18s %s\n", "figure", "value", "notes");

    // 4. Paints alone (--paint), and nothing else.
    if (args.contains(QStringLiteral("--paint"))) {
        for (const auto layout :
             {ChainTableModel::Layout::Flat, ChainTableModel::Layout::SideBySide}) {
            const bool flat = layout == ChainTableModel::Layout::Flat;
            if ((onlyFlat && !flat) || (onlySbs && flat))
                continue;
            const qsizetype imageAt = args.indexOf(QStringLiteral("--paint-image"));
            const QString image = imageAt >= 0 && imageAt + 1 < args.size()
                                      ? args.at(imageAt + 1) + (flat ? "-flat.png" : "-sbs.png")
                                      : QString();
            const PaintFigures f =
                paintRun(entries, layout, windowProxies, quick ? 30 : 100, image);
            printRow(flat ? "ChainView full repaint, CPU (flat)"
                          : "ChainView full repaint, CPU (side by side)",
                     num(f.cpuMedian, 2) + " ms",
                     QStringLiteral("median of %1 (min %2 ms); %3 cells, %4 us a cell%5")
                         .arg(quick ? 30 : 100)
                         .arg(num(f.cpuMin, 2))
                         .arg(f.cells)
                         .arg(num(1000.0 * f.cpuMedian / std::max(1, f.cells), 2))
                         .arg(windowProxies ? QStringLiteral(", through the proxies") : QString()));
        }
        return 0;
    }

    // 1. setChain
    for (const auto layout :
         onlyRate > 0 ? std::vector<ChainTableModel::Layout>{}
                      : std::vector<ChainTableModel::Layout>{ChainTableModel::Layout::Flat,
                                                             ChainTableModel::Layout::SideBySide}) {
        ChainTableModel model;
        model.setLayout(layout);
        std::vector<double> load;
        for (int r = 0; r < rounds; ++r) {
            model.clear();
            std::vector<models::ChainEntry> copy = entries;
            QElapsedTimer t;
            t.start();
            model.setChain(std::move(copy), kSpot, {}, 1);
            load.push_back(msSince(t));
        }
        const bool flat = layout == ChainTableModel::Layout::Flat;
        printRow(flat ? "setChain, empty -> 10k (flat)" : "setChain, empty -> 10k (side by side)",
                 num(median(load)) + " ms",
                 QStringLiteral("median of %1; %2 rows").arg(rounds).arg(model.rowCount()));
        // A poll: the whole chain again with 100 changed quotes, diffed.
        std::vector<double> poll;
        TickSource source(entries);
        std::vector<models::ChainEntry> next = entries;
        for (int r = 0; r < rounds; ++r) {
            for (int k = 0; k < 100; ++k) {
                const OptionQuoteTick tk = source.next();
                for (auto &e : next)
                    if (e.contract.symbol == tk.symbol) {
                        e.contract.quote = Quote{tk.bid, tk.ask, 10, 12, kNow};
                        e.gates.judge(e.contract, GateThresholds{}, kNow);
                        break;
                    }
            }
            std::vector<models::ChainEntry> copy = next;
            QElapsedTimer t;
            t.start();
            model.setChain(std::move(copy), kSpot, {}, 2 + r);
            poll.push_back(msSince(t));
        }
        printRow(flat ? "setChain, poll of 10k with 100 changes (flat)"
                      : "setChain, poll of 10k with 100 changes (sbs)",
                 num(median(poll)) + " ms", QStringLiteral("median of %1; full diff").arg(rounds));
    }

    // 2. applyQuotes
    if (onlyRate <= 0) {
        ChainTableModel model;
        model.setLayout(ChainTableModel::Layout::Flat);
        model.setChain(entries, kSpot, {}, 1);
        long long signals = 0;
        QObject::connect(&model, &QAbstractItemModel::dataChanged, [&] { ++signals; });
        TickSource source(entries);
        for (const int batch : {1, 100, 1000, 10000}) {
            const int n = batch == 1 ? 2000 : batch == 100 ? 200 : batch == 1000 ? 30 : 8;
            std::vector<double> ms;
            signals = 0;
            for (int r = 0; r < n; ++r) {
                std::vector<OptionQuoteTick> ticks;
                ticks.reserve(static_cast<std::size_t>(batch));
                for (int k = 0; k < batch; ++k)
                    ticks.push_back(source.next());
                QElapsedTimer t;
                t.start();
                model.applyQuotes(ticks, GateThresholds{}, 10 + r);
                ms.push_back(msSince(t));
            }
            const double m = median(ms);
            printRow(batch == 1 ? "applyQuotes: quote updates/s absorbed" : "",
                     num(batch / (m / 1e3), 0) + " /s",
                     QStringLiteral("batches of %1: %2 ms each (median of %3), %4 dataChanged "
                                    "per batch")
                         .arg(batch)
                         .arg(num(m, 3))
                         .arg(n)
                         .arg(num(static_cast<double>(signals) / n, 0)));
        }
    }

    // 3. GUI responsiveness
    const int runMs = quick ? 1500 : 3000;
    struct Scenario {
        ChainTableModel::Layout layout;
        double rate;
        const char *name;
    };
    std::vector<Scenario> scenarios{
        Scenario{ChainTableModel::Layout::Flat, 10000, "flat, 10k ticks/s"},
        Scenario{ChainTableModel::Layout::Flat, 50000, "flat, 50k ticks/s"},
        Scenario{ChainTableModel::Layout::Flat, 200000, "flat, 200k ticks/s"},
        Scenario{ChainTableModel::Layout::SideBySide, 50000, "side by side, 50k ticks/s"}};
    const QByteArray flatName = "flat, " + QByteArray::number(onlyRate, 'f', 0) + " ticks/s";
    const QByteArray sbsName = "side by side, " + QByteArray::number(onlyRate, 'f', 0) + " ticks/s";
    if (onlyRate > 0)
        scenarios = {Scenario{ChainTableModel::Layout::Flat, onlyRate, flatName.constData()},
                     Scenario{ChainTableModel::Layout::SideBySide, onlyRate, sbsName.constData()}};
    for (const Scenario &s : scenarios) {
        const bool flat = s.layout == ChainTableModel::Layout::Flat;
        if ((onlyFlat && !flat) || (onlySbs && flat))
            continue;
        const GuiFigures f = guiRun(entries, s.layout, s.rate, runMs, windowProxies, maxBatch);
        std::printf("\n  GUI: %s into a 10k-contract chain in ChainView%s (offscreen), %.1f s\n",
                    s.name, windowProxies ? " through the window's proxies" : "", runMs / 1000.0);
        printRow("    ticks produced / handed to model / applied", num(f.producedPerSec, 0) + " /s",
                 QStringLiteral("%1 /s coalesced into %2 flushes, %3 /s changed a contract")
                     .arg(num(f.deliveredPerSec, 0))
                     .arg(f.flushes)
                     .arg(num(f.appliedPerSec, 0)));
        printRow("    event-loop stall (1 ms probe gap)",
                 QStringLiteral("max %1 ms").arg(num(f.gapMax)),
                 QStringLiteral("p99 %1 ms; %2 of %3 gaps > 16 ms%4")
                     .arg(num(f.gapP99))
                     .arg(f.gapsOver16)
                     .arg(f.probes)
                     .arg(f.gapsOver16 ? QStringLiteral(" (EXCEEDED 16 ms)") : QString()));
        printRow("    flush (applyQuotes + dataChanged), wall",
                 QStringLiteral("max %1 ms").arg(num(f.flushMax, 2)),
                 QStringLiteral("p99 %1 ms; CPU max %2 ms, p99 %3 ms")
                     .arg(num(f.flushP99, 2), num(f.flushCpuMax, 2), num(f.flushCpuP99, 2)));
        printRow("    ChainView paint, wall", QStringLiteral("max %1 ms").arg(num(f.paintMax, 2)),
                 QStringLiteral("p99 %1 ms; CPU max %2 ms, p99 %3 ms; %4 paints")
                     .arg(num(f.paintP99, 2), num(f.paintCpuMax, 2), num(f.paintCpuP99, 2))
                     .arg(f.paints));
        printRow("    viewport repainted", num(f.viewportsPainted, 1) + " viewports",
                 QStringLiteral("paints weighted by the share of the viewport each covered; "
                                "the longest (CPU) covered %1 %")
                     .arg(num(100.0 * f.slowestPaintShare, 0)));
        printRow("    GUI thread busy", num(100.0 * f.cpuShare, 0) + " % of a core",
                 QStringLiteral("CPU time / wall time over the run (ticks produced included)"));
    }
    return 0;
}
