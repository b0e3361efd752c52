// DICE layer 0 (see include/cce/dice.h, docs/device-identity.md): CDI,
// DeviceID and Alias key pairs derived from the unique device secret and the
// firmware measurement, signatures with them, and the MAC'd life-cycle
// record. HKDF (RFC 5869) is computed here over the HMAC `_impl` functions;
// the key pairs come from cce_ec_derive_keypair_impl (FIPS 186-5 A.2.1).

#include "dice_internal.h"

#include "../mac/internal.h"

#define DICE_SEED_BYTES (CCE_DICE_SCALAR_BYTES + 8)  // 56
#define LC_MAC_KEY_BYTES 32
#define LC_BODY_BYTES 16
#define LC_TAG_BYTES 32

static const uint8_t lc_magic[4] = {'C', 'C', 'L', 'C'};

// ---------------------------------------------------------------------------
// HKDF-SHA2-384 (RFC 5869 2.2, 2.3).

void cce_dice_hkdf_impl(uint8_t *out, size_t out_len, const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
                        size_t ikm_len, const char *info) {
  const cce_hash_desc *d = cce_hash_desc_get(CCE_HASH_SHA384);
  uint8_t prk[48], t[48];
  static const uint8_t zeros[48] = {0};
  // Extract: PRK = HMAC(salt, IKM); an empty salt is HashLen zero bytes.
  if (salt_len == 0) {
    salt = zeros;
    salt_len = sizeof zeros;
  }
  cce_hmac_impl(d, salt, salt_len, ikm, ikm_len, prk);
  // Expand: T(i) = HMAC(PRK, T(i-1) || info || i).
  size_t info_len = strlen(info);
  cce_hmac_ctx ctx;
  size_t done = 0;
  uint8_t i = 1;
  while (done < out_len) {
    cce_hmac_init_impl(&ctx, d, prk, sizeof prk);
    if (i > 1) (void)cce_hmac_update_impl(&ctx, t, sizeof t);
    (void)cce_hmac_update_impl(&ctx, (const uint8_t *)info, info_len);
    (void)cce_hmac_update_impl(&ctx, &i, 1);
    cce_hmac_final_impl(&ctx, t);
    size_t take = out_len - done < sizeof t ? out_len - done : sizeof t;
    memcpy(out + done, t, take);
    done += take;
    i++;
  }
  cce_wipe(&ctx, sizeof ctx);
  cce_wipe(prk, sizeof prk);
  cce_wipe(t, sizeof t);
}

void cce_dice_cdi_impl(uint8_t cdi[CCE_DICE_CDI_BYTES], const uint8_t uds[CCE_DICE_UDS_BYTES],
                       const uint8_t measurement[CCE_DICE_MEASUREMENT_BYTES]) {
  cce_dice_hkdf_impl(cdi, CCE_DICE_CDI_BYTES, measurement, CCE_DICE_MEASUREMENT_BYTES, uds, CCE_DICE_UDS_BYTES,
                     CCE_DICE_LABEL_CDI);
}

// ---------------------------------------------------------------------------
// Key pairs.

#define DICE_MAGIC 0x44494345u  // "DICE"

// Key pair from HKDF(IKM = ikm, info = label) with a pairwise consistency
// test (sign and verify a fixed message with SHA2-384).
static cce_status derive_pair(const uint8_t *ikm, size_t ikm_len, const char *label, uint8_t *d, uint8_t *pub) {
  const cce_ec_curve *c = &cce_ec_p384;
  uint8_t seed[DICE_SEED_BYTES];
  cce_dice_hkdf_impl(seed, sizeof seed, NULL, 0, ikm, ikm_len, label);
  pub[0] = 0x04;
  cce_status st = cce_ec_derive_keypair_impl(c, seed, sizeof seed, d, pub + 1, pub + 1 + CCE_DICE_SCALAR_BYTES);
  cce_wipe(seed, sizeof seed);
  if (st != CCE_OK) return st;
  cce_ec_ct_public(pub, CCE_DICE_PUBLIC_BYTES);  // the public key is released
  static const uint8_t msg[] = "OpenCCE DICE pairwise consistency test";
  uint8_t h[48], sig[CCE_DICE_SIG_BYTES];
  size_t h_len;
  st = cce_ecdsa_hash_impl(CCE_HASH_SHA384, msg, sizeof msg - 1, h, &h_len);
  if (st == CCE_OK) st = cce_ecdsa_sign_digest_impl(c, CCE_HASH_SHA384, d, h, h_len, 1, sig);
  if (st == CCE_OK) cce_ec_ct_public(sig, sizeof sig);  // a signature: public by design
  if (st == CCE_OK && cce_fault_active(CCE_ST_ECDSA_VERIFY)) sig[0] ^= 1;
  if (st == CCE_OK) st = cce_ecdsa_verify_digest_impl(c, pub + 1, pub + 1 + CCE_DICE_SCALAR_BYTES, h, h_len, sig);
  cce_wipe(sig, sizeof sig);
  if (st != CCE_OK) {
    cce_module_fail("DICE key pair PCT");
    return CCE_ERR_SELFTEST;
  }
  return CCE_OK;
}

static cce_status dice_gate(void) {
  cce_status st = cce_svc_check2(CCE_ST_SHA512, CCE_ST_HMAC);
  if (st == CCE_OK) st = cce_svc_check2(CCE_ST_HKDF, CCE_ST_ECDSA_SIGN);
  if (st == CCE_OK) st = cce_svc_check(CCE_ST_ECDSA_VERIFY);
  return st;
}

// see dice.h
cce_status cce_dice_init(cce_dice_ctx *ctx, const uint8_t *uds, size_t uds_len, const uint8_t *measurement,
                         size_t measurement_len) {
  cce_status st = dice_gate();
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL || uds == NULL || measurement == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  cce_wipe(ctx, sizeof *ctx);
  if (uds_len != CCE_DICE_UDS_BYTES || measurement_len != CCE_DICE_MEASUREMENT_BYTES)
    return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  uint8_t cdi[CCE_DICE_CDI_BYTES];
  cce_dice_cdi_impl(cdi, uds, measurement);
  st = derive_pair(uds, uds_len, CCE_DICE_LABEL_DEVICEID, ctx->devid_d_, ctx->devid_pub_);
  if (st == CCE_OK) st = derive_pair(cdi, sizeof cdi, CCE_DICE_LABEL_ALIAS, ctx->alias_d_, ctx->alias_pub_);
  cce_wipe(cdi, sizeof cdi);
  if (st != CCE_OK) {
    cce_wipe(ctx, sizeof *ctx);
    return cce_indicate(st, 0);
  }
  memcpy(ctx->measurement_, measurement, CCE_DICE_MEASUREMENT_BYTES);
  ctx->magic_ = DICE_MAGIC;
  return cce_indicate(CCE_OK, 1);
}

// see dice.h
cce_status cce_dice_public_key(const cce_dice_ctx *ctx, cce_dice_key which, uint8_t *pub, size_t pub_len) {
  cce_status st = cce_svc_check(CCE_ST_ECDSA_SIGN);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL || pub == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (ctx->magic_ != DICE_MAGIC) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  if (which != CCE_DICE_DEVICEID && which != CCE_DICE_ALIAS) return cce_indicate(CCE_ERR_INVALID_ARG, 0);
  if (pub_len < CCE_DICE_PUBLIC_BYTES) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  memcpy(pub, which == CCE_DICE_DEVICEID ? ctx->devid_pub_ : ctx->alias_pub_, CCE_DICE_PUBLIC_BYTES);
  return cce_indicate(CCE_OK, 1);
}

// see dice.h
cce_status cce_dice_measurement(const cce_dice_ctx *ctx, uint8_t *out, size_t out_len) {
  cce_status st = cce_svc_check(CCE_ST_ECDSA_SIGN);
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL || out == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (ctx->magic_ != DICE_MAGIC) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  if (out_len < CCE_DICE_MEASUREMENT_BYTES) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  memcpy(out, ctx->measurement_, CCE_DICE_MEASUREMENT_BYTES);
  return cce_indicate(CCE_OK, 1);
}

// see dice.h
cce_status cce_dice_sign(const cce_dice_ctx *ctx, cce_dice_key which, const uint8_t *msg, size_t msg_len,
                         uint8_t *sig, size_t sig_len) {
  cce_status st = dice_gate();
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (ctx == NULL || sig == NULL || (msg == NULL && msg_len > 0)) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (sig_len < CCE_DICE_SIG_BYTES) {
    cce_wipe(sig, sig_len);
    return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  }
  cce_wipe(sig, CCE_DICE_SIG_BYTES);
  if (ctx->magic_ != DICE_MAGIC) return cce_indicate(CCE_ERR_CTX_STATE, 0);
  if (which != CCE_DICE_DEVICEID && which != CCE_DICE_ALIAS) return cce_indicate(CCE_ERR_INVALID_ARG, 0);
  uint8_t h[48];
  size_t h_len;
  st = cce_ecdsa_hash_impl(CCE_HASH_SHA384, msg, msg_len, h, &h_len);
  if (st == CCE_OK)
    st = cce_ecdsa_sign_digest_impl(&cce_ec_p384, CCE_HASH_SHA384,
                                    which == CCE_DICE_DEVICEID ? ctx->devid_d_ : ctx->alias_d_, h, h_len, 1, sig);
  cce_wipe(h, sizeof h);
  if (st != CCE_OK) cce_wipe(sig, CCE_DICE_SIG_BYTES);
  return cce_indicate(st, st == CCE_OK);
}

// see dice.h
void cce_dice_cleanup(cce_dice_ctx *ctx) {
  if (ctx != NULL) cce_wipe(ctx, sizeof *ctx);
}

// ---------------------------------------------------------------------------
// Life-cycle record.

// see dice.h
cce_status cce_lc_record_parse(const uint8_t *in, size_t in_len, unsigned *state, uint64_t *seq) {
  if (state != NULL) *state = 0;
  if (seq != NULL) *seq = 0;
  if (in == NULL || state == NULL || seq == NULL) return CCE_ERR_NULL_POINTER;
  if (in_len != CCE_LC_RECORD_BYTES) return CCE_ERR_INVALID_LENGTH;
  if (memcmp(in, lc_magic, 4) != 0 || in[4] != 1 || in[6] != 0 || in[7] != 0) return CCE_ERR_DECODE;
  if (in[5] > CCE_LC_STATE_MAX) return CCE_ERR_DECODE;
  uint64_t s = cce_load64_be(in + 8);
  if (s == 0) return CCE_ERR_DECODE;
  *state = in[5];
  *seq = s;
  return CCE_OK;
}

static void lc_tag(const uint8_t *uds, const uint8_t *body, uint8_t tag[LC_TAG_BYTES]) {
  uint8_t key[LC_MAC_KEY_BYTES];
  cce_dice_hkdf_impl(key, sizeof key, NULL, 0, uds, CCE_DICE_UDS_BYTES, CCE_DICE_LABEL_LC);
  cce_hmac_impl(cce_hash_desc_get(CCE_HASH_SHA256), key, sizeof key, body, LC_BODY_BYTES, tag);
  cce_wipe(key, sizeof key);
}

static cce_status lc_gate(void) {
  cce_status st = cce_svc_check2(CCE_ST_SHA512, CCE_ST_SHA256);
  if (st == CCE_OK) st = cce_svc_check2(CCE_ST_HMAC, CCE_ST_HKDF);
  return st;
}

// see dice.h
cce_status cce_lc_record_seal(const uint8_t *uds, size_t uds_len, unsigned state, uint64_t seq, uint8_t *out,
                              size_t out_len) {
  cce_status st = lc_gate();
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (uds == NULL || out == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (uds_len != CCE_DICE_UDS_BYTES) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  if (out_len < CCE_LC_RECORD_BYTES) return cce_indicate(CCE_ERR_BUFFER_TOO_SMALL, 0);
  if (state > CCE_LC_STATE_MAX || seq == 0) return cce_indicate(CCE_ERR_INVALID_ARG, 0);
  memcpy(out, lc_magic, 4);
  out[4] = 1;
  out[5] = (uint8_t)state;
  out[6] = 0;
  out[7] = 0;
  cce_store64_be(out + 8, seq);
  lc_tag(uds, out, out + LC_BODY_BYTES);
  return cce_indicate(CCE_OK, 1);
}

// see dice.h
cce_status cce_lc_record_open(const uint8_t *uds, size_t uds_len, const uint8_t *in, size_t in_len, unsigned *state,
                              uint64_t *seq) {
  cce_status st = lc_gate();
  if (state != NULL) *state = 0;
  if (seq != NULL) *seq = 0;
  if (st != CCE_OK) return cce_indicate(st, 0);
  if (uds == NULL || in == NULL || state == NULL || seq == NULL) return cce_indicate(CCE_ERR_NULL_POINTER, 0);
  if (uds_len != CCE_DICE_UDS_BYTES) return cce_indicate(CCE_ERR_INVALID_LENGTH, 0);
  unsigned s;
  uint64_t q;
  st = cce_lc_record_parse(in, in_len, &s, &q);
  if (st != CCE_OK) return cce_indicate(st, 0);
  uint8_t tag[LC_TAG_BYTES];
  lc_tag(uds, in, tag);
  uint32_t ok = cce_ct_memeq_mask(tag, in + LC_BODY_BYTES, LC_TAG_BYTES);
  cce_wipe(tag, sizeof tag);
  cce_ct_public(&ok, sizeof ok);  // the verdict is released
  if (!ok) return cce_indicate(CCE_ERR_AUTH, 1);
  *state = s;
  *seq = q;
  return cce_indicate(CCE_OK, 1);
}
