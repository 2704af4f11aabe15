#include "models/display_format.h"

#include "domain/black_scholes_greeks.h"
#include "domain/number_format.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <cmath>

namespace cg::models {

QString moneyText(double v) {
    return qs(formatMoney(v));
}

QString signedMoneyText(double v) {
    const QString text = moneyText(v);
    return v > 0 && text != QLatin1String("$0.00") ? QLatin1Char('+') + text : text;
}

QString intentText(PositionIntent i) {
    switch (i) {
    case PositionIntent::BuyToOpen:
        return QCoreApplication::translate("cg::models", "Buy to open");
    case PositionIntent::BuyToClose:
        return QCoreApplication::translate("cg::models", "Buy to close");
    case PositionIntent::SellToOpen:
        return QCoreApplication::translate("cg::models", "Sell to open");
    case PositionIntent::SellToClose:
        return QCoreApplication::translate("cg::models", "Sell to close");
    case PositionIntent::None:
        break;
    }
    return QString();
}

QString priceText(std::optional<double> v) {
    if (!v || !std::isfinite(*v))
        return {};
    return QString::fromStdString(formatPrice(*v));
}

QString percentText(std::optional<double> v, int decimals) {
    if (!v || !std::isfinite(*v))
        return {};
    return QString::fromStdString(formatFixed(*v, decimals)) + QLatin1Char('%');
}

QString signedPercentText(double v, int decimals) {
    const QString text = percentText(v, decimals);
    return v > 0 ? QLatin1Char('+') + text : text;
}

QString midText(double mid) {
    return priceText(mid);
}

QString gateComparisonText(const GateResult &g) {
    const bool spread = g.id == GateId::Spread;
    const int base = spread ? 2 : 0;
    const auto fmt = [spread](double v, int decimals) -> QString {
        QString text = QLocale::c().toString(v, 'f', decimals);
        if (spread)
            text += QLatin1Char('%');
        return text;
    };
    if (!g.value) {
        if (!g.threshold)
            return QStringLiteral("\u2014");
        return spread ? QCoreApplication::translate("cg::models", "unknown (max %1)")
                            .arg(fmt(*g.threshold, base))
                      : QCoreApplication::translate("cg::models", "unknown (min %1)")
                            .arg(fmt(*g.threshold, base));
    }
    if (!g.threshold)
        return fmt(*g.value, base);
    const double v = *g.value;
    const double t = *g.threshold;
    // At the limit as the gate judged it (domain/gates.cpp: binary noise around a spread that is
    // the limit in decimal, 0.38 / 0.42, is the limit): "=" at the limit's decimals, not the
    // noise's digits with the relation the noise gives.
    const bool atLimit = v == t || g.verdict == GateVerdict::SpreadAtLimit;
    int decimals = base;
    while (decimals < base + 4 && !atLimit && fmt(v, decimals) == fmt(t, decimals))
        ++decimals;
    const QString op = atLimit ? QStringLiteral(" = ")
                       : v < t ? QStringLiteral(" < ")
                               : QStringLiteral(" > ");
    QString text = fmt(v, decimals);
    text += op;
    text += fmt(t, base);
    if (spread && v < 0)
        text += QCoreApplication::translate("cg::models", " (negative)");
    return text;
}

bool greeksComputed(const OptionContract &c) {
    return c.greeksSource == GreeksSource::Computed && c.greeks;
}

QString greeksSourceText(const OptionContract &c) {
    // The sentence is the domain's (the record's explain_json says the same).
    return qs(greeksSourceNote(c));
}

QString fixedText(double v, int decimals) {
    return QLocale::c().toString(v, 'f', decimals);
}

QString quantityText(double v) {
    return QString::fromStdString(formatTrimmed(v, 4));
}

QString gateName(GateId id) {
    switch (id) {
    case GateId::QuoteValid:
        return QCoreApplication::translate("cg::models", "Quote valid");
    case GateId::Spread:
        return QCoreApplication::translate("cg::models", "Spread");
    case GateId::NotExpired:
        return QCoreApplication::translate("cg::models", "Not expired");
    case GateId::OpenInterest:
        return QCoreApplication::translate("cg::models", "Open interest");
    case GateId::Volume:
        return QCoreApplication::translate("cg::models", "Volume");
    }
    return {};
}

QString localTimeText(Timestamp t) {
    const QDateTime local =
        QDateTime::fromMSecsSinceEpoch(t.time_since_epoch().count()).toLocalTime();
    // Like the signals list ("Nov 26 14:21:39"); the year only when it is not this one.
    const bool thisYear = local.date().year() == QDate::currentDate().year();
    return QLocale::c().toString(local, thisYear ? QStringLiteral("MMM d HH:mm:ss")
                                                 : QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString utcTimeText(Timestamp t) {
    return QDateTime::fromMSecsSinceEpoch(t.time_since_epoch().count(), Qt::UTC)
        .toString(Qt::ISODate);
}

std::optional<QColor> pnlColor(double v) {
    if (std::abs(v) < 0.005)
        return std::nullopt;
    return v > 0 ? QColor(0x2e, 0xa0, 0x5a) : QColor(0xe0, 0x4f, 0x4f);
}

} // namespace cg::models
