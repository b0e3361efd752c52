// Checker rule for ACVP answers of the EC family that hold values the module
// picked itself (keys, signatures), for cce-acvp-check:
//
//   ECDSA keyGen                 answer {d, qx, qy}: d in [1, n-1] and
//                                04||qx||qy == d*G (cce_ec_public_from_private),
//                                which also validates Q
//   ECDSA sigGen, DetECDSA sigGen  answer group {qx, qy}, test {r, s}: the
//                                signature verifies under Q for the prompt's
//                                message and hashAlg (componentTest: the
//                                message is the digest, verified with
//                                cce_ecdsa_verify_digest)
//
// int acvp_check_ec(pvs, pg, pt, rg, rt, why, why_len): prompt vector set,
// prompt group, prompt test, response group, response test. Returns 1 (pass),
// 0 (fail, reason in `why`) or -1 (not comparable: not an EC answer this
// rule knows, or no prompt).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cce/ec.h"
#include "cce/hash.h"

int acvp_check_ec(const json_t *pvs, const json_t *pg, const json_t *pt, const json_t *rg, const json_t *rt,
                  char *why, size_t why_len);

static const char *s_of(const json_t *o, const char *k) {
  const json_t *v = o ? json_object_get(o, k) : NULL;
  return json_is_string(v) ? json_string_value(v) : NULL;
}

// Hex string to bytes, left-padded to exactly n bytes (n = 0: as is).
static uint8_t *hex_of(const json_t *o, const char *k, size_t n, size_t *out_len) {
  const char *s = s_of(o, k);
  if (s == NULL) return NULL;
  size_t l = strlen(s);
  if (l % 2) return NULL;
  size_t bl = l / 2;
  size_t total = n ? n : bl;
  if (n && bl > n) {  // allow leading zero bytes beyond n
    size_t z = 0;
    while (z < bl - n && s[2 * z] == '0' && s[2 * z + 1] == '0') z++;
    if (bl - z > n) return NULL;
    s += 2 * z;
    bl -= z;
  }
  uint8_t *b = calloc(total + 1, 1);
  if (b == NULL) return NULL;
  for (size_t i = 0; i < bl; i++) {
    unsigned v;
    if (sscanf(s + 2 * i, "%2x", &v) != 1) {
      free(b);
      return NULL;
    }
    b[total - bl + i] = (uint8_t)v;
  }
  *out_len = total;
  return b;
}

static cce_ec_curve_id curve_of(const json_t *pg) {
  const char *c = s_of(pg, "curve");
  if (c == NULL) return CCE_EC_NONE;
  if (strcmp(c, "P-256") == 0) return CCE_EC_P256;
  if (strcmp(c, "P-384") == 0) return CCE_EC_P384;
  if (strcmp(c, "P-521") == 0) return CCE_EC_P521;
  return CCE_EC_NONE;
}

static int check_keygen(cce_ec_curve_id c, const json_t *rt, char *why, size_t wl) {
  size_t n = cce_ec_scalar_len(c), l;
  uint8_t *d = hex_of(rt, "d", n, &l), *qx = hex_of(rt, "qx", n, &l), *qy = hex_of(rt, "qy", n, &l);
  int rc = 0;
  uint8_t q[CCE_EC_MAX_PUBLIC_BYTES];
  if (d == NULL || qx == NULL || qy == NULL) {
    snprintf(why, wl, "d/qx/qy missing, not hex or too long");
  } else if (cce_ec_public_from_private(c, d, n, q, sizeof q) != CCE_OK) {
    snprintf(why, wl, "d is not a valid private key (1 <= d < n)");
  } else if (memcmp(q + 1, qx, n) != 0 || memcmp(q + 1 + n, qy, n) != 0) {
    snprintf(why, wl, "Q != d*G");
  } else {
    rc = 1;
  }
  free(d);
  free(qx);
  free(qy);
  return rc;
}

static int check_siggen(cce_ec_curve_id c, const json_t *pg, const json_t *pt, const json_t *rg, const json_t *rt,
                        char *why, size_t wl) {
  size_t n = cce_ec_scalar_len(c), l, mlen;
  cce_hash_alg h = cce_hash_from_name(s_of(pg, "hashAlg") ? s_of(pg, "hashAlg") : "");
  if (h == CCE_HASH_NONE) {
    snprintf(why, wl, "hashAlg unknown to the library");
    return -1;
  }
  const char *conf = s_of(pg, "conformance");
  if (conf != NULL && strcmp(conf, "SP800-106") == 0) {
    snprintf(why, wl, "randomized hashing (SP 800-106): the message is not what was signed");
    return -1;
  }
  int component = json_is_true(json_object_get(pg, "componentTest"));
  uint8_t *qx = hex_of(rg, "qx", n, &l), *qy = hex_of(rg, "qy", n, &l);
  uint8_t *r = hex_of(rt, "r", n, &l), *s = hex_of(rt, "s", n, &l);
  uint8_t *msg = hex_of(pt, "message", 0, &mlen);
  int rc = 0;
  if (qx == NULL || qy == NULL || r == NULL || s == NULL || msg == NULL) {
    snprintf(why, wl, "qx/qy (group), r/s (test) or message (prompt) missing or malformed");
  } else {
    uint8_t q[CCE_EC_MAX_PUBLIC_BYTES], sig[CCE_ECDSA_MAX_SIG_BYTES];
    q[0] = 0x04;
    memcpy(q + 1, qx, n);
    memcpy(q + 1 + n, qy, n);
    memcpy(sig, r, n);
    memcpy(sig + n, s, n);
    cce_status st = component ? cce_ecdsa_verify_digest(c, h, q, 1 + 2 * n, msg, mlen, sig, 2 * n)
                              : cce_ecdsa_verify(c, h, q, 1 + 2 * n, msg, mlen, sig, 2 * n);
    if (st == CCE_OK)
      rc = 1;
    else
      snprintf(why, wl, "signature does not verify under the answer's Q: %s", cce_status_str(st));
  }
  free(qx);
  free(qy);
  free(r);
  free(s);
  free(msg);
  return rc;
}

int acvp_check_ec(const json_t *pvs, const json_t *pg, const json_t *pt, const json_t *rg, const json_t *rt,
                  char *why, size_t why_len) {
  const char *alg = s_of(pvs, "algorithm"), *mode = s_of(pvs, "mode");
  if (alg == NULL || mode == NULL || pg == NULL || pt == NULL || rt == NULL) {
    snprintf(why, why_len, "no prompt: cannot check module-generated EC values");
    return -1;
  }
  cce_ec_curve_id c = curve_of(pg);
  if (c == CCE_EC_NONE) {
    snprintf(why, why_len, "curve not known to the library");
    return -1;
  }
  if (strcmp(alg, "ECDSA") == 0 && strcmp(mode, "keyGen") == 0) return check_keygen(c, rt, why, why_len);
  if ((strcmp(alg, "ECDSA") == 0 || strcmp(alg, "DetECDSA") == 0) && strcmp(mode, "sigGen") == 0)
    return check_siggen(c, pg, pt, rg, rt, why, why_len);
  snprintf(why, why_len, "no EC check for %s %s", alg, mode);
  return -1;
}
