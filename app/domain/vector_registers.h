#pragma once
// Clears the upper halves of the vector registers (VZEROUPPER) on CPUs that have AVX; nothing
// elsewhere. glibc (2.36) picks its AVX-512 string functions (memcpy, memmove, strlen...) on CPUs
// that have AVX-512, and they return with wide vector state in use (XGETBV(1) reports ZMM16-31 in
// use here); on this project's development host (Intel Xeon, AVX-512) SSE code after them ran
// slower until a VZEROUPPER: Black-Scholes 721 ns a call instead of 90 in the DEMO server, a
// snapshot page's parse 20 % slower. Why the hardware charges for it is not visible from here
// (XGETBV(1) reads the same after the VZEROUPPER); the effect is chaingate-bench's to show. Called
// once an item at the top of the loops where it was measured to matter: the snapshot parser,
// Black-Scholes (not the contracts pages, the gates or the chain model: no change there).

namespace cg {

void clearUpperVectorRegisters();

} // namespace cg
