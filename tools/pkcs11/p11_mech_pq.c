// p11_mech_pq.c: ML-KEM (FIPS 203) and ML-DSA (FIPS 204) with the PKCS#11
// 3.2 identifiers: CKM_ML_KEM_KEY_PAIR_GEN, CKM_ML_KEM (C_EncapsulateKey /
// C_DecapsulateKey), CKM_ML_DSA_KEY_PAIR_GEN, CKM_ML_DSA (pure ML-DSA with an
// optional CK_SIGN_ADDITIONAL_CONTEXT: hedging and context string).
//
// Keys: CKA_PARAMETER_SET (CKP_ML_KEM_512/768/1024, CKP_ML_DSA_44/65/87);
// CKA_VALUE holds the encoded key of FIPS 203/204 (ek, expanded dk, pk, sk);
// private keys also keep CKA_SEED (d||z for ML-KEM, xi for ML-DSA).

#include <stdlib.h>
#include <string.h>

#include "p11_mech_int.h"

#include "cce/mldsa.h"
#include "cce/mlkem.h"
#include "cce/util.h"

static int kem_param(CK_ULONG ps, cce_mlkem_param *p) {
  switch (ps) {
    case CKP_ML_KEM_512: *p = CCE_MLKEM_512; return 1;
    case CKP_ML_KEM_768: *p = CCE_MLKEM_768; return 1;
    case CKP_ML_KEM_1024: *p = CCE_MLKEM_1024; return 1;
    default: return 0;
  }
}

static int dsa_param(CK_ULONG ps, cce_mldsa_param *p) {
  switch (ps) {
    case CKP_ML_DSA_44: *p = CCE_MLDSA_44; return 1;
    case CKP_ML_DSA_65: *p = CCE_MLDSA_65; return 1;
    case CKP_ML_DSA_87: *p = CCE_MLDSA_87; return 1;
    default: return 0;
  }
}

// gen_paramset: CKA_PARAMETER_SET of a key pair template (public, else
// private; both must agree), set on both.
static CK_RV gen_paramset(p11_attrs *pub, p11_attrs *priv, CK_ULONG *ps) {
  CK_ULONG a, b;
  int pa, pb;
  if (p11m_get_ulong(pub, CKA_PARAMETER_SET, &a, &pa) != CKR_OK ||
      p11m_get_ulong(priv, CKA_PARAMETER_SET, &b, &pb) != CKR_OK)
    return CKR_ATTRIBUTE_VALUE_INVALID;
  if (!pa && !pb) return CKR_TEMPLATE_INCOMPLETE;
  if (pa && pb && a != b) return CKR_TEMPLATE_INCONSISTENT;
  *ps = pa ? a : b;
  CK_RV rv = p11_attrs_set_ulong(pub, CKA_PARAMETER_SET, *ps);
  if (rv == CKR_OK) rv = p11_attrs_set_ulong(priv, CKA_PARAMETER_SET, *ps);
  return rv;
}

static CK_RV set_gen(p11_attrs *t, CK_OBJECT_CLASS cls, CK_KEY_TYPE kt, CK_MECHANISM_TYPE m) {
  CK_RV rv = p11m_set_class(t, cls);
  if (rv == CKR_OK) rv = p11m_set_key_type(t, kt);
  if (rv == CKR_OK) rv = p11_attrs_set_ulong(t, CKA_KEY_GEN_MECHANISM, m);
  if (rv == CKR_OK) rv = p11_attrs_set_bool(t, CKA_LOCAL, 1);
  return rv;
}

CK_RV p11m_mlkem_keygen(const CK_MECHANISM *mech, p11_attrs *pub, p11_attrs *priv) {
  CK_ULONG ps;
  cce_mlkem_param p;
  CK_RV rv = gen_paramset(pub, priv, &ps);
  if (rv != CKR_OK) return rv;
  if (!kem_param(ps, &p)) return CKR_ATTRIBUTE_VALUE_INVALID;
  rv = set_gen(pub, CKO_PUBLIC_KEY, CKK_ML_KEM, mech->mechanism);
  if (rv == CKR_OK) rv = set_gen(priv, CKO_PRIVATE_KEY, CKK_ML_KEM, mech->mechanism);
  if (rv != CKR_OK) return rv;
  size_t ekl, dkl;
  if (cce_mlkem_sizes(p, &ekl, &dkl, NULL) != CCE_OK) return CKR_FUNCTION_FAILED;
  uint8_t *ek = malloc(ekl), *dk = malloc(dkl), seed[CCE_MLKEM_SEED_BYTES];
  if (ek == NULL || dk == NULL) {
    rv = CKR_HOST_MEMORY;
  } else if (cce_mlkem_keygen(p, ek, ekl, dk, dkl, seed) != CCE_OK) {
    rv = CKR_DEVICE_ERROR;
  } else {
    rv = p11_attrs_set(pub, CKA_VALUE, ek, ekl);
    if (rv == CKR_OK) rv = p11_attrs_set(priv, CKA_VALUE, dk, dkl);
    if (rv == CKR_OK) rv = p11_attrs_set(priv, CKA_SEED, seed, sizeof seed);
  }
  cce_wipe(seed, sizeof seed);
  free(ek);
  p11m_wipe_free(dk, dkl);
  return rv;
}

CK_RV p11m_mldsa_keygen(const CK_MECHANISM *mech, p11_attrs *pub, p11_attrs *priv) {
  CK_ULONG ps;
  cce_mldsa_param p;
  CK_RV rv = gen_paramset(pub, priv, &ps);
  if (rv != CKR_OK) return rv;
  if (!dsa_param(ps, &p)) return CKR_ATTRIBUTE_VALUE_INVALID;
  rv = set_gen(pub, CKO_PUBLIC_KEY, CKK_ML_DSA, mech->mechanism);
  if (rv == CKR_OK) rv = set_gen(priv, CKO_PRIVATE_KEY, CKK_ML_DSA, mech->mechanism);
  if (rv != CKR_OK) return rv;
  size_t pkl, skl;
  if (cce_mldsa_sizes(p, &pkl, &skl, NULL) != CCE_OK) return CKR_FUNCTION_FAILED;
  uint8_t *pk = malloc(pkl), *sk = malloc(skl), seed[CCE_MLDSA_SEED_BYTES];
  if (pk == NULL || sk == NULL) {
    rv = CKR_HOST_MEMORY;
  } else if (cce_mldsa_keygen(p, pk, pkl, sk, skl, seed) != CCE_OK) {
    rv = CKR_DEVICE_ERROR;
  } else {
    rv = p11_attrs_set(pub, CKA_VALUE, pk, pkl);
    if (rv == CKR_OK) rv = p11_attrs_set(priv, CKA_VALUE, sk, skl);
    if (rv == CKR_OK) rv = p11_attrs_set(priv, CKA_SEED, seed, sizeof seed);
  }
  cce_wipe(seed, sizeof seed);
  free(pk);
  p11m_wipe_free(sk, skl);
  return rv;
}

// key_paramset checks class and type and reads CKA_PARAMETER_SET.
static CK_RV key_paramset(const p11_attrs *key, CK_OBJECT_CLASS want_cls, CK_KEY_TYPE want_kt, CK_ULONG *ps) {
  CK_OBJECT_CLASS cls;
  CK_KEY_TYPE kt;
  int present;
  if (p11m_key_class_type(key, &cls, &kt) != CKR_OK || cls != want_cls || kt != want_kt)
    return CKR_KEY_TYPE_INCONSISTENT;
  if (p11m_get_ulong(key, CKA_PARAMETER_SET, ps, &present) != CKR_OK || !present) return CKR_KEY_TYPE_INCONSISTENT;
  return CKR_OK;
}

// ---------------------------------------------------------------------------
// ML-KEM encapsulation.

static CK_RV new_shared_key(p11_attrs *key, const uint8_t ss[CCE_MLKEM_SS_BYTES]) {
  size_t n;
  CK_RV rv = p11m_secret_len(key, CCE_MLKEM_SS_BYTES, &n);
  if (rv != CKR_OK) return rv;
  if (n > CCE_MLKEM_SS_BYTES) return CKR_TEMPLATE_INCONSISTENT;
  return p11m_finish_secret(key, ss, n);
}

CK_RV p11m_mlkem_encaps(const CK_MECHANISM *mech, const p11_attrs *pub, p11_attrs *key, CK_BYTE *ct,
                        CK_ULONG *ct_len) {
  if (p11m_no_param(mech) != CKR_OK) return CKR_MECHANISM_PARAM_INVALID;
  CK_ULONG ps;
  cce_mlkem_param p;
  CK_RV rv = key_paramset(pub, CKO_PUBLIC_KEY, CKK_ML_KEM, &ps);
  if (rv != CKR_OK) return rv;
  if (!kem_param(ps, &p)) return CKR_KEY_TYPE_INCONSISTENT;
  size_t ekl, ctl;
  if (cce_mlkem_sizes(p, &ekl, NULL, &ctl) != CCE_OK) return CKR_FUNCTION_FAILED;
  if (!p11m_out(ct, ct_len, ctl, &rv)) return rv;
  const p11_attr *ek = p11m_value(pub);
  if (ek == NULL || ek->len != ekl) return CKR_KEY_TYPE_INCONSISTENT;
  uint8_t ss[CCE_MLKEM_SS_BYTES];
  cce_status st = cce_mlkem_encaps(p, ct, ctl, ss, ek->val, ek->len);
  if (st != CCE_OK) return st == CCE_ERR_KEY_INVALID ? CKR_KEY_TYPE_INCONSISTENT : p11m_rv(st);
  rv = new_shared_key(key, ss);
  cce_wipe(ss, sizeof ss);
  if (rv == CKR_OK) *ct_len = (CK_ULONG)ctl;
  return rv;
}

CK_RV p11m_mlkem_decaps(const CK_MECHANISM *mech, const p11_attrs *priv, const CK_BYTE *ct, CK_ULONG ct_len,
                        p11_attrs *key) {
  if (p11m_no_param(mech) != CKR_OK) return CKR_MECHANISM_PARAM_INVALID;
  CK_ULONG ps;
  cce_mlkem_param p;
  CK_RV rv = key_paramset(priv, CKO_PRIVATE_KEY, CKK_ML_KEM, &ps);
  if (rv != CKR_OK) return rv;
  if (!kem_param(ps, &p)) return CKR_KEY_TYPE_INCONSISTENT;
  size_t dkl, ctl;
  if (cce_mlkem_sizes(p, NULL, &dkl, &ctl) != CCE_OK) return CKR_FUNCTION_FAILED;
  if (ct_len != ctl) return CKR_ENCRYPTED_DATA_LEN_RANGE;
  uint8_t ss[CCE_MLKEM_SS_BYTES];
  cce_status st;
  const p11_attr *dk = p11m_value(priv), *seed = p11_attrs_get(priv, CKA_SEED);
  if (dk != NULL && dk->len == dkl)
    st = cce_mlkem_decaps(p, ss, ct, ct_len, dk->val, dk->len);
  else if (seed != NULL && seed->len == CCE_MLKEM_SEED_BYTES)
    st = cce_mlkem_decaps_seed(p, ss, ct, ct_len, seed->val);
  else
    return CKR_KEY_TYPE_INCONSISTENT;
  if (st != CCE_OK) return st == CCE_ERR_KEY_INVALID ? CKR_KEY_TYPE_INCONSISTENT : p11m_rv(st);
  rv = new_shared_key(key, ss);
  cce_wipe(ss, sizeof ss);
  return rv;
}

// ---------------------------------------------------------------------------
// ML-DSA signatures (single-part; multi-part input is buffered).

typedef struct mldsa_st {
  cce_mldsa_param p;
  uint8_t *key;
  size_t key_len, sig_len;
  uint8_t ctx[255];
  size_t ctx_len;
  unsigned flags;
} mldsa_st;

static void mldsa_free(void *p, size_t n) {
  (void)n;
  mldsa_st *s = p;
  p11m_wipe_free(s->key, s->key_len);
}

static CK_RV mldsa_oneshot(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  mldsa_st *s = op->st;
  CK_RV rv;
  cce_status st;
  if (op->kind == P11_OP_SIGN) {
    if (!p11m_out(out, out_len, s->sig_len, &rv)) return rv;
    st = cce_mldsa_sign(s->p, out, s->sig_len, s->key, s->key_len, in, in_len, s->ctx, s->ctx_len, s->flags);
    if (st != CCE_OK) return st == CCE_ERR_KEY_INVALID ? CKR_KEY_TYPE_INCONSISTENT : p11m_rv(st);
    *out_len = (CK_ULONG)s->sig_len;
    return CKR_OK;
  }
  if (out == NULL) return CKR_ARGUMENTS_BAD;
  if (*out_len != s->sig_len) return CKR_SIGNATURE_LEN_RANGE;
  st = cce_mldsa_verify(s->p, out, s->sig_len, s->key, s->key_len, in, in_len, s->ctx, s->ctx_len);
  if (st == CCE_OK) return CKR_OK;
  return st == CCE_ERR_SIGNATURE ? CKR_SIGNATURE_INVALID : p11m_rv(st);
}

static const p11_op_vt k_mldsa_vt = {mldsa_oneshot, NULL, NULL, mldsa_free};

CK_RV p11m_mldsa_op_init(p11_op *op, const CK_MECHANISM *mech, const p11_attrs *key) {
  mldsa_st *s = calloc(1, sizeof *s);
  if (s == NULL) return CKR_HOST_MEMORY;
  op->st = s;
  op->st_size = sizeof *s;
  op->vt = &k_mldsa_vt;
  if (mech->ulParameterLen != 0) {
    const p11m_sign_ctx_params *p = p11m_param(mech, sizeof *p);
    if (p == NULL || p->ulContextLen > 255 || (p->pContext == NULL && p->ulContextLen != 0))
      return CKR_MECHANISM_PARAM_INVALID;
    if (p->hedgeVariant == CKH_DETERMINISTIC_REQUIRED)
      s->flags = CCE_MLDSA_DETERMINISTIC;
    else if (p->hedgeVariant != CKH_HEDGE_PREFERRED && p->hedgeVariant != CKH_HEDGE_REQUIRED)
      return CKR_MECHANISM_PARAM_INVALID;
    if (p->ulContextLen) memcpy(s->ctx, p->pContext, p->ulContextLen);
    s->ctx_len = p->ulContextLen;
  }
  int sign = op->kind == P11_OP_SIGN;
  CK_ULONG ps;
  CK_RV rv = key_paramset(key, sign ? CKO_PRIVATE_KEY : CKO_PUBLIC_KEY, CKK_ML_DSA, &ps);
  if (rv != CKR_OK) return rv;
  if (!dsa_param(ps, &s->p)) return CKR_KEY_TYPE_INCONSISTENT;
  size_t pkl, skl;
  if (cce_mldsa_sizes(s->p, &pkl, &skl, &s->sig_len) != CCE_OK) return CKR_FUNCTION_FAILED;
  s->key_len = sign ? skl : pkl;
  s->key = malloc(s->key_len);
  if (s->key == NULL) return CKR_HOST_MEMORY;
  const p11_attr *v = p11m_value(key), *seed = p11_attrs_get(key, CKA_SEED);
  if (v != NULL && v->len == s->key_len) {
    memcpy(s->key, v->val, s->key_len);
  } else if (sign && seed != NULL && seed->len == CCE_MLDSA_SEED_BYTES) {
    if (cce_mldsa_keygen_seed(s->p, NULL, 0, s->key, s->key_len, seed->val) != CCE_OK) return CKR_FUNCTION_FAILED;
  } else {
    return CKR_KEY_TYPE_INCONSISTENT;
  }
  return CKR_OK;
}

// ---------------------------------------------------------------------------
// Import: parameter set known, lengths right, ML-KEM key checks of FIPS 203
// section 7; a private key given only as CKA_SEED is expanded into
// CKA_VALUE (a seed given with a value must match it).

CK_RV p11m_pq_import(p11_attrs *obj, CK_OBJECT_CLASS cls, CK_KEY_TYPE kt) {
  CK_ULONG ps;
  int present;
  if (p11m_get_ulong(obj, CKA_PARAMETER_SET, &ps, &present) != CKR_OK) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (!present) return CKR_TEMPLATE_INCOMPLETE;
  if (cls != CKO_PUBLIC_KEY && cls != CKO_PRIVATE_KEY) return CKR_TEMPLATE_INCONSISTENT;
  const p11_attr *v = p11m_value(obj), *seed = p11_attrs_get(obj, CKA_SEED);
  size_t pub_len, priv_len, seed_len;
  cce_mlkem_param kp = CCE_MLKEM_768;
  cce_mldsa_param dp = CCE_MLDSA_65;
  if (kt == CKK_ML_KEM) {
    if (!kem_param(ps, &kp)) return CKR_ATTRIBUTE_VALUE_INVALID;
    if (cce_mlkem_sizes(kp, &pub_len, &priv_len, NULL) != CCE_OK) return CKR_FUNCTION_FAILED;
    seed_len = CCE_MLKEM_SEED_BYTES;
  } else {
    if (!dsa_param(ps, &dp)) return CKR_ATTRIBUTE_VALUE_INVALID;
    if (cce_mldsa_sizes(dp, &pub_len, &priv_len, NULL) != CCE_OK) return CKR_FUNCTION_FAILED;
    seed_len = CCE_MLDSA_SEED_BYTES;
  }
  if (cls == CKO_PUBLIC_KEY) {
    if (v == NULL) return CKR_TEMPLATE_INCOMPLETE;
    if (v->len != pub_len) return CKR_ATTRIBUTE_VALUE_INVALID;
    if (kt == CKK_ML_KEM && cce_mlkem_check_ek(kp, v->val, v->len) != CCE_OK) return CKR_ATTRIBUTE_VALUE_INVALID;
    return CKR_OK;
  }
  if (seed != NULL && seed->len != seed_len) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (v == NULL && seed == NULL) return CKR_TEMPLATE_INCOMPLETE;
  if (v != NULL && v->len != priv_len) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (v != NULL && kt == CKK_ML_KEM && cce_mlkem_check_dk(kp, v->val, v->len) != CCE_OK)
    return CKR_ATTRIBUTE_VALUE_INVALID;
  if (seed == NULL) return CKR_OK;
  uint8_t *exp = malloc(priv_len), *pub = malloc(pub_len);
  CK_RV rv = CKR_OK;
  if (exp == NULL || pub == NULL) {
    rv = CKR_HOST_MEMORY;
  } else {
    cce_status st = kt == CKK_ML_KEM ? cce_mlkem_keygen_seed(kp, pub, pub_len, exp, priv_len, seed->val)
                                     : cce_mldsa_keygen_seed(dp, pub, pub_len, exp, priv_len, seed->val);
    if (st != CCE_OK)
      rv = CKR_ATTRIBUTE_VALUE_INVALID;
    else if (v != NULL)
      rv = cce_memeq(v->val, exp, priv_len) == CCE_OK ? CKR_OK : CKR_ATTRIBUTE_VALUE_INVALID;
    else
      rv = p11_attrs_set(obj, CKA_VALUE, exp, priv_len);
  }
  p11m_wipe_free(exp, priv_len);
  free(pub);
  return rv;
}
