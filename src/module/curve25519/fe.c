// GF(2^255 - 19): encoding, decoding, inversion and square roots. The
// multiplication, squaring, addition and subtraction are inline in
// internal.h (radix 2^51, unsigned __int128 products).

#include "internal.h"

void cce_fe25519_frombytes(fe25519 *h, const uint8_t s[32]) {
  uint64_t w0 = cce_load64_le(s), w1 = cce_load64_le(s + 8), w2 = cce_load64_le(s + 16),
           w3 = cce_load64_le(s + 24);
  h->v[0] = w0 & FE25519_MASK51;
  h->v[1] = ((w0 >> 51) | (w1 << 13)) & FE25519_MASK51;
  h->v[2] = ((w1 >> 38) | (w2 << 26)) & FE25519_MASK51;
  h->v[3] = ((w2 >> 25) | (w3 << 39)) & FE25519_MASK51;
  h->v[4] = (w3 >> 12) & FE25519_MASK51;  // bit 255 dropped
}

// Canonical encoding. After two weak reductions h < 2^255 + 2^14 < 2p, so
// h mod p is h - q*p with q = floor((h + 19) / 2^255) in {0, 1}; the carry
// chain below computes q exactly, without a branch.
void cce_fe25519_tobytes(uint8_t s[32], const fe25519 *f) {
  fe25519 h = *f;
  fe25519_carry(&h);
  fe25519_carry(&h);
  uint64_t q = (h.v[0] + 19) >> 51;
  q = (h.v[1] + q) >> 51;
  q = (h.v[2] + q) >> 51;
  q = (h.v[3] + q) >> 51;
  q = (h.v[4] + q) >> 51;
  h.v[0] += 19 * q;
  h.v[1] += h.v[0] >> 51; h.v[0] &= FE25519_MASK51;
  h.v[2] += h.v[1] >> 51; h.v[1] &= FE25519_MASK51;
  h.v[3] += h.v[2] >> 51; h.v[2] &= FE25519_MASK51;
  h.v[4] += h.v[3] >> 51; h.v[3] &= FE25519_MASK51;
  h.v[4] &= FE25519_MASK51;  // subtracts q * 2^255
  cce_store64_le(s, h.v[0] | (h.v[1] << 51));
  cce_store64_le(s + 8, (h.v[1] >> 13) | (h.v[2] << 38));
  cce_store64_le(s + 16, (h.v[2] >> 26) | (h.v[3] << 25));
  cce_store64_le(s + 24, (h.v[3] >> 39) | (h.v[4] << 12));
}

static void fe_sqn(fe25519 *h, const fe25519 *f, int n) {
  fe25519_sq(h, f);
  for (int i = 1; i < n; i++) fe25519_sq(h, h);
}

// z^(2^250 - 1) into t250 and z^11 into z11: the common part of the two
// addition chains below.
static void fe_pow2250m1(fe25519 *t250, fe25519 *z11, const fe25519 *z) {
  fe25519 t0, t1, t2, t3;
  fe25519_sq(&t0, z);           // z^2
  fe_sqn(&t1, &t0, 2);          // z^8
  fe25519_mul(&t1, &t1, z);     // z^9
  fe25519_mul(z11, &t0, &t1);   // z^11
  fe25519_sq(&t2, z11);         // z^22
  fe25519_mul(&t1, &t1, &t2);   // z^31 = z^(2^5 - 1)
  fe_sqn(&t2, &t1, 5);
  fe25519_mul(&t1, &t2, &t1);   // 2^10 - 1
  fe_sqn(&t2, &t1, 10);
  fe25519_mul(&t2, &t2, &t1);   // 2^20 - 1
  fe_sqn(&t3, &t2, 20);
  fe25519_mul(&t2, &t3, &t2);   // 2^40 - 1
  fe_sqn(&t2, &t2, 10);
  fe25519_mul(&t1, &t2, &t1);   // 2^50 - 1
  fe_sqn(&t2, &t1, 50);
  fe25519_mul(&t2, &t2, &t1);   // 2^100 - 1
  fe_sqn(&t3, &t2, 100);
  fe25519_mul(&t2, &t3, &t2);   // 2^200 - 1
  fe_sqn(&t2, &t2, 50);
  fe25519_mul(t250, &t2, &t1);  // 2^250 - 1
}

// z^(p-2) = z^(2^255 - 21) (Fermat): (2^250 - 1) * 2^5 + 11.
void cce_fe25519_invert(fe25519 *out, const fe25519 *z) {
  fe25519 t, z11;
  fe_pow2250m1(&t, &z11, z);
  fe_sqn(&t, &t, 5);
  fe25519_mul(out, &t, &z11);
}

// z^((p-5)/8) = z^(2^252 - 3): (2^250 - 1) * 4 + 1.
void cce_fe25519_pow22523(fe25519 *out, const fe25519 *z) {
  fe25519 t, z11;
  fe_pow2250m1(&t, &z11, z);
  fe_sqn(&t, &t, 2);
  fe25519_mul(out, &t, z);
}

int cce_fe25519_isnegative(const fe25519 *f) {
  uint8_t s[32];
  cce_fe25519_tobytes(s, f);
  return s[0] & 1;
}

uint64_t cce_fe25519_iszero_mask(const fe25519 *f) {
  uint8_t s[32];
  cce_fe25519_tobytes(s, f);
  uint64_t acc = cce_load64_le(s) | cce_load64_le(s + 8) | cce_load64_le(s + 16) | cce_load64_le(s + 24);
  return ~cce_ct_nonzero_mask64(acc);
}
