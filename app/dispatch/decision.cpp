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

std::string clientOrderIdFor(std::int64_t signalId, const std::string &bookTag) {
    if (signalId <= 0)
        return {};
    return clientOrderIdPrefix(bookTag) + "sig-" + std::to_string(signalId);
}

std::string clientOrderIdPrefix(const std::string &bookTag) {
    return bookTag.empty() ? std::string("cg-") : "cg-" + bookTag + "-";
}

bool isBookClientOrderId(const std::string &clientOrderId, const std::string &bookTag) {
    return clientOrderId.rfind(clientOrderIdPrefix(bookTag), 0) == 0;
}

} // namespace cg
