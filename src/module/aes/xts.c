// XTS-AES (SP 800-38E, IEEE Std 1619-2007) with ciphertext stealing.
// See aes.h.

#include "aes_impl.h"

#define XTS_MAX_BLOCKS ((size_t)1 << 20)

// One data unit of `nbits` bits (>= 128; bit strings are MSB-first in each
// byte, IEEE 1619 allows any bit length). k1: data key, k2: tweak key.
static void xts_unit(const cce_aes_key *k1, const cce_aes_key *k2, const uint8_t tweak[16], const uint8_t *in,
                     uint8_t *out, size_t nbits, int decrypt) {
  uint8_t t[16], t2[16], cc[16], pp[16];
  size_t m = nbits / 128, b = nbits % 128;
  cce_aes_encrypt_blocks_impl(k2, tweak, t, 1);
  if (b == 0) {
    cce_aes_xts_blocks_impl(k1, t, in, out, m, decrypt);
  } else {
    size_t nb = b / 8, rb = b % 8, tail = (b + 7) / 8;
    uint8_t hi = (uint8_t)(0xff00u >> rb);  // the rb leading bits of a byte
    // all full blocks but the last one
    cce_aes_xts_blocks_impl(k1, t, in, out, m - 1, decrypt);
    in += 16 * (m - 1);
    out += 16 * (m - 1);
    // t = T_{m-1}, t2 = T_m
    memcpy(t2, t, 16);
    cce_aes_xts_mul_alpha(t2);
    // x = first block result, y = the b-bit tail input; z = y || x[b..128)
    uint8_t *x = decrypt ? pp : cc, *z = decrypt ? cc : pp;
    cce_aes_xts_blocks_impl(k1, decrypt ? t2 : t, in, x, 1, decrypt);
    memcpy(z, in + 16, nb);
    memcpy(z + nb, x + nb, 16 - nb);
    if (rb) z[nb] = (uint8_t)((in[16 + nb] & hi) | (x[nb] & (uint8_t)~hi));
    memcpy(out + 16, x, tail);  // MSB_b(x)
    if (rb) out[16 + nb] &= hi;
    cce_aes_xts_blocks_impl(k1, decrypt ? t : t2, z, out, 1, decrypt);
  }
  cce_wipe(t, sizeof t);
  cce_wipe(t2, sizeof t2);
  cce_wipe(cc, sizeof cc);
  cce_wipe(pp, sizeof pp);
}

// see aes.h
cce_status cce_aes_xts_init(cce_aes_xts_ctx *ctx, const uint8_t *key, size_t key_len) {
  cce_status st = cce_svc_check(CCE_ST_AES_XTS);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL || key == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  ctx->magic_ = 0;
  if (key_len != 32 && key_len != 48 && key_len != 64) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  size_t half = key_len / 2;
  // SP 800-38E / IEEE 1619 5.1: key1 and key2 must differ.
  uint32_t same = cce_ct_memeq_mask(key, key + half, half);
  cce_ct_public(&same, sizeof same);  // the refusal is the caller's answer
  if (same != 0) return cce_indicate(CCE_ERR_KEY_INVALID, 0);
  st = cce_aes_setkey_impl(cce_aes_ctx_key(&ctx->data_key_), key, half);
  if (st == CCE_OK) st = cce_aes_setkey_impl(cce_aes_ctx_key(&ctx->tweak_key_), key + half, half);
  if (st != CCE_OK) {
    cce_wipe(ctx, sizeof *ctx);
    return cce_indicate(st, 0);
  }
  ctx->data_key_.key_len_ = ctx->tweak_key_.key_len_ = (uint32_t)half;
  ctx->data_key_.magic_ = ctx->tweak_key_.magic_ = CCE_CTX_LIVE;
  ctx->magic_ = CCE_CTX_LIVE;
  return cce_indicate(CCE_OK, key_len != 48);
}

// see aes.h
void cce_aes_xts_cleanup(cce_aes_xts_ctx *ctx) {
  if (ctx != NULL) cce_wipe(ctx, sizeof *ctx);
}

static cce_status xts_run_bits(const cce_aes_xts_ctx *ctx, uint8_t *out, const uint8_t tweak[16],
                               const uint8_t *in, size_t nbits, int decrypt) {
  cce_status st = cce_svc_check(CCE_ST_AES_XTS);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL || out == NULL || in == NULL || tweak == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (ctx->magic_ != CCE_CTX_LIVE) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  if (nbits < 128 || nbits > XTS_MAX_BLOCKS * 128) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  size_t len = (nbits + 7) / 8;
  if (cce_aes_bad_alias(out, len, in, len)) return cce_indicate(CCE_ERR_ALIAS, 0);
  xts_unit(cce_aes_ctx_ckey(&ctx->data_key_), cce_aes_ctx_ckey(&ctx->tweak_key_), tweak, in, out, nbits, decrypt);
  // SP 800-38E approves XTS-AES-128 and XTS-AES-256 only
  return cce_indicate(CCE_OK, ctx->data_key_.key_len_ != 24);
}

static cce_status xts_run(const cce_aes_xts_ctx *ctx, uint8_t *out, const uint8_t tweak[16], const uint8_t *in,
                          size_t len, int decrypt) {
  if (len > XTS_MAX_BLOCKS * 16) len = XTS_MAX_BLOCKS * 16 + 1;  // rejected as too long, without overflow
  return xts_run_bits(ctx, out, tweak, in, len * 8, decrypt);
}

// see aes.h
cce_status cce_aes_xts_encrypt_bits(const cce_aes_xts_ctx *ctx, uint8_t *out, const uint8_t tweak[16],
                                    const uint8_t *in, size_t nbits) {
  return xts_run_bits(ctx, out, tweak, in, nbits, 0);
}

// see aes.h
cce_status cce_aes_xts_decrypt_bits(const cce_aes_xts_ctx *ctx, uint8_t *out, const uint8_t tweak[16],
                                    const uint8_t *in, size_t nbits) {
  return xts_run_bits(ctx, out, tweak, in, nbits, 1);
}

// see aes.h
cce_status cce_aes_xts_encrypt(const cce_aes_xts_ctx *ctx, uint8_t *out, const uint8_t tweak[16],
                               const uint8_t *in, size_t len) {
  return xts_run(ctx, out, tweak, in, len, 0);
}

// see aes.h
cce_status cce_aes_xts_decrypt(const cce_aes_xts_ctx *ctx, uint8_t *out, const uint8_t tweak[16],
                               const uint8_t *in, size_t len) {
  return xts_run(ctx, out, tweak, in, len, 1);
}

static void dusn_tweak(uint8_t t[16], uint64_t dusn) {
  memset(t, 0, 16);
  cce_store64_le(t, dusn);
}

// see aes.h
cce_status cce_aes_xts_encrypt_du(const cce_aes_xts_ctx *ctx, uint8_t *out, uint64_t dusn, const uint8_t *in,
                                  size_t len) {
  uint8_t t[16];
  dusn_tweak(t, dusn);
  return xts_run(ctx, out, t, in, len, 0);
}

// see aes.h
cce_status cce_aes_xts_decrypt_du(const cce_aes_xts_ctx *ctx, uint8_t *out, uint64_t dusn, const uint8_t *in,
                                  size_t len) {
  uint8_t t[16];
  dusn_tweak(t, dusn);
  return xts_run(ctx, out, t, in, len, 1);
}

// Known-answer test: IEEE Std 1619-2007 annex B, vector 2 (XTS-AES-128,
// data unit sequence number 0x3333333333), both directions.
CCE_HIDDEN cce_status cce_kat_aes_xts(void);
cce_status cce_kat_aes_xts(void) {
  static const uint8_t ct[32] = {0xc4, 0x54, 0x18, 0x5e, 0x6a, 0x16, 0x93, 0x6e, 0x39, 0x33, 0x40,
                                 0x38, 0xac, 0xef, 0x83, 0x8b, 0xfb, 0x18, 0x6f, 0xff, 0x74, 0x80,
                                 0xad, 0xc4, 0x28, 0x93, 0x82, 0xec, 0xd6, 0xd3, 0x94, 0xf0};
  uint8_t k1b[16], k2b[16], pt[32], tw[16], out[32], back[32];
  cce_aes_key k1, k2;
  memset(k1b, 0x11, 16);
  memset(k2b, 0x22, 16);
  memset(pt, 0x44, 32);
  memset(tw, 0, 16);
  memset(tw, 0x33, 5);
  cce_status st = cce_aes_setkey_impl(&k1, k1b, 16);
  if (st == CCE_OK) st = cce_aes_setkey_impl(&k2, k2b, 16);
  if (st == CCE_OK) {
    xts_unit(&k1, &k2, tw, pt, out, 256, 0);
    st = cce_kat_check(CCE_ST_AES_XTS, out, ct, 32);
  }
  if (st == CCE_OK) {
    xts_unit(&k1, &k2, tw, ct, back, 256, 1);
    st = cce_kat_check(CCE_ST_AES_XTS, back, pt, 32);
  }
  cce_wipe(&k1, sizeof k1);
  cce_wipe(&k2, sizeof k2);
  return st;
}
