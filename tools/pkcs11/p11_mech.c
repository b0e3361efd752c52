// p11_mech.c: the mechanism table of libcce-pkcs11.so (C_GetMechanismList,
// C_GetMechanismInfo), the dispatch of operations, key generation,
// derivation, wrapping and key import to the family files
// (p11_mech_aes.c, _hash.c, _ec.c, _rsa.c, _pq.c), and shared helpers.

#include <stdlib.h>
#include <string.h>

#include "p11_mech_int.h"

#include "cce/util.h"

// ---------------------------------------------------------------------------
// Table.

enum {
  F_AES_GEN = 1, F_AES, F_AES_KW, F_CMAC, F_DIGEST, F_HMAC, F_SECRET_GEN, F_HKDF_GEN, F_HKDF,
  F_EC_GEN, F_ECDSA, F_ECDH, F_ED_GEN, F_EDDSA, F_RSA_GEN, F_RSA, F_RSA_OAEP, F_MLKEM_GEN, F_MLKEM,
  F_MLDSA_GEN, F_MLDSA
};

typedef struct mech_ent {
  CK_MECHANISM_TYPE type;
  CK_ULONG min, max;
  CK_FLAGS flags;
  int family;
} mech_ent;

#define ENCDEC (CKF_ENCRYPT | CKF_DECRYPT)
#define SIGVER (CKF_SIGN | CKF_VERIFY)
#define ECF (CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS)

static const mech_ent k_mechs[] = {
    // AES (key sizes in bytes).
    {CKM_AES_KEY_GEN, 16, 32, CKF_GENERATE, F_AES_GEN},
    {CKM_AES_ECB, 16, 32, ENCDEC, F_AES},
    {CKM_AES_CBC, 16, 32, ENCDEC, F_AES},
    {CKM_AES_CBC_PAD, 16, 32, ENCDEC, F_AES},
    {CKM_AES_CTR, 16, 32, ENCDEC, F_AES},
    {CKM_AES_GCM, 16, 32, ENCDEC, F_AES},
    {CKM_AES_KEY_WRAP, 16, 32, ENCDEC | CKF_WRAP | CKF_UNWRAP, F_AES_KW},
    {CKM_AES_KEY_WRAP_PAD, 16, 32, ENCDEC | CKF_WRAP | CKF_UNWRAP, F_AES_KW},
    {CKM_AES_KEY_WRAP_KWP, 16, 32, ENCDEC | CKF_WRAP | CKF_UNWRAP, F_AES_KW},
    {CKM_AES_CMAC, 16, 32, SIGVER, F_CMAC},
    {CKM_AES_CMAC_GENERAL, 16, 32, SIGVER, F_CMAC},
    // Digests.
    {CKM_SHA_1, 0, 0, CKF_DIGEST, F_DIGEST},
    {CKM_SHA224, 0, 0, CKF_DIGEST, F_DIGEST},
    {CKM_SHA256, 0, 0, CKF_DIGEST, F_DIGEST},
    {CKM_SHA384, 0, 0, CKF_DIGEST, F_DIGEST},
    {CKM_SHA512, 0, 0, CKF_DIGEST, F_DIGEST},
    {CKM_SHA3_224, 0, 0, CKF_DIGEST, F_DIGEST},
    {CKM_SHA3_256, 0, 0, CKF_DIGEST, F_DIGEST},
    {CKM_SHA3_384, 0, 0, CKF_DIGEST, F_DIGEST},
    {CKM_SHA3_512, 0, 0, CKF_DIGEST, F_DIGEST},
    // HMAC (key sizes in bytes).
    {CKM_SHA_1_HMAC, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA_1_HMAC_GENERAL, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA224_HMAC, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA224_HMAC_GENERAL, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA256_HMAC, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA256_HMAC_GENERAL, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA384_HMAC, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA384_HMAC_GENERAL, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA512_HMAC, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA512_HMAC_GENERAL, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA3_224_HMAC, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA3_224_HMAC_GENERAL, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA3_256_HMAC, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA3_256_HMAC_GENERAL, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA3_384_HMAC, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA3_384_HMAC_GENERAL, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA3_512_HMAC, 1, 4096, SIGVER, F_HMAC},
    {CKM_SHA3_512_HMAC_GENERAL, 1, 4096, SIGVER, F_HMAC},
    // Generic secrets (bits) and HKDF (bytes).
    {CKM_GENERIC_SECRET_KEY_GEN, 8, 32768, CKF_GENERATE, F_SECRET_GEN},
    {CKM_HKDF_KEY_GEN, 1, 4096, CKF_GENERATE, F_HKDF_GEN},
    {CKM_HKDF_DERIVE, 1, 4096, CKF_DERIVE, F_HKDF},
    // EC (bits).
    {CKM_EC_KEY_PAIR_GEN, 256, 521, CKF_GENERATE_KEY_PAIR | ECF, F_EC_GEN},
    {CKM_ECDSA, 256, 521, SIGVER | ECF, F_ECDSA},
    {CKM_ECDSA_SHA1, 256, 521, CKF_VERIFY | ECF, F_ECDSA},
    {CKM_ECDSA_SHA224, 256, 521, SIGVER | ECF, F_ECDSA},
    {CKM_ECDSA_SHA256, 256, 521, SIGVER | ECF, F_ECDSA},
    {CKM_ECDSA_SHA384, 256, 521, SIGVER | ECF, F_ECDSA},
    {CKM_ECDSA_SHA512, 256, 521, SIGVER | ECF, F_ECDSA},
    {CKM_ECDSA_SHA3_224, 256, 521, SIGVER | ECF, F_ECDSA},
    {CKM_ECDSA_SHA3_256, 256, 521, SIGVER | ECF, F_ECDSA},
    {CKM_ECDSA_SHA3_384, 256, 521, SIGVER | ECF, F_ECDSA},
    {CKM_ECDSA_SHA3_512, 256, 521, SIGVER | ECF, F_ECDSA},
    {CKM_ECDH1_DERIVE, 256, 521, CKF_DERIVE | ECF, F_ECDH},
    // Ed25519 (bits).
    {CKM_EC_EDWARDS_KEY_PAIR_GEN, 255, 255, CKF_GENERATE_KEY_PAIR | CKF_EC_NAMEDCURVE, F_ED_GEN},
    {CKM_EDDSA, 255, 255, SIGVER | CKF_EC_NAMEDCURVE, F_EDDSA},
    // RSA (bits). Signing needs 2048 bits or more; verification 1024.
    {CKM_RSA_PKCS_KEY_PAIR_GEN, 2048, 4096, CKF_GENERATE_KEY_PAIR, F_RSA_GEN},
    {CKM_RSA_PKCS, 1024, 4096, SIGVER, F_RSA},
    {CKM_RSA_PKCS_PSS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA1_RSA_PKCS, 1024, 4096, CKF_VERIFY, F_RSA},
    {CKM_SHA224_RSA_PKCS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA256_RSA_PKCS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA384_RSA_PKCS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA512_RSA_PKCS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA3_224_RSA_PKCS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA3_256_RSA_PKCS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA3_384_RSA_PKCS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA3_512_RSA_PKCS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA1_RSA_PKCS_PSS, 1024, 4096, CKF_VERIFY, F_RSA},
    {CKM_SHA224_RSA_PKCS_PSS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA256_RSA_PKCS_PSS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA384_RSA_PKCS_PSS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA512_RSA_PKCS_PSS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA3_224_RSA_PKCS_PSS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA3_256_RSA_PKCS_PSS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA3_384_RSA_PKCS_PSS, 1024, 4096, SIGVER, F_RSA},
    {CKM_SHA3_512_RSA_PKCS_PSS, 1024, 4096, SIGVER, F_RSA},
    {CKM_RSA_PKCS_OAEP, 1024, 4096, ENCDEC | CKF_WRAP | CKF_UNWRAP, F_RSA_OAEP},
    // ML-KEM, ML-DSA (PKCS#11 3.2; sizes: the parameter sets CKP_*).
    {CKM_ML_KEM_KEY_PAIR_GEN, CKP_ML_KEM_512, CKP_ML_KEM_1024, CKF_GENERATE_KEY_PAIR, F_MLKEM_GEN},
    {CKM_ML_KEM, CKP_ML_KEM_512, CKP_ML_KEM_1024, CKF_ENCAPSULATE | CKF_DECAPSULATE, F_MLKEM},
    {CKM_ML_DSA_KEY_PAIR_GEN, CKP_ML_DSA_44, CKP_ML_DSA_87, CKF_GENERATE_KEY_PAIR, F_MLDSA_GEN},
    {CKM_ML_DSA, CKP_ML_DSA_44, CKP_ML_DSA_87, SIGVER, F_MLDSA},
};

#define NUM_MECHS (sizeof k_mechs / sizeof k_mechs[0])

static const mech_ent *find_mech(CK_MECHANISM_TYPE t) {
  for (size_t i = 0; i < NUM_MECHS; i++)
    if (k_mechs[i].type == t) return &k_mechs[i];
  return NULL;
}

CK_RV p11_mech_list(CK_MECHANISM_TYPE *list, CK_ULONG *count) {
  if (count == NULL) return CKR_ARGUMENTS_BAD;
  if (list == NULL) {
    *count = NUM_MECHS;
    return CKR_OK;
  }
  if (*count < NUM_MECHS) {
    *count = NUM_MECHS;
    return CKR_BUFFER_TOO_SMALL;
  }
  for (size_t i = 0; i < NUM_MECHS; i++) list[i] = k_mechs[i].type;
  *count = NUM_MECHS;
  return CKR_OK;
}

CK_RV p11_mech_info(CK_MECHANISM_TYPE type, CK_MECHANISM_INFO *info) {
  if (info == NULL) return CKR_ARGUMENTS_BAD;
  const mech_ent *e = find_mech(type);
  if (e == NULL) return CKR_MECHANISM_INVALID;
  info->ulMinKeySize = e->min;
  info->ulMaxKeySize = e->max;
  info->flags = e->flags;
  return CKR_OK;
}

// ---------------------------------------------------------------------------
// Helpers.

void p11m_wipe_free(void *p, size_t len) {
  if (p == NULL) return;
  cce_wipe(p, len);
  free(p);
}

int p11m_out(CK_BYTE *out, CK_ULONG *out_len, size_t need, CK_RV *rv) {
  if (out == NULL) {
    *out_len = (CK_ULONG)need;
    *rv = CKR_OK;
    return 0;
  }
  if (*out_len < need) {
    *out_len = (CK_ULONG)need;
    *rv = CKR_BUFFER_TOO_SMALL;
    return 0;
  }
  *rv = CKR_OK;
  return 1;
}

const void *p11m_param(const CK_MECHANISM *mech, size_t size) {
  if (mech->pParameter == NULL || mech->ulParameterLen != size) return NULL;
  return mech->pParameter;
}

CK_RV p11m_no_param(const CK_MECHANISM *mech) {
  return mech->ulParameterLen == 0 ? CKR_OK : CKR_MECHANISM_PARAM_INVALID;
}

CK_RV p11m_rv(cce_status st) {
  switch (st) {
    case CCE_OK: return CKR_OK;
    case CCE_ERR_BUFFER_TOO_SMALL: return CKR_BUFFER_TOO_SMALL;
    case CCE_ERR_AUTH: return CKR_ENCRYPTED_DATA_INVALID;
    case CCE_ERR_SIGNATURE: return CKR_SIGNATURE_INVALID;
    case CCE_ERR_KEY_INVALID:
    case CCE_ERR_POINT_INVALID: return CKR_ATTRIBUTE_VALUE_INVALID;
    case CCE_ERR_MODULE_STATE:
    case CCE_ERR_SELFTEST:
    case CCE_ERR_ENTROPY: return CKR_DEVICE_ERROR;
    case CCE_ERR_LENGTH_OVERFLOW: return CKR_DATA_LEN_RANGE;
    case CCE_ERR_UNSUPPORTED: return CKR_MECHANISM_INVALID;
    default: return CKR_FUNCTION_FAILED;
  }
}

CK_RV p11m_get_ulong(const p11_attrs *l, CK_ATTRIBUTE_TYPE t, CK_ULONG *v, int *present) {
  const p11_attr *a = p11_attrs_get(l, t);
  *present = 0;
  *v = 0;
  if (a == NULL) return CKR_OK;
  if (a->len != sizeof(CK_ULONG)) return CKR_ATTRIBUTE_VALUE_INVALID;
  memcpy(v, a->val, sizeof(CK_ULONG));
  *present = 1;
  return CKR_OK;
}

int p11m_bool(const p11_attrs *l, CK_ATTRIBUTE_TYPE t, int dflt) {
  const p11_attr *a = p11_attrs_get(l, t);
  if (a == NULL || a->len != sizeof(CK_BBOOL)) return dflt;
  return a->val[0] != 0;
}

CK_RV p11m_key_class_type(const p11_attrs *key, CK_OBJECT_CLASS *cls, CK_KEY_TYPE *kt) {
  int p1, p2;
  if (key == NULL) return CKR_KEY_HANDLE_INVALID;
  if (p11m_get_ulong(key, CKA_CLASS, cls, &p1) != CKR_OK || !p1) return CKR_KEY_TYPE_INCONSISTENT;
  if (p11m_get_ulong(key, CKA_KEY_TYPE, kt, &p2) != CKR_OK || !p2) return CKR_KEY_TYPE_INCONSISTENT;
  return CKR_OK;
}

const p11_attr *p11m_value(const p11_attrs *key) { return p11_attrs_get(key, CKA_VALUE); }

static CK_RV set_ulong_checked(p11_attrs *t, CK_ATTRIBUTE_TYPE type, CK_ULONG v) {
  int present;
  CK_ULONG cur;
  CK_RV rv = p11m_get_ulong(t, type, &cur, &present);
  if (rv != CKR_OK) return CKR_TEMPLATE_INCONSISTENT;
  if (present) return cur == v ? CKR_OK : CKR_TEMPLATE_INCONSISTENT;
  return p11_attrs_set_ulong(t, type, v);
}

CK_RV p11m_set_key_type(p11_attrs *t, CK_KEY_TYPE kt) { return set_ulong_checked(t, CKA_KEY_TYPE, kt); }
CK_RV p11m_set_class(p11_attrs *t, CK_OBJECT_CLASS cls) { return set_ulong_checked(t, CKA_CLASS, cls); }

CK_RV p11m_secret_len(const p11_attrs *t, size_t dflt, size_t *len) {
  CK_ULONG v;
  int present;
  if (p11m_get_ulong(t, CKA_VALUE_LEN, &v, &present) != CKR_OK) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (!present) {
    if (dflt == 0) return CKR_TEMPLATE_INCOMPLETE;
    *len = dflt;
    return CKR_OK;
  }
  if (v == 0 || v > 65536) return CKR_ATTRIBUTE_VALUE_INVALID;
  *len = v;
  return CKR_OK;
}

static int aes_len_ok(size_t n) { return n == 16 || n == 24 || n == 32; }

CK_RV p11m_finish_secret(p11_attrs *t, const CK_BYTE *val, size_t len) {
  CK_ULONG kt;
  int present;
  if (p11m_get_ulong(t, CKA_KEY_TYPE, &kt, &present) != CKR_OK) return CKR_TEMPLATE_INCONSISTENT;
  if (!present) kt = CKK_GENERIC_SECRET;
  if (kt == CKK_AES) {
    if (!aes_len_ok(len)) return CKR_KEY_SIZE_RANGE;
  } else if (kt != CKK_GENERIC_SECRET && kt != CKK_HKDF && kt != CKK_SHA_1_HMAC && kt != CKK_SHA224_HMAC &&
             kt != CKK_SHA256_HMAC && kt != CKK_SHA384_HMAC && kt != CKK_SHA512_HMAC) {
    return CKR_TEMPLATE_INCONSISTENT;
  }
  CK_RV rv = p11m_set_class(t, CKO_SECRET_KEY);
  if (rv == CKR_OK) rv = p11_attrs_set_ulong(t, CKA_KEY_TYPE, kt);
  if (rv == CKR_OK) {
    CK_ULONG cur;
    if (p11m_get_ulong(t, CKA_VALUE_LEN, &cur, &present) != CKR_OK || (present && cur != len))
      rv = CKR_TEMPLATE_INCONSISTENT;
  }
  if (rv == CKR_OK) rv = p11_attrs_set_ulong(t, CKA_VALUE_LEN, (CK_ULONG)len);
  if (rv == CKR_OK) rv = p11_attrs_set(t, CKA_VALUE, val, (CK_ULONG)len);
  return rv;
}

cce_hash_alg p11m_hash_of(CK_MECHANISM_TYPE m) {
  switch (m) {
    case CKM_SHA_1: return CCE_HASH_SHA1;
    case CKM_SHA224: return CCE_HASH_SHA224;
    case CKM_SHA256: return CCE_HASH_SHA256;
    case CKM_SHA384: return CCE_HASH_SHA384;
    case CKM_SHA512: return CCE_HASH_SHA512;
    case CKM_SHA3_224: return CCE_HASH_SHA3_224;
    case CKM_SHA3_256: return CCE_HASH_SHA3_256;
    case CKM_SHA3_384: return CCE_HASH_SHA3_384;
    case CKM_SHA3_512: return CCE_HASH_SHA3_512;
    default: return CCE_HASH_NONE;
  }
}

cce_hash_alg p11m_mgf_hash(CK_ULONG mgf) {
  switch (mgf) {
    case CKG_MGF1_SHA1: return CCE_HASH_SHA1;
    case CKG_MGF1_SHA224: return CCE_HASH_SHA224;
    case CKG_MGF1_SHA256: return CCE_HASH_SHA256;
    case CKG_MGF1_SHA384: return CCE_HASH_SHA384;
    case CKG_MGF1_SHA512: return CCE_HASH_SHA512;
    case CKG_MGF1_SHA3_224: return CCE_HASH_SHA3_224;
    case CKG_MGF1_SHA3_256: return CCE_HASH_SHA3_256;
    case CKG_MGF1_SHA3_384: return CCE_HASH_SHA3_384;
    case CKG_MGF1_SHA3_512: return CCE_HASH_SHA3_512;
    default: return CCE_HASH_NONE;
  }
}

// ---------------------------------------------------------------------------
// Operations.

static CK_FLAGS kind_flag(p11_op_kind kind) {
  switch (kind) {
    case P11_OP_ENCRYPT: return CKF_ENCRYPT;
    case P11_OP_DECRYPT: return CKF_DECRYPT;
    case P11_OP_SIGN: return CKF_SIGN;
    case P11_OP_VERIFY: return CKF_VERIFY;
    case P11_OP_DIGEST: return CKF_DIGEST;
    default: return 0;
  }
}

CK_RV p11_op_init(p11_op **opp, p11_op_kind kind, const CK_MECHANISM *mech, const p11_attrs *key) {
  if (opp == NULL || mech == NULL) return CKR_ARGUMENTS_BAD;
  *opp = NULL;
  const mech_ent *e = find_mech(mech->mechanism);
  if (e == NULL || (e->flags & kind_flag(kind)) == 0) return CKR_MECHANISM_INVALID;
  if (kind != P11_OP_DIGEST && key == NULL) return CKR_KEY_HANDLE_INVALID;
  p11_op *op = calloc(1, sizeof *op);
  if (op == NULL) return CKR_HOST_MEMORY;
  op->kind = kind;
  op->mech = mech->mechanism;
  CK_RV rv;
  switch (e->family) {
    case F_AES:
    case F_AES_KW:
    case F_CMAC: rv = p11m_aes_op_init(op, mech, key); break;
    case F_DIGEST:
    case F_HMAC: rv = p11m_hash_op_init(op, mech, key); break;
    case F_ECDSA: rv = p11m_ec_op_init(op, mech, key); break;
    case F_EDDSA: rv = p11m_ed_op_init(op, mech, key); break;
    case F_RSA:
    case F_RSA_OAEP: rv = p11m_rsa_op_init(op, mech, key); break;
    case F_MLDSA: rv = p11m_mldsa_op_init(op, mech, key); break;
    default: rv = CKR_MECHANISM_INVALID; break;
  }
  if (rv != CKR_OK) {
    p11_op_free(op);
    return rv;
  }
  *opp = op;
  return CKR_OK;
}

CK_RV p11_op_oneshot(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  if (op == NULL || out_len == NULL || (in == NULL && in_len != 0)) return CKR_ARGUMENTS_BAD;
  if (op->updating) return CKR_OPERATION_ACTIVE;
  return op->vt->oneshot(op, in, in_len, out, out_len);
}

CK_RV p11_op_update(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  if (op == NULL || (in == NULL && in_len != 0)) return CKR_ARGUMENTS_BAD;
  int has_out = op->kind == P11_OP_ENCRYPT || op->kind == P11_OP_DECRYPT;
  if (has_out && out_len == NULL) return CKR_ARGUMENTS_BAD;
  CK_RV rv;
  if (op->vt->update != NULL) {
    rv = op->vt->update(op, in, in_len, out, out_len);
  } else {
    // Single-part mechanism: buffer the input until final.
    if (in_len > P11M_MAX_BUFFER - op->buf_len) return CKR_DATA_LEN_RANGE;
    if (op->buf_len + in_len > op->buf_cap) {
      size_t cap = op->buf_cap ? op->buf_cap : 256;
      while (cap < op->buf_len + in_len) cap *= 2;
      CK_BYTE *nb = malloc(cap);
      if (nb == NULL) return CKR_HOST_MEMORY;
      if (op->buf_len) memcpy(nb, op->buf, op->buf_len);
      p11m_wipe_free(op->buf, op->buf_cap);
      op->buf = nb;
      op->buf_cap = cap;
    }
    if (in_len) memcpy(op->buf + op->buf_len, in, in_len);
    op->buf_len += in_len;
    if (has_out) *out_len = 0;
    rv = CKR_OK;
  }
  if (rv == CKR_OK) op->updating = 1;
  return rv;
}

CK_RV p11_op_final(p11_op *op, CK_BYTE *out, CK_ULONG *out_len) {
  if (op == NULL || out_len == NULL) return CKR_ARGUMENTS_BAD;
  if (op->vt->final != NULL) return op->vt->final(op, out, out_len);
  return op->vt->oneshot(op, op->buf, (CK_ULONG)op->buf_len, out, out_len);
}

void p11_op_free(p11_op *op) {
  if (op == NULL) return;
  if (op->st != NULL) {
    if (op->vt != NULL && op->vt->free_st != NULL) op->vt->free_st(op->st, op->st_size);
    p11m_wipe_free(op->st, op->st_size);
  }
  p11m_wipe_free(op->buf, op->buf_cap);
  p11m_wipe_free(op, sizeof *op);
}

// ---------------------------------------------------------------------------
// Key generation, derivation.

CK_RV p11_generate_key(const CK_MECHANISM *mech, p11_attrs *key) {
  if (mech == NULL || key == NULL) return CKR_ARGUMENTS_BAD;
  const mech_ent *e = find_mech(mech->mechanism);
  if (e == NULL || !(e->flags & CKF_GENERATE)) return CKR_MECHANISM_INVALID;
  CK_RV rv = p11m_no_param(mech);
  if (rv != CKR_OK) return rv;
  if (e->family == F_AES_GEN) return p11m_aes_keygen(mech, key);
  return p11m_secret_keygen(mech, key);
}

CK_RV p11_generate_key_pair(const CK_MECHANISM *mech, p11_attrs *pub, p11_attrs *priv) {
  if (mech == NULL || pub == NULL || priv == NULL) return CKR_ARGUMENTS_BAD;
  const mech_ent *e = find_mech(mech->mechanism);
  if (e == NULL || !(e->flags & CKF_GENERATE_KEY_PAIR)) return CKR_MECHANISM_INVALID;
  CK_RV rv = p11m_no_param(mech);
  if (rv != CKR_OK) return rv;
  switch (e->family) {
    case F_EC_GEN: return p11m_ec_keygen(mech, pub, priv);
    case F_ED_GEN: return p11m_ed_keygen(mech, pub, priv);
    case F_RSA_GEN: return p11m_rsa_keygen(mech, pub, priv);
    case F_MLKEM_GEN: return p11m_mlkem_keygen(mech, pub, priv);
    case F_MLDSA_GEN: return p11m_mldsa_keygen(mech, pub, priv);
    default: return CKR_MECHANISM_INVALID;
  }
}

CK_RV p11_derive_key(const CK_MECHANISM *mech, const p11_attrs *base, p11_attrs *key) {
  if (mech == NULL || base == NULL || key == NULL) return CKR_ARGUMENTS_BAD;
  const mech_ent *e = find_mech(mech->mechanism);
  if (e == NULL || !(e->flags & CKF_DERIVE)) return CKR_MECHANISM_INVALID;
  if (e->family == F_ECDH) return p11m_ecdh_derive(mech, base, key);
  return p11m_hkdf_derive(mech, base, key);
}

CK_RV p11_encapsulate(const CK_MECHANISM *mech, const p11_attrs *pub, p11_attrs *key, CK_BYTE *ct,
                      CK_ULONG *ct_len) {
  if (mech == NULL || pub == NULL || key == NULL || ct_len == NULL) return CKR_ARGUMENTS_BAD;
  const mech_ent *e = find_mech(mech->mechanism);
  if (e == NULL || !(e->flags & CKF_ENCAPSULATE)) return CKR_MECHANISM_INVALID;
  return p11m_mlkem_encaps(mech, pub, key, ct, ct_len);
}

CK_RV p11_decapsulate(const CK_MECHANISM *mech, const p11_attrs *priv, const CK_BYTE *ct, CK_ULONG ct_len,
                      p11_attrs *key) {
  if (mech == NULL || priv == NULL || key == NULL || (ct == NULL && ct_len != 0)) return CKR_ARGUMENTS_BAD;
  const mech_ent *e = find_mech(mech->mechanism);
  if (e == NULL || !(e->flags & CKF_DECAPSULATE)) return CKR_MECHANISM_INVALID;
  return p11m_mlkem_decaps(mech, priv, ct, ct_len, key);
}

// ---------------------------------------------------------------------------
// Wrapping.

CK_RV p11m_rsa_wrap_bytes(const CK_MECHANISM *mech, const p11_attrs *wrapping, const CK_BYTE *in, size_t in_len,
                          CK_BYTE *out, CK_ULONG *out_len);
CK_RV p11m_rsa_unwrap_bytes(const CK_MECHANISM *mech, const p11_attrs *unwrapping, const CK_BYTE *in,
                            size_t in_len, CK_BYTE **out, size_t *out_len);

CK_RV p11_wrap_key(const CK_MECHANISM *mech, const p11_attrs *wrapping, const p11_attrs *key, CK_BYTE *out,
                   CK_ULONG *out_len) {
  if (mech == NULL || wrapping == NULL || key == NULL || out_len == NULL) return CKR_ARGUMENTS_BAD;
  const mech_ent *e = find_mech(mech->mechanism);
  if (e == NULL || !(e->flags & CKF_WRAP)) return CKR_MECHANISM_INVALID;
  CK_OBJECT_CLASS cls;
  CK_KEY_TYPE kt;
  if (p11m_key_class_type(key, &cls, &kt) != CKR_OK) return CKR_KEY_NOT_WRAPPABLE;
  CK_BYTE *der = NULL;
  size_t der_len = 0;
  const CK_BYTE *mat;
  size_t mat_len;
  CK_RV rv = CKR_OK;
  if (cls == CKO_SECRET_KEY) {
    const p11_attr *v = p11m_value(key);
    if (v == NULL) return CKR_KEY_NOT_WRAPPABLE;
    mat = v->val;
    mat_len = v->len;
  } else if (cls == CKO_PRIVATE_KEY) {
    if (kt == CKK_EC || kt == CKK_EC_EDWARDS)
      rv = p11m_ec_private_to_pkcs8(key, &der, &der_len);
    else if (kt == CKK_RSA)
      rv = p11m_rsa_private_to_pkcs8(key, &der, &der_len);
    else
      rv = CKR_KEY_NOT_WRAPPABLE;
    if (rv != CKR_OK) return rv;
    mat = der;
    mat_len = der_len;
  } else {
    return CKR_KEY_NOT_WRAPPABLE;
  }
  if (e->family == F_AES_KW)
    rv = p11m_aes_wrap_bytes(mech, wrapping, mat, mat_len, out, out_len);
  else
    rv = p11m_rsa_wrap_bytes(mech, wrapping, mat, mat_len, out, out_len);
  p11m_wipe_free(der, der_len);
  return rv;
}

CK_RV p11_unwrap_key(const CK_MECHANISM *mech, const p11_attrs *unwrapping, const CK_BYTE *in, CK_ULONG in_len,
                     p11_attrs *key) {
  if (mech == NULL || unwrapping == NULL || key == NULL || (in == NULL && in_len != 0)) return CKR_ARGUMENTS_BAD;
  const mech_ent *e = find_mech(mech->mechanism);
  if (e == NULL || !(e->flags & CKF_UNWRAP)) return CKR_MECHANISM_INVALID;
  CK_ULONG cls;
  int present;
  if (p11m_get_ulong(key, CKA_CLASS, &cls, &present) != CKR_OK) return CKR_TEMPLATE_INCONSISTENT;
  if (!present) cls = CKO_SECRET_KEY;
  if (cls != CKO_SECRET_KEY && cls != CKO_PRIVATE_KEY) return CKR_TEMPLATE_INCONSISTENT;
  CK_BYTE *mat = NULL;
  size_t mat_len = 0;
  CK_RV rv;
  if (e->family == F_AES_KW)
    rv = p11m_aes_unwrap_bytes(mech, unwrapping, in, in_len, &mat, &mat_len);
  else
    rv = p11m_rsa_unwrap_bytes(mech, unwrapping, in, in_len, &mat, &mat_len);
  if (rv != CKR_OK) return rv;
  if (cls == CKO_SECRET_KEY) {
    // CKA_VALUE_LEN may ask for fewer bytes than unwrapped (KW without
    // padding of a key whose length is not a multiple of 8).
    CK_ULONG want;
    if (p11m_get_ulong(key, CKA_VALUE_LEN, &want, &present) != CKR_OK)
      rv = CKR_ATTRIBUTE_VALUE_INVALID;
    else if (present && (want == 0 || want > mat_len))
      rv = CKR_TEMPLATE_INCONSISTENT;
    else
      rv = p11m_finish_secret(key, mat, present ? want : mat_len);
  } else {
    rv = p11m_pkcs8_to_attrs(mat, mat_len, key);
  }
  p11m_wipe_free(mat, mat_len);
  return rv;
}

// ---------------------------------------------------------------------------
// Import.

CK_RV p11_key_import(p11_attrs *obj) {
  if (obj == NULL) return CKR_ARGUMENTS_BAD;
  CK_ULONG cls, kt;
  int present;
  if (p11m_get_ulong(obj, CKA_CLASS, &cls, &present) != CKR_OK) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (!present) return CKR_TEMPLATE_INCOMPLETE;
  if (cls != CKO_SECRET_KEY && cls != CKO_PUBLIC_KEY && cls != CKO_PRIVATE_KEY) return CKR_OK;
  if (p11m_get_ulong(obj, CKA_KEY_TYPE, &kt, &present) != CKR_OK) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (!present) return CKR_TEMPLATE_INCOMPLETE;
  if (cls == CKO_SECRET_KEY) {
    const p11_attr *v = p11m_value(obj);
    if (v == NULL) return CKR_TEMPLATE_INCOMPLETE;
    if (kt == CKK_AES) {
      if (!aes_len_ok(v->len)) return CKR_ATTRIBUTE_VALUE_INVALID;
    } else if (kt == CKK_GENERIC_SECRET || kt == CKK_HKDF || kt == CKK_SHA_1_HMAC || kt == CKK_SHA224_HMAC ||
               kt == CKK_SHA256_HMAC || kt == CKK_SHA384_HMAC || kt == CKK_SHA512_HMAC) {
      if (v->len == 0) return CKR_ATTRIBUTE_VALUE_INVALID;
    } else {
      return CKR_ATTRIBUTE_VALUE_INVALID;
    }
    CK_ULONG vl;
    if (p11m_get_ulong(obj, CKA_VALUE_LEN, &vl, &present) != CKR_OK) return CKR_ATTRIBUTE_VALUE_INVALID;
    if (present && vl != v->len) return CKR_TEMPLATE_INCONSISTENT;
    return p11_attrs_set_ulong(obj, CKA_VALUE_LEN, v->len);
  }
  switch (kt) {
    case CKK_EC:
    case CKK_EC_EDWARDS: return p11m_ec_import(obj, cls, kt);
    case CKK_RSA: return p11m_rsa_import(obj, cls);
    case CKK_ML_KEM:
    case CKK_ML_DSA: return p11m_pq_import(obj, cls, kt);
    default: return CKR_ATTRIBUTE_VALUE_INVALID;
  }
}
