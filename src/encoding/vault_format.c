// vault_format.c: the sealed-file format (see include/cce/vault.h and
// docs/sealed-file-format.md). Outside the module boundary: uses the public
// API only. No I/O, no allocation.

#include <string.h>

#include "cce/aes.h"
#include "cce/curve25519.h"
#include "cce/ec.h"
#include "cce/encoding.h"
#include "cce/gcm.h"
#include "cce/hash.h"
#include "cce/hmac.h"
#include "cce/kdf.h"
#include "cce/mldsa.h"
#include "cce/mlkem.h"
#include "cce/rand.h"
#include "cce/util.h"
#include "cce/vault.h"

static const char LABEL_PAYLOAD[] = "CCE-SEAL v1 payload";
static const char LABEL_HEADER[] = "CCE-SEAL v1 header";
static const char LABEL_STANZA[] = "CCE-SEAL v1 stanza";
static const char LABEL_HYBRID[] = "CCE-SEAL v1 hybrid stanza";
static const char LABEL_PASSPHRASE[] = "CCE-SEAL v1 passphrase";
static const char LABEL_SIGNATURE[] = "CCE-SEAL v1 signature";

#define CTX_READY 0x5a

// ---------------------------------------------------------------------------
// Byte helpers.

static void put16(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 8);
  p[1] = (uint8_t)v;
}
static void put32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}
static uint32_t get16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

// Body sizes of the known stanza types.
static size_t eph_len_of(uint8_t type) {
  switch (type) {
    case CCE_VAULT_STANZA_P256: return CCE_EC_P256_PUBLIC_BYTES;
    case CCE_VAULT_STANZA_P384: return CCE_EC_P384_PUBLIC_BYTES;
    case CCE_VAULT_STANZA_X25519: return CCE_X25519_PUBLIC_KEY_BYTES;
    default: return 0;
  }
}
#define PASS_BODY_BYTES (CCE_VAULT_PBKDF2_SALT_BYTES + 4 + CCE_VAULT_WRAPPED_BYTES)

static size_t signer_pub_len_of(uint8_t alg) {
  switch (alg) {
    case CCE_VAULT_SIG_ECDSA_P384: return CCE_EC_P384_PUBLIC_BYTES;
    case CCE_VAULT_SIG_ED25519: return CCE_ED25519_PUBLIC_KEY_BYTES;
    case CCE_VAULT_SIG_MLDSA87: return CCE_MLDSA87_PUBLIC_KEY_BYTES;
    default: return 0;
  }
}

size_t cce_vault_sig_len(cce_vault_sig_alg alg) {
  switch (alg) {
    case CCE_VAULT_SIG_ECDSA_P384: return CCE_ECDSA_P384_SIG_BYTES;
    case CCE_VAULT_SIG_ED25519: return CCE_ED25519_SIGNATURE_BYTES;
    case CCE_VAULT_SIG_MLDSA87: return CCE_MLDSA87_SIGNATURE_BYTES;
    default: return 0;
  }
}

void cce_vault_ctx_wipe(cce_vault_ctx *ctx) {
  if (ctx == NULL) return;
  cce_gcm_key_wipe(&ctx->gcm);
  cce_wipe(ctx, sizeof *ctx);
}

size_t cce_vault_chunk_bytes(const cce_vault_ctx *ctx) {
  return ctx ? (size_t)1 << ctx->chunk_log2 : 0;
}

// ---------------------------------------------------------------------------
// Key schedule: PRK = HKDF-Extract(SHA-384, salt, file key); payload key and
// header MAC key are expanded from it under distinct labels.

static cce_status derive_keys(cce_vault_ctx *ctx) {
  uint8_t prk[CCE_SHA384_DIGEST_BYTES], pk[32];
  cce_status st = cce_hkdf_extract(CCE_HASH_SHA384, prk, sizeof prk, ctx->salt, sizeof ctx->salt,
                                   ctx->file_key, sizeof ctx->file_key);
  if (st == CCE_OK)
    st = cce_hkdf_expand(CCE_HASH_SHA384, pk, sizeof pk, prk, sizeof prk, (const uint8_t *)LABEL_PAYLOAD,
                         sizeof LABEL_PAYLOAD - 1);
  if (st == CCE_OK)
    st = cce_hkdf_expand(CCE_HASH_SHA384, ctx->mac_key, sizeof ctx->mac_key, prk, sizeof prk,
                         (const uint8_t *)LABEL_HEADER, sizeof LABEL_HEADER - 1);
  if (st == CCE_OK) st = cce_gcm_key_init(&ctx->gcm, pk, sizeof pk);
  cce_wipe(prk, sizeof prk);
  cce_wipe(pk, sizeof pk);
  return st;
}

cce_status cce_vault_seal_init_with(cce_vault_ctx *ctx, unsigned chunk_log2,
                                    const uint8_t file_key[CCE_VAULT_FILE_KEY_BYTES],
                                    const uint8_t salt[CCE_VAULT_SALT_BYTES],
                                    const uint8_t prefix[CCE_VAULT_NONCE_PREFIX_BYTES]) {
  if (ctx == NULL || file_key == NULL || salt == NULL || prefix == NULL) return CCE_ERR_NULL_POINTER;
  memset(ctx, 0, sizeof *ctx);
  if (chunk_log2 < CCE_VAULT_MIN_CHUNK_LOG2 || chunk_log2 > CCE_VAULT_MAX_CHUNK_LOG2) return CCE_ERR_INVALID_ARG;
  ctx->chunk_log2 = (uint8_t)chunk_log2;
  memcpy(ctx->file_key, file_key, CCE_VAULT_FILE_KEY_BYTES);
  memcpy(ctx->salt, salt, CCE_VAULT_SALT_BYTES);
  memcpy(ctx->nonce_prefix, prefix, CCE_VAULT_NONCE_PREFIX_BYTES);
  cce_status st = derive_keys(ctx);
  if (st != CCE_OK) {
    cce_vault_ctx_wipe(ctx);
    return st;
  }
  ctx->ready = CTX_READY;
  return CCE_OK;
}

cce_status cce_vault_seal_init(cce_vault_ctx *ctx, unsigned chunk_log2) {
  if (ctx == NULL) return CCE_ERR_NULL_POINTER;
  uint8_t rnd[CCE_VAULT_FILE_KEY_BYTES + CCE_VAULT_SALT_BYTES + CCE_VAULT_NONCE_PREFIX_BYTES];
  cce_status st = cce_random(rnd, sizeof rnd);
  if (st == CCE_OK)
    st = cce_vault_seal_init_with(ctx, chunk_log2, rnd, rnd + CCE_VAULT_FILE_KEY_BYTES,
                                  rnd + CCE_VAULT_FILE_KEY_BYTES + CCE_VAULT_SALT_BYTES);
  cce_wipe(rnd, sizeof rnd);
  return st;
}

// ---------------------------------------------------------------------------
// Stanzas.

// KEK = HKDF-SHA-384(salt = header salt, IKM = Z,
//       info = "CCE-SEAL v1 stanza" || 0x00 || type || eph_pub || recipient_pub), 32 bytes.
static cce_status stanza_kek(const uint8_t salt[CCE_VAULT_SALT_BYTES], uint8_t type, const uint8_t *z, size_t z_len,
                             const uint8_t *eph, size_t eph_len, const uint8_t *rpub, size_t rpub_len,
                             uint8_t kek[32]) {
  uint8_t info[sizeof LABEL_STANZA + 1 + 2 * CCE_EC_P384_PUBLIC_BYTES];
  size_t n = 0;
  if (eph_len > CCE_EC_P384_PUBLIC_BYTES || rpub_len > CCE_EC_P384_PUBLIC_BYTES) return CCE_ERR_INVALID_LENGTH;
  memcpy(info, LABEL_STANZA, sizeof LABEL_STANZA);  // label and its NUL
  n = sizeof LABEL_STANZA;
  info[n++] = type;
  memcpy(info + n, eph, eph_len);
  n += eph_len;
  memcpy(info + n, rpub, rpub_len);
  n += rpub_len;
  return cce_hkdf(CCE_HASH_SHA384, kek, 32, salt, CCE_VAULT_SALT_BYTES, z, z_len, info, n);
}

static cce_status kwp(const uint8_t kek[32], int wrap, const uint8_t *in, size_t in_len, uint8_t *out,
                      size_t out_cap) {
  cce_aes_ctx aes;
  size_t len = 0;
  cce_status st = cce_aes_init(&aes, kek, 32);
  if (st == CCE_OK)
    st = wrap ? cce_aes_kwp_wrap(&aes, 0, out, out_cap, &len, in, in_len)
              : cce_aes_kwp_unwrap(&aes, 0, out, out_cap, &len, in, in_len);
  if (st == CCE_OK && len != (wrap ? (size_t)CCE_VAULT_WRAPPED_BYTES : (size_t)CCE_VAULT_FILE_KEY_BYTES))
    st = CCE_ERR_AUTH;
  cce_aes_cleanup(&aes);
  if (st != CCE_OK) cce_wipe(out, out_cap);
  return st;
}

static cce_status append_stanza(cce_vault_ctx *ctx, uint8_t type, const uint8_t *body, size_t body_len) {
  if (ctx->num_stanzas >= CCE_VAULT_MAX_STANZAS || ctx->stanza_bytes + 3 + body_len > sizeof ctx->stanzas)
    return CCE_ERR_LIMIT_REACHED;
  uint8_t *p = ctx->stanzas + ctx->stanza_bytes;
  p[0] = type;
  put16(p + 1, (uint32_t)body_len);
  memcpy(p + 3, body, body_len);
  ctx->stanza_bytes += 3 + body_len;
  ctx->num_stanzas++;
  return CCE_OK;
}

cce_status cce_vault_key_id(cce_vault_stanza_type type, const uint8_t *pub, size_t pub_len,
                            uint8_t out[CCE_VAULT_KEY_ID_BYTES]) {
  if (pub == NULL || out == NULL) return CCE_ERR_NULL_POINTER;
  cce_pkey k;
  cce_status st;
  switch (type) {
    case CCE_VAULT_STANZA_P256:
      st = cce_pkey_set(&k, CCE_PKEY_EC, CCE_PKEY_CURVE_P256, NULL, 0, pub, pub_len);
      break;
    case CCE_VAULT_STANZA_P384:
      st = cce_pkey_set(&k, CCE_PKEY_EC, CCE_PKEY_CURVE_P384, NULL, 0, pub, pub_len);
      break;
    case CCE_VAULT_STANZA_X25519:
      st = cce_pkey_set(&k, CCE_PKEY_X25519, CCE_PKEY_CURVE_NONE, NULL, 0, pub, pub_len);
      break;
    default: return CCE_ERR_INVALID_ARG;
  }
  uint8_t der[CCE_PKEY_MAX_DER_BYTES], d[CCE_SHA256_DIGEST_BYTES];
  size_t der_len = 0;
  if (st == CCE_OK) st = cce_pkey_public_to_der(der, sizeof der, &der_len, &k, 0);
  if (st == CCE_OK) st = cce_sha256(d, der, der_len);
  if (st == CCE_OK) memcpy(out, d, CCE_VAULT_KEY_ID_BYTES);
  return st;
}

cce_status cce_vault_add_ec_recipient(cce_vault_ctx *ctx, cce_vault_stanza_type type, const uint8_t *pub,
                                      size_t pub_len) {
  if (ctx == NULL || pub == NULL) return CCE_ERR_NULL_POINTER;
  if (ctx->ready != CTX_READY) return CCE_ERR_CTX_STATE;
  cce_ec_curve_id curve;
  if (type == CCE_VAULT_STANZA_P256) curve = CCE_EC_P256;
  else if (type == CCE_VAULT_STANZA_P384) curve = CCE_EC_P384;
  else return CCE_ERR_INVALID_ARG;
  size_t plen = cce_ec_public_len(curve), slen = cce_ec_scalar_len(curve);
  uint8_t rpub[CCE_EC_P384_PUBLIC_BYTES], eph_priv[CCE_EC_P384_SCALAR_BYTES];
  uint8_t body[CCE_VAULT_KEY_ID_BYTES + CCE_EC_P384_PUBLIC_BYTES + CCE_VAULT_WRAPPED_BYTES];
  uint8_t z[CCE_EC_P384_SCALAR_BYTES], kek[32];
  cce_status st = cce_ec_public_validate(curve, pub, pub_len);
  if (st == CCE_OK) st = cce_ec_public_decompress(curve, pub, pub_len, rpub, plen);
  if (st == CCE_OK) st = cce_vault_key_id(type, rpub, plen, body);
  uint8_t *eph = body + CCE_VAULT_KEY_ID_BYTES, *wrapped = eph + plen;
  if (st == CCE_OK) st = cce_ecdh_keygen(curve, eph_priv, slen, eph, plen);
  if (st == CCE_OK) st = cce_ecdh(curve, eph_priv, slen, rpub, plen, z, slen);
  if (st == CCE_OK) st = stanza_kek(ctx->salt, (uint8_t)type, z, slen, eph, plen, rpub, plen, kek);
  if (st == CCE_OK) st = kwp(kek, 1, ctx->file_key, CCE_VAULT_FILE_KEY_BYTES, wrapped, CCE_VAULT_WRAPPED_BYTES);
  if (st == CCE_OK) st = append_stanza(ctx, (uint8_t)type, body, CCE_VAULT_KEY_ID_BYTES + plen + CCE_VAULT_WRAPPED_BYTES);
  cce_wipe(eph_priv, sizeof eph_priv);
  cce_wipe(z, sizeof z);
  cce_wipe(kek, sizeof kek);
  return st;
}

cce_status cce_vault_add_x25519_recipient(cce_vault_ctx *ctx, const uint8_t pub[32]) {
  if (ctx == NULL || pub == NULL) return CCE_ERR_NULL_POINTER;
  if (ctx->ready != CTX_READY) return CCE_ERR_CTX_STATE;
  uint8_t body[CCE_VAULT_KEY_ID_BYTES + 32 + CCE_VAULT_WRAPPED_BYTES], eph_priv[32], z[32], kek[32];
  uint8_t *eph = body + CCE_VAULT_KEY_ID_BYTES, *wrapped = eph + 32;
  cce_status st = cce_vault_key_id(CCE_VAULT_STANZA_X25519, pub, 32, body);
  if (st == CCE_OK) st = cce_x25519_keypair(eph, eph_priv);
  if (st == CCE_OK) st = cce_x25519(z, eph_priv, pub);
  if (st == CCE_OK) st = stanza_kek(ctx->salt, CCE_VAULT_STANZA_X25519, z, 32, eph, 32, pub, 32, kek);
  if (st == CCE_OK) st = kwp(kek, 1, ctx->file_key, CCE_VAULT_FILE_KEY_BYTES, wrapped, CCE_VAULT_WRAPPED_BYTES);
  if (st == CCE_OK) st = append_stanza(ctx, CCE_VAULT_STANZA_X25519, body, sizeof body);
  cce_wipe(eph_priv, sizeof eph_priv);
  cce_wipe(z, sizeof z);
  cce_wipe(kek, sizeof kek);
  return st;
}

// ---------------------------------------------------------------------------
// Hybrid recipient: ECDH P-384 + ML-KEM-1024 (revision 1.1).
//
// KEK = HKDF-SHA-384(salt = header salt, IKM = K_kem || Z_ec,
//       info = "CCE-SEAL v1 hybrid stanza" || 0x00 || type || c || E || R_kem || R_ec), 32 bytes.

#define HYBRID_INFO_BYTES                                                                             \
  (sizeof LABEL_HYBRID + 1 + CCE_MLKEM1024_CT_BYTES + CCE_EC_P384_PUBLIC_BYTES + CCE_MLKEM1024_EK_BYTES + \
   CCE_EC_P384_PUBLIC_BYTES)

static cce_status hybrid_kek(const uint8_t salt[CCE_VAULT_SALT_BYTES], const uint8_t k_kem[CCE_MLKEM_SS_BYTES],
                             const uint8_t z_ec[CCE_EC_P384_SCALAR_BYTES], const uint8_t *ct, const uint8_t *eph,
                             const uint8_t *r_kem, const uint8_t *r_ec, uint8_t kek[32]) {
  uint8_t ikm[CCE_MLKEM_SS_BYTES + CCE_EC_P384_SCALAR_BYTES];
  uint8_t info[HYBRID_INFO_BYTES];
  size_t n = 0;
  memcpy(ikm, k_kem, CCE_MLKEM_SS_BYTES);
  memcpy(ikm + CCE_MLKEM_SS_BYTES, z_ec, CCE_EC_P384_SCALAR_BYTES);
  memcpy(info, LABEL_HYBRID, sizeof LABEL_HYBRID);  // label and its NUL
  n = sizeof LABEL_HYBRID;
  info[n++] = CCE_VAULT_STANZA_P384_MLKEM1024;
  memcpy(info + n, ct, CCE_MLKEM1024_CT_BYTES);
  n += CCE_MLKEM1024_CT_BYTES;
  memcpy(info + n, eph, CCE_EC_P384_PUBLIC_BYTES);
  n += CCE_EC_P384_PUBLIC_BYTES;
  memcpy(info + n, r_kem, CCE_MLKEM1024_EK_BYTES);
  n += CCE_MLKEM1024_EK_BYTES;
  memcpy(info + n, r_ec, CCE_EC_P384_PUBLIC_BYTES);
  n += CCE_EC_P384_PUBLIC_BYTES;
  cce_status st = cce_hkdf(CCE_HASH_SHA384, kek, 32, salt, CCE_VAULT_SALT_BYTES, ikm, sizeof ikm, info, n);
  cce_wipe(ikm, sizeof ikm);
  return st;
}

cce_status cce_vault_key_id_hybrid(const uint8_t *ec_pub, size_t ec_pub_len, const uint8_t *kem_pub,
                                   size_t kem_pub_len, uint8_t out[CCE_VAULT_KEY_ID_BYTES]) {
  if (ec_pub == NULL || kem_pub == NULL || out == NULL) return CCE_ERR_NULL_POINTER;
  if (kem_pub_len != CCE_MLKEM1024_EK_BYTES) return CCE_ERR_INVALID_LENGTH;
  cce_pkey k;
  uint8_t der[CCE_PKEY_MAX_DER_BYTES], d[CCE_SHA256_DIGEST_BYTES];
  size_t der_len = 0;
  cce_hash_ctx h;
  cce_status st = cce_pkey_set(&k, CCE_PKEY_EC, CCE_PKEY_CURVE_P384, NULL, 0, ec_pub, ec_pub_len);
  if (st == CCE_OK) st = cce_pkey_public_to_der(der, sizeof der, &der_len, &k, 0);
  if (st != CCE_OK) return st;
  // SPKI of ML-KEM-1024: SEQUENCE { SEQUENCE { OID 2.16.840.1.101.3.4.4.3 },
  // BIT STRING { 0x00, ek } } (the DER cce_pqkey_public_to_der writes).
  static const uint8_t spki_prefix[] = {0x30, 0x82, 0x06, 0x32, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48,
                                        0x01, 0x65, 0x03, 0x04, 0x04, 0x03, 0x03, 0x82, 0x06, 0x21, 0x00};
  st = cce_hash_init(&h, CCE_HASH_SHA256);
  if (st == CCE_OK) st = cce_hash_update(&h, der, der_len);
  if (st == CCE_OK) st = cce_hash_update(&h, spki_prefix, sizeof spki_prefix);
  if (st == CCE_OK) st = cce_hash_update(&h, kem_pub, kem_pub_len);
  if (st == CCE_OK) st = cce_hash_final(&h, d, sizeof d);
  cce_hash_cleanup(&h);
  if (st == CCE_OK) memcpy(out, d, CCE_VAULT_KEY_ID_BYTES);
  return st;
}

cce_status cce_vault_add_hybrid_recipient(cce_vault_ctx *ctx, const uint8_t *ec_pub, size_t ec_pub_len,
                                          const uint8_t *kem_pub, size_t kem_pub_len) {
  if (ctx == NULL || ec_pub == NULL || kem_pub == NULL) return CCE_ERR_NULL_POINTER;
  if (ctx->ready != CTX_READY) return CCE_ERR_CTX_STATE;
  if (kem_pub_len != CCE_MLKEM1024_EK_BYTES) return CCE_ERR_INVALID_LENGTH;
  uint8_t rpub[CCE_EC_P384_PUBLIC_BYTES], eph_priv[CCE_EC_P384_SCALAR_BYTES];
  uint8_t body[CCE_VAULT_HYBRID_BODY_BYTES];
  uint8_t z[CCE_EC_P384_SCALAR_BYTES], k_kem[CCE_MLKEM_SS_BYTES], kek[32];
  uint8_t *eph = body + CCE_VAULT_KEY_ID_BYTES, *ct = eph + CCE_EC_P384_PUBLIC_BYTES;
  uint8_t *wrapped = ct + CCE_MLKEM1024_CT_BYTES;
  cce_status st = cce_ec_public_validate(CCE_EC_P384, ec_pub, ec_pub_len);
  if (st == CCE_OK) st = cce_ec_public_decompress(CCE_EC_P384, ec_pub, ec_pub_len, rpub, sizeof rpub);
  if (st == CCE_OK) st = cce_mlkem_check_ek(CCE_MLKEM_1024, kem_pub, kem_pub_len);
  if (st == CCE_OK) st = cce_vault_key_id_hybrid(rpub, sizeof rpub, kem_pub, kem_pub_len, body);
  if (st == CCE_OK) st = cce_ecdh_keygen(CCE_EC_P384, eph_priv, sizeof eph_priv, eph, CCE_EC_P384_PUBLIC_BYTES);
  if (st == CCE_OK) st = cce_ecdh(CCE_EC_P384, eph_priv, sizeof eph_priv, rpub, sizeof rpub, z, sizeof z);
  if (st == CCE_OK) st = cce_mlkem_encaps(CCE_MLKEM_1024, ct, CCE_MLKEM1024_CT_BYTES, k_kem, kem_pub, kem_pub_len);
  if (st == CCE_OK) st = hybrid_kek(ctx->salt, k_kem, z, ct, eph, kem_pub, rpub, kek);
  if (st == CCE_OK) st = kwp(kek, 1, ctx->file_key, CCE_VAULT_FILE_KEY_BYTES, wrapped, CCE_VAULT_WRAPPED_BYTES);
  if (st == CCE_OK) st = append_stanza(ctx, CCE_VAULT_STANZA_P384_MLKEM1024, body, sizeof body);
  cce_wipe(eph_priv, sizeof eph_priv);
  cce_wipe(z, sizeof z);
  cce_wipe(k_kem, sizeof k_kem);
  cce_wipe(kek, sizeof kek);
  return st;
}

cce_status cce_vault_unwrap_hybrid(const cce_vault_header *h, const cce_vault_stanza *s, const uint8_t *ec_priv,
                                   size_t ec_priv_len, const uint8_t *ec_pub, size_t ec_pub_len,
                                   const uint8_t *kem_dk, size_t kem_dk_len, const uint8_t *kem_pub,
                                   size_t kem_pub_len, uint8_t file_key[CCE_VAULT_FILE_KEY_BYTES]) {
  if (h == NULL || s == NULL || ec_priv == NULL || ec_pub == NULL || kem_dk == NULL || kem_pub == NULL ||
      file_key == NULL)
    return CCE_ERR_NULL_POINTER;
  memset(file_key, 0, CCE_VAULT_FILE_KEY_BYTES);
  if (s->type != CCE_VAULT_STANZA_P384_MLKEM1024 || s->eph_pub == NULL || s->kem_ct == NULL ||
      s->wrapped == NULL)
    return CCE_ERR_INVALID_ARG;
  if (ec_priv_len != CCE_EC_P384_SCALAR_BYTES || ec_pub_len != CCE_EC_P384_PUBLIC_BYTES ||
      kem_dk_len != CCE_MLKEM1024_DK_BYTES || kem_pub_len != CCE_MLKEM1024_EK_BYTES)
    return CCE_ERR_INVALID_LENGTH;
  uint8_t z[CCE_EC_P384_SCALAR_BYTES], k_kem[CCE_MLKEM_SS_BYTES], kek[32];
  cce_status st = cce_ecdh(CCE_EC_P384, ec_priv, ec_priv_len, s->eph_pub, s->eph_len, z, sizeof z);
  if (st == CCE_ERR_POINT_INVALID) st = CCE_ERR_AUTH;  // a corrupted stanza
  if (st == CCE_OK) st = cce_mlkem_decaps(CCE_MLKEM_1024, k_kem, s->kem_ct, s->kem_ct_len, kem_dk, kem_dk_len);
  if (st == CCE_OK) st = hybrid_kek(h->salt, k_kem, z, s->kem_ct, s->eph_pub, kem_pub, ec_pub, kek);
  if (st == CCE_OK) st = kwp(kek, 0, s->wrapped, CCE_VAULT_WRAPPED_BYTES, file_key, CCE_VAULT_FILE_KEY_BYTES);
  cce_wipe(z, sizeof z);
  cce_wipe(k_kem, sizeof k_kem);
  cce_wipe(kek, sizeof kek);
  if (st != CCE_OK) cce_wipe(file_key, CCE_VAULT_FILE_KEY_BYTES);
  return st;
}

// KEK = PBKDF2-HMAC-SHA-512(pw, "CCE-SEAL v1 passphrase" || 0x00 || salt, iterations, 32).
static cce_status pass_kek(const uint8_t *pw, size_t pw_len, const uint8_t *salt, uint32_t iterations,
                           uint8_t kek[32]) {
  uint8_t s[sizeof LABEL_PASSPHRASE + CCE_VAULT_PBKDF2_SALT_BYTES];
  memcpy(s, LABEL_PASSPHRASE, sizeof LABEL_PASSPHRASE);
  memcpy(s + sizeof LABEL_PASSPHRASE, salt, CCE_VAULT_PBKDF2_SALT_BYTES);
  return cce_pbkdf2(CCE_HASH_SHA512, kek, 32, pw, pw_len, s, sizeof s, iterations);
}

cce_status cce_vault_add_passphrase(cce_vault_ctx *ctx, const uint8_t *pw, size_t pw_len, uint32_t iterations) {
  if (ctx == NULL || (pw == NULL && pw_len != 0)) return CCE_ERR_NULL_POINTER;
  if (ctx->ready != CTX_READY) return CCE_ERR_CTX_STATE;
  if (iterations == 0 || iterations > CCE_VAULT_MAX_ITERATIONS) return CCE_ERR_INVALID_ARG;
  uint8_t body[PASS_BODY_BYTES], kek[32];
  cce_status st = cce_random(body, CCE_VAULT_PBKDF2_SALT_BYTES);
  put32(body + CCE_VAULT_PBKDF2_SALT_BYTES, iterations);
  if (st == CCE_OK) st = pass_kek(pw, pw_len, body, iterations, kek);
  if (st == CCE_OK)
    st = kwp(kek, 1, ctx->file_key, CCE_VAULT_FILE_KEY_BYTES, body + CCE_VAULT_PBKDF2_SALT_BYTES + 4,
             CCE_VAULT_WRAPPED_BYTES);
  if (st == CCE_OK) st = append_stanza(ctx, CCE_VAULT_STANZA_PASSPHRASE, body, sizeof body);
  cce_wipe(kek, sizeof kek);
  return st;
}

cce_status cce_vault_set_signer(cce_vault_ctx *ctx, cce_vault_sig_alg alg, const uint8_t *pub, size_t pub_len) {
  if (ctx == NULL || pub == NULL) return CCE_ERR_NULL_POINTER;
  if (ctx->ready != CTX_READY) return CCE_ERR_CTX_STATE;
  size_t want = signer_pub_len_of((uint8_t)alg);
  if (want == 0) return CCE_ERR_INVALID_ARG;
  if (pub_len != want) return CCE_ERR_INVALID_LENGTH;
  memcpy(ctx->signer_pub, pub, pub_len);
  ctx->signer_pub_len = pub_len;
  ctx->sig_alg = (uint8_t)alg;
  ctx->flags |= CCE_VAULT_FLAG_SIGNED;
  return CCE_OK;
}

cce_status cce_vault_header_write(cce_vault_ctx *ctx, uint8_t *out, size_t out_cap, size_t *out_len) {
  if (ctx == NULL || out == NULL || out_len == NULL) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  if (ctx->ready != CTX_READY || ctx->num_stanzas == 0) return CCE_ERR_CTX_STATE;
  size_t total = CCE_VAULT_FIXED_BYTES + ctx->stanza_bytes + CCE_VAULT_MAC_BYTES;
  if (ctx->flags & CCE_VAULT_FLAG_SIGNED) total += 3 + ctx->signer_pub_len;
  if (total > CCE_VAULT_MAX_HEADER_BYTES) return CCE_ERR_LIMIT_REACHED;
  if (out_cap < total) return CCE_ERR_BUFFER_TOO_SMALL;
  uint8_t *p = out;
  memcpy(p, CCE_VAULT_MAGIC, CCE_VAULT_MAGIC_BYTES);
  p[8] = CCE_VAULT_VERSION;
  p[9] = CCE_VAULT_SUITE_V1;
  p[10] = ctx->chunk_log2;
  p[11] = ctx->flags;
  put32(p + 12, (uint32_t)total);
  memcpy(p + 16, ctx->nonce_prefix, CCE_VAULT_NONCE_PREFIX_BYTES);
  memcpy(p + 20, ctx->salt, CCE_VAULT_SALT_BYTES);
  p[52] = (uint8_t)ctx->num_stanzas;
  size_t n = CCE_VAULT_FIXED_BYTES;
  memcpy(p + n, ctx->stanzas, ctx->stanza_bytes);
  n += ctx->stanza_bytes;
  if (ctx->flags & CCE_VAULT_FLAG_SIGNED) {
    p[n] = ctx->sig_alg;
    put16(p + n + 1, (uint32_t)ctx->signer_pub_len);
    memcpy(p + n + 3, ctx->signer_pub, ctx->signer_pub_len);
    n += 3 + ctx->signer_pub_len;
  }
  cce_status st = cce_hmac(CCE_HASH_SHA384, ctx->mac_key, sizeof ctx->mac_key, p, n, p + n, CCE_VAULT_MAC_BYTES);
  if (st != CCE_OK) {
    cce_wipe(out, out_cap);
    return st;
  }
  *out_len = total;
  return CCE_OK;
}

// ---------------------------------------------------------------------------
// Parsing.

cce_status cce_vault_header_len(const uint8_t *in, size_t in_len, size_t *out_len) {
  if (in == NULL || out_len == NULL) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  if (in_len < CCE_VAULT_PREFIX_BYTES || memcmp(in, CCE_VAULT_MAGIC, CCE_VAULT_MAGIC_BYTES) != 0)
    return CCE_ERR_DECODE;
  if (in[8] != CCE_VAULT_VERSION) return CCE_ERR_UNSUPPORTED;
  uint32_t len = get32(in + 12);
  if (len < CCE_VAULT_FIXED_BYTES + CCE_VAULT_MAC_BYTES || len > CCE_VAULT_MAX_HEADER_BYTES) return CCE_ERR_DECODE;
  *out_len = len;
  return CCE_OK;
}

cce_status cce_vault_header_parse(cce_vault_header *h, const uint8_t *in, size_t in_len) {
  if (h == NULL || in == NULL) return CCE_ERR_NULL_POINTER;
  memset(h, 0, sizeof *h);
  size_t total;
  cce_status st = cce_vault_header_len(in, in_len, &total);
  if (st != CCE_OK) return st;
  if (total != in_len) return CCE_ERR_DECODE;
  if (in[9] != CCE_VAULT_SUITE_V1) return CCE_ERR_UNSUPPORTED;
  if (in[10] < CCE_VAULT_MIN_CHUNK_LOG2 || in[10] > CCE_VAULT_MAX_CHUNK_LOG2) return CCE_ERR_DECODE;
  if (in[11] & ~CCE_VAULT_FLAG_SIGNED) return CCE_ERR_DECODE;
  h->version = in[8];
  h->suite = in[9];
  h->chunk_log2 = in[10];
  h->flags = in[11];
  h->header_len = total;
  memcpy(h->nonce_prefix, in + 16, CCE_VAULT_NONCE_PREFIX_BYTES);
  memcpy(h->salt, in + 20, CCE_VAULT_SALT_BYTES);
  h->num_stanzas = in[52];
  if (h->num_stanzas == 0 || h->num_stanzas > CCE_VAULT_MAX_STANZAS) return CCE_ERR_DECODE;
  size_t end = total - CCE_VAULT_MAC_BYTES, pos = CCE_VAULT_FIXED_BYTES;
  for (size_t i = 0; i < h->num_stanzas; i++) {
    if (end - pos < 3) return CCE_ERR_DECODE;
    cce_vault_stanza *s = &h->stanzas[i];
    s->type = in[pos];
    s->body_len = get16(in + pos + 1);
    pos += 3;
    if (end - pos < s->body_len) return CCE_ERR_DECODE;
    s->body = in + pos;
    pos += s->body_len;
    size_t eph = eph_len_of(s->type);
    if (eph != 0) {
      if (s->body_len != CCE_VAULT_KEY_ID_BYTES + eph + CCE_VAULT_WRAPPED_BYTES) return CCE_ERR_DECODE;
      s->key_id = s->body;
      s->eph_pub = s->body + CCE_VAULT_KEY_ID_BYTES;
      s->eph_len = eph;
      s->wrapped = s->eph_pub + eph;
    } else if (s->type == CCE_VAULT_STANZA_PASSPHRASE) {
      if (s->body_len != PASS_BODY_BYTES) return CCE_ERR_DECODE;
      s->salt = s->body;
      s->iterations = get32(s->body + CCE_VAULT_PBKDF2_SALT_BYTES);
      if (s->iterations == 0) return CCE_ERR_DECODE;
      s->wrapped = s->body + CCE_VAULT_PBKDF2_SALT_BYTES + 4;
    } else if (s->type == CCE_VAULT_STANZA_P384_MLKEM1024) {
      if (s->body_len != CCE_VAULT_HYBRID_BODY_BYTES) return CCE_ERR_DECODE;
      s->key_id = s->body;
      s->eph_pub = s->body + CCE_VAULT_KEY_ID_BYTES;
      s->eph_len = CCE_EC_P384_PUBLIC_BYTES;
      s->kem_ct = s->eph_pub + CCE_EC_P384_PUBLIC_BYTES;
      s->kem_ct_len = CCE_MLKEM1024_CT_BYTES;
      s->wrapped = s->kem_ct + CCE_MLKEM1024_CT_BYTES;
    } else if (s->type == 0) {
      return CCE_ERR_DECODE;  // type 0 is never valid
    }
    // Other types: unknown (future) recipients, kept for the MAC, skipped.
  }
  if (h->flags & CCE_VAULT_FLAG_SIGNED) {
    if (end - pos < 3) return CCE_ERR_DECODE;
    h->sig_alg = in[pos];
    h->signer_pub_len = get16(in + pos + 1);
    pos += 3;
    size_t want = signer_pub_len_of(h->sig_alg);
    if (want == 0) return CCE_ERR_UNSUPPORTED;
    if (h->signer_pub_len != want || end - pos < want) return CCE_ERR_DECODE;
    h->signer_pub = in + pos;
    pos += want;
  }
  if (pos != end) return CCE_ERR_DECODE;
  h->mac = in + end;
  h->raw = in;
  return CCE_OK;
}

// ---------------------------------------------------------------------------
// Unwrapping.

cce_status cce_vault_unwrap_ec(const cce_vault_header *h, const cce_vault_stanza *s, const uint8_t *priv,
                               size_t priv_len, const uint8_t *pub, size_t pub_len,
                               uint8_t file_key[CCE_VAULT_FILE_KEY_BYTES]) {
  if (h == NULL || s == NULL || priv == NULL || pub == NULL || file_key == NULL) return CCE_ERR_NULL_POINTER;
  memset(file_key, 0, CCE_VAULT_FILE_KEY_BYTES);
  if (s->eph_pub == NULL || s->wrapped == NULL) return CCE_ERR_INVALID_ARG;
  uint8_t z[CCE_EC_P384_SCALAR_BYTES], kek[32];
  size_t z_len;
  cce_status st;
  if (s->type == CCE_VAULT_STANZA_X25519) {
    if (priv_len != 32 || pub_len != 32) return CCE_ERR_INVALID_LENGTH;
    z_len = 32;
    st = cce_x25519(z, priv, s->eph_pub);
  } else {
    cce_ec_curve_id curve = s->type == CCE_VAULT_STANZA_P256 ? CCE_EC_P256 : CCE_EC_P384;
    if (s->type != CCE_VAULT_STANZA_P256 && s->type != CCE_VAULT_STANZA_P384) return CCE_ERR_INVALID_ARG;
    z_len = cce_ec_scalar_len(curve);
    if (priv_len != z_len || pub_len != cce_ec_public_len(curve)) return CCE_ERR_INVALID_LENGTH;
    st = cce_ecdh(curve, priv, priv_len, s->eph_pub, s->eph_len, z, z_len);
  }
  // An invalid ephemeral point is a corrupted stanza: report it as such.
  if (st == CCE_ERR_POINT_INVALID) st = CCE_ERR_AUTH;
  if (st == CCE_OK) st = stanza_kek(h->salt, s->type, z, z_len, s->eph_pub, s->eph_len, pub, pub_len, kek);
  if (st == CCE_OK) st = kwp(kek, 0, s->wrapped, CCE_VAULT_WRAPPED_BYTES, file_key, CCE_VAULT_FILE_KEY_BYTES);
  cce_wipe(z, sizeof z);
  cce_wipe(kek, sizeof kek);
  if (st != CCE_OK) cce_wipe(file_key, CCE_VAULT_FILE_KEY_BYTES);
  return st;
}

cce_status cce_vault_unwrap_passphrase(const cce_vault_header *h, const cce_vault_stanza *s, const uint8_t *pw,
                                       size_t pw_len, uint8_t file_key[CCE_VAULT_FILE_KEY_BYTES]) {
  if (h == NULL || s == NULL || file_key == NULL || (pw == NULL && pw_len != 0)) return CCE_ERR_NULL_POINTER;
  memset(file_key, 0, CCE_VAULT_FILE_KEY_BYTES);
  if (s->type != CCE_VAULT_STANZA_PASSPHRASE || s->salt == NULL) return CCE_ERR_INVALID_ARG;
  if (s->iterations > CCE_VAULT_MAX_ITERATIONS) return CCE_ERR_LIMIT_REACHED;
  uint8_t kek[32];
  cce_status st = pass_kek(pw, pw_len, s->salt, s->iterations, kek);
  if (st == CCE_OK) st = kwp(kek, 0, s->wrapped, CCE_VAULT_WRAPPED_BYTES, file_key, CCE_VAULT_FILE_KEY_BYTES);
  cce_wipe(kek, sizeof kek);
  return st;
}

cce_status cce_vault_open_init(cce_vault_ctx *ctx, const cce_vault_header *h,
                               const uint8_t file_key[CCE_VAULT_FILE_KEY_BYTES]) {
  if (ctx == NULL || h == NULL || file_key == NULL) return CCE_ERR_NULL_POINTER;
  if (h->raw == NULL || h->mac == NULL) return CCE_ERR_INVALID_ARG;
  cce_status st = cce_vault_seal_init_with(ctx, h->chunk_log2, file_key, h->salt, h->nonce_prefix);
  if (st != CCE_OK) return st;
  st = cce_hmac_verify(CCE_HASH_SHA384, ctx->mac_key, sizeof ctx->mac_key, h->raw,
                       h->header_len - CCE_VAULT_MAC_BYTES, h->mac, CCE_VAULT_MAC_BYTES);
  if (st != CCE_OK) {
    cce_vault_ctx_wipe(ctx);
    return st == CCE_ERR_AUTH ? CCE_ERR_AUTH : st;
  }
  ctx->flags = h->flags;
  ctx->sig_alg = h->sig_alg;
  return CCE_OK;
}

// ---------------------------------------------------------------------------
// Chunks: IV = prefix (4) || uint64_be(2 * index + last), from the module's
// SP 800-38D 8.2.1 generator (fixed field = prefix, counter started there).

#define MAX_CHUNK_INDEX (UINT64_C(1) << 62)

cce_status cce_vault_chunk_seal(const cce_vault_ctx *ctx, uint64_t index, int last, const uint8_t *pt,
                                size_t pt_len, uint8_t *out) {
  if (ctx == NULL || out == NULL || (pt == NULL && pt_len != 0)) return CCE_ERR_NULL_POINTER;
  if (ctx->ready != CTX_READY) return CCE_ERR_CTX_STATE;
  size_t cs = (size_t)1 << ctx->chunk_log2;
  if (pt_len > cs || (!last && pt_len != cs)) return CCE_ERR_INVALID_LENGTH;
  if (index >= MAX_CHUNK_INDEX) return CCE_ERR_LIMIT_REACHED;
  cce_gcm_ivgen gen;
  uint8_t iv[CCE_GCM_IV_BYTES];
  cce_status st = cce_gcm_ivgen_init(&gen, ctx->nonce_prefix, 2 * index + (last ? 1 : 0));
  if (st == CCE_OK)
    st = cce_aes_gcm_seal_ivgen(&ctx->gcm, &gen, NULL, 0, pt_len ? pt : out, pt_len, out, iv, out + pt_len,
                                CCE_VAULT_TAG_BYTES);
  return st;
}

cce_status cce_vault_chunk_open(const cce_vault_ctx *ctx, uint64_t index, int last, const uint8_t *in,
                                size_t in_len, uint8_t *out) {
  if (ctx == NULL || in == NULL || out == NULL) return CCE_ERR_NULL_POINTER;
  if (ctx->ready != CTX_READY) return CCE_ERR_CTX_STATE;
  size_t cs = (size_t)1 << ctx->chunk_log2;
  if (in_len < CCE_VAULT_TAG_BYTES) return CCE_ERR_INVALID_LENGTH;
  size_t ct_len = in_len - CCE_VAULT_TAG_BYTES;
  if (ct_len > cs || (!last && ct_len != cs)) return CCE_ERR_INVALID_LENGTH;
  if (index >= MAX_CHUNK_INDEX) return CCE_ERR_LIMIT_REACHED;
  uint8_t iv[CCE_GCM_IV_BYTES];
  uint64_t ctr = 2 * index + (last ? 1 : 0);
  memcpy(iv, ctx->nonce_prefix, CCE_VAULT_NONCE_PREFIX_BYTES);
  for (int i = 0; i < 8; i++) iv[4 + i] = (uint8_t)(ctr >> (56 - 8 * i));
  return cce_aes_gcm_open(&ctx->gcm, iv, sizeof iv, NULL, 0, in, ct_len, in + ct_len, CCE_VAULT_TAG_BYTES, out);
}

cce_status cce_vault_layout(unsigned chunk_log2, uint64_t payload_len, uint64_t *out_chunks,
                            uint64_t *out_plaintext_len) {
  if (out_chunks == NULL || out_plaintext_len == NULL) return CCE_ERR_NULL_POINTER;
  *out_chunks = *out_plaintext_len = 0;
  if (chunk_log2 < CCE_VAULT_MIN_CHUNK_LOG2 || chunk_log2 > CCE_VAULT_MAX_CHUNK_LOG2) return CCE_ERR_INVALID_ARG;
  uint64_t full = ((uint64_t)1 << chunk_log2) + CCE_VAULT_TAG_BYTES;
  if (payload_len < CCE_VAULT_TAG_BYTES) return CCE_ERR_DECODE;
  uint64_t n = (payload_len + full - 1) / full;
  uint64_t last = payload_len - (n - 1) * full;
  if (last < CCE_VAULT_TAG_BYTES) return CCE_ERR_DECODE;
  *out_chunks = n;
  *out_plaintext_len = payload_len - n * CCE_VAULT_TAG_BYTES;
  return CCE_OK;
}

// ---------------------------------------------------------------------------
// Signatures.

cce_status cce_vault_chunk_digest(const uint8_t *chunk, size_t chunk_len, uint8_t out[CCE_VAULT_DIGEST_BYTES]) {
  if (chunk == NULL || out == NULL) return CCE_ERR_NULL_POINTER;
  return cce_sha384(out, chunk, chunk_len);
}

cce_status cce_vault_chain_init(cce_hash_ctx *chain, const uint8_t *header, size_t header_len) {
  if (chain == NULL || header == NULL) return CCE_ERR_NULL_POINTER;
  cce_status st = cce_hash_init(chain, CCE_HASH_SHA384);
  if (st == CCE_OK) st = cce_hash_update(chain, header, header_len);
  return st;
}

cce_status cce_vault_chain_update(cce_hash_ctx *chain, const uint8_t d[CCE_VAULT_DIGEST_BYTES]) {
  if (chain == NULL || d == NULL) return CCE_ERR_NULL_POINTER;
  return cce_hash_update(chain, d, CCE_VAULT_DIGEST_BYTES);
}

// message = label || 0x00 || SHA-384(chain)
static cce_status sig_message(cce_hash_ctx *chain, uint8_t msg[sizeof LABEL_SIGNATURE + CCE_SHA384_DIGEST_BYTES]) {
  memcpy(msg, LABEL_SIGNATURE, sizeof LABEL_SIGNATURE);
  return cce_hash_final(chain, msg + sizeof LABEL_SIGNATURE, CCE_SHA384_DIGEST_BYTES);
}

cce_status cce_vault_sign(cce_hash_ctx *chain, cce_vault_sig_alg alg, const uint8_t *priv, size_t priv_len,
                          const uint8_t *pub, size_t pub_len, uint8_t *sig, size_t sig_cap, size_t *sig_len) {
  if (chain == NULL || priv == NULL || pub == NULL || sig == NULL || sig_len == NULL) return CCE_ERR_NULL_POINTER;
  *sig_len = 0;
  size_t want = cce_vault_sig_len(alg);
  if (want == 0) return CCE_ERR_INVALID_ARG;
  if (sig_cap < want) return CCE_ERR_BUFFER_TOO_SMALL;
  uint8_t msg[sizeof LABEL_SIGNATURE + CCE_SHA384_DIGEST_BYTES];
  cce_status st = sig_message(chain, msg);
  if (st == CCE_OK) {
    if (alg == CCE_VAULT_SIG_ECDSA_P384)
      st = cce_ecdsa_sign(CCE_EC_P384, CCE_HASH_SHA384, priv, priv_len, msg, sizeof msg, 0, sig, want);
    else if (alg == CCE_VAULT_SIG_MLDSA87)
      st = cce_mldsa_sign(CCE_MLDSA_87, sig, want, priv, priv_len, msg, sizeof msg, NULL, 0, CCE_MLDSA_HEDGED);
    else if (priv_len != 32 || pub_len != 32)
      st = CCE_ERR_INVALID_LENGTH;
    else
      st = cce_ed25519_sign(sig, msg, sizeof msg, priv, pub);
  }
  if (st == CCE_OK) *sig_len = want;
  return st;
}

cce_status cce_vault_verify(cce_hash_ctx *chain, cce_vault_sig_alg alg, const uint8_t *pub, size_t pub_len,
                            const uint8_t *sig, size_t sig_len) {
  if (chain == NULL || pub == NULL || sig == NULL) return CCE_ERR_NULL_POINTER;
  size_t want = cce_vault_sig_len(alg);
  if (want == 0) return CCE_ERR_INVALID_ARG;
  uint8_t msg[sizeof LABEL_SIGNATURE + CCE_SHA384_DIGEST_BYTES];
  cce_status st = sig_message(chain, msg);
  if (st != CCE_OK) return st;
  if (sig_len != want) return CCE_ERR_SIGNATURE;
  if (alg == CCE_VAULT_SIG_ECDSA_P384)
    return cce_ecdsa_verify(CCE_EC_P384, CCE_HASH_SHA384, pub, pub_len, msg, sizeof msg, sig, sig_len);
  if (alg == CCE_VAULT_SIG_MLDSA87) {
    if (pub_len != CCE_MLDSA87_PUBLIC_KEY_BYTES) return CCE_ERR_SIGNATURE;
    return cce_mldsa_verify(CCE_MLDSA_87, sig, sig_len, pub, pub_len, msg, sizeof msg, NULL, 0);
  }
  if (pub_len != 32) return CCE_ERR_SIGNATURE;
  return cce_ed25519_verify(sig, msg, sizeof msg, pub);
}
