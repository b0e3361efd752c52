// HMAC (FIPS 198-1) over any fixed-length hash of the descriptor table.
//
//   K0   = key padded with zeros to B bytes (key hashed first if longer than B)
//   HMAC = H((K0 ^ opad) || H((K0 ^ ipad) || text)),  ipad = 0x36.., opad = 0x5c..
//
// B is the hash's block length (the rate for SHA-3, FIPS 198-1 / FIPS 202).
// Key lengths are public; nothing branches on key or message bytes.

#include <string.h>

#include "internal.h"

#define HMAC_IPAD 0x36u
#define HMAC_OPAD 0x5cu

// Returns the descriptor of a valid HMAC hash, NULL otherwise (SHAKE, unknown).
static const cce_hash_desc *hmac_desc(cce_hash_alg alg) {
  const cce_hash_desc *d = cce_hash_desc_get(alg);
  if (d == NULL || d->digest_len == 0 || d->digest_len > CCE_HMAC_MAX_BYTES ||
      d->block_len > CCE_HASH_MAX_BLOCK_BYTES || d->block_len < d->digest_len)
    return NULL;
  return d;
}

// K0 ^ pad into blk (block_len bytes). K0 is the key, or H(key) if longer
// than the block, zero-padded.
static void hmac_k0(const cce_hash_desc *d, const uint8_t *key, size_t key_len, uint8_t *blk) {
  size_t b = d->block_len;
  memset(blk, 0, b);
  if (key_len > b) {
    cce_hash_impl(d, blk, d->digest_len, key, key_len);
  } else if (key_len > 0) {
    memcpy(blk, key, key_len);
  }
}

static void xor_pad(uint8_t *blk, size_t len, uint8_t pad) {
  for (size_t i = 0; i < len; i++) blk[i] ^= pad;
}

void cce_hmac_init_impl(cce_hmac_ctx *ctx, const cce_hash_desc *d, const uint8_t *key, size_t key_len) {
  uint8_t blk[CCE_HASH_MAX_BLOCK_BYTES];
  size_t b = d->block_len;
  hmac_k0(d, key, key_len, blk);
  xor_pad(blk, b, HMAC_IPAD);
  d->init(&ctx->istate);
  (void)d->update(&ctx->istate, blk, b);  // one block: cannot overflow
  xor_pad(blk, b, HMAC_IPAD ^ HMAC_OPAD);
  d->init(&ctx->ostate);
  (void)d->update(&ctx->ostate, blk, b);
  cce_wipe(blk, sizeof blk);
  ctx->inner = ctx->istate;
  ctx->desc_ = d;
  ctx->magic_ = CCE_CTX_LIVE;
  ctx->approved_ = key_len >= CCE_HMAC_MIN_APPROVED_KEY_BYTES;
}

cce_status cce_hmac_update_impl(cce_hmac_ctx *ctx, const uint8_t *data, size_t len) {
  const cce_hash_desc *d = (const cce_hash_desc *)ctx->desc_;
  return d->update(&ctx->inner, data, len);
}

void cce_hmac_final_impl(cce_hmac_ctx *ctx, uint8_t *out) {
  const cce_hash_desc *d = (const cce_hash_desc *)ctx->desc_;
  uint8_t ih[CCE_HMAC_MAX_BYTES];
  d->final(&ctx->inner, ih, d->digest_len);
  ctx->inner = ctx->ostate;
  (void)d->update(&ctx->inner, ih, d->digest_len);
  d->final(&ctx->inner, out, d->digest_len);
  cce_wipe(ih, sizeof ih);
  cce_wipe(&ctx->inner, sizeof ctx->inner);
  ctx->magic_ = CCE_CTX_FINISHED;
}

// One-shot without building the reusable keyed states: one hash context,
// the pad block built once and flipped from ipad to opad.
void cce_hmac_impl(const cce_hash_desc *d, const uint8_t *key, size_t key_len, const uint8_t *data, size_t len,
                   uint8_t *out) {
  uint8_t blk[CCE_HASH_MAX_BLOCK_BYTES];
  uint8_t ih[CCE_HMAC_MAX_BYTES];
  cce_hash_ctx h;
  size_t b = d->block_len;
  hmac_k0(d, key, key_len, blk);
  xor_pad(blk, b, HMAC_IPAD);
  d->init(&h);
  (void)d->update(&h, blk, b);
  // Over 2^61 bytes of message is beyond any caller's reach in practice; the
  // public entry point reports it through cce_hmac_update instead.
  (void)d->update(&h, data, len);
  d->final(&h, ih, d->digest_len);
  xor_pad(blk, b, HMAC_IPAD ^ HMAC_OPAD);
  d->init(&h);
  (void)d->update(&h, blk, b);
  (void)d->update(&h, ih, d->digest_len);
  d->final(&h, out, d->digest_len);
  cce_wipe(blk, sizeof blk);
  cce_wipe(ih, sizeof ih);
  cce_wipe(&h, sizeof h);
}

// ---------------------------------------------------------------------------
// Public API.

size_t cce_hmac_len(cce_hash_alg alg) {
  const cce_hash_desc *d = hmac_desc(alg);
  return d != NULL ? d->digest_len : 0;
}

cce_status cce_hmac_init(cce_hmac_ctx *ctx, cce_hash_alg alg, const uint8_t *key, size_t key_len) {
  cce_status st = cce_svc_check(CCE_ST_HMAC);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL || (key == NULL && key_len > 0)) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  ctx->magic_ = 0;
  const cce_hash_desc *d = hmac_desc(alg);
  if (d == NULL) return cce_indicate(CCE_ERR_UNSUPPORTED, 0);
  st = cce_svc_check(d->selftest);
  if (st != CCE_OK) return cce_indicate(st, 0);
  cce_hmac_init_impl(ctx, d, key, key_len);
  return cce_indicate(CCE_OK, (int)ctx->approved_);
}

cce_status cce_hmac_update(cce_hmac_ctx *ctx, const void *data, size_t len) {
  cce_status st = cce_svc_check(CCE_ST_HMAC);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL || (data == NULL && len > 0)) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (ctx->magic_ != CCE_CTX_LIVE || ctx->desc_ == NULL) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  st = cce_hmac_update_impl(ctx, (const uint8_t *)data, len);
  return cce_indicate(st, (int)ctx->approved_);
}

static cce_status hmac_final_common(cce_hmac_ctx *ctx, uint8_t *out, size_t want, int trunc) {
  cce_status st = cce_svc_check(CCE_ST_HMAC);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL || out == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (ctx->magic_ != CCE_CTX_LIVE || ctx->desc_ == NULL) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  const cce_hash_desc *d = (const cce_hash_desc *)ctx->desc_;
  if (trunc) {
    if (want < CCE_HMAC_MIN_TAG_BYTES || want > d->digest_len) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  } else if (want < d->digest_len) {
    return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  }
  uint8_t mac[CCE_HMAC_MAX_BYTES];
  cce_hmac_final_impl(ctx, mac);
  size_t n = trunc ? want : d->digest_len;
  memcpy(out, mac, n);
  cce_wipe(mac, sizeof mac);
  return cce_indicate(CCE_OK, (int)ctx->approved_);
}

cce_status cce_hmac_final(cce_hmac_ctx *ctx, uint8_t *out, size_t out_len) {
  return hmac_final_common(ctx, out, out_len, 0);
}

cce_status cce_hmac_final_trunc(cce_hmac_ctx *ctx, uint8_t *out, size_t mac_len) {
  return hmac_final_common(ctx, out, mac_len, 1);
}

cce_status cce_hmac_reset(cce_hmac_ctx *ctx) {
  cce_status st = cce_svc_check(CCE_ST_HMAC);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if ((ctx->magic_ != CCE_CTX_LIVE && ctx->magic_ != CCE_CTX_FINISHED) || ctx->desc_ == NULL)
    return cce_indicate(CCE_ERR_CTX_STATE, 0);
  ctx->inner = ctx->istate;
  ctx->magic_ = CCE_CTX_LIVE;
  return cce_indicate(CCE_OK, (int)ctx->approved_);
}

void cce_hmac_cleanup(cce_hmac_ctx *ctx) {
  if (ctx == NULL) return;
  cce_wipe(ctx, sizeof *ctx);
}

cce_status cce_hmac(cce_hash_alg alg, const uint8_t *key, size_t key_len, const void *data, size_t len,
                    uint8_t *out, size_t out_len) {
  cce_status st = cce_svc_check(CCE_ST_HMAC);
  if (st != CCE_OK) goto fail;
  if (out == NULL || (key == NULL && key_len > 0) || (data == NULL && len > 0)) {
    st = CCE_ERR_NULL_POINTER;
    goto fail;
  }
  const cce_hash_desc *d = hmac_desc(alg);
  if (d == NULL) {
    st = CCE_ERR_UNSUPPORTED;
    goto fail;
  }
  if (out_len < d->digest_len) {
    st = CCE_ERR_BUFFER_TOO_SMALL;
    goto fail;
  }
  st = cce_svc_check(d->selftest);
  if (st != CCE_OK) goto fail;
  cce_hmac_impl(d, key, key_len, (const uint8_t *)data, len, out);
  return cce_indicate(CCE_OK, key_len >= CCE_HMAC_MIN_APPROVED_KEY_BYTES);
fail:
  if (out != NULL) cce_wipe(out, out_len);
  return cce_indicate(st, 0);
}

cce_status cce_hmac_verify(cce_hash_alg alg, const uint8_t *key, size_t key_len, const void *data, size_t len,
                           const uint8_t *tag, size_t tag_len) {
  cce_status st = cce_svc_check(CCE_ST_HMAC);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (tag == NULL || (key == NULL && key_len > 0) || (data == NULL && len > 0))
    return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  const cce_hash_desc *d = hmac_desc(alg);
  if (d == NULL) return cce_indicate(CCE_ERR_UNSUPPORTED, 0);
  if (tag_len < CCE_HMAC_MIN_TAG_BYTES || tag_len > d->digest_len) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  st = cce_svc_check(d->selftest);
  if (st != CCE_OK) return cce_indicate(st, 0);
  uint8_t mac[CCE_HMAC_MAX_BYTES];
  cce_hmac_impl(d, key, key_len, (const uint8_t *)data, len, mac);
  uint32_t eq = cce_ct_memeq_mask(mac, tag, tag_len);
  cce_wipe(mac, sizeof mac);
  return cce_indicate(cce_ct_status(eq, CCE_ERR_AUTH), key_len >= CCE_HMAC_MIN_APPROVED_KEY_BYTES);
}

// ---------------------------------------------------------------------------
// Known-answer test: RFC 4231 test case 2 (HMAC-SHA-256, key "Jefe").
CCE_HIDDEN cce_status cce_kat_hmac(void);
cce_status cce_kat_hmac(void) {
  static const uint8_t key[4] = {'J', 'e', 'f', 'e'};
  static const char msg[] = "what do ya want for nothing?";
  static const uint8_t expected[32] = {0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24,
                                       0x26, 0x08, 0x95, 0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27,
                                       0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43};
  const cce_hash_desc *d = cce_hash_desc_get(CCE_HASH_SHA256);
  if (d == NULL) return CCE_ERR_SELFTEST;
  uint8_t got[32];
  cce_hmac_impl(d, key, sizeof key, (const uint8_t *)msg, sizeof msg - 1, got);
  cce_status st = cce_kat_check(CCE_ST_HMAC, got, expected, sizeof expected);
  if (st != CCE_OK) return st;
  // The streaming path too (keyed states, state copies).
  cce_hmac_ctx ctx;
  cce_hmac_init_impl(&ctx, d, key, sizeof key);
  (void)cce_hmac_update_impl(&ctx, (const uint8_t *)msg, 10);
  (void)cce_hmac_update_impl(&ctx, (const uint8_t *)msg + 10, sizeof msg - 11);
  cce_hmac_final_impl(&ctx, got);
  cce_wipe(&ctx, sizeof ctx);
  return cce_kat_check(CCE_ST_HMAC, got, expected, sizeof expected);
}
