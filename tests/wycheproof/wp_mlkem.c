// Wycheproof ML-KEM files (FIPS 203), prefix "mlkem_":
//   mlkem_<n>_test.json                 MLKEMTest (mlkem_test_schema.json):
//       seed (d || z), optional ek, c, K. Key generation from the seed, then
//       decapsulation of c must give K; invalid tests have a seed or a
//       ciphertext of the wrong length, which must be refused.
//   mlkem_<n>_encaps_test.json          MLKEMEncapsTest (mlkem_encaps_test_schema.json):
//       ek, m -> c, K with Encaps_internal; invalid tests have an ek of the
//       wrong length or failing the modulus check.
//   mlkem_<n>_keygen_seed_test.json     MLKEMKeyGen (mlkem_keygen_seed_test_schema.json):
//       seed -> ek and the expanded dk.
//   mlkem_<n>_semi_expanded_decaps_test.json  MLKEMDecapsValidationTest
//       (mlkem_semi_expanded_decaps_test_schema.json): expanded dk, its ek,
//       c, and K when valid; invalid tests have wrong lengths or a dk that
//       fails the hash check.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/mlkem.h"
#include "wycheproof.h"

static int param_of(const json_t *g, cce_mlkem_param *p) {
  const char *ps = wp_str(g, "parameterSet");
  if (ps == NULL) return -1;
  if (strcmp(ps, "ML-KEM-512") == 0) *p = CCE_MLKEM_512;
  else if (strcmp(ps, "ML-KEM-768") == 0) *p = CCE_MLKEM_768;
  else if (strcmp(ps, "ML-KEM-1024") == 0) *p = CCE_MLKEM_1024;
  else return -1;
  return 0;
}

// Optional hex field: NULL (and *len 0) when absent.
static uint8_t *opt_hex(const json_t *t, const char *key, size_t *len) {
  *len = 0;
  if (json_object_get(t, key) == NULL) return NULL;
  return wp_hex(t, key, len);
}

enum { F_DECAPS, F_ENCAPS, F_KEYGEN, F_SEMI };

static int one_test(int kind, cce_mlkem_param p, const json_t *t, wp_counts *c) {
  size_t ek_len, dk_len, ct_len;
  if (cce_mlkem_sizes(p, &ek_len, &dk_len, &ct_len) != CCE_OK) return -1;
  uint8_t ek[CCE_MLKEM_MAX_EK_BYTES], dk[CCE_MLKEM_MAX_DK_BYTES], ct[CCE_MLKEM_MAX_CT_BYTES], ss[32];
  size_t sl, el, dl, cl, kl, ml;
  uint8_t *seed = opt_hex(t, "seed", &sl), *tek = opt_hex(t, "ek", &el), *tdk = opt_hex(t, "dk", &dl),
          *tc = opt_hex(t, "c", &cl), *tk = opt_hex(t, "K", &kl), *m = opt_hex(t, "m", &ml);
  int ok = 0, rc = 0;
  const char *what = "ML-KEM";
  switch (kind) {
    case F_DECAPS:
      what = "keygen from seed + decaps";
      if (seed == NULL || tc == NULL || tk == NULL) { rc = -1; break; }
      // The API takes the seed as a 64-byte array: other lengths are refused here.
      ok = sl == CCE_MLKEM_SEED_BYTES &&
           cce_mlkem_keygen_seed(p, ek, sizeof ek, dk, sizeof dk, seed) == CCE_OK &&
           (tek == NULL || (el == ek_len && memcmp(ek, tek, el) == 0)) &&
           cce_mlkem_decaps(p, ss, tc, cl, dk, dk_len) == CCE_OK && kl == 32 && memcmp(ss, tk, 32) == 0;
      if (ok && sl == CCE_MLKEM_SEED_BYTES) {
        // the seed form of the key decapsulates the same
        uint8_t ss2[32];
        ok = cce_mlkem_decaps_seed(p, ss2, tc, cl, seed) == CCE_OK && memcmp(ss, ss2, 32) == 0;
      }
      break;
    case F_ENCAPS:
      what = "encaps";
      if (tek == NULL || m == NULL || tc == NULL || tk == NULL || ml != 32) { rc = -1; break; }
      {
        cce_status st = cce_mlkem_encaps_derand(p, ct, sizeof ct, ss, tek, el, m);
        ok = st == CCE_OK && cl == ct_len && memcmp(ct, tc, cl) == 0 && kl == 32 && memcmp(ss, tk, 32) == 0;
        if ((cce_mlkem_check_ek(p, tek, el) == CCE_OK) != (st == CCE_OK)) {
          // the key check must agree with encapsulation's own check
          fprintf(stderr, "tcId %lld: cce_mlkem_check_ek disagrees with encapsulation\n", wp_int(t, "tcId"));
          c->failed++;
        }
      }
      break;
    case F_KEYGEN:
      what = "keygen from seed";
      if (seed == NULL || tek == NULL || tdk == NULL) { rc = -1; break; }
      ok = sl == CCE_MLKEM_SEED_BYTES && cce_mlkem_keygen_seed(p, ek, sizeof ek, dk, sizeof dk, seed) == CCE_OK &&
           el == ek_len && dl == dk_len && memcmp(ek, tek, el) == 0 && memcmp(dk, tdk, dl) == 0;
      break;
    case F_SEMI:
      what = "decaps with an expanded key";
      if (tdk == NULL || tc == NULL || tek == NULL) { rc = -1; break; }
      ok = cce_mlkem_decaps(p, ss, tc, cl, tdk, dl) == CCE_OK;
      if (ok && tk != NULL) ok = kl == 32 && memcmp(ss, tk, 32) == 0;
      break;
  }
  if (rc == 0) wp_record(c, t, ok, what);
  free(seed); free(tek); free(tdk); free(tc); free(tk); free(m);
  return rc;
}

static int mlkem_file(const json_t *root, const char *file_name, wp_counts *c) {
  const char *schema = wp_str(root, "schema");
  int kind;
  const char *want_type;
  if (schema == NULL) return -1;
  if (strcmp(schema, "mlkem_test_schema.json") == 0) { kind = F_DECAPS; want_type = "MLKEMTest"; }
  else if (strcmp(schema, "mlkem_encaps_test_schema.json") == 0) { kind = F_ENCAPS; want_type = "MLKEMEncapsTest"; }
  else if (strcmp(schema, "mlkem_keygen_seed_test_schema.json") == 0) { kind = F_KEYGEN; want_type = "MLKEMKeyGen"; }
  else if (strcmp(schema, "mlkem_semi_expanded_decaps_test_schema.json") == 0) {
    kind = F_SEMI;
    want_type = "MLKEMDecapsValidationTest";
  } else {
    fprintf(stderr, "%s: unknown ML-KEM schema %s\n", file_name, schema);
    return -1;
  }
  const json_t *groups = json_object_get(root, "testGroups");
  for (size_t gi = 0; gi < json_array_size(groups); gi++) {
    const json_t *g = json_array_get(groups, gi);
    const json_t *type = json_object_get(g, "type");
    if (type != NULL && strcmp(json_string_value(type) ? json_string_value(type) : "", want_type) != 0) {
      fprintf(stderr, "%s: group type %s, expected %s\n", file_name, json_string_value(type), want_type);
      return -1;
    }
    cce_mlkem_param p;
    if (param_of(g, &p) != 0) return -1;
    const json_t *tests = json_object_get(g, "tests");
    for (size_t i = 0; i < json_array_size(tests); i++)
      if (one_test(kind, p, json_array_get(tests, i), c) != 0) return -1;
  }
  return 0;
}

const wp_handler wp_handlers_mlkem[] = {
    {"mlkem_", mlkem_file},
    {NULL, NULL},
};
