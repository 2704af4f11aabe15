#pragma once
// Clears the upper halves of the vector registers (VZEROUPPER) on CPUs that have AVX; nothing
// elsewhere. glibc (2.36) picks its AVX-512 string functions (memcpy, memmove, strlen...) on CPUs
// that have AVX-512, and they return with those halves in use; on some Intel CPUs every SSE
// instruction after that pays a penalty until they are cleared. Measured on this project's
// development host (Intel Xeon, AVX-512): Black-Scholes 721 ns a call instead of 90 in the DEMO
// server, a snapshot page's parse 20 % slower. Called once an item at the top of the loops that run
// SSE code between string copies where it was measured to matter: the snapshot parser,
// Black-Scholes (not the contracts pages, the gates or the chain model: no change there).

namespace cg {

void clearUpperVectorRegisters();

} // namespace cg
