// Four Keccak-f[1600] permutations at once with AVX2 (for ML-KEM / ML-DSA
// matrix expansion, which runs four independent SHAKE instances): the round
// of keccak_rounds.h (the direct ANDN form of FIPS 202's theta, rho, pi, chi,
// iota) on GNU C vectors, one lane of the four states per 256-bit register:
// XOR, VPANDN, and rotations as two shifts and an OR. Chosen by
// cce_keccak_f1600_x4 (sha3.c) when cce_cpu_has(CCE_CPU_AVX2). No branch or
// memory index depends on data.

#include "internal.h"

#if defined(__x86_64__)

#include "keccak_rounds.h"

// see internal.h
KECCAK_X4_DEFINE(cce_keccak_f1600_x4_avx2, "avx2")

#else
typedef int cce_keccak_avx2_unused;  // ISO C: no empty translation unit
#endif  // __x86_64__
