#pragma once
// The process's heap, tuned once at start-up for what ChainGate does all day: load a chain again
// and again (every auto-refresh), up to 100,000 contracts in vectors of tens of MB.

namespace cg::config {

// glibc grows its heap by what a request needs and gives the freed top back to the kernel soon
// after, and it serves blocks above its mmap threshold (at most 32 MB) with fresh pages: every
// reload of a large chain faulted in and zeroed its tens of MB again. With a 128 MB top pad the
// heap grows in larger steps and keeps up to 128 MB of freed top, so a reload reuses the pages of
// the last one. Measured (chaingate-bench --profile-load, quiet): a 100k-contract load 144.5 ms
// CPU against 218.7 ms; 10k and 1k loads unchanged. The cost: up to 128 MB of freed memory stays
// with the process after a large load. Blocks under 64 MB (a 100k chain's largest vectors are
// 27-31 MB) come from the heap too, also once the pad is in use: mapped on their own, they were
// fresh pages at every load (the bench's 100k load after smaller ones: 68.5 ms against 53 ms).
// The cost of that: such a block, freed under memory still in use, stays with the process for the
// next load instead of going back to the system, so the process keeps about its largest load's
// peak. Does nothing where the C library is not glibc.
void tuneHeapForChainLoads();

} // namespace cg::config
