// cce-acvp handlers for ML-KEM (FIPS 203; draft-celi-acvp-ml-kem),
// algorithm "ML-KEM", revisions "FIPS203" and "FIPS203-tr1":
//
//   mode keyGen (AFT): each test gives the seeds "d" and "z"; the answer is
//     "ek" and "dk" from ML-KEM.KeyGen_internal(d, z).
//   mode encapDecap, by the group's "function":
//     encapsulation (AFT): "ek" and "m" -> "c" and "k" (Encaps_internal);
//     decapsulation (VAL): "dk" (per test, or once for the group in older
//       vector sets) and "c" -> "k" (Decaps, implicit rejection included);
//     encapsulationKeyCheck (VAL, FIPS203-tr1): "ek" -> "testPassed", the
//       length and modulus checks of FIPS 203 7.2;
//     decapsulationKeyCheck (VAL, FIPS203-tr1): "dk" -> "testPassed", the
//       length and hash checks of FIPS 203 7.3.
// Every group has "parameterSet": ML-KEM-512, ML-KEM-768 or ML-KEM-1024.
// A key the module refuses during encapsulation or decapsulation is
// answered with "testPassed": false.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acvp.h"
#include "cce/mlkem.h"

static int group_param(const json_t *group, cce_mlkem_param *p) {
  const char *ps = acvp_str(group, "parameterSet");
  if (ps == NULL) return ACVP_ERROR;
  if (strcmp(ps, "ML-KEM-512") == 0) *p = CCE_MLKEM_512;
  else if (strcmp(ps, "ML-KEM-768") == 0) *p = CCE_MLKEM_768;
  else if (strcmp(ps, "ML-KEM-1024") == 0) *p = CCE_MLKEM_1024;
  else {
    acvp_set_reason("ML-KEM parameter set \"%s\" not supported", ps);
    return ACVP_UNSUPPORTED;
  }
  return ACVP_OK;
}

static const json_t *group_tests(const json_t *group) {
  const json_t *tests = json_object_get(group, "tests");
  if (!json_is_array(tests)) {
    acvp_set_reason("group has no tests array");
    return NULL;
  }
  return tests;
}

static int keygen_group(const json_t *vs, const json_t *group, json_t *resp_group) {
  (void)vs;
  cce_mlkem_param p;
  int rc = group_param(group, &p);
  if (rc != ACVP_OK) return rc;
  const json_t *tests = group_tests(group);
  if (tests == NULL) return ACVP_ERROR;
  size_t ek_len, dk_len;
  if (cce_mlkem_sizes(p, &ek_len, &dk_len, NULL) != CCE_OK) return ACVP_ERROR;
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    size_t dl, zl;
    uint8_t *d = acvp_hex(t, "d", &dl), *z = acvp_hex(t, "z", &zl);
    if (d == NULL || z == NULL || dl != 32 || zl != 32) {
      free(d);
      free(z);
      acvp_set_reason("keyGen test needs 32-byte d and z");
      return ACVP_ERROR;
    }
    uint8_t seed[CCE_MLKEM_SEED_BYTES], ek[CCE_MLKEM_MAX_EK_BYTES], dk[CCE_MLKEM_MAX_DK_BYTES];
    memcpy(seed, d, 32);
    memcpy(seed + 32, z, 32);
    free(d);
    free(z);
    if (cce_mlkem_keygen_seed(p, ek, sizeof ek, dk, sizeof dk, seed) != CCE_OK) {
      acvp_set_reason("cce_mlkem_keygen_seed failed");
      return ACVP_ERROR;
    }
    json_t *r = acvp_add_test(resp_group, t);
    acvp_set_hex(r, "ek", ek, ek_len);
    acvp_set_hex(r, "dk", dk, dk_len);
  }
  return ACVP_OK;
}

// Hex field of the test, else of the group.
static uint8_t *test_or_group_hex(const json_t *group, const json_t *t, const char *key, size_t *len) {
  if (json_object_get(t, key) != NULL) return acvp_hex(t, key, len);
  return acvp_hex(group, key, len);
}

static int encap_decap_group(const json_t *vs, const json_t *group, json_t *resp_group) {
  (void)vs;
  cce_mlkem_param p;
  int rc = group_param(group, &p);
  if (rc != ACVP_OK) return rc;
  const char *fn = acvp_str(group, "function");
  if (fn == NULL) return ACVP_ERROR;
  const json_t *tests = group_tests(group);
  if (tests == NULL) return ACVP_ERROR;
  size_t ct_len;
  if (cce_mlkem_sizes(p, NULL, NULL, &ct_len) != CCE_OK) return ACVP_ERROR;
  int f;
  if (strcmp(fn, "encapsulation") == 0) f = 0;
  else if (strcmp(fn, "decapsulation") == 0) f = 1;
  else if (strcmp(fn, "encapsulationKeyCheck") == 0) f = 2;
  else if (strcmp(fn, "decapsulationKeyCheck") == 0) f = 3;
  else {
    acvp_set_reason("ML-KEM encapDecap function \"%s\" not supported", fn);
    return ACVP_UNSUPPORTED;
  }
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    size_t el = 0, ml = 0, dl = 0, cl = 0;
    uint8_t *ek = NULL, *m = NULL, *dk = NULL, *c = NULL;
    uint8_t ct[CCE_MLKEM_MAX_CT_BYTES], ss[CCE_MLKEM_SS_BYTES];
    json_t *r;
    rc = ACVP_OK;
    switch (f) {
      case 0:
        ek = acvp_hex(t, "ek", &el);
        m = acvp_hex(t, "m", &ml);
        if (ek == NULL || m == NULL || ml != CCE_MLKEM_M_BYTES) {
          rc = ACVP_ERROR;
          break;
        }
        r = acvp_add_test(resp_group, t);
        if (cce_mlkem_encaps_derand(p, ct, sizeof ct, ss, ek, el, m) == CCE_OK) {
          acvp_set_hex(r, "c", ct, ct_len);
          acvp_set_hex(r, "k", ss, sizeof ss);
        } else {
          json_object_set_new(r, "testPassed", json_false());
        }
        break;
      case 1:
        dk = test_or_group_hex(group, t, "dk", &dl);
        c = acvp_hex(t, "c", &cl);
        if (dk == NULL || c == NULL) {
          rc = ACVP_ERROR;
          break;
        }
        r = acvp_add_test(resp_group, t);
        if (cce_mlkem_decaps(p, ss, c, cl, dk, dl) == CCE_OK) {
          acvp_set_hex(r, "k", ss, sizeof ss);
        } else {
          json_object_set_new(r, "testPassed", json_false());
        }
        break;
      case 2:
        ek = acvp_hex(t, "ek", &el);
        if (ek == NULL) {
          rc = ACVP_ERROR;
          break;
        }
        r = acvp_add_test(resp_group, t);
        json_object_set_new(r, "testPassed", json_boolean(cce_mlkem_check_ek(p, ek, el) == CCE_OK));
        break;
      default:
        dk = acvp_hex(t, "dk", &dl);
        if (dk == NULL) {
          rc = ACVP_ERROR;
          break;
        }
        r = acvp_add_test(resp_group, t);
        json_object_set_new(r, "testPassed", json_boolean(cce_mlkem_check_dk(p, dk, dl) == CCE_OK));
        break;
    }
    free(ek);
    free(m);
    free(dk);
    free(c);
    if (rc != ACVP_OK) {
      acvp_set_reason("ML-KEM %s test lacks its inputs", fn);
      return rc;
    }
  }
  return ACVP_OK;
}

const acvp_handler acvp_handlers_mlkem[] = {
    {"ML-KEM", "keyGen", "FIPS203", keygen_group},
    {"ML-KEM", "keyGen", "FIPS203-tr1", keygen_group},
    {"ML-KEM", "encapDecap", "FIPS203", encap_decap_group},
    {"ML-KEM", "encapDecap", "FIPS203-tr1", encap_decap_group},
    {NULL, NULL, NULL, NULL},
};
