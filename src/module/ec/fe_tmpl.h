// Template: constant-time arithmetic modulo one odd prime m (a field prime p
// or a group order n), in Montgomery form with R = 2^(64*FE_N), 64-bit limbs
// (little-endian limb order) and unsigned __int128 products.
//
// Included once per modulus by p256.c, p384.c and p521.c after defining:
//   FE_N          number of limbs (4, 6, 9)
//   FE(x)         name prefix, e.g. #define FE(x) p256_fp_##x
//   FE_M          const uint64_t[FE_N]: the modulus m
//   FE_N0         -m^-1 mod 2^64
//   FE_R2         R^2 mod m
//   FE_ONE        R mod m (1 in Montgomery form)
//   FE_MM2        m - 2 (the Fermat inversion exponent)
// The modulus must satisfy m < 2^(64*FE_N - 1) or m's top limb must leave
// the Montgomery product below 2m (true for all three NIST primes and
// orders: every intermediate sum fits in FE_N + 1 limbs).
//
// Products are computed in full (schoolbook, dedicated squaring) and then
// reduced one limb at a time (FE_RED_P256: the special form of the P-256
// prime replaces the products by q*m with shifts). A file may replace parts
// with its own code before including: FE_CUSTOM_ADD (FE(add), FE(sub)),
// FE_CUSTOM_MUL (FE(mul), FE(sqr), e.g. fe_adx_mont.h), FE_CUSTOM_INV
// (FE(inv), e.g. an addition chain).
//
// Every function here runs in time independent of the values of its
// operands: no branch and no memory index depends on them. Loops run over
// the (public) limb count only; FE(pow) branches on the public exponent.

#ifndef FE_N
#error "define FE_N and friends before including fe_tmpl.h"
#endif

#ifndef CCE_EC_ADC_DEFINED
#define CCE_EC_ADC_DEFINED
// Add/subtract with carry: the x86-64 intrinsics give adc/sbb chains (base
// ISA, no target flag needed); elsewhere a 128-bit sum.
#if defined(__x86_64__)
#include <x86intrin.h>
typedef unsigned char cce_carry;
static inline cce_carry cce_adc(cce_carry c, uint64_t a, uint64_t b, uint64_t *out) {
  unsigned long long o;
  c = _addcarry_u64(c, a, b, &o);
  *out = o;
  return c;
}
static inline cce_carry cce_sbb(cce_carry c, uint64_t a, uint64_t b, uint64_t *out) {
  unsigned long long o;
  c = _subborrow_u64(c, a, b, &o);
  *out = o;
  return c;
}
#else
typedef uint64_t cce_carry;
static inline cce_carry cce_adc(cce_carry c, uint64_t a, uint64_t b, uint64_t *out) {
  unsigned __int128 s = (unsigned __int128)a + b + c;
  *out = (uint64_t)s;
  return (uint64_t)(s >> 64);
}
static inline cce_carry cce_sbb(cce_carry c, uint64_t a, uint64_t b, uint64_t *out) {
  unsigned __int128 d = (unsigned __int128)a - b - c;
  *out = (uint64_t)d;
  return (uint64_t)(d >> 64) & 1;
}
#endif
#endif

// FE_CUSTOM_ADD: the file provides FE(add) and FE(sub) itself.
#ifndef FE_CUSTOM_ADD
// r = a + b mod m (a, b < m).
static inline void FE(add)(uint64_t *r, const uint64_t *a, const uint64_t *b) {
  uint64_t t[FE_N], u[FE_N];
  cce_carry c = 0;
#pragma GCC unroll 16
  for (int i = 0; i < FE_N; i++) c = cce_adc(c, a[i], b[i], &t[i]);
  uint64_t carry = c;
  cce_carry br = 0;
#pragma GCC unroll 16
  for (int i = 0; i < FE_N; i++) br = cce_sbb(br, t[i], FE_M[i], &u[i]);
  // Keep t when (carry:t) < m, i.e. the subtraction borrowed and there was no carry.
  uint64_t keep = cce_ct_barrier64(0 - ((uint64_t)br & ~carry & 1));
#pragma GCC unroll 16
  for (int i = 0; i < FE_N; i++) r[i] = (t[i] & keep) | (u[i] & ~keep);
}

// r = a - b mod m (a, b < m).
static inline void FE(sub)(uint64_t *r, const uint64_t *a, const uint64_t *b) {
  uint64_t t[FE_N];
  cce_carry br = 0;
#pragma GCC unroll 16
  for (int i = 0; i < FE_N; i++) br = cce_sbb(br, a[i], b[i], &t[i]);
  uint64_t mask = cce_ct_barrier64(0 - (uint64_t)br);
  cce_carry c = 0;
#pragma GCC unroll 16
  for (int i = 0; i < FE_N; i++) c = cce_adc(c, t[i], FE_M[i] & mask, &r[i]);
}

#endif  // FE_CUSTOM_ADD

// A file may define FE_CUSTOM_MUL and provide FE(mul) and FE(sqr) itself
// (before including this template).
#ifndef FE_CUSTOM_MUL
// t[0..2*FE_N) = a * b (schoolbook, one row per limb of b; each step
// a*b + t + carry < 2^128 fits the 128-bit accumulator).
static inline void FE(mul_wide)(uint64_t *t, const uint64_t *a, const uint64_t *b) {
  uint64_t carry = 0;
#pragma GCC unroll 16
  for (int j = 0; j < FE_N; j++) {
    unsigned __int128 p = (unsigned __int128)a[j] * b[0] + carry;
    t[j] = (uint64_t)p;
    carry = (uint64_t)(p >> 64);
  }
  t[FE_N] = carry;
#pragma GCC unroll 16
  for (int i = 1; i < FE_N; i++) {
    carry = 0;
#pragma GCC unroll 16
    for (int j = 0; j < FE_N; j++) {
      unsigned __int128 p = (unsigned __int128)a[j] * b[i] + t[i + j] + carry;
      t[i + j] = (uint64_t)p;
      carry = (uint64_t)(p >> 64);
    }
    t[i + FE_N] = carry;
  }
}

// t[0..2*FE_N) = a^2: the off-diagonal products once, doubled, then the
// squares of the limbs added.
static inline void FE(sqr_wide)(uint64_t *t, const uint64_t *a) {
#pragma GCC unroll 32
  for (int i = 0; i < 2 * FE_N; i++) t[i] = 0;
#pragma GCC unroll 16
  for (int i = 0; i < FE_N - 1; i++) {
    uint64_t carry = 0;
#pragma GCC unroll 16
    for (int j = i + 1; j < FE_N; j++) {
      unsigned __int128 p = (unsigned __int128)a[j] * a[i] + t[i + j] + carry;
      t[i + j] = (uint64_t)p;
      carry = (uint64_t)(p >> 64);
    }
    t[i + FE_N] = carry;
  }
  // Double (the off-diagonal sum is below 2^(128*FE_N - 1): no bit lost).
#pragma GCC unroll 32
  for (int i = 2 * FE_N - 1; i > 0; i--) t[i] = (t[i] << 1) | (t[i - 1] >> 63);
  t[0] <<= 1;
  cce_carry c = 0;
#pragma GCC unroll 16
  for (int i = 0; i < FE_N; i++) {
    unsigned __int128 p = (unsigned __int128)a[i] * a[i];
    c = cce_adc(c, t[2 * i], (uint64_t)p, &t[2 * i]);
    c = cce_adc(c, t[2 * i + 1], (uint64_t)(p >> 64), &t[2 * i + 1]);
  }
}

// r = t * R^-1 mod m for t < m * R (2*FE_N limbs; r < m). Montgomery
// reduction one limb at a time; FE_RED_P256 selects the form of the P-256
// prime (m' = 1 and m = 2^256 - 2^224 + 2^192 + 2^96 - 1: q*m is a few
// shifts and one product).
static inline void FE(mont_red)(uint64_t *r, uint64_t *t) {
  // hi: the carry out of limb i + FE_N of row i, added at that position by
  // row i + 1 (and the top bit of the result after the last row).
  cce_carry hi = 0;
#pragma GCC unroll 16
  for (int i = 0; i < FE_N; i++) {
#if defined(FE_RED_P256)
    uint64_t q = t[i];
    unsigned __int128 m3 = (unsigned __int128)q * 0xffffffff00000001u;
    cce_carry c = cce_adc(0, t[i + 1], q << 32, &t[i + 1]);
    c = cce_adc(c, t[i + 2], q >> 32, &t[i + 2]);
    c = cce_adc(c, t[i + 3], (uint64_t)m3, &t[i + 3]);
    // high half of q * (2^64 - 2^32 + 1) is at most 2^64 - 2^32: + hi fits
    hi = cce_adc(c, t[i + 4], (uint64_t)(m3 >> 64) + hi, &t[i + 4]);
#else
    uint64_t q = t[i] * (uint64_t)FE_N0;
    uint64_t carry = 0;
#pragma GCC unroll 16
    for (int j = 0; j < FE_N; j++) {
      unsigned __int128 p = (unsigned __int128)q * FE_M[j] + t[i + j] + carry;
      t[i + j] = (uint64_t)p;
      carry = (uint64_t)(p >> 64);
    }
    hi = cce_adc(hi, t[i + FE_N], carry, &t[i + FE_N]);
#endif
  }
  // (hi:t[FE_N..]) < 2m: subtract m once if it is >= m.
  uint64_t u[FE_N];
  cce_carry br = 0;
#pragma GCC unroll 16
  for (int i = 0; i < FE_N; i++) br = cce_sbb(br, t[FE_N + i], FE_M[i], &u[i]);
  uint64_t keep = cce_ct_barrier64(0 - ((uint64_t)br & ~hi & 1));
#pragma GCC unroll 16
  for (int i = 0; i < FE_N; i++) r[i] = (t[FE_N + i] & keep) | (u[i] & ~keep);
}

// r = a * b * R^-1 mod m (operands < m; r < m).
static inline void FE(mul)(uint64_t *r, const uint64_t *a, const uint64_t *b) {
  uint64_t t[2 * FE_N];
  FE(mul_wide)(t, a, b);
  FE(mont_red)(r, t);
}

// r = a^2 * R^-1 mod m.
static inline void FE(sqr)(uint64_t *r, const uint64_t *a) {
  uint64_t t[2 * FE_N];
  FE(sqr_wide)(t, a);
  FE(mont_red)(r, t);
}

#endif  // FE_CUSTOM_MUL

static inline void FE(copy)(uint64_t *r, const uint64_t *a) {
#pragma GCC unroll 16
  for (int i = 0; i < FE_N; i++) r[i] = a[i];
}

// r = (mask all-ones) ? a : r.
static inline void FE(cmov)(uint64_t *r, const uint64_t *a, uint64_t mask) {
#pragma GCC unroll 16
  for (int i = 0; i < FE_N; i++) r[i] = (a[i] & mask) | (r[i] & ~mask);
}

// r = -a mod m.
static inline void FE(neg)(uint64_t *r, const uint64_t *a) {
  uint64_t z[FE_N] = {0};
  FE(sub)(r, z, a);
}

// all-ones if a == 0.
static inline uint64_t FE(is_zero)(const uint64_t *a) {
  uint64_t acc = 0;
  for (int i = 0; i < FE_N; i++) acc |= a[i];
  return ~cce_ct_nonzero_mask64(acc);
}

// all-ones if a == b.
static inline uint64_t FE(eq)(const uint64_t *a, const uint64_t *b) {
  uint64_t acc = 0;
  for (int i = 0; i < FE_N; i++) acc |= a[i] ^ b[i];
  return ~cce_ct_nonzero_mask64(acc);
}

// all-ones if a (plain integer, FE_N limbs) < m.
static inline uint64_t FE(lt_m)(const uint64_t *a) {
  uint64_t br = 0;
  for (int i = 0; i < FE_N; i++) {
    unsigned __int128 d = (unsigned __int128)a[i] - FE_M[i] - br;
    br = (uint64_t)(d >> 64) & 1;
  }
  return cce_ct_barrier64(0 - br);
}

// Montgomery conversions.
static inline void FE(to_mont)(uint64_t *r, const uint64_t *a) { FE(mul)(r, a, FE_R2); }
static inline void FE(from_mont)(uint64_t *r, const uint64_t *a) {
  uint64_t one[FE_N] = {1};
  FE(mul)(r, a, one);
}

// r = a^e (Montgomery form in and out) for a public exponent e (e > 0):
// left-to-right sliding windows of up to 5 bits over the odd powers a, a^3,
// ..., a^31. The sequence of squarings and multiplications, and the table
// index, depend on the bits of e only (public), never on a.
#define FE_POW_W 5
static void FE(pow)(uint64_t *r, const uint64_t *a, const uint64_t *e) {
  uint64_t tab[1 << (FE_POW_W - 1)][FE_N], acc[FE_N], a2[FE_N];
  FE(copy)(tab[0], a);
  FE(sqr)(a2, a);
  for (int i = 1; i < (1 << (FE_POW_W - 1)); i++) FE(mul)(tab[i], tab[i - 1], a2);
  FE(copy)(acc, FE_ONE);
  int i = FE_N * 64 - 1;
  while (i >= 0 && ((e[i / 64] >> (i % 64)) & 1) == 0) i--;  // public exponent
  int started = 0;
  while (i >= 0) {
    if (((e[i / 64] >> (i % 64)) & 1) == 0) {
      FE(sqr)(acc, acc);
      i--;
      continue;
    }
    // Window [j, i] of at most FE_POW_W bits ending in a set bit j.
    int j = i - FE_POW_W + 1;
    if (j < 0) j = 0;
    while (((e[j / 64] >> (j % 64)) & 1) == 0) j++;
    unsigned v = 0;
    for (int b = i; b >= j; b--) {
      v = (v << 1) | (unsigned)((e[b / 64] >> (b % 64)) & 1);
      if (started) FE(sqr)(acc, acc);
    }
    if (started)
      FE(mul)(acc, acc, tab[v >> 1]);
    else
      FE(copy)(acc, tab[v >> 1]);
    started = 1;
    i = j - 1;
  }
  FE(copy)(r, acc);
  cce_wipe(tab, sizeof tab);
  cce_wipe(acc, sizeof acc);
  cce_wipe(a2, sizeof a2);
}
#undef FE_POW_W

// r = a^-1 (Montgomery form), by Fermat: a^(m-2). 0 maps to 0. A file may
// define FE_CUSTOM_INV and provide its own FE(inv) (an addition chain).
#ifndef FE_CUSTOM_INV
static inline void FE(inv)(uint64_t *r, const uint64_t *a) { FE(pow)(r, a, FE_MM2); }
#endif

// Big-endian bytes (len <= 8*FE_N) to limbs (plain integer, not reduced).
static inline void FE(from_be)(uint64_t *r, const uint8_t *in, size_t len) {
  for (int i = 0; i < FE_N; i++) r[i] = 0;
  for (size_t i = 0; i < len; i++) {
    size_t bit = 8 * (len - 1 - i);
    r[bit / 64] |= (uint64_t)in[i] << (bit % 64);
  }
}

// Limbs (plain integer) to `len` big-endian bytes (truncating high bytes).
static inline void FE(to_be)(uint8_t *out, const uint64_t *a, size_t len) {
  for (size_t i = 0; i < len; i++) {
    size_t bit = 8 * (len - 1 - i);
    out[i] = (uint8_t)(a[bit / 64] >> (bit % 64));
  }
}
