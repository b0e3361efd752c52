// HKDF (RFC 5869) = SP 800-56C Rev. 2 two-step KDF with HMAC:
//   extract: PRK = HMAC(salt, IKM)
//   expand:  T(0) = "", T(i) = HMAC(PRK, T(i-1) || info || i), OKM = first L bytes
// The expansion keys one HMAC context with PRK once and resets it per block
// (two state copies instead of two compressions of the pads).

#include <string.h>

#include "../mac/internal.h"
#include "cce/kdf.h"

static const cce_hash_desc *kdf_hmac_desc(cce_hash_alg alg) {
  const cce_hash_desc *d = cce_hash_desc_get(alg);
  if (d == NULL || d->digest_len == 0 || d->digest_len > CCE_HMAC_MAX_BYTES) return NULL;
  return d;
}

static void hkdf_extract_impl(const cce_hash_desc *d, uint8_t *prk, const uint8_t *salt, size_t salt_len,
                              const uint8_t *ikm, size_t ikm_len) {
  static const uint8_t zeros[CCE_HMAC_MAX_BYTES] = {0};
  if (salt_len == 0) {
    salt = zeros;
    salt_len = d->digest_len;
  }
  cce_hmac_impl(d, salt, salt_len, ikm, ikm_len, prk);
}

// out_len <= 255 * digest_len, checked by the caller.
static void hkdf_expand_impl(const cce_hash_desc *d, uint8_t *out, size_t out_len, const uint8_t *prk,
                             size_t prk_len, const uint8_t *info, size_t info_len) {
  cce_hmac_ctx ctx;
  uint8_t t[CCE_HMAC_MAX_BYTES];
  size_t h = d->digest_len, done = 0;
  cce_hmac_init_impl(&ctx, d, prk, prk_len);
  for (uint8_t i = 1; done < out_len; i++) {
    if (i > 1) {
      ctx.inner = ctx.istate;  // reset: same key, new message
      (void)cce_hmac_update_impl(&ctx, t, h);
    }
    (void)cce_hmac_update_impl(&ctx, info, info_len);
    (void)cce_hmac_update_impl(&ctx, &i, 1);
    cce_hmac_final_impl(&ctx, t);
    size_t n = out_len - done < h ? out_len - done : h;
    memcpy(out + done, t, n);
    done += n;
  }
  cce_wipe(t, sizeof t);
  cce_wipe(&ctx, sizeof ctx);
}

cce_status cce_hkdf_extract(cce_hash_alg alg, uint8_t *prk, size_t prk_len, const uint8_t *salt,
                            size_t salt_len, const uint8_t *ikm, size_t ikm_len) {
  cce_status st = cce_svc_check(CCE_ST_HKDF);
  const cce_hash_desc *d = NULL;
  if (st != CCE_OK) goto fail;
  if (prk == NULL || (salt == NULL && salt_len > 0) || (ikm == NULL && ikm_len > 0)) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  d = kdf_hmac_desc(alg);
  if (d == NULL) {
    st = CCE_ERR_UNSUPPORTED;
    goto fail;
  }
  if (prk_len < d->digest_len) {
    st = CCE_ERR_BUFFER_TOO_SMALL;
    goto fail;
  }
  st = cce_svc_check2(CCE_ST_HMAC, d->selftest);
  if (st != CCE_OK) goto fail;
  hkdf_extract_impl(d, prk, salt, salt_len, ikm, ikm_len);
  return cce_indicate(CCE_OK, ikm_len >= CCE_KDF_MIN_APPROVED_KEY_BYTES);
fail:
  if (prk != NULL) cce_wipe(prk, prk_len);
  return cce_indicate(st, 0);
}

cce_status cce_hkdf_expand(cce_hash_alg alg, uint8_t *out, size_t out_len, const uint8_t *prk, size_t prk_len,
                           const uint8_t *info, size_t info_len) {
  cce_status st = cce_svc_check(CCE_ST_HKDF);
  const cce_hash_desc *d = NULL;
  if (st != CCE_OK) goto fail;
  if (out == NULL || prk == NULL || (info == NULL && info_len > 0)) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  d = kdf_hmac_desc(alg);
  if (d == NULL) {
    st = CCE_ERR_UNSUPPORTED;
    goto fail;
  }
  if (out_len == 0 || out_len > 255u * (size_t)d->digest_len || prk_len == 0) {
    st = CCE_ERR_INVALID_LENGTH;
    goto fail;
  }
  st = cce_svc_check2(CCE_ST_HMAC, d->selftest);
  if (st != CCE_OK) goto fail;
  hkdf_expand_impl(d, out, out_len, prk, prk_len, info, info_len);
  return cce_indicate(CCE_OK, prk_len >= CCE_KDF_MIN_APPROVED_KEY_BYTES);
fail:
  if (out != NULL) cce_wipe(out, out_len);
  return cce_indicate(st, 0);
}

cce_status cce_hkdf(cce_hash_alg alg, uint8_t *out, size_t out_len, const uint8_t *salt, size_t salt_len,
                    const uint8_t *ikm, size_t ikm_len, const uint8_t *info, size_t info_len) {
  cce_status st = cce_svc_check(CCE_ST_HKDF);
  const cce_hash_desc *d = NULL;
  if (st != CCE_OK) goto fail;
  if (out == NULL || (salt == NULL && salt_len > 0) || (ikm == NULL && ikm_len > 0) ||
      (info == NULL && info_len > 0)) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  d = kdf_hmac_desc(alg);
  if (d == NULL) {
    st = CCE_ERR_UNSUPPORTED;
    goto fail;
  }
  if (out_len == 0 || out_len > 255u * (size_t)d->digest_len) {
    st = CCE_ERR_INVALID_LENGTH;
    goto fail;
  }
  st = cce_svc_check2(CCE_ST_HMAC, d->selftest);
  if (st != CCE_OK) goto fail;
  uint8_t prk[CCE_HMAC_MAX_BYTES];
  hkdf_extract_impl(d, prk, salt, salt_len, ikm, ikm_len);
  hkdf_expand_impl(d, out, out_len, prk, d->digest_len, info, info_len);
  cce_wipe(prk, sizeof prk);
  return cce_indicate(CCE_OK, ikm_len >= CCE_KDF_MIN_APPROVED_KEY_BYTES);
fail:
  if (out != NULL) cce_wipe(out, out_len);
  return cce_indicate(st, 0);
}

// ---------------------------------------------------------------------------
// Known-answer test: RFC 5869 appendix A.1 (test case 1, HKDF-SHA-256).
CCE_HIDDEN cce_status cce_kat_hkdf(void);
cce_status cce_kat_hkdf(void) {
  static const uint8_t ikm[22] = {0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
                                  0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b};
  static const uint8_t salt[13] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c};
  static const uint8_t info[10] = {0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9};
  static const uint8_t okm[42] = {0x3c, 0xb2, 0x5f, 0x25, 0xfa, 0xac, 0xd5, 0x7a, 0x90, 0x43, 0x4f,
                                  0x64, 0xd0, 0x36, 0x2f, 0x2a, 0x2d, 0x2d, 0x0a, 0x90, 0xcf, 0x1a,
                                  0x5a, 0x4c, 0x5d, 0xb0, 0x2d, 0x56, 0xec, 0xc4, 0xc5, 0xbf, 0x34,
                                  0x00, 0x72, 0x08, 0xd5, 0xb8, 0x87, 0x18, 0x58, 0x65};
  const cce_hash_desc *d = cce_hash_desc_get(CCE_HASH_SHA256);
  if (d == NULL) return CCE_ERR_SELFTEST;
  uint8_t prk[32], got[42];
  hkdf_extract_impl(d, prk, salt, sizeof salt, ikm, sizeof ikm);
  hkdf_expand_impl(d, got, sizeof got, prk, sizeof prk, info, sizeof info);
  cce_wipe(prk, sizeof prk);
  return cce_kat_check(CCE_ST_HKDF, got, okm, sizeof okm);
}
