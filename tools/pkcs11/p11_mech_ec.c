// p11_mech_ec.c: elliptic-curve mechanisms of libcce-pkcs11.so:
// CKM_EC_KEY_PAIR_GEN (P-256, P-384, P-521), CKM_ECDSA (raw) and
// CKM_ECDSA_SHA1 (verify) / SHA224..SHA512 / SHA3_224..SHA3_512,
// CKM_ECDH1_DERIVE (CKD_NULL and the ANSI X9.63 KDF of CKD_SHA*_KDF),
// CKM_EC_EDWARDS_KEY_PAIR_GEN and CKM_EDDSA (Ed25519, Ed25519ctx,
// Ed25519ph); EC and Edwards key import checks and their PKCS#8 encodings.
//
// Attribute encodings (PKCS#11 3.0 section 2.3):
//   CKA_EC_PARAMS  DER of the curve OID (or a PrintableString curve name)
//   CKA_EC_POINT   DER OCTET STRING around the uncompressed point (04||X||Y),
//                  or the 32-byte Ed25519 key; a raw point is accepted too
//   CKA_VALUE      private scalar d (big-endian), or the Ed25519 seed

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "p11_mech_int.h"

#include "cce/curve25519.h"
#include "cce/ec.h"
#include "cce/encoding.h"
#include "cce/util.h"

#define CURVE_ED25519 100  // pseudo curve id for Ed25519

static const uint8_t k_oid_p256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
static const uint8_t k_oid_p384[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22};
static const uint8_t k_oid_p521[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23};
static const uint8_t k_oid_ed25519[] = {0x06, 0x03, 0x2b, 0x65, 0x70};

static const uint8_t *curve_oid(int c, size_t *len) {
  switch (c) {
    case CCE_EC_P256: *len = sizeof k_oid_p256; return k_oid_p256;
    case CCE_EC_P384: *len = sizeof k_oid_p384; return k_oid_p384;
    case CCE_EC_P521: *len = sizeof k_oid_p521; return k_oid_p521;
    default: *len = sizeof k_oid_ed25519; return k_oid_ed25519;
  }
}

// parse_params reads CKA_EC_PARAMS: a curve OID or PrintableString name.
// CKR_CURVE_NOT_SUPPORTED for a well-formed unknown curve,
// CKR_DOMAIN_PARAMS_INVALID for anything else (explicit parameters too).
static CK_RV parse_params(const CK_BYTE *p, size_t n, int *curve) {
  if (p == NULL || n < 2 || p[1] != n - 2 || n > 130) return CKR_DOMAIN_PARAMS_INVALID;
  if (p[0] == 0x06) {
    if (n == sizeof k_oid_p256 && memcmp(p, k_oid_p256, n) == 0) *curve = CCE_EC_P256;
    else if (n == sizeof k_oid_p384 && memcmp(p, k_oid_p384, n) == 0) *curve = CCE_EC_P384;
    else if (n == sizeof k_oid_p521 && memcmp(p, k_oid_p521, n) == 0) *curve = CCE_EC_P521;
    else if (n == sizeof k_oid_ed25519 && memcmp(p, k_oid_ed25519, n) == 0) *curve = CURVE_ED25519;
    else return CKR_CURVE_NOT_SUPPORTED;
    return CKR_OK;
  }
  if (p[0] == 0x13) {  // PrintableString name
    char name[130];
    memcpy(name, p + 2, n - 2);
    name[n - 2] = 0;
    if (strcasecmp(name, "edwards25519") == 0 || strcasecmp(name, "ed25519") == 0) {
      *curve = CURVE_ED25519;
      return CKR_OK;
    }
    cce_ec_curve_id c = cce_ec_curve_from_name(name);
    if (c == CCE_EC_NONE) return CKR_CURVE_NOT_SUPPORTED;
    *curve = (int)c;
    return CKR_OK;
  }
  return CKR_DOMAIN_PARAMS_INVALID;
}

static CK_RV key_curve(const p11_attrs *key, int *curve) {
  const p11_attr *a = p11_attrs_get(key, CKA_EC_PARAMS);
  if (a == NULL) return CKR_TEMPLATE_INCOMPLETE;
  return parse_params(a->val, a->len, curve);
}

// der_octet wraps `in` in a DER OCTET STRING (n < 65536).
static size_t der_octet(uint8_t *out, const uint8_t *in, size_t n) {
  size_t h = 0;
  out[h++] = 0x04;
  if (n < 128) {
    out[h++] = (uint8_t)n;
  } else if (n < 256) {
    out[h++] = 0x81;
    out[h++] = (uint8_t)n;
  } else {
    out[h++] = 0x82;
    out[h++] = (uint8_t)(n >> 8);
    out[h++] = (uint8_t)n;
  }
  memcpy(out + h, in, n);
  return h + n;
}

// point_bytes finds the point inside a CKA_EC_POINT / public data value:
// a DER OCTET STRING whose contents have a valid length for `curve`, or
// the raw point.
static int pt_len_ok(int curve, size_t n) {
  if (curve == CURVE_ED25519) return n == 32;
  size_t sl = cce_ec_scalar_len((cce_ec_curve_id)curve);
  return n == 2 * sl + 1 || n == sl + 1;
}

static int point_bytes(int curve, const uint8_t *p, size_t n, const uint8_t **pt, size_t *pt_len) {
  if (n >= 2 && p[0] == 0x04) {
    size_t h, len;
    if (p[1] < 128) {
      h = 2;
      len = p[1];
    } else if (p[1] == 0x81 && n >= 3) {
      h = 3;
      len = p[2];
    } else {
      h = 0;
      len = 0;
    }
    if (h && h + len == n && pt_len_ok(curve, len)) {
      *pt = p + h;
      *pt_len = len;
      return 1;
    }
  }
  if (pt_len_ok(curve, n)) {
    *pt = p;
    *pt_len = n;
    return 1;
  }
  return 0;
}

// priv_scalar left-pads (or strips leading zeros of) CKA_VALUE to the
// scalar length; 0 if it cannot fit.
static int priv_scalar(int curve, const p11_attr *v, uint8_t out[CCE_EC_MAX_SCALAR_BYTES], size_t *sl) {
  *sl = cce_ec_scalar_len((cce_ec_curve_id)curve);
  if (v == NULL || v->len == 0) return 0;
  const uint8_t *p = v->val;
  size_t n = v->len;
  while (n > *sl && *p == 0) {
    p++;
    n--;
  }
  if (n > *sl) return 0;
  memset(out, 0, *sl - n);
  memcpy(out + *sl - n, p, n);
  return 1;
}

static CK_RV set_common_gen(p11_attrs *t, CK_OBJECT_CLASS cls, CK_KEY_TYPE kt, CK_MECHANISM_TYPE m) {
  CK_RV rv = p11m_set_class(t, cls);
  if (rv == CKR_OK) rv = p11m_set_key_type(t, kt);
  if (rv == CKR_OK) rv = p11_attrs_set_ulong(t, CKA_KEY_GEN_MECHANISM, m);
  if (rv == CKR_OK) rv = p11_attrs_set_bool(t, CKA_LOCAL, 1);
  return rv;
}

// gen_params: CKA_EC_PARAMS of a key pair template (public, else private;
// both must agree), copied to both.
static CK_RV gen_params(p11_attrs *pub, p11_attrs *priv, int dflt_ed, int *curve) {
  const p11_attr *a = p11_attrs_get(pub, CKA_EC_PARAMS);
  const p11_attr *b = p11_attrs_get(priv, CKA_EC_PARAMS);
  if (a != NULL && b != NULL && (a->len != b->len || memcmp(a->val, b->val, a->len) != 0))
    return CKR_TEMPLATE_INCONSISTENT;
  if (a == NULL) a = b;
  CK_RV rv;
  if (a == NULL) {
    if (!dflt_ed) return CKR_TEMPLATE_INCOMPLETE;
    *curve = CURVE_ED25519;
    rv = p11_attrs_set(pub, CKA_EC_PARAMS, k_oid_ed25519, sizeof k_oid_ed25519);
    if (rv == CKR_OK) rv = p11_attrs_set(priv, CKA_EC_PARAMS, k_oid_ed25519, sizeof k_oid_ed25519);
    return rv;
  }
  rv = parse_params(a->val, a->len, curve);
  if (rv != CKR_OK) return rv;
  uint8_t copy[130];
  size_t n = a->len;
  memcpy(copy, a->val, n);
  rv = p11_attrs_set(pub, CKA_EC_PARAMS, copy, n);
  if (rv == CKR_OK) rv = p11_attrs_set(priv, CKA_EC_PARAMS, copy, n);
  return rv;
}

// ---------------------------------------------------------------------------
// Key generation.

CK_RV p11m_ec_keygen(const CK_MECHANISM *mech, p11_attrs *pub, p11_attrs *priv) {
  int curve;
  CK_RV rv = gen_params(pub, priv, 0, &curve);
  if (rv != CKR_OK) return rv;
  if (curve == CURVE_ED25519) return CKR_CURVE_NOT_SUPPORTED;
  uint8_t d[CCE_EC_MAX_SCALAR_BYTES], q[CCE_EC_MAX_PUBLIC_BYTES], der[CCE_EC_MAX_PUBLIC_BYTES + 3];
  size_t sl = cce_ec_scalar_len((cce_ec_curve_id)curve), pl = cce_ec_public_len((cce_ec_curve_id)curve);
  cce_status st = cce_ecdsa_keygen((cce_ec_curve_id)curve, d, sl, q, pl);
  if (st != CCE_OK) return CKR_DEVICE_ERROR;
  size_t dl = der_octet(der, q, pl);
  rv = set_common_gen(pub, CKO_PUBLIC_KEY, CKK_EC, mech->mechanism);
  if (rv == CKR_OK) rv = set_common_gen(priv, CKO_PRIVATE_KEY, CKK_EC, mech->mechanism);
  if (rv == CKR_OK) rv = p11_attrs_set(pub, CKA_EC_POINT, der, dl);
  if (rv == CKR_OK) rv = p11_attrs_set(priv, CKA_VALUE, d, sl);
  cce_wipe(d, sizeof d);
  return rv;
}

CK_RV p11m_ed_keygen(const CK_MECHANISM *mech, p11_attrs *pub, p11_attrs *priv) {
  int curve;
  CK_RV rv = gen_params(pub, priv, 1, &curve);
  if (rv != CKR_OK) return rv;
  if (curve != CURVE_ED25519) return CKR_CURVE_NOT_SUPPORTED;
  uint8_t sk[32], pk[32], der[34];
  if (cce_ed25519_keypair(pk, sk) != CCE_OK) return CKR_DEVICE_ERROR;
  size_t dl = der_octet(der, pk, 32);
  rv = set_common_gen(pub, CKO_PUBLIC_KEY, CKK_EC_EDWARDS, mech->mechanism);
  if (rv == CKR_OK) rv = set_common_gen(priv, CKO_PRIVATE_KEY, CKK_EC_EDWARDS, mech->mechanism);
  if (rv == CKR_OK) rv = p11_attrs_set(pub, CKA_EC_POINT, der, dl);
  if (rv == CKR_OK) rv = p11_attrs_set(priv, CKA_VALUE, sk, 32);
  cce_wipe(sk, sizeof sk);
  return rv;
}

// ---------------------------------------------------------------------------
// ECDSA.

typedef struct ec_st {
  int curve;
  uint8_t d[CCE_EC_MAX_SCALAR_BYTES];
  uint8_t q[CCE_EC_MAX_PUBLIC_BYTES];
  size_t sl, q_len;
  cce_hash_alg hash;  // CCE_HASH_NONE: raw CKM_ECDSA
  cce_hash_ctx h;
  // EdDSA
  uint8_t ed_pub[32];
  int ed_mode;  // 0 pure, 1 ctx, 2 ph
  uint8_t ctx[255];
  size_t ctx_len;
} ec_st;

static void ec_free(void *p, size_t n) {
  (void)n;
  cce_hash_cleanup(&((ec_st *)p)->h);
}

// load_ec_key: the curve and, for signing, the scalar; for verification
// the public point.
static CK_RV load_ec_key(ec_st *s, p11_op_kind kind, const p11_attrs *key, CK_KEY_TYPE want) {
  CK_OBJECT_CLASS cls;
  CK_KEY_TYPE kt;
  CK_OBJECT_CLASS want_cls = kind == P11_OP_SIGN ? CKO_PRIVATE_KEY : CKO_PUBLIC_KEY;
  if (p11m_key_class_type(key, &cls, &kt) != CKR_OK || cls != want_cls || kt != want)
    return CKR_KEY_TYPE_INCONSISTENT;
  if (key_curve(key, &s->curve) != CKR_OK) return CKR_KEY_TYPE_INCONSISTENT;
  if ((want == CKK_EC) != (s->curve != CURVE_ED25519)) return CKR_KEY_TYPE_INCONSISTENT;
  if (kind == P11_OP_SIGN) {
    if (s->curve == CURVE_ED25519) {
      const p11_attr *v = p11m_value(key);
      if (v == NULL || v->len != 32) return CKR_KEY_SIZE_RANGE;
      memcpy(s->d, v->val, 32);
      s->sl = 32;
      return cce_ed25519_public_from_private(s->ed_pub, s->d) == CCE_OK ? CKR_OK : CKR_FUNCTION_FAILED;
    }
    if (!priv_scalar(s->curve, p11m_value(key), s->d, &s->sl)) return CKR_KEY_SIZE_RANGE;
    return CKR_OK;
  }
  const p11_attr *pa = p11_attrs_get(key, CKA_EC_POINT);
  const uint8_t *pt;
  size_t pt_len;
  if (pa == NULL || !point_bytes(s->curve, pa->val, pa->len, &pt, &pt_len)) return CKR_KEY_TYPE_INCONSISTENT;
  memcpy(s->q, pt, pt_len);
  s->q_len = pt_len;
  s->sl = s->curve == CURVE_ED25519 ? 32 : cce_ec_scalar_len((cce_ec_curve_id)s->curve);
  return CKR_OK;
}

// raw_digest turns the input of CKM_ECDSA (a hash of any length) into a
// digest of the hash matching the curve size whose bits2int (FIPS 186-5
// 6.4.1) gives the same integer: left-padded with zeros when shorter,
// truncated to the leftmost bytes when longer (n has 8 * length bits for
// P-256 and P-384). For P-521 the module's largest digest has 512 bits, so
// inputs above 64 bytes are refused (CKR_DATA_LEN_RANGE).
static CK_RV raw_digest(int curve, const CK_BYTE *in, size_t in_len, uint8_t out[64], cce_hash_alg *alg,
                        size_t *dl) {
  switch (curve) {
    case CCE_EC_P256: *alg = CCE_HASH_SHA256; *dl = 32; break;
    case CCE_EC_P384: *alg = CCE_HASH_SHA384; *dl = 48; break;
    default: *alg = CCE_HASH_SHA512; *dl = 64; break;
  }
  if (in_len == 0) return CKR_DATA_LEN_RANGE;
  if (in_len <= *dl) {
    memset(out, 0, *dl - in_len);
    memcpy(out + *dl - in_len, in, in_len);
  } else {
    if (curve == CCE_EC_P521) return CKR_DATA_LEN_RANGE;
    memcpy(out, in, *dl);
  }
  return CKR_OK;
}

static CK_RV ecdsa_digest(p11_op *op, ec_st *s, const uint8_t *dg, size_t dl, cce_hash_alg alg, CK_BYTE *out,
                          CK_ULONG *out_len) {
  CK_RV rv;
  size_t sig_len = 2 * s->sl;
  cce_status st;
  if (op->kind == P11_OP_SIGN) {
    if (!p11m_out(out, out_len, sig_len, &rv)) return rv;
    st = cce_ecdsa_sign_digest((cce_ec_curve_id)s->curve, alg, s->d, s->sl, dg, dl, 0, out, sig_len);
    if (st != CCE_OK) return st == CCE_ERR_UNSUPPORTED ? CKR_MECHANISM_INVALID : CKR_FUNCTION_FAILED;
    *out_len = (CK_ULONG)sig_len;
    return CKR_OK;
  }
  if (out == NULL) return CKR_ARGUMENTS_BAD;
  if (*out_len != sig_len) return CKR_SIGNATURE_LEN_RANGE;
  st = cce_ecdsa_verify_digest((cce_ec_curve_id)s->curve, alg, s->q, s->q_len, dg, dl, out, sig_len);
  if (st == CCE_OK) return CKR_OK;
  if (st == CCE_ERR_SIGNATURE) return CKR_SIGNATURE_INVALID;
  if (st == CCE_ERR_POINT_INVALID || st == CCE_ERR_INVALID_LENGTH) return CKR_KEY_TYPE_INCONSISTENT;
  return CKR_FUNCTION_FAILED;
}

static CK_RV ecdsa_final(p11_op *op, CK_BYTE *out, CK_ULONG *out_len) {
  ec_st *s = op->st;
  CK_RV rv;
  // Size query / short buffer before the hash state is consumed.
  if (op->kind == P11_OP_SIGN && !p11m_out(out, out_len, 2 * s->sl, &rv)) return rv;
  if (op->kind == P11_OP_VERIFY && out != NULL && *out_len != 2 * s->sl) return CKR_SIGNATURE_LEN_RANGE;
  uint8_t dg[CCE_HASH_MAX_DIGEST_BYTES];
  size_t dl = cce_hash_digest_len(s->hash);
  if (cce_hash_final(&s->h, dg, sizeof dg) != CCE_OK) return CKR_FUNCTION_FAILED;
  rv = ecdsa_digest(op, s, dg, dl, s->hash, out, out_len);
  cce_wipe(dg, sizeof dg);
  return rv;
}

static CK_RV ecdsa_update(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  (void)out;
  (void)out_len;
  ec_st *s = op->st;
  return cce_hash_update(&s->h, in, in_len) == CCE_OK ? CKR_OK : CKR_FUNCTION_FAILED;
}

static CK_RV ecdsa_oneshot(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  ec_st *s = op->st;
  CK_RV rv;
  if (s->hash == CCE_HASH_NONE) {
    uint8_t dg[64];
    cce_hash_alg alg;
    size_t dl;
    if (op->kind == P11_OP_SIGN && !p11m_out(out, out_len, 2 * s->sl, &rv)) return rv;
    rv = raw_digest(s->curve, in, in_len, dg, &alg, &dl);
    if (rv == CKR_OK) rv = ecdsa_digest(op, s, dg, dl, alg, out, out_len);
    cce_wipe(dg, sizeof dg);
    return rv;
  }
  if (op->kind == P11_OP_SIGN && !p11m_out(out, out_len, 2 * s->sl, &rv)) return rv;
  if (op->kind == P11_OP_VERIFY && out != NULL && *out_len != 2 * s->sl) return CKR_SIGNATURE_LEN_RANGE;
  rv = ecdsa_update(op, in, in_len, NULL, NULL);
  if (rv != CKR_OK) return rv;
  return ecdsa_final(op, out, out_len);
}

static const p11_op_vt k_ecdsa_raw_vt = {ecdsa_oneshot, NULL, NULL, ec_free};
static const p11_op_vt k_ecdsa_hash_vt = {ecdsa_oneshot, ecdsa_update, ecdsa_final, ec_free};

static cce_hash_alg ecdsa_hash(CK_MECHANISM_TYPE m) {
  switch (m) {
    case CKM_ECDSA_SHA1: return CCE_HASH_SHA1;
    case CKM_ECDSA_SHA224: return CCE_HASH_SHA224;
    case CKM_ECDSA_SHA256: return CCE_HASH_SHA256;
    case CKM_ECDSA_SHA384: return CCE_HASH_SHA384;
    case CKM_ECDSA_SHA512: return CCE_HASH_SHA512;
    case CKM_ECDSA_SHA3_224: return CCE_HASH_SHA3_224;
    case CKM_ECDSA_SHA3_256: return CCE_HASH_SHA3_256;
    case CKM_ECDSA_SHA3_384: return CCE_HASH_SHA3_384;
    case CKM_ECDSA_SHA3_512: return CCE_HASH_SHA3_512;
    default: return CCE_HASH_NONE;
  }
}

CK_RV p11m_ec_op_init(p11_op *op, const CK_MECHANISM *mech, const p11_attrs *key) {
  if (p11m_no_param(mech) != CKR_OK) return CKR_MECHANISM_PARAM_INVALID;
  ec_st *s = calloc(1, sizeof *s);
  if (s == NULL) return CKR_HOST_MEMORY;
  op->st = s;
  op->st_size = sizeof *s;
  s->hash = ecdsa_hash(mech->mechanism);
  op->vt = s->hash == CCE_HASH_NONE ? &k_ecdsa_raw_vt : &k_ecdsa_hash_vt;
  CK_RV rv = load_ec_key(s, op->kind, key, CKK_EC);
  if (rv != CKR_OK) return rv;
  if (s->hash != CCE_HASH_NONE && cce_hash_init(&s->h, s->hash) != CCE_OK) return CKR_FUNCTION_FAILED;
  return CKR_OK;
}

// ---------------------------------------------------------------------------
// EdDSA (single-part; multi-part input is buffered by p11_mech.c).

static CK_RV eddsa_oneshot(p11_op *op, const CK_BYTE *in, CK_ULONG in_len, CK_BYTE *out, CK_ULONG *out_len) {
  ec_st *s = op->st;
  CK_RV rv;
  cce_status st;
  if (op->kind == P11_OP_SIGN) {
    if (!p11m_out(out, out_len, 64, &rv)) return rv;
    if (s->ed_mode == 0) st = cce_ed25519_sign(out, in, in_len, s->d, s->ed_pub);
    else if (s->ed_mode == 1) st = cce_ed25519ctx_sign(out, in, in_len, s->ctx, s->ctx_len, s->d, s->ed_pub);
    else st = cce_ed25519ph_sign(out, in, in_len, s->ctx, s->ctx_len, s->d, s->ed_pub);
    if (st != CCE_OK) return CKR_FUNCTION_FAILED;
    *out_len = 64;
    return CKR_OK;
  }
  if (out == NULL) return CKR_ARGUMENTS_BAD;
  if (*out_len != 64) return CKR_SIGNATURE_LEN_RANGE;
  if (s->ed_mode == 0) st = cce_ed25519_verify(out, in, in_len, s->q);
  else if (s->ed_mode == 1) st = cce_ed25519ctx_verify(out, in, in_len, s->ctx, s->ctx_len, s->q);
  else st = cce_ed25519ph_verify(out, in, in_len, s->ctx, s->ctx_len, s->q);
  if (st == CCE_OK) return CKR_OK;
  return st == CCE_ERR_SIGNATURE ? CKR_SIGNATURE_INVALID : CKR_FUNCTION_FAILED;
}

static const p11_op_vt k_eddsa_vt = {eddsa_oneshot, NULL, NULL, ec_free};

CK_RV p11m_ed_op_init(p11_op *op, const CK_MECHANISM *mech, const p11_attrs *key) {
  ec_st *s = calloc(1, sizeof *s);
  if (s == NULL) return CKR_HOST_MEMORY;
  op->st = s;
  op->st_size = sizeof *s;
  op->vt = &k_eddsa_vt;
  if (mech->ulParameterLen != 0) {
    const p11m_eddsa_params *p = p11m_param(mech, sizeof *p);
    if (p == NULL || p->ulContextDataLen > 255 || (p->pContextData == NULL && p->ulContextDataLen != 0))
      return CKR_MECHANISM_PARAM_INVALID;
    if (p->ulContextDataLen) memcpy(s->ctx, p->pContextData, p->ulContextDataLen);
    s->ctx_len = p->ulContextDataLen;
    s->ed_mode = p->phFlag ? 2 : (s->ctx_len ? 1 : 0);
  }
  return load_ec_key(s, op->kind, key, CKK_EC_EDWARDS);
}

// ---------------------------------------------------------------------------
// ECDH1 derive.

static cce_hash_alg kdf_hash(CK_ULONG kdf) {
  switch (kdf) {
    case CKD_SHA1_KDF: return CCE_HASH_SHA1;
    case CKD_SHA224_KDF: return CCE_HASH_SHA224;
    case CKD_SHA256_KDF: return CCE_HASH_SHA256;
    case CKD_SHA384_KDF: return CCE_HASH_SHA384;
    case CKD_SHA512_KDF: return CCE_HASH_SHA512;
    case CKD_SHA3_224_KDF: return CCE_HASH_SHA3_224;
    case CKD_SHA3_256_KDF: return CCE_HASH_SHA3_256;
    case CKD_SHA3_384_KDF: return CCE_HASH_SHA3_384;
    case CKD_SHA3_512_KDF: return CCE_HASH_SHA3_512;
    default: return CCE_HASH_NONE;
  }
}

// x963_kdf: ANSI X9.63 KDF (SEC 1 3.6.1): K = Hash(Z || ctr || SharedInfo)
// for ctr = 1, 2, ... as 32-bit big-endian, concatenated and truncated.
static CK_RV x963_kdf(cce_hash_alg alg, const uint8_t *z, size_t z_len, const uint8_t *info, size_t info_len,
                      uint8_t *out, size_t out_len) {
  size_t hl = cce_hash_digest_len(alg), done = 0;
  uint8_t blk[CCE_HASH_MAX_DIGEST_BYTES];
  cce_hash_ctx h;
  CK_RV rv = CKR_OK;
  for (uint32_t ctr = 1; done < out_len; ctr++) {
    uint8_t c[4] = {(uint8_t)(ctr >> 24), (uint8_t)(ctr >> 16), (uint8_t)(ctr >> 8), (uint8_t)ctr};
    if (cce_hash_init(&h, alg) != CCE_OK || cce_hash_update(&h, z, z_len) != CCE_OK ||
        cce_hash_update(&h, c, 4) != CCE_OK || cce_hash_update(&h, info, info_len) != CCE_OK ||
        cce_hash_final(&h, blk, sizeof blk) != CCE_OK) {
      rv = CKR_FUNCTION_FAILED;
      break;
    }
    size_t n = out_len - done < hl ? out_len - done : hl;
    memcpy(out + done, blk, n);
    done += n;
  }
  cce_hash_cleanup(&h);
  cce_wipe(blk, sizeof blk);
  return rv;
}

CK_RV p11m_ecdh_derive(const CK_MECHANISM *mech, const p11_attrs *base, p11_attrs *key) {
  const p11m_ecdh1_params *p = p11m_param(mech, sizeof *p);
  if (p == NULL || p->pPublicData == NULL || p->ulPublicDataLen == 0) return CKR_MECHANISM_PARAM_INVALID;
  if (p->pSharedData == NULL && p->ulSharedDataLen != 0) return CKR_MECHANISM_PARAM_INVALID;
  cce_hash_alg kh = CCE_HASH_NONE;
  if (p->kdf == CKD_NULL) {
    if (p->ulSharedDataLen != 0) return CKR_MECHANISM_PARAM_INVALID;
  } else {
    kh = kdf_hash(p->kdf);
    if (kh == CCE_HASH_NONE) return CKR_MECHANISM_PARAM_INVALID;
  }
  CK_OBJECT_CLASS cls;
  CK_KEY_TYPE kt;
  int curve;
  if (p11m_key_class_type(base, &cls, &kt) != CKR_OK || cls != CKO_PRIVATE_KEY || kt != CKK_EC ||
      key_curve(base, &curve) != CKR_OK || curve == CURVE_ED25519)
    return CKR_KEY_TYPE_INCONSISTENT;
  uint8_t d[CCE_EC_MAX_SCALAR_BYTES], z[CCE_EC_MAX_SCALAR_BYTES];
  size_t sl;
  if (!priv_scalar(curve, p11m_value(base), d, &sl)) return CKR_KEY_SIZE_RANGE;
  const uint8_t *pt;
  size_t pt_len;
  CK_RV rv;
  if (!point_bytes(curve, p->pPublicData, p->ulPublicDataLen, &pt, &pt_len)) {
    rv = CKR_MECHANISM_PARAM_INVALID;
    goto out;
  }
  cce_status st = cce_ecdh((cce_ec_curve_id)curve, d, sl, pt, pt_len, z, sl);
  if (st != CCE_OK) {
    rv = st == CCE_ERR_POINT_INVALID || st == CCE_ERR_INVALID_LENGTH ? CKR_MECHANISM_PARAM_INVALID
                                                                     : CKR_FUNCTION_FAILED;
    goto out;
  }
  size_t out_len;
  rv = p11m_secret_len(key, sl, &out_len);
  if (rv != CKR_OK) goto out;
  if (kh == CCE_HASH_NONE) {
    if (out_len > sl) {
      rv = CKR_TEMPLATE_INCONSISTENT;
      goto out;
    }
    // A shorter key keeps the rightmost bytes of Z (as SoftHSMv2 does).
    rv = p11m_finish_secret(key, z + sl - out_len, out_len);
  } else {
    uint8_t *k = malloc(out_len);
    if (k == NULL) {
      rv = CKR_HOST_MEMORY;
      goto out;
    }
    rv = x963_kdf(kh, z, sl, p->pSharedData, p->ulSharedDataLen, k, out_len);
    if (rv == CKR_OK) rv = p11m_finish_secret(key, k, out_len);
    p11m_wipe_free(k, out_len);
  }
out:
  cce_wipe(d, sizeof d);
  cce_wipe(z, sizeof z);
  return rv;
}

// ---------------------------------------------------------------------------
// Import checks: EC_PARAMS known, the point on the curve (stored back as a
// DER OCTET STRING of the uncompressed point), the scalar in [1, n-1]
// (stored back at its exact length), Ed25519 lengths.

CK_RV p11m_ec_import(p11_attrs *obj, CK_OBJECT_CLASS cls, CK_KEY_TYPE kt) {
  int curve;
  const p11_attr *pa = p11_attrs_get(obj, CKA_EC_PARAMS);
  if (pa == NULL) return CKR_TEMPLATE_INCOMPLETE;
  CK_RV rv = parse_params(pa->val, pa->len, &curve);
  if (rv != CKR_OK) return rv;
  if ((kt == CKK_EC_EDWARDS) != (curve == CURVE_ED25519)) return CKR_TEMPLATE_INCONSISTENT;
  if (cls == CKO_PUBLIC_KEY) {
    const p11_attr *ep = p11_attrs_get(obj, CKA_EC_POINT);
    const uint8_t *pt;
    size_t pt_len;
    if (ep == NULL) return CKR_TEMPLATE_INCOMPLETE;
    if (!point_bytes(curve, ep->val, ep->len, &pt, &pt_len)) return CKR_ATTRIBUTE_VALUE_INVALID;
    uint8_t q[CCE_EC_MAX_PUBLIC_BYTES], der[CCE_EC_MAX_PUBLIC_BYTES + 3];
    size_t ql;
    if (curve == CURVE_ED25519) {
      memcpy(q, pt, 32);
      if (cce_ed25519_public_check(q) != CCE_OK) return CKR_ATTRIBUTE_VALUE_INVALID;
      ql = 32;
    } else {
      ql = cce_ec_public_len((cce_ec_curve_id)curve);
      if (cce_ec_public_validate((cce_ec_curve_id)curve, pt, pt_len) != CCE_OK ||
          cce_ec_public_decompress((cce_ec_curve_id)curve, pt, pt_len, q, ql) != CCE_OK)
        return CKR_ATTRIBUTE_VALUE_INVALID;
    }
    size_t dl = der_octet(der, q, ql);
    return p11_attrs_set(obj, CKA_EC_POINT, der, dl);
  }
  if (cls != CKO_PRIVATE_KEY) return CKR_TEMPLATE_INCONSISTENT;
  const p11_attr *v = p11m_value(obj);
  if (v == NULL) return CKR_TEMPLATE_INCOMPLETE;
  if (curve == CURVE_ED25519) return v->len == 32 ? CKR_OK : CKR_ATTRIBUTE_VALUE_INVALID;
  uint8_t d[CCE_EC_MAX_SCALAR_BYTES];
  size_t sl;
  if (!priv_scalar(curve, v, d, &sl)) return CKR_ATTRIBUTE_VALUE_INVALID;
  if (cce_ec_private_validate((cce_ec_curve_id)curve, d, sl) != CCE_OK) {
    cce_wipe(d, sizeof d);
    return CKR_ATTRIBUTE_VALUE_INVALID;
  }
  rv = v->len == sl ? CKR_OK : p11_attrs_set(obj, CKA_VALUE, d, sl);
  cce_wipe(d, sizeof d);
  return rv;
}

// ---------------------------------------------------------------------------
// PKCS#8 (wrap / unwrap of private keys).

CK_RV p11m_ec_private_to_pkcs8(const p11_attrs *key, CK_BYTE **der, size_t *der_len) {
  int curve;
  if (key_curve(key, &curve) != CKR_OK) return CKR_KEY_NOT_WRAPPABLE;
  cce_pkey *k = calloc(1, sizeof *k);
  uint8_t *out = malloc(CCE_PKEY_MAX_DER_BYTES);
  CK_RV rv = CKR_OK;
  if (k == NULL || out == NULL) {
    rv = CKR_HOST_MEMORY;
    goto done;
  }
  uint8_t pub[CCE_EC_MAX_PUBLIC_BYTES];
  if (curve == CURVE_ED25519) {
    const p11_attr *v = p11m_value(key);
    if (v == NULL || v->len != 32 || cce_ed25519_public_from_private(pub, v->val) != CCE_OK ||
        cce_pkey_set(k, CCE_PKEY_ED25519, CCE_PKEY_CURVE_NONE, v->val, 32, pub, 32) != CCE_OK)
      rv = CKR_KEY_NOT_WRAPPABLE;
  } else {
    uint8_t d[CCE_EC_MAX_SCALAR_BYTES];
    size_t sl, pl = cce_ec_public_len((cce_ec_curve_id)curve);
    if (!priv_scalar(curve, p11m_value(key), d, &sl) ||
        cce_ec_public_from_private((cce_ec_curve_id)curve, d, sl, pub, pl) != CCE_OK ||
        cce_pkey_set(k, CCE_PKEY_EC, (cce_pkey_curve)curve, d, sl, pub, pl) != CCE_OK)
      rv = CKR_KEY_NOT_WRAPPABLE;
    cce_wipe(d, sizeof d);
  }
  if (rv == CKR_OK && cce_pkey_private_to_der(out, CCE_PKEY_MAX_DER_BYTES, der_len, k) != CCE_OK)
    rv = CKR_KEY_NOT_WRAPPABLE;
done:
  if (k != NULL) {
    cce_pkey_wipe(k);
    free(k);
  }
  if (rv != CKR_OK) {
    p11m_wipe_free(out, CCE_PKEY_MAX_DER_BYTES);
    return rv;
  }
  *der = out;
  return CKR_OK;
}

CK_RV p11m_rsa_pkcs8_to_attrs(const CK_BYTE *der, size_t der_len, p11_attrs *key);

CK_RV p11m_pkcs8_to_attrs(const CK_BYTE *der, size_t der_len, p11_attrs *key) {
  cce_pkey *k = calloc(1, sizeof *k);
  if (k == NULL) return CKR_HOST_MEMORY;
  CK_RV rv;
  cce_status st = cce_pkey_parse_der(k, der, der_len, NULL);
  if (st == CCE_ERR_UNSUPPORTED) {
    free(k);
    return p11m_rsa_pkcs8_to_attrs(der, der_len, key);
  }
  if (st != CCE_OK || k->priv_len == 0 || (k->type != CCE_PKEY_EC && k->type != CCE_PKEY_ED25519)) {
    rv = CKR_WRAPPED_KEY_INVALID;
    goto done;
  }
  int curve = k->type == CCE_PKEY_ED25519 ? CURVE_ED25519 : (int)k->curve;
  size_t ol;
  const uint8_t *oid = curve_oid(curve, &ol);
  rv = p11m_set_class(key, CKO_PRIVATE_KEY);
  if (rv == CKR_OK) rv = p11m_set_key_type(key, curve == CURVE_ED25519 ? CKK_EC_EDWARDS : CKK_EC);
  if (rv == CKR_OK) {
    const p11_attr *pa = p11_attrs_get(key, CKA_EC_PARAMS);
    int c2;
    if (pa != NULL && (parse_params(pa->val, pa->len, &c2) != CKR_OK || c2 != curve))
      rv = CKR_TEMPLATE_INCONSISTENT;
    else if (pa == NULL)
      rv = p11_attrs_set(key, CKA_EC_PARAMS, oid, ol);
  }
  if (rv == CKR_OK) rv = p11_attrs_set(key, CKA_VALUE, k->priv, k->priv_len);
done:
  cce_pkey_wipe(k);
  free(k);
  return rv;
}
