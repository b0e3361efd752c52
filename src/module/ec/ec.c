// Curve-independent parts of the EC family: curve lookup, scalar checks,
// SEC1 public-key parsing and validation (SP 800-56A Rev. 3 5.6.2.3.3),
// bits2int, key-pair generation (FIPS 186-5 A.2.2), and the public key
// services of ec.h.

#include <strings.h>

#include "../rand/internal.h"
#include "internal.h"

__attribute__((weak, noinline)) void cce_ec_ct_public(const void *p, size_t len) {
  (void)p;
  (void)len;
}

const cce_ec_curve *cce_ec_curve_get(cce_ec_curve_id id) {
  switch (id) {
    case CCE_EC_P256: return &cce_ec_p256;
    case CCE_EC_P384: return &cce_ec_p384;
    case CCE_EC_P521: return &cce_ec_p521;
    default: return NULL;
  }
}

uint32_t cce_ec_scalar_valid_mask(const cce_ec_curve *c, const uint8_t *k) {
  // k - n over the bytes, least significant first: a final borrow means k < n.
  uint32_t borrow = 0, nz = 0;
  for (size_t i = c->nbytes; i-- > 0;) {
    uint32_t d = (uint32_t)k[i] - (uint32_t)c->order[i] - borrow;
    borrow = (d >> 31) & 1u;
    nz |= k[i];
  }
  uint32_t ok = cce_ct_nonzero_mask32(nz) & (0u - borrow);
  cce_ec_ct_public(&ok, sizeof ok);  // the validity of a scalar is not secret
  return ok;
}

void cce_ec_bits2int(const cce_ec_curve *c, const uint8_t *h, size_t h_len, uint8_t *e) {
  size_t nb = (c->nbits + 7) / 8;  // == c->nbytes for the three curves
  memset(e, 0, c->nbytes);
  if (h_len * 8 <= c->nbits) {
    memcpy(e + c->nbytes - h_len, h, h_len);
    return;
  }
  // Leftmost nbits bits: the first nb bytes shifted right by 8*nb - nbits.
  unsigned sh = (unsigned)(8 * nb - c->nbits);
  uint8_t *o = e + c->nbytes - nb;
  for (size_t i = 0; i < nb; i++) {
    unsigned prev = i > 0 ? h[i - 1] : 0;
    o[i] = (uint8_t)(sh ? ((h[i] >> sh) | (prev << (8 - sh))) : h[i]);
  }
}

cce_status cce_ec_pub_parse(const cce_ec_curve *c, const uint8_t *pub, size_t pub_len, uint8_t *x, uint8_t *y) {
  size_t n = c->nbytes;
  if (pub_len == 1 + 2 * n) {
    if (pub[0] != 0x04) return CCE_ERR_POINT_INVALID;  // hybrid 06/07 and others refused
    memcpy(x, pub + 1, n);
    memcpy(y, pub + 1 + n, n);
    return c->check(x, y);
  }
  if (pub_len == 1 + n) {
    if (pub[0] != 0x02 && pub[0] != 0x03) return CCE_ERR_POINT_INVALID;
    memcpy(x, pub + 1, n);
    cce_status st = c->decompress(y, x, pub[0] == 0x03);
    if (st != CCE_OK) return st;
    return c->check(x, y);
  }
  if (pub_len == 1 && pub[0] == 0x00) return CCE_ERR_POINT_INVALID;  // the point at infinity
  return CCE_ERR_INVALID_LENGTH;
}

// One candidate of FIPS 186-5 A.2.2 / A.3.2: c = nbits random bits, d = c + 1,
// accepted when c <= n - 2 (i.e. 1 <= d <= n - 1).
static cce_status sample_scalar(const cce_ec_curve *c, uint8_t *d) {
  for (int tries = 0; tries < 64; tries++) {
    cce_status st = cce_random_impl(d, c->nbytes);
    if (st != CCE_OK) return st;
    unsigned top = c->nbits % 8;
    size_t skip = c->nbytes - (c->nbits + 7) / 8;
    memset(d, 0, skip);
    if (top) d[skip] &= (uint8_t)((1u << top) - 1);
    uint32_t carry = 1;
    for (size_t i = c->nbytes; i-- > 0;) {
      uint32_t v = (uint32_t)d[i] + carry;
      d[i] = (uint8_t)v;
      carry = v >> 8;
    }
    // carry out means c was all-ones (only possible when nbits = 8*nbytes).
    uint32_t ok = cce_ec_scalar_valid_mask(c, d) & cce_ct_is_zero_mask32(carry);
    cce_ec_ct_public(&ok, sizeof ok);
    if (cce_ct_barrier32(ok)) return CCE_OK;  // only the rejection is revealed
  }
  cce_wipe(d, c->nbytes);
  return CCE_ERR_INTERNAL;
}

cce_status cce_ec_sample_scalar_impl(const cce_ec_curve *c, uint8_t *d) { return sample_scalar(c, d); }

cce_status cce_ec_keygen_impl(const cce_ec_curve *c, uint8_t *d, uint8_t *qx, uint8_t *qy) {
  cce_status st = sample_scalar(c, d);
  if (st != CCE_OK) return st;
  st = c->base_mul(qx, qy, d);
  if (st != CCE_OK) cce_wipe(d, c->nbytes);
  return st;
}

// ---------------------------------------------------------------------------
// Public services (see ec.h).

size_t cce_ec_scalar_len(cce_ec_curve_id curve) {
  const cce_ec_curve *c = cce_ec_curve_get(curve);
  return c ? c->nbytes : 0;
}

size_t cce_ec_public_len(cce_ec_curve_id curve) {
  const cce_ec_curve *c = cce_ec_curve_get(curve);
  return c ? 1 + 2 * (size_t)c->nbytes : 0;
}

size_t cce_ecdsa_sig_len(cce_ec_curve_id curve) {
  const cce_ec_curve *c = cce_ec_curve_get(curve);
  return c ? 2 * (size_t)c->nbytes : 0;
}

const char *cce_ec_curve_name(cce_ec_curve_id curve) {
  const cce_ec_curve *c = cce_ec_curve_get(curve);
  return c ? c->name : NULL;
}

cce_ec_curve_id cce_ec_curve_from_name(const char *name) {
  static const struct {
    const char *name;
    cce_ec_curve_id id;
  } k_names[] = {
      {"P-256", CCE_EC_P256}, {"p256", CCE_EC_P256}, {"secp256r1", CCE_EC_P256}, {"prime256v1", CCE_EC_P256},
      {"P-384", CCE_EC_P384}, {"p384", CCE_EC_P384}, {"secp384r1", CCE_EC_P384},
      {"P-521", CCE_EC_P521}, {"p521", CCE_EC_P521}, {"secp521r1", CCE_EC_P521},
  };
  if (name == NULL) return CCE_EC_NONE;
  for (size_t i = 0; i < sizeof k_names / sizeof k_names[0]; i++)
    if (strcasecmp(name, k_names[i].name) == 0) return k_names[i].id;
  return CCE_EC_NONE;
}

// see ec.h
cce_status cce_ec_private_validate(cce_ec_curve_id curve, const uint8_t *priv, size_t priv_len) {
  cce_status st = cce_svc_check(CCE_ST_ECDH);
  if (st != CCE_OK) return cce_indicate(st, 0);
  const cce_ec_curve *c = cce_ec_curve_get(curve);
  if (c == NULL) return cce_indicate(CCE_ERR_UNSUPPORTED, 0);
  if (priv == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (priv_len != c->nbytes) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  uint32_t ok = cce_ec_scalar_valid_mask(c, priv);
  return cce_indicate(cce_ct_barrier32(ok) ? CCE_OK : CCE_ERR_KEY_INVALID, 1);
}

// see ec.h
cce_status cce_ec_public_from_private(cce_ec_curve_id curve, const uint8_t *priv, size_t priv_len, uint8_t *pub,
                                      size_t pub_len) {
  cce_status st = cce_svc_check(CCE_ST_ECDH);
  if (st != CCE_OK) return cce_indicate(st, 0);
  const cce_ec_curve *c = cce_ec_curve_get(curve);
  if (c == NULL) return cce_indicate(CCE_ERR_UNSUPPORTED, 0);
  if (priv == NULL || pub == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (priv_len != c->nbytes) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  size_t n = c->nbytes;
  if (pub_len < 1 + 2 * n) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  if (!cce_ct_barrier32(cce_ec_scalar_valid_mask(c, priv))) {
    cce_wipe(pub, 1 + 2 * n);
    return cce_indicate(CCE_ERR_KEY_INVALID, 0);
  }
  pub[0] = 0x04;
  st = c->base_mul(pub + 1, pub + 1 + n, priv);
  if (st != CCE_OK) cce_wipe(pub, 1 + 2 * n);
  return cce_indicate(st, 1);
}

// see ec.h
cce_status cce_ec_public_validate(cce_ec_curve_id curve, const uint8_t *pub, size_t pub_len) {
  cce_status st = cce_svc_check(CCE_ST_ECDH);
  if (st != CCE_OK) return cce_indicate(st, 0);
  const cce_ec_curve *c = cce_ec_curve_get(curve);
  if (c == NULL) return cce_indicate(CCE_ERR_UNSUPPORTED, 0);
  if (pub == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  uint8_t x[CCE_EC_MAX_SCALAR_BYTES], y[CCE_EC_MAX_SCALAR_BYTES];
  st = cce_ec_pub_parse(c, pub, pub_len, x, y);
  return cce_indicate(st, 1);
}

// see ec.h
cce_status cce_ec_public_decompress(cce_ec_curve_id curve, const uint8_t *pub, size_t pub_len, uint8_t *out,
                                    size_t out_len) {
  cce_status st = cce_svc_check(CCE_ST_ECDH);
  if (st != CCE_OK) return cce_indicate(st, 0);
  const cce_ec_curve *c = cce_ec_curve_get(curve);
  if (c == NULL) return cce_indicate(CCE_ERR_UNSUPPORTED, 0);
  if (pub == NULL || out == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  size_t n = c->nbytes;
  if (out_len < 1 + 2 * n) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  uint8_t x[CCE_EC_MAX_SCALAR_BYTES], y[CCE_EC_MAX_SCALAR_BYTES];
  st = cce_ec_pub_parse(c, pub, pub_len, x, y);
  if (st != CCE_OK) {
    memset(out, 0, 1 + 2 * n);
    return cce_indicate(st, 0);
  }
  out[0] = 0x04;
  memcpy(out + 1, x, n);
  memcpy(out + 1 + n, y, n);
  return cce_indicate(CCE_OK, 1);
}

// see ec.h
cce_status cce_ecdh_keygen(cce_ec_curve_id curve, uint8_t *priv, size_t priv_len, uint8_t *pub, size_t pub_len) {
  cce_status st = cce_svc_check(CCE_ST_ECDH);
  if (st != CCE_OK) return cce_indicate(st, 0);
  const cce_ec_curve *c = cce_ec_curve_get(curve);
  if (c == NULL) return cce_indicate(CCE_ERR_UNSUPPORTED, 0);
  if (priv == NULL || pub == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  size_t n = c->nbytes;
  if (priv_len < n || pub_len < 1 + 2 * n) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  pub[0] = 0x04;
  st = cce_ec_keygen_impl(c, priv, pub + 1, pub + 1 + n);
  if (st == CCE_OK) {
    // Pairwise consistency (SP 800-56A 5.6.2.1.4): recompute Q from d.
    uint8_t x[CCE_EC_MAX_SCALAR_BYTES], y[CCE_EC_MAX_SCALAR_BYTES];
    cce_status st2 = c->base_mul(x, y, priv);
    if (st2 != CCE_OK || memcmp(x, pub + 1, n) != 0 || memcmp(y, pub + 1 + n, n) != 0 ||
        c->check(x, y) != CCE_OK) {
      cce_module_fail("ECDH PCT");
      st = CCE_ERR_SELFTEST;
    }
  }
  if (st != CCE_OK) {
    cce_wipe(priv, n);
    cce_wipe(pub, 1 + 2 * n);
    return cce_indicate(st, 0);
  }
  return cce_indicate(CCE_OK, 1);
}
