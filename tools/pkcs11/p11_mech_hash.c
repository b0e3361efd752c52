// p11_mech_hash.c: digests (CKM_SHA_1, CKM_SHA224..512, CKM_SHA3_224..512),
// HMAC (CKM_SHA*_HMAC and _HMAC_GENERAL), generic secret and HKDF key
// generation, and CKM_HKDF_DERIVE, through include/cce/hash.h, hmac.h and
// kdf.h.

#include <stdlib.h>
#include <string.h>

#include "p11_mech_int.h"

#include "cce/hmac.h"
#include "cce/kdf.h"
#include "cce/rand.h"
#include "cce/util.h"

typedef struct hash_st {
  cce_hash_ctx h;
  cce_hmac_ctx m;
  cce_hash_alg alg;
  int hmac;
  size_t out_len;  // digest or MAC length
} hash_st;

static void hash_free(void *p, size_t n) {
  (void)n;
  hash_st *s = p;
  cce_hash_cleanup(&s->h);
  cce_hmac_cleanup(&s->m);
}

// HMAC mechanisms: hash and whether it is the _GENERAL form.
static cce_hash_alg hmac_hash(CK_MECHANISM_TYPE m, int *general) {
  *general = 0;
  switch (m) {
    case CKM_SHA_1_HMAC_GENERAL: *general = 1; return CCE_HASH_SHA1;
    case CKM_SHA_1_HMAC: return CCE_HASH_SHA1;
    case CKM_SHA224_HMAC_GENERAL: *general = 1; return CCE_HASH_SHA224;
    case CKM_SHA224_HMAC: return CCE_HASH_SHA224;
    case CKM_SHA256_HMAC_GENERAL: *general = 1; return CCE_HASH_SHA256;
    case CKM_SHA256_HMAC: return CCE_HASH_SHA256;
    case CKM_SHA384_HMAC_GENERAL: *general = 1; return CCE_HASH_SHA384;
    case CKM_SHA384_HMAC: return CCE_HASH_SHA384;
    case CKM_SHA512_HMAC_GENERAL: *general = 1; return CCE_HASH_SHA512;
    case CKM_SHA512_HMAC: return CCE_HASH_SHA512;
    case CKM_SHA3_224_HMAC_GENERAL: *general = 1; return CCE_HASH_SHA3_224;
    case CKM_SHA3_224_HMAC: return CCE_HASH_SHA3_224;
    case CKM_SHA3_256_HMAC_GENERAL: *general = 1; return CCE_HASH_SHA3_256;
    case CKM_SHA3_256_HMAC: return CCE_HASH_SHA3_256;
    case CKM_SHA3_384_HMAC_GENERAL: *general = 1; return CCE_HASH_SHA3_384;
    case CKM_SHA3_384_HMAC: return CCE_HASH_SHA3_384;
    case CKM_SHA3_512_HMAC_GENERAL: *general = 1; return CCE_HASH_SHA3_512;
    case CKM_SHA3_512_HMAC: return CCE_HASH_SHA3_512;
    default: return CCE_HASH_NONE;
  }
}

static int is_mac_key_type(CK_KEY_TYPE kt) {
  return kt == CKK_GENERIC_SECRET || kt == CKK_SHA_1_HMAC || kt == CKK_SHA224_HMAC || kt == CKK_SHA256_HMAC ||
         kt == CKK_SHA384_HMAC || kt == CKK_SHA512_HMAC || kt == CKK_HKDF;
}

// finish: write the digest or MAC (sign) or check it (verify).
static CK_RV hash_finish(p11_op *op, hash_st *s, CK_BYTE *out, CK_ULONG *out_len) {
  uint8_t md[CCE_HASH_MAX_DIGEST_BYTES];
  CK_RV rv = CKR_OK;
  cce_status st;
  if (op->kind == P11_OP_VERIFY) {
    if (out == NULL) return CKR_ARGUMENTS_BAD;
    if (*out_len != s->out_len) return CKR_SIGNATURE_LEN_RANGE;
  } else if (!p11m_out(out, out_len, s->out_len, &rv)) {
    return rv;
  }
  st = s->hmac ? cce_hmac_final(&s->m, md, sizeof md) : cce_hash_final(&s->h, md, sizeof md);
  if (st != CCE_OK) {
    rv = CKR_FUNCTION_FAILED;
  } else if (op->kind == P11_OP_VERIFY) {
    rv = cce_memeq(md, out, s->out_len) == CCE_OK ? CKR_OK : CKR_SIGNATURE_INVALID;
  } else {
    memcpy(out, md, s->out_len);
    *out_len = (CK_ULONG)s->out_len;
  }
  cce_wipe(md, sizeof md);
  return rv;
}

static CK_RV hash_update(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  hash_st *s = op->st;
  (void)out;
  (void)out_len;
  cce_status st = s->hmac ? cce_hmac_update(&s->m, in, in_len) : cce_hash_update(&s->h, in, in_len);
  return st == CCE_OK ? CKR_OK : CKR_FUNCTION_FAILED;
}

static CK_RV hash_oneshot(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  hash_st *s = op->st;
  CK_RV rv;
  if (op->kind != P11_OP_VERIFY && !p11m_out(out, out_len, s->out_len, &rv)) return rv;
  if (op->kind == P11_OP_VERIFY && out != NULL && *out_len != s->out_len) return CKR_SIGNATURE_LEN_RANGE;
  rv = hash_update(op, in, in_len, NULL, NULL);
  if (rv != CKR_OK) return rv;
  return hash_finish(op, s, out, out_len);
}

static CK_RV hash_final(p11_op *op, CK_BYTE *out, CK_ULONG *out_len) { return hash_finish(op, op->st, out, out_len); }

static const p11_op_vt k_hash_vt = {hash_oneshot, hash_update, hash_final, hash_free};

CK_RV p11m_hash_op_init(p11_op *op, const CK_MECHANISM *mech, const p11_attrs *key) {
  hash_st *s = calloc(1, sizeof *s);
  if (s == NULL) return CKR_HOST_MEMORY;
  op->st = s;
  op->st_size = sizeof *s;
  op->vt = &k_hash_vt;
  if (op->kind == P11_OP_DIGEST) {
    if (p11m_no_param(mech) != CKR_OK) return CKR_MECHANISM_PARAM_INVALID;
    s->alg = p11m_hash_of(mech->mechanism);
    if (s->alg == CCE_HASH_NONE) return CKR_MECHANISM_INVALID;
    s->out_len = cce_hash_digest_len(s->alg);
    return cce_hash_init(&s->h, s->alg) == CCE_OK ? CKR_OK : CKR_FUNCTION_FAILED;
  }
  int general;
  s->alg = hmac_hash(mech->mechanism, &general);
  if (s->alg == CCE_HASH_NONE) return CKR_MECHANISM_INVALID;
  s->hmac = 1;
  s->out_len = cce_hmac_len(s->alg);
  if (general) {
    const CK_ULONG *ml = p11m_param(mech, sizeof(CK_ULONG));
    if (ml == NULL || *ml == 0 || *ml > s->out_len) return CKR_MECHANISM_PARAM_INVALID;
    s->out_len = *ml;
  } else if (p11m_no_param(mech) != CKR_OK) {
    return CKR_MECHANISM_PARAM_INVALID;
  }
  CK_OBJECT_CLASS cls;
  CK_KEY_TYPE kt;
  if (p11m_key_class_type(key, &cls, &kt) != CKR_OK || cls != CKO_SECRET_KEY || !is_mac_key_type(kt))
    return CKR_KEY_TYPE_INCONSISTENT;
  const p11_attr *v = p11m_value(key);
  if (v == NULL) return CKR_KEY_TYPE_INCONSISTENT;
  if (v->len == 0) return CKR_KEY_SIZE_RANGE;
  return cce_hmac_init(&s->m, s->alg, v->val, v->len) == CCE_OK ? CKR_OK : CKR_FUNCTION_FAILED;
}

// ---------------------------------------------------------------------------
// Generic secret and HKDF keys.

CK_RV p11m_secret_keygen(const CK_MECHANISM *mech, p11_attrs *key) {
  CK_ULONG len, kt;
  int present;
  if (p11m_get_ulong(key, CKA_VALUE_LEN, &len, &present) != CKR_OK) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (!present) return CKR_TEMPLATE_INCOMPLETE;
  if (len == 0 || len > 4096) return CKR_KEY_SIZE_RANGE;
  if (p11m_get_ulong(key, CKA_KEY_TYPE, &kt, &present) != CKR_OK) return CKR_TEMPLATE_INCONSISTENT;
  CK_KEY_TYPE want = mech->mechanism == CKM_HKDF_KEY_GEN ? CKK_HKDF : CKK_GENERIC_SECRET;
  if (present && kt != want && !(want == CKK_GENERIC_SECRET && is_mac_key_type(kt) && kt != CKK_HKDF))
    return CKR_TEMPLATE_INCONSISTENT;
  CK_RV rv = p11m_set_class(key, CKO_SECRET_KEY);
  if (rv == CKR_OK && !present) rv = p11_attrs_set_ulong(key, CKA_KEY_TYPE, want);
  if (rv != CKR_OK) return rv;
  uint8_t *k = malloc(len);
  if (k == NULL) return CKR_HOST_MEMORY;
  if (cce_random(k, len) != CCE_OK) {
    p11m_wipe_free(k, len);
    return CKR_DEVICE_ERROR;
  }
  rv = p11_attrs_set(key, CKA_VALUE, k, len);
  p11m_wipe_free(k, len);
  if (rv == CKR_OK) rv = p11_attrs_set_ulong(key, CKA_KEY_GEN_MECHANISM, mech->mechanism);
  if (rv == CKR_OK) rv = p11_attrs_set_bool(key, CKA_LOCAL, 1);
  return rv;
}

// ---------------------------------------------------------------------------
// HKDF (RFC 5869) with the PKCS#11 3.0 CK_HKDF_PARAMS.

CK_RV p11m_hkdf_derive(const CK_MECHANISM *mech, const p11_attrs *base, p11_attrs *key) {
  const p11m_hkdf_params *p = p11m_param(mech, sizeof *p);
  if (p == NULL || (!p->bExtract && !p->bExpand)) return CKR_MECHANISM_PARAM_INVALID;
  cce_hash_alg alg = p11m_hash_of(p->prfHashMechanism);
  if (alg == CCE_HASH_NONE) return CKR_MECHANISM_PARAM_INVALID;
  const uint8_t *salt = NULL;
  size_t salt_len = 0;
  if (p->bExtract) {
    if (p->ulSaltType == CKF_HKDF_SALT_DATA) {
      if (p->pSalt == NULL || p->ulSaltLen == 0) return CKR_MECHANISM_PARAM_INVALID;
      salt = p->pSalt;
      salt_len = p->ulSaltLen;
    } else if (p->ulSaltType != CKF_HKDF_SALT_NULL) {
      return CKR_MECHANISM_PARAM_INVALID;  // CKF_HKDF_SALT_KEY is not supported
    }
  }
  if (p->pInfo == NULL && p->ulInfoLen != 0) return CKR_MECHANISM_PARAM_INVALID;
  CK_OBJECT_CLASS cls;
  CK_KEY_TYPE kt;
  if (p11m_key_class_type(base, &cls, &kt) != CKR_OK || cls != CKO_SECRET_KEY ||
      (kt != CKK_GENERIC_SECRET && kt != CKK_HKDF))
    return CKR_KEY_TYPE_INCONSISTENT;
  const p11_attr *v = p11m_value(base);
  if (v == NULL || v->len == 0) return CKR_KEY_TYPE_INCONSISTENT;
  size_t hl = cce_hash_digest_len(alg);
  size_t out_len;
  CK_RV rv = p11m_secret_len(key, p->bExpand ? 0 : hl, &out_len);
  if (rv != CKR_OK) return rv;
  if (!p->bExpand && out_len > hl) return CKR_TEMPLATE_INCONSISTENT;
  if (p->bExpand && out_len > 255 * hl) return CKR_TEMPLATE_INCONSISTENT;
  uint8_t prk[CCE_HASH_MAX_DIGEST_BYTES];
  uint8_t *okm = malloc(out_len);
  if (okm == NULL) return CKR_HOST_MEMORY;
  cce_status st = CCE_OK;
  const uint8_t *ikm = v->val;
  size_t ikm_len = v->len;
  if (p->bExtract) {
    st = cce_hkdf_extract(alg, prk, sizeof prk, salt, salt_len, ikm, ikm_len);
    ikm = prk;
    ikm_len = hl;
  }
  if (st == CCE_OK) {
    if (p->bExpand)
      st = cce_hkdf_expand(alg, okm, out_len, ikm, ikm_len, p->pInfo, p->ulInfoLen);
    else
      memcpy(okm, prk, out_len);
  }
  rv = st == CCE_OK ? p11m_finish_secret(key, okm, out_len) : CKR_FUNCTION_FAILED;
  cce_wipe(prk, sizeof prk);
  p11m_wipe_free(okm, out_len);
  return rv;
}
