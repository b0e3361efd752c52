// Checker rule for ACVP answers of the RSA family that hold values the module
// picked itself (keys, signatures), for cce-acvp-check:
//
//   RSA keyGen   answer {n, e, p, q, dmp1, dmq1, iqmp} (or {.., d}): n has
//                `modulo` bits, p*q == n and the CRT values are consistent
//                (cce_rsa_private_key_init checks p*q == n and the ranges;
//                a PKCS#1 v1.5 signature made with them must verify under
//                (n, e)), e odd and > 2^16, p and q of modulo/2 bits, and the
//                pMod8/qMod8 constraints of the group hold.
//   RSA sigGen   answer group {n, e}, test {signature}: the signature
//                verifies under (n, e) for the prompt's message, hashAlg,
//                sigType, saltLen and maskFunction.
//
// int acvp_check_rsa(pvs, pg, pt, rg, rt, why, why_len): 1 pass, 0 fail
// (reason in `why`), -1 not comparable (not an RSA answer this rule knows).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cce/rsa.h"

int acvp_check_rsa(const json_t *pvs, const json_t *pg, const json_t *pt, const json_t *rg, const json_t *rt,
                   char *why, size_t why_len);

static const char *s_of(const json_t *o, const char *k) {
  const json_t *v = o ? json_object_get(o, k) : NULL;
  return json_is_string(v) ? json_string_value(v) : NULL;
}

static uint8_t *hex_of(const json_t *o, const char *k, size_t *out_len) {
  const char *s = s_of(o, k);
  if (s == NULL) return NULL;
  size_t l = strlen(s);
  if (l % 2) return NULL;
  uint8_t *b = calloc(l / 2 + 1, 1);
  if (b == NULL) return NULL;
  for (size_t i = 0; i < l / 2; i++) {
    unsigned v;
    if (sscanf(s + 2 * i, "%2x", &v) != 1) {
      free(b);
      return NULL;
    }
    b[i] = (uint8_t)v;
  }
  *out_len = l / 2;
  return b;
}

static size_t bits_of(const uint8_t *b, size_t l) {
  while (l > 0 && b[0] == 0) { b++; l--; }
  if (l == 0) return 0;
  size_t bits = 8 * l;
  for (uint8_t t = b[0]; !(t & 0x80); t <<= 1) bits--;
  return bits;
}

static long long int_of(const json_t *o, const char *k, long long dflt) {
  const json_t *v = json_object_get(o, k);
  return json_is_integer(v) ? json_integer_value(v) : dflt;
}

static int check_keygen(const json_t *pg, const json_t *rt, char *why, size_t wl) {
  static const char *names[8] = {"n", "e", "d", "p", "q", "dmp1", "dmq1", "iqmp"};
  uint8_t *v[8];
  size_t l[8] = {0};
  int rc = 0;
  for (int i = 0; i < 8; i++) v[i] = hex_of(rt, names[i], &l[i]);
  long long modulo = int_of(pg, "modulo", 0), pm = int_of(pg, "pMod8", 0), qm = int_of(pg, "qMod8", 0);
  int crt = v[5] && v[6] && v[7];
  static cce_rsa_private_key key;
  cce_rsa_public_key pub;
  uint8_t sig[CCE_RSA_MAX_BYTES];
  size_t sl;
  static const uint8_t msg[3] = "abc";
  if (!v[0] || !v[1] || !v[3] || !v[4] || (!crt && !v[2])) {
    snprintf(why, wl, "missing key components");
    goto out;
  }
  if ((long long)bits_of(v[0], l[0]) != modulo || (long long)bits_of(v[3], l[3]) != modulo / 2 ||
      (long long)bits_of(v[4], l[4]) != modulo / 2) {
    snprintf(why, wl, "wrong sizes of n, p or q");
    goto out;
  }
  if (bits_of(v[1], l[1]) <= 16 || !(v[1][l[1] - 1] & 1)) {
    snprintf(why, wl, "e not odd or not above 2^16");
    goto out;
  }
  if ((pm && (v[3][l[3] - 1] & 7) != pm) || (qm && (v[4][l[4] - 1] & 7) != qm)) {
    snprintf(why, wl, "p mod 8 / q mod 8 constraint not met");
    goto out;
  }
  cce_status st = crt ? cce_rsa_private_key_init(&key, v[0], l[0], v[1], l[1], NULL, 0, v[3], l[3], v[4], l[4],
                                                 v[5], l[5], v[6], l[6], v[7], l[7])
                      : cce_rsa_private_key_init(&key, v[0], l[0], v[1], l[1], v[2], l[2], NULL, 0, NULL, 0, NULL,
                                                 0, NULL, 0, NULL, 0);
  if (st != CCE_OK) {
    snprintf(why, wl, "key rejected: %s", cce_status_str(st));
    goto out;
  }
  if (cce_rsa_pkcs1_sign(&key, CCE_HASH_SHA256, msg, sizeof msg, sig, sizeof sig, &sl) != CCE_OK ||
      cce_rsa_public_from_private(&pub, &key) != CCE_OK ||
      cce_rsa_pkcs1_verify(&pub, CCE_HASH_SHA256, msg, sizeof msg, sig, sl) != CCE_OK) {
    snprintf(why, wl, "private key inconsistent with (n, e)");
    goto out;
  }
  rc = 1;
out:
  cce_rsa_private_key_wipe(&key);
  for (int i = 0; i < 8; i++) free(v[i]);
  return rc;
}

static int check_siggen(const json_t *pg, const json_t *pt, const json_t *rg, const json_t *rt, char *why,
                        size_t wl) {
  size_t nl, el, ml, sl;
  uint8_t *n = hex_of(rg, "n", &nl), *e = hex_of(rg, "e", &el), *msg = hex_of(pt, "message", &ml);
  uint8_t *sig = hex_of(rt, "signature", &sl);
  const char *st = s_of(pg, "sigType"), *ha = s_of(pg, "hashAlg"), *mf = s_of(pg, "maskFunction");
  int rc = 0;
  cce_rsa_public_key pub;
  if (!n || !e || !msg || !sig || !st || !ha) {
    snprintf(why, wl, "missing n, e, message, signature, sigType or hashAlg");
    goto out;
  }
  cce_hash_alg h = cce_hash_from_name(ha);
  if (cce_rsa_public_key_init(&pub, n, nl, e, el) != CCE_OK) {
    snprintf(why, wl, "public key rejected");
    goto out;
  }
  if ((long long)cce_rsa_public_bits(&pub) != int_of(pg, "modulo", 0)) {
    snprintf(why, wl, "modulus size differs from the group's");
    goto out;
  }
  cce_status vs;
  if (strcmp(st, "pss") == 0) {
    cce_rsa_mask mask = CCE_RSA_MGF1;
    if (mf && strcmp(mf, "shake-128") == 0) mask = CCE_RSA_MASK_SHAKE128;
    if (mf && strcmp(mf, "shake-256") == 0) mask = CCE_RSA_MASK_SHAKE256;
    vs = cce_rsa_pss_verify(&pub, h, mask, CCE_HASH_NONE, (size_t)int_of(pg, "saltLen", 0), msg, ml, sig, sl);
  } else {
    vs = cce_rsa_pkcs1_verify(&pub, h, msg, ml, sig, sl);
  }
  if (vs != CCE_OK) {
    snprintf(why, wl, "signature does not verify: %s", cce_status_str(vs));
    goto out;
  }
  rc = 1;
out:
  free(n); free(e); free(msg); free(sig);
  return rc;
}

int acvp_check_rsa(const json_t *pvs, const json_t *pg, const json_t *pt, const json_t *rg, const json_t *rt,
                   char *why, size_t why_len) {
  const char *alg = s_of(pvs, "algorithm"), *mode = s_of(pvs, "mode");
  if (alg == NULL || mode == NULL || strcmp(alg, "RSA") != 0 || pg == NULL || rt == NULL) return -1;
  if (strcmp(mode, "keyGen") == 0) return s_of(rt, "n") ? check_keygen(pg, rt, why, why_len) : -1;
  if (strcmp(mode, "sigGen") == 0)
    return (rg && s_of(rg, "n") && pt) ? check_siggen(pg, pt, rg, rt, why, why_len) : -1;
  return -1;
}
