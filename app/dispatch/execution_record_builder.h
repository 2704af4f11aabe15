#pragma once
// The dispatcher_execution row of a decision: every column the seed's verification query reads,
// plus the explain_json document.

#include "dispatch/decision.h"

namespace cg {

ExecutionRecord toExecutionRecord(const Decision &d);

} // namespace cg
