// Checker rule for ACVP answers of the RSA family that hold values the module
// picked itself (keys, signatures), for cce-acvp-check:
//
//   RSA keyGen   answer {n, e, p, q, dmp1, dmq1, iqmp} (or {.., d}): n has
//                `modulo` bits, p*q == n and the CRT values are consistent
//                (cce_rsa_private_key_init checks p*q == n and the ranges;
//                a PKCS#1 v1.5 signature made with them must verify under
//                (n, e)), e odd and > 2^16, p and q of modulo/2 bits, and the
//                pMod8/qMod8 constraints of the group hold.
//   RSA keyGen   AFT with infoGeneratedByServer false (the module drew the
//                seed, bitlens, xP.. and answered them with the key): the
//                checks above, and the key must equal the one FIPS 186-5
//                A.1.2/A.1.4/A.1.5/A.1.6 derive from those inputs
//                (recomputed with cce_rsa_generate_key_seeded).
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

// AFT keyGen answered with inputs the module drew (infoGeneratedByServer
// false): the key must pass check_keygen and equal the one FIPS 186-5
// A.1.2/A.1.4/A.1.5/A.1.6 derive from the answer's seed, bitlens, xP.. and e
// (recomputed with cce_rsa_generate_key_seeded).
static int check_keygen_aft(const json_t *pg, const json_t *rt, char *why, size_t wl) {
  if (!check_keygen(pg, rt, why, wl)) return 0;
  const char *rpq = s_of(pg, "randPQ"), *ha = s_of(pg, "hashAlg"), *kf = s_of(pg, "keyFormat");
  cce_rsa_prime_method m;
  if (rpq == NULL) { snprintf(why, wl, "no randPQ"); return 0; }
  if (strcmp(rpq, "provable") == 0) m = CCE_RSA_PRIMES_PROVABLE;
  else if (strcmp(rpq, "provableWithProvableAux") == 0) m = CCE_RSA_PRIMES_PROVABLE_AUX_PROVABLE;
  else if (strcmp(rpq, "probableWithProvableAux") == 0) m = CCE_RSA_PRIMES_PROBABLE_AUX_PROVABLE;
  else if (strcmp(rpq, "probableWithProbableAux") == 0) m = CCE_RSA_PRIMES_PROBABLE_AUX_PROBABLE;
  else {
    snprintf(why, wl, "randPQ %s has no seeded construction", rpq);
    return 0;
  }
  static const char *xn[6] = {"xP", "xQ", "xP1", "xP2", "xQ1", "xQ2"};
  uint8_t *e = NULL, *seed = NULL, *x[6] = {0};
  size_t el = 0, sl = 0, xl[6] = {0};
  int rc = 0;
  cce_rsa_seeded_params prm;
  memset(&prm, 0, sizeof prm);
  prm.bits = (unsigned)int_of(pg, "modulo", 0);
  prm.hash = ha ? cce_hash_from_name(ha) : CCE_HASH_NONE;
  prm.p_mod8 = (unsigned)int_of(pg, "pMod8", 0);
  prm.q_mod8 = (unsigned)int_of(pg, "qMod8", 0);
  e = hex_of(rt, "e", &el);
  seed = hex_of(rt, "seed", &sl);
  for (int k = 0; k < 6; k++) x[k] = hex_of(rt, xn[k], &xl[k]);
  const json_t *bl = json_object_get(rt, "bitlens");
  for (size_t k = 0; k < 4 && json_is_array(bl); k++)
    prm.bitlens[k] = (unsigned)json_integer_value(json_array_get(bl, k));
  prm.e = e; prm.e_len = el;
  prm.seed = seed; prm.seed_len = sl;
  prm.xp = x[0]; prm.xp_len = xl[0];
  prm.xq = x[1]; prm.xq_len = xl[1];
  prm.xp1 = x[2]; prm.xp1_len = xl[2];
  prm.xp2 = x[3]; prm.xp2_len = xl[3];
  prm.xq1 = x[4]; prm.xq1_len = xl[4];
  prm.xq2 = x[5]; prm.xq2_len = xl[5];
  static cce_rsa_private_key key;
  cce_status st = cce_rsa_generate_key_seeded(&key, m, &prm);
  if (st != CCE_OK) {
    snprintf(why, wl, "the answer's inputs do not generate a key: %s", cce_status_str(st));
    goto out;
  }
  int crt = kf == NULL || strcmp(kf, "crt") == 0;
  static const char *names[5] = {"n", "p", "q", "d", "dmp1"};
  static const cce_rsa_component cs[5] = {CCE_RSA_N, CCE_RSA_P, CCE_RSA_Q, CCE_RSA_D, CCE_RSA_DP};
  for (int k = 0; k < 5; k++) {
    if ((k == 3 && crt) || (k == 4 && !crt)) continue;
    uint8_t want[CCE_RSA_MAX_BYTES];
    size_t wlen = 0, glen = 0;
    uint8_t *got = hex_of(rt, names[k], &glen);
    int ok = got && cce_rsa_private_export(&key, cs[k], want, sizeof want, &wlen) == CCE_OK;
    if (ok) {
      const uint8_t *g = got;
      while (glen > 1 && g[0] == 0) { g++; glen--; }
      ok = glen == wlen && memcmp(g, want, wlen) == 0;
    }
    free(got);
    if (!ok) {
      snprintf(why, wl, "%s differs from the one derived from the answer's inputs (FIPS 186-5 A.1)", names[k]);
      goto out;
    }
  }
  rc = 1;
out:
  cce_rsa_private_key_wipe(&key);
  free(e);
  free(seed);
  for (int k = 0; k < 6; k++) free(x[k]);
  return rc;
}

int acvp_check_rsa(const json_t *pvs, const json_t *pg, const json_t *pt, const json_t *rg, const json_t *rt,
                   char *why, size_t why_len) {
  const char *alg = s_of(pvs, "algorithm"), *mode = s_of(pvs, "mode");
  if (alg == NULL || mode == NULL || strcmp(alg, "RSA") != 0 || pg == NULL || rt == NULL) return -1;
  if (strcmp(mode, "keyGen") == 0) {
    if (s_of(rt, "n") == NULL) return -1;
    const char *tt = s_of(pg, "testType");
    if (tt && strcmp(tt, "AFT") == 0) {
      // server-given inputs: compared as is with NIST's answer, not here
      if (!json_is_false(json_object_get(pg, "infoGeneratedByServer"))) return -1;
      return check_keygen_aft(pg, rt, why, why_len);
    }
    return check_keygen(pg, rt, why, why_len);
  }
  if (strcmp(mode, "sigGen") == 0)
    return (rg && s_of(rg, "n") && pt) ? check_siggen(pg, pt, rg, rt, why, why_len) : -1;
  return -1;
}
