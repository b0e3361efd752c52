// Deterministic EC key pairs from a derived string (FIPS 186-5 A.2.1, "key
// pair generation using extra random bits"): for DICE (src/module/boot).
//
// c is the (nbytes + 8)-byte string, read as a big-endian integer; the
// private key is d = (c mod (n - 1)) + 1, so 1 <= d <= n - 1, with a bias
// below 2^-64. The reduction is a bit-serial shift-and-subtract over 64-bit
// limbs whose every step does the same work whatever the bits: no branch and
// no memory index depends on c.

#include "../boot/dice_internal.h"
#include "internal.h"

#define DERIVE_MAX_LIMBS ((CCE_EC_MAX_SCALAR_BYTES + 7) / 8 + 1)  // 10

// Big-endian bytes -> little-endian 64-bit limbs (nl limbs, zero-extended).
static void be_to_limbs(uint64_t *l, size_t nl, const uint8_t *be, size_t len) {
  for (size_t i = 0; i < nl; i++) l[i] = 0;
  for (size_t i = 0; i < len; i++) {
    size_t bit = 8 * (len - 1 - i);
    l[bit / 64] |= (uint64_t)be[i] << (bit % 64);
  }
}

static void limbs_to_be(uint8_t *be, size_t len, const uint64_t *l) {
  for (size_t i = 0; i < len; i++) {
    size_t bit = 8 * (len - 1 - i);
    be[i] = (uint8_t)(l[bit / 64] >> (bit % 64));
  }
}

// r = r - m if r >= m (both nl limbs), in constant time.
static void cond_sub(uint64_t *r, const uint64_t *m, size_t nl) {
  uint64_t t[DERIVE_MAX_LIMBS];
  uint64_t borrow = 0;
  for (size_t i = 0; i < nl; i++) {
    uint64_t a = r[i], b = m[i];
    uint64_t d = a - b;
    uint64_t b1 = cce_ct_lt_mask64(a, b) & 1u;
    uint64_t d2 = d - borrow;
    uint64_t b2 = cce_ct_lt_mask64(d, borrow) & 1u;
    t[i] = d2;
    borrow = b1 | b2;
  }
  uint64_t keep = cce_ct_nonzero_mask64(borrow);  // borrow: r < m, keep r
  for (size_t i = 0; i < nl; i++) r[i] = cce_ct_select64(keep, r[i], t[i]);
  cce_wipe(t, sizeof t);
}

cce_status cce_ec_derive_keypair_impl(const cce_ec_curve *c, const uint8_t *seed, size_t seed_len, uint8_t *d,
                                      uint8_t *qx, uint8_t *qy) {
  size_t nb = c->nbytes;
  if (seed_len != nb + 8) return CCE_ERR_INVALID_LENGTH;
  size_t nl = (nb + 7) / 8 + 1;  // one spare limb for 2r + 1 < 2(n - 1)
  uint64_t m[DERIVE_MAX_LIMBS], r[DERIVE_MAX_LIMBS];
  // m = n - 1 (public).
  be_to_limbs(m, nl, c->order, nb);
  uint64_t borrow = 1;
  for (size_t i = 0; i < nl; i++) {
    uint64_t nb1 = (m[i] < borrow);
    m[i] -= borrow;
    borrow = nb1;
  }
  for (size_t i = 0; i < nl; i++) r[i] = 0;
  // Horner over the bits of c, most significant first: r = 2r + bit mod m.
  for (size_t i = 0; i < seed_len; i++) {
    for (int b = 7; b >= 0; b--) {
      uint64_t bit = (uint64_t)(seed[i] >> b) & 1u;
      for (size_t j = nl - 1; j > 0; j--) r[j] = (r[j] << 1) | (r[j - 1] >> 63);
      r[0] = (r[0] << 1) | bit;
      cond_sub(r, m, nl);
    }
  }
  // d = r + 1 <= n - 1.
  uint64_t carry = 1;
  for (size_t i = 0; i < nl; i++) {
    uint64_t s = r[i] + carry;
    carry = cce_ct_lt_mask64(s, carry) & 1u;
    r[i] = s;
  }
  limbs_to_be(d, nb, r);
  cce_wipe(r, sizeof r);
  cce_status st = c->base_mul(qx, qy, d);
  if (st != CCE_OK) cce_wipe(d, nb);
  return st;
}
