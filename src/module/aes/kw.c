// AES key wrap KW and KWP (SP 800-38F 6.1-6.3; RFC 3394, RFC 5649).
// See aes.h. The wrapping function W and its inverse work in `out`, into
// which the input has already been moved, so any overlap of `in` and `out`
// is safe.

#include "aes_impl.h"

static const uint8_t kw_icv1[8] = {0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6};
static const uint8_t kwp_icv2[4] = {0xa6, 0x59, 0x59, 0xa6};

static inline void ciph(const cce_aes_key *k, int inverse, const uint8_t *in, uint8_t *out) {
  if (inverse)
    cce_aes_decrypt_blocks_impl(k, in, out, 1);
  else
    cce_aes_encrypt_blocks_impl(k, in, out, 1);
}

// W (SP 800-38F algorithm 1): a = first semiblock, r = n semiblocks (n >= 2).
static void kw_w(const cce_aes_key *k, int inverse, uint8_t a[8], uint8_t *r, size_t n) {
  uint8_t b[16];
  for (uint64_t j = 0; j < 6; j++) {
    for (size_t i = 0; i < n; i++) {
      memcpy(b, a, 8);
      memcpy(b + 8, r + 8 * i, 8);
      ciph(k, inverse, b, b);
      uint64_t t = (uint64_t)n * j + i + 1;
      cce_store64_be(a, cce_load64_be(b) ^ t);
      memcpy(r + 8 * i, b + 8, 8);
    }
  }
  cce_wipe(b, sizeof b);
}

// W^-1 (SP 800-38F algorithm 2).
static void kw_winv(const cce_aes_key *k, int inverse, uint8_t a[8], uint8_t *r, size_t n) {
  uint8_t b[16];
  for (uint64_t j = 6; j-- > 0;) {
    for (size_t i = n; i-- > 0;) {
      uint64_t t = (uint64_t)n * j + i + 1;
      cce_store64_be(b, cce_load64_be(a) ^ t);
      memcpy(b + 8, r + 8 * i, 8);
      ciph(k, !inverse, b, b);
      memcpy(a, b, 8);
      memcpy(r + 8 * i, b + 8, 8);
    }
  }
  cce_wipe(b, sizeof b);
}

static cce_status common_checks(const cce_aes_ctx *ctx, unsigned flags, const uint8_t *out, size_t *out_len,
                                const uint8_t *in) {
  if (ctx == NULL || out == NULL || out_len == NULL || in == NULL) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  if (ctx->magic_ != CCE_CTX_LIVE) return CCE_ERR_CTX_STATE;
  if (flags & ~CCE_AES_KW_INVERSE) return CCE_ERR_INVALID_ARG;
  return CCE_OK;
}

// see aes.h
cce_status cce_aes_kw_wrap(const cce_aes_ctx *ctx, unsigned flags, uint8_t *out, size_t out_cap, size_t *out_len,
                           const uint8_t *in, size_t in_len) {
  cce_status st = cce_svc_check(CCE_ST_AES_KW);
  if (st != CCE_OK) return cce_indicate(st, 0);
  st = common_checks(ctx, flags, out, out_len, in);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (in_len < 16 || in_len % 8 != 0 || in_len > SIZE_MAX - 8) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  if (out_cap < in_len + 8) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  uint8_t a[8];
  memmove(out + 8, in, in_len);
  memcpy(a, kw_icv1, 8);
  kw_w(cce_aes_ctx_ckey(ctx), flags & CCE_AES_KW_INVERSE, a, out + 8, in_len / 8);
  memcpy(out, a, 8);
  *out_len = in_len + 8;
  return cce_indicate(CCE_OK, 1);
}

// see aes.h
cce_status cce_aes_kw_unwrap(const cce_aes_ctx *ctx, unsigned flags, uint8_t *out, size_t out_cap,
                             size_t *out_len, const uint8_t *in, size_t in_len) {
  cce_status st = cce_svc_check(CCE_ST_AES_KW);
  if (st != CCE_OK) return cce_indicate(st, 0);
  st = common_checks(ctx, flags, out, out_len, in);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (in_len < 24 || in_len % 8 != 0) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  if (out_cap < in_len - 8) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  uint8_t a[8];
  memcpy(a, in, 8);
  memmove(out, in + 8, in_len - 8);
  kw_winv(cce_aes_ctx_ckey(ctx), flags & CCE_AES_KW_INVERSE, a, out, in_len / 8 - 1);
  uint32_t icv_ok = cce_ct_memeq_mask(a, kw_icv1, 8);
  cce_ct_public(&icv_ok, sizeof icv_ok);  // the verdict is the caller's answer
  if (icv_ok == 0) {
    cce_wipe(out, in_len - 8);
    cce_wipe(a, sizeof a);
    return cce_indicate(CCE_ERR_AUTH, 0);
  }
  cce_wipe(a, sizeof a);
  *out_len = in_len - 8;
  return cce_indicate(CCE_OK, 1);
}

// see aes.h
cce_status cce_aes_kwp_wrap(const cce_aes_ctx *ctx, unsigned flags, uint8_t *out, size_t out_cap,
                            size_t *out_len, const uint8_t *in, size_t in_len) {
  cce_status st = cce_svc_check(CCE_ST_AES_KW);
  if (st != CCE_OK) return cce_indicate(st, 0);
  st = common_checks(ctx, flags, out, out_len, in);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (in_len == 0 || (uint64_t)in_len > 0xffffffffu) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  size_t padded = (in_len + 7) / 8 * 8;
  if (out_cap < padded + 8) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  const cce_aes_key *k = cce_aes_ctx_ckey(ctx);
  int inv = flags & CCE_AES_KW_INVERSE;
  uint8_t a[8];
  memmove(out + 8, in, in_len);
  memset(out + 8 + in_len, 0, padded - in_len);
  memcpy(a, kwp_icv2, 4);
  cce_store32_be(a + 4, (uint32_t)in_len);
  if (padded == 8) {
    memcpy(out, a, 8);
    ciph(k, inv, out, out);
  } else {
    kw_w(k, inv, a, out + 8, padded / 8);
    memcpy(out, a, 8);
  }
  *out_len = padded + 8;
  return cce_indicate(CCE_OK, 1);
}

// see aes.h
cce_status cce_aes_kwp_unwrap(const cce_aes_ctx *ctx, unsigned flags, uint8_t *out, size_t out_cap,
                              size_t *out_len, const uint8_t *in, size_t in_len) {
  cce_status st = cce_svc_check(CCE_ST_AES_KW);
  if (st != CCE_OK) return cce_indicate(st, 0);
  st = common_checks(ctx, flags, out, out_len, in);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (in_len < 16 || in_len % 8 != 0) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  size_t padded = in_len - 8;
  if ((uint64_t)padded - 8 >= 0xffffffffu) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  if (out_cap < padded) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  const cce_aes_key *k = cce_aes_ctx_ckey(ctx);
  int inv = flags & CCE_AES_KW_INVERSE;
  uint8_t a[8], b[16];
  if (in_len == 16) {
    ciph(k, !inv, in, b);
    memcpy(a, b, 8);
    memcpy(out, b + 8, 8);
    cce_wipe(b, sizeof b);
  } else {
    memcpy(a, in, 8);
    memmove(out, in + 8, padded);
    kw_winv(k, inv, a, out, padded / 8);
  }
  // Checks of SP 800-38F algorithm 6, steps 4-6, without secret-dependent
  // branches: ICV2, 8(n-1) < Plen <= 8n, zero padding.
  uint32_t plen = cce_load32_be(a + 4);
  uint32_t ok = cce_ct_memeq_mask(a, kwp_icv2, 4);
  ok &= cce_ct_lt_mask32((uint32_t)(padded - 8), plen);      // plen > 8(n-1)
  ok &= ~cce_ct_lt_mask32((uint32_t)padded, plen);           // plen <= 8n
  uint32_t pad_nonzero = 0;
  for (size_t i = padded - 8; i < padded; i++) {
    // byte i is padding when i >= plen
    uint32_t is_pad = ~cce_ct_lt_mask32((uint32_t)i, plen);
    pad_nonzero |= is_pad & out[i];
  }
  ok &= cce_ct_is_zero_mask32(pad_nonzero);
  cce_ct_public(&ok, sizeof ok);  // the verdict is the caller's answer
  if (ok == 0) {
    cce_wipe(out, padded);
    cce_wipe(a, sizeof a);
    return cce_indicate(CCE_ERR_AUTH, 0);
  }
  cce_ct_public(&plen, sizeof plen);  // released as *out_len
  cce_wipe(out + plen, padded - plen);
  *out_len = plen;
  cce_wipe(a, sizeof a);
  return cce_indicate(CCE_OK, 1);
}

// Known-answer tests: RFC 3394 4.1 (KW, 128-bit KEK) and RFC 5649 6 (KWP,
// 192-bit KEK, 20-byte key), wrap and unwrap.
CCE_HIDDEN cce_status cce_kat_aes_kw(void);
cce_status cce_kat_aes_kw(void) {
  static const uint8_t kek1[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                   0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
  static const uint8_t key1[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                   0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
  static const uint8_t wrap1[24] = {0x1f, 0xa6, 0x8b, 0x0a, 0x81, 0x12, 0xb4, 0x47, 0xae, 0xf3, 0x4b, 0xd8,
                                    0xfb, 0x5a, 0x7b, 0x82, 0x9d, 0x3e, 0x86, 0x23, 0x71, 0xd2, 0xcf, 0xe5};
  static const uint8_t kek2[24] = {0x58, 0x40, 0xdf, 0x6e, 0x29, 0xb0, 0x2a, 0xf1, 0xab, 0x49, 0x3b, 0x70,
                                   0x5b, 0xf1, 0x6e, 0xa1, 0xae, 0x83, 0x38, 0xf4, 0xdc, 0xc1, 0x76, 0xa8};
  static const uint8_t key2[20] = {0xc3, 0x7b, 0x7e, 0x64, 0x92, 0x58, 0x43, 0x40, 0xbe, 0xd1,
                                   0x22, 0x07, 0x80, 0x89, 0x41, 0x15, 0x50, 0x68, 0xf7, 0x38};
  static const uint8_t wrap2[32] = {0x13, 0x8b, 0xde, 0xaa, 0x9b, 0x8f, 0xa7, 0xfc, 0x61, 0xf9, 0x77,
                                    0x42, 0xe7, 0x22, 0x48, 0xee, 0x5a, 0xe6, 0xae, 0x53, 0x60, 0xd1,
                                    0xae, 0x6a, 0x5f, 0x54, 0xf3, 0x73, 0xfa, 0x54, 0x3b, 0x6a};
  cce_aes_key k;
  uint8_t a[8], buf[32];
  cce_status st = cce_aes_setkey_impl(&k, kek1, 16);
  if (st == CCE_OK) {
    memcpy(a, kw_icv1, 8);
    memcpy(buf + 8, key1, 16);
    kw_w(&k, 0, a, buf + 8, 2);
    memcpy(buf, a, 8);
    st = cce_kat_check(CCE_ST_AES_KW, buf, wrap1, 24);
  }
  if (st == CCE_OK) {
    memcpy(a, wrap1, 8);
    memcpy(buf, wrap1 + 8, 16);
    kw_winv(&k, 0, a, buf, 2);
    memcpy(buf + 16, a, 8);
    uint8_t exp[24];
    memcpy(exp, key1, 16);
    memcpy(exp + 16, kw_icv1, 8);
    st = cce_kat_check(CCE_ST_AES_KW, buf, exp, 24);
  }
  if (st == CCE_OK) st = cce_aes_setkey_impl(&k, kek2, 24);
  if (st == CCE_OK) {
    memcpy(a, kwp_icv2, 4);
    cce_store32_be(a + 4, 20);
    memset(buf, 0, sizeof buf);
    memcpy(buf + 8, key2, 20);
    kw_w(&k, 0, a, buf + 8, 3);
    memcpy(buf, a, 8);
    st = cce_kat_check(CCE_ST_AES_KW, buf, wrap2, 32);
  }
  cce_wipe(&k, sizeof k);
  cce_wipe(buf, sizeof buf);
  return st;
}
