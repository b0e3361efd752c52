// RSA keys and primitives (RFC 8017 5.1, 5.2): RSAEP/RSAVP1 with a
// variable-time public exponentiation, RSADP/RSASP1 by the CRT with exponent
// blinding (both halves in one pass with AVX-512 IFMA when the CPU has it,
// bn_ifma.c), checked against the public key before release.

#include "internal.h"
#include "../rand/internal.h"

size_t cce_rsa_key_bytes(const cce_rsa_public_key *key) { return (key->n.bits + 7) / 8; }

// see internal.h
__attribute__((weak)) void cce_rsa_ct_public(const void *p, size_t len) {
  (void)p;
  (void)len;
}

static size_t limbs_for(size_t bytes) { return (bytes + 7) / 8; }

cce_status cce_rsa_public_key_set_impl(cce_rsa_public_key *key, const uint8_t *n, size_t n_len,
                                       const uint8_t *e, size_t e_len) {
  uint64_t nn[CCE_RSA_MAX_LIMBS];
  memset(key, 0, sizeof *key);
  while (n_len > 0 && n[0] == 0) { n++; n_len--; }
  if (n_len == 0 || n_len > CCE_RSA_MAX_BYTES) return CCE_ERR_INVALID_LENGTH;
  size_t nl = limbs_for(n_len);
  if (cce_bn_from_bytes(nn, nl, n, n_len) != CCE_OK) return CCE_ERR_INVALID_LENGTH;
  size_t bits = cce_bn_bits_vartime(nn, nl);
  if (bits < CCE_RSA_MIN_BITS || bits > CCE_RSA_MAX_BITS) return CCE_ERR_INVALID_LENGTH;
  if ((nn[0] & 1) == 0) return CCE_ERR_KEY_INVALID;
  if (cce_bn_from_bytes(key->e, 4, e, e_len) != CCE_OK) return CCE_ERR_KEY_INVALID;
  key->e_bits = (uint32_t)cce_bn_bits_vartime(key->e, 4);
  if ((key->e[0] & 1) == 0 || key->e_bits < 2) return CCE_ERR_KEY_INVALID;  // odd, >= 3
  cce_status st = cce_mont_init(&key->n, nn, nl);
  if (st != CCE_OK) return CCE_ERR_KEY_INVALID;
  key->magic_ = CCE_RSA_KEY_MAGIC;
  return CCE_OK;
}

cce_status cce_rsa_private_key_set_impl(cce_rsa_private_key *key, const uint8_t *n, size_t n_len,
                                        const uint8_t *e, size_t e_len, const uint8_t *d, size_t d_len,
                                        const uint8_t *p, size_t p_len, const uint8_t *q, size_t q_len,
                                        const uint8_t *dp, size_t dp_len, const uint8_t *dq, size_t dq_len,
                                        const uint8_t *qinv, size_t qinv_len) {
  memset(key, 0, sizeof *key);
  cce_status st = cce_rsa_public_key_set_impl(&key->pub, n, n_len, e, e_len);
  if (st != CCE_OK) return st;
  size_t nl = key->pub.n.nl;
  int crt = p != NULL && q != NULL && dp != NULL && dq != NULL && qinv != NULL;
  if (!crt && (p || q || dp || dq || qinv)) return CCE_ERR_NULL_POINTER;
  if (d == NULL && !crt) return CCE_ERR_NULL_POINTER;
  st = CCE_ERR_KEY_INVALID;
  if (d != NULL) {
    if (cce_bn_from_bytes(key->d, nl, d, d_len) != CCE_OK) goto err;
    if (!cce_bn_lt_mask(key->d, key->pub.n.m, nl)) goto err;
    key->has_d = 1;
  }
  if (crt) {
    uint64_t pp[CCE_RSA_MAX_HALF_LIMBS], qq[CCE_RSA_MAX_HALF_LIMBS], prod[CCE_RSA_MAX_LIMBS];
    size_t hl = (nl + 1) / 2;
    if (cce_bn_from_bytes(pp, hl, p, p_len) != CCE_OK || cce_bn_from_bytes(qq, hl, q, q_len) != CCE_OK ||
        cce_bn_from_bytes(key->dp, hl, dp, dp_len) != CCE_OK ||
        cce_bn_from_bytes(key->dq, hl, dq, dq_len) != CCE_OK ||
        cce_bn_from_bytes(key->qinv, hl, qinv, qinv_len) != CCE_OK)
      goto err;
    if (cce_mont_init(&key->p, pp, hl) != CCE_OK || cce_mont_init(&key->q, qq, hl) != CCE_OK) goto err;
    // p*q == n
    uint64_t wide[2 * CCE_RSA_MAX_HALF_LIMBS];
    cce_bn_mul(wide, pp, hl, qq, hl);
    memset(prod, 0, sizeof prod);
    memcpy(prod, wide, nl * 8);
    uint64_t extra = 0;
    for (size_t i = nl; i < 2 * hl; i++) extra |= wide[i];
    cce_wipe(wide, sizeof wide);
    cce_wipe(pp, sizeof pp);
    cce_wipe(qq, sizeof qq);
    if (extra != 0 || memcmp(prod, key->pub.n.m, nl * 8) != 0) goto err;
    // dp < p, dq < q, qinv < p
    if (!cce_bn_lt_mask(key->dp, key->p.m, hl) || !cce_bn_lt_mask(key->dq, key->q.m, hl) ||
        !cce_bn_lt_mask(key->qinv, key->p.m, hl))
      goto err;
    key->has_crt = 1;
  }
  key->magic_ = CCE_RSA_KEY_MAGIC;
  return CCE_OK;
err:
  cce_wipe(key, sizeof *key);
  return st;
}

cce_status cce_rsa_public_op_impl(const cce_rsa_public_key *key, uint8_t *out, const uint8_t *in) {
  const cce_rsa_mont *M = &key->n;
  size_t nl = M->nl, k = cce_rsa_key_bytes(key);
  uint64_t x[CCE_RSA_MAX_LIMBS], y[CCE_RSA_MAX_LIMBS];
  if (cce_bn_from_bytes(x, nl, in, k) != CCE_OK) return CCE_ERR_SIGNATURE;
  if (!cce_bn_lt_mask(x, M->m, nl)) return CCE_ERR_SIGNATURE;
  cce_mont_to(M, y, x);
  cce_mont_exp_vartime(M, x, y, key->e, key->e_bits);
  cce_mont_from(M, y, x);
  cce_bn_to_bytes(out, k, y, nl);
  return CCE_OK;
}

// e = d + r*(p-1) (hl+2 limbs), r a fresh 64-bit random value: exponent
// blinding for one CRT half.
static cce_status blind_exp(const cce_rsa_mont *P, const uint64_t *dexp, uint64_t *e) {
  size_t hl = P->nl;
  uint64_t r, pm1[CCE_RSA_MAX_HALF_LIMBS], t[CCE_RSA_MAX_HALF_LIMBS + 1];
  cce_status st = cce_random_impl((uint8_t *)&r, sizeof r);
  if (st != CCE_OK) return st;
  memcpy(pm1, P->m, hl * 8);
  pm1[0] ^= 1;  // p odd: p - 1
  cce_bn_mul(t, pm1, hl, &r, 1);
  memset(e, 0, (CCE_RSA_MAX_HALF_LIMBS + 2) * 8);
  memcpy(e, dexp, hl * 8);
  e[hl] = cce_bn_add(e, e, t, hl);
  e[hl] += t[hl];  // no overflow: d < p and r*(p-1) < 2^64 * p
  cce_wipe(&r, sizeof r);
  cce_wipe(t, sizeof t);
  cce_wipe(pm1, sizeof pm1);
  return CCE_OK;
}

// sp = c^dp mod p, sq = c^dq mod q (normal forms, blinded exponents), both
// halves at once with AVX-512 IFMA when possible.
static cce_status crt_exps(const cce_rsa_private_key *key, const uint64_t *c, size_t cl, uint64_t *sp,
                           uint64_t *sq) {
  const cce_rsa_mont *P = &key->p, *Q = &key->q;
  uint64_t ep[CCE_RSA_MAX_HALF_LIMBS + 2], eq[CCE_RSA_MAX_HALF_LIMBS + 2];
  uint64_t cp[CCE_RSA_MAX_LIMBS], cq[CCE_RSA_MAX_LIMBS];
  cce_status st = blind_exp(P, key->dp, ep);
  if (st == CCE_OK) st = blind_exp(Q, key->dq, eq);
  if (st == CCE_OK) {
    cce_mont_reduce_wide(P, cp, c, cl);  // c*R mod p
    cce_mont_reduce_wide(Q, cq, c, cl);
#if defined(__x86_64__)
    if (cce_mont_exp2_ifma_ok(P, Q)) {
      cce_mont_exp2_ct_ifma(P, sp, cp, ep, Q, sq, cq, eq, 64 * (P->nl + 1));
    } else
#endif
    {
      cce_mont_exp_ct(P, sp, cp, ep, 64 * (P->nl + 1));
      cce_mont_from(P, sp, sp);
      cce_mont_exp_ct(Q, sq, cq, eq, 64 * (Q->nl + 1));
      cce_mont_from(Q, sq, sq);
    }
  }
  cce_wipe(ep, sizeof ep);
  cce_wipe(eq, sizeof eq);
  cce_wipe(cp, sizeof cp);
  cce_wipe(cq, sizeof cq);
  return st;
}

cce_status cce_rsa_private_op_impl(const cce_rsa_private_key *key, uint8_t *out, const uint8_t *in) {
  const cce_rsa_mont *N = &key->pub.n;
  size_t nl = N->nl, k = cce_rsa_key_bytes(&key->pub);
  uint64_t c[CCE_RSA_MAX_LIMBS], s[CCE_RSA_MAX_LIMBS], tmp[CCE_RSA_MAX_LIMBS];
  cce_status st;
  if (cce_bn_from_bytes(c, nl, in, k) != CCE_OK || !cce_bn_lt_mask(c, N->m, nl)) return CCE_ERR_INVALID_ARG;
  if (key->has_crt) {
    const cce_rsa_mont *P = &key->p, *Q = &key->q;
    size_t hl = P->nl;
    uint64_t sp[CCE_RSA_MAX_HALF_LIMBS], sq[CCE_RSA_MAX_HALF_LIMBS], h[CCE_RSA_MAX_HALF_LIMBS];
    uint64_t wide[2 * CCE_RSA_MAX_HALF_LIMBS];
    st = crt_exps(key, c, nl, sp, sq);
    if (st != CCE_OK) {
      cce_wipe(sp, sizeof sp);
      cce_wipe(sq, sizeof sq);
      return st;
    }
    // Garner: h = qinv * (sp - sq) mod p; s = sq + q*h.
    cce_mont_to(P, sp, sp);            // sp in p's Montgomery form
    cce_mont_to(P, h, sq);             // (sq mod p) in p's Montgomery form
    cce_mont_sub(P, h, sp, h);         // (sp - sq) R mod p
    cce_mont_mul(P, h, h, key->qinv);  // qinv*(sp - sq) mod p, normal form
    cce_bn_mul(wide, Q->m, hl, h, hl);
    memset(tmp, 0, sizeof tmp);
    memcpy(tmp, sq, hl * 8);
    memcpy(s, wide, nl * 8);
    cce_bn_add(s, s, tmp, nl);
    cce_wipe(sp, sizeof sp);
    cce_wipe(sq, sizeof sq);
    cce_wipe(h, sizeof h);
    cce_wipe(wide, sizeof wide);
  } else {
    cce_mont_to(N, tmp, c);
    cce_mont_exp_ct(N, s, tmp, key->d, 64 * nl);
    cce_mont_from(N, s, s);
  }
  // Check s^e == c before releasing s (fault attacks on the CRT). s < n by
  // construction; the check works on limbs, without a branch on s.
  {
    uint64_t y[CCE_RSA_MAX_LIMBS], z[CCE_RSA_MAX_LIMBS];
    cce_mont_to(N, y, s);
    cce_mont_exp_vartime(N, z, y, key->pub.e, key->pub.e_bits);  // variable time in e only
    cce_mont_from(N, y, z);
    uint64_t diff = 0;
    for (size_t i = 0; i < nl; i++) diff |= y[i] ^ c[i];
    uint32_t ok = ~(uint32_t)cce_ct_nonzero_mask64(diff);
    cce_rsa_ct_public(&ok, sizeof ok);  // the verdict is public by design
    cce_wipe(y, sizeof y);
    cce_wipe(z, sizeof z);
    if (ok != 0xffffffffu) {
      cce_wipe(out, k);
      st = CCE_ERR_INTERNAL;
    } else {
      cce_bn_to_bytes(out, k, s, nl);
      st = CCE_OK;
    }
  }
  cce_wipe(s, sizeof s);
  cce_wipe(tmp, sizeof tmp);
  cce_wipe(c, sizeof c);
  return st;
}

// ---------------------------------------------------------------------------
// Public key management (see rsa.h).

static int pub_ok(const cce_rsa_public_key *k) { return k->magic_ == CCE_RSA_KEY_MAGIC; }

cce_status cce_rsa_public_key_init(cce_rsa_public_key *key, const uint8_t *n, size_t n_len, const uint8_t *e,
                                   size_t e_len) {
  cce_status st = cce_svc_check(CCE_ST_RSA_VERIFY);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || n == NULL || e == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  st = cce_rsa_public_key_set_impl(key, n, n_len, e, e_len);
  return cce_indicate(st, st == CCE_OK && key->n.bits >= 2048);
}

cce_status cce_rsa_private_key_init(cce_rsa_private_key *key, const uint8_t *n, size_t n_len, const uint8_t *e,
                                    size_t e_len, const uint8_t *d, size_t d_len, const uint8_t *p, size_t p_len,
                                    const uint8_t *q, size_t q_len, const uint8_t *dp, size_t dp_len,
                                    const uint8_t *dq, size_t dq_len, const uint8_t *qinv, size_t qinv_len) {
  cce_status st = cce_svc_check(CCE_ST_RSA_SIGN);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (key == NULL || n == NULL || e == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  st = cce_rsa_private_key_set_impl(key, n, n_len, e, e_len, d, d_len, p, p_len, q, q_len, dp, dp_len, dq,
                                    dq_len, qinv, qinv_len);
  return cce_indicate(st, st == CCE_OK && key->pub.n.bits >= 2048);
}

void cce_rsa_private_key_wipe(cce_rsa_private_key *key) {
  if (key != NULL) cce_wipe(key, sizeof *key);
}

cce_status cce_rsa_public_from_private(cce_rsa_public_key *pub, const cce_rsa_private_key *priv) {
  if (pub == NULL || priv == NULL) return CCE_ERR_NULL_POINTER;
  if (priv->magic_ != CCE_RSA_KEY_MAGIC) return CCE_ERR_CTX_STATE;
  *pub = priv->pub;
  return CCE_OK;
}

size_t cce_rsa_public_bits(const cce_rsa_public_key *key) {
  if (key == NULL || !pub_ok(key)) return 0;
  return key->n.bits;
}

static cce_status export_limbs(const uint64_t *a, size_t nl, uint8_t *out, size_t cap, size_t *out_len) {
  size_t bytes = (cce_bn_bits_vartime(a, nl) + 7) / 8;  // length of a key component: not treated as secret
  if (bytes == 0) bytes = 1;
  if (cap < bytes) return CCE_ERR_BUFFER_TOO_SMALL;
  cce_bn_to_bytes(out, bytes, a, nl);
  *out_len = bytes;
  return CCE_OK;
}

cce_status cce_rsa_public_export(const cce_rsa_public_key *key, cce_rsa_component which, uint8_t *out,
                                 size_t out_cap, size_t *out_len) {
  if (key == NULL || out == NULL || out_len == NULL) return CCE_ERR_NULL_POINTER;
  if (!pub_ok(key)) return CCE_ERR_CTX_STATE;
  if (which == CCE_RSA_N) return export_limbs(key->n.m, key->n.nl, out, out_cap, out_len);
  if (which == CCE_RSA_E) return export_limbs(key->e, 4, out, out_cap, out_len);
  return CCE_ERR_INVALID_ARG;
}

cce_status cce_rsa_private_export(const cce_rsa_private_key *key, cce_rsa_component which, uint8_t *out,
                                  size_t out_cap, size_t *out_len) {
  if (key == NULL || out == NULL || out_len == NULL) return CCE_ERR_NULL_POINTER;
  if (key->magic_ != CCE_RSA_KEY_MAGIC) return CCE_ERR_CTX_STATE;
  size_t hl = key->p.nl;
  switch (which) {
    case CCE_RSA_N:
    case CCE_RSA_E: return cce_rsa_public_export(&key->pub, which, out, out_cap, out_len);
    case CCE_RSA_D:
      if (!key->has_d) return CCE_ERR_UNSUPPORTED;
      return export_limbs(key->d, key->pub.n.nl, out, out_cap, out_len);
    default: break;
  }
  if (!key->has_crt) return CCE_ERR_UNSUPPORTED;
  switch (which) {
    case CCE_RSA_P: return export_limbs(key->p.m, hl, out, out_cap, out_len);
    case CCE_RSA_Q: return export_limbs(key->q.m, hl, out, out_cap, out_len);
    case CCE_RSA_DP: return export_limbs(key->dp, hl, out, out_cap, out_len);
    case CCE_RSA_DQ: return export_limbs(key->dq, hl, out, out_cap, out_len);
    case CCE_RSA_QINV: return export_limbs(key->qinv, hl, out, out_cap, out_len);
    default: return CCE_ERR_INVALID_ARG;
  }
}
