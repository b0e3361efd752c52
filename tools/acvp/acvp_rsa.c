// ACVP handlers of the RSA family (revisions FIPS186-4 and FIPS186-5):
//   RSA keyGen   GDT groups with randPQ "probable" (FIPS 186-5 A.1.3): a key
//                per test (pMod8/qMod8 honoured; pubExp "random" picks a
//                random odd e of 33..64 bits, "fixed" uses fixedPubExp),
//                answered {n, e, p, q, dmp1, dmq1, iqmp} (crt) or {n, e, p,
//                q, d} (standard). AFT groups with randPQ provable,
//                provableWithProvableAux, probableWithProvableAux and
//                probableWithProbableAux (FIPS 186-5 A.1.2/A.1.4/A.1.5/A.1.6)
//                by cce_rsa_generate_key_seeded: with infoGeneratedByServer
//                the server's seed, bitlens, xP.. and e per test; without,
//                the module draws them (seed of 2x security strength, aux
//                bit lengths above the Table A.1 minimum) and answers them
//                with the key.
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

static void set_key(json_t *o, const cce_rsa_private_key *key, int crt) {
  set_comp(o, "n", key, CCE_RSA_N);
  set_comp(o, "e", key, CCE_RSA_E);
  set_comp(o, "p", key, CCE_RSA_P);
  set_comp(o, "q", key, CCE_RSA_Q);
  if (crt) {
    set_comp(o, "dmp1", key, CCE_RSA_DP);
    set_comp(o, "dmq1", key, CCE_RSA_DQ);
    set_comp(o, "iqmp", key, CCE_RSA_QINV);
  } else {
    set_comp(o, "d", key, CCE_RSA_D);
  }
}

// GDT (and "probable" without server inputs): the module's own key generation.
static int keygen_gdt(const json_t *group, json_t *resp, int crt, const uint8_t *fixed, size_t fixed_len) {
  long long bits, pm = 0, qm = 0;
  if (acvp_int(group, "modulo", &bits) != 0) return ACVP_ERROR;
  if (json_object_get(group, "pMod8")) (void)acvp_int(group, "pMod8", &pm);
  if (json_object_get(group, "qMod8")) (void)acvp_int(group, "qMod8", &qm);
  const json_t *tests = json_object_get(group, "tests");
  size_t i;
  const json_t *t;
  static cce_rsa_private_key key;
  json_array_foreach(tests, i, t) {
    uint8_t e[8];
    const uint8_t *ep = fixed;
    size_t el = fixed_len;
    if (ep == NULL) {
      if (cce_random(e, sizeof e) != CCE_OK) return ACVP_ERROR;
      e[0] = (uint8_t)(e[0] | 0x80);  // 64-bit odd e, above 2^16
      e[7] |= 1;
      ep = e;
      el = sizeof e;
    }
    cce_status st = cce_rsa_generate_key_ex(&key, (unsigned)bits, ep, el, (unsigned)pm, (unsigned)qm);
    if (st != CCE_OK) {
      acvp_set_reason("key generation failed: %s", cce_status_str(st));
      return st == CCE_ERR_INVALID_LENGTH || st == CCE_ERR_UNSUPPORTED ? ACVP_UNSUPPORTED : ACVP_ERROR;
    }
    set_key(acvp_add_test(resp, t), &key, crt);
  }
  cce_rsa_private_key_wipe(&key);
  return ACVP_OK;
}

// Random big-endian integer of exactly `bits` bits (top bit set; the two top
// bits when `two_top`, which puts an L-bit x above sqrt(2) 2^(L-1)), odd.
static int rand_bits(uint8_t *out, size_t bits, int two_top) {
  size_t len = (bits + 7) / 8;
  if (cce_random(out, len) != CCE_OK) return -1;
  unsigned extra = (unsigned)(8 * len - bits);
  out[0] = (uint8_t)(out[0] & (0xff >> extra));
  out[0] = (uint8_t)(out[0] | (0x80 >> extra));
  if (two_top) {
    if (extra < 7) out[0] = (uint8_t)(out[0] | (0x40 >> extra));
    else out[1] |= 0x80;
  }
  out[len - 1] |= 1;
  return 0;
}

// AFT: FIPS 186-5 A.1.2 / A.1.4 / A.1.5 / A.1.6 from the server's inputs
// (infoGeneratedByServer true: seed, bitlens, xP, xQ, xP1, xP2, xQ1, xQ2, e
// in each test) or from inputs the module draws and reports with the key
// (infoGeneratedByServer false).
static int keygen_aft(const json_t *group, json_t *resp, cce_rsa_prime_method method, int crt, int by_server,
                      const uint8_t *fixed, size_t fixed_len) {
  long long bits, pm = 0, qm = 0;
  if (acvp_int(group, "modulo", &bits) != 0) return ACVP_ERROR;
  if (json_object_get(group, "pMod8")) (void)acvp_int(group, "pMod8", &pm);
  if (json_object_get(group, "qMod8")) (void)acvp_int(group, "qMod8", &qm);
  if (bits != 2048 && bits != 3072 && bits != 4096) {
    acvp_set_reason("modulo %lld not supported", bits);
    return ACVP_UNSUPPORTED;
  }
  cce_hash_alg h = hash_of(group);
  if (method != CCE_RSA_PRIMES_PROBABLE_AUX_PROBABLE && h == CCE_HASH_NONE) {
    acvp_set_reason("missing or unknown hashAlg");
    return ACVP_UNSUPPORTED;
  }
  static const char *xnames[6] = {"xP", "xQ", "xP1", "xP2", "xQ1", "xQ2"};
  const json_t *tests = json_object_get(group, "tests");
  size_t i;
  const json_t *t;
  static cce_rsa_private_key key;
  int rc = ACVP_OK;
  json_array_foreach(tests, i, t) {
    cce_rsa_seeded_params prm;
    memset(&prm, 0, sizeof prm);
    uint8_t *e = NULL, *seed = NULL, *x[6] = {0};
    size_t xl[6] = {0};
    uint8_t ebuf[8], sbuf[32], xbuf[6][CCE_RSA_MAX_BYTES / 2];
    unsigned bl[4] = {0};
    prm.bits = (unsigned)bits;
    prm.hash = h;
    prm.p_mod8 = (unsigned)pm;
    prm.q_mod8 = (unsigned)qm;
    int need_seed = method != CCE_RSA_PRIMES_PROBABLE_AUX_PROBABLE;
    int need_bitlens = method != CCE_RSA_PRIMES_PROVABLE;
    int nx = method == CCE_RSA_PRIMES_PROBABLE_AUX_PROBABLE ? 6
             : method == CCE_RSA_PRIMES_PROBABLE_AUX_PROVABLE ? 2 : 0;
    if (by_server) {
      e = acvp_hex(t, "e", &prm.e_len);
      if (e == NULL) { rc = ACVP_ERROR; goto next; }
      prm.e = e;
      if (need_seed) {
        seed = acvp_hex(t, "seed", &prm.seed_len);
        if (seed == NULL) { rc = ACVP_ERROR; goto next; }
        prm.seed = seed;
      }
      if (need_bitlens) {
        const json_t *a = json_object_get(t, "bitlens");
        if (!json_is_array(a) || json_array_size(a) != 4) {
          fprintf(stderr, "tcId %lld: bitlens missing\n", (long long)json_integer_value(json_object_get(t, "tcId")));
          rc = ACVP_ERROR;
          goto next;
        }
        for (int k = 0; k < 4; k++) bl[k] = (unsigned)json_integer_value(json_array_get(a, (size_t)k));
      }
      for (int k = 0; k < nx; k++) {
        x[k] = acvp_hex(t, xnames[k], &xl[k]);
        if (x[k] == NULL) { rc = ACVP_ERROR; goto next; }
      }
    } else {
      if (fixed) {
        prm.e = fixed;
        prm.e_len = fixed_len;
      } else {
        if (rand_bits(ebuf, 64, 0) != 0) { rc = ACVP_ERROR; goto next; }
        prm.e = ebuf;
        prm.e_len = sizeof ebuf;
      }
      if (need_seed) {
        prm.seed_len = bits == 2048 ? 28 : 32;  // 2 x security strength (112, 128)
        if (cce_random(sbuf, prm.seed_len) != CCE_OK) { rc = ACVP_ERROR; goto next; }
        prm.seed = sbuf;
      }
      unsigned base = bits == 2048 ? 150 : bits == 3072 ? 180 : 210;  // > 140 / 170 / 200 (Table A.1)
      for (int k = 0; k < 4 && need_bitlens; k++) {
        uint8_t r;
        if (cce_random(&r, 1) != CCE_OK) { rc = ACVP_ERROR; goto next; }
        bl[k] = base + (r & 63);
      }
      for (int k = 0; k < nx; k++) {
        size_t xb = k < 2 ? (size_t)bits / 2 : bl[k - 2];
        if (rand_bits(xbuf[k], xb, k < 2) != 0) { rc = ACVP_ERROR; goto next; }
        xl[k] = (xb + 7) / 8;
      }
    }
    memcpy(prm.bitlens, bl, sizeof bl);
    const uint8_t *xv[6];
    for (int k = 0; k < 6; k++) xv[k] = by_server ? x[k] : xbuf[k];
    if (nx >= 2) {
      prm.xp = xv[0]; prm.xp_len = xl[0];
      prm.xq = xv[1]; prm.xq_len = xl[1];
    }
    if (nx == 6) {
      prm.xp1 = xv[2]; prm.xp1_len = xl[2];
      prm.xp2 = xv[3]; prm.xp2_len = xl[3];
      prm.xq1 = xv[4]; prm.xq1_len = xl[4];
      prm.xq2 = xv[5]; prm.xq2_len = xl[5];
    }
    cce_status st = cce_rsa_generate_key_seeded(&key, method, &prm);
    json_t *o = acvp_add_test(resp, t);
    if (st != CCE_OK) {
      // Inputs for which the standard's procedure returns FAILURE.
      json_object_set_new(o, "testPassed", json_false());
      fprintf(stderr, "tcId %lld: %s\n", (long long)json_integer_value(json_object_get(t, "tcId")),
              cce_status_str(st));
      goto next;
    }
    if (need_seed) acvp_set_hex(o, "seed", prm.seed, prm.seed_len);
    if (need_bitlens) {
      json_t *a = json_array();
      for (int k = 0; k < 4; k++) json_array_append_new(a, json_integer(bl[k]));
      json_object_set_new(o, "bitlens", a);
    }
    for (int k = 0; k < nx; k++) acvp_set_hex(o, xnames[k], xv[k], xl[k]);
    set_key(o, &key, crt);
  next:
    free(e);
    free(seed);
    for (int k = 0; k < 6; k++) free(x[k]);
    if (rc != ACVP_OK) break;
  }
  cce_rsa_private_key_wipe(&key);
  return rc;
}

static int keygen(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  const char *tt = json_string_value(json_object_get(group, "testType"));
  const char *rpq = json_string_value(json_object_get(group, "randPQ"));
  if (tt == NULL || rpq == NULL) {
    acvp_set_reason("missing testType or randPQ");
    return ACVP_UNSUPPORTED;
  }
  const char *kf = json_string_value(json_object_get(group, "keyFormat"));
  int crt = kf == NULL || strcmp(kf, "crt") == 0;
  const char *pe = json_string_value(json_object_get(group, "pubExp"));
  uint8_t *fixed = NULL;
  size_t fixed_len = 0;
  if (pe && strcmp(pe, "fixed") == 0) {
    fixed = acvp_hex(group, "fixedPubExp", &fixed_len);
    if (fixed == NULL) return ACVP_ERROR;
  }
  int rc;
  if (strcmp(tt, "GDT") == 0 && strcmp(rpq, "probable") == 0) {
    rc = keygen_gdt(group, resp, crt, fixed, fixed_len);
  } else if (strcmp(tt, "AFT") == 0) {
    cce_rsa_prime_method m;
    if (strcmp(rpq, "provable") == 0) m = CCE_RSA_PRIMES_PROVABLE;
    else if (strcmp(rpq, "provableWithProvableAux") == 0) m = CCE_RSA_PRIMES_PROVABLE_AUX_PROVABLE;
    else if (strcmp(rpq, "probableWithProvableAux") == 0) m = CCE_RSA_PRIMES_PROBABLE_AUX_PROVABLE;
    else if (strcmp(rpq, "probableWithProbableAux") == 0) m = CCE_RSA_PRIMES_PROBABLE_AUX_PROBABLE;
    else {
      // "probable" (A.1.3) AFT would need the random numbers of the module's
      // own search, which the ACVP interface does not carry.
      acvp_set_reason("AFT with randPQ \"%s\" is not implemented", rpq);
      free(fixed);
      return ACVP_UNSUPPORTED;
    }
    int by_server = 0;
    if (json_object_get(group, "infoGeneratedByServer")) (void)acvp_bool(group, "infoGeneratedByServer", &by_server);
    rc = keygen_aft(group, resp, m, crt, by_server, fixed, fixed_len);
  } else {
    acvp_set_reason("testType %s with randPQ %s is not implemented", tt, rpq);
    rc = ACVP_UNSUPPORTED;
  }
  free(fixed);
  return rc;
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
