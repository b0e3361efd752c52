// X25519 (RFC 7748 section 5): the Montgomery ladder on the u-coordinate
// with a constant-time conditional swap, 255 steps for every scalar: in
// four 64-bit limbs with MULX/ADX (x25519_adx.c) when the CPU has BMI2 and
// ADX, else in radix 2^51 (portable). The fixed-base case
// X25519(k, 9) goes through the Edwards fixed-base table (the birational
// map of RFC 7748 4.1: u = (1 + y) / (1 - y)), several times faster than
// the ladder and as constant-time.
//
// X25519 is not an approved algorithm here: its services set the indicator
// to "not approved".

#include "../rand/internal.h"
#include "internal.h"

static void clamp(uint8_t e[32], const uint8_t k[32]) {
  memcpy(e, k, 32);
  e[0] &= 248;
  e[31] &= 127;
  e[31] |= 64;
}

static uint64_t all_zero_mask(const uint8_t s[32]) {
  uint64_t acc = cce_load64_le(s) | cce_load64_le(s + 8) | cce_load64_le(s + 16) | cce_load64_le(s + 24);
  return ~cce_ct_nonzero_mask64(acc);
}

uint64_t cce_x25519_impl(uint8_t out[32], const uint8_t scalar[32], const uint8_t u[32]) {
  uint8_t e[32];
  fe25519 x1, x2, z2, x3, z3, a, aa, b, bb, ee, c, d, da, cb;
  clamp(e, scalar);
#ifdef CCE_X25519_HAVE_ADX
  if (cce_cpu_has(CCE_CPU_BMI2 | CCE_CPU_ADX)) {
    cce_x25519_ladder_adx(out, e, u);
    cce_wipe(e, sizeof e);
    return all_zero_mask(out);
  }
#endif
  cce_fe25519_frombytes(&x1, u);  // the top bit is masked (RFC 7748 5)
  fe25519_1(&x2);
  fe25519_0(&z2);
  x3 = x1;
  fe25519_1(&z3);
  uint64_t swap = 0;
  for (int t = 254; t >= 0; t--) {
    uint64_t kt = (uint64_t)(e[t >> 3] >> (t & 7)) & 1;
    swap ^= kt;
    uint64_t m = fe25519_mask(swap);
    fe25519_cswap(&x2, &x3, m);
    fe25519_cswap(&z2, &z3, m);
    swap = kt;
    fe25519_add(&a, &x2, &z2);
    fe25519_sq(&aa, &a);
    fe25519_sub_nc(&b, &x2, &z2);
    fe25519_sq(&bb, &b);
    fe25519_sub_nc(&ee, &aa, &bb);
    fe25519_add(&c, &x3, &z3);
    fe25519_sub_nc(&d, &x3, &z3);
    fe25519_mul(&da, &d, &a);
    fe25519_mul(&cb, &c, &b);
    fe25519_add(&x3, &da, &cb);
    fe25519_sq(&x3, &x3);
    fe25519_sub_nc(&z3, &da, &cb);
    fe25519_sq(&z3, &z3);
    fe25519_mul(&z3, &z3, &x1);
    fe25519_mul(&x2, &aa, &bb);
    fe25519_mul_small(&z2, &ee, 121665);
    fe25519_add(&z2, &z2, &aa);
    fe25519_mul(&z2, &z2, &ee);
  }
  uint64_t m = fe25519_mask(swap);
  fe25519_cswap(&x2, &x3, m);
  fe25519_cswap(&z2, &z3, m);
  cce_fe25519_invert(&z2, &z2);  // 0 stays 0: the result is then 0
  fe25519_mul(&x2, &x2, &z2);
  cce_fe25519_tobytes(out, &x2);
  cce_wipe(e, sizeof e);
  cce_wipe(&x2, sizeof x2);
  cce_wipe(&z2, sizeof z2);
  cce_wipe(&x3, sizeof x3);
  cce_wipe(&z3, sizeof z3);
  cce_wipe(&aa, sizeof aa);
  cce_wipe(&bb, sizeof bb);
  cce_wipe(&da, sizeof da);
  cce_wipe(&cb, sizeof cb);
  return all_zero_mask(out);
}

void cce_x25519_base_impl(uint8_t out[32], const uint8_t scalar[32]) {
  uint8_t e[32];
  ge25519_p3 A;
  fe25519 n, dn;
  clamp(e, scalar);
  cce_ge25519_scalarmult_base(&A, e);
  // u = (1 + y) / (1 - y) = (Z + Y) / (Z - Y). Z - Y = 0 only for the
  // neutral element, i.e. e = kL; a clamped e lies in [2^254, 2^255) where
  // only k = 4..7 fit, and kL (L odd) is then not a multiple of 8 as e is.
  fe25519_add(&n, &A.Z, &A.Y);
  fe25519_sub(&dn, &A.Z, &A.Y);
  cce_fe25519_invert(&dn, &dn);
  fe25519_mul(&n, &n, &dn);
  cce_fe25519_tobytes(out, &n);
  cce_wipe(e, sizeof e);
  cce_wipe(&A, sizeof A);
  cce_wipe(&n, sizeof n);
  cce_wipe(&dn, sizeof dn);
}

// ---------------------------------------------------------------------------
// Self-test: RFC 7748 section 5.2, the first test vector (ladder) and the
// public key of Alice from section 6.1 (fixed base).

static const uint8_t kat_k[32] = {0xa5, 0x46, 0xe3, 0x6b, 0xf0, 0x52, 0x7c, 0x9d, 0x3b, 0x16, 0x15,
                                  0x4b, 0x82, 0x46, 0x5e, 0xdd, 0x62, 0x14, 0x4c, 0x0a, 0xc1, 0xfc,
                                  0x5a, 0x18, 0x50, 0x6a, 0x22, 0x44, 0xba, 0x44, 0x9a, 0xc4};
static const uint8_t kat_u[32] = {0xe6, 0xdb, 0x68, 0x67, 0x58, 0x30, 0x30, 0xdb, 0x35, 0x94, 0xc1,
                                  0xa4, 0x24, 0xb1, 0x5f, 0x7c, 0x72, 0x66, 0x24, 0xec, 0x26, 0xb3,
                                  0x35, 0x3b, 0x10, 0xa9, 0x03, 0xa6, 0xd0, 0xab, 0x1c, 0x4c};
static const uint8_t kat_out[32] = {0xc3, 0xda, 0x55, 0x37, 0x9d, 0xe9, 0xc6, 0x90, 0x8e, 0x94, 0xea,
                                    0x4d, 0xf2, 0x8d, 0x08, 0x4f, 0x32, 0xec, 0xcf, 0x03, 0x49, 0x1c,
                                    0x71, 0xf7, 0x54, 0xb4, 0x07, 0x55, 0x77, 0xa2, 0x85, 0x52};
static const uint8_t kat_alice_priv[32] = {0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1,
                                           0x72, 0x51, 0xb2, 0x66, 0x45, 0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0,
                                           0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a};
static const uint8_t kat_alice_pub[32] = {0x85, 0x20, 0xf0, 0x09, 0x89, 0x30, 0xa7, 0x54, 0x74, 0x8b, 0x7d, 0xdc, 0xb4, 0x3e, 0xf7, 0x5a, 0x0d, 0xbf, 0x3a, 0x0d, 0x26, 0x38, 0x1a, 0xf4, 0xeb, 0xa4, 0xa9, 0x8e, 0xaa, 0x9b, 0x4e, 0x6a};

cce_status cce_kat_x25519(void) {
  uint8_t out[32];
  (void)cce_x25519_impl(out, kat_k, kat_u);
  cce_status st = cce_kat_check(CCE_ST_X25519, out, kat_out, 32);
  if (st != CCE_OK) return st;
  cce_x25519_base_impl(out, kat_alice_priv);
  return cce_kat_check(CCE_ST_X25519, out, kat_alice_pub, 32);
}

// ---------------------------------------------------------------------------
// Public services (not approved).

cce_status cce_x25519_keypair(uint8_t out_public[32], uint8_t out_private[32]) {
  cce_status st = cce_svc_check(CCE_ST_X25519);
  if (st != CCE_OK) goto fail;
  if (out_public == NULL || out_private == NULL) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  st = cce_random_impl(out_private, 32);
  if (st != CCE_OK) goto fail;
  cce_x25519_base_impl(out_public, out_private);
  return cce_indicate(CCE_OK, 0);
fail:
  if (out_public != NULL) cce_wipe(out_public, 32);
  if (out_private != NULL) cce_wipe(out_private, 32);
  return cce_indicate(st, 0);
}

cce_status cce_x25519_public(uint8_t out_public[32], const uint8_t private_key[32]) {
  cce_status st = cce_svc_check(CCE_ST_X25519);
  if (st != CCE_OK) goto fail;
  if (out_public == NULL || private_key == NULL) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  cce_x25519_base_impl(out_public, private_key);
  return cce_indicate(CCE_OK, 0);
fail:
  if (out_public != NULL) cce_wipe(out_public, 32);
  return cce_indicate(st, 0);
}

cce_status cce_x25519(uint8_t out_shared[32], const uint8_t private_key[32], const uint8_t peer_public[32]) {
  cce_status st = cce_svc_check(CCE_ST_X25519);
  if (st != CCE_OK) goto fail;
  if (out_shared == NULL || private_key == NULL || peer_public == NULL) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  // The all-zero check (RFC 7748 6.1) without a branch on the result: the
  // output is zeroed (it is zero already) and the status chosen with masks.
  {
    uint64_t zero = cce_x25519_impl(out_shared, private_key, peer_public);
    st = (cce_status)cce_ct_select32((uint32_t)zero, (uint32_t)CCE_ERR_POINT_INVALID, (uint32_t)CCE_OK);
    return cce_indicate(st, 0);
  }
fail:
  if (out_shared != NULL) cce_wipe(out_shared, 32);
  return cce_indicate(st, 0);
}
