#include "domain/account_activity.h"

namespace cg {

std::string activityTypeText(const std::string &type) {
    if (type == "FILL")
        return "Fill";
    if (type == "OPEXC" || type == "OPXRC")
        return "Exercise";
    if (type == "OPASN")
        return "Assignment";
    if (type == "OPEXP")
        return "Expiry";
    if (type == "OPTRD")
        return "Option trade (shares)";
    if (type == "FEE")
        return "Fee";
    return type;
}

} // namespace cg
