// Fixed-size big numbers and Montgomery arithmetic for RSA (64-bit limbs,
// little-endian limb order). Everything here is constant time in the values
// of its operands except the functions named _vartime.

#include "internal.h"

typedef unsigned __int128 u128;

cce_status cce_bn_from_bytes(uint64_t *r, size_t nl, const uint8_t *in, size_t len) {
  while (len > 0 && in[0] == 0) { in++; len--; }  // leading zeros are public (encoding length)
  if (len > nl * 8) return CCE_ERR_INVALID_LENGTH;
  memset(r, 0, nl * 8);
  for (size_t i = 0; i < len; i++) {
    size_t bit = (len - 1 - i) * 8;
    r[bit / 64] |= (uint64_t)in[i] << (bit % 64);
  }
  return CCE_OK;
}

void cce_bn_to_bytes(uint8_t *out, size_t len, const uint64_t *a, size_t nl) {
  for (size_t i = 0; i < len; i++) {
    size_t bit = (len - 1 - i) * 8;
    out[i] = (bit / 64 < nl) ? (uint8_t)(a[bit / 64] >> (bit % 64)) : 0;
  }
}

size_t cce_bn_bits_vartime(const uint64_t *a, size_t nl) {
  for (size_t i = nl; i-- > 0;)
    if (a[i]) return i * 64 + 64 - (size_t)__builtin_clzll(a[i]);
  return 0;
}

uint64_t cce_bn_add(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t nl) {
  uint64_t c = 0;
  for (size_t i = 0; i < nl; i++) {
    u128 s = (u128)a[i] + b[i] + c;
    r[i] = (uint64_t)s;
    c = (uint64_t)(s >> 64);
  }
  return c;
}

uint64_t cce_bn_sub(uint64_t *r, const uint64_t *a, const uint64_t *b, size_t nl) {
  uint64_t br = 0;
  for (size_t i = 0; i < nl; i++) {
    u128 d = (u128)a[i] - b[i] - br;
    r[i] = (uint64_t)d;
    br = (uint64_t)(d >> 64) & 1;
  }
  return br;
}

uint64_t cce_bn_lt_mask(const uint64_t *a, const uint64_t *b, size_t nl) {
  uint64_t br = 0;
  for (size_t i = 0; i < nl; i++) {
    u128 d = (u128)a[i] - b[i] - br;
    br = (uint64_t)(d >> 64) & 1;
  }
  return cce_ct_barrier64(0 - br);
}

void cce_bn_mul(uint64_t *r, const uint64_t *a, size_t na, const uint64_t *b, size_t nb) {
  memset(r, 0, (na + nb) * 8);
  for (size_t i = 0; i < na; i++) {
    uint64_t c = 0;
    for (size_t j = 0; j < nb; j++) {
      u128 t = (u128)a[i] * b[j] + r[i + j] + c;
      r[i + j] = (uint64_t)t;
      c = (uint64_t)(t >> 64);
    }
    r[i + nb] = c;
  }
}

// ---------------------------------------------------------------------------
// Montgomery multiplication: interleaved multiply and reduce (CIOS, one pass
// per limb of b with two carry chains). Result fully reduced with a masked
// final subtraction.
static inline __attribute__((always_inline)) void mont_mul_n(uint64_t *r, const uint64_t *a, const uint64_t *b,
                                                             const uint64_t *m, uint64_t m0inv, size_t nl) {
  uint64_t t[CCE_RSA_MAX_LIMBS + 1];
  memset(t, 0, (nl + 1) * 8);
  for (size_t i = 0; i < nl; i++) {
    uint64_t bi = b[i];
    u128 x = (u128)a[0] * bi + t[0];
    uint64_t c1 = (uint64_t)(x >> 64), lo = (uint64_t)x;
    uint64_t q = lo * m0inv;
    u128 y = (u128)q * m[0] + lo;
    uint64_t c2 = (uint64_t)(y >> 64);
    for (size_t j = 1; j < nl; j++) {
      x = (u128)a[j] * bi + t[j] + c1;
      c1 = (uint64_t)(x >> 64);
      y = (u128)q * m[j] + (uint64_t)x + c2;
      c2 = (uint64_t)(y >> 64);
      t[j - 1] = (uint64_t)y;
    }
    x = (u128)t[nl] + c1 + c2;
    t[nl - 1] = (uint64_t)x;
    t[nl] = (uint64_t)(x >> 64);
  }
  // t < 2m: subtract m when t >= m.
  uint64_t s[CCE_RSA_MAX_LIMBS];
  uint64_t br = 0;
  for (size_t j = 0; j < nl; j++) {
    u128 d = (u128)t[j] - m[j] - br;
    s[j] = (uint64_t)d;
    br = (uint64_t)(d >> 64) & 1;
  }
  // keep t when it is below m: borrow out and no top word.
  uint64_t keep = cce_ct_barrier64((0 - br) & ~(0 - t[nl]));
  for (size_t j = 0; j < nl; j++) r[j] = (t[j] & keep) | (s[j] & ~keep);
}

// Montgomery squaring: the off-diagonal products once, doubled, plus the
// squares (about half the multiplications of a product), then a separate
// reduction. r = a^2/R mod m for a < m.
static inline __attribute__((always_inline)) void mont_sqr_n(uint64_t *r, const uint64_t *a, const uint64_t *m,
                                                             uint64_t m0inv, size_t nl) {
  uint64_t t[2 * CCE_RSA_MAX_LIMBS];
  memset(t, 0, 2 * nl * 8);
  for (size_t i = 0; i + 1 < nl; i++) {
    uint64_t c = 0, ai = a[i];
    for (size_t j = i + 1; j < nl; j++) {
      u128 x = (u128)ai * a[j] + t[i + j] + c;
      t[i + j] = (uint64_t)x;
      c = (uint64_t)(x >> 64);
    }
    t[i + nl] = c;
  }
  uint64_t top = 0, c = 0;  // bit shifted out of the previous limb pair; carry
  for (size_t i = 0; i < nl; i++) {
    u128 sq = (u128)a[i] * a[i];
    uint64_t lo = t[2 * i], hi = t[2 * i + 1];
    uint64_t dlo = (lo << 1) | top, dhi = (hi << 1) | (lo >> 63);
    top = hi >> 63;
    u128 x = (u128)dlo + (uint64_t)sq + c;
    t[2 * i] = (uint64_t)x;
    x = (u128)dhi + (uint64_t)(sq >> 64) + (uint64_t)(x >> 64);
    t[2 * i + 1] = (uint64_t)x;
    c = (uint64_t)(x >> 64);
  }
  // a^2 < 2^(128 nl): nothing is left in top and c
  uint64_t extra = 0;
  for (size_t i = 0; i < nl; i++) {
    uint64_t q = t[i] * m0inv, cc = 0;
    for (size_t j = 0; j < nl; j++) {
      u128 x = (u128)q * m[j] + t[i + j] + cc;
      t[i + j] = (uint64_t)x;
      cc = (uint64_t)(x >> 64);
    }
    u128 x = (u128)t[i + nl] + cc + extra;
    t[i + nl] = (uint64_t)x;
    extra = (uint64_t)(x >> 64);
  }
  // (t[nl..2nl) + extra*R) < 2m: subtract m when it is >= m.
  uint64_t s[CCE_RSA_MAX_LIMBS];
  uint64_t br = 0;
  for (size_t j = 0; j < nl; j++) {
    u128 d = (u128)t[nl + j] - m[j] - br;
    s[j] = (uint64_t)d;
    br = (uint64_t)(d >> 64) & 1;
  }
  uint64_t keep = cce_ct_barrier64((0 - br) & ~(0 - extra));
  for (size_t j = 0; j < nl; j++) r[j] = (t[nl + j] & keep) | (s[j] & ~keep);
}

#define MONT_FIXED(N) \
  static void mont_mul_##N(uint64_t *r, const uint64_t *a, const uint64_t *b, const uint64_t *m, uint64_t k) { \
    if (a == b) \
      mont_sqr_n(r, a, m, k, N); \
    else \
      mont_mul_n(r, a, b, m, k, N); \
  }
MONT_FIXED(16)
MONT_FIXED(24)
MONT_FIXED(32)
MONT_FIXED(48)
MONT_FIXED(64)

static void mont_mul_any(uint64_t *r, const uint64_t *a, const uint64_t *b, const uint64_t *m, uint64_t k,
                         size_t nl) {
  if (a == b)  // squaring (the pointers are public)
    mont_sqr_n(r, a, m, k, nl);
  else
    mont_mul_n(r, a, b, m, k, nl);
}

void cce_mont_mul(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *b) {
#if defined(__x86_64__)
  if (cce_cpu_has(CCE_CPU_BMI2 | CCE_CPU_ADX)) {
    if (a == b)  // squaring (the pointers are public)
      cce_mont_sqr_adx(M, r, a);
    else
      cce_mont_mul_adx(M, r, a, b);
    return;
  }
#endif
  switch (M->nl) {
    case 16: mont_mul_16(r, a, b, M->m, M->m0inv); break;
    case 24: mont_mul_24(r, a, b, M->m, M->m0inv); break;
    case 32: mont_mul_32(r, a, b, M->m, M->m0inv); break;
    case 48: mont_mul_48(r, a, b, M->m, M->m0inv); break;
    case 64: mont_mul_64(r, a, b, M->m, M->m0inv); break;
    default: mont_mul_any(r, a, b, M->m, M->m0inv, M->nl); break;
  }
}

void cce_mont_add(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *b) {
  size_t nl = M->nl;
  uint64_t t[CCE_RSA_MAX_LIMBS], s[CCE_RSA_MAX_LIMBS];
  uint64_t c = cce_bn_add(t, a, b, nl);
  uint64_t br = cce_bn_sub(s, t, M->m, nl);
  uint64_t keep = cce_ct_barrier64((0 - br) & ~(0 - c));  // t < m
  for (size_t j = 0; j < nl; j++) r[j] = (t[j] & keep) | (s[j] & ~keep);
}

void cce_mont_sub(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *b) {
  size_t nl = M->nl;
  uint64_t t[CCE_RSA_MAX_LIMBS], s[CCE_RSA_MAX_LIMBS];
  uint64_t br = cce_bn_sub(t, a, b, nl);
  cce_bn_add(s, t, M->m, nl);
  uint64_t mask = cce_ct_barrier64(0 - br);
  for (size_t j = 0; j < nl; j++) r[j] = (s[j] & mask) | (t[j] & ~mask);
}

void cce_mont_to(const cce_rsa_mont *M, uint64_t *r, const uint64_t *x) { cce_mont_mul(M, r, x, M->rr); }

void cce_mont_from(const cce_rsa_mont *M, uint64_t *r, const uint64_t *x) {
  uint64_t one[CCE_RSA_MAX_LIMBS] = {1};
  cce_mont_mul(M, r, x, one);
}

void cce_mont_reduce_wide(const cce_rsa_mont *M, uint64_t *r, const uint64_t *x, size_t xl) {
  size_t nl = M->nl;
  uint64_t lo[CCE_RSA_MAX_LIMBS] = {0}, hi[CCE_RSA_MAX_LIMBS] = {0};
  memcpy(lo, x, (xl < nl ? xl : nl) * 8);
  if (xl > nl) memcpy(hi, x + nl, (xl - nl) * 8);
  // x*R = hi*R^2 + lo*R (mod m)
  cce_mont_mul(M, hi, hi, M->rr);  // hi*R
  cce_mont_mul(M, hi, hi, M->rr);  // hi*R^2
  cce_mont_mul(M, lo, lo, M->rr);  // lo*R
  cce_mont_add(M, r, hi, lo);
  cce_wipe(lo, sizeof lo);
  cce_wipe(hi, sizeof hi);
}

cce_status cce_mont_init(cce_rsa_mont *M, const uint64_t *m, size_t nl) {
  if (nl == 0 || nl > CCE_RSA_MAX_LIMBS || (m[0] & 1) == 0) return CCE_ERR_INVALID_ARG;
  memset(M, 0, sizeof *M);
  memcpy(M->m, m, nl * 8);
  M->nl = (uint32_t)nl;
  size_t bits = cce_bn_bits_vartime(m, nl);  // the size of a modulus is public
  if (bits < 2) return CCE_ERR_INVALID_ARG;
  M->bits = (uint32_t)bits;
  // -m^-1 mod 2^64 by Newton iteration (each step doubles the correct bits).
  uint64_t inv = 1;
  for (int i = 0; i < 6; i++) inv *= 2 - m[0] * inv;
  M->m0inv = 0 - inv;
  // x = 2^(bits-1) < m, doubled until x = R mod m.
  uint64_t x[CCE_RSA_MAX_LIMBS] = {0}, s[CCE_RSA_MAX_LIMBS];
  x[(bits - 1) / 64] = (uint64_t)1 << ((bits - 1) % 64);
  size_t odd = nl, k = 6;
  while ((odd & 1) == 0) { odd >>= 1; k++; }
  size_t doublings = 64 * nl - (bits - 1) + odd;  // reach 2^odd * R
  for (size_t i = 0; i < doublings; i++) {
    uint64_t c = cce_bn_add(x, x, x, nl);
    uint64_t br = cce_bn_sub(s, x, m, nl);
    uint64_t keep = cce_ct_barrier64((0 - br) & ~(0 - c));
    for (size_t j = 0; j < nl; j++) x[j] = (x[j] & keep) | (s[j] & ~keep);
  }
  // Montgomery squaring doubles the exponent: 2^(odd*2^k) R = R^2 after k steps.
  memcpy(M->rr, x, nl * 8);
  for (size_t i = 0; i < k; i++) cce_mont_mul(M, M->rr, M->rr, M->rr);
  cce_wipe(x, sizeof x);
  cce_wipe(s, sizeof s);
  return CCE_OK;
}

// ---------------------------------------------------------------------------
// Exponentiation. Fixed 5-bit windows: every window costs 5 squarings and
// one multiplication by a table entry read with a full masked scan, so
// neither the branch pattern nor the memory addresses depend on e or a.
#define WIN 5
#define TBL (1u << WIN)

static inline uint32_t exp_window(const uint64_t *e, size_t pos, unsigned w) {
  // bits [pos, pos+w) of e; limb indices depend only on the public position
  size_t li = pos / 64, sh = pos % 64;
  uint64_t v = e[li] >> sh;
  if (sh + w > 64) v |= e[li + 1] << (64 - sh);
  return (uint32_t)(v & ((1u << w) - 1));
}

void cce_mont_exp_ct(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *e, size_t ebits) {
#if defined(__x86_64__)
  if (cce_mont_ifma_ok(M)) {
    cce_mont_exp_ct_ifma(M, r, a, e, ebits);
    return;
  }
#endif
  size_t nl = M->nl;
  uint64_t tbl[TBL][CCE_RSA_MAX_LIMBS];
  uint64_t acc[CCE_RSA_MAX_LIMBS], sel[CCE_RSA_MAX_LIMBS];
  uint64_t one[CCE_RSA_MAX_LIMBS] = {1};
  cce_mont_mul(M, tbl[0], one, M->rr);  // R mod m
  memcpy(tbl[1], a, nl * 8);
  for (unsigned i = 2; i < TBL; i++) cce_mont_mul(M, tbl[i], tbl[i - 1], a);
  memcpy(acc, tbl[0], nl * 8);
  size_t pos = ebits;
  unsigned first = (unsigned)(ebits % WIN);
  if (first == 0) first = WIN;
  unsigned w = first;
  while (pos > 0) {
    pos -= w;
    for (unsigned i = 0; i < w; i++) cce_mont_mul(M, acc, acc, acc);
    uint32_t idx = exp_window(e, pos, w);
    memset(sel, 0, nl * 8);
    for (uint32_t k = 0; k < TBL; k++) {
      uint64_t mask = (uint64_t)(int64_t)(int32_t)cce_ct_eq_mask32(k, idx);
      for (size_t j = 0; j < nl; j++) sel[j] |= tbl[k][j] & mask;
    }
    cce_mont_mul(M, acc, acc, sel);
    w = WIN;
  }
  memcpy(r, acc, nl * 8);
  cce_wipe(tbl, sizeof tbl);
  cce_wipe(acc, sizeof acc);
  cce_wipe(sel, sizeof sel);
}

void cce_mont_exp_vartime(const cce_rsa_mont *M, uint64_t *r, const uint64_t *a, const uint64_t *e,
                          size_t ebits) {
#if defined(__x86_64__)
  if (cce_mont_ifma_ok(M)) {
    cce_mont_exp_vartime_ifma(M, r, a, e, ebits);
    return;
  }
#endif
  size_t nl = M->nl;
  uint64_t acc[CCE_RSA_MAX_LIMBS];
  memcpy(acc, a, nl * 8);
  size_t top = ebits;
  while (top > 0 && !((e[(top - 1) / 64] >> ((top - 1) % 64)) & 1)) top--;
  if (top == 0) {
    uint64_t one[CCE_RSA_MAX_LIMBS] = {1};
    cce_mont_mul(M, r, one, M->rr);
    return;
  }
  for (size_t i = top - 1; i-- > 0;) {
    cce_mont_mul(M, acc, acc, acc);
    if ((e[i / 64] >> (i % 64)) & 1) cce_mont_mul(M, acc, acc, a);
  }
  memcpy(r, acc, nl * 8);
}
