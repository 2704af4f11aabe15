#pragma once
// Query parameter parsing shared by the fake server's routes. Each parser answers the value, or
// nothing when the parameter is absent, or an error text when it is present but unusable.

#include "domain/option_type.h"
#include "fake_alpaca/http_message.h"
#include "market/sim_contract.h"

#include <QDate>

#include <chrono>
#include <optional>
#include <variant>

namespace cg::fake {

template <class T> struct Param {
    std::optional<T> value;
    QString error; // non-empty: the parameter is present and invalid

    bool bad() const { return !error.isEmpty(); }
};

inline Param<std::chrono::year_month_day> dateParam(const HttpRequest &req, const QString &name) {
    const auto v = req.param(name);
    if (!v)
        return {};
    const QDate d = QDate::fromString(v->left(10), Qt::ISODate);
    if (!d.isValid() || (v->size() != 10 && !v->at(10).isLetter()))
        return {std::nullopt, QStringLiteral("Invalid format for parameter %1: expected "
                                             "YYYY-MM-DD, got '%2'")
                                  .arg(name, *v)};
    return {std::chrono::year_month_day{std::chrono::year{d.year()},
                                        std::chrono::month{static_cast<unsigned>(d.month())},
                                        std::chrono::day{static_cast<unsigned>(d.day())}},
            {}};
}

inline Param<double> numberParam(const HttpRequest &req, const QString &name) {
    const auto v = req.param(name);
    if (!v)
        return {};
    bool ok = false;
    const double d = v->toDouble(&ok);
    if (!ok)
        return {
            std::nullopt,
            QStringLiteral("Invalid format for parameter %1: '%2' is not a number").arg(name, *v)};
    return {d, {}};
}

inline Param<int> limitParam(const HttpRequest &req, int defaultLimit, int maxLimit) {
    const auto v = req.param(QStringLiteral("limit"));
    if (!v)
        return {defaultLimit, {}};
    bool ok = false;
    const int n = v->toInt(&ok);
    if (!ok || n < 1 || n > maxLimit)
        return {std::nullopt, QStringLiteral("Invalid format for parameter limit: must be an "
                                             "integer between 1 and %1, got '%2'")
                                  .arg(maxLimit)
                                  .arg(*v)};
    return {n, {}};
}

inline Param<OptionType> typeParam(const HttpRequest &req) {
    const auto v = req.param(QStringLiteral("type"));
    if (!v)
        return {};
    if (*v == QLatin1String("call"))
        return {OptionType::Call, {}};
    if (*v == QLatin1String("put"))
        return {OptionType::Put, {}};
    return {std::nullopt,
            QStringLiteral("Invalid format for parameter type: use call or put, got '%1'").arg(*v)};
}

// Filters shared by the option chain and the contracts endpoint.
struct ChainFilter {
    std::optional<OptionType> type;
    std::optional<double> strikeGte, strikeLte;
    std::optional<std::chrono::year_month_day> expiry, expiryGte, expiryLte;
    std::optional<QString> root;

    bool matches(const market::SimContract &c) const {
        if (type && c.type != *type)
            return false;
        if ((strikeGte && c.strike < *strikeGte) || (strikeLte && c.strike > *strikeLte))
            return false;
        if ((expiry && c.expiry != *expiry) || (expiryGte && c.expiry < *expiryGte) ||
            (expiryLte && c.expiry > *expiryLte))
            return false;
        return !root || *root == QLatin1String(c.root.c_str());
    }
};

// Parses the chain filters; the error text is empty when all are usable.
inline QString parseChainFilter(const HttpRequest &req, ChainFilter &f) {
    const auto t = typeParam(req);
    const auto sg = numberParam(req, QStringLiteral("strike_price_gte"));
    const auto sl = numberParam(req, QStringLiteral("strike_price_lte"));
    const auto e = dateParam(req, QStringLiteral("expiration_date"));
    const auto eg = dateParam(req, QStringLiteral("expiration_date_gte"));
    const auto el = dateParam(req, QStringLiteral("expiration_date_lte"));
    for (const QString &err : {t.error, sg.error, sl.error, e.error, eg.error, el.error}) {
        if (!err.isEmpty())
            return err;
    }
    f.type = t.value;
    f.strikeGte = sg.value;
    f.strikeLte = sl.value;
    f.expiry = e.value;
    f.expiryGte = eg.value;
    f.expiryLte = el.value;
    f.root = req.param(QStringLiteral("root_symbol"));
    return {};
}

} // namespace cg::fake
