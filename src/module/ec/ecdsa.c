// ECDSA (FIPS 186-5 section 6): signature generation with k from the DRBG
// (A.3.2) or deterministic k (RFC 6979, as FIPS 186-5 6.3.2 allows),
// verification, key generation with its pairwise consistency test, and the
// ECDSA known-answer self-tests.

#include "../mac/internal.h"
#include "internal.h"

// Digest length used for ECDSA with `hash`: SHAKE128 -> 256 bits, SHAKE256
// -> 512 bits (FIPS 186-5 6.4.1 note on SHAKE), else the hash's own.
static size_t ecdsa_digest_len(cce_hash_alg hash) {
  if (hash == CCE_HASH_SHAKE128) return 32;
  if (hash == CCE_HASH_SHAKE256) return 64;
  const cce_hash_desc *d = cce_hash_desc_get(hash);
  return d ? d->digest_len : 0;
}

cce_status cce_ecdsa_hash_impl(cce_hash_alg hash, const uint8_t *msg, size_t msg_len, uint8_t *out,
                               size_t *out_len) {
  const cce_hash_desc *d = cce_hash_desc_get(hash);
  size_t n = ecdsa_digest_len(hash);
  if (d == NULL || n == 0) return CCE_ERR_UNSUPPORTED;
  cce_hash_impl(d, out, n, msg, msg_len);
  *out_len = n;
  return CCE_OK;
}

// ---------------------------------------------------------------------------
// RFC 6979 section 3.2: deterministic k from HMAC_K over the private key and
// the message digest. The state is kept across candidates so that a
// rejected k (or r = 0 / s = 0) moves to the next one (step h.3).

typedef struct rfc6979 {
  const cce_hash_desc *d;
  uint8_t k[CCE_HASH_MAX_DIGEST_BYTES];
  uint8_t v[CCE_HASH_MAX_DIGEST_BYTES];
  size_t hlen;
  int first;
} rfc6979;

static void hmac3(const rfc6979 *st, uint8_t *out, const uint8_t *a, size_t a_len, int sep, const uint8_t *b,
                  size_t b_len, const uint8_t *c, size_t c_len) {
  cce_hmac_ctx ctx;
  cce_hmac_init_impl(&ctx, st->d, st->k, st->hlen);
  (void)cce_hmac_update_impl(&ctx, a, a_len);
  if (sep >= 0) {
    uint8_t s = (uint8_t)sep;
    (void)cce_hmac_update_impl(&ctx, &s, 1);
  }
  if (b_len) (void)cce_hmac_update_impl(&ctx, b, b_len);
  if (c_len) (void)cce_hmac_update_impl(&ctx, c, c_len);
  cce_hmac_final_impl(&ctx, out);
  cce_wipe(&ctx, sizeof ctx);
}

static void rfc6979_init(rfc6979 *st, const cce_ec_curve *c, const cce_hash_desc *d, const uint8_t *x,
                         const uint8_t *h1, size_t h1_len) {
  uint8_t h_oct[CCE_EC_MAX_SCALAR_BYTES];
  size_t n = c->nbytes;
  st->d = d;
  st->hlen = d->digest_len;
  st->first = 1;
  // bits2octets(h1) = int2octets(bits2int(h1) mod q); bits2int(h1) < 2^qlen < 2q.
  cce_ec_bits2int(c, h1, h1_len, h_oct);
  {
    uint8_t t[CCE_EC_MAX_SCALAR_BYTES];
    uint32_t borrow = 0;
    for (size_t i = n; i-- > 0;) {
      uint32_t v = (uint32_t)h_oct[i] - c->order[i] - borrow;
      t[i] = (uint8_t)v;
      borrow = (v >> 31) & 1u;
    }
    // borrow: h < q, keep h; else take h - q.
    cce_ct_cmov(h_oct, t, n, ~(0u - borrow));
    cce_wipe(t, sizeof t);
  }
  memset(st->v, 0x01, st->hlen);
  memset(st->k, 0x00, st->hlen);
  hmac3(st, st->k, st->v, st->hlen, 0x00, x, n, h_oct, n);  // step d
  hmac3(st, st->v, st->v, st->hlen, -1, NULL, 0, NULL, 0);  // step e
  hmac3(st, st->k, st->v, st->hlen, 0x01, x, n, h_oct, n);  // step f
  hmac3(st, st->v, st->v, st->hlen, -1, NULL, 0, NULL, 0);  // step g
  cce_wipe(h_oct, sizeof h_oct);
}

// Next candidate k in [1, q-1] (step h).
static void rfc6979_next(rfc6979 *st, const cce_ec_curve *c, uint8_t *kout) {
  uint8_t t[CCE_EC_MAX_SCALAR_BYTES + CCE_HASH_MAX_DIGEST_BYTES];
  for (;;) {
    if (!st->first) {  // h.3: K = HMAC_K(V || 0x00), V = HMAC_K(V)
      hmac3(st, st->k, st->v, st->hlen, 0x00, NULL, 0, NULL, 0);
      hmac3(st, st->v, st->v, st->hlen, -1, NULL, 0, NULL, 0);
    }
    st->first = 0;
    size_t tlen = 0;
    while (tlen * 8 < c->nbits) {
      hmac3(st, st->v, st->v, st->hlen, -1, NULL, 0, NULL, 0);
      memcpy(t + tlen, st->v, st->hlen);
      tlen += st->hlen;
    }
    cce_ec_bits2int(c, t, tlen, kout);
    cce_wipe(t, sizeof t);
    if (cce_ct_barrier32(cce_ec_scalar_valid_mask(c, kout))) return;  // only rejection is revealed
  }
}

// ---------------------------------------------------------------------------

cce_status cce_ecdsa_sign_digest_impl(const cce_ec_curve *c, cce_hash_alg hash, const uint8_t *d,
                                      const uint8_t *digest, size_t digest_len, int deterministic,
                                      uint8_t *sig) {
  uint8_t e[CCE_EC_MAX_SCALAR_BYTES], k[CCE_EC_MAX_SCALAR_BYTES];
  size_t n = c->nbytes;
  cce_status st = CCE_ERR_INTERNAL;
  rfc6979 drbg;
  memset(&drbg, 0, sizeof drbg);
  cce_ec_bits2int(c, digest, digest_len, e);
  if (deterministic) {
    const cce_hash_desc *hd = cce_hash_desc_get(hash);
    if (hd == NULL || hd->digest_len == 0) return CCE_ERR_UNSUPPORTED;
    rfc6979_init(&drbg, c, hd, d, digest, digest_len);
  }
  for (int tries = 0; tries < 64; tries++) {
    if (deterministic) {
      rfc6979_next(&drbg, c, k);
    } else {
      st = cce_ec_sample_scalar_impl(c, k);
      if (st != CCE_OK) break;
    }
    st = c->sign(sig, sig + n, d, k, e);
    if (st != CCE_ERR_INTERNAL) break;  // r = 0 or s = 0: next k
  }
  cce_wipe(k, sizeof k);
  cce_wipe(e, sizeof e);
  cce_wipe(&drbg, sizeof drbg);
  if (st != CCE_OK) cce_wipe(sig, 2 * n);
  return st;
}

cce_status cce_ecdsa_verify_digest_impl(const cce_ec_curve *c, const uint8_t *qx, const uint8_t *qy,
                                        const uint8_t *digest, size_t digest_len, const uint8_t *sig) {
  uint8_t e[CCE_EC_MAX_SCALAR_BYTES];
  cce_ec_bits2int(c, digest, digest_len, e);
  return c->verify(qx, qy, e, sig, sig + c->nbytes);
}

// ---------------------------------------------------------------------------
// Public services (see ec.h).

// Approved hashes for ECDSA: SHA-2, SHA-3, SHAKE (SHA-1 only for verifying).
static int hash_approved(cce_hash_alg h) { return h >= CCE_HASH_SHA224 && h <= CCE_HASH_SHAKE256; }

static cce_status sign_common(cce_ec_curve_id curve, cce_hash_alg hash, const uint8_t *priv, size_t priv_len,
                              const uint8_t *msg, size_t msg_len, int is_digest, unsigned flags, uint8_t *sig,
                              size_t sig_len) {
  cce_status st = cce_svc_check(CCE_ST_ECDSA_SIGN);
  if (st != CCE_OK) return st;
  const cce_ec_curve *c = cce_ec_curve_get(curve);
  if (c == NULL) return CCE_ERR_UNSUPPORTED;
  if (priv == NULL || sig == NULL || (msg == NULL && msg_len > 0)) return CCE_ERR_NULL_POINTER;
  if (flags & ~CCE_ECDSA_DETERMINISTIC) return CCE_ERR_INVALID_ARG;
  const cce_hash_desc *hd = cce_hash_desc_get(hash);
  if (hd == NULL || !hash_approved(hash)) return CCE_ERR_UNSUPPORTED;  // SHA-1 refused for signing
  int det = (flags & CCE_ECDSA_DETERMINISTIC) != 0;
  if (det && hd->digest_len == 0) return CCE_ERR_UNSUPPORTED;  // RFC 6979 needs HMAC: not with SHAKE
  size_t n = c->nbytes;
  if (priv_len != n) return CCE_ERR_INVALID_LENGTH;
  if (sig_len < 2 * n) return CCE_ERR_BUFFER_TOO_SMALL;
  st = cce_svc_check(hd->selftest);
  if (st == CCE_OK && det) st = cce_svc_check(CCE_ST_HMAC);
  if (st != CCE_OK) return st;
  uint8_t h[CCE_HASH_MAX_DIGEST_BYTES];
  size_t h_len;
  if (is_digest) {
    if (msg_len != ecdsa_digest_len(hash)) return CCE_ERR_INVALID_LENGTH;
    memcpy(h, msg, msg_len);
    h_len = msg_len;
  } else {
    st = cce_ecdsa_hash_impl(hash, msg, msg_len, h, &h_len);
    if (st != CCE_OK) return st;
  }
  if (!cce_ct_barrier32(cce_ec_scalar_valid_mask(c, priv))) {
    st = CCE_ERR_KEY_INVALID;
  } else {
    st = cce_ecdsa_sign_digest_impl(c, hash, priv, h, h_len, det, sig);
  }
  cce_wipe(h, sizeof h);
  return st;
}

// see ec.h
cce_status cce_ecdsa_sign(cce_ec_curve_id curve, cce_hash_alg hash, const uint8_t *priv, size_t priv_len,
                          const uint8_t *msg, size_t msg_len, unsigned flags, uint8_t *sig, size_t sig_len) {
  cce_status st = sign_common(curve, hash, priv, priv_len, msg, msg_len, 0, flags, sig, sig_len);
  if (st != CCE_OK && sig != NULL) cce_wipe(sig, sig_len < CCE_ECDSA_MAX_SIG_BYTES ? sig_len : CCE_ECDSA_MAX_SIG_BYTES);
  return cce_indicate(st, 1);
}

// see ec.h
cce_status cce_ecdsa_sign_digest(cce_ec_curve_id curve, cce_hash_alg hash, const uint8_t *priv, size_t priv_len,
                                 const uint8_t *digest, size_t digest_len, unsigned flags, uint8_t *sig,
                                 size_t sig_len) {
  cce_status st = sign_common(curve, hash, priv, priv_len, digest, digest_len, 1, flags, sig, sig_len);
  if (st != CCE_OK && sig != NULL) cce_wipe(sig, sig_len < CCE_ECDSA_MAX_SIG_BYTES ? sig_len : CCE_ECDSA_MAX_SIG_BYTES);
  return cce_indicate(st, 1);
}

static cce_status verify_common(cce_ec_curve_id curve, cce_hash_alg hash, const uint8_t *pub, size_t pub_len,
                                const uint8_t *msg, size_t msg_len, int is_digest, const uint8_t *sig,
                                size_t sig_len) {
  cce_status st = cce_svc_check(CCE_ST_ECDSA_VERIFY);
  if (st != CCE_OK) return st;
  const cce_ec_curve *c = cce_ec_curve_get(curve);
  if (c == NULL) return CCE_ERR_UNSUPPORTED;
  if (pub == NULL || (sig == NULL && sig_len > 0) || (msg == NULL && msg_len > 0)) return CCE_ERR_NULL_POINTER;
  const cce_hash_desc *hd = cce_hash_desc_get(hash);
  if (hd == NULL || (hash != CCE_HASH_SHA1 && !hash_approved(hash))) return CCE_ERR_UNSUPPORTED;
  st = cce_svc_check(hd->selftest);
  if (st != CCE_OK) return st;
  uint8_t x[CCE_EC_MAX_SCALAR_BYTES], y[CCE_EC_MAX_SCALAR_BYTES];
  st = cce_ec_pub_parse(c, pub, pub_len, x, y);
  if (st != CCE_OK) return st;
  uint8_t h[CCE_HASH_MAX_DIGEST_BYTES];
  size_t h_len;
  if (is_digest) {
    if (msg_len != ecdsa_digest_len(hash)) return CCE_ERR_INVALID_LENGTH;
    memcpy(h, msg, msg_len);
    h_len = msg_len;
  } else {
    st = cce_ecdsa_hash_impl(hash, msg, msg_len, h, &h_len);
    if (st != CCE_OK) return st;
  }
  if (sig_len != 2 * (size_t)c->nbytes) return CCE_ERR_SIGNATURE;
  return cce_ecdsa_verify_digest_impl(c, x, y, h, h_len, sig);
}

// see ec.h
cce_status cce_ecdsa_verify(cce_ec_curve_id curve, cce_hash_alg hash, const uint8_t *pub, size_t pub_len,
                            const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len) {
  cce_status st = verify_common(curve, hash, pub, pub_len, msg, msg_len, 0, sig, sig_len);
  return cce_indicate(st, hash != CCE_HASH_SHA1);
}

// see ec.h
cce_status cce_ecdsa_verify_digest(cce_ec_curve_id curve, cce_hash_alg hash, const uint8_t *pub, size_t pub_len,
                                   const uint8_t *digest, size_t digest_len, const uint8_t *sig, size_t sig_len) {
  cce_status st = verify_common(curve, hash, pub, pub_len, digest, digest_len, 1, sig, sig_len);
  return cce_indicate(st, hash != CCE_HASH_SHA1);
}

// see ec.h
cce_status cce_ecdsa_keygen(cce_ec_curve_id curve, uint8_t *priv, size_t priv_len, uint8_t *pub, size_t pub_len) {
  cce_status st = cce_svc_check2(CCE_ST_ECDSA_SIGN, CCE_ST_ECDSA_VERIFY);
  if (st != CCE_OK) return cce_indicate(st, 0);
  const cce_ec_curve *c = cce_ec_curve_get(curve);
  if (c == NULL) return cce_indicate(CCE_ERR_UNSUPPORTED, 0);
  if (priv == NULL || pub == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  size_t n = c->nbytes;
  if (priv_len < n || pub_len < 1 + 2 * n) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  st = cce_svc_check(CCE_ST_SHA256);
  if (st != CCE_OK) return cce_indicate(st, 0);
  pub[0] = 0x04;
  st = cce_ec_keygen_impl(c, priv, pub + 1, pub + 1 + n);
  if (st == CCE_OK) {
    // Pairwise consistency test (FIPS 140-3 IG 10.3.A): sign and verify.
    static const uint8_t msg[] = "OpenCCE ECDSA pairwise consistency test";
    uint8_t h[32], sig[CCE_ECDSA_MAX_SIG_BYTES];
    size_t h_len;
    cce_status s2 = cce_ecdsa_hash_impl(CCE_HASH_SHA256, msg, sizeof msg - 1, h, &h_len);
    if (s2 == CCE_OK) s2 = cce_ecdsa_sign_digest_impl(c, CCE_HASH_SHA256, priv, h, h_len, 0, sig);
    if (s2 == CCE_OK && cce_fault_active(CCE_ST_ECDSA_VERIFY)) sig[0] ^= 1;
    if (s2 == CCE_OK) s2 = cce_ecdsa_verify_digest_impl(c, pub + 1, pub + 1 + n, h, h_len, sig);
    cce_wipe(sig, sizeof sig);
    if (s2 != CCE_OK) {
      cce_module_fail("ECDSA PCT");
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

// ---------------------------------------------------------------------------
// Self-tests: RFC 6979 A.2.5, P-256, SHA-256, message "sample".

static const uint8_t kat_d[32] = {
    0xc9, 0xaf, 0xa9, 0xd8, 0x45, 0xba, 0x75, 0x16, 0x6b, 0x5c, 0x21, 0x57, 0x67, 0xb1, 0xd6, 0x93,
    0x4e, 0x50, 0xc3, 0xdb, 0x36, 0xe8, 0x9b, 0x12, 0x7b, 0x8a, 0x62, 0x2b, 0x12, 0x0f, 0x67, 0x21};
static const uint8_t kat_qx[32] = {
    0x60, 0xfe, 0xd4, 0xba, 0x25, 0x5a, 0x9d, 0x31, 0xc9, 0x61, 0xeb, 0x74, 0xc6, 0x35, 0x6d, 0x68,
    0xc0, 0x49, 0xb8, 0x92, 0x3b, 0x61, 0xfa, 0x6c, 0xe6, 0x69, 0x62, 0x2e, 0x60, 0xf2, 0x9f, 0xb6};
static const uint8_t kat_qy[32] = {
    0x79, 0x03, 0xfe, 0x10, 0x08, 0xb8, 0xbc, 0x99, 0xa4, 0x1a, 0xe9, 0xe9, 0x56, 0x28, 0xbc, 0x64,
    0xf2, 0xf1, 0xb2, 0x0c, 0x2d, 0x7e, 0x9f, 0x51, 0x77, 0xa3, 0xc2, 0x94, 0xd4, 0x46, 0x22, 0x99};
static const uint8_t kat_sig[64] = {
    0xef, 0xd4, 0x8b, 0x2a, 0xac, 0xb6, 0xa8, 0xfd, 0x11, 0x40, 0xdd, 0x9c, 0xd4, 0x5e, 0x81, 0xd6,
    0x9d, 0x2c, 0x87, 0x7b, 0x56, 0xaa, 0xf9, 0x91, 0xc3, 0x4d, 0x0e, 0xa8, 0x4e, 0xaf, 0x37, 0x16,
    0xf7, 0xcb, 0x1c, 0x94, 0x2d, 0x65, 0x7c, 0x41, 0xd4, 0x36, 0xc7, 0xa1, 0xb6, 0xe2, 0x9f, 0x65,
    0xf3, 0xe9, 0x00, 0xdb, 0xb9, 0xaf, 0xf4, 0x06, 0x4d, 0xc4, 0xab, 0x2f, 0x84, 0x3a, 0xcd, 0xa8};

cce_status cce_kat_ecdsa_sign(void) {
  static const uint8_t msg[6] = {'s', 'a', 'm', 'p', 'l', 'e'};
  uint8_t h[32], sig[64];
  size_t h_len;
  if (cce_ecdsa_hash_impl(CCE_HASH_SHA256, msg, sizeof msg, h, &h_len) != CCE_OK) return CCE_ERR_SELFTEST;
  if (cce_ecdsa_sign_digest_impl(&cce_ec_p256, CCE_HASH_SHA256, kat_d, h, h_len, 1, sig) != CCE_OK)
    memset(sig, 0, sizeof sig);
  cce_status st = cce_kat_check(CCE_ST_ECDSA_SIGN, sig, kat_sig, sizeof kat_sig);
  cce_wipe(sig, sizeof sig);
  return st;
}

cce_status cce_kat_ecdsa_verify(void) {
  static const uint8_t msg[6] = {'s', 'a', 'm', 'p', 'l', 'e'};
  static const uint8_t want[2] = {1, 0};
  uint8_t h[32], sig[64], got[2];
  size_t h_len;
  if (cce_ecdsa_hash_impl(CCE_HASH_SHA256, msg, sizeof msg, h, &h_len) != CCE_OK) return CCE_ERR_SELFTEST;
  memcpy(sig, kat_sig, sizeof sig);
  got[0] = cce_ecdsa_verify_digest_impl(&cce_ec_p256, kat_qx, kat_qy, h, h_len, sig) == CCE_OK;
  sig[63] ^= 0x01;  // a modified signature must be rejected
  got[1] = cce_ecdsa_verify_digest_impl(&cce_ec_p256, kat_qx, kat_qy, h, h_len, sig) == CCE_OK;
  return cce_kat_check(CCE_ST_ECDSA_VERIFY, got, want, sizeof want);
}
