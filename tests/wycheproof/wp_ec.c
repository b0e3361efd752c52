// Wycheproof files of the EC family:
//   ecdsa_*_test.json        EcdsaVerify (DER signatures, decoded with the
//                            strict codec of ecdsa_sig.h) and
//   ecdsa_*_p1363_test.json  EcdsaP1363Verify (raw r||s): the group's public
//                            key (publicKey.uncompressed) and hash (sha); ok
//                            = the signature verifies.
//   ecdh_*_test.json         EcdhTest: the peer key as DER SubjectPublicKeyInfo
//                            (a minimal strict parser below: named curves only)
//   ecdh_*_ecpoint_test.json EcdhEcpointTest: the peer key as a SEC1 point
//                            (uncompressed or compressed).
//   ECDH: ok = cce_ecdh succeeds and the secret equals `shared`.
// "acceptable" cases (compressed points, explicit curve parameters...) pass
// either way, as wp_record does; the counts show which way we went.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/ec.h"
#include "cce/ecdsa_sig.h"
#include "wycheproof.h"

static cce_ec_curve_id curve_of(const char *name) { return cce_ec_curve_from_name(name); }

static cce_hash_alg hash_of(const char *sha) {
  if (sha == NULL) return CCE_HASH_NONE;
  return cce_hash_from_name(sha);  // "SHA-256", "SHA3-256", "SHA-512/256"...
}

// ---------------------------------------------------------------------------
// ECDSA

static int ecdsa_file(const json_t *root, const char *file_name, wp_counts *c) {
  const json_t *groups = json_object_get(root, "testGroups");
  size_t gi;
  const json_t *g;
  json_array_foreach(groups, gi, g) {
    const char *type = wp_str(g, "type");
    int p1363 = type && strcmp(type, "EcdsaP1363Verify") == 0;
    if (type == NULL || (!p1363 && strcmp(type, "EcdsaVerify") != 0)) {
      fprintf(stderr, "%s: unknown group type %s\n", file_name, type ? type : "(none)");
      return -1;
    }
    const json_t *pk = json_object_get(g, "publicKey");
    cce_ec_curve_id curve = curve_of(wp_str(pk, "curve"));
    cce_hash_alg hash = hash_of(wp_str(g, "sha"));
    size_t pub_len;
    uint8_t *pub = wp_hex(pk, "uncompressed", &pub_len);
    const json_t *tests = json_object_get(g, "tests");
    size_t ti;
    const json_t *t;
    json_array_foreach(tests, ti, t) {
      if (curve == CCE_EC_NONE || hash == CCE_HASH_NONE || pub == NULL) {
        wp_skip(c, t, "curve or hash not supported");
        continue;
      }
      size_t msg_len, sig_len;
      uint8_t *msg = wp_hex(t, "msg", &msg_len);
      uint8_t *sig = wp_hex(t, "sig", &sig_len);
      uint8_t rs[CCE_ECDSA_MAX_SIG_BYTES];
      size_t rs_len = cce_ecdsa_sig_len(curve);
      int ok;
      if (p1363) {
        ok = cce_ecdsa_verify(curve, hash, pub, pub_len, msg, msg_len, sig, sig_len) == CCE_OK;
      } else {
        ok = cce_ecdsa_sig_from_der(sig, sig_len, rs, rs_len) == CCE_OK &&
             cce_ecdsa_verify(curve, hash, pub, pub_len, msg, msg_len, rs, rs_len) == CCE_OK;
        // A DER signature that decodes must re-encode to the same bytes.
        if (ok) {
          uint8_t der[CCE_ECDSA_MAX_DER_SIG_BYTES];
          size_t der_len;
          if (cce_ecdsa_sig_to_der(rs, rs_len, der, sizeof der, &der_len) != CCE_OK || der_len != sig_len ||
              memcmp(der, sig, sig_len) != 0)
            ok = 0;
        }
      }
      wp_record(c, t, ok, "ecdsa verify");
      free(msg);
      free(sig);
    }
    free(pub);
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Minimal strict SubjectPublicKeyInfo parser for EC keys (named curves only):
//   SEQUENCE { SEQUENCE { OID id-ecPublicKey, OID namedCurve }, BIT STRING }

typedef struct der {
  const uint8_t *p;
  size_t len;
} der;

// Reads one TLV with tag `tag` from *in (strict definite minimal lengths);
// *val gets the content, *in advances past it.
static int der_get(der *in, uint8_t tag, der *val) {
  if (in->len < 2 || in->p[0] != tag) return -1;
  size_t off = 1, len;
  uint8_t b = in->p[off++];
  if (b < 0x80) {
    len = b;
  } else {
    size_t nb = b & 0x7f;
    if (nb == 0 || nb > 2 || in->len - off < nb) return -1;
    len = 0;
    for (size_t i = 0; i < nb; i++) len = (len << 8) | in->p[off++];
    if (len < 0x80 || (nb == 2 && len < 0x100)) return -1;
  }
  if (in->len - off < len) return -1;
  val->p = in->p + off;
  val->len = len;
  in->p += off + len;
  in->len -= off + len;
  return 0;
}

static const uint8_t oid_ec_pub[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
static const uint8_t oid_p256[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
static const uint8_t oid_p384[] = {0x2b, 0x81, 0x04, 0x00, 0x22};
static const uint8_t oid_p521[] = {0x2b, 0x81, 0x04, 0x00, 0x23};

// Returns the point inside the SPKI (pointer into `spki`), or NULL.
static const uint8_t *spki_point(const uint8_t *spki, size_t len, cce_ec_curve_id want, size_t *pt_len) {
  der in = {spki, len}, seq, alg, oid, curve, bits;
  if (der_get(&in, 0x30, &seq) != 0 || in.len != 0) return NULL;
  if (der_get(&seq, 0x30, &alg) != 0) return NULL;
  if (der_get(&alg, 0x06, &oid) != 0 || oid.len != sizeof oid_ec_pub || memcmp(oid.p, oid_ec_pub, oid.len) != 0)
    return NULL;
  if (der_get(&alg, 0x06, &curve) != 0 || alg.len != 0) return NULL;  // explicit parameters refused
  const uint8_t *w = want == CCE_EC_P256 ? oid_p256 : want == CCE_EC_P384 ? oid_p384 : oid_p521;
  size_t wl = want == CCE_EC_P256 ? sizeof oid_p256 : sizeof oid_p384;
  if (curve.len != wl || memcmp(curve.p, w, wl) != 0) return NULL;
  if (der_get(&seq, 0x03, &bits) != 0 || seq.len != 0) return NULL;
  if (bits.len < 2 || bits.p[0] != 0) return NULL;  // no unused bits
  *pt_len = bits.len - 1;
  return bits.p + 1;
}

// ---------------------------------------------------------------------------
// ECDH

static int ecdh_file(const json_t *root, const char *file_name, wp_counts *c) {
  const json_t *groups = json_object_get(root, "testGroups");
  size_t gi;
  const json_t *g;
  json_array_foreach(groups, gi, g) {
    const char *type = wp_str(g, "type");
    int ecpoint = type && strcmp(type, "EcdhEcpointTest") == 0;
    if (type == NULL || (!ecpoint && strcmp(type, "EcdhTest") != 0)) {
      fprintf(stderr, "%s: unknown group type %s\n", file_name, type ? type : "(none)");
      return -1;
    }
    cce_ec_curve_id curve = curve_of(wp_str(g, "curve"));
    const json_t *tests = json_object_get(g, "tests");
    size_t ti;
    const json_t *t;
    json_array_foreach(tests, ti, t) {
      if (curve == CCE_EC_NONE) {
        wp_skip(c, t, "curve not supported");
        continue;
      }
      size_t n = cce_ec_scalar_len(curve);
      size_t pub_len, priv_len, shared_len;
      uint8_t *pub = wp_hex(t, "public", &pub_len);
      uint8_t *priv = wp_hex(t, "private", &priv_len);
      uint8_t *shared = wp_hex(t, "shared", &shared_len);
      // The private key is a big-endian integer of any length: normalise it.
      uint8_t d[CCE_EC_MAX_SCALAR_BYTES] = {0}, z[CCE_EC_MAX_SCALAR_BYTES];
      size_t skip = 0;
      while (skip < priv_len && priv[skip] == 0) skip++;
      int ok = 0;
      if (priv_len - skip <= n) {
        memcpy(d + n - (priv_len - skip), priv + skip, priv_len - skip);
        const uint8_t *pt = pub;
        size_t pt_len = pub_len;
        if (!ecpoint) pt = spki_point(pub, pub_len, curve, &pt_len);
        ok = pt != NULL && cce_ecdh(curve, d, n, pt, pt_len, z, sizeof z) == CCE_OK && shared_len == n &&
             memcmp(z, shared, n) == 0;
      }
      wp_record(c, t, ok, "ecdh");
      free(pub);
      free(priv);
      free(shared);
    }
  }
  return 0;
}

const wp_handler wp_handlers_ec[] = {
    {"ecdsa_", ecdsa_file},
    {"ecdh_", ecdh_file},
    {NULL, NULL},
};
