// CMAC-AES (SP 800-38B), streaming and one-shot. See aes.h.

#include "../aes/aes_impl.h"

// Doubling in GF(2^128), big-endian, R_128 = 0x87 (SP 800-38B 6.1).
static void dbl(uint8_t out[16], const uint8_t in[16]) {
  uint64_t hi = cce_load64_be(in), lo = cce_load64_be(in + 8);
  uint64_t carry = (uint64_t)0 - (hi >> 63);
  hi = (hi << 1) | (lo >> 63);
  lo = (lo << 1) ^ (carry & 0x87);
  cce_store64_be(out, hi);
  cce_store64_be(out + 8, lo);
}

// State on an expanded key (shared by the public context and the one-shot).
typedef struct {
  const cce_aes_key *k;
  uint8_t *k1, *k2, *x, *buf;
  uint32_t *n;
} cmac_ref;

static void cmac_start(cmac_ref *s) {
  uint8_t l[16] = {0};
  cce_aes_encrypt_blocks_impl(s->k, l, l, 1);
  dbl(s->k1, l);
  dbl(s->k2, s->k1);
  memset(s->x, 0, 16);
  *s->n = 0;
  cce_wipe(l, sizeof l);
}

// The last block stays in buf until final (it gets K1 or K2).
static void cmac_absorb(cmac_ref *s, const uint8_t *p, size_t len) {
  if (len == 0) return;
  if (*s->n > 0 || len <= 16) {
    size_t take = 16 - *s->n < len ? 16 - *s->n : len;
    memcpy(s->buf + *s->n, p, take);
    *s->n += (uint32_t)take; p += take; len -= take;
    if (len == 0) return;
    cce_aes_cbcmac_blocks_impl(s->k, s->x, s->buf, 1);
    *s->n = 0;
  }
  // len > 0: keep at least one byte back
  size_t nb = (len - 1) / 16;
  if (nb > 0) {
    cce_aes_cbcmac_blocks_impl(s->k, s->x, p, nb);
    p += 16 * nb;
    len -= 16 * nb;
  }
  memcpy(s->buf, p, len);
  *s->n = (uint32_t)len;
}

static void cmac_finish(cmac_ref *s, uint8_t tag[16]) {
  uint8_t last[16];
  if (*s->n == 16) {
    for (int i = 0; i < 16; i++) last[i] = s->buf[i] ^ s->k1[i];
  } else {
    memset(last, 0, 16);
    memcpy(last, s->buf, *s->n);
    last[*s->n] = 0x80;
    for (int i = 0; i < 16; i++) last[i] ^= s->k2[i];
  }
  cce_aes_cbcmac_blocks_impl(s->k, s->x, last, 1);
  memcpy(tag, s->x, 16);
  cce_wipe(last, sizeof last);
}

// see internal.h
void cce_aes_cmac_impl(const cce_aes_key *k, const uint8_t *msg, size_t len, uint8_t tag[16]) {
  uint8_t k1[16], k2[16], x[16], buf[16];
  uint32_t n;
  cmac_ref s = {k, k1, k2, x, buf, &n};
  cmac_start(&s);
  cmac_absorb(&s, msg, len);
  cmac_finish(&s, tag);
  cce_wipe(k1, 16); cce_wipe(k2, 16); cce_wipe(x, 16); cce_wipe(buf, 16);
}

static cmac_ref ctx_ref(cce_aes_cmac_ctx *ctx) {
  cmac_ref s = {cce_aes_ctx_ckey(&ctx->key_), ctx->k1_, ctx->k2_, ctx->x_, ctx->buf_, &ctx->buf_len_};
  return s;
}

// see aes.h
cce_status cce_aes_cmac_init(cce_aes_cmac_ctx *ctx, const uint8_t *key, size_t key_len) {
  cce_status st = cce_svc_check(CCE_ST_CMAC);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL || key == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  ctx->magic_ = 0;
  st = cce_aes_setkey_impl(cce_aes_ctx_key(&ctx->key_), key, key_len);
  if (st != CCE_OK) return cce_indicate(st, 0);
  ctx->key_.key_len_ = (uint32_t)key_len;
  ctx->key_.magic_ = CCE_CTX_LIVE;
  cmac_ref s = ctx_ref(ctx);
  cmac_start(&s);
  ctx->magic_ = CCE_CTX_LIVE;
  return cce_indicate(CCE_OK, 1);
}

// see aes.h
cce_status cce_aes_cmac_update(cce_aes_cmac_ctx *ctx, const uint8_t *data, size_t len) {
  cce_status st = cce_svc_check(CCE_ST_CMAC);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL || (len > 0 && data == NULL)) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (ctx->magic_ != CCE_CTX_LIVE) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  cmac_ref s = ctx_ref(ctx);
  cmac_absorb(&s, data, len);
  return cce_indicate(CCE_OK, 1);
}

static void ctx_done(cce_aes_cmac_ctx *ctx) {
  cce_wipe(ctx, sizeof *ctx);
  ctx->magic_ = CCE_CTX_FINISHED;
}

// see aes.h
cce_status cce_aes_cmac_final(cce_aes_cmac_ctx *ctx, uint8_t *tag, size_t tag_len) {
  cce_status st = cce_svc_check(CCE_ST_CMAC);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL || tag == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (ctx->magic_ != CCE_CTX_LIVE) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  if (tag_len < 1 || tag_len > 16) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  uint8_t t[16];
  cmac_ref s = ctx_ref(ctx);
  cmac_finish(&s, t);
  memcpy(tag, t, tag_len);
  cce_wipe(t, sizeof t);
  ctx_done(ctx);
  return cce_indicate(CCE_OK, 1);
}

// see aes.h
cce_status cce_aes_cmac_verify_final(cce_aes_cmac_ctx *ctx, const uint8_t *tag, size_t tag_len) {
  cce_status st = cce_svc_check(CCE_ST_CMAC);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL || tag == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (ctx->magic_ != CCE_CTX_LIVE) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  if (tag_len < 1 || tag_len > 16) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  uint8_t t[16];
  cmac_ref s = ctx_ref(ctx);
  cmac_finish(&s, t);
  uint32_t ok = cce_ct_memeq_mask(t, tag, tag_len);
  cce_wipe(t, sizeof t);
  ctx_done(ctx);
  return cce_indicate(cce_ct_status(ok, CCE_ERR_AUTH), 1);
}

// see aes.h
void cce_aes_cmac_cleanup(cce_aes_cmac_ctx *ctx) {
  if (ctx != NULL) cce_wipe(ctx, sizeof *ctx);
}

static cce_status oneshot(uint8_t t[16], size_t tag_len, const uint8_t *key, size_t key_len, const uint8_t *msg,
                          size_t msg_len) {
  if (key == NULL || (msg_len > 0 && msg == NULL)) return CCE_ERR_NULL_POINTER;
  if (tag_len < 1 || tag_len > 16) return CCE_ERR_INVALID_LENGTH;
  cce_aes_key k;
  cce_status st = cce_aes_setkey_impl(&k, key, key_len);
  if (st == CCE_OK) cce_aes_cmac_impl(&k, msg, msg_len, t);
  cce_wipe(&k, sizeof k);
  return st;
}

// see aes.h
cce_status cce_aes_cmac(uint8_t *tag, size_t tag_len, const uint8_t *key, size_t key_len, const uint8_t *msg,
                        size_t msg_len) {
  cce_status st = cce_svc_check(CCE_ST_CMAC);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (tag == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  uint8_t t[16];
  st = oneshot(t, tag_len, key, key_len, msg, msg_len);
  if (st == CCE_OK) memcpy(tag, t, tag_len);
  cce_wipe(t, sizeof t);
  return cce_indicate(st, 1);
}

// see aes.h
cce_status cce_aes_cmac_verify(const uint8_t *tag, size_t tag_len, const uint8_t *key, size_t key_len,
                               const uint8_t *msg, size_t msg_len) {
  cce_status st = cce_svc_check(CCE_ST_CMAC);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (tag == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  uint8_t t[16];
  st = oneshot(t, tag_len, key, key_len, msg, msg_len);
  if (st == CCE_OK && cce_ct_memeq_mask(t, tag, tag_len) == 0) st = CCE_ERR_AUTH;
  cce_wipe(t, sizeof t);
  return cce_indicate(st, 1);
}

// Known-answer test: SP 800-38B appendix D.1 (AES-128), example 2 (16-byte
// message) and example 3 (40 bytes), through the streaming path.
CCE_HIDDEN cce_status cce_kat_cmac(void);
cce_status cce_kat_cmac(void) {
  static const uint8_t key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                  0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
  static const uint8_t msg[40] = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d,
                                  0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a, 0xae, 0x2d, 0x8a, 0x57,
                                  0x1e, 0x03, 0xac, 0x9c, 0x9e, 0xb7, 0x6f, 0xac, 0x45, 0xaf,
                                  0x8e, 0x51, 0x30, 0xc8, 0x1c, 0x46, 0xa3, 0x5c, 0xe4, 0x11};
  static const uint8_t exp16[16] = {0x07, 0x0a, 0x16, 0xb4, 0x6b, 0x4d, 0x41, 0x44,
                                    0xf7, 0x9b, 0xdd, 0x9d, 0xd0, 0x4a, 0x28, 0x7c};
  static const uint8_t exp40[16] = {0xdf, 0xa6, 0x67, 0x47, 0xde, 0x9a, 0xe6, 0x30,
                                    0x30, 0xca, 0x32, 0x61, 0x14, 0x97, 0xc8, 0x27};
  cce_aes_key k;
  uint8_t tag[16];
  cce_status st = cce_aes_setkey_impl(&k, key, 16);
  if (st == CCE_OK) {
    cce_aes_cmac_impl(&k, msg, 16, tag);
    st = cce_kat_check(CCE_ST_CMAC, tag, exp16, 16);
  }
  if (st == CCE_OK) {
    cce_aes_cmac_impl(&k, msg, 40, tag);
    st = cce_kat_check(CCE_ST_CMAC, tag, exp40, 16);
  }
  cce_wipe(&k, sizeof k);
  return st;
}
