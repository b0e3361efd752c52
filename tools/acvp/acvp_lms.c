// cce-acvp handlers for LMS (ACVP "LMS", revisions "1.0" and "SP800-208";
// single-tree LMS of RFC 8554 / SP 800-208 with SHA-256 and SHA-256/192).
//
//   keyGen  AFT: "seed" (m bytes) and "i" (16 bytes) -> "publicKey"
//           (u32 lms type || u32 ots type || I || T[1]), RFC 8554 Appendix A
//           key derivation (cce_lms_keygen_seed).
//   sigGen  AFT: one key pair per group (cce_hss_keygen with one level: the
//           stateful service, its node cache and its leaf counter), the
//           group's "publicKey" answered; the tests are signed in prompt
//           order with leaves 0, 1, ... (cce_hss_sign), never one twice. A
//           group with more tests than leaves is an error.
//   sigVer  AFT: group "publicKey", test "message" and "signature" ->
//           "testPassed" (cce_lms_verify).
// Groups name their parameters as "lmsMode" (LMS_SHA256_M32_H5 ...
// LMS_SHA256_M24_H25) and "lmOtsMode" (LMOTS_SHA256_N32_W1 ...); the SHAKE
// sets (LMS_SHAKE_*) are answered unsupported.
//
// Cost: a keyGen test computes the whole tree: 2^h leaves of about
// p * 2^w SHA-256 compressions each; a sigGen group one tree plus 2^(h-6)
// leaves per signature. A group whose estimate exceeds
// CCE_ACVP_LMS_BUDGET compressions (default 2^32, a few minutes with
// SHA-NI; 0 = no limit) is answered unsupported with the estimate as its
// reason, so an H25 keyGen (hours at W8) does not hang a test run. See
// docs/lms.md for measured figures.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acvp.h"
#include "cce/lms.h"
#include "cce/util.h"

typedef struct name_code {
  const char *name;
  uint32_t code;
  unsigned m;
} name_code;

static const name_code k_lms_modes[] = {
    {"LMS_SHA256_M32_H5", CCE_LMS_SHA256_M32_H5, 32},   {"LMS_SHA256_M32_H10", CCE_LMS_SHA256_M32_H10, 32},
    {"LMS_SHA256_M32_H15", CCE_LMS_SHA256_M32_H15, 32}, {"LMS_SHA256_M32_H20", CCE_LMS_SHA256_M32_H20, 32},
    {"LMS_SHA256_M32_H25", CCE_LMS_SHA256_M32_H25, 32}, {"LMS_SHA256_M24_H5", CCE_LMS_SHA256_M24_H5, 24},
    {"LMS_SHA256_M24_H10", CCE_LMS_SHA256_M24_H10, 24}, {"LMS_SHA256_M24_H15", CCE_LMS_SHA256_M24_H15, 24},
    {"LMS_SHA256_M24_H20", CCE_LMS_SHA256_M24_H20, 24}, {"LMS_SHA256_M24_H25", CCE_LMS_SHA256_M24_H25, 24},
    {NULL, 0, 0},
};

static const name_code k_ots_modes[] = {
    {"LMOTS_SHA256_N32_W1", CCE_LMOTS_SHA256_N32_W1, 32}, {"LMOTS_SHA256_N32_W2", CCE_LMOTS_SHA256_N32_W2, 32},
    {"LMOTS_SHA256_N32_W4", CCE_LMOTS_SHA256_N32_W4, 32}, {"LMOTS_SHA256_N32_W8", CCE_LMOTS_SHA256_N32_W8, 32},
    {"LMOTS_SHA256_N24_W1", CCE_LMOTS_SHA256_N24_W1, 24}, {"LMOTS_SHA256_N24_W2", CCE_LMOTS_SHA256_N24_W2, 24},
    {"LMOTS_SHA256_N24_W4", CCE_LMOTS_SHA256_N24_W4, 24}, {"LMOTS_SHA256_N24_W8", CCE_LMOTS_SHA256_N24_W8, 24},
    {NULL, 0, 0},
};

static const name_code *lookup(const name_code *t, const char *s) {
  for (; t->name != NULL; t++)
    if (strcmp(t->name, s) == 0) return t;
  return NULL;
}

// Group prologue: test type AFT, the two modes. Returns ACVP_OK to go on.
static int lms_prologue(const json_t *group, const name_code **lms, const name_code **ots, const json_t **tests) {
  const char *tt = acvp_str(group, "testType");
  const char *lm = acvp_str(group, "lmsMode"), *om = acvp_str(group, "lmOtsMode");
  if (tt == NULL || lm == NULL || om == NULL) return ACVP_ERROR;
  if (strcmp(tt, "AFT") != 0) {
    acvp_set_reason("test type \"%s\" not supported", tt);
    return ACVP_UNSUPPORTED;
  }
  *lms = lookup(k_lms_modes, lm);
  *ots = lookup(k_ots_modes, om);
  if (*lms == NULL || *ots == NULL) {
    acvp_set_reason("parameter set %s / %s not implemented (SHA-256 M32/M24 only)", lm, om);
    return ACVP_UNSUPPORTED;
  }
  if ((*lms)->m != (*ots)->m) {
    acvp_set_reason("%s with %s: the LMS and LM-OTS output lengths differ", lm, om);
    return ACVP_UNSUPPORTED;
  }
  *tests = json_object_get(group, "tests");
  if (!json_is_array(*tests)) {
    acvp_set_reason("group has no tests array");
    return ACVP_ERROR;
  }
  return ACVP_OK;
}

// Heights and chain counts per type (RFC 8554 Table 1/2, SP 800-208).
static unsigned mode_height(uint32_t lms) { return 5 * ((lms - CCE_LMS_SHA256_M32_H5) % 5 + 1); }
static double leaf_cost(uint32_t ots) {
  static const unsigned p[8] = {265, 133, 67, 34, 200, 101, 51, 26}, w[8] = {1, 2, 4, 8, 1, 2, 4, 8};
  unsigned i = ots - 1;
  return (double)p[i] * (double)(1u << w[i]) + (double)p[i] / 2.0 + 2.0;
}

// 0 when `trees` tree computations fit the budget, else -1 (reason set).
static int within_budget(const name_code *lms, const name_code *ots, size_t trees) {
  const char *env = getenv("CCE_ACVP_LMS_BUDGET");
  double budget = env != NULL ? strtod(env, NULL) : 4294967296.0;
  double cost = (double)trees * (double)(1ull << mode_height(lms->code)) * leaf_cost(ots->code);
  if (budget <= 0 || cost <= budget) return 0;
  acvp_set_reason("%s/%s: %zu tree computations of 2^%u leaves, about %.2g SHA-256 compressions (~%.0f s), "
                  "above CCE_ACVP_LMS_BUDGET=%.3g (set it to 0 to run anyway)",
                  lms->name, ots->name, trees, mode_height(lms->code), cost, cost * 40e-9, budget);
  return -1;
}

static int lms_keygen(const json_t *vs, const json_t *group, json_t *resp_group) {
  (void)vs;
  const name_code *lms, *ots;
  const json_t *tests;
  int r = lms_prologue(group, &lms, &ots, &tests);
  if (r != ACVP_OK) return r;
  if (within_budget(lms, ots, json_array_size(tests)) != 0) return ACVP_UNSUPPORTED;
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    size_t sl, il;
    uint8_t *seed = acvp_hex(t, "seed", &sl), *I = acvp_hex(t, "i", &il);
    if (seed == NULL || I == NULL || il != 16) {
      if (I != NULL && il != 16) acvp_set_reason("i of %zu bytes (16 expected)", il);
      free(seed);
      free(I);
      return ACVP_ERROR;
    }
    uint8_t pub[CCE_HSS_PUBLIC_MAX];
    size_t pl = 0;
    cce_status st = cce_lms_keygen_seed(lms->code, ots->code, I, seed, sl, pub, sizeof(pub), &pl);
    free(seed);
    free(I);
    if (st != CCE_OK) {
      acvp_set_reason("cce_lms_keygen_seed: %s", cce_status_str(st));
      return ACVP_ERROR;
    }
    acvp_set_hex(acvp_add_test(resp_group, t), "publicKey", pub, pl);
  }
  return ACVP_OK;
}

// No-op persist: the key lives in memory for one group only.
static int persist_in_memory(void *ctx, const uint8_t *priv, size_t len) {
  (void)ctx;
  (void)priv;
  (void)len;
  return 0;
}

// sigGen through the stateful HSS service with one level: the HSS public
// key is u32str(1) || the LMS public key and an HSS signature u32str(0) ||
// the LMS signature, so both are answered without their first 4 bytes. The
// blob's node cache makes each signature cost 2^(h-6) leaves.
static int lms_siggen(const json_t *vs, const json_t *group, json_t *resp_group) {
  (void)vs;
  const name_code *lms, *ots;
  const json_t *tests;
  int r = lms_prologue(group, &lms, &ots, &tests);
  if (r != ACVP_OK) return r;
  size_t ntests = json_array_size(tests);
  if (within_budget(lms, ots, 1 + ntests / 64) != 0) return ACVP_UNSUPPORTED;
  if (ntests > ((size_t)1 << mode_height(lms->code))) {
    acvp_set_reason("%zu tests but only %u leaves", ntests, 1u << mode_height(lms->code));
    return ACVP_ERROR;
  }
  cce_hss_params p;
  memset(&p, 0, sizeof(p));
  p.levels = 1;
  p.lms_type[0] = lms->code;
  p.ots_type[0] = ots->code;
  uint8_t *priv = malloc(CCE_HSS_PRIVATE_LEN), pub[CCE_HSS_PUBLIC_MAX];
  size_t pl = 0, cap = 0;
  if (priv == NULL) return ACVP_ERROR;
  cce_status st = cce_hss_keygen(&p, priv, CCE_HSS_PRIVATE_LEN, pub, sizeof(pub), &pl);
  if (st == CCE_OK) st = cce_hss_sig_len(priv, CCE_HSS_PRIVATE_LEN, &cap);
  if (st != CCE_OK) {
    acvp_set_reason("cce_hss_keygen: %s", cce_status_str(st));
    free(priv);
    return ACVP_ERROR;
  }
  acvp_set_hex(resp_group, "publicKey", pub + 4, pl - 4);
  int rc = ACVP_OK;
  uint8_t *sig = malloc(cap);
  for (size_t i = 0; sig != NULL && i < ntests && rc == ACVP_OK; i++) {
    const json_t *t = json_array_get(tests, i);
    size_t ml, sl = 0;
    uint8_t *msg = acvp_hex(t, "message", &ml);
    if (msg == NULL) {
      rc = ACVP_ERROR;
      break;
    }
    st = cce_hss_sign(priv, CCE_HSS_PRIVATE_LEN, persist_in_memory, NULL, msg, ml, sig, cap, &sl);
    free(msg);
    if (st != CCE_OK) {
      acvp_set_reason("cce_hss_sign (signature %zu): %s", i, cce_status_str(st));
      rc = ACVP_ERROR;
      break;
    }
    acvp_set_hex(acvp_add_test(resp_group, t), "signature", sig + 4, sl - 4);
  }
  if (sig == NULL) rc = ACVP_ERROR;
  free(sig);
  cce_wipe(priv, CCE_HSS_PRIVATE_LEN);
  free(priv);
  return rc;
}

static int lms_sigver(const json_t *vs, const json_t *group, json_t *resp_group) {
  (void)vs;
  const name_code *lms, *ots;
  const json_t *tests;
  int r = lms_prologue(group, &lms, &ots, &tests);
  if (r != ACVP_OK) return r;
  size_t pl;
  uint8_t *pub = acvp_hex(group, "publicKey", &pl);
  if (pub == NULL) return ACVP_ERROR;
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    size_t ml, sl;
    uint8_t *msg = acvp_hex(t, "message", &ml), *sig = acvp_hex(t, "signature", &sl);
    if (msg == NULL || sig == NULL) {
      free(msg);
      free(sig);
      free(pub);
      return ACVP_ERROR;
    }
    cce_status st = cce_lms_verify(pub, pl, msg, ml, sig, sl);
    json_object_set_new(acvp_add_test(resp_group, t), "testPassed", json_boolean(st == CCE_OK));
    free(msg);
    free(sig);
  }
  free(pub);
  return ACVP_OK;
}

const acvp_handler acvp_handlers_lms[] = {
    {"LMS", "keyGen", NULL, lms_keygen},
    {"LMS", "sigGen", NULL, lms_siggen},
    {"LMS", "sigVer", NULL, lms_sigver},
    {NULL, NULL, NULL, NULL},
};
