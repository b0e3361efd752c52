// p11_mech_rsa.c: RSA mechanisms of libcce-pkcs11.so through
// include/cce/rsa.h: CKM_RSA_PKCS_KEY_PAIR_GEN (2048/3072/4096 bits),
// CKM_RSA_PKCS (sign/verify of a DigestInfo), CKM_RSA_PKCS_PSS (sign/verify
// of a digest, CK_RSA_PKCS_PSS_PARAMS), CKM_SHA{224,256,384,512}_RSA_PKCS,
// CKM_SHA3_*_RSA_PKCS and their _PSS forms (SHA-1 forms verify only, as the
// module refuses SHA-1 signatures), CKM_RSA_PKCS_OAEP (encrypt/decrypt,
// wrap/unwrap of secret keys; label from pSourceData). The module has no raw
// RSA and no PKCS#1 v1.5 encryption, so CKM_RSA_X_509 and CKM_RSA_PKCS
// encryption are not offered. CKM_RSA_PKCS signing hands the caller's T to
// cce_rsa_pkcs1_sign_raw (any DigestInfo, SHA-1 included, as pkcs11-tool
// --test uses; not approved); verification parses the DigestInfo (SHA-1,
// SHA-2, SHA-3).

#include <stdlib.h>
#include <string.h>

#include "p11_mech_int.h"

#include "cce/encoding.h"
#include "cce/rsa.h"
#include "cce/util.h"

// Referenced weakly: without it (an older module) CKM_RSA_PKCS signs only
// the DigestInfos the module's own PKCS#1 signing accepts.
#pragma weak cce_rsa_pkcs1_sign_raw

typedef struct rsa_st {
  cce_rsa_private_key priv;
  cce_rsa_public_key pub;
  int is_priv;
  size_t k;            // modulus bytes
  int pss, pkcs_raw, oaep;
  cce_hash_alg hash;   // message hash (combined mechanisms) or PSS/OAEP hash
  int combined;        // the mechanism hashes the message itself
  cce_hash_alg mgf;
  size_t salt_len;
  cce_hash_ctx h;
  uint8_t *label;
  size_t label_len;
} rsa_st;

static void rsa_free(void *p, size_t n) {
  (void)n;
  rsa_st *s = p;
  cce_rsa_private_key_wipe(&s->priv);
  cce_hash_cleanup(&s->h);
  p11m_wipe_free(s->label, s->label_len);
}

static const p11_attr *A(const p11_attrs *k, CK_ATTRIBUTE_TYPE t) { return p11_attrs_get(k, t); }

// load_rsa loads a private (is_priv) or public RSA key from its attributes.
static CK_RV load_rsa(const p11_attrs *key, int is_priv, cce_rsa_private_key *priv, cce_rsa_public_key *pub) {
  const p11_attr *n = A(key, CKA_MODULUS), *e = A(key, CKA_PUBLIC_EXPONENT);
  if (n == NULL || e == NULL) return CKR_KEY_TYPE_INCONSISTENT;
  if (!is_priv) {
    cce_status st = cce_rsa_public_key_init(pub, n->val, n->len, e->val, e->len);
    return st == CCE_OK ? CKR_OK : st == CCE_ERR_INVALID_LENGTH ? CKR_KEY_SIZE_RANGE : CKR_KEY_TYPE_INCONSISTENT;
  }
  const p11_attr *d = A(key, CKA_PRIVATE_EXPONENT), *p = A(key, CKA_PRIME_1), *q = A(key, CKA_PRIME_2),
                 *dp = A(key, CKA_EXPONENT_1), *dq = A(key, CKA_EXPONENT_2), *qi = A(key, CKA_COEFFICIENT);
  int crt = p && q && dp && dq && qi;
  if (!crt && d == NULL) return CKR_KEY_TYPE_INCONSISTENT;
  cce_status st = cce_rsa_private_key_init(
      priv, n->val, n->len, e->val, e->len, d ? d->val : NULL, d ? d->len : 0, crt ? p->val : NULL, crt ? p->len : 0,
      crt ? q->val : NULL, crt ? q->len : 0, crt ? dp->val : NULL, crt ? dp->len : 0, crt ? dq->val : NULL,
      crt ? dq->len : 0, crt ? qi->val : NULL, crt ? qi->len : 0);
  if (st != CCE_OK) return st == CCE_ERR_INVALID_LENGTH ? CKR_KEY_SIZE_RANGE : CKR_KEY_TYPE_INCONSISTENT;
  return cce_rsa_public_from_private(pub, priv) == CCE_OK ? CKR_OK : CKR_FUNCTION_FAILED;
}

// ---------------------------------------------------------------------------
// DigestInfo (RFC 8017 9.2, note 1).

static const uint8_t k_di_sha1[15] = {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
                                      0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};

// parse_digest_info recognises the DigestInfo of SHA-1, SHA-2 and SHA-3.
static cce_hash_alg parse_digest_info(const uint8_t *in, size_t n, const uint8_t **dg, size_t *dl) {
  if (n == 35 && memcmp(in, k_di_sha1, 15) == 0) {
    *dg = in + 15;
    *dl = 20;
    return CCE_HASH_SHA1;
  }
  static const uint8_t nist[] = {0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02};
  if (n < 19 || in[0] != 0x30 || in[1] != n - 2 || memcmp(in + 2, nist, sizeof nist) != 0 || in[15] != 0x05 ||
      in[16] != 0x00 || in[17] != 0x04 || in[18] != n - 19)
    return CCE_HASH_NONE;
  cce_hash_alg a;
  switch (in[14]) {
    case 0x01: a = CCE_HASH_SHA256; break;
    case 0x02: a = CCE_HASH_SHA384; break;
    case 0x03: a = CCE_HASH_SHA512; break;
    case 0x04: a = CCE_HASH_SHA224; break;
    case 0x07: a = CCE_HASH_SHA3_224; break;
    case 0x08: a = CCE_HASH_SHA3_256; break;
    case 0x09: a = CCE_HASH_SHA3_384; break;
    case 0x0a: a = CCE_HASH_SHA3_512; break;
    default: return CCE_HASH_NONE;
  }
  if (n - 19 != cce_hash_digest_len(a)) return CCE_HASH_NONE;
  *dg = in + 19;
  *dl = n - 19;
  return a;
}

// ---------------------------------------------------------------------------
// Signatures.

static CK_RV map_sign_err(cce_status st) {
  switch (st) {
    case CCE_ERR_UNSUPPORTED: return CKR_DATA_INVALID;  // SHA-1 signing is refused by the module
    case CCE_ERR_INVALID_LENGTH: return CKR_KEY_SIZE_RANGE;
    default: return p11m_rv(st);
  }
}

static CK_RV rsa_sig_digest(p11_op *op, rsa_st *s, cce_hash_alg alg, const uint8_t *dg, size_t dl, CK_BYTE *out,
                            CK_ULONG *out_len) {
  CK_RV rv;
  cce_status st;
  if (op->kind == P11_OP_SIGN) {
    if (!p11m_out(out, out_len, s->k, &rv)) return rv;
    size_t got = 0;
    if (s->pss)
      st = cce_rsa_pss_sign_digest(&s->priv, alg, CCE_RSA_MGF1, s->mgf, s->salt_len, dg, dl, out, s->k, &got);
    else
      st = cce_rsa_pkcs1_sign_digest(&s->priv, alg, dg, dl, out, s->k, &got);
    if (st != CCE_OK) return map_sign_err(st);
    *out_len = (CK_ULONG)got;
    return CKR_OK;
  }
  if (out == NULL) return CKR_ARGUMENTS_BAD;
  if (*out_len != s->k) return CKR_SIGNATURE_LEN_RANGE;
  if (s->pss)
    st = cce_rsa_pss_verify_digest(&s->pub, alg, CCE_RSA_MGF1, s->mgf, s->salt_len, dg, dl, out, s->k);
  else
    st = cce_rsa_pkcs1_verify_digest(&s->pub, alg, dg, dl, out, s->k);
  if (st == CCE_OK) return CKR_OK;
  if (st == CCE_ERR_SIGNATURE) return CKR_SIGNATURE_INVALID;
  return st == CCE_ERR_UNSUPPORTED ? CKR_DATA_INVALID : CKR_FUNCTION_FAILED;
}

static CK_RV rsa_final(p11_op *op, CK_BYTE *out, CK_ULONG *out_len) {
  rsa_st *s = op->st;
  CK_RV rv;
  if (op->kind == P11_OP_SIGN && !p11m_out(out, out_len, s->k, &rv)) return rv;
  if (op->kind == P11_OP_VERIFY && out != NULL && *out_len != s->k) return CKR_SIGNATURE_LEN_RANGE;
  uint8_t dg[CCE_HASH_MAX_DIGEST_BYTES];
  if (cce_hash_final(&s->h, dg, sizeof dg) != CCE_OK) return CKR_FUNCTION_FAILED;
  rv = rsa_sig_digest(op, s, s->hash, dg, cce_hash_digest_len(s->hash), out, out_len);
  cce_wipe(dg, sizeof dg);
  return rv;
}

static CK_RV rsa_update(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  (void)out;
  (void)out_len;
  rsa_st *s = op->st;
  return cce_hash_update(&s->h, in, in_len) == CCE_OK ? CKR_OK : CKR_FUNCTION_FAILED;
}

static CK_RV rsa_sig_oneshot(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  rsa_st *s = op->st;
  CK_RV rv;
  if (op->kind == P11_OP_SIGN && !p11m_out(out, out_len, s->k, &rv)) return rv;
  if (op->kind == P11_OP_VERIFY && out != NULL && *out_len != s->k) return CKR_SIGNATURE_LEN_RANGE;
  if (s->combined) {
    rv = rsa_update(op, in, in_len, NULL, NULL);
    return rv == CKR_OK ? rsa_final(op, out, out_len) : rv;
  }
  if (s->pkcs_raw) {
    const uint8_t *dg;
    size_t dl;
    if (in_len > s->k - 11) return CKR_DATA_LEN_RANGE;
    if (op->kind == P11_OP_SIGN && cce_rsa_pkcs1_sign_raw != NULL) {
      size_t got = 0;
      if (in_len == 0) return CKR_DATA_LEN_RANGE;
      cce_status st = cce_rsa_pkcs1_sign_raw(&s->priv, in, in_len, out, s->k, &got);
      if (st != CCE_OK) return map_sign_err(st);
      *out_len = (CK_ULONG)got;
      return CKR_OK;
    }
    cce_hash_alg a = parse_digest_info(in, in_len, &dg, &dl);
    if (a == CCE_HASH_NONE) return CKR_DATA_INVALID;
    return rsa_sig_digest(op, s, a, dg, dl, out, out_len);
  }
  // CKM_RSA_PKCS_PSS: the input is the digest.
  if (in_len != cce_hash_digest_len(s->hash)) return CKR_DATA_LEN_RANGE;
  return rsa_sig_digest(op, s, s->hash, in, in_len, out, out_len);
}

static const p11_op_vt k_rsa_raw_vt = {rsa_sig_oneshot, NULL, NULL, rsa_free};
static const p11_op_vt k_rsa_hash_vt = {rsa_sig_oneshot, rsa_update, rsa_final, rsa_free};

// ---------------------------------------------------------------------------
// OAEP.

static CK_RV oaep_oneshot(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  rsa_st *s = op->st;
  CK_RV rv;
  size_t got = 0;
  size_t hl = cce_hash_digest_len(s->hash);
  if (op->kind == P11_OP_ENCRYPT) {
    if (in_len + 2 * hl + 2 > s->k) return CKR_DATA_LEN_RANGE;
    if (!p11m_out(out, out_len, s->k, &rv)) return rv;
    cce_status st =
        cce_rsa_oaep_encrypt(&s->pub, s->hash, s->mgf, s->label, s->label_len, in, in_len, out, s->k, &got);
    if (st != CCE_OK) return p11m_rv(st);
    *out_len = (CK_ULONG)got;
    return CKR_OK;
  }
  if (in_len != s->k) return CKR_ENCRYPTED_DATA_LEN_RANGE;
  uint8_t *tmp = malloc(s->k);
  if (tmp == NULL) return CKR_HOST_MEMORY;
  cce_status st = cce_rsa_oaep_decrypt(&s->priv, s->hash, s->mgf, s->label, s->label_len, in, in_len, tmp, s->k, &got);
  if (st == CCE_ERR_DECODE) {
    rv = CKR_ENCRYPTED_DATA_INVALID;
  } else if (st != CCE_OK) {
    rv = st == CCE_ERR_INVALID_LENGTH ? CKR_KEY_SIZE_RANGE : p11m_rv(st);
  } else if (p11m_out(out, out_len, got, &rv)) {
    memcpy(out, tmp, got);
    *out_len = (CK_ULONG)got;
  }
  p11m_wipe_free(tmp, s->k);
  return rv;
}

static const p11_op_vt k_oaep_vt = {oaep_oneshot, NULL, NULL, rsa_free};

// ---------------------------------------------------------------------------
// Init.

static cce_hash_alg pss_combined_hash(CK_MECHANISM_TYPE m, int *pss) {
  *pss = 1;
  switch (m) {
    case CKM_SHA1_RSA_PKCS_PSS: return CCE_HASH_SHA1;
    case CKM_SHA224_RSA_PKCS_PSS: return CCE_HASH_SHA224;
    case CKM_SHA256_RSA_PKCS_PSS: return CCE_HASH_SHA256;
    case CKM_SHA384_RSA_PKCS_PSS: return CCE_HASH_SHA384;
    case CKM_SHA512_RSA_PKCS_PSS: return CCE_HASH_SHA512;
    case CKM_SHA3_224_RSA_PKCS_PSS: return CCE_HASH_SHA3_224;
    case CKM_SHA3_256_RSA_PKCS_PSS: return CCE_HASH_SHA3_256;
    case CKM_SHA3_384_RSA_PKCS_PSS: return CCE_HASH_SHA3_384;
    case CKM_SHA3_512_RSA_PKCS_PSS: return CCE_HASH_SHA3_512;
    default: break;
  }
  *pss = 0;
  switch (m) {
    case CKM_SHA1_RSA_PKCS: return CCE_HASH_SHA1;
    case CKM_SHA224_RSA_PKCS: return CCE_HASH_SHA224;
    case CKM_SHA256_RSA_PKCS: return CCE_HASH_SHA256;
    case CKM_SHA384_RSA_PKCS: return CCE_HASH_SHA384;
    case CKM_SHA512_RSA_PKCS: return CCE_HASH_SHA512;
    case CKM_SHA3_224_RSA_PKCS: return CCE_HASH_SHA3_224;
    case CKM_SHA3_256_RSA_PKCS: return CCE_HASH_SHA3_256;
    case CKM_SHA3_384_RSA_PKCS: return CCE_HASH_SHA3_384;
    case CKM_SHA3_512_RSA_PKCS: return CCE_HASH_SHA3_512;
    default: return CCE_HASH_NONE;
  }
}

// oaep_params checks CK_RSA_PKCS_OAEP_PARAMS and fills the state.
static CK_RV oaep_params(const CK_MECHANISM *mech, rsa_st *s) {
  const p11m_oaep_params *p = p11m_param(mech, sizeof *p);
  if (p == NULL) return CKR_MECHANISM_PARAM_INVALID;
  s->hash = p11m_hash_of(p->hashAlg);
  s->mgf = p11m_mgf_hash(p->mgf);
  if (s->hash == CCE_HASH_NONE || s->mgf == CCE_HASH_NONE) return CKR_MECHANISM_PARAM_INVALID;
  if (p->source != CKZ_DATA_SPECIFIED && !(p->source == 0 && p->ulSourceDataLen == 0))
    return CKR_MECHANISM_PARAM_INVALID;
  if (p->pSourceData == NULL && p->ulSourceDataLen != 0) return CKR_MECHANISM_PARAM_INVALID;
  s->label_len = p->ulSourceDataLen;
  s->label = malloc(s->label_len ? s->label_len : 1);
  if (s->label == NULL) return CKR_HOST_MEMORY;
  if (s->label_len) memcpy(s->label, p->pSourceData, s->label_len);
  return CKR_OK;
}

static CK_RV rsa_key_check(const p11_attrs *key, int want_priv) {
  CK_OBJECT_CLASS cls;
  CK_KEY_TYPE kt;
  if (p11m_key_class_type(key, &cls, &kt) != CKR_OK || kt != CKK_RSA ||
      cls != (want_priv ? CKO_PRIVATE_KEY : CKO_PUBLIC_KEY))
    return CKR_KEY_TYPE_INCONSISTENT;
  return CKR_OK;
}

CK_RV p11m_rsa_op_init(p11_op *op, const CK_MECHANISM *mech, const p11_attrs *key) {
  rsa_st *s = calloc(1, sizeof *s);
  if (s == NULL) return CKR_HOST_MEMORY;
  op->st = s;
  op->st_size = sizeof *s;
  op->vt = &k_rsa_raw_vt;
  s->is_priv = op->kind == P11_OP_SIGN || op->kind == P11_OP_DECRYPT;
  CK_RV rv = rsa_key_check(key, s->is_priv);
  if (rv != CKR_OK) return rv;
  rv = load_rsa(key, s->is_priv, &s->priv, &s->pub);
  if (rv != CKR_OK) return rv;
  s->k = (cce_rsa_public_bits(&s->pub) + 7) / 8;
  if (s->is_priv && cce_rsa_public_bits(&s->pub) < 2048) return CKR_KEY_SIZE_RANGE;
  switch (mech->mechanism) {
    case CKM_RSA_PKCS:
      s->pkcs_raw = 1;
      return p11m_no_param(mech) == CKR_OK ? CKR_OK : CKR_MECHANISM_PARAM_INVALID;
    case CKM_RSA_PKCS_OAEP:
      op->vt = &k_oaep_vt;
      s->oaep = 1;
      rv = oaep_params(mech, s);
      if (rv == CKR_OK && 2 * cce_hash_digest_len(s->hash) + 2 > s->k) rv = CKR_KEY_SIZE_RANGE;
      return rv;
    default: break;
  }
  int pss;
  cce_hash_alg h = pss_combined_hash(mech->mechanism, &pss);
  if (mech->mechanism == CKM_RSA_PKCS_PSS) {
    pss = 1;
  } else if (h == CCE_HASH_NONE) {
    return CKR_MECHANISM_INVALID;
  } else {
    s->combined = 1;
    s->hash = h;
    op->vt = &k_rsa_hash_vt;
  }
  s->pss = pss;
  if (pss) {
    const p11m_pss_params *p = p11m_param(mech, sizeof *p);
    if (p == NULL) return CKR_MECHANISM_PARAM_INVALID;
    cce_hash_alg ph = p11m_hash_of(p->hashAlg);
    s->mgf = p11m_mgf_hash(p->mgf);
    if (ph == CCE_HASH_NONE || s->mgf == CCE_HASH_NONE || (s->combined && ph != s->hash))
      return CKR_MECHANISM_PARAM_INVALID;
    s->hash = ph;
    if (p->sLen + cce_hash_digest_len(ph) + 2 > s->k) return CKR_MECHANISM_PARAM_INVALID;
    s->salt_len = p->sLen;
  } else if (p11m_no_param(mech) != CKR_OK) {
    return CKR_MECHANISM_PARAM_INVALID;
  }
  if (s->combined && cce_hash_init(&s->h, s->hash) != CCE_OK) return CKR_FUNCTION_FAILED;
  return CKR_OK;
}

// ---------------------------------------------------------------------------
// Key generation.

static CK_RV put_component(p11_attrs *t, CK_ATTRIBUTE_TYPE type, const cce_rsa_private_key *k,
                           cce_rsa_component c) {
  uint8_t buf[CCE_RSA_MAX_BYTES];
  size_t n = 0;
  CK_RV rv = cce_rsa_private_export(k, c, buf, sizeof buf, &n) == CCE_OK ? p11_attrs_set(t, type, buf, n)
                                                                         : CKR_FUNCTION_FAILED;
  cce_wipe(buf, sizeof buf);
  return rv;
}

static CK_RV put_private(p11_attrs *t, const cce_rsa_private_key *k) {
  static const struct {
    CK_ATTRIBUTE_TYPE type;
    cce_rsa_component c;
  } comps[] = {{CKA_MODULUS, CCE_RSA_N},        {CKA_PUBLIC_EXPONENT, CCE_RSA_E}, {CKA_PRIVATE_EXPONENT, CCE_RSA_D},
               {CKA_PRIME_1, CCE_RSA_P},        {CKA_PRIME_2, CCE_RSA_Q},         {CKA_EXPONENT_1, CCE_RSA_DP},
               {CKA_EXPONENT_2, CCE_RSA_DQ},    {CKA_COEFFICIENT, CCE_RSA_QINV}};
  CK_RV rv = CKR_OK;
  for (size_t i = 0; i < sizeof comps / sizeof comps[0] && rv == CKR_OK; i++)
    rv = put_component(t, comps[i].type, k, comps[i].c);
  return rv;
}

CK_RV p11m_rsa_keygen(const CK_MECHANISM *mech, p11_attrs *pub, p11_attrs *priv) {
  CK_ULONG bits;
  int present;
  if (p11m_get_ulong(pub, CKA_MODULUS_BITS, &bits, &present) != CKR_OK) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (!present) return CKR_TEMPLATE_INCOMPLETE;
  if (bits != 2048 && bits != 3072 && bits != 4096) return CKR_KEY_SIZE_RANGE;
  const p11_attr *e = p11_attrs_get(pub, CKA_PUBLIC_EXPONENT);
  uint8_t ebuf[CCE_RSA_MAX_E_BYTES];
  size_t e_len = 0;
  if (e != NULL) {
    const uint8_t *ep = e->val;
    size_t el = e->len;
    while (el > 0 && *ep == 0) {
      ep++;
      el--;
    }
    if (el == 0 || el > sizeof ebuf) return CKR_ATTRIBUTE_VALUE_INVALID;
    memcpy(ebuf, ep, el);
    e_len = el;
  }
  CK_RV rv = p11m_set_class(pub, CKO_PUBLIC_KEY);
  if (rv == CKR_OK) rv = p11m_set_key_type(pub, CKK_RSA);
  if (rv == CKR_OK) rv = p11m_set_class(priv, CKO_PRIVATE_KEY);
  if (rv == CKR_OK) rv = p11m_set_key_type(priv, CKK_RSA);
  if (rv != CKR_OK) return rv;
  cce_rsa_private_key *k = malloc(sizeof *k);
  if (k == NULL) return CKR_HOST_MEMORY;
  cce_status st = cce_rsa_generate_key(k, (unsigned)bits, e_len ? ebuf : NULL, e_len);
  if (st != CCE_OK) {
    rv = st == CCE_ERR_INVALID_ARG || st == CCE_ERR_INVALID_LENGTH ? CKR_ATTRIBUTE_VALUE_INVALID : CKR_DEVICE_ERROR;
  } else {
    rv = put_private(priv, k);
    if (rv == CKR_OK) rv = put_component(pub, CKA_MODULUS, k, CCE_RSA_N);
    if (rv == CKR_OK) rv = put_component(pub, CKA_PUBLIC_EXPONENT, k, CCE_RSA_E);
  }
  cce_rsa_private_key_wipe(k);
  free(k);
  for (int i = 0; i < 2 && rv == CKR_OK; i++) {
    p11_attrs *t = i ? priv : pub;
    rv = p11_attrs_set_ulong(t, CKA_KEY_GEN_MECHANISM, mech->mechanism);
    if (rv == CKR_OK) rv = p11_attrs_set_bool(t, CKA_LOCAL, 1);
  }
  return rv;
}

// ---------------------------------------------------------------------------
// Import.

CK_RV p11m_rsa_import(p11_attrs *obj, CK_OBJECT_CLASS cls) {
  if (cls != CKO_PUBLIC_KEY && cls != CKO_PRIVATE_KEY) return CKR_TEMPLATE_INCONSISTENT;
  if (A(obj, CKA_MODULUS) == NULL || A(obj, CKA_PUBLIC_EXPONENT) == NULL) return CKR_TEMPLATE_INCOMPLETE;
  cce_rsa_private_key *k = malloc(sizeof *k);
  cce_rsa_public_key *p = malloc(sizeof *p);
  CK_RV rv = k && p ? load_rsa(obj, cls == CKO_PRIVATE_KEY, k, p) : CKR_HOST_MEMORY;
  if (rv == CKR_KEY_TYPE_INCONSISTENT || rv == CKR_KEY_SIZE_RANGE) rv = CKR_ATTRIBUTE_VALUE_INVALID;
  if (rv == CKR_OK && cls == CKO_PUBLIC_KEY) {
    CK_ULONG bits = (CK_ULONG)cce_rsa_public_bits(p), cur;
    int present;
    if (p11m_get_ulong(obj, CKA_MODULUS_BITS, &cur, &present) != CKR_OK || (present && cur != bits))
      rv = CKR_TEMPLATE_INCONSISTENT;
    else
      rv = p11_attrs_set_ulong(obj, CKA_MODULUS_BITS, bits);
  }
  if (k != NULL) {
    cce_rsa_private_key_wipe(k);
    free(k);
  }
  free(p);
  return rv;
}

// ---------------------------------------------------------------------------
// Wrapping (OAEP) and PKCS#8.

CK_RV p11m_rsa_wrap_bytes(const CK_MECHANISM *mech, const p11_attrs *wrapping, const CK_BYTE *in, size_t in_len,
                          CK_BYTE *out, CK_ULONG *out_len) {
  if (rsa_key_check(wrapping, 0) != CKR_OK) return CKR_WRAPPING_KEY_TYPE_INCONSISTENT;
  rsa_st *s = calloc(1, sizeof *s);
  if (s == NULL) return CKR_HOST_MEMORY;
  CK_RV rv = load_rsa(wrapping, 0, &s->priv, &s->pub);
  if (rv == CKR_OK) rv = oaep_params(mech, s);
  if (rv == CKR_OK) {
    s->k = (cce_rsa_public_bits(&s->pub) + 7) / 8;
    if (in_len + 2 * cce_hash_digest_len(s->hash) + 2 > s->k) {
      rv = CKR_KEY_SIZE_RANGE;
    } else if (p11m_out(out, out_len, s->k, &rv)) {
      size_t got = 0;
      cce_status st =
          cce_rsa_oaep_encrypt(&s->pub, s->hash, s->mgf, s->label, s->label_len, in, in_len, out, s->k, &got);
      rv = st == CCE_OK ? CKR_OK : p11m_rv(st);
      if (rv == CKR_OK) *out_len = (CK_ULONG)got;
    }
  }
  rsa_free(s, sizeof *s);
  p11m_wipe_free(s, sizeof *s);
  return rv;
}

CK_RV p11m_rsa_unwrap_bytes(const CK_MECHANISM *mech, const p11_attrs *unwrapping, const CK_BYTE *in,
                            size_t in_len, CK_BYTE **out, size_t *out_len) {
  if (rsa_key_check(unwrapping, 1) != CKR_OK) return CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT;
  rsa_st *s = calloc(1, sizeof *s);
  if (s == NULL) return CKR_HOST_MEMORY;
  CK_RV rv = load_rsa(unwrapping, 1, &s->priv, &s->pub);
  if (rv == CKR_OK) rv = oaep_params(mech, s);
  uint8_t *tmp = NULL;
  if (rv == CKR_OK) {
    s->k = (cce_rsa_public_bits(&s->pub) + 7) / 8;
    if (in_len != s->k) rv = CKR_WRAPPED_KEY_LEN_RANGE;
    else if ((tmp = malloc(s->k)) == NULL) rv = CKR_HOST_MEMORY;
  }
  if (rv == CKR_OK) {
    size_t got = 0;
    cce_status st =
        cce_rsa_oaep_decrypt(&s->priv, s->hash, s->mgf, s->label, s->label_len, in, in_len, tmp, s->k, &got);
    if (st == CCE_OK) {
      *out = tmp;
      *out_len = got;
      tmp = NULL;
    } else {
      rv = st == CCE_ERR_DECODE ? CKR_WRAPPED_KEY_INVALID : p11m_rv(st);
    }
  }
  if (tmp != NULL) p11m_wipe_free(tmp, s->k);
  rsa_free(s, sizeof *s);
  p11m_wipe_free(s, sizeof *s);
  return rv;
}

CK_RV p11m_rsa_private_to_pkcs8(const p11_attrs *key, CK_BYTE **der, size_t *der_len) {
  cce_rsa_private_key *k = malloc(sizeof *k);
  cce_rsa_public_key *p = malloc(sizeof *p);
  uint8_t *out = malloc(CCE_RSA_MAX_PRIVATE_DER);
  CK_RV rv = k && p && out ? load_rsa(key, 1, k, p) : CKR_HOST_MEMORY;
  if (rv == CKR_OK && cce_rsa_private_to_der(out, CCE_RSA_MAX_PRIVATE_DER, der_len, k) != CCE_OK)
    rv = CKR_KEY_NOT_WRAPPABLE;
  else if (rv != CKR_OK && rv != CKR_HOST_MEMORY)
    rv = CKR_KEY_NOT_WRAPPABLE;
  if (k != NULL) {
    cce_rsa_private_key_wipe(k);
    free(k);
  }
  free(p);
  if (rv != CKR_OK) {
    p11m_wipe_free(out, CCE_RSA_MAX_PRIVATE_DER);
    return rv;
  }
  *der = out;
  return CKR_OK;
}

CK_RV p11m_rsa_pkcs8_to_attrs(const CK_BYTE *der, size_t der_len, p11_attrs *key) {
  cce_rsa_private_key *k = malloc(sizeof *k);
  cce_rsa_public_key *p = malloc(sizeof *p);
  int is_priv = 0;
  CK_RV rv = k && p ? CKR_OK : CKR_HOST_MEMORY;
  if (rv == CKR_OK && (cce_rsa_key_parse(k, p, &is_priv, der, der_len) != CCE_OK || !is_priv))
    rv = CKR_WRAPPED_KEY_INVALID;
  if (rv == CKR_OK) rv = p11m_set_class(key, CKO_PRIVATE_KEY);
  if (rv == CKR_OK) rv = p11m_set_key_type(key, CKK_RSA);
  if (rv == CKR_OK) rv = put_private(key, k);
  if (k != NULL) {
    cce_rsa_private_key_wipe(k);
    free(k);
  }
  free(p);
  return rv;
}
