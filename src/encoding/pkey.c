// Key encodings: PKCS#8 / OneAsymmetricKey (RFC 5208, 5958),
// RFC 5915 ECPrivateKey, RFC 8410 CurvePrivateKey, SubjectPublicKeyInfo
// (RFC 5280, 5480, 8410), SEC1 points; ML-KEM and ML-DSA keys in the IETF
// LAMPS formats (RFC 9935, RFC 9881). See encoding.h.
//
// Outside the module boundary: this file may allocate (the PEM scratch
// buffer), and calls the module's public API to compute and check keys.

#include <stdlib.h>
#include <string.h>

#include "cce/curve25519.h"
#include "cce/ec.h"
#include "cce/hash.h"
#include "cce/mldsa.h"
#include "cce/mlkem.h"
#include "cce/encoding.h"
#include "cce/util.h"

// ---------------------------------------------------------------------------
// Object identifiers (contents octets).

static const uint8_t OID_EC_PUBLIC_KEY[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};  // 1.2.840.10045.2.1
static const uint8_t OID_P256[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};    // 1.2.840.10045.3.1.7
static const uint8_t OID_P384[] = {0x2b, 0x81, 0x04, 0x00, 0x22};                      // 1.3.132.0.34
static const uint8_t OID_P521[] = {0x2b, 0x81, 0x04, 0x00, 0x23};                      // 1.3.132.0.35
static const uint8_t OID_X25519[] = {0x2b, 0x65, 0x6e};                                // 1.3.101.110
static const uint8_t OID_X448[] = {0x2b, 0x65, 0x6f};                                  // 1.3.101.111
static const uint8_t OID_ED25519[] = {0x2b, 0x65, 0x70};                               // 1.3.101.112
static const uint8_t OID_ED448[] = {0x2b, 0x65, 0x71};                                 // 1.3.101.113
static const uint8_t OID_RSA[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};  // 1.2.840.113549.1.1.1
static const uint8_t OID_RSA_PSS[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a};
static const uint8_t OID_DSA[] = {0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01};  // 1.2.840.10040.4.1
// NIST algorithm arcs 2.16.840.1.101.3.4: sigAlgs (3) and kems (4).
#define OID_NIST_ALGS 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04
static const uint8_t OID_NIST_PREFIX[] = {OID_NIST_ALGS};
static const uint8_t OID_MLKEM512[] = {OID_NIST_ALGS, 0x04, 0x01};  // 2.16.840.1.101.3.4.4.1
static const uint8_t OID_MLKEM768[] = {OID_NIST_ALGS, 0x04, 0x02};  // 2.16.840.1.101.3.4.4.2
static const uint8_t OID_MLKEM1024[] = {OID_NIST_ALGS, 0x04, 0x03}; // 2.16.840.1.101.3.4.4.3
static const uint8_t OID_MLDSA44[] = {OID_NIST_ALGS, 0x03, 0x11};   // 2.16.840.1.101.3.4.3.17
static const uint8_t OID_MLDSA65[] = {OID_NIST_ALGS, 0x03, 0x12};   // 2.16.840.1.101.3.4.3.18
static const uint8_t OID_MLDSA87[] = {OID_NIST_ALGS, 0x03, 0x13};   // 2.16.840.1.101.3.4.3.19

#define OID_IS(c, oid) ((c).len == sizeof(oid) && memcmp((c).data, (oid), sizeof(oid)) == 0)

// ---------------------------------------------------------------------------
// Small helpers.

static const char *g_dummy_reason;

#define FAIL(code, why)  \
  do {                   \
    st = (code);         \
    *reason = (why);     \
    goto out;            \
  } while (0)

// see encoding.h
size_t cce_pkey_curve_bytes(cce_pkey_curve curve) {
  switch (curve) {
    case CCE_PKEY_CURVE_P256: return 32;
    case CCE_PKEY_CURVE_P384: return 48;
    case CCE_PKEY_CURVE_P521: return 66;
    default: return 0;
  }
}

// see encoding.h
void cce_pkey_wipe(cce_pkey *k) {
  if (k) cce_wipe(k, sizeof *k);
}

// see encoding.h
const char *cce_pkey_name(const cce_pkey *k) {
  if (!k) return "none";
  switch (k->type) {
    case CCE_PKEY_EC:
      switch (k->curve) {
        case CCE_PKEY_CURVE_P256: return "P-256";
        case CCE_PKEY_CURVE_P384: return "P-384";
        case CCE_PKEY_CURVE_P521: return "P-521";
        default: return "none";
      }
    case CCE_PKEY_ED25519: return "Ed25519";
    case CCE_PKEY_X25519: return "X25519";
    default: return "none";
  }
}

// see encoding.h
cce_status cce_pkey_set(cce_pkey *k, cce_pkey_type type, cce_pkey_curve curve, const uint8_t *priv,
                        size_t priv_len, const uint8_t *pub, size_t pub_len) {
  if (!k || !pub || (!priv && priv_len)) return CCE_ERR_NULL_POINTER;
  size_t pl, ql;
  if (type == CCE_PKEY_EC) {
    size_t l = cce_pkey_curve_bytes(curve);
    if (l == 0) return CCE_ERR_INVALID_ARG;
    pl = l;
    ql = 1 + 2 * l;
    if (pub_len == ql && pub[0] != 0x04) return CCE_ERR_INVALID_ARG;
  } else if (type == CCE_PKEY_ED25519 || type == CCE_PKEY_X25519) {
    if (curve != CCE_PKEY_CURVE_NONE) return CCE_ERR_INVALID_ARG;
    pl = ql = 32;
  } else {
    return CCE_ERR_INVALID_ARG;
  }
  if ((priv_len != 0 && priv_len != pl) || pub_len != ql) return CCE_ERR_INVALID_LENGTH;
  cce_pkey tmp;
  memset(&tmp, 0, sizeof tmp);
  tmp.type = type;
  tmp.curve = curve;
  if (priv_len) memcpy(tmp.priv, priv, priv_len);
  tmp.priv_len = priv_len;
  memcpy(tmp.pub, pub, pub_len);
  tmp.pub_len = pub_len;
  *k = tmp;
  cce_wipe(&tmp, sizeof tmp);
  return CCE_OK;
}

// ---------------------------------------------------------------------------
// EC arithmetic through the module (ec.h).

static cce_ec_curve_id ec_curve(cce_pkey_curve c) {
  switch (c) {
    case CCE_PKEY_CURVE_P256: return CCE_EC_P256;
    case CCE_PKEY_CURVE_P384: return CCE_EC_P384;
    case CCE_PKEY_CURVE_P521: return CCE_EC_P521;
    default: return CCE_EC_NONE;
  }
}

// Checks that the uncompressed point k->pub is on k->curve (SP 800-56A
// 5.6.2.3.3 full public-key validation).
static cce_status pkey_ec_check_public(cce_pkey *k, const char **reason) {
  cce_status st = cce_ec_public_validate(ec_curve(k->curve), k->pub, k->pub_len);
  if (st != CCE_OK) *reason = "EC public key is not a valid point of the curve";
  return st;
}

// Validates and decompresses p[0..1+l) (0x02/0x03 || X) into k->pub.
static cce_status pkey_ec_decompress(cce_pkey *k, const uint8_t *p, const char **reason) {
  cce_ec_curve_id c = ec_curve(k->curve);
  size_t l = cce_pkey_curve_bytes(k->curve);
  cce_status st = cce_ec_public_validate(c, p, 1 + l);
  if (st == CCE_OK) st = cce_ec_public_decompress(c, p, 1 + l, k->pub, 1 + 2 * l);
  if (st != CCE_OK) {
    *reason = "EC compressed public key is not a valid point of the curve";
    return st;
  }
  k->pub_len = 1 + 2 * l;
  return CCE_OK;
}

// Computes the uncompressed public point of the scalar k->priv (which must
// be in [1, n-1]).
static cce_status pkey_ec_public_from_private(uint8_t *out, size_t *out_len, const cce_pkey *k,
                                              const char **reason) {
  cce_ec_curve_id c = ec_curve(k->curve);
  size_t l = cce_pkey_curve_bytes(k->curve);
  cce_status st = cce_ec_private_validate(c, k->priv, k->priv_len);
  if (st != CCE_OK) {
    *reason = "EC private key is out of range (not in [1, n-1])";
    return st;
  }
  st = cce_ec_public_from_private(c, k->priv, k->priv_len, out, 1 + 2 * l);
  if (st != CCE_OK) {
    *reason = "cannot compute the EC public key";
    return st;
  }
  *out_len = 1 + 2 * l;
  return CCE_OK;
}

// ---------------------------------------------------------------------------
// Parsing.

// ECParameters ::= CHOICE { namedCurve OID, implicitCurve NULL,
// specifiedCurve SpecifiedECDomain } (RFC 5480 2.1.1, RFC 5915 3): only
// namedCurve is allowed in PKIX. Reads all of `d`.
static cce_status parse_named_curve(cce_der *d, cce_pkey_curve *out, const char **reason) {
  cce_status st = CCE_ERR_DECODE;
  cce_der curve;
  if (cce_der_peek(d, CCE_DER_SEQUENCE))
    FAIL(CCE_ERR_UNSUPPORTED, "explicit EC curve parameters are not supported (use a named curve)");
  if (cce_der_peek(d, CCE_DER_NULL))
    FAIL(CCE_ERR_UNSUPPORTED, "implicitly-defined EC parameters are not supported (use a named curve)");
  if (cce_der_read_oid(d, &curve) != CCE_OK || cce_der_finish(d) != CCE_OK)
    FAIL(CCE_ERR_DECODE, "malformed EC parameters");
  if (OID_IS(curve, OID_P256))
    *out = CCE_PKEY_CURVE_P256;
  else if (OID_IS(curve, OID_P384))
    *out = CCE_PKEY_CURVE_P384;
  else if (OID_IS(curve, OID_P521))
    *out = CCE_PKEY_CURVE_P521;
  else
    FAIL(CCE_ERR_UNSUPPORTED, "unsupported EC curve (supported: P-256, P-384, P-521)");
  st = CCE_OK;
out:
  return st;
}

// AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }
static cce_status parse_alg_id(cce_der *d, cce_pkey *k, const char **reason) {
  cce_status st = CCE_ERR_DECODE;
  cce_der seq, oid;
  if (cce_der_read(d, CCE_DER_SEQUENCE, &seq) != CCE_OK || cce_der_read_oid(&seq, &oid) != CCE_OK)
    FAIL(CCE_ERR_DECODE, "malformed AlgorithmIdentifier");
  if (OID_IS(oid, OID_EC_PUBLIC_KEY)) {
    if ((st = parse_named_curve(&seq, &k->curve, reason)) != CCE_OK) goto out;
    k->type = CCE_PKEY_EC;
    return CCE_OK;
  }
  if (OID_IS(oid, OID_ED25519) || OID_IS(oid, OID_X25519)) {
    // RFC 8410 3: the parameters MUST be absent.
    if (cce_der_finish(&seq) != CCE_OK) FAIL(CCE_ERR_DECODE, "Ed25519/X25519 parameters must be absent (RFC 8410)");
    k->type = OID_IS(oid, OID_ED25519) ? CCE_PKEY_ED25519 : CCE_PKEY_X25519;
    k->curve = CCE_PKEY_CURVE_NONE;
    return CCE_OK;
  }
  if (OID_IS(oid, OID_RSA) || OID_IS(oid, OID_RSA_PSS))
    FAIL(CCE_ERR_UNSUPPORTED, "RSA keys are not supported here (EC P-256/384/521, Ed25519, X25519)");
  if (OID_IS(oid, OID_DSA)) FAIL(CCE_ERR_UNSUPPORTED, "DSA keys are not supported");
  if (OID_IS(oid, OID_ED448) || OID_IS(oid, OID_X448)) FAIL(CCE_ERR_UNSUPPORTED, "Ed448/X448 keys are not supported");
  if (oid.len == sizeof OID_NIST_PREFIX + 2 && memcmp(oid.data, OID_NIST_PREFIX, sizeof OID_NIST_PREFIX) == 0)
    FAIL(CCE_ERR_UNSUPPORTED, "ML-KEM / ML-DSA key: not an EC, Ed25519 or X25519 key (see cce_pqkey_parse)");
  FAIL(CCE_ERR_UNSUPPORTED, "unsupported key algorithm");
out:
  return st;
}

// Checks a public key's encoding and stores it in k->pub (EC: uncompressed,
// decompressing a compressed point through the module).
static cce_status set_public(cce_pkey *k, const uint8_t *p, size_t n, const char **reason) {
  cce_status st = CCE_ERR_DECODE;
  if (k->type == CCE_PKEY_EC) {
    size_t l = cce_pkey_curve_bytes(k->curve);
    if (n == 0) FAIL(CCE_ERR_DECODE, "empty EC public key");
    if (p[0] == 0x04) {
      if (n != 1 + 2 * l) FAIL(CCE_ERR_DECODE, "EC public key: wrong length for the curve");
      memcpy(k->pub, p, n);
      k->pub_len = n;
      return pkey_ec_check_public(k, reason);
    }
    if (p[0] == 0x02 || p[0] == 0x03) {
      if (n != 1 + l) FAIL(CCE_ERR_DECODE, "EC compressed public key: wrong length for the curve");
      return pkey_ec_decompress(k, p, reason);
    }
    if (p[0] == 0x00) FAIL(CCE_ERR_POINT_INVALID, "EC public key is the point at infinity");
    if (p[0] == 0x06 || p[0] == 0x07) FAIL(CCE_ERR_UNSUPPORTED, "hybrid EC point encoding is not supported");
    FAIL(CCE_ERR_DECODE, "EC public key: unknown point encoding");
  }
  if (n != 32) FAIL(CCE_ERR_DECODE, "Ed25519/X25519 public key must be 32 bytes");
  memcpy(k->pub, p, 32);
  k->pub_len = 32;
  return CCE_OK;
out:
  return st;
}

// Computes the public key from the private key; if `given` (a public key
// already stored in k->pub) is set, checks that both agree.
static cce_status complete_private(cce_pkey *k, int given, const char **reason) {
  cce_status st = CCE_ERR_INTERNAL;
  uint8_t computed[CCE_PKEY_MAX_PUBLIC_BYTES];
  size_t n = 0;
  if (k->type == CCE_PKEY_EC) {
    st = pkey_ec_public_from_private(computed, &n, k, reason);
    if (st != CCE_OK) goto out;
  } else if (k->type == CCE_PKEY_ED25519) {
    n = 32;
    st = cce_ed25519_public_from_private(computed, k->priv);
    if (st != CCE_OK) FAIL(st, "cannot compute the Ed25519 public key");
  } else if (k->type == CCE_PKEY_X25519) {
    n = 32;
    st = cce_x25519_public(computed, k->priv);
    if (st != CCE_OK) FAIL(st, "cannot compute the X25519 public key");
  } else {
    FAIL(CCE_ERR_INTERNAL, "unknown key type");
  }
  if (given) {
    if (k->pub_len != n || memcmp(k->pub, computed, n) != 0)
      FAIL(CCE_ERR_KEY_INVALID, "the public key in the file does not match the private key");
  } else {
    memcpy(k->pub, computed, n);
    k->pub_len = n;
  }
  st = CCE_OK;
out:
  cce_wipe(computed, sizeof computed);
  return st;
}

// Stores the private scalar/seed. EC scalars shorter than the curve length
// (leading zeros dropped by some encoders) are left-padded.
static cce_status set_private(cce_pkey *k, const cce_der *c, const char **reason) {
  cce_status st = CCE_ERR_DECODE;
  if (k->type == CCE_PKEY_EC) {
    size_t l = cce_pkey_curve_bytes(k->curve);
    if (c->len == 0 || c->len > l) FAIL(CCE_ERR_DECODE, "EC private key: wrong length for the curve");
    memset(k->priv, 0, l);
    memcpy(k->priv + (l - c->len), c->data, c->len);
    k->priv_len = l;
    return CCE_OK;
  }
  if (c->len != 32) FAIL(CCE_ERR_DECODE, "Ed25519/X25519 private key must be 32 bytes");
  memcpy(k->priv, c->data, 32);
  k->priv_len = 32;
  return CCE_OK;
out:
  return st;
}

// ECPrivateKey ::= SEQUENCE { version INTEGER (1), privateKey OCTET STRING,
//   parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL }
// (RFC 5915 3). If k->type is already EC (inside PKCS#8), [0] must name
// the same curve; else (bare form) [0] is required.
static cce_status parse_ec_private_key(cce_der *d, cce_pkey *k, const char **reason, int *has_pub) {
  cce_status st = CCE_ERR_DECODE;
  cce_der seq, priv, params, pubw, pub;
  uint64_t version;
  int present;
  *has_pub = 0;
  if (cce_der_read(d, CCE_DER_SEQUENCE, &seq) != CCE_OK || cce_der_read_uint64(&seq, &version) != CCE_OK ||
      cce_der_read(&seq, CCE_DER_OCTET_STRING, &priv) != CCE_OK)
    FAIL(CCE_ERR_DECODE, "malformed ECPrivateKey");
  if (version != 1) FAIL(CCE_ERR_DECODE, "ECPrivateKey version must be 1");
  if (cce_der_read_optional(&seq, CCE_DER_CONTEXT(0) | CCE_DER_CONSTRUCTED, &params, &present) != CCE_OK)
    FAIL(CCE_ERR_DECODE, "malformed ECPrivateKey parameters");
  if (present) {
    cce_pkey_curve curve = CCE_PKEY_CURVE_NONE;
    if ((st = parse_named_curve(&params, &curve, reason)) != CCE_OK) goto out;
    if (k->type == CCE_PKEY_EC && k->curve != curve)
      FAIL(CCE_ERR_DECODE, "ECPrivateKey names a different curve than its AlgorithmIdentifier");
    k->type = CCE_PKEY_EC;
    k->curve = curve;
  } else if (k->type != CCE_PKEY_EC) {
    FAIL(CCE_ERR_UNSUPPORTED, "EC private key without its curve name");
  }
  if ((st = set_private(k, &priv, reason)) != CCE_OK) goto out;
  if (cce_der_read_optional(&seq, CCE_DER_CONTEXT(1) | CCE_DER_CONSTRUCTED, &pubw, &present) != CCE_OK)
    FAIL(CCE_ERR_DECODE, "malformed ECPrivateKey public key");
  if (present) {
    if (cce_der_read_bit_string(&pubw, &pub) != CCE_OK || cce_der_finish(&pubw) != CCE_OK)
      FAIL(CCE_ERR_DECODE, "malformed ECPrivateKey public key");
    if ((st = set_public(k, pub.data, pub.len, reason)) != CCE_OK) goto out;
    *has_pub = 1;
  }
  if (cce_der_finish(&seq) != CCE_OK) FAIL(CCE_ERR_DECODE, "trailing data in ECPrivateKey");
  st = CCE_OK;
out:
  return st;
}

// OneAsymmetricKey ::= SEQUENCE { version INTEGER { v1(0), v2(1) },
//   privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING,
//   attributes [0] IMPLICIT Attributes OPTIONAL,
//   publicKey [1] IMPLICIT BIT STRING OPTIONAL (v2 only) }  (RFC 5958 2)
static cce_status parse_pkcs8(cce_der *d, cce_pkey *k, const char **reason) {
  cce_status st = CCE_ERR_DECODE;
  cce_der seq, inner, pubc;
  uint64_t version;
  int has_pub = 0, present;
  if (cce_der_read(d, CCE_DER_SEQUENCE, &seq) != CCE_OK || cce_der_read_uint64(&seq, &version) != CCE_OK)
    FAIL(CCE_ERR_DECODE, "malformed PKCS#8 PrivateKeyInfo");
  if (version > 1) FAIL(CCE_ERR_DECODE, "unknown PKCS#8 version");
  if ((st = parse_alg_id(&seq, k, reason)) != CCE_OK) goto out;
  if (cce_der_read(&seq, CCE_DER_OCTET_STRING, &inner) != CCE_OK) FAIL(CCE_ERR_DECODE, "malformed PKCS#8 privateKey");
  if (k->type == CCE_PKEY_EC) {
    if ((st = parse_ec_private_key(&inner, k, reason, &has_pub)) != CCE_OK) goto out;
    if (cce_der_finish(&inner) != CCE_OK) FAIL(CCE_ERR_DECODE, "trailing data after ECPrivateKey");
  } else {
    // RFC 8410 7: CurvePrivateKey ::= OCTET STRING
    cce_der key;
    if (cce_der_read(&inner, CCE_DER_OCTET_STRING, &key) != CCE_OK || cce_der_finish(&inner) != CCE_OK)
      FAIL(CCE_ERR_DECODE, "malformed CurvePrivateKey (RFC 8410)");
    if ((st = set_private(k, &key, reason)) != CCE_OK) goto out;
  }
  if (cce_der_read_optional(&seq, CCE_DER_CONTEXT(0) | CCE_DER_CONSTRUCTED, NULL, &present) != CCE_OK)
    FAIL(CCE_ERR_DECODE, "malformed PKCS#8 attributes");
  if (cce_der_read_optional(&seq, CCE_DER_CONTEXT(1), &pubc, &present) != CCE_OK)
    FAIL(CCE_ERR_DECODE, "malformed PKCS#8 publicKey");
  if (present) {
    if (version != 1) FAIL(CCE_ERR_DECODE, "PKCS#8 publicKey needs version 2 (RFC 5958)");
    if (cce_der_check_element(CCE_DER_BIT_STRING, &pubc) != CCE_OK || pubc.data[0] != 0)
      FAIL(CCE_ERR_DECODE, "malformed PKCS#8 publicKey");
    uint8_t saved[CCE_PKEY_MAX_PUBLIC_BYTES];
    size_t saved_len = k->pub_len;
    memcpy(saved, k->pub, sizeof saved);
    if ((st = set_public(k, pubc.data + 1, pubc.len - 1, reason)) != CCE_OK) goto out;
    if (has_pub && (saved_len != k->pub_len || memcmp(saved, k->pub, saved_len) != 0))
      FAIL(CCE_ERR_KEY_INVALID, "the two public keys in the file differ");
    has_pub = 1;
  }
  if (cce_der_finish(&seq) != CCE_OK) FAIL(CCE_ERR_DECODE, "trailing data in PKCS#8 PrivateKeyInfo");
  st = complete_private(k, has_pub, reason);
out:
  return st;
}

// SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
//   subjectPublicKey BIT STRING }  (RFC 5280 4.1)
static cce_status parse_spki(cce_der *d, cce_pkey *k, const char **reason) {
  cce_status st = CCE_ERR_DECODE;
  cce_der seq, bits;
  if (cce_der_read(d, CCE_DER_SEQUENCE, &seq) != CCE_OK) FAIL(CCE_ERR_DECODE, "malformed SubjectPublicKeyInfo");
  if ((st = parse_alg_id(&seq, k, reason)) != CCE_OK) goto out;
  if (cce_der_read_bit_string(&seq, &bits) != CCE_OK || cce_der_finish(&seq) != CCE_OK)
    FAIL(CCE_ERR_DECODE, "malformed SubjectPublicKeyInfo");
  st = set_public(k, bits.data, bits.len, reason);
out:
  return st;
}

enum { KIND_ANY, KIND_PKCS8, KIND_SPKI, KIND_EC };

static cce_status parse_der_kind(cce_pkey *k, const uint8_t *in, size_t in_len, int kind, const char **reason) {
  cce_status st = CCE_ERR_DECODE;
  cce_der d, peek, seq;
  memset(k, 0, sizeof *k);
  cce_der_init(&d, in, in_len);
  if (kind == KIND_ANY) {
    // Tell the three structures apart by their first elements.
    peek = d;
    unsigned tag;
    if (cce_der_read(&peek, CCE_DER_SEQUENCE, &seq) != CCE_OK || cce_der_read_any(&seq, &tag, NULL) != CCE_OK)
      FAIL(CCE_ERR_DECODE, "not a key (not a DER SEQUENCE)");
    if (tag == CCE_DER_SEQUENCE)
      kind = KIND_SPKI;
    else if (tag == CCE_DER_INTEGER && cce_der_peek(&seq, CCE_DER_OCTET_STRING))
      kind = KIND_EC;
    else if (tag == CCE_DER_INTEGER)
      kind = KIND_PKCS8;
    else
      FAIL(CCE_ERR_DECODE, "not a key (unknown DER structure)");
  }
  if (kind == KIND_SPKI) {
    st = parse_spki(&d, k, reason);
  } else if (kind == KIND_PKCS8) {
    st = parse_pkcs8(&d, k, reason);
  } else {
    int has_pub;
    st = parse_ec_private_key(&d, k, reason, &has_pub);
    if (st == CCE_OK) st = complete_private(k, has_pub, reason);
  }
  if (st != CCE_OK) goto out;
  if (cce_der_finish(&d) != CCE_OK) FAIL(CCE_ERR_DECODE, "trailing data after the key");
  st = CCE_OK;
out:
  if (st != CCE_OK) cce_pkey_wipe(k);
  return st;
}

// see encoding.h
cce_status cce_pkey_parse_der(cce_pkey *k, const uint8_t *in, size_t in_len, const char **out_reason) {
  const char **reason = out_reason ? out_reason : &g_dummy_reason;
  *reason = "";
  if (!k || (!in && in_len)) {
    *reason = "NULL argument";
    return CCE_ERR_NULL_POINTER;
  }
  cce_status st = parse_der_kind(k, in, in_len, KIND_ANY, reason);
  if (st == CCE_OK) *reason = "";
  return st;
}

// pem_find_key walks the PEM blocks of in[0..in_len) and decodes the first
// key block into `buf` (capacity `cap` >= in_len: base64 never expands):
// *kind is KIND_PKCS8, KIND_SPKI, or KIND_EC when `allow_ec`. Blocks that
// hold no key ("EC PARAMETERS", "CERTIFICATE") are skipped. A key block of
// another format is refused with CCE_ERR_UNSUPPORTED and `rsa_why` (labels
// starting "RSA ", when non-NULL) or `other_why`.
static cce_status pem_find_key(const uint8_t *in, size_t in_len, int allow_ec, const char *rsa_why,
                               const char *other_why, uint8_t *buf, size_t cap, size_t *n, int *kind,
                               const char **reason) {
  cce_status st = CCE_ERR_DECODE;
  int skipped = 0;
  size_t pos = 0;
  for (;;) {
    char label[CCE_PEM_MAX_LABEL];
    st = cce_pem_decode(buf, cap, n, label, (const char *)in, in_len, &pos);
    if (st == CCE_ERR_UNSUPPORTED) FAIL(st, "encrypted PEM (Proc-Type header) is not supported");
    if (st != CCE_OK) FAIL(st, "malformed PEM block");
    if (label[0] == '\0') {
      if (skipped) FAIL(CCE_ERR_UNSUPPORTED, "no key in the PEM data (it holds something else, e.g. a certificate)");
      FAIL(CCE_ERR_DECODE, "not a key (neither PEM nor DER)");
    }
    *kind = -1;
    if (strcmp(label, "PRIVATE KEY") == 0)
      *kind = KIND_PKCS8;
    else if (strcmp(label, "PUBLIC KEY") == 0)
      *kind = KIND_SPKI;
    else if (allow_ec && strcmp(label, "EC PRIVATE KEY") == 0)
      *kind = KIND_EC;
    else if (strcmp(label, "ENCRYPTED PRIVATE KEY") == 0)
      FAIL(CCE_ERR_UNSUPPORTED, "encrypted private keys are not supported (decrypt with 'openssl pkey' first)");
    else if (rsa_why != NULL && strstr(label, "RSA ") == label)
      FAIL(CCE_ERR_UNSUPPORTED, rsa_why);
    else if (strstr(label, "PRIVATE KEY") || strstr(label, "PUBLIC KEY"))
      FAIL(CCE_ERR_UNSUPPORTED, other_why);
    if (*kind >= 0) return CCE_OK;
    skipped = 1;  // e.g. "EC PARAMETERS", "CERTIFICATE": skip
    cce_wipe(buf, cap);
  }
out:
  return st;
}

// see encoding.h
cce_status cce_pkey_parse(cce_pkey *k, const uint8_t *in, size_t in_len, const char **out_reason) {
  const char **reason = out_reason ? out_reason : &g_dummy_reason;
  *reason = "";
  if (!k || (!in && in_len)) {
    *reason = "NULL argument";
    return CCE_ERR_NULL_POINTER;
  }
  if (in_len > 0 && in[0] == CCE_DER_SEQUENCE) return cce_pkey_parse_der(k, in, in_len, out_reason);

  cce_status st = CCE_ERR_DECODE;
  memset(k, 0, sizeof *k);
  size_t cap = in_len ? in_len : 1, n = 0;
  int kind = -1;
  uint8_t *buf = malloc(cap);
  if (!buf) FAIL(CCE_ERR_INTERNAL, "out of memory");
  st = pem_find_key(in, in_len, 1, "RSA keys are not supported here (EC P-256/384/521, Ed25519, X25519)",
                    "unsupported key format (PEM label not PRIVATE KEY, PUBLIC KEY or EC PRIVATE KEY)", buf, cap,
                    &n, &kind, reason);
  if (st == CCE_OK) st = parse_der_kind(k, buf, n, kind, reason);
out:
  if (buf) {
    cce_wipe(buf, cap);
    free(buf);
  }
  if (st != CCE_OK)
    cce_pkey_wipe(k);
  else
    *reason = "";
  return st;
}

// ---------------------------------------------------------------------------
// Writing.

static void add_alg_id(cce_der_builder *b, const cce_pkey *k) {
  cce_der_begin(b, CCE_DER_SEQUENCE);
  switch (k->type) {
    case CCE_PKEY_EC:
      cce_der_add(b, CCE_DER_OID, OID_EC_PUBLIC_KEY, sizeof OID_EC_PUBLIC_KEY);
      if (k->curve == CCE_PKEY_CURVE_P256)
        cce_der_add(b, CCE_DER_OID, OID_P256, sizeof OID_P256);
      else if (k->curve == CCE_PKEY_CURVE_P384)
        cce_der_add(b, CCE_DER_OID, OID_P384, sizeof OID_P384);
      else
        cce_der_add(b, CCE_DER_OID, OID_P521, sizeof OID_P521);
      break;
    case CCE_PKEY_ED25519:
      cce_der_add(b, CCE_DER_OID, OID_ED25519, sizeof OID_ED25519);
      break;
    default:
      cce_der_add(b, CCE_DER_OID, OID_X25519, sizeof OID_X25519);
      break;
  }
  cce_der_end(b);
}

// Checks the shape of `k` (as cce_pkey_set would accept it).
static int well_formed(const cce_pkey *k) {
  if (k->type == CCE_PKEY_EC) {
    size_t l = cce_pkey_curve_bytes(k->curve);
    return l && (k->priv_len == 0 || k->priv_len == l) && k->pub_len == 1 + 2 * l && k->pub[0] == 0x04;
  }
  if (k->type == CCE_PKEY_ED25519 || k->type == CCE_PKEY_X25519)
    return k->curve == CCE_PKEY_CURVE_NONE && (k->priv_len == 0 || k->priv_len == 32) && k->pub_len == 32;
  return 0;
}

// see encoding.h
cce_status cce_pkey_private_to_der(uint8_t *out, size_t out_cap, size_t *out_len, const cce_pkey *k) {
  if (!out || !out_len || !k) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  if (!well_formed(k) || k->priv_len == 0) return CCE_ERR_INVALID_ARG;
  cce_der_builder b;
  cce_der_builder_init(&b, out, out_cap);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add_uint64(&b, 0);
  add_alg_id(&b, k);
  cce_der_begin(&b, CCE_DER_OCTET_STRING);
  if (k->type == CCE_PKEY_EC) {
    cce_der_begin(&b, CCE_DER_SEQUENCE);
    cce_der_add_uint64(&b, 1);
    cce_der_add(&b, CCE_DER_OCTET_STRING, k->priv, k->priv_len);
    cce_der_begin(&b, CCE_DER_CONTEXT(1) | CCE_DER_CONSTRUCTED);
    cce_der_add_bit_string(&b, k->pub, k->pub_len);
    cce_der_end(&b);
    cce_der_end(&b);
  } else {
    cce_der_add(&b, CCE_DER_OCTET_STRING, k->priv, k->priv_len);
  }
  cce_der_end(&b);
  cce_der_end(&b);
  cce_status st = cce_der_builder_finish(&b, out_len);
  cce_wipe(&b, sizeof b);
  return st;
}

// see encoding.h
cce_status cce_pkey_public_to_der(uint8_t *out, size_t out_cap, size_t *out_len, const cce_pkey *k,
                                  unsigned flags) {
  if (!out || !out_len || !k) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  if (!well_formed(k) || (flags & ~CCE_PKEY_POINT_COMPRESSED)) return CCE_ERR_INVALID_ARG;
  uint8_t point[CCE_PKEY_MAX_PUBLIC_BYTES];
  size_t n = k->pub_len;
  memcpy(point, k->pub, n);
  if (k->type == CCE_PKEY_EC && (flags & CCE_PKEY_POINT_COMPRESSED)) {
    // SEC1 2.3.3: 0x02 | (y mod 2), then X.
    size_t l = cce_pkey_curve_bytes(k->curve);
    point[0] = (uint8_t)(0x02 | (k->pub[2 * l] & 1));
    n = 1 + l;
  }
  cce_der_builder b;
  cce_der_builder_init(&b, out, out_cap);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  add_alg_id(&b, k);
  cce_der_add_bit_string(&b, point, n);
  cce_der_end(&b);
  return cce_der_builder_finish(&b, out_len);
}

// see encoding.h
cce_status cce_pkey_private_to_pem(char *out, size_t out_cap, size_t *out_len, const cce_pkey *k) {
  if (!out || !out_len || !k) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  uint8_t der[CCE_PKEY_MAX_DER_BYTES];
  size_t n;
  cce_status st = cce_pkey_private_to_der(der, sizeof der, &n, k);
  if (st == CCE_OK) st = cce_pem_encode(out, out_cap, out_len, "PRIVATE KEY", der, n);
  cce_wipe(der, sizeof der);
  if (st != CCE_OK && out_cap) cce_wipe(out, out_cap);
  return st;
}

// see encoding.h
cce_status cce_pkey_public_to_pem(char *out, size_t out_cap, size_t *out_len, const cce_pkey *k, unsigned flags) {
  if (!out || !out_len || !k) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  uint8_t der[CCE_PKEY_MAX_DER_BYTES];
  size_t n;
  cce_status st = cce_pkey_public_to_der(der, sizeof der, &n, k, flags);
  if (st == CCE_OK) st = cce_pem_encode(out, out_cap, out_len, "PUBLIC KEY", der, n);
  if (st != CCE_OK && out_cap) cce_wipe(out, out_cap);
  return st;
}

// ===========================================================================
// Post-quantum keys: ML-KEM and ML-DSA (see encoding.h).

typedef struct pq_info {
  cce_pqkey_alg alg;
  const char *name;
  const uint8_t *oid;
  size_t oid_len;
  int param;  // cce_mlkem_param or cce_mldsa_param
  int kem;
  size_t seed_len, priv_len, pub_len;
} pq_info;

static const pq_info PQ_INFO[] = {
    {CCE_PQKEY_MLKEM512, "ML-KEM-512", OID_MLKEM512, sizeof OID_MLKEM512, CCE_MLKEM_512, 1, 64,
     CCE_MLKEM512_DK_BYTES, CCE_MLKEM512_EK_BYTES},
    {CCE_PQKEY_MLKEM768, "ML-KEM-768", OID_MLKEM768, sizeof OID_MLKEM768, CCE_MLKEM_768, 1, 64,
     CCE_MLKEM768_DK_BYTES, CCE_MLKEM768_EK_BYTES},
    {CCE_PQKEY_MLKEM1024, "ML-KEM-1024", OID_MLKEM1024, sizeof OID_MLKEM1024, CCE_MLKEM_1024, 1, 64,
     CCE_MLKEM1024_DK_BYTES, CCE_MLKEM1024_EK_BYTES},
    {CCE_PQKEY_MLDSA44, "ML-DSA-44", OID_MLDSA44, sizeof OID_MLDSA44, CCE_MLDSA_44, 0, 32,
     CCE_MLDSA44_SECRET_KEY_BYTES, CCE_MLDSA44_PUBLIC_KEY_BYTES},
    {CCE_PQKEY_MLDSA65, "ML-DSA-65", OID_MLDSA65, sizeof OID_MLDSA65, CCE_MLDSA_65, 0, 32,
     CCE_MLDSA65_SECRET_KEY_BYTES, CCE_MLDSA65_PUBLIC_KEY_BYTES},
    {CCE_PQKEY_MLDSA87, "ML-DSA-87", OID_MLDSA87, sizeof OID_MLDSA87, CCE_MLDSA_87, 0, 32,
     CCE_MLDSA87_SECRET_KEY_BYTES, CCE_MLDSA87_PUBLIC_KEY_BYTES},
};

static const pq_info *pq_find(cce_pqkey_alg alg) {
  for (size_t i = 0; i < sizeof PQ_INFO / sizeof PQ_INFO[0]; i++)
    if (PQ_INFO[i].alg == alg) return &PQ_INFO[i];
  return NULL;
}

// see encoding.h
void cce_pqkey_wipe(cce_pqkey *k) {
  if (k) cce_wipe(k, sizeof *k);
}

// see encoding.h
const char *cce_pqkey_alg_name(cce_pqkey_alg alg) {
  const pq_info *pi = pq_find(alg);
  return pi ? pi->name : "none";
}

// see encoding.h
int cce_pqkey_alg_is_kem(cce_pqkey_alg alg) {
  const pq_info *pi = pq_find(alg);
  return pi && pi->kem;
}

// see encoding.h
int cce_pqkey_alg_is_dsa(cce_pqkey_alg alg) {
  const pq_info *pi = pq_find(alg);
  return pi && !pi->kem;
}

// see encoding.h
int cce_pqkey_mlkem_param(cce_pqkey_alg alg) {
  const pq_info *pi = pq_find(alg);
  return pi && pi->kem ? pi->param : 0;
}

// see encoding.h
int cce_pqkey_mldsa_param(cce_pqkey_alg alg) {
  const pq_info *pi = pq_find(alg);
  return pi && !pi->kem ? pi->param : 0;
}

// see encoding.h
cce_status cce_pqkey_sizes(cce_pqkey_alg alg, size_t *seed_len, size_t *priv_len, size_t *pub_len) {
  const pq_info *pi = pq_find(alg);
  if (!pi) return CCE_ERR_INVALID_ARG;
  if (seed_len) *seed_len = pi->seed_len;
  if (priv_len) *priv_len = pi->priv_len;
  if (pub_len) *pub_len = pi->pub_len;
  return CCE_OK;
}

// Expands k->seed into k->priv and `pub` (k->pub itself when `pub` is NULL).
static cce_status pq_expand(cce_pqkey *k, const pq_info *pi, uint8_t *pub) {
  uint8_t *p = pub ? pub : k->pub;
  cce_status st;
  if (pi->kem)
    st = cce_mlkem_keygen_seed((cce_mlkem_param)pi->param, p, pi->pub_len, k->priv, pi->priv_len, k->seed);
  else
    st = cce_mldsa_keygen_seed((cce_mldsa_param)pi->param, p, pi->pub_len, k->priv, pi->priv_len, k->seed);
  if (st != CCE_OK) return st;
  k->priv_len = pi->priv_len;
  if (!pub) k->pub_len = pi->pub_len;
  return CCE_OK;
}

// see encoding.h
cce_status cce_pqkey_from_seed(cce_pqkey *k, cce_pqkey_alg alg, const uint8_t *seed, size_t seed_len) {
  if (!k || !seed) return CCE_ERR_NULL_POINTER;
  const pq_info *pi = pq_find(alg);
  if (!pi) return CCE_ERR_INVALID_ARG;
  if (seed_len != pi->seed_len) return CCE_ERR_INVALID_LENGTH;
  memset(k, 0, sizeof *k);
  k->alg = alg;
  memcpy(k->seed, seed, seed_len);
  k->seed_len = seed_len;
  cce_status st = pq_expand(k, pi, NULL);
  if (st != CCE_OK) cce_pqkey_wipe(k);
  return st;
}

// see encoding.h
cce_status cce_pqkey_generate(cce_pqkey *k, cce_pqkey_alg alg) {
  if (!k) return CCE_ERR_NULL_POINTER;
  const pq_info *pi = pq_find(alg);
  if (!pi) return CCE_ERR_INVALID_ARG;
  memset(k, 0, sizeof *k);
  k->alg = alg;
  cce_status st;
  if (pi->kem)
    st = cce_mlkem_keygen((cce_mlkem_param)pi->param, k->pub, pi->pub_len, k->priv, pi->priv_len, k->seed);
  else
    st = cce_mldsa_keygen((cce_mldsa_param)pi->param, k->pub, pi->pub_len, k->priv, pi->priv_len, k->seed);
  if (st != CCE_OK) {
    cce_pqkey_wipe(k);
    return st;
  }
  k->seed_len = pi->seed_len;
  k->priv_len = pi->priv_len;
  k->pub_len = pi->pub_len;
  return CCE_OK;
}

// AlgorithmIdentifier of a PQ key: parameters absent. CCE_ERR_UNSUPPORTED
// (quietly, with a reason) for any other algorithm.
static cce_status pq_parse_alg_id(cce_der *d, const pq_info **out, const char **reason) {
  cce_status st = CCE_ERR_DECODE;
  cce_der seq, oid;
  if (cce_der_read(d, CCE_DER_SEQUENCE, &seq) != CCE_OK || cce_der_read_oid(&seq, &oid) != CCE_OK)
    FAIL(CCE_ERR_DECODE, "malformed AlgorithmIdentifier");
  for (size_t i = 0; i < sizeof PQ_INFO / sizeof PQ_INFO[0]; i++) {
    if (oid.len == PQ_INFO[i].oid_len && memcmp(oid.data, PQ_INFO[i].oid, oid.len) == 0) {
      if (cce_der_finish(&seq) != CCE_OK)
        FAIL(CCE_ERR_DECODE, "ML-KEM/ML-DSA AlgorithmIdentifier parameters must be absent");
      *out = &PQ_INFO[i];
      return CCE_OK;
    }
  }
  FAIL(CCE_ERR_UNSUPPORTED, "not an ML-KEM or ML-DSA key");
out:
  return st;
}

// Checks and stores a public key (ek / pk) of `pi`.
static cce_status pq_set_public(cce_pqkey *k, const pq_info *pi, const uint8_t *p, size_t n, const char **reason) {
  cce_status st = CCE_ERR_DECODE;
  if (n != pi->pub_len) FAIL(CCE_ERR_DECODE, "ML-KEM/ML-DSA public key: wrong length for the parameter set");
  if (pi->kem && cce_mlkem_check_ek((cce_mlkem_param)pi->param, p, n) != CCE_OK)
    FAIL(CCE_ERR_KEY_INVALID, "ML-KEM encapsulation key fails the modulus check (FIPS 203 7.2)");
  memcpy(k->pub, p, n);
  k->pub_len = n;
  st = CCE_OK;
out:
  return st;
}

// ML-xxx-PrivateKey ::= CHOICE { seed [0] IMPLICIT OCTET STRING,
//   expandedKey OCTET STRING, both SEQUENCE { seed, expandedKey } }.
// Fills k->seed / k->priv / k->pub (pub_len 0 if not derivable).
static cce_status pq_parse_private(cce_der *d, cce_pqkey *k, const pq_info *pi, const char **reason) {
  cce_status st = CCE_ERR_DECODE;
  cce_der seed, exp, both;
  int has_seed = 0, has_exp = 0;
  if (cce_der_peek(d, CCE_DER_CONTEXT(0))) {
    if (cce_der_read(d, CCE_DER_CONTEXT(0), &seed) != CCE_OK) FAIL(CCE_ERR_DECODE, "malformed private key seed");
    has_seed = 1;
  } else if (cce_der_peek(d, CCE_DER_OCTET_STRING)) {
    if (cce_der_read(d, CCE_DER_OCTET_STRING, &exp) != CCE_OK) FAIL(CCE_ERR_DECODE, "malformed expandedKey");
    has_exp = 1;
  } else if (cce_der_peek(d, CCE_DER_SEQUENCE)) {
    if (cce_der_read(d, CCE_DER_SEQUENCE, &both) != CCE_OK ||
        cce_der_read(&both, CCE_DER_OCTET_STRING, &seed) != CCE_OK ||
        cce_der_read(&both, CCE_DER_OCTET_STRING, &exp) != CCE_OK || cce_der_finish(&both) != CCE_OK)
      FAIL(CCE_ERR_DECODE, "malformed private key (both: SEQUENCE { seed, expandedKey })");
    has_seed = has_exp = 1;
  } else {
    FAIL(CCE_ERR_DECODE, "malformed ML-KEM/ML-DSA private key (not seed, expandedKey or both)");
  }
  if (cce_der_finish(d) != CCE_OK) FAIL(CCE_ERR_DECODE, "trailing data after the ML-KEM/ML-DSA private key");
  if (has_seed && seed.len != pi->seed_len) FAIL(CCE_ERR_DECODE, "private key seed: wrong length");
  if (has_exp && exp.len != pi->priv_len) FAIL(CCE_ERR_DECODE, "expandedKey: wrong length for the parameter set");
  if (has_seed) {
    memcpy(k->seed, seed.data, seed.len);
    k->seed_len = seed.len;
    if ((st = pq_expand(k, pi, NULL)) != CCE_OK) FAIL(st, "cannot expand the private key seed");
    if (has_exp && cce_memeq(k->priv, exp.data, exp.len) != CCE_OK)
      FAIL(CCE_ERR_KEY_INVALID, "the expandedKey does not match the seed (both)");
    return CCE_OK;
  }
  memcpy(k->priv, exp.data, exp.len);
  k->priv_len = exp.len;
  if (pi->kem) {
    // dk = dk_PKE || ek || H(ek) || z: the hash check, then ek is known.
    if (cce_mlkem_check_dk((cce_mlkem_param)pi->param, k->priv, k->priv_len) != CCE_OK)
      FAIL(CCE_ERR_KEY_INVALID, "ML-KEM decapsulation key fails the hash check (FIPS 203 7.3)");
    memcpy(k->pub, k->priv + (pi->priv_len - 64 - pi->pub_len), pi->pub_len);
    k->pub_len = pi->pub_len;
  }
  st = CCE_OK;
out:
  return st;
}

// OneAsymmetricKey with a PQ key (see parse_pkcs8 for the structure).
static cce_status pq_parse_pkcs8(cce_der *d, cce_pqkey *k, const char **reason) {
  cce_status st = CCE_ERR_DECODE;
  cce_der seq, inner, pubc;
  uint64_t version;
  int present;
  const pq_info *pi = NULL;
  if (cce_der_read(d, CCE_DER_SEQUENCE, &seq) != CCE_OK || cce_der_read_uint64(&seq, &version) != CCE_OK)
    FAIL(CCE_ERR_DECODE, "malformed PKCS#8 PrivateKeyInfo");
  if (version > 1) FAIL(CCE_ERR_DECODE, "unknown PKCS#8 version");
  if ((st = pq_parse_alg_id(&seq, &pi, reason)) != CCE_OK) goto out;
  k->alg = pi->alg;
  if (cce_der_read(&seq, CCE_DER_OCTET_STRING, &inner) != CCE_OK) FAIL(CCE_ERR_DECODE, "malformed PKCS#8 privateKey");
  if ((st = pq_parse_private(&inner, k, pi, reason)) != CCE_OK) goto out;
  if (cce_der_read_optional(&seq, CCE_DER_CONTEXT(0) | CCE_DER_CONSTRUCTED, NULL, &present) != CCE_OK)
    FAIL(CCE_ERR_DECODE, "malformed PKCS#8 attributes");
  if (cce_der_read_optional(&seq, CCE_DER_CONTEXT(1), &pubc, &present) != CCE_OK)
    FAIL(CCE_ERR_DECODE, "malformed PKCS#8 publicKey");
  if (present) {
    if (version != 1) FAIL(CCE_ERR_DECODE, "PKCS#8 publicKey needs version 2 (RFC 5958)");
    if (cce_der_check_element(CCE_DER_BIT_STRING, &pubc) != CCE_OK || pubc.len < 1 || pubc.data[0] != 0)
      FAIL(CCE_ERR_DECODE, "malformed PKCS#8 publicKey");
    const uint8_t *p = pubc.data + 1;
    size_t n = pubc.len - 1;
    if (n != pi->pub_len) FAIL(CCE_ERR_DECODE, "PKCS#8 publicKey: wrong length for the parameter set");
    if (k->pub_len) {
      if (memcmp(k->pub, p, n) != 0)
        FAIL(CCE_ERR_KEY_INVALID, "the public key in the file does not match the private key");
    } else {
      // ML-DSA expandedKey only: sk = rho || K || tr || ..., pk = rho || t1,
      // tr = H(pk, 64) (FIPS 204 Algorithm 6).
      uint8_t tr[64];
      if (cce_shake256(tr, sizeof tr, p, n) != CCE_OK) FAIL(CCE_ERR_INTERNAL, "SHAKE256 failed");
      if (memcmp(p, k->priv, 32) != 0 || memcmp(tr, k->priv + 64, 64) != 0)
        FAIL(CCE_ERR_KEY_INVALID, "the public key in the file does not match the private key");
      memcpy(k->pub, p, n);
      k->pub_len = n;
    }
  }
  if (cce_der_finish(&seq) != CCE_OK) FAIL(CCE_ERR_DECODE, "trailing data in PKCS#8 PrivateKeyInfo");
  st = CCE_OK;
out:
  return st;
}

static cce_status pq_parse_spki(cce_der *d, cce_pqkey *k, const char **reason) {
  cce_status st = CCE_ERR_DECODE;
  cce_der seq, bits;
  const pq_info *pi = NULL;
  if (cce_der_read(d, CCE_DER_SEQUENCE, &seq) != CCE_OK) FAIL(CCE_ERR_DECODE, "malformed SubjectPublicKeyInfo");
  if ((st = pq_parse_alg_id(&seq, &pi, reason)) != CCE_OK) goto out;
  k->alg = pi->alg;
  if (cce_der_read_bit_string(&seq, &bits) != CCE_OK || cce_der_finish(&seq) != CCE_OK)
    FAIL(CCE_ERR_DECODE, "malformed SubjectPublicKeyInfo");
  st = pq_set_public(k, pi, bits.data, bits.len, reason);
out:
  return st;
}

static cce_status pq_parse_der_kind(cce_pqkey *k, const uint8_t *in, size_t in_len, int kind, const char **reason) {
  cce_status st = CCE_ERR_DECODE;
  cce_der d, peek, seq;
  memset(k, 0, sizeof *k);
  cce_der_init(&d, in, in_len);
  if (kind == KIND_ANY) {
    peek = d;
    unsigned tag;
    if (cce_der_read(&peek, CCE_DER_SEQUENCE, &seq) != CCE_OK || cce_der_read_any(&seq, &tag, NULL) != CCE_OK)
      FAIL(CCE_ERR_DECODE, "not a key (not a DER SEQUENCE)");
    if (tag == CCE_DER_SEQUENCE)
      kind = KIND_SPKI;
    else if (tag == CCE_DER_INTEGER && cce_der_peek(&seq, CCE_DER_OCTET_STRING))
      FAIL(CCE_ERR_UNSUPPORTED, "an EC private key, not an ML-KEM or ML-DSA key");
    else if (tag == CCE_DER_INTEGER)
      kind = KIND_PKCS8;
    else
      FAIL(CCE_ERR_DECODE, "not a key (unknown DER structure)");
  }
  if (kind == KIND_SPKI)
    st = pq_parse_spki(&d, k, reason);
  else if (kind == KIND_PKCS8)
    st = pq_parse_pkcs8(&d, k, reason);
  else
    FAIL(CCE_ERR_UNSUPPORTED, "an EC private key, not an ML-KEM or ML-DSA key");
  if (st != CCE_OK) goto out;
  if (cce_der_finish(&d) != CCE_OK) FAIL(CCE_ERR_DECODE, "trailing data after the key");
  st = CCE_OK;
out:
  if (st != CCE_OK) cce_pqkey_wipe(k);
  return st;
}

// see encoding.h
cce_status cce_pqkey_parse_der(cce_pqkey *k, const uint8_t *in, size_t in_len, const char **out_reason) {
  const char **reason = out_reason ? out_reason : &g_dummy_reason;
  *reason = "";
  if (!k || (!in && in_len)) {
    *reason = "NULL argument";
    return CCE_ERR_NULL_POINTER;
  }
  cce_status st = pq_parse_der_kind(k, in, in_len, KIND_ANY, reason);
  if (st == CCE_OK) *reason = "";
  return st;
}

// see encoding.h
cce_status cce_pqkey_parse(cce_pqkey *k, const uint8_t *in, size_t in_len, const char **out_reason) {
  const char **reason = out_reason ? out_reason : &g_dummy_reason;
  *reason = "";
  if (!k || (!in && in_len)) {
    *reason = "NULL argument";
    return CCE_ERR_NULL_POINTER;
  }
  if (in_len > 0 && in[0] == CCE_DER_SEQUENCE) return cce_pqkey_parse_der(k, in, in_len, out_reason);
  cce_status st = CCE_ERR_DECODE;
  memset(k, 0, sizeof *k);
  size_t cap = in_len ? in_len : 1, n = 0;
  int kind = -1;
  uint8_t *buf = malloc(cap);
  if (!buf) FAIL(CCE_ERR_INTERNAL, "out of memory");
  st = pem_find_key(in, in_len, 0, NULL, "not an ML-KEM or ML-DSA key (PEM label not PRIVATE KEY or PUBLIC KEY)", buf,
                    cap, &n, &kind, reason);
  if (st == CCE_OK) st = pq_parse_der_kind(k, buf, n, kind, reason);
out:
  if (buf) {
    cce_wipe(buf, cap);
    free(buf);
  }
  if (st != CCE_OK)
    cce_pqkey_wipe(k);
  else
    *reason = "";
  return st;
}

// A key object as the writers accept it.
static const pq_info *pq_well_formed(const cce_pqkey *k) {
  const pq_info *pi = pq_find(k->alg);
  if (!pi) return NULL;
  if (k->seed_len != 0 && k->seed_len != pi->seed_len) return NULL;
  if (k->priv_len != 0 && k->priv_len != pi->priv_len) return NULL;
  if (k->pub_len != 0 && k->pub_len != pi->pub_len) return NULL;
  if (k->seed_len && !k->priv_len) return NULL;
  return pi;
}

// see encoding.h
cce_status cce_pqkey_private_to_der(uint8_t *out, size_t out_cap, size_t *out_len, const cce_pqkey *k,
                                   unsigned form) {
  if (!out || !out_len || !k) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  const pq_info *pi = pq_well_formed(k);
  if (!pi || k->priv_len == 0 || form > CCE_PQKEY_FORM_BOTH) return CCE_ERR_INVALID_ARG;
  if (form == CCE_PQKEY_FORM_AUTO) form = k->seed_len ? CCE_PQKEY_FORM_SEED : CCE_PQKEY_FORM_EXPANDED;
  if ((form == CCE_PQKEY_FORM_SEED || form == CCE_PQKEY_FORM_BOTH) && !k->seed_len) return CCE_ERR_INVALID_ARG;
  cce_der_builder b;
  cce_der_builder_init(&b, out, out_cap);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add_uint64(&b, 0);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add(&b, CCE_DER_OID, pi->oid, pi->oid_len);
  cce_der_end(&b);
  cce_der_begin(&b, CCE_DER_OCTET_STRING);
  if (form == CCE_PQKEY_FORM_SEED) {
    cce_der_add(&b, CCE_DER_CONTEXT(0), k->seed, k->seed_len);
  } else if (form == CCE_PQKEY_FORM_EXPANDED) {
    cce_der_add(&b, CCE_DER_OCTET_STRING, k->priv, k->priv_len);
  } else {
    cce_der_begin(&b, CCE_DER_SEQUENCE);
    cce_der_add(&b, CCE_DER_OCTET_STRING, k->seed, k->seed_len);
    cce_der_add(&b, CCE_DER_OCTET_STRING, k->priv, k->priv_len);
    cce_der_end(&b);
  }
  cce_der_end(&b);
  cce_der_end(&b);
  cce_status st = cce_der_builder_finish(&b, out_len);
  cce_wipe(&b, sizeof b);
  return st;
}

// see encoding.h
cce_status cce_pqkey_public_to_der(uint8_t *out, size_t out_cap, size_t *out_len, const cce_pqkey *k) {
  if (!out || !out_len || !k) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  const pq_info *pi = pq_well_formed(k);
  if (!pi || k->pub_len == 0) return CCE_ERR_INVALID_ARG;
  cce_der_builder b;
  cce_der_builder_init(&b, out, out_cap);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_begin(&b, CCE_DER_SEQUENCE);
  cce_der_add(&b, CCE_DER_OID, pi->oid, pi->oid_len);
  cce_der_end(&b);
  cce_der_add_bit_string(&b, k->pub, k->pub_len);
  cce_der_end(&b);
  return cce_der_builder_finish(&b, out_len);
}

// see encoding.h
cce_status cce_pqkey_private_to_pem(char *out, size_t out_cap, size_t *out_len, const cce_pqkey *k,
                                   unsigned form) {
  if (!out || !out_len || !k) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  uint8_t *der = malloc(CCE_PQKEY_MAX_DER_BYTES);
  if (!der) return CCE_ERR_INTERNAL;
  size_t n;
  cce_status st = cce_pqkey_private_to_der(der, CCE_PQKEY_MAX_DER_BYTES, &n, k, form);
  if (st == CCE_OK) st = cce_pem_encode(out, out_cap, out_len, "PRIVATE KEY", der, n);
  cce_wipe(der, CCE_PQKEY_MAX_DER_BYTES);
  free(der);
  if (st != CCE_OK && out_cap) cce_wipe(out, out_cap);
  return st;
}

// see encoding.h
cce_status cce_pqkey_public_to_pem(char *out, size_t out_cap, size_t *out_len, const cce_pqkey *k) {
  if (!out || !out_len || !k) return CCE_ERR_NULL_POINTER;
  *out_len = 0;
  uint8_t *der = malloc(CCE_PQKEY_MAX_DER_BYTES);
  if (!der) return CCE_ERR_INTERNAL;
  size_t n;
  cce_status st = cce_pqkey_public_to_der(der, CCE_PQKEY_MAX_DER_BYTES, &n, k);
  if (st == CCE_OK) st = cce_pem_encode(out, out_cap, out_len, "PUBLIC KEY", der, n);
  free(der);
  if (st != CCE_OK && out_cap) cce_wipe(out, out_cap);
  return st;
}
