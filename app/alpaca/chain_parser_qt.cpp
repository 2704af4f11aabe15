// The QJsonDocument chain-page parser: the reference implementation the tests hold the simdjson
// parser to, and the benchmark's baseline.

#include "alpaca/chain_parser.h"
#include "alpaca/rfc3339.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <charconv>
#include <cmath>
#include <limits>

namespace cg::alpaca {

namespace {

enum class Read { Ok, Absent, Wrong };

Read readNumber(const QJsonValue &v, std::optional<double> &out) {
    if (v.isNull() || v.isUndefined()) {
        out.reset();
        return Read::Absent;
    }
    double d = 0;
    if (v.isDouble()) {
        d = v.toDouble();
    } else if (v.isString()) {
        const QByteArray s = v.toString().toLatin1();
        const auto r = std::from_chars(s.constData(), s.constData() + s.size(), d);
        if (r.ec != std::errc{} || r.ptr != s.constData() + s.size())
            return Read::Wrong;
    } else {
        return Read::Wrong;
    }
    if (!std::isfinite(d))
        return Read::Wrong;
    out = d;
    return Read::Ok;
}

Read readCount(const QJsonValue &v, std::optional<std::int64_t> &out) {
    std::optional<double> d;
    const Read r = readNumber(v, d);
    if (r != Read::Ok) {
        out.reset();
        return r;
    }
    if (v.isDouble()) {
        // Integers beyond 2^53 lose precision as doubles; toInteger keeps them exact.
        const qint64 i = v.toInteger(-1);
        if (i >= 0 && static_cast<double>(i) == *d) {
            out = i;
            return Read::Ok;
        }
    }
    if (!(*d >= 0 && *d < 9.0e18) || *d != std::floor(*d))
        return Read::Wrong;
    out = static_cast<std::int64_t>(*d);
    return Read::Ok;
}

// Empty string when fine, else why the contract is skipped.
std::string readSnapshot(const QJsonValue &snapValue, OptionContract &c) {
    if (snapValue.isNull())
        return {};
    if (!snapValue.isObject())
        return "snapshot has the wrong type";
    const QJsonObject snap = snapValue.toObject();

    const QJsonValue quoteValue = snap.value(QLatin1String("latestQuote"));
    if (quoteValue.isObject()) {
        const QJsonObject q = quoteValue.toObject();
        std::optional<double> bid, ask;
        std::optional<std::int64_t> bs, as;
        if (readNumber(q.value(QLatin1String("bp")), bid) == Read::Wrong)
            return "latestQuote.bp has the wrong type";
        if (readNumber(q.value(QLatin1String("ap")), ask) == Read::Wrong)
            return "latestQuote.ap has the wrong type";
        if (readCount(q.value(QLatin1String("bs")), bs) == Read::Wrong)
            return "latestQuote.bs is not a usable number";
        if (readCount(q.value(QLatin1String("as")), as) == Read::Wrong)
            return "latestQuote.as is not a usable number";
        std::optional<Timestamp> time;
        const QJsonValue t = q.value(QLatin1String("t"));
        if (t.isString()) {
            time = parseRfc3339(t.toString().toStdString());
            if (!time)
                return "latestQuote.t is not an RFC-3339 time";
        } else if (!t.isNull() && !t.isUndefined()) {
            return "latestQuote.t has the wrong type";
        }
        if (bid && ask) {
            constexpr std::int64_t kMax = std::numeric_limits<int>::max();
            c.quote =
                Quote{*bid, *ask, static_cast<int>(std::min(bs.value_or(0), kMax)),
                      static_cast<int>(std::min(as.value_or(0), kMax)), time.value_or(Timestamp{})};
        }
    } else if (!quoteValue.isNull() && !quoteValue.isUndefined()) {
        return "latestQuote has the wrong type";
    }

    const QJsonValue tradeValue = snap.value(QLatin1String("latestTrade"));
    if (tradeValue.isObject()) {
        if (readNumber(tradeValue.toObject().value(QLatin1String("p")), c.lastPrice) == Read::Wrong)
            return "latestTrade.p has the wrong type";
    } else if (!tradeValue.isNull() && !tradeValue.isUndefined()) {
        return "latestTrade has the wrong type";
    }

    const QJsonValue greeksValue = snap.value(QLatin1String("greeks"));
    if (greeksValue.isObject()) {
        const QJsonObject g = greeksValue.toObject();
        std::optional<double> delta, gamma, theta, vega, rho;
        if (readNumber(g.value(QLatin1String("delta")), delta) == Read::Wrong ||
            readNumber(g.value(QLatin1String("gamma")), gamma) == Read::Wrong ||
            readNumber(g.value(QLatin1String("theta")), theta) == Read::Wrong ||
            readNumber(g.value(QLatin1String("vega")), vega) == Read::Wrong ||
            readNumber(g.value(QLatin1String("rho")), rho) == Read::Wrong)
            return "greeks has the wrong type";
        if (delta)
            c.greeks = Greeks{*delta, gamma.value_or(0.0), theta.value_or(0.0), vega.value_or(0.0),
                              rho.value_or(0.0)};
    } else if (!greeksValue.isNull() && !greeksValue.isUndefined()) {
        return "greeks has the wrong type";
    }

    if (readNumber(snap.value(QLatin1String("impliedVolatility")), c.impliedVol) == Read::Wrong)
        return "impliedVolatility has the wrong type";

    const QJsonValue barValue = snap.value(QLatin1String("dailyBar"));
    if (barValue.isObject()) {
        if (readCount(barValue.toObject().value(QLatin1String("v")), c.volume) == Read::Wrong)
            return "dailyBar.v is not a usable number";
    } else if (!barValue.isNull() && !barValue.isUndefined()) {
        return "dailyBar has the wrong type";
    }
    return {};
}

} // namespace

Result<ChainPageInfo> parseChainPageQt(std::string_view json, std::string_view underlying,
                                       std::vector<OptionContract> &out) {
    if (json.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        return detail::pageError("it is too large");
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(json.data(), static_cast<qsizetype>(json.size())), &pe);
    if (pe.error != QJsonParseError::NoError)
        return detail::pageError(json.empty() ? std::string("the answer is empty")
                                              : "invalid JSON (" + pe.errorString().toStdString() +
                                                    " at byte " + std::to_string(pe.offset) + ")");
    if (!doc.isObject())
        return detail::pageError("it is not a JSON object");
    const QJsonObject root = doc.object();

    ChainPageInfo info;
    const QJsonValue token = root.value(QLatin1String("next_page_token"));
    if (token.isString()) {
        if (!token.toString().isEmpty())
            info.nextPageToken = token.toString().toStdString();
    } else if (!token.isNull() && !token.isUndefined()) {
        return detail::pageError("\"next_page_token\" is neither a string nor null");
    }

    const QJsonValue snapsValue = root.value(QLatin1String("snapshots"));
    if (snapsValue.isUndefined())
        return detail::pageError("it has no \"snapshots\"");
    if (snapsValue.isNull())
        return info;
    if (!snapsValue.isObject())
        return detail::pageError("\"snapshots\" is not an object");
    const QJsonObject snaps = snapsValue.toObject();
    const std::size_t start = out.size();
    out.reserve(start + static_cast<std::size_t>(snaps.size()));
    for (auto it = snaps.constBegin(); it != snaps.constEnd(); ++it) {
        const std::string symbol = it.key().toStdString();
        OptionContract &c = out.emplace_back();
        if (!detail::fillIdentity(c, symbol, underlying, info.skipped)) {
            out.pop_back();
            continue;
        }
        const std::string why = readSnapshot(it.value(), c);
        if (!why.empty()) {
            info.skipped.add(detail::printable(symbol) + ": " + why);
            out.pop_back();
        }
    }
    info.contracts = static_cast<int>(out.size() - start);
    return info;
}

} // namespace cg::alpaca
