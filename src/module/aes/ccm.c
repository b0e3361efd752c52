// AES-CCM (SP 800-38C): CBC-MAC over the formatted input (appendix A) and
// CTR encryption. See aes.h.

#include "aes_impl.h"

// CBC-MAC absorber with a partial-block buffer.
typedef struct {
  const cce_aes_key *k;
  uint8_t x[16], buf[16];
  size_t n;
} mac_state;

static void mac_absorb(mac_state *m, const uint8_t *p, size_t len) {
  if (m->n > 0) {
    size_t take = 16 - m->n < len ? 16 - m->n : len;
    memcpy(m->buf + m->n, p, take);
    m->n += take; p += take; len -= take;
    if (m->n < 16) return;
    cce_aes_cbcmac_blocks_impl(m->k, m->x, m->buf, 1);
    m->n = 0;
  }
  if (len >= 16) {
    cce_aes_cbcmac_blocks_impl(m->k, m->x, p, len / 16);
    p += len / 16 * 16;
    len %= 16;
  }
  memcpy(m->buf, p, len);
  m->n = len;
}
// Zero-pad to a block boundary.
static void mac_pad(mac_state *m) {
  if (m->n > 0) {
    memset(m->buf + m->n, 0, 16 - m->n);
    cce_aes_cbcmac_blocks_impl(m->k, m->x, m->buf, 1);
    m->n = 0;
  }
}

// T (full 16 bytes, unmasked) of nonce/aad/payload.
static void ccm_mac(const cce_aes_key *k, uint8_t t[16], size_t tag_len, const uint8_t *nonce, size_t nonce_len,
                   const uint8_t *aad, size_t aad_len, const uint8_t *p, size_t p_len) {
  mac_state m;
  uint8_t b0[16], hdr[10];
  size_t q = 15 - nonce_len, hlen;
  m.k = k;
  m.n = 0;
  memset(m.x, 0, 16);
  // Q in the last q bytes: its bytes above q are zero (length checked), and
  // the nonce then overwrites them.
  memset(b0, 0, 8);
  cce_store64_be(b0 + 8, (uint64_t)p_len);
  b0[0] = (uint8_t)((aad_len > 0 ? 0x40 : 0) | (((tag_len - 2) / 2) << 3) | (q - 1));
  memcpy(b0 + 1, nonce, nonce_len);
  mac_absorb(&m, b0, 16);
  if (aad_len > 0) {
    uint64_t a = aad_len;
    if (a < 0xff00) {
      hdr[0] = (uint8_t)(a >> 8); hdr[1] = (uint8_t)a; hlen = 2;
    } else if (a <= 0xffffffffu) {
      hdr[0] = 0xff; hdr[1] = 0xfe; cce_store32_be(hdr + 2, (uint32_t)a); hlen = 6;
    } else {
      hdr[0] = 0xff; hdr[1] = 0xff; cce_store64_be(hdr + 2, a); hlen = 10;
    }
    mac_absorb(&m, hdr, hlen);
    mac_absorb(&m, aad, aad_len);
    mac_pad(&m);
  }
  mac_absorb(&m, p, p_len);
  mac_pad(&m);
  memcpy(t, m.x, 16);
  cce_wipe(&m, sizeof m);
}

// Counter block Ctr_0 (the payload uses Ctr_1 onwards).
static void ccm_ctr0(uint8_t ctr[16], const uint8_t *nonce, size_t nonce_len) {
  memset(ctr, 0, 16);
  ctr[0] = (uint8_t)(15 - nonce_len - 1);
  memcpy(ctr + 1, nonce, nonce_len);
}

static cce_status ccm_check(const cce_aes_ctx *ctx, const uint8_t *out, const uint8_t *tag, size_t tag_len,
                            const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
                            const uint8_t *in, size_t in_len) {
  if (ctx == NULL || tag == NULL || nonce == NULL || (aad_len > 0 && aad == NULL) ||
      (in_len > 0 && (in == NULL || out == NULL)))
    return CCE_ERR_NULL_POINTER;
  if (ctx->magic_ != CCE_CTX_LIVE) return CCE_ERR_CTX_STATE;
  if (nonce_len < 7 || nonce_len > 13) return CCE_ERR_INVALID_LENGTH;
  if (tag_len < 4 || tag_len > 16 || tag_len % 2 != 0) return CCE_ERR_INVALID_LENGTH;
  size_t q = 15 - nonce_len;
  if (q < 8 && (uint64_t)in_len >> (8 * q) != 0) return CCE_ERR_LENGTH_OVERFLOW;
  if (cce_aes_bad_alias(out, in_len, in, in_len)) return CCE_ERR_ALIAS;
  if (cce_aes_bad_alias(out, in_len, tag, tag_len) || (in_len > 0 && out == tag)) return CCE_ERR_ALIAS;
  return CCE_OK;
}

static void ccm_seal_impl(const cce_aes_key *k, uint8_t *out, uint8_t *tag, size_t tag_len, const uint8_t *nonce,
                          size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len) {
  uint8_t t[16], ctr[16], s0[16];
  ccm_mac(k, t, tag_len, nonce, nonce_len, aad, aad_len, in, in_len);
  ccm_ctr0(ctr, nonce, nonce_len);
  cce_aes_encrypt_blocks_impl(k, ctr, s0, 1);
  ctr[15] = 1;
  if (in_len > 0) cce_aes_ctr128_impl(k, ctr, in, out, in_len);
  for (size_t i = 0; i < tag_len; i++) tag[i] = t[i] ^ s0[i];
  cce_wipe(t, sizeof t);
  cce_wipe(s0, sizeof s0);
}

// Returns CCE_OK or CCE_ERR_AUTH (out zeroed).
static cce_status ccm_open_impl(const cce_aes_key *k, uint8_t *out, const uint8_t *nonce, size_t nonce_len,
                                const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len,
                                const uint8_t *tag, size_t tag_len) {
  uint8_t t[16], ctr[16], s0[16], exp[16];
  memcpy(exp, tag, tag_len);  // tag may be read after out is written
  ccm_ctr0(ctr, nonce, nonce_len);
  cce_aes_encrypt_blocks_impl(k, ctr, s0, 1);
  ctr[15] = 1;
  if (in_len > 0) cce_aes_ctr128_impl(k, ctr, in, out, in_len);
  ccm_mac(k, t, tag_len, nonce, nonce_len, aad, aad_len, out, in_len);
  for (size_t i = 0; i < tag_len; i++) t[i] ^= s0[i];
  uint32_t ok = cce_ct_memeq_mask(t, exp, tag_len);
  cce_wipe(t, sizeof t);
  cce_wipe(s0, sizeof s0);
  cce_ct_public(&ok, sizeof ok);  // the verdict is the caller's answer
  if (ok == 0) {
    if (in_len > 0) cce_wipe(out, in_len);
    return CCE_ERR_AUTH;
  }
  return CCE_OK;
}

// see aes.h
cce_status cce_aes_ccm_seal(const cce_aes_ctx *ctx, uint8_t *out, uint8_t *tag, size_t tag_len,
                            const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
                            const uint8_t *in, size_t in_len) {
  cce_status st = cce_svc_check(CCE_ST_AES_CCM);
  if (st == CCE_OK) st = ccm_check(ctx, out, tag, tag_len, nonce, nonce_len, aad, aad_len, in, in_len);
  if (st == CCE_OK)
    ccm_seal_impl(cce_aes_ctx_ckey(ctx), out, tag, tag_len, nonce, nonce_len, aad, aad_len, in, in_len);
  return cce_indicate(st, 1);
}

// see aes.h
cce_status cce_aes_ccm_open(const cce_aes_ctx *ctx, uint8_t *out, const uint8_t *nonce, size_t nonce_len,
                            const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len,
                            const uint8_t *tag, size_t tag_len) {
  cce_status st = cce_svc_check(CCE_ST_AES_CCM);
  if (st == CCE_OK) st = ccm_check(ctx, out, tag, tag_len, nonce, nonce_len, aad, aad_len, in, in_len);
  if (st == CCE_OK)
    st = ccm_open_impl(cce_aes_ctx_ckey(ctx), out, nonce, nonce_len, aad, aad_len, in, in_len, tag, tag_len);
  return cce_indicate(st, 1);
}

// Known-answer test: SP 800-38C appendix C.1 (example 1), seal and open.
CCE_HIDDEN cce_status cce_kat_aes_ccm(void);
cce_status cce_kat_aes_ccm(void) {
  static const uint8_t key[16] = {0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
                                  0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f};
  static const uint8_t nonce[7] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16};
  static const uint8_t aad[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  static const uint8_t pt[4] = {0x20, 0x21, 0x22, 0x23};
  static const uint8_t exp[8] = {0x71, 0x62, 0x01, 0x5b, 0x4d, 0xac, 0x25, 0x5d};
  cce_aes_key k;
  uint8_t got[8], back[4];
  cce_status st = cce_aes_setkey_impl(&k, key, 16);
  if (st == CCE_OK) {
    ccm_seal_impl(&k, got, got + 4, 4, nonce, 7, aad, 8, pt, 4);
    st = cce_kat_check(CCE_ST_AES_CCM, got, exp, 8);
  }
  if (st == CCE_OK) {
    (void)ccm_open_impl(&k, back, nonce, 7, aad, 8, exp, 4, exp + 4, 4);  // zeroes back on failure
    st = cce_kat_check(CCE_ST_AES_CCM, back, pt, 4);
  }
  cce_wipe(&k, sizeof k);
  return st;
}
