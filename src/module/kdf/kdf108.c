// SP 800-108 Rev. 1 key derivation: counter, feedback and double-pipeline
// modes, with an HMAC or a CMAC-AES PRF.
//
//   counter:          K(i) = PRF(KI, [i]_r || FixedData)           (or the counter after,
//                                                                   or inside FixedData)
//   feedback:         K(0) = IV, K(i) = PRF(KI, K(i-1) {|| [i]_r} || FixedData)
//   double pipeline:  A(0) = FixedData, A(i) = PRF(KI, A(i-1)),
//                     K(i) = PRF(KI, A(i) {|| [i]_r} || FixedData)
//   output: leftmost L bits of K(1) || K(2) || ... || K(n), n = ceil(L / h).
//
// The counter location variants are those of the ACVP KDF test (before or
// after FixedData, inside FixedData at a bit offset, or before the
// iteration variable). The PRF input is described as a short list of
// segments: the HMAC PRF streams them, the CMAC PRF assembles them in a
// bounded stack buffer (cce_aes_cmac_impl is one-shot).

#include <string.h>

#include "../aes/internal.h"
#include "../mac/internal.h"
#include "cce/kdf.h"

#define KDF_MAX_SEGS 6
#define CMAC_BYTES 16

typedef struct kdf_seg {
  const uint8_t *p;
  size_t len;
} kdf_seg;

typedef struct kdf_prf {
  const cce_hash_desc *d;  // HMAC PRF, NULL for CMAC
  cce_hmac_ctx hmac;
  size_t h;                // PRF output length in bytes
} kdf_prf;

// ---- CMAC-AES PRF: kept apart so that only this function needs the AES family.
typedef struct kdf_cmac {
  cce_aes_key key;
  uint8_t buf[CMAC_BYTES + 4 + 1 + CCE_KDF108_CMAC_MAX_FIXED_BYTES];
} kdf_cmac;

static void kdf_cmac_run(kdf_cmac *c, const kdf_seg *s, size_t nseg, uint8_t out[CMAC_BYTES]) {
  size_t n = 0;
  for (size_t i = 0; i < nseg; i++) {
    if (s[i].len > 0) memcpy(c->buf + n, s[i].p, s[i].len);
    n += s[i].len;
  }
  cce_aes_cmac_impl(&c->key, c->buf, n, out);
}

static void kdf_hmac_run(kdf_prf *prf, const kdf_seg *s, size_t nseg, uint8_t *out) {
  prf->hmac.inner = prf->hmac.istate;  // same key, new message
  for (size_t i = 0; i < nseg; i++) (void)cce_hmac_update_impl(&prf->hmac, s[i].p, s[i].len);
  cce_hmac_final_impl(&prf->hmac, out);
}

static void kdf_prf_run(kdf_prf *prf, kdf_cmac *c, const kdf_seg *s, size_t nseg, uint8_t *out) {
  if (prf->d != NULL) {
    kdf_hmac_run(prf, s, nseg, out);
  } else {
    kdf_cmac_run(c, s, nseg, out);
  }
}

// The 1..5 bytes around a counter inserted into FixedData at bit `b` (not
// byte-aligned in general): bits [8q, 8q + 8 + r) of F[0..b) || C || F[b..).
// Returns the number of bytes written to x. Public data only.
static size_t kdf_middle_bytes(const uint8_t *f, size_t f_len, size_t b, const uint8_t *c, size_t c_len,
                               uint8_t x[5]) {
  size_t q = b / 8, r = 8 * c_len;
  size_t n = (q < f_len) ? c_len + 1 : c_len;
  for (size_t j = 0; j < n; j++) {
    uint8_t v = 0;
    for (size_t t = 0; t < 8; t++) {
      size_t pos = 8 * (q + j) + t, bit;
      if (pos < b) {
        bit = (f[pos / 8] >> (7 - pos % 8)) & 1u;
      } else if (pos < b + r) {
        size_t k = pos - b;
        bit = (c[k / 8] >> (7 - k % 8)) & 1u;
      } else {
        size_t k = pos - r;
        bit = (f[k / 8] >> (7 - k % 8)) & 1u;
      }
      v = (uint8_t)(v | (bit << (7 - t)));
    }
    x[j] = v;
  }
  return n;
}

// Checks of everything but pointers; returns CCE_OK or the error.
static cce_status kdf108_check(const cce_kdf108_params *p, size_t out_bits, size_t key_len, size_t fixed_len,
                               const cce_hash_desc **dp, size_t *hp) {
  if (p->mode != CCE_KDF108_COUNTER && p->mode != CCE_KDF108_FEEDBACK && p->mode != CCE_KDF108_DOUBLE_PIPELINE)
    return CCE_ERR_INVALID_ARG;
  switch (p->ctr_loc) {
    case CCE_KDF108_CTR_NONE:
    case CCE_KDF108_CTR_BEFORE_ITER:
      if (p->mode == CCE_KDF108_COUNTER) return CCE_ERR_INVALID_ARG;
      break;
    case CCE_KDF108_CTR_MIDDLE_FIXED:
      if (p->mode != CCE_KDF108_COUNTER) return CCE_ERR_INVALID_ARG;
      if (p->break_bits > 8 * fixed_len) return CCE_ERR_INVALID_LENGTH;
      break;
    case CCE_KDF108_CTR_BEFORE_FIXED:
    case CCE_KDF108_CTR_AFTER_FIXED:
      break;
    default:
      return CCE_ERR_INVALID_ARG;
  }
  if (p->ctr_loc != CCE_KDF108_CTR_NONE &&
      (p->ctr_bits != 8 && p->ctr_bits != 16 && p->ctr_bits != 24 && p->ctr_bits != 32))
    return CCE_ERR_INVALID_ARG;
  size_t h;
  if (p->prf == CCE_KDF108_PRF_HMAC) {
    const cce_hash_desc *d = cce_hash_desc_get(p->hash);
    if (d == NULL || d->digest_len == 0 || d->digest_len > CCE_HMAC_MAX_BYTES) return CCE_ERR_UNSUPPORTED;
    if (key_len == 0) return CCE_ERR_INVALID_LENGTH;
    *dp = d;
    h = d->digest_len;
  } else if (p->prf == CCE_KDF108_PRF_CMAC_AES) {
    if (key_len != 16 && key_len != 24 && key_len != 32) return CCE_ERR_INVALID_LENGTH;
    if (fixed_len > CCE_KDF108_CMAC_MAX_FIXED_BYTES) return CCE_ERR_INVALID_LENGTH;
    // The feedback IV is K(0): one PRF block at most.
    if (p->iv_len > CMAC_BYTES) return CCE_ERR_INVALID_LENGTH;
    *dp = NULL;
    h = CMAC_BYTES;
  } else {
    return CCE_ERR_INVALID_ARG;
  }
  if (out_bits == 0) return CCE_ERR_INVALID_LENGTH;
  // n = ceil(out_bits / 8h) <= 2^r - 1 (2^32 - 1 without a counter).
  size_t hb = 8 * h;
  size_t n = out_bits / hb + (out_bits % hb != 0);
  uint64_t nmax = p->ctr_loc == CCE_KDF108_CTR_NONE ? 0xffffffffu : (((uint64_t)1 << p->ctr_bits) - 1);
  if ((uint64_t)n > nmax) return CCE_ERR_INVALID_LENGTH;
  *hp = h;
  return CCE_OK;
}

static void kdf108_impl(const cce_kdf108_params *p, const cce_hash_desc *d, size_t h, uint8_t *out,
                        size_t out_bits, const uint8_t *key, size_t key_len, const uint8_t *fixed,
                        size_t fixed_len, kdf_cmac *cm) {
  kdf_prf prf;
  uint8_t k[CCE_HMAC_MAX_BYTES], a[CCE_HMAC_MAX_BYTES], ctr[4], mid[5];
  size_t out_len = (out_bits + 7) / 8, done = 0, kprev_len = 0;
  size_t cb = p->ctr_loc == CCE_KDF108_CTR_NONE ? 0 : p->ctr_bits / 8;
  static const uint8_t empty[1] = {0};
  const uint8_t *kprev = (p->iv_len > 0 && p->iv != NULL) ? p->iv : empty;
  kprev_len = p->iv_len;
  if (fixed == NULL) fixed = empty;

  prf.d = d;
  prf.h = h;
  if (d != NULL) cce_hmac_init_impl(&prf.hmac, d, key, key_len);

  const uint8_t *aprev = fixed;  // double pipeline: A(0) = FixedData
  size_t aprev_len = fixed_len;
  for (uint32_t i = 1; done < out_len; i++) {
    kdf_seg s[KDF_MAX_SEGS];
    size_t ns = 0;
    const uint8_t *it = NULL;  // iteration variable K(i-1) or A(i)
    size_t it_len = 0;
    cce_store32_be(ctr, i);
    const uint8_t *c = ctr + 4 - cb;
    if (p->mode == CCE_KDF108_DOUBLE_PIPELINE) {
      kdf_seg sa = {aprev, aprev_len};
      kdf_prf_run(&prf, cm, &sa, 1, a);
      aprev = a;
      aprev_len = h;
      it = a;
      it_len = h;
    } else if (p->mode == CCE_KDF108_FEEDBACK) {
      it = kprev;
      it_len = kprev_len;
    }
    if (p->mode == CCE_KDF108_COUNTER) {
      if (p->ctr_loc == CCE_KDF108_CTR_BEFORE_FIXED) {
        s[ns++] = (kdf_seg){c, cb};
        s[ns++] = (kdf_seg){fixed, fixed_len};
      } else if (p->ctr_loc == CCE_KDF108_CTR_AFTER_FIXED) {
        s[ns++] = (kdf_seg){fixed, fixed_len};
        s[ns++] = (kdf_seg){c, cb};
      } else {  // middle
        size_t q = p->break_bits / 8;
        size_t nm = kdf_middle_bytes(fixed, fixed_len, p->break_bits, c, cb, mid);
        s[ns++] = (kdf_seg){fixed, q};
        s[ns++] = (kdf_seg){mid, nm};
        if (q + 1 < fixed_len) s[ns++] = (kdf_seg){fixed + q + 1, fixed_len - q - 1};
      }
    } else {
      if (p->ctr_loc == CCE_KDF108_CTR_BEFORE_ITER) s[ns++] = (kdf_seg){c, cb};
      s[ns++] = (kdf_seg){it, it_len};
      if (p->ctr_loc == CCE_KDF108_CTR_BEFORE_FIXED) s[ns++] = (kdf_seg){c, cb};
      s[ns++] = (kdf_seg){fixed, fixed_len};
      if (p->ctr_loc == CCE_KDF108_CTR_AFTER_FIXED) s[ns++] = (kdf_seg){c, cb};
    }
    kdf_prf_run(&prf, cm, s, ns, k);
    size_t n = out_len - done < h ? out_len - done : h;
    memcpy(out + done, k, n);
    done += n;
    kprev = k;
    kprev_len = h;
  }
  if (out_bits % 8) out[out_len - 1] &= (uint8_t)(0xffu << (8 - out_bits % 8));
  cce_wipe(k, sizeof k);
  cce_wipe(a, sizeof a);
  if (d != NULL) cce_wipe(&prf.hmac, sizeof prf.hmac);
}

// The CMAC branch in its own function (needs the AES family).
static cce_status kdf108_cmac(const cce_kdf108_params *p, uint8_t *out, size_t out_bits, const uint8_t *key,
                              size_t key_len, const uint8_t *fixed, size_t fixed_len) {
  kdf_cmac cm;
  cce_status st = cce_aes_setkey_impl(&cm.key, key, key_len);
  if (st == CCE_OK) kdf108_impl(p, NULL, CMAC_BYTES, out, out_bits, key, key_len, fixed, fixed_len, &cm);
  cce_wipe(&cm, sizeof cm);
  return st;
}

cce_status cce_kdf108(const cce_kdf108_params *p, uint8_t *out, size_t out_bits, const uint8_t *key,
                      size_t key_len, const uint8_t *fixed, size_t fixed_len) {
  cce_status st = cce_svc_check(CCE_ST_KDF108);
  size_t out_len = (out_bits + 7) / 8, h = 0;
  const cce_hash_desc *d = NULL;
  if (st != CCE_OK) goto fail;
  if (p == NULL || out == NULL || key == NULL || (fixed == NULL && fixed_len > 0) ||
      (p->iv == NULL && p->iv_len > 0)) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  st = kdf108_check(p, out_bits, key_len, fixed_len, &d, &h);
  if (st != CCE_OK) goto fail;
  if (d != NULL) {
    st = cce_svc_check2(CCE_ST_HMAC, d->selftest);
    if (st != CCE_OK) goto fail;
    kdf108_impl(p, d, h, out, out_bits, key, key_len, fixed, fixed_len, NULL);
  } else {
    st = cce_svc_check(CCE_ST_CMAC);
    if (st != CCE_OK) goto fail;
    st = kdf108_cmac(p, out, out_bits, key, key_len, fixed, fixed_len);
    if (st != CCE_OK) goto fail;
  }
  return cce_indicate(CCE_OK, key_len >= CCE_KDF_MIN_APPROVED_KEY_BYTES);
fail:
  if (out != NULL) cce_wipe(out, out_len);
  return cce_indicate(st, 0);
}

cce_status cce_kdf108_ctr_hmac(cce_hash_alg alg, uint8_t *out, size_t out_len, const uint8_t *key, size_t key_len,
                               const uint8_t *label, size_t label_len, const uint8_t *context,
                               size_t context_len) {
  cce_status st = cce_svc_check(CCE_ST_KDF108);
  const cce_hash_desc *d = NULL;
  size_t h = 0;
  if (st != CCE_OK) goto fail;
  if (out == NULL || key == NULL || (label == NULL && label_len > 0) || (context == NULL && context_len > 0)) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  if (out_len == 0 || out_len >= ((size_t)1 << 29)) {
    st = CCE_ERR_INVALID_LENGTH;
    goto fail;
  }
  cce_kdf108_params p = {CCE_KDF108_COUNTER, CCE_KDF108_PRF_HMAC, alg, CCE_KDF108_CTR_BEFORE_FIXED, 32, 0, NULL, 0};
  st = kdf108_check(&p, 8 * out_len, key_len, 0, &d, &h);
  if (st != CCE_OK) goto fail;
  st = cce_svc_check2(CCE_ST_HMAC, d->selftest);
  if (st != CCE_OK) goto fail;
  {
    // FixedData = Label || 0x00 || Context || [L]_32, streamed through the
    // HMAC PRF without a copy.
    cce_hmac_ctx ctx;
    uint8_t ctr[4], lenc[4], k[CCE_HMAC_MAX_BYTES];
    static const uint8_t zero = 0;
    size_t done = 0;
    cce_store32_be(lenc, (uint32_t)(8 * out_len));
    cce_hmac_init_impl(&ctx, d, key, key_len);
    for (uint32_t i = 1; done < out_len; i++) {
      ctx.inner = ctx.istate;
      cce_store32_be(ctr, i);
      (void)cce_hmac_update_impl(&ctx, ctr, 4);
      (void)cce_hmac_update_impl(&ctx, label, label_len);
      (void)cce_hmac_update_impl(&ctx, &zero, 1);
      (void)cce_hmac_update_impl(&ctx, context, context_len);
      (void)cce_hmac_update_impl(&ctx, lenc, 4);
      cce_hmac_final_impl(&ctx, k);
      size_t n = out_len - done < h ? out_len - done : h;
      memcpy(out + done, k, n);
      done += n;
    }
    cce_wipe(k, sizeof k);
    cce_wipe(&ctx, sizeof ctx);
  }
  return cce_indicate(CCE_OK, key_len >= CCE_KDF_MIN_APPROVED_KEY_BYTES);
fail:
  if (out != NULL) cce_wipe(out, out_len);
  return cce_indicate(st, 0);
}

// ---------------------------------------------------------------------------
// Known-answer test: counter mode, HMAC-SHA2-256, 32-bit counter before
// FixedData; NIST ACVP KDF-1.0 sample vector set, tcId 1291 (L = 256).
CCE_HIDDEN cce_status cce_kat_kdf108(void);
cce_status cce_kat_kdf108(void) {
  static const uint8_t key[32] = {0x41, 0xce, 0xf7, 0xc2, 0xac, 0xf1, 0x9d, 0x2c, 0x47, 0x09, 0x65,
                                  0x34, 0xfd, 0x4a, 0xc8, 0x8a, 0x92, 0x3b, 0x9f, 0x3c, 0x25, 0xdf,
                                  0xee, 0xf3, 0x94, 0xd9, 0xcc, 0xdf, 0x81, 0xaa, 0x5b, 0x4b};
  static const uint8_t fixed[16] = {0x0d, 0x87, 0x51, 0x9f, 0xaf, 0xd8, 0x42, 0xd8,
                                    0x7b, 0x4f, 0x35, 0xd0, 0xf5, 0xe6, 0x9d, 0x20};
  static const uint8_t expected[32] = {0x2c, 0x35, 0x53, 0x78, 0x53, 0x69, 0x35, 0x82, 0x1c, 0x75, 0x66,
                                       0xe1, 0xdd, 0xda, 0xae, 0xb1, 0xca, 0xca, 0x04, 0x42, 0x47, 0x1b,
                                       0xae, 0x01, 0x78, 0x38, 0x55, 0x91, 0x43, 0x62, 0x72, 0xcd};
  const cce_hash_desc *d = cce_hash_desc_get(CCE_HASH_SHA256);
  if (d == NULL) return CCE_ERR_SELFTEST;
  static const cce_kdf108_params p = {CCE_KDF108_COUNTER, CCE_KDF108_PRF_HMAC, CCE_HASH_SHA256,
                                      CCE_KDF108_CTR_BEFORE_FIXED, 32, 0, NULL, 0};
  uint8_t got[32];
  kdf108_impl(&p, d, 32, got, 256, key, sizeof key, fixed, sizeof fixed, NULL);
  return cce_kat_check(CCE_ST_KDF108, got, expected, sizeof expected);
}
