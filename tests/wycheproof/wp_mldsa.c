// Wycheproof files of the ML-DSA family (prefix "mldsa_"):
//   mldsa_{44,65,87}_sign_seed_test.json    schema mldsa_sign_seed_schema.json:
//       group privateSeed (32 bytes, or a wrong length that must be
//       rejected) and publicKey; ok = the seed expands (cce_mldsa_keygen_seed)
//       to exactly publicKey and signing gives exactly `sig`.
//   mldsa_{44,65,87}_sign_noseed_test.json  schema mldsa_sign_noseed_schema.json:
//       group privateKey (expanded sk; wrong lengths and s1/s2 out of range
//       must be rejected); ok = signing gives exactly `sig`.
//   mldsa_{44,65,87}_verify_test.json       schema mldsa_verify_schema.json:
//       ok = cce_mldsa_verify accepts (publicKey, msg, ctx, sig).
// Signing tests: `msg` (+ optional `ctx`) is signed with cce_mldsa_sign
// (deterministic) or, when `rnd` is given, through cce_mldsa_compute_mu and
// cce_mldsa_sign_mu_rnd; the computed mu must equal the test's `mu` when
// present. Tests without `msg` (flag Internal) sign the given mu
// (cce_mldsa_sign_mu, deterministic).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/mldsa.h"
#include "wycheproof.h"

static int param_from_name(const char *file_name, cce_mldsa_param *p) {
  const char *s = strstr(file_name, "mldsa_");
  if (s == NULL) return -1;
  int n = atoi(s + 6);
  if (n != 44 && n != 65 && n != 87) return -1;
  *p = (cce_mldsa_param)n;
  return 0;
}

static int sign_one(cce_mldsa_param param, const uint8_t *sk, size_t skl, const uint8_t *pk, const json_t *t) {
  size_t pkl, sigl, want_len, ml = 0, cl = 0, rl = 0, mul = 0;
  if (cce_mldsa_sizes(param, &pkl, NULL, &sigl) != CCE_OK) return 0;
  uint8_t *want = wp_hex(t, "sig", &want_len);
  uint8_t *msg = json_object_get(t, "msg") ? wp_hex(t, "msg", &ml) : NULL;
  uint8_t *ctx = json_object_get(t, "ctx") ? wp_hex(t, "ctx", &cl) : NULL;
  uint8_t *rnd = json_object_get(t, "rnd") ? wp_hex(t, "rnd", &rl) : NULL;
  uint8_t *mu = json_object_get(t, "mu") ? wp_hex(t, "mu", &mul) : NULL;
  uint8_t sig[CCE_MLDSA_MAX_SIGNATURE_BYTES], mymu[64];
  cce_status st = CCE_ERR_INVALID_ARG;
  int ok = 0;
  if (msg != NULL) {
    if (rnd != NULL || mu != NULL) {
      if (pk == NULL) goto out;
      st = cce_mldsa_compute_mu(param, mymu, pk, pkl, CCE_HASH_NONE, msg, ml, ctx, cl);
      if (st != CCE_OK || (mu != NULL && (mul != 64 || memcmp(mu, mymu, 64) != 0))) goto out;
    }
    if (rnd != NULL) {
      if (rl != 32) goto out;
      st = cce_mldsa_sign_mu_rnd(param, sig, sizeof sig, sk, skl, mymu, rnd);
    } else {
      st = cce_mldsa_sign(param, sig, sizeof sig, sk, skl, msg, ml, ctx, cl, CCE_MLDSA_DETERMINISTIC);
    }
  } else if (mu != NULL && mul == 64) {
    st = rnd != NULL && rl == 32 ? cce_mldsa_sign_mu_rnd(param, sig, sizeof sig, sk, skl, mu, rnd)
                                 : cce_mldsa_sign_mu(param, sig, sizeof sig, sk, skl, mu, CCE_MLDSA_DETERMINISTIC);
  }
  ok = st == CCE_OK && want_len == sigl && memcmp(sig, want, sigl) == 0;
  // A valid signature must also verify.
  if (ok && pk != NULL && msg != NULL && rnd == NULL)
    ok = cce_mldsa_verify(param, sig, sigl, pk, pkl, msg, ml, ctx, cl) == CCE_OK;
out:
  free(want);
  free(msg);
  free(ctx);
  free(rnd);
  free(mu);
  return ok;
}

static int mldsa_file(const json_t *root, const char *file_name, wp_counts *c) {
  const char *schema = wp_str(root, "schema");
  cce_mldsa_param param;
  if (schema == NULL || param_from_name(file_name, &param) != 0) return -1;
  int seeded = strcmp(schema, "mldsa_sign_seed_schema.json") == 0;
  int noseed = strcmp(schema, "mldsa_sign_noseed_schema.json") == 0;
  int verify = strcmp(schema, "mldsa_verify_schema.json") == 0;
  if (!seeded && !noseed && !verify) return -1;
  size_t pk_bytes, sk_bytes, sig_bytes;
  if (cce_mldsa_sizes(param, &pk_bytes, &sk_bytes, &sig_bytes) != CCE_OK) return -1;
  const json_t *groups = json_object_get(root, "testGroups");
  for (size_t gi = 0; gi < json_array_size(groups); gi++) {
    const json_t *g = json_array_get(groups, gi);
    const json_t *tests = json_object_get(g, "tests");
    const json_t *pkj = json_object_get(g, "publicKey");
    size_t pkl = 0;
    uint8_t *pk = json_is_string(pkj) ? wp_hex(g, "publicKey", &pkl) : NULL;
    if (verify) {
      for (size_t i = 0; i < json_array_size(tests); i++) {
        const json_t *t = json_array_get(tests, i);
        size_t ml, cl = 0, sl;
        uint8_t *msg = wp_hex(t, "msg", &ml), *sig = wp_hex(t, "sig", &sl);
        uint8_t *ctx = json_object_get(t, "ctx") ? wp_hex(t, "ctx", &cl) : NULL;
        cce_status st = pk == NULL ? CCE_ERR_INVALID_LENGTH
                                   : cce_mldsa_verify(param, sig, sl, pk, pkl, msg, ml, ctx, cl);
        wp_record(c, t, st == CCE_OK, "ML-DSA verify");
        free(msg);
        free(sig);
        free(ctx);
      }
      free(pk);
      continue;
    }
    uint8_t sk[CCE_MLDSA_MAX_SECRET_KEY_BYTES];
    int key_ok = 0;
    if (seeded) {
      size_t sdl;
      uint8_t *seed = wp_hex(g, "privateSeed", &sdl);
      uint8_t mypk[CCE_MLDSA_MAX_PUBLIC_KEY_BYTES];
      key_ok = seed != NULL && sdl == CCE_MLDSA_SEED_BYTES &&
               cce_mldsa_keygen_seed(param, mypk, sizeof mypk, sk, sk_bytes, seed) == CCE_OK &&
               (pk == NULL || (pkl == pk_bytes && memcmp(mypk, pk, pk_bytes) == 0));
      free(seed);
    } else {
      size_t kl;
      uint8_t *k = wp_hex(g, "privateKey", &kl);
      key_ok = k != NULL && kl == sk_bytes;
      if (key_ok) memcpy(sk, k, sk_bytes);
      free(k);
    }
    for (size_t i = 0; i < json_array_size(tests); i++) {
      const json_t *t = json_array_get(tests, i);
      int ok = key_ok && sign_one(param, sk, sk_bytes, pk != NULL && pkl == pk_bytes ? pk : NULL, t);
      wp_record(c, t, ok, seeded ? "ML-DSA sign (seed)" : "ML-DSA sign (expanded key)");
    }
    free(pk);
  }
  return 0;
}

const wp_handler wp_handlers_mldsa[] = {
    {"mldsa_", mldsa_file},
    {NULL, NULL},
};
