// Scalars modulo the group order L = 2^252 + 27742317777372353535851937790883648493.
//
// Reduction of a 512-bit value x by Barrett's method (Handbook of Applied
// Cryptography, algorithm 14.42, with b = 2^64 and k = 4):
//   q = floor(floor(x / 2^192) * mu / 2^320), mu = floor(2^512 / L),
//   r = (x - q*L) mod 2^320;
// q is at most 2 below floor(x / L), so r < 3L and two masked conditional
// subtractions of L finish the job. Fixed loops and masks: constant time.

#include "internal.h"

static const uint64_t sc_L[5] = {0x5812631a5cf5d3edULL, 0x14def9dea2f79cd6ULL, 0, 0x1000000000000000ULL, 0};
static const uint64_t sc_mu[5] = {0xed9ce5a30a2c131bULL, 0x2106215d086329a7ULL, 0xffffffffffffffebULL,
                                  0xffffffffffffffffULL, 0x000000000000000fULL};

// r[0 .. na+nb) = a * b
static void mul_limbs(uint64_t *r, const uint64_t *a, int na, const uint64_t *b, int nb) {
  for (int i = 0; i < na + nb; i++) r[i] = 0;
  for (int i = 0; i < na; i++) {
    uint64_t carry = 0;
    for (int j = 0; j < nb; j++) {
      cce_u128 t = (cce_u128)a[i] * b[j] + r[i + j] + carry;
      r[i + j] = (uint64_t)t;
      carry = (uint64_t)(t >> 64);
    }
    r[i + nb] = carry;
  }
}

// r = r - L if r >= L (5 limbs), in constant time.
static void cond_sub_L(uint64_t r[5]) {
  uint64_t t[5], borrow = 0;
  for (int i = 0; i < 5; i++) {
    cce_u128 d = (cce_u128)r[i] - sc_L[i] - borrow;
    t[i] = (uint64_t)d;
    borrow = (uint64_t)(d >> 64) & 1;
  }
  uint64_t keep_t = cce_ct_barrier64(borrow - 1);  // all-ones when no borrow (r >= L)
  for (int i = 0; i < 5; i++) r[i] = (t[i] & keep_t) | (r[i] & ~keep_t);
}

static void barrett(uint8_t out[32], const uint64_t x[8]) {
  uint64_t q2[10], q3L[10], r[5];
  mul_limbs(q2, x + 3, 5, sc_mu, 5);  // q1 * mu, q1 = x >> 192
  mul_limbs(q3L, q2 + 5, 5, sc_L, 5);  // q3 * L, q3 = q2 >> 320
  uint64_t borrow = 0;
  for (int i = 0; i < 5; i++) {
    cce_u128 d = (cce_u128)x[i] - q3L[i] - borrow;
    r[i] = (uint64_t)d;
    borrow = (uint64_t)(d >> 64) & 1;
  }
  cond_sub_L(r);
  cond_sub_L(r);
  for (int i = 0; i < 4; i++) cce_store64_le(out + 8 * i, r[i]);
  cce_wipe(q2, sizeof q2);
  cce_wipe(q3L, sizeof q3L);
  cce_wipe(r, sizeof r);
}

void cce_sc25519_reduce(uint8_t out[32], const uint8_t in[64]) {
  uint64_t x[8];
  for (int i = 0; i < 8; i++) x[i] = cce_load64_le(in + 8 * i);
  barrett(out, x);
  cce_wipe(x, sizeof x);
}

void cce_sc25519_muladd(uint8_t s[32], const uint8_t a[32], const uint8_t b[32], const uint8_t c[32]) {
  uint64_t a64[4], b64[4], x[8];
  for (int i = 0; i < 4; i++) {
    a64[i] = cce_load64_le(a + 8 * i);
    b64[i] = cce_load64_le(b + 8 * i);
  }
  mul_limbs(x, a64, 4, b64, 4);
  // + c: a*b <= (2^256-1)^2 and c < 2^256 keep the sum below 2^512.
  uint64_t carry = 0;
  for (int i = 0; i < 8; i++) {
    cce_u128 t = (cce_u128)x[i] + (i < 4 ? cce_load64_le(c + 8 * i) : 0) + carry;
    x[i] = (uint64_t)t;
    carry = (uint64_t)(t >> 64);
  }
  barrett(s, x);
  cce_wipe(a64, sizeof a64);
  cce_wipe(b64, sizeof b64);
  cce_wipe(x, sizeof x);
}

int cce_sc25519_is_canonical(const uint8_t s[32]) {
  for (int i = 3; i >= 0; i--) {
    uint64_t w = cce_load64_le(s + 8 * i);
    if (w < sc_L[i]) return 1;
    if (w > sc_L[i]) return 0;
  }
  return 0;  // s == L
}
