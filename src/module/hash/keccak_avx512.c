// Four Keccak-f[1600] permutations at once with AVX-512VL on 256-bit
// registers: the same code as keccak_avx2.c (keccak_rounds.h), compiled for
// AVX-512F/VL so that the rotations become VPROLQ and the XOR / and-not
// chains VPTERNLOGQ (about 1.6 times the AVX2 speed). Chosen by
// cce_keccak_f1600_x4 (sha3.c) when cce_cpu_has(CCE_CPU_AVX512F |
// CCE_CPU_AVX512VL). No branch or memory index depends on data.

#include "internal.h"

#if defined(__x86_64__)

#include "keccak_rounds.h"

// see internal.h
KECCAK_X4_DEFINE(cce_keccak_f1600_x4_avx512, "avx2,avx512f,avx512vl")

#else
typedef int cce_keccak_avx512_unused;  // ISO C: no empty translation unit
#endif  // __x86_64__
