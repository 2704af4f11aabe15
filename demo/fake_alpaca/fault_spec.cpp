#include "fake_alpaca/fault_spec.h"

#include <QStringList>

namespace cg::fake {

namespace {

constexpr char kKnown[] = "latency, 429-burst, 500s, drop-order-response, malformed, truncated, "
                          "slow-stream, rate-limit, on, stream-disconnect, stream-silence, "
                          "stream-malformed";

std::optional<int> parseCount(const QString &v) {
    bool ok = false;
    const int n = v.toInt(&ok);
    if (!ok || n < 0 || v.startsWith(QLatin1Char('+')))
        return std::nullopt;
    return n;
}

std::optional<std::chrono::milliseconds> parseDuration(QString v) {
    int scale = 1;
    if (v.endsWith(QLatin1String("ms"))) {
        v.chop(2);
    } else if (v.endsWith(QLatin1Char('s'))) {
        v.chop(1);
        scale = 1000;
    }
    const auto n = parseCount(v);
    if (!n || *n > 600'000 / scale)
        return std::nullopt;
    return std::chrono::milliseconds{*n * scale};
}

} // namespace

bool FaultSpec::isEmpty() const {
    return latency.count() == 0 && burst429 == 0 && errors500 == 0 && dropOrderResponses == 0 &&
           malformed == 0 && truncated == 0 && slowStream.count() == 0 && rateLimitPerMinute == 0 &&
           streamDisconnect.count() == 0 && streamSilence.count() == 0 && streamMalformed == 0;
}

QString FaultSpec::toString() const {
    QStringList parts;
    if (latency.count() > 0)
        parts << QStringLiteral("latency=%1ms").arg(latency.count());
    if (burst429 > 0)
        parts << QStringLiteral("429-burst=%1").arg(burst429);
    if (errors500 > 0)
        parts << QStringLiteral("500s=%1").arg(errors500);
    if (dropOrderResponses > 0)
        parts << QStringLiteral("drop-order-response=%1").arg(dropOrderResponses);
    if (malformed > 0)
        parts << QStringLiteral("malformed=%1").arg(malformed);
    if (truncated > 0)
        parts << QStringLiteral("truncated=%1").arg(truncated);
    if (slowStream.count() > 0)
        parts << QStringLiteral("slow-stream=%1ms").arg(slowStream.count());
    if (rateLimitPerMinute > 0)
        parts << QStringLiteral("rate-limit=%1").arg(rateLimitPerMinute);
    if (streamDisconnect.count() > 0)
        parts << QStringLiteral("stream-disconnect=%1ms").arg(streamDisconnect.count());
    if (streamSilence.count() > 0)
        parts << QStringLiteral("stream-silence=%1ms").arg(streamSilence.count());
    if (streamMalformed > 0)
        parts << QStringLiteral("stream-malformed=%1").arg(streamMalformed);
    if (!pathPrefix.isEmpty())
        parts << QStringLiteral("on=%1").arg(pathPrefix);
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QLatin1Char(','));
}

cg::Result<FaultSpec> FaultSpec::parse(const QString &text) {
    FaultSpec spec;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed == QLatin1String("none"))
        return spec;
    for (const QString &raw : trimmed.split(QLatin1Char(','))) {
        const QString item = raw.trimmed();
        const qsizetype eq = item.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return Error::make(QStringLiteral("Fault '%1' needs a value, like latency=200ms")
                                   .arg(item)
                                   .toStdString());
        const QString key = item.left(eq).trimmed();
        const QString value = item.mid(eq + 1).trimmed();
        const auto badValue = [&](const char *expected) {
            return Error::make(QStringLiteral("Fault %1 has the bad value '%2' (expected %3)")
                                   .arg(key, value, QLatin1String(expected))
                                   .toStdString());
        };
        std::chrono::milliseconds *duration = nullptr;
        if (key == QLatin1String("latency"))
            duration = &spec.latency;
        else if (key == QLatin1String("slow-stream"))
            duration = &spec.slowStream;
        else if (key == QLatin1String("stream-disconnect"))
            duration = &spec.streamDisconnect;
        else if (key == QLatin1String("stream-silence"))
            duration = &spec.streamSilence;
        if (duration) {
            const auto d = parseDuration(value);
            if (!d)
                return badValue("a duration like 200ms or 2s, at most 600s");
            *duration = *d;
        } else if (key == QLatin1String("on")) {
            if (!value.startsWith(QLatin1Char('/')))
                return badValue("a path prefix starting with /");
            spec.pathPrefix = value;
        } else {
            int *target = nullptr;
            if (key == QLatin1String("429-burst"))
                target = &spec.burst429;
            else if (key == QLatin1String("500s"))
                target = &spec.errors500;
            else if (key == QLatin1String("drop-order-response"))
                target = &spec.dropOrderResponses;
            else if (key == QLatin1String("malformed"))
                target = &spec.malformed;
            else if (key == QLatin1String("truncated"))
                target = &spec.truncated;
            else if (key == QLatin1String("rate-limit"))
                target = &spec.rateLimitPerMinute;
            else if (key == QLatin1String("stream-malformed"))
                target = &spec.streamMalformed;
            if (!target)
                return Error::make(QStringLiteral("Unknown fault '%1' (known: %2)")
                                       .arg(key, QLatin1String(kKnown))
                                       .toStdString());
            const auto n = parseCount(value);
            if (!n)
                return badValue("a whole number, 0 or more");
            *target = *n;
        }
    }
    return spec;
}

} // namespace cg::fake
