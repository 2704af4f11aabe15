#pragma once
// A hook for the kill -9 test (tests/e2e/tst_kill9.cpp): with CHAINGATE_CRASH_AT=<step> in the
// environment the process kills itself with SIGKILL right after that step, as a power cut or
// kill -9 would, with nothing flushed. Steps: after_claim, before_submit, after_submit_sent,
// after_order_answer, after_record. Unset (always, outside that test) it is one cached getenv and
// a comparison. CHAINGATE_TERM_AT=<step> sends SIGTERM instead (a service stopped mid-order).

namespace cg {

void crashPoint(const char *step);
// The same, `ms` later on this thread's event loop: a request just handed to the network is on
// its way (the order exists on the server) but its answer has not come back yet.
void crashPointSoon(const char *step, int ms);

} // namespace cg
