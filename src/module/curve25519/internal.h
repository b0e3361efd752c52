// Internal interface of the curve25519 family: arithmetic in GF(2^255-19),
// the twisted Edwards group of Ed25519, scalars mod L, and the `_impl`
// functions of Ed25519 and X25519 (no state check, no service indicator).
//
// Field elements are five unsigned 64-bit limbs in radix 2^51:
//   f = f[0] + f[1]*2^51 + f[2]*2^102 + f[3]*2^153 + f[4]*2^204.
// Limbs are allowed to exceed 51 bits. The bounds that keep the products
// inside 128 bits and the carries inside 64 bits:
//   * fe_mul / fe_sq accept limbs < 2^54 and return limbs < 2^51 + 2^15;
//   * fe_add adds limb-wise (no carry): two results of mul/sq/sub/carry give
//     limbs < 2^52 + 2^16, and one more level of addition < 2^53 + 2^17;
//   * fe_sub computes f + 4p - g (g limbs must be < 2^53) and carries, so its
//     result is again < 2^51 + 2^15.
// All of these are straight-line code: no branch or index depends on values.

#ifndef CCE_SRC_CURVE25519_INTERNAL_H
#define CCE_SRC_CURVE25519_INTERNAL_H

#include "../core/internal.h"
#include "cce/curve25519.h"

typedef unsigned __int128 cce_u128;

typedef struct fe25519 {
  uint64_t v[5];
} fe25519;

#define FE25519_MASK51 ((uint64_t)0x7ffffffffffffULL)

// All-ones when `b` (0 or 1) is 1: the barrier keeps the compiler from
// turning mask arithmetic back into a branch.
static inline uint64_t fe25519_mask(uint64_t b) { return cce_ct_barrier64((uint64_t)0 - b); }

static inline void fe25519_0(fe25519 *h) { h->v[0] = h->v[1] = h->v[2] = h->v[3] = h->v[4] = 0; }
static inline void fe25519_1(fe25519 *h) {
  h->v[0] = 1;
  h->v[1] = h->v[2] = h->v[3] = h->v[4] = 0;
}

static inline void fe25519_add(fe25519 *h, const fe25519 *f, const fe25519 *g) {
  for (int i = 0; i < 5; i++) h->v[i] = f->v[i] + g->v[i];
}

// Weak reduction: limbs < 2^51 except limb 0 < 2^51 + 19*2^13 (for inputs
// < 2^64). The value is unchanged mod p.
static inline void fe25519_carry(fe25519 *h) {
  uint64_t c;
  c = h->v[0] >> 51; h->v[0] &= FE25519_MASK51; h->v[1] += c;
  c = h->v[1] >> 51; h->v[1] &= FE25519_MASK51; h->v[2] += c;
  c = h->v[2] >> 51; h->v[2] &= FE25519_MASK51; h->v[3] += c;
  c = h->v[3] >> 51; h->v[3] &= FE25519_MASK51; h->v[4] += c;
  c = h->v[4] >> 51; h->v[4] &= FE25519_MASK51; h->v[0] += 19 * c;
}

// h = f - g, computed as f + 4p - g then weakly reduced.
static inline void fe25519_sub(fe25519 *h, const fe25519 *f, const fe25519 *g) {
  h->v[0] = f->v[0] + 0x1fffffffffffb4ULL - g->v[0];
  h->v[1] = f->v[1] + 0x1ffffffffffffcULL - g->v[1];
  h->v[2] = f->v[2] + 0x1ffffffffffffcULL - g->v[2];
  h->v[3] = f->v[3] + 0x1ffffffffffffcULL - g->v[3];
  h->v[4] = f->v[4] + 0x1ffffffffffffcULL - g->v[4];
  fe25519_carry(h);
}

// h = f - g without the carry: limbs < f + 2^53. Only for results that go
// straight into fe25519_mul / fe25519_sq (which accept limbs < 2^54), with
// f limbs < 2^52 + 2^16 and g limbs < 2^53.
static inline void fe25519_sub_nc(fe25519 *h, const fe25519 *f, const fe25519 *g) {
  h->v[0] = f->v[0] + 0x1fffffffffffb4ULL - g->v[0];
  h->v[1] = f->v[1] + 0x1ffffffffffffcULL - g->v[1];
  h->v[2] = f->v[2] + 0x1ffffffffffffcULL - g->v[2];
  h->v[3] = f->v[3] + 0x1ffffffffffffcULL - g->v[3];
  h->v[4] = f->v[4] + 0x1ffffffffffffcULL - g->v[4];
}

static inline void fe25519_neg(fe25519 *h, const fe25519 *f) {
  fe25519 z;
  fe25519_0(&z);
  fe25519_sub(h, &z, f);
}

// Reduction of the five 128-bit column sums of a product: every r[i] must be
// < 2^115 so that r[i] >> 51 fits 64 bits, and r[4] < 2^110.5 so that 19 times
// its carry does too.
static inline void fe25519_reduce128(fe25519 *h, cce_u128 r0, cce_u128 r1, cce_u128 r2, cce_u128 r3, cce_u128 r4) {
  uint64_t h0, h1, h2, h3, h4, c;
  h0 = (uint64_t)r0 & FE25519_MASK51; r1 += (uint64_t)(r0 >> 51);
  h1 = (uint64_t)r1 & FE25519_MASK51; r2 += (uint64_t)(r1 >> 51);
  h2 = (uint64_t)r2 & FE25519_MASK51; r3 += (uint64_t)(r2 >> 51);
  h3 = (uint64_t)r3 & FE25519_MASK51; r4 += (uint64_t)(r3 >> 51);
  h4 = (uint64_t)r4 & FE25519_MASK51; c = (uint64_t)(r4 >> 51);
  h0 += c * 19;
  h1 += h0 >> 51; h0 &= FE25519_MASK51;
  h->v[0] = h0; h->v[1] = h1; h->v[2] = h2; h->v[3] = h3; h->v[4] = h4;
}

// h = f * g. 2^255 = 19 (mod p), so the columns past limb 4 fold back times 19.
static inline void fe25519_mul(fe25519 *h, const fe25519 *f, const fe25519 *g) {
  const uint64_t f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3], f4 = f->v[4];
  const uint64_t g0 = g->v[0], g1 = g->v[1], g2 = g->v[2], g3 = g->v[3], g4 = g->v[4];
  const uint64_t g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4;
  cce_u128 r0 = (cce_u128)f0 * g0 + (cce_u128)f1 * g4_19 + (cce_u128)f2 * g3_19 + (cce_u128)f3 * g2_19 +
                (cce_u128)f4 * g1_19;
  cce_u128 r1 = (cce_u128)f0 * g1 + (cce_u128)f1 * g0 + (cce_u128)f2 * g4_19 + (cce_u128)f3 * g3_19 +
                (cce_u128)f4 * g2_19;
  cce_u128 r2 = (cce_u128)f0 * g2 + (cce_u128)f1 * g1 + (cce_u128)f2 * g0 + (cce_u128)f3 * g4_19 +
                (cce_u128)f4 * g3_19;
  cce_u128 r3 = (cce_u128)f0 * g3 + (cce_u128)f1 * g2 + (cce_u128)f2 * g1 + (cce_u128)f3 * g0 +
                (cce_u128)f4 * g4_19;
  cce_u128 r4 = (cce_u128)f0 * g4 + (cce_u128)f1 * g3 + (cce_u128)f2 * g2 + (cce_u128)f3 * g1 + (cce_u128)f4 * g0;
  fe25519_reduce128(h, r0, r1, r2, r3, r4);
}

// h = f^2.
static inline void fe25519_sq(fe25519 *h, const fe25519 *f) {
  const uint64_t f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3], f4 = f->v[4];
  const uint64_t f0_2 = 2 * f0, f1_2 = 2 * f1;
  const uint64_t f1_38 = 38 * f1, f2_38 = 38 * f2, f3_38 = 38 * f3;
  const uint64_t f3_19 = 19 * f3, f4_19 = 19 * f4;
  cce_u128 r0 = (cce_u128)f0 * f0 + (cce_u128)f1_38 * f4 + (cce_u128)f2_38 * f3;
  cce_u128 r1 = (cce_u128)f0_2 * f1 + (cce_u128)f2_38 * f4 + (cce_u128)f3_19 * f3;
  cce_u128 r2 = (cce_u128)f0_2 * f2 + (cce_u128)f1 * f1 + (cce_u128)f3_38 * f4;
  cce_u128 r3 = (cce_u128)f0_2 * f3 + (cce_u128)f1_2 * f2 + (cce_u128)f4_19 * f4;
  cce_u128 r4 = (cce_u128)f0_2 * f4 + (cce_u128)f1_2 * f3 + (cce_u128)f2 * f2;
  fe25519_reduce128(h, r0, r1, r2, r3, r4);
}

// h = f * n for a small constant n (< 2^17).
static inline void fe25519_mul_small(fe25519 *h, const fe25519 *f, uint32_t n) {
  fe25519_reduce128(h, (cce_u128)f->v[0] * n, (cce_u128)f->v[1] * n, (cce_u128)f->v[2] * n,
                    (cce_u128)f->v[3] * n, (cce_u128)f->v[4] * n);
}

// f = g when mask is all-ones, unchanged when it is zero.
static inline void fe25519_cmov(fe25519 *f, const fe25519 *g, uint64_t mask) {
  for (int i = 0; i < 5; i++) f->v[i] ^= mask & (f->v[i] ^ g->v[i]);
}

// Swap f and g when mask is all-ones.
static inline void fe25519_cswap(fe25519 *f, fe25519 *g, uint64_t mask) {
  for (int i = 0; i < 5; i++) {
    uint64_t x = mask & (f->v[i] ^ g->v[i]);
    f->v[i] ^= x;
    g->v[i] ^= x;
  }
}

// fe.c
CCE_HIDDEN void cce_fe25519_frombytes(fe25519 *h, const uint8_t s[32]);  // ignores bit 255
CCE_HIDDEN void cce_fe25519_tobytes(uint8_t s[32], const fe25519 *h);    // canonical (< p)
CCE_HIDDEN void cce_fe25519_invert(fe25519 *out, const fe25519 *z);      // z^(p-2)
CCE_HIDDEN void cce_fe25519_pow22523(fe25519 *out, const fe25519 *z);    // z^((p-5)/8)
CCE_HIDDEN int cce_fe25519_isnegative(const fe25519 *f);                 // lowest bit of canonical form
CCE_HIDDEN uint64_t cce_fe25519_iszero_mask(const fe25519 *f);           // all-ones if f = 0 mod p

// ---------------------------------------------------------------------------
// Group: twisted Edwards curve -x^2 + y^2 = 1 + d x^2 y^2 (RFC 8032 5.1).
// Formulas: Hisil, Wong, Carter, Dawson, "Twisted Edwards curves revisited"
// (2008), extended coordinates with a = -1.

// Extended: x = X/Z, y = Y/Z, x*y = T/Z.
typedef struct ge25519_p3 {
  fe25519 X, Y, Z, T;
} ge25519_p3;
// Projective: x = X/Z, y = Y/Z.
typedef struct ge25519_p2 {
  fe25519 X, Y, Z;
} ge25519_p2;
// Completed: x = X/Z, y = Y/T.
typedef struct ge25519_p1p1 {
  fe25519 X, Y, Z, T;
} ge25519_p1p1;
// Affine precomputed: y+x, y-x, 2*d*x*y.
typedef struct ge25519_precomp {
  fe25519 ypx, ymx, xy2d;
} ge25519_precomp;
// Cached: Y+X, Y-X, Z, 2*d*T.
typedef struct ge25519_cached {
  fe25519 YpX, YmX, Z, T2d;
} ge25519_cached;

// ge.c
// Decodes a point (RFC 8032 5.1.3), strictly: y must be < p and x = 0 must
// not come with the sign bit set. Returns 0, or -1 when rejected. Variable
// time (public input only).
CCE_HIDDEN int cce_ge25519_frombytes_vartime(ge25519_p3 *h, const uint8_t s[32]);
CCE_HIDDEN void cce_ge25519_p3_tobytes(uint8_t s[32], const ge25519_p3 *h);
CCE_HIDDEN void cce_ge25519_p2_tobytes(uint8_t s[32], const ge25519_p2 *h);
// h = [a]B for a 32-byte little-endian scalar with a[31] <= 127. Constant time.
CCE_HIDDEN void cce_ge25519_scalarmult_base(ge25519_p3 *h, const uint8_t a[32]);
// r = [a]A + [b]B, variable time (verification). a, b < 2^253.
CCE_HIDDEN void cce_ge25519_double_scalarmult_vartime(ge25519_p2 *r, const uint8_t a[32], const ge25519_p3 *A,
                                                      const uint8_t b[32]);

// ---------------------------------------------------------------------------
// Scalars mod L = 2^252 + 27742317777372353535851937790883648493 (sc.c).
// out = in mod L for a 64-byte little-endian input. Constant time.
CCE_HIDDEN void cce_sc25519_reduce(uint8_t out[32], const uint8_t in[64]);
// s = (a * b + c) mod L, all 32-byte little-endian. Constant time.
CCE_HIDDEN void cce_sc25519_muladd(uint8_t s[32], const uint8_t a[32], const uint8_t b[32], const uint8_t c[32]);
// 1 if s < L (canonical), else 0. Variable time (public input).
CCE_HIDDEN int cce_sc25519_is_canonical(const uint8_t s[32]);

// ---------------------------------------------------------------------------
// Ed25519 / X25519 without checks (ed25519.c, x25519.c).

// Variants of RFC 8032: pure, ctx (dom2 with phflag 0), ph (dom2 with phflag 1).
typedef enum { CCE_ED25519_PURE = 0, CCE_ED25519_CTX = 1, CCE_ED25519_PH = 2 } cce_ed25519_variant;

CCE_HIDDEN void cce_ed25519_public_impl(uint8_t pub[32], const uint8_t priv[32]);
// For CCE_ED25519_PH, `msg` is the message itself (hashed here).
CCE_HIDDEN void cce_ed25519_sign_impl(uint8_t sig[64], cce_ed25519_variant v, const uint8_t *msg, size_t msg_len,
                                      const uint8_t *ctx, size_t ctx_len, const uint8_t priv[32],
                                      const uint8_t pub[32]);
// Returns 1 if valid, 0 if not.
CCE_HIDDEN int cce_ed25519_verify_impl(const uint8_t sig[64], cce_ed25519_variant v, const uint8_t *msg,
                                       size_t msg_len, const uint8_t *ctx, size_t ctx_len, const uint8_t pub[32]);

// out = X25519(scalar, u). Returns all-ones when the output is all zero.
CCE_HIDDEN uint64_t cce_x25519_impl(uint8_t out[32], const uint8_t scalar[32], const uint8_t u[32]);
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CCE_X25519_HAVE_ADX 1
// x25519_adx.c: out = X25519 ladder on the clamped scalar e and u, in four
// 64-bit limbs with MULX/ADX. Only when cce_cpu_has(CCE_CPU_BMI2 | CCE_CPU_ADX).
CCE_HIDDEN void cce_x25519_ladder_adx(uint8_t out[32], const uint8_t e[32], const uint8_t u[32]);
#endif
// out = X25519(scalar, 9), through the Edwards fixed-base table.
CCE_HIDDEN void cce_x25519_base_impl(uint8_t out[32], const uint8_t scalar[32]);

#ifdef CCE_TEST_HOOKS
// Test builds only: when nonzero, the pairwise consistency test of
// cce_ed25519_keypair is made to fail (to prove its failure path).
extern CCE_HIDDEN int cce_ed25519_test_break_pct;
#endif

// Self-tests (selftest_list.h).
CCE_HIDDEN cce_status cce_kat_ed25519(void);
CCE_HIDDEN cce_status cce_kat_x25519(void);

#endif  // CCE_SRC_CURVE25519_INTERNAL_H
