// PBKDF2 (SP 800-132 section 5.3, RFC 8018 section 5.2) with an HMAC PRF.
//
//   T_i = U_1 ^ U_2 ^ ... ^ U_c,  U_1 = PRF(P, S || INT(i)),  U_j = PRF(P, U_{j-1})
//   DK  = leftmost dkLen bytes of T_1 || T_2 || ...
//
// The hash states after P0^ipad and P0^opad are computed once per password;
// each iteration copies them and absorbs one digest, so an iteration costs
// two compressions (the digest plus padding fits one block of every hash).

#include <string.h>

#include "../mac/internal.h"
#include "cce/kdf.h"

static void pbkdf2_impl(const cce_hash_desc *d, uint8_t *out, size_t out_len, const uint8_t *pw, size_t pw_len,
                        const uint8_t *salt, size_t salt_len, uint32_t iterations) {
  cce_hmac_ctx hm;
  cce_hash_ctx x;
  uint8_t u[CCE_HMAC_MAX_BYTES], t[CCE_HMAC_MAX_BYTES], ib[4];
  size_t h = d->digest_len, done = 0;
  cce_hmac_init_impl(&hm, d, pw, pw_len);
  for (uint32_t i = 1; done < out_len; i++) {
    hm.inner = hm.istate;
    cce_store32_be(ib, i);
    (void)cce_hmac_update_impl(&hm, salt, salt_len);
    (void)cce_hmac_update_impl(&hm, ib, 4);
    cce_hmac_final_impl(&hm, u);
    memcpy(t, u, h);
    for (uint32_t j = 1; j < iterations; j++) {
      x = hm.istate;
      (void)d->update(&x, u, h);
      d->final(&x, u, h);
      x = hm.ostate;
      (void)d->update(&x, u, h);
      d->final(&x, u, h);
      for (size_t k = 0; k < h; k++) t[k] ^= u[k];
    }
    size_t n = out_len - done < h ? out_len - done : h;
    memcpy(out + done, t, n);
    done += n;
  }
  cce_wipe(u, sizeof u);
  cce_wipe(t, sizeof t);
  cce_wipe(&x, sizeof x);
  cce_wipe(&hm, sizeof hm);
}

cce_status cce_pbkdf2(cce_hash_alg alg, uint8_t *out, size_t out_len, const uint8_t *password,
                      size_t password_len, const uint8_t *salt, size_t salt_len, uint32_t iterations) {
  static const uint8_t empty[1] = {0};
  cce_status st = cce_svc_check(CCE_ST_PBKDF2);
  const cce_hash_desc *d = NULL;
  if (st != CCE_OK) goto fail;
  if (out == NULL || (password == NULL && password_len > 0) || (salt == NULL && salt_len > 0)) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  d = cce_hash_desc_get(alg);
  if (d == NULL || d->digest_len == 0 || d->digest_len > CCE_HMAC_MAX_BYTES) {
    st = CCE_ERR_UNSUPPORTED;
    goto fail;
  }
  if (iterations == 0) {
    st = CCE_ERR_INVALID_ARG;
    goto fail;
  }
  // dkLen <= (2^32 - 1) * hLen (only reachable with a 64-bit size_t).
  if (out_len == 0 ||
      (uint64_t)(out_len / d->digest_len) + (out_len % d->digest_len != 0) > 0xffffffffu) {
    st = CCE_ERR_INVALID_LENGTH;
    goto fail;
  }
  st = cce_svc_check2(CCE_ST_HMAC, d->selftest);
  if (st != CCE_OK) goto fail;
  pbkdf2_impl(d, out, out_len, password_len ? password : empty, password_len, salt_len ? salt : empty, salt_len,
              iterations);
  int approved = password_len >= CCE_PBKDF2_MIN_APPROVED_PASSWORD_BYTES &&
                 salt_len >= CCE_PBKDF2_MIN_APPROVED_SALT_BYTES &&
                 iterations >= CCE_PBKDF2_MIN_APPROVED_ITERATIONS && out_len >= CCE_PBKDF2_MIN_APPROVED_DK_BYTES;
  return cce_indicate(CCE_OK, approved);
fail:
  if (out != NULL) cce_wipe(out, out_len);
  return cce_indicate(st, 0);
}

// ---------------------------------------------------------------------------
// Known-answer test: PBKDF2-HMAC-SHA-256, P = "password", S = "salt", c = 2,
// dkLen = 32 (the widely published companion of RFC 6070's SHA-1 vectors;
// cross-checked with an independent implementation).
CCE_HIDDEN cce_status cce_kat_pbkdf2(void);
cce_status cce_kat_pbkdf2(void) {
  static const uint8_t pw[8] = {'p', 'a', 's', 's', 'w', 'o', 'r', 'd'};
  static const uint8_t salt[4] = {'s', 'a', 'l', 't'};
  static const uint8_t expected[32] = {0xae, 0x4d, 0x0c, 0x95, 0xaf, 0x6b, 0x46, 0xd3, 0x2d, 0x0a, 0xdf,
                                       0xf9, 0x28, 0xf0, 0x6d, 0xd0, 0x2a, 0x30, 0x3f, 0x8e, 0xf3, 0xc2,
                                       0x51, 0xdf, 0xd6, 0xe2, 0xd8, 0x5a, 0x95, 0x47, 0x4c, 0x43};
  const cce_hash_desc *d = cce_hash_desc_get(CCE_HASH_SHA256);
  if (d == NULL) return CCE_ERR_SELFTEST;
  uint8_t got[32];
  pbkdf2_impl(d, got, sizeof got, pw, sizeof pw, salt, sizeof salt, 2);
  return cce_kat_check(CCE_ST_PBKDF2, got, expected, sizeof expected);
}
