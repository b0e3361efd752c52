// SHA-384/512 compression (FIPS 180-4, 6.4.2) with the message schedule in
// vector registers, two words per step, and the rounds in scalar code
// compiled for BMI1/BMI2 (ANDN, RORX; cce_cpu_caps reports BMI2 only, and
// every CPU with BMI2 also has BMI1). The vector unit computes W_{t+16},
// W_{t+17} (plus their constants) while the integer unit runs rounds t, t+1;
// during the last 16 rounds it loads and byte-swaps the next block.
//
// Two builds of the same body: AVX2 (rotations as shift/shift/xor) and
// AVX-512VL (VPRORQ and three-way VPTERNLOGQ on 128-bit registers). Chosen at
// run time by sha512.c from cce_cpu_has. No data-dependent branch or index.

#include <immintrin.h>

#include "internal.h"

#define CCE_AVX2_TARGET __attribute__((target("avx2,bmi,bmi2")))
#define CCE_AVX512_TARGET __attribute__((target("avx2,avx512f,avx512vl,bmi,bmi2")))

CCE_HIDDEN extern const uint64_t cce_sha512_k[80];
CCE_HIDDEN void cce_sha512_blocks_avx2(uint64_t h[8], const uint8_t *p, size_t num_blocks);
CCE_HIDDEN void cce_sha512_blocks_avx512(uint64_t h[8], const uint8_t *p, size_t num_blocks);

#define ROTR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
#define BSIG0(x) (ROTR64(x, 28) ^ ROTR64(x, 34) ^ ROTR64(x, 39))
#define BSIG1(x) (ROTR64(x, 14) ^ ROTR64(x, 18) ^ ROTR64(x, 41))

// One round, W_t + K_t read from the ring wk[t & 15] (through `wkp`). The
// sums are ordered so that the values ready last (those derived from e and a)
// are added last: Ch(e,f,g) = (e & f) + (~e & g) (the two terms have no bit
// in common; ~e & g is one ANDN), and Maj(a,b,c) = ((a ^ b) & (b ^ c)) ^ b
// where b ^ c is the previous round's a ^ b (`xo`); this round's a ^ b goes
// to `xn`.
#define RND(a, b, c, d, e, f, g, h, t, xn, xo)                         \
  do {                                                                \
    uint64_t t1_ = (h) + wkp[(t) & 15];                              \
    t1_ += (e) & (f);                                                 \
    t1_ += ~(e) & (g);                                                \
    t1_ += BSIG1(e);                                                  \
    (xn) = (a) ^ (b);                                                 \
    (d) += t1_;                                                       \
    (h) = t1_ + (BSIG0(a) + (((xn) & (xo)) ^ (b)));                   \
  } while (0)

// x[j] holds W_{2j}, W_{2j+1} modulo 16 words. VSSIG0/VSSIG1 (sigma0 =
// ROTR1 ^ ROTR8 ^ SHR7, sigma1 = ROTR19 ^ ROTR61 ^ SHR6 on both lanes) are
// defined before each build of the body.

// Schedule step for s = t + 16 (t even): W_s, W_{s+1} into x[(t/2) & 7],
// W + K into wk. Reads W_{s-16..s-15} (x[j]), W_{s-15..s-14}, W_{s-7..s-6}
// and W_{s-2..s-1}.
#define SCHED(t)                                                                   \
  do {                                                                             \
    const unsigned j_ = ((t) / 2) & 7;                                             \
    __m128i s0_ = _mm_alignr_epi8(x[(j_ + 1) & 7], x[j_], 8);                      \
    __m128i w7_ = _mm_alignr_epi8(x[(j_ + 5) & 7], x[(j_ + 4) & 7], 8);            \
    __m128i n_ = _mm_add_epi64(_mm_add_epi64(x[j_], VSSIG0(s0_)),                  \
                               _mm_add_epi64(w7_, VSSIG1(x[(j_ + 7) & 7])));       \
    x[j_] = n_;                                                                    \
    _mm_store_si128((__m128i *)(wk + ((t) & 15)),                                  \
                    _mm_add_epi64(n_, _mm_load_si128((const __m128i *)(cce_sha512_k + (t) + 16)))); \
  } while (0)

// Next block's words t-64, t-63 (t even, 64..78) into x and wk.
#define NEXT(t)                                                                    \
  do {                                                                             \
    const unsigned j_ = ((t) / 2) & 7;                                             \
    __m128i n_ = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(next + 8 * ((t) - 64))), bswap); \
    x[j_] = n_;                                                                    \
    _mm_store_si128((__m128i *)(wk + ((t) & 15)),                                  \
                    _mm_add_epi64(n_, _mm_load_si128((const __m128i *)(cce_sha512_k + (t) - 64)))); \
  } while (0)

#define R8(t, S)                                 \
  RND(a, b, c, d, e, f, g, h, (t) + 0, x1, x0);   \
  RND(h, a, b, c, d, e, f, g, (t) + 1, x0, x1);   \
  S((t) + 0);                                    \
  RND(g, h, a, b, c, d, e, f, (t) + 2, x1, x0);   \
  RND(f, g, h, a, b, c, d, e, (t) + 3, x0, x1);   \
  S((t) + 2);                                    \
  RND(e, f, g, h, a, b, c, d, (t) + 4, x1, x0);   \
  RND(d, e, f, g, h, a, b, c, (t) + 5, x0, x1);   \
  S((t) + 4);                                    \
  RND(c, d, e, f, g, h, a, b, (t) + 6, x1, x0);   \
  RND(b, c, d, e, f, g, h, a, (t) + 7, x0, x1);   \
  S((t) + 6)

// The body shared by both builds (expects `st`, `p`, `num_blocks`).
#define SHA512_VEC_BODY \
  if (num_blocks == 0) return;                                                                      \
  const __m128i bswap = _mm_set_epi8(8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);         \
  _Alignas(16) uint64_t wk[16];                                                                     \
  /* The rounds read W + K back through `wkp`, which the compiler cannot */                         \
  /* see is `wk`: a load is cheaper than extracting a lane from a vector. */                        \
  const uint64_t *wkp = wk;                                                                         \
  __asm__("" : "+r"(wkp));                                                                          \
  __m128i x[8];                                                                                     \
  uint64_t a = st[0], b = st[1], c = st[2], d = st[3];                                              \
  uint64_t e = st[4], f = st[5], g = st[6], h = st[7];                                              \
  for (unsigned j = 0; j < 8; j++) {                                                                \
    x[j] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * j)), bswap);                 \
    _mm_store_si128((__m128i *)(wk + 2 * j),                                                        \
                    _mm_add_epi64(x[j], _mm_load_si128((const __m128i *)(cce_sha512_k + 2 * j))));  \
  }                                                                                                 \
  while (num_blocks--) {                                                                            \
    /* The last block "preloads" itself again (unused) to stay in bounds. */                        \
    const uint8_t *next = num_blocks != 0 ? p + 128 : p;                                            \
    uint64_t x0 = b ^ c, x1;                                                                        \
    R8(0, SCHED);                                                                                   \
    R8(8, SCHED);                                                                                   \
    R8(16, SCHED);                                                                                  \
    R8(24, SCHED);                                                                                  \
    R8(32, SCHED);                                                                                  \
    R8(40, SCHED);                                                                                  \
    R8(48, SCHED);                                                                                  \
    R8(56, SCHED);                                                                                  \
    R8(64, NEXT);                                                                                   \
    R8(72, NEXT);                                                                                   \
    a = (st[0] += a); b = (st[1] += b); c = (st[2] += c); d = (st[3] += d);                         \
    e = (st[4] += e); f = (st[5] += f); g = (st[6] += g); h = (st[7] += h);                         \
    p = next;                                                                                       \
  }                                                                                                 \
  /* The schedule derives from the (possibly secret) message: `x` stays in */                       \
  /* vector registers (its address is never taken); `wk` is wiped. */                               \
  cce_wipe(wk, sizeof(wk))

// ---- AVX2: rotations from two shifts. ----
#define VSHR(v, n) _mm_srli_epi64((v), (n))
#define VSHL(v, n) _mm_slli_epi64((v), (n))
#define VXOR(a, b) _mm_xor_si128((a), (b))
#define VSSIG0(v) VXOR(VXOR(VXOR(VSHR(v, 1), VSHL(v, 63)), VXOR(VSHR(v, 8), VSHL(v, 56))), VSHR(v, 7))
#define VSSIG1(v) VXOR(VXOR(VXOR(VSHR(v, 19), VSHL(v, 45)), VXOR(VSHR(v, 61), VSHL(v, 3))), VSHR(v, 6))

CCE_HIDDEN CCE_AVX2_TARGET void cce_sha512_blocks_avx2(uint64_t st[8], const uint8_t *p, size_t num_blocks) {
  SHA512_VEC_BODY;
}

#undef VSSIG0
#undef VSSIG1

// ---- AVX-512VL: VPRORQ, and VPTERNLOGQ 0x96 (three-way xor). ----
#define VXOR3(a, b, c) _mm_ternarylogic_epi64((a), (b), (c), 0x96)
#define VSSIG0(v) VXOR3(_mm_ror_epi64(v, 1), _mm_ror_epi64(v, 8), _mm_srli_epi64(v, 7))
#define VSSIG1(v) VXOR3(_mm_ror_epi64(v, 19), _mm_ror_epi64(v, 61), _mm_srli_epi64(v, 6))

CCE_HIDDEN CCE_AVX512_TARGET void cce_sha512_blocks_avx512(uint64_t st[8], const uint8_t *p, size_t num_blocks) {
  SHA512_VEC_BODY;
}
