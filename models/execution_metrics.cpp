#include "models/execution_metrics.h"

#include "domain/account.h"
#include "domain/eastern_time.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <map>
#include <numeric>

namespace cg::models {

namespace {

constexpr const char *kGateKeys[5] = {"quote_valid", "spread", "not_expired", "open_interest",
                                      "volume"};

std::optional<double> percent(int part, int whole) {
    return whole > 0 ? std::optional(100.0 * part / whole) : std::nullopt;
}

std::optional<double> mean(const std::vector<double> &v) {
    if (v.empty())
        return std::nullopt;
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

std::optional<double> maximum(const std::vector<double> &v) {
    if (v.empty())
        return std::nullopt;
    return *std::max_element(v.begin(), v.end());
}

void countGates(const QJsonObject &o, std::array<GatePassRate, 5> &gates) {
    QJsonObject g = o.value(QStringLiteral("gates")).toObject();
    if (g.isEmpty())
        g = o.value(QStringLiteral("contract"))
                .toObject()
                .value(QStringLiteral("gates"))
                .toObject();
    for (size_t i = 0; i < gates.size(); ++i) {
        const QJsonValue v = g.value(QLatin1String(kGateKeys[i]));
        if (!v.isObject())
            continue;
        ++gates[i].evaluated;
        if (v.toObject().value(QStringLiteral("pass")).toBool())
            ++gates[i].passed;
    }
}

} // namespace

std::optional<double> ExecutionMetrics::modeSharePct(ExecutionMode m) const {
    return percent(count(m), total);
}
std::optional<double> ExecutionMetrics::orderSharePct() const {
    return percent(ordersPlaced, decided);
}
std::optional<double> ExecutionMetrics::fillRatePct() const {
    return percent(filled, ordersPlaced);
}
std::optional<double> ExecutionMetrics::avgSpreadPct() const {
    return mean(entrySpreads);
}
std::optional<double> ExecutionMetrics::maxSpreadPct() const {
    return maximum(entrySpreads);
}
std::optional<double> ExecutionMetrics::avgSlippagePct() const {
    return mean(slippagesPct);
}
std::optional<double> ExecutionMetrics::worstSlippagePct() const {
    return maximum(slippagesPct);
}
std::optional<double> ExecutionMetrics::avgSlippageDollars() const {
    return mean(slippagesDollars);
}
bool ExecutionMetrics::meetsOrderShareTarget() const {
    const auto s = orderSharePct();
    return s && *s >= kTargetOrderSharePct;
}
bool ExecutionMetrics::meetsSpreadTarget() const {
    const auto s = avgSpreadPct();
    return s && *s < kTargetAvgSpreadPct;
}

std::optional<Timestamp> periodStart(MetricsPeriod period, Timestamp now) {
    using namespace std::chrono;
    switch (period) {
    case MetricsPeriod::Today:
        return easternInstant(easternDate(now), 0, 0);
    case MetricsPeriod::Last7Days:
        return now - days(7);
    case MetricsPeriod::Last30Days:
        return now - days(30);
    case MetricsPeriod::AllTime:
        return std::nullopt;
    }
    return std::nullopt;
}

ExecutionMetrics computeExecutionMetrics(const std::vector<ExecutionRecord> &rows,
                                         std::optional<Timestamp> from, std::optional<Timestamp> to,
                                         const std::string &source) {
    std::vector<const ExecutionRecord *> inPeriod;
    for (const ExecutionRecord &r : rows) {
        if ((from && r.createdAt < *from) || (to && r.createdAt >= *to))
            continue;
        if (!source.empty() && r.source != source)
            continue;
        inPeriod.push_back(&r);
    }
    std::stable_sort(inPeriod.begin(), inPeriod.end(),
                     [](const auto *a, const auto *b) { return a->createdAt < b->createdAt; });

    // A replace (PATCH) is the same decision with new figures: its rows after the first are not
    // decisions, and the order's outcome (status, fill) is its last order's.
    std::map<std::string_view, const ExecutionRecord *> replacedBy;
    for (const ExecutionRecord &r : rows)
        if (!r.replacesOrderId.empty() && r.orderStatus != "rejected")
            replacedBy[r.replacesOrderId] = &r;
    const auto lastOf = [&replacedBy](const ExecutionRecord *r) {
        for (int hops = 0; hops < 100 && !r->orderId.empty(); ++hops) { // never a cycle
            const auto next = replacedBy.find(r->orderId);
            if (next == replacedBy.end())
                break;
            r = next->second;
        }
        return r;
    };

    ExecutionMetrics m;
    for (const ExecutionRecord *entry : inPeriod) {
        if (!entry->replacesOrderId.empty())
            continue;
        const ExecutionRecord *r = entry; // the decision: its mode, gates and entry spread
        const ExecutionRecord *outcome = lastOf(entry);
        ++m.total;
        const auto mode = static_cast<size_t>(r->mode);
        if (mode < m.modes.size())
            ++m.modes[mode];
        if (r->mode != ExecutionMode::RejectedByUser)
            ++m.decided;
        const QJsonObject explain =
            r->explainJson.empty()
                ? QJsonObject()
                : QJsonDocument::fromJson(QByteArray::fromStdString(r->explainJson)).object();
        countGates(explain, m.gates);
        if (!isOrderMode(r->mode))
            continue;
        ++m.ordersPlaced;
        if (outcome->orderStatus == "filled")
            ++m.filled;
        else if (!isFinalOrderStatus(outcome->orderStatus))
            ++m.open;
        if (r->spreadPct)
            m.entrySpreads.push_back(*r->spreadPct);
        if (outcome->fillPrice && r->bid && r->ask && outcome->orderStatus != "canceled") {
            const double mid = (*r->bid + *r->ask) / 2.0;
            if (mid > 0.0) {
                // Selling below mid costs the trader, as does buying above it. A stock SELL
                // says so in its action; an option's side is in explain_json (its action is
                // CALL or PUT, a sell to close too).
                const bool sells =
                    r->action == "SELL" ||
                    explain.value(QStringLiteral("side")).toString() == QLatin1String("sell");
                const double sign = sells ? -1.0 : 1.0;
                const double slip = sign * (*outcome->fillPrice - mid);
                m.slippagesDollars.push_back(slip);
                m.slippagesPct.push_back(slip / mid * 100.0);
            }
        }
    }
    return m;
}

} // namespace cg::models
