// Public AES key object and the ECB, CBC and CTR modes (SP 800-38A).
// See aes.h.

#include "aes_impl.h"

// see aes.h
cce_status cce_aes_init(cce_aes_ctx *ctx, const uint8_t *key, size_t key_len) {
  cce_status st = cce_svc_check(CCE_ST_AES_ECB_ENC);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL || key == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  ctx->magic_ = 0;
  st = cce_aes_setkey_impl(cce_aes_ctx_key(ctx), key, key_len);
  if (st == CCE_OK) {
    ctx->key_len_ = (uint32_t)key_len;
    ctx->magic_ = CCE_CTX_LIVE;
  }
  return cce_indicate(st, 1);
}

// see aes.h
void cce_aes_cleanup(cce_aes_ctx *ctx) {
  if (ctx != NULL) cce_wipe(ctx, sizeof *ctx);
}

// Common argument checks of the block modes.
static cce_status check_args(const cce_aes_ctx *ctx, const uint8_t *out, const uint8_t *in, size_t len,
                             int whole_blocks) {
  if (ctx == NULL || (len > 0 && (out == NULL || in == NULL))) return CCE_ERR_NULL_POINTER;
  if (ctx->magic_ != CCE_CTX_LIVE) return CCE_ERR_CTX_STATE;
  if (whole_blocks && len % 16 != 0) return CCE_ERR_INVALID_LENGTH;
  if (cce_aes_bad_alias(out, len, in, len)) return CCE_ERR_ALIAS;
  return CCE_OK;
}

// see aes.h
cce_status cce_aes_ecb_encrypt(const cce_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t len) {
  cce_status st = cce_svc_check(CCE_ST_AES_ECB_ENC);
  if (st == CCE_OK) st = check_args(ctx, out, in, len, 1);
  if (st == CCE_OK && len > 0) cce_aes_encrypt_blocks_impl(cce_aes_ctx_ckey(ctx), in, out, len / 16);
  return cce_indicate(st, 1);
}

// see aes.h
cce_status cce_aes_ecb_decrypt(const cce_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t len) {
  cce_status st = cce_svc_check(CCE_ST_AES_ECB_DEC);
  if (st == CCE_OK) st = check_args(ctx, out, in, len, 1);
  if (st == CCE_OK && len > 0) cce_aes_decrypt_blocks_impl(cce_aes_ctx_ckey(ctx), in, out, len / 16);
  return cce_indicate(st, 1);
}

// see aes.h
cce_status cce_aes_cbc_encrypt(const cce_aes_ctx *ctx, uint8_t iv[16], uint8_t *out, const uint8_t *in,
                               size_t len) {
  cce_status st = cce_svc_check(CCE_ST_AES_CBC_ENC);
  if (st == CCE_OK && iv == NULL) st = CCE_ERR_NULL_POINTER;
  if (st == CCE_OK) st = check_args(ctx, out, in, len, 1);
  if (st == CCE_OK && len > 0) cce_aes_cbc_encrypt_impl(cce_aes_ctx_ckey(ctx), iv, in, out, len / 16);
  return cce_indicate(st, 1);
}

// see aes.h
cce_status cce_aes_cbc_decrypt(const cce_aes_ctx *ctx, uint8_t iv[16], uint8_t *out, const uint8_t *in,
                               size_t len) {
  cce_status st = cce_svc_check(CCE_ST_AES_CBC_DEC);
  if (st == CCE_OK && iv == NULL) st = CCE_ERR_NULL_POINTER;
  if (st == CCE_OK) st = check_args(ctx, out, in, len, 1);
  if (st == CCE_OK && len > 0) cce_aes_cbc_decrypt_impl(cce_aes_ctx_ckey(ctx), iv, in, out, len / 16);
  return cce_indicate(st, 1);
}

// see aes.h
cce_status cce_aes_ctr_crypt(const cce_aes_ctx *ctx, uint8_t counter[16], uint8_t *out, const uint8_t *in,
                             size_t len) {
  cce_status st = cce_svc_check(CCE_ST_AES_CTR);
  if (st == CCE_OK && counter == NULL) st = CCE_ERR_NULL_POINTER;
  if (st == CCE_OK) st = check_args(ctx, out, in, len, 0);
  if (st == CCE_OK && len > 0) cce_aes_ctr128_impl(cce_aes_ctx_ckey(ctx), counter, in, out, len);
  return cce_indicate(st, 1);
}
