#pragma once
// The key pair the built-in fake Alpaca server accepts in DEMO mode. Not secrets: they only open
// the loopback demo server, and are recognisable so a leak test can tell them from real keys.

namespace cg::fake {

inline constexpr char kDemoKeyId[] = "CHAINGATE-DEMO-KEY";
inline constexpr char kDemoSecret[] = "chaingate-demo-secret";

} // namespace cg::fake
