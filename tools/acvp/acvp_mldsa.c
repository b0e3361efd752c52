// cce-acvp handlers for ML-DSA (FIPS 204; draft-celi-acvp-ml-dsa):
// keyGen, sigGen (revisions FIPS204 and FIPS204-tr1) and sigVer.
//
// keyGen: group parameterSet; tests seed -> {pk, sk} (cce_mldsa_keygen_seed).
// sigGen: group parameterSet, deterministic, signatureInterface
//   ("internal"/"external"), preHash ("pure"/"preHash", external),
//   externalMu (internal), keyFormat ("seed"/"expanded", tr1 only; without
//   it the test gives sk). Tests: sk or seed, message or mu, rnd (hedged),
//   context, hashAlg (preHash). Answer: signature.
//     internal + externalMu   -> cce_mldsa_sign_mu (deterministic) or
//                                cce_mldsa_sign_mu_rnd (rnd given)
//     internal, message        -> cce_mldsa_sign_internal (M' = message)
//     external, deterministic  -> cce_mldsa_sign / cce_mldsa_hash_sign with
//                                CCE_MLDSA_DETERMINISTIC (the approved services)
//     external, rnd given      -> M' = cce_mldsa_message_prefix || M or PH(M),
//                                then cce_mldsa_sign_internal with rnd
// sigVer: the same group fields; tests pk, message or mu, context, hashAlg,
//   signature -> testPassed.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acvp.h"
#include "cce/hash.h"
#include "cce/mldsa.h"

static int param_of(const json_t *group, cce_mldsa_param *out) {
  const char *ps = acvp_str(group, "parameterSet");
  if (ps == NULL) return -1;
  if (strcmp(ps, "ML-DSA-44") == 0) *out = CCE_MLDSA_44;
  else if (strcmp(ps, "ML-DSA-65") == 0) *out = CCE_MLDSA_65;
  else if (strcmp(ps, "ML-DSA-87") == 0) *out = CCE_MLDSA_87;
  else {
    acvp_set_reason("parameter set %s", ps);
    return 1;
  }
  return 0;
}

static int fail(const char *what, cce_status st) {
  acvp_set_reason("%s: %s", what, cce_status_str(st));
  return ACVP_ERROR;
}

static int keygen_group(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  cce_mldsa_param param;
  int r = param_of(group, &param);
  if (r) return r < 0 ? ACVP_ERROR : ACVP_UNSUPPORTED;
  size_t pkl, skl;
  if (cce_mldsa_sizes(param, &pkl, &skl, NULL) != CCE_OK) return ACVP_ERROR;
  const json_t *tests = json_object_get(group, "tests");
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    size_t sl;
    uint8_t *seed = acvp_hex(t, "seed", &sl);
    if (seed == NULL || sl != CCE_MLDSA_SEED_BYTES) {
      free(seed);
      acvp_set_reason("bad seed");
      return ACVP_ERROR;
    }
    uint8_t pk[CCE_MLDSA_MAX_PUBLIC_KEY_BYTES], sk[CCE_MLDSA_MAX_SECRET_KEY_BYTES];
    cce_status st = cce_mldsa_keygen_seed(param, pk, pkl, sk, skl, seed);
    free(seed);
    if (st != CCE_OK) return fail("keygen", st);
    json_t *rt = acvp_add_test(resp, t);
    acvp_set_hex(rt, "pk", pk, pkl);
    acvp_set_hex(rt, "sk", sk, skl);
  }
  return ACVP_OK;
}

// Group options shared by sigGen and sigVer.
typedef struct sig_opts {
  cce_mldsa_param param;
  int internal, ext_mu, prehash, deterministic, seed_key;
} sig_opts;

static int read_opts(const json_t *group, sig_opts *o, int gen) {
  memset(o, 0, sizeof *o);
  int r = param_of(group, &o->param);
  if (r) return r < 0 ? ACVP_ERROR : ACVP_UNSUPPORTED;
  const char *iface = acvp_str(group, "signatureInterface");
  if (iface == NULL) return ACVP_ERROR;
  o->internal = strcmp(iface, "internal") == 0;
  if (o->internal) {
    if (acvp_bool(group, "externalMu", &o->ext_mu) != 0) return ACVP_ERROR;
  } else {
    const char *ph = acvp_str(group, "preHash");
    if (ph == NULL) return ACVP_ERROR;
    o->prehash = strcmp(ph, "preHash") == 0;
  }
  if (gen) {
    if (acvp_bool(group, "deterministic", &o->deterministic) != 0) return ACVP_ERROR;
    const json_t *kf = json_object_get(group, "keyFormat");
    if (kf != NULL) {
      const char *s = json_string_value(kf);
      if (s == NULL) return ACVP_ERROR;
      o->seed_key = strcmp(s, "seed") == 0;
    }
  }
  return ACVP_OK;
}

// Builds M' for the external interface (rnd given): prefix || M or PH(M).
static uint8_t *build_mprime(const uint8_t *msg, size_t msg_len, cce_hash_alg ph, const uint8_t *ctx,
                             size_t ctx_len, size_t *out_len) {
  uint8_t pre[2 + 255 + 11], dig[64];
  size_t pl, dl = msg_len;
  const uint8_t *body = msg;
  if (cce_mldsa_message_prefix(pre, sizeof pre, &pl, ph, ctx, ctx_len) != CCE_OK) return NULL;
  if (ph != CCE_HASH_NONE) {
    cce_hash_ctx h;
    dl = cce_hash_digest_len(ph);
    if (dl == 0) dl = ph == CCE_HASH_SHAKE128 ? 32 : 64;
    if (cce_hash_init(&h, ph) != CCE_OK || cce_hash_update(&h, msg, msg_len) != CCE_OK ||
        cce_hash_final(&h, dig, dl) != CCE_OK)
      return NULL;
    cce_hash_cleanup(&h);
    body = dig;
  }
  uint8_t *m = malloc(pl + dl + 1);
  if (m == NULL) return NULL;
  memcpy(m, pre, pl);
  if (dl) memcpy(m + pl, body, dl);
  *out_len = pl + dl;
  return m;
}

static int siggen_group(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  sig_opts o;
  int r = read_opts(group, &o, 1);
  if (r != ACVP_OK) return r;
  size_t pkl, skl, sigl;
  if (cce_mldsa_sizes(o.param, &pkl, &skl, &sigl) != CCE_OK) return ACVP_ERROR;
  const json_t *tests = json_object_get(group, "tests");
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    uint8_t sk[CCE_MLDSA_MAX_SECRET_KEY_BYTES], sig[CCE_MLDSA_MAX_SIGNATURE_BYTES];
    uint8_t rnd[32] = {0};
    size_t n;
    cce_status st;
    if (o.seed_key) {
      uint8_t *seed = acvp_hex(t, "seed", &n);
      if (seed == NULL || n != 32) {
        free(seed);
        return ACVP_ERROR;
      }
      st = cce_mldsa_keygen_seed(o.param, NULL, 0, sk, skl, seed);
      free(seed);
      if (st != CCE_OK) return fail("keygen from seed", st);
    } else {
      uint8_t *k = acvp_hex(t, "sk", &n);
      if (k == NULL || n != skl) {
        free(k);
        acvp_set_reason("bad sk");
        return ACVP_ERROR;
      }
      memcpy(sk, k, skl);
      free(k);
    }
    if (!o.deterministic) {
      uint8_t *rr = acvp_hex(t, "rnd", &n);
      if (rr == NULL || n != 32) {
        free(rr);
        return ACVP_ERROR;
      }
      memcpy(rnd, rr, 32);
      free(rr);
    }
    if (o.internal && o.ext_mu) {
      uint8_t *mu = acvp_hex(t, "mu", &n);
      if (mu == NULL || n != 64) {
        free(mu);
        return ACVP_ERROR;
      }
      st = o.deterministic ? cce_mldsa_sign_mu(o.param, sig, sigl, sk, skl, mu, CCE_MLDSA_DETERMINISTIC)
                           : cce_mldsa_sign_mu_rnd(o.param, sig, sigl, sk, skl, mu, rnd);
      free(mu);
    } else {
      size_t ml, cl = 0;
      uint8_t *msg = acvp_hex(t, "message", &ml), *ctx = NULL;
      if (msg == NULL) return ACVP_ERROR;
      if (o.internal) {
        st = cce_mldsa_sign_internal(o.param, sig, sigl, sk, skl, msg, ml, rnd);
      } else {
        cce_hash_alg ph = CCE_HASH_NONE;
        ctx = acvp_hex(t, "context", &cl);
        if (ctx == NULL) {
          free(msg);
          return ACVP_ERROR;
        }
        if (o.prehash) {
          const char *hn = acvp_str(t, "hashAlg");
          ph = hn != NULL ? cce_hash_from_name(hn) : CCE_HASH_NONE;
          if (ph == CCE_HASH_NONE) {
            free(msg);
            free(ctx);
            acvp_set_reason("hash %s", hn ? hn : "(none)");
            return ACVP_UNSUPPORTED;
          }
        }
        if (o.deterministic) {
          st = ph == CCE_HASH_NONE
                   ? cce_mldsa_sign(o.param, sig, sigl, sk, skl, msg, ml, ctx, cl, CCE_MLDSA_DETERMINISTIC)
                   : cce_mldsa_hash_sign(o.param, sig, sigl, sk, skl, ph, msg, ml, ctx, cl,
                                         CCE_MLDSA_DETERMINISTIC);
        } else {
          size_t mpl;
          uint8_t *mp = build_mprime(msg, ml, ph, ctx, cl, &mpl);
          st = mp == NULL ? CCE_ERR_INTERNAL : cce_mldsa_sign_internal(o.param, sig, sigl, sk, skl, mp, mpl, rnd);
          free(mp);
        }
      }
      free(msg);
      free(ctx);
    }
    if (st != CCE_OK) return fail("sign", st);
    json_t *rt = acvp_add_test(resp, t);
    acvp_set_hex(rt, "signature", sig, sigl);
  }
  return ACVP_OK;
}

static int sigver_group(const json_t *vs, const json_t *group, json_t *resp) {
  (void)vs;
  sig_opts o;
  int r = read_opts(group, &o, 0);
  if (r != ACVP_OK) return r;
  const json_t *tests = json_object_get(group, "tests");
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    size_t pkl, sl, ml = 0, cl = 0;
    uint8_t *pk = acvp_hex(t, "pk", &pkl), *sig = acvp_hex(t, "signature", &sl), *msg = NULL, *ctx = NULL;
    cce_status st = CCE_ERR_INTERNAL;
    if (pk == NULL || sig == NULL) goto bad;
    if (o.internal && o.ext_mu) {
      msg = acvp_hex(t, "mu", &ml);
      if (msg == NULL || ml != 64) goto bad;
      st = cce_mldsa_verify_mu(o.param, sig, sl, pk, pkl, msg);
    } else {
      msg = acvp_hex(t, "message", &ml);
      if (msg == NULL) goto bad;
      if (o.internal) {
        st = cce_mldsa_verify_internal(o.param, sig, sl, pk, pkl, msg, ml);
      } else {
        ctx = acvp_hex(t, "context", &cl);
        if (ctx == NULL) goto bad;
        if (o.prehash) {
          const char *hn = acvp_str(t, "hashAlg");
          cce_hash_alg ph = hn != NULL ? cce_hash_from_name(hn) : CCE_HASH_NONE;
          if (ph == CCE_HASH_NONE) goto bad;
          st = cce_mldsa_hash_verify(o.param, sig, sl, pk, pkl, ph, msg, ml, ctx, cl);
        } else {
          st = cce_mldsa_verify(o.param, sig, sl, pk, pkl, msg, ml, ctx, cl);
        }
      }
    }
    if (st != CCE_OK && st != CCE_ERR_SIGNATURE) {
      free(pk);
      free(sig);
      free(msg);
      free(ctx);
      return fail("verify", st);
    }
    json_object_set_new(acvp_add_test(resp, t), "testPassed", json_boolean(st == CCE_OK));
    free(pk);
    free(sig);
    free(msg);
    free(ctx);
    continue;
  bad:
    free(pk);
    free(sig);
    free(msg);
    free(ctx);
    acvp_set_reason("malformed test");
    return ACVP_ERROR;
  }
  return ACVP_OK;
}

const acvp_handler acvp_handlers_mldsa[] = {
    {"ML-DSA", "keyGen", NULL, keygen_group},
    {"ML-DSA", "sigGen", NULL, siggen_group},
    {"ML-DSA", "sigVer", NULL, sigver_group},
    {NULL, NULL, NULL, NULL},
};
