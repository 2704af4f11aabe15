#include "dispatch/decision.h"

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

bool isBookClientOrderId(const std::string &clientOrderId, const std::string &bookTag) {
    const std::string prefix = bookTag.empty() ? std::string("cg-") : clientOrderIdPrefix(bookTag);
    return clientOrderId.rfind(prefix, 0) == 0;
}

std::optional<std::int64_t> signalIdOf(const std::string &clientOrderId,
                                       const std::string &bookTag) {
    const std::string prefix = clientOrderIdPrefix(bookTag);
    if (clientOrderId.size() <= prefix.size() || clientOrderId.compare(0, prefix.size(), prefix))
        return std::nullopt;
    const std::string digits = clientOrderId.substr(prefix.size());
    if (digits.size() > 18 || digits.front() == '0' ||
        digits.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoll(digits);
}

} // namespace cg
