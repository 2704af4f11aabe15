#include "dispatch/decision.h"

#include <QUuid>

namespace cg {

std::optional<double> Decision::contractMid() const {
    if (!contract || !contract->quote)
        return std::nullopt;
    const double m = mid(*contract->quote);
    if (!(m > 0.0))
        return std::nullopt;
    return m;
}

std::string clientOrderIdPrefix(const std::string &bookTag) {
    return (bookTag.empty() ? std::string("cg-") : "cg-" + bookTag + "-") + "sig-";
}

std::string clientOrderIdFor(std::int64_t signalId, const std::string &bookTag) {
    if (signalId <= 0)
        return {};
    return clientOrderIdPrefix(bookTag) + std::to_string(signalId);
}

std::string_view toString(DecisionSource s) {
    switch (s) {
    case DecisionSource::Manual:
        return "manual";
    case DecisionSource::ExpiryRule:
        return "expiry_rule";
    case DecisionSource::Signal:
        break;
    }
    return "signal";
}

namespace {

std::string manualPrefix(const std::string &bookTag) {
    return (bookTag.empty() ? std::string("cg-") : "cg-" + bookTag + "-") + "man-";
}

} // namespace

std::string manualClientOrderId(const std::string &bookTag) {
    const QString hex = QUuid::createUuid().toString(QUuid::Id128);
    return manualPrefix(bookTag) + hex.left(12).toStdString();
}

bool isBookClientOrderId(const std::string &clientOrderId, const std::string &bookTag) {
    if (bookTag.empty())
        return clientOrderId.rfind("cg-", 0) == 0;
    return clientOrderId.rfind(clientOrderIdPrefix(bookTag), 0) == 0 ||
           clientOrderId.rfind(manualPrefix(bookTag), 0) == 0;
}

std::optional<std::int64_t> signalIdOf(const std::string &clientOrderId,
                                       const std::string &bookTag) {
    const std::string prefix = clientOrderIdPrefix(bookTag);
    if (clientOrderId.size() <= prefix.size() || clientOrderId.compare(0, prefix.size(), prefix))
        return std::nullopt;
    std::string digits = clientOrderId.substr(prefix.size());
    // A replacing order's suffix (TradingSession::sendReplace writes one, never two).
    if (const auto at = digits.find("-r"); at != std::string::npos) {
        const std::string_view suffix = std::string_view(digits).substr(at + 2);
        if (suffix.empty() || suffix.find_first_not_of("0123456789") != std::string_view::npos)
            return std::nullopt;
        digits.resize(at);
    }
    if (digits.empty() || digits.size() > 18 || digits.front() == '0' ||
        digits.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoll(digits);
}

} // namespace cg
