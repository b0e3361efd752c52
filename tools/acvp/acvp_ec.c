// ACVP handlers of the EC family (draft-fussell-acvp-ecdsa, draft-hammett-
// acvp-kas-ssc-ecc):
//   ECDSA keyGen (1.0, FIPS186-5)      tests {d, qx, qy}: a key pair we generate
//                                      (check: Q = d*G, Q valid)
//   ECDSA keyVer                       tests {testPassed}: public-key validation
//   ECDSA sigGen (1.0, FIPS186-5)      group {qx, qy} (our key), tests {r, s}
//                                      (check: verification); componentTest:
//                                      the message is the digest itself;
//                                      conformance "SP800-106" (randomized
//                                      hashing) unsupported
//   ECDSA sigVer                       tests {testPassed}
//   DetECDSA sigGen (FIPS186-5)        as sigGen with RFC 6979 k (byte-exact
//                                      when the prompt gives the key d)
//   KAS-ECC-SSC (Sp800-56Ar3)          AFT: our ephemeral key + z (or hashZ);
//                                      VAL: testPassed against the given z.
// Curves P-224, K-*, B-* are answered ACVP_UNSUPPORTED.

#include <stdlib.h>
#include <string.h>

#include "acvp.h"
#include "cce/ec.h"
#include "cce/hash.h"

static int curve_or_unsupported(const json_t *group, const char *key, cce_ec_curve_id *out) {
  const char *name = acvp_str(group, key);
  if (name == NULL) return ACVP_ERROR;
  cce_ec_curve_id c = CCE_EC_NONE;
  if (strcmp(name, "P-256") == 0) c = CCE_EC_P256;
  else if (strcmp(name, "P-384") == 0) c = CCE_EC_P384;
  else if (strcmp(name, "P-521") == 0) c = CCE_EC_P521;
  if (c == CCE_EC_NONE) {
    acvp_set_reason("curve %s not implemented (the module offers P-256, P-384, P-521)", name);
    return ACVP_UNSUPPORTED;
  }
  *out = c;
  return ACVP_OK;
}

// obj[key] as a big-endian integer left-padded to n bytes; -1 if missing,
// not hex, or longer than n significant bytes.
static int get_fixed(const json_t *obj, const char *key, uint8_t *out, size_t n) {
  size_t len;
  uint8_t *b = acvp_hex(obj, key, &len);
  if (b == NULL) return -1;
  size_t skip = 0;
  while (skip < len && b[skip] == 0) skip++;
  int rc = -1;
  if (len - skip <= n) {
    memset(out, 0, n - (len - skip));
    memcpy(out + n - (len - skip), b + skip, len - skip);
    rc = 0;
  }
  free(b);
  return rc;
}

static cce_hash_alg hash_of(const json_t *group, const char *key) {
  const char *h = acvp_str(group, key);
  if (h == NULL) return CCE_HASH_NONE;
  return cce_hash_from_name(h);
}

// ---------------------------------------------------------------------------

static int ecdsa_keygen(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  cce_ec_curve_id c;
  int rc = curve_or_unsupported(group, "curve", &c);
  if (rc != ACVP_OK) return rc;
  size_t n = cce_ec_scalar_len(c);
  const json_t *tests = json_object_get(group, "tests");
  size_t i;
  const json_t *t;
  json_array_foreach(tests, i, t) {
    uint8_t d[CCE_EC_MAX_SCALAR_BYTES], q[CCE_EC_MAX_PUBLIC_BYTES];
    if (cce_ecdsa_keygen(c, d, n, q, sizeof q) != CCE_OK) {
      acvp_set_reason("cce_ecdsa_keygen failed");
      return ACVP_ERROR;
    }
    json_t *o = acvp_add_test(resp, t);
    acvp_set_hex(o, "d", d, n);
    acvp_set_hex(o, "qx", q + 1, n);
    acvp_set_hex(o, "qy", q + 1 + n, n);
  }
  return ACVP_OK;
}

static int ecdsa_keyver(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  cce_ec_curve_id c;
  int rc = curve_or_unsupported(group, "curve", &c);
  if (rc != ACVP_OK) return rc;
  size_t n = cce_ec_scalar_len(c);
  const json_t *tests = json_object_get(group, "tests");
  size_t i;
  const json_t *t;
  json_array_foreach(tests, i, t) {
    uint8_t q[CCE_EC_MAX_PUBLIC_BYTES];
    q[0] = 0x04;
    int ok = get_fixed(t, "qx", q + 1, n) == 0 && get_fixed(t, "qy", q + 1 + n, n) == 0 &&
             cce_ec_public_validate(c, q, 1 + 2 * n) == CCE_OK;
    json_object_set_new(acvp_add_test(resp, t), "testPassed", json_boolean(ok));
  }
  return ACVP_OK;
}

static int siggen_common(const json_t *group, json_t *resp, int deterministic) {
  cce_ec_curve_id c;
  int rc = curve_or_unsupported(group, "curve", &c);
  if (rc != ACVP_OK) return rc;
  const char *conf = json_string_value(json_object_get(group, "conformance"));
  if (conf != NULL && strcmp(conf, "SP800-106") == 0) {
    acvp_set_reason("randomized message hashing (SP 800-106) not implemented");
    return ACVP_UNSUPPORTED;
  }
  cce_hash_alg h = hash_of(group, "hashAlg");
  if (h == CCE_HASH_NONE || h == CCE_HASH_SHA1) {
    acvp_set_reason("hash %s not offered for ECDSA signing", json_string_value(json_object_get(group, "hashAlg")));
    return ACVP_UNSUPPORTED;
  }
  if (deterministic && (h == CCE_HASH_SHAKE128 || h == CCE_HASH_SHAKE256)) {
    acvp_set_reason("deterministic ECDSA with SHAKE not implemented");
    return ACVP_UNSUPPORTED;
  }
  int component = json_is_true(json_object_get(group, "componentTest"));
  size_t n = cce_ec_scalar_len(c);
  uint8_t d[CCE_EC_MAX_SCALAR_BYTES], q[CCE_EC_MAX_PUBLIC_BYTES];
  if (json_object_get(group, "d") != NULL) {  // key given by the prompt
    if (get_fixed(group, "d", d, n) != 0 || cce_ec_public_from_private(c, d, n, q, sizeof q) != CCE_OK) {
      acvp_set_reason("bad group key d");
      return ACVP_ERROR;
    }
  } else if (cce_ecdsa_keygen(c, d, n, q, sizeof q) != CCE_OK) {
    acvp_set_reason("cce_ecdsa_keygen failed");
    return ACVP_ERROR;
  }
  acvp_set_hex(resp, "qx", q + 1, n);
  acvp_set_hex(resp, "qy", q + 1 + n, n);
  const json_t *tests = json_object_get(group, "tests");
  size_t i;
  const json_t *t;
  unsigned flags = deterministic ? CCE_ECDSA_DETERMINISTIC : 0;
  json_array_foreach(tests, i, t) {
    size_t mlen;
    uint8_t *msg = acvp_hex(t, "message", &mlen);
    if (msg == NULL) return ACVP_ERROR;
    uint8_t sig[CCE_ECDSA_MAX_SIG_BYTES];
    cce_status st = component ? cce_ecdsa_sign_digest(c, h, d, n, msg, mlen, flags, sig, sizeof sig)
                              : cce_ecdsa_sign(c, h, d, n, msg, mlen, flags, sig, sizeof sig);
    free(msg);
    if (st != CCE_OK) {
      acvp_set_reason("signing failed: %s", cce_status_str(st));
      return ACVP_ERROR;
    }
    json_t *o = acvp_add_test(resp, t);
    acvp_set_hex(o, "r", sig, n);
    acvp_set_hex(o, "s", sig + n, n);
  }
  return ACVP_OK;
}

static int ecdsa_siggen(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  return siggen_common(group, resp, 0);
}

static int detecdsa_siggen(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  return siggen_common(group, resp, 1);
}

static int ecdsa_sigver(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  cce_ec_curve_id c;
  int rc = curve_or_unsupported(group, "curve", &c);
  if (rc != ACVP_OK) return rc;
  cce_hash_alg h = hash_of(group, "hashAlg");
  if (h == CCE_HASH_NONE) {
    acvp_set_reason("hash not supported");
    return ACVP_UNSUPPORTED;
  }
  const char *conf = json_string_value(json_object_get(group, "conformance"));
  if (conf != NULL && strcmp(conf, "SP800-106") == 0) {
    acvp_set_reason("randomized message hashing (SP 800-106) not implemented");
    return ACVP_UNSUPPORTED;
  }
  int component = json_is_true(json_object_get(group, "componentTest"));
  size_t n = cce_ec_scalar_len(c);
  const json_t *tests = json_object_get(group, "tests");
  size_t i;
  const json_t *t;
  json_array_foreach(tests, i, t) {
    uint8_t q[CCE_EC_MAX_PUBLIC_BYTES], sig[CCE_ECDSA_MAX_SIG_BYTES];
    const json_t *src = json_object_get(t, "qx") ? t : group;  // key per test or per group
    q[0] = 0x04;
    int ok = get_fixed(src, "qx", q + 1, n) == 0 && get_fixed(src, "qy", q + 1 + n, n) == 0 &&
             get_fixed(t, "r", sig, n) == 0 && get_fixed(t, "s", sig + n, n) == 0;
    if (ok) {
      size_t mlen;
      uint8_t *msg = acvp_hex(t, "message", &mlen);
      if (msg == NULL) return ACVP_ERROR;
      ok = (component ? cce_ecdsa_verify_digest(c, h, q, 1 + 2 * n, msg, mlen, sig, 2 * n)
                      : cce_ecdsa_verify(c, h, q, 1 + 2 * n, msg, mlen, sig, 2 * n)) == CCE_OK;
      free(msg);
    }
    json_object_set_new(acvp_add_test(resp, t), "testPassed", json_boolean(ok));
  }
  return ACVP_OK;
}

// ---------------------------------------------------------------------------
// KAS-ECC-SSC (SP 800-56A Rev. 3 shared secret computation).

static int kas_ecc_ssc(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  cce_ec_curve_id c;
  const char *key = json_object_get(group, "domainParameterGenerationMode") ? "domainParameterGenerationMode" : "curve";
  int rc = curve_or_unsupported(group, key, &c);
  if (rc != ACVP_OK) return rc;
  const char *tt = acvp_str(group, "testType");
  if (tt == NULL) return ACVP_ERROR;
  int val = strcmp(tt, "VAL") == 0;
  const char *hz = json_string_value(json_object_get(group, "hashFunctionZ"));
  cce_hash_alg zh = CCE_HASH_NONE;
  if (hz != NULL && strcmp(hz, "none") != 0) {
    zh = cce_hash_from_name(hz);
    if (zh == CCE_HASH_NONE || cce_hash_digest_len(zh) == 0) {
      acvp_set_reason("hashFunctionZ %s not supported", hz);
      return ACVP_UNSUPPORTED;
    }
  }
  size_t n = cce_ec_scalar_len(c);
  const json_t *tests = json_object_get(group, "tests");
  size_t i;
  const json_t *t;
  json_array_foreach(tests, i, t) {
    uint8_t peer[CCE_EC_MAX_PUBLIC_BYTES], d[CCE_EC_MAX_SCALAR_BYTES], q[CCE_EC_MAX_PUBLIC_BYTES];
    uint8_t z[CCE_EC_MAX_SCALAR_BYTES], hzv[CCE_HASH_MAX_DIGEST_BYTES];
    peer[0] = 0x04;
    if (get_fixed(t, "ephemeralPublicServerX", peer + 1, n) != 0 ||
        get_fixed(t, "ephemeralPublicServerY", peer + 1 + n, n) != 0)
      return ACVP_ERROR;
    json_t *o = acvp_add_test(resp, t);
    int have_d = json_object_get(t, "ephemeralPrivateIut") != NULL;
    if (have_d) {
      if (get_fixed(t, "ephemeralPrivateIut", d, n) != 0) return ACVP_ERROR;
    } else if (cce_ecdh_keygen(c, d, n, q, sizeof q) != CCE_OK) {
      acvp_set_reason("cce_ecdh_keygen failed");
      return ACVP_ERROR;
    }
    cce_status st = cce_ecdh(c, d, n, peer, 1 + 2 * n, z, n);
    size_t zlen = n;
    const uint8_t *zout = z;
    if (st == CCE_OK && zh != CCE_HASH_NONE) {
      zlen = cce_hash_digest_len(zh);
      if (cce_hash(zh, hzv, sizeof hzv, z, n) != CCE_OK) st = CCE_ERR_INTERNAL;
      zout = hzv;
    }
    if (val) {
      const char *field = zh != CCE_HASH_NONE ? "hashZ" : "z";
      size_t wl;
      uint8_t *want = acvp_hex(t, field, &wl);
      if (want == NULL) return ACVP_ERROR;
      int ok = st == CCE_OK && wl == zlen && memcmp(want, zout, zlen) == 0;
      free(want);
      json_object_set_new(o, "testPassed", json_boolean(ok));
    } else {
      if (st != CCE_OK) {
        acvp_set_reason("cce_ecdh failed: %s", cce_status_str(st));
        return ACVP_ERROR;
      }
      if (!have_d) {
        acvp_set_hex(o, "ephemeralPublicIutX", q + 1, n);
        acvp_set_hex(o, "ephemeralPublicIutY", q + 1 + n, n);
      }
      acvp_set_hex(o, zh != CCE_HASH_NONE ? "hashZ" : "z", zout, zlen);
    }
  }
  return ACVP_OK;
}

const acvp_handler acvp_handlers_ec[] = {
    {"ECDSA", "keyGen", NULL, ecdsa_keygen},
    {"ECDSA", "keyVer", NULL, ecdsa_keyver},
    {"ECDSA", "sigGen", NULL, ecdsa_siggen},
    {"ECDSA", "sigVer", NULL, ecdsa_sigver},
    {"DetECDSA", "sigGen", NULL, detecdsa_siggen},
    {"KAS-ECC-SSC", NULL, NULL, kas_ecc_ssc},
    {NULL, NULL, NULL, NULL},
};
