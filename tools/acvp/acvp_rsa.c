// ACVP handlers of the RSA family (revisions FIPS186-4 and FIPS186-5):
//   RSA keyGen   GDT groups with randPQ "probable" (FIPS 186-5 A.1.3): a key
//                per test (pMod8/qMod8 honoured; pubExp "random" picks a
//                random odd e of 33..64 bits, "fixed" uses fixedPubExp),
//                answered {n, e, p, q, dmp1, dmq1, iqmp} (crt) or {n, e, p,
//                q, d} (standard). AFT groups (seeded provable primes, auxiliary
//                primes) are not implemented.
//   RSA sigGen   GDT: one key per group (e = 65537), group {n, e}, tests
//                {signature}; pkcs1v1.5 and pss (mgf1, shake-128, shake-256
//                masks); SP 800-106 randomized hashing is not implemented.
//   RSA sigVer   group (or test) {n, e}, tests {message, signature} ->
//                {testPassed}.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acvp.h"
#include "cce/rand.h"
#include "cce/rsa.h"

static cce_hash_alg hash_of(const json_t *g) {
  const char *s = json_string_value(json_object_get(g, "hashAlg"));
  return s ? cce_hash_from_name(s) : CCE_HASH_NONE;
}

static int scheme_of(const json_t *g, int *pss, cce_rsa_mask *mask, long long *salt) {
  const char *st = json_string_value(json_object_get(g, "sigType"));
  if (st == NULL) return -1;
  *pss = strcmp(st, "pss") == 0;
  if (!*pss && strcmp(st, "pkcs1v1.5") != 0) return -1;
  *mask = CCE_RSA_MGF1;
  *salt = 0;
  if (*pss) {
    const char *mf = json_string_value(json_object_get(g, "maskFunction"));
    if (mf == NULL || strcmp(mf, "mgf1") == 0) *mask = CCE_RSA_MGF1;
    else if (strcmp(mf, "shake-128") == 0) *mask = CCE_RSA_MASK_SHAKE128;
    else if (strcmp(mf, "shake-256") == 0) *mask = CCE_RSA_MASK_SHAKE256;
    else return -1;
    if (json_object_get(g, "saltLen") && acvp_int(g, "saltLen", salt) != 0) return -1;
  }
  return 0;
}

static void set_comp(json_t *o, const char *name, const cce_rsa_private_key *k, cce_rsa_component c) {
  uint8_t buf[CCE_RSA_MAX_BYTES];
  size_t l = 0;
  if (cce_rsa_private_export(k, c, buf, sizeof buf, &l) == CCE_OK) acvp_set_hex(o, name, buf, l);
}

static int keygen(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  const char *tt = json_string_value(json_object_get(group, "testType"));
  const char *rpq = json_string_value(json_object_get(group, "randPQ"));
  if (tt == NULL || strcmp(tt, "GDT") != 0 || rpq == NULL || strcmp(rpq, "probable") != 0) {
    acvp_set_reason("only GDT with probable primes (FIPS 186-5 A.1.3) is implemented");
    return ACVP_UNSUPPORTED;
  }
  long long bits, pm = 0, qm = 0;
  if (acvp_int(group, "modulo", &bits) != 0) return ACVP_ERROR;
  if (json_object_get(group, "pMod8")) (void)acvp_int(group, "pMod8", &pm);
  if (json_object_get(group, "qMod8")) (void)acvp_int(group, "qMod8", &qm);
  const char *kf = json_string_value(json_object_get(group, "keyFormat"));
  int crt = kf == NULL || strcmp(kf, "crt") == 0;
  const char *pe = json_string_value(json_object_get(group, "pubExp"));
  uint8_t *fixed = NULL;
  size_t fixed_len = 0;
  if (pe && strcmp(pe, "fixed") == 0) {
    fixed = acvp_hex(group, "fixedPubExp", &fixed_len);
    if (fixed == NULL) return ACVP_ERROR;
  }
  const json_t *tests = json_object_get(group, "tests");
  size_t i;
  const json_t *t;
  static cce_rsa_private_key key;
  json_array_foreach(tests, i, t) {
    uint8_t e[8];
    const uint8_t *ep = fixed;
    size_t el = fixed_len;
    if (ep == NULL) {
      if (cce_random(e, sizeof e) != CCE_OK) { free(fixed); return ACVP_ERROR; }
      e[0] = (uint8_t)(e[0] | 0x80);  // 64-bit odd e, above 2^16
      e[7] |= 1;
      ep = e;
      el = sizeof e;
    }
    cce_status st = cce_rsa_generate_key_ex(&key, (unsigned)bits, ep, el, (unsigned)pm, (unsigned)qm);
    if (st != CCE_OK) {
      acvp_set_reason("key generation failed: %s", cce_status_str(st));
      free(fixed);
      return st == CCE_ERR_INVALID_LENGTH || st == CCE_ERR_UNSUPPORTED ? ACVP_UNSUPPORTED : ACVP_ERROR;
    }
    json_t *o = acvp_add_test(resp, t);
    set_comp(o, "n", &key, CCE_RSA_N);
    set_comp(o, "e", &key, CCE_RSA_E);
    set_comp(o, "p", &key, CCE_RSA_P);
    set_comp(o, "q", &key, CCE_RSA_Q);
    if (crt) {
      set_comp(o, "dmp1", &key, CCE_RSA_DP);
      set_comp(o, "dmq1", &key, CCE_RSA_DQ);
      set_comp(o, "iqmp", &key, CCE_RSA_QINV);
    } else {
      set_comp(o, "d", &key, CCE_RSA_D);
    }
  }
  cce_rsa_private_key_wipe(&key);
  free(fixed);
  return ACVP_OK;
}

static int siggen(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  const char *conf = json_string_value(json_object_get(group, "conformance"));
  if (conf != NULL && strcmp(conf, "SP800-106") == 0) {
    acvp_set_reason("randomized message hashing (SP 800-106) not implemented");
    return ACVP_UNSUPPORTED;
  }
  int pss;
  cce_rsa_mask mask;
  long long salt, bits;
  cce_hash_alg h = hash_of(group);
  if (scheme_of(group, &pss, &mask, &salt) != 0 || acvp_int(group, "modulo", &bits) != 0) return ACVP_ERROR;
  if (h == CCE_HASH_NONE || h == CCE_HASH_SHA1) {
    acvp_set_reason("hash not offered for RSA signing");
    return ACVP_UNSUPPORTED;
  }
  static cce_rsa_private_key key;
  cce_status st = cce_rsa_generate_key(&key, (unsigned)bits, NULL, 0);
  if (st != CCE_OK) {
    acvp_set_reason("modulus %lld: %s", bits, cce_status_str(st));
    return ACVP_UNSUPPORTED;
  }
  set_comp(resp, "n", &key, CCE_RSA_N);
  set_comp(resp, "e", &key, CCE_RSA_E);
  const json_t *tests = json_object_get(group, "tests");
  size_t i;
  const json_t *t;
  json_array_foreach(tests, i, t) {
    size_t ml, sl = 0;
    uint8_t *msg = acvp_hex(t, "message", &ml);
    uint8_t sig[CCE_RSA_MAX_BYTES];
    if (msg == NULL) { cce_rsa_private_key_wipe(&key); return ACVP_ERROR; }
    st = pss ? cce_rsa_pss_sign(&key, h, mask, CCE_HASH_NONE, (size_t)salt, msg, ml, sig, sizeof sig, &sl)
             : cce_rsa_pkcs1_sign(&key, h, msg, ml, sig, sizeof sig, &sl);
    free(msg);
    if (st != CCE_OK) {
      acvp_set_reason("signing failed: %s", cce_status_str(st));
      cce_rsa_private_key_wipe(&key);
      return ACVP_ERROR;
    }
    acvp_set_hex(acvp_add_test(resp, t), "signature", sig, sl);
  }
  cce_rsa_private_key_wipe(&key);
  return ACVP_OK;
}

static int sigver(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  int pss;
  cce_rsa_mask mask;
  long long salt;
  cce_hash_alg h = hash_of(group);
  if (scheme_of(group, &pss, &mask, &salt) != 0) return ACVP_ERROR;
  if (h == CCE_HASH_NONE) {
    acvp_set_reason("hash not supported");
    return ACVP_UNSUPPORTED;
  }
  const json_t *tests = json_object_get(group, "tests");
  size_t i;
  const json_t *t;
  json_array_foreach(tests, i, t) {
    const json_t *src = json_object_get(group, "n") ? group : t;
    size_t nl, el, ml, sl;
    uint8_t *n = acvp_hex(src, "n", &nl), *e = acvp_hex(src, "e", &el);
    uint8_t *msg = acvp_hex(t, "message", &ml), *sig = acvp_hex(t, "signature", &sl);
    if (!n || !e || !msg || !sig) {
      free(n); free(e); free(msg); free(sig);
      return ACVP_ERROR;
    }
    cce_rsa_public_key pub;
    int ok = cce_rsa_public_key_init(&pub, n, nl, e, el) == CCE_OK;
    if (ok)
      ok = (pss ? cce_rsa_pss_verify(&pub, h, mask, CCE_HASH_NONE, (size_t)salt, msg, ml, sig, sl)
                : cce_rsa_pkcs1_verify(&pub, h, msg, ml, sig, sl)) == CCE_OK;
    json_object_set_new(acvp_add_test(resp, t), "testPassed", json_boolean(ok));
    free(n); free(e); free(msg); free(sig);
  }
  return ACVP_OK;
}

const acvp_handler acvp_handlers_rsa[] = {
    {"RSA", "keyGen", NULL, keygen},
    {"RSA", "sigGen", NULL, siggen},
    {"RSA", "sigVer", NULL, sigver},
    {NULL, NULL, NULL, NULL},
};
