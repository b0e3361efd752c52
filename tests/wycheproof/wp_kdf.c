// Wycheproof key-derivation files:
//   hkdf_sha*       HkdfTest (hkdf_test_schema_v1.json): ikm, salt, info,
//                   size (bytes), okm. Invalid tests ask for more than
//                   255 * HashLen bytes: cce_hkdf must refuse them.
//   pbkdf2_hmacsha* PbkdfTest (pbkdf_test_schema.json): password, salt (hex),
//                   iterationCount, dkLen (bytes), dk.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/kdf.h"
#include "wycheproof.h"

static int hkdf_file(const json_t *root, const char *file_name, wp_counts *c) {
  const char *alg_s = wp_str(root, "algorithm");
  const char *schema = wp_str(root, "schema");
  if (alg_s == NULL || schema == NULL || strcmp(schema, "hkdf_test_schema_v1.json") != 0 ||
      strncmp(alg_s, "HKDF-", 5) != 0) {
    fprintf(stderr, "%s: not an HkdfTest file\n", file_name);
    return -1;
  }
  cce_hash_alg alg = cce_hash_from_name(alg_s + 5);  // "SHA-256"
  if (alg == CCE_HASH_NONE || cce_hash_digest_len(alg) == 0) {
    fprintf(stderr, "%s: hash of %s not supported\n", file_name, alg_s);
    return -1;
  }
  const json_t *groups = json_object_get(root, "testGroups");
  for (size_t gi = 0; gi < json_array_size(groups); gi++) {
    const json_t *g = json_array_get(groups, gi);
    const char *type = wp_str(g, "type");
    if (type == NULL || strcmp(type, "HkdfTest") != 0) return -1;
    const json_t *tests = json_object_get(g, "tests");
    for (size_t i = 0; i < json_array_size(tests); i++) {
      const json_t *t = json_array_get(tests, i);
      size_t il, sl, fl, ol;
      long long size = wp_int(t, "size");
      uint8_t *ikm = wp_hex(t, "ikm", &il), *salt = wp_hex(t, "salt", &sl), *info = wp_hex(t, "info", &fl),
              *okm = wp_hex(t, "okm", &ol);
      if (ikm == NULL || salt == NULL || info == NULL || okm == NULL || size < 0) {
        free(ikm);
        free(salt);
        free(info);
        free(okm);
        return -1;
      }
      uint8_t *out = malloc((size_t)size + 1);
      int ok = out != NULL && cce_hkdf(alg, out, (size_t)size, salt, sl, ikm, il, info, fl) == CCE_OK &&
               (size_t)size == ol && memcmp(out, okm, ol) == 0;
      wp_record(c, t, ok, "HKDF");
      free(out);
      free(ikm);
      free(salt);
      free(info);
      free(okm);
    }
  }
  return 0;
}

static int pbkdf2_file(const json_t *root, const char *file_name, wp_counts *c) {
  const char *alg_s = wp_str(root, "algorithm");
  const char *schema = wp_str(root, "schema");
  if (alg_s == NULL || schema == NULL || strcmp(schema, "pbkdf_test_schema.json") != 0 ||
      strncmp(alg_s, "PBKDF2-HMAC", 11) != 0) {
    fprintf(stderr, "%s: not a PBKDF2 PbkdfTest file\n", file_name);
    return -1;
  }
  cce_hash_alg alg = cce_hash_from_name(alg_s + 11);  // "SHA256"
  if (alg == CCE_HASH_NONE || cce_hash_digest_len(alg) == 0) {
    fprintf(stderr, "%s: hash of %s not supported\n", file_name, alg_s);
    return -1;
  }
  const json_t *groups = json_object_get(root, "testGroups");
  for (size_t gi = 0; gi < json_array_size(groups); gi++) {
    const json_t *g = json_array_get(groups, gi);
    const char *type = wp_str(g, "type");
    if (type == NULL || strcmp(type, "PbkdfTest") != 0) return -1;
    const json_t *tests = json_object_get(g, "tests");
    for (size_t i = 0; i < json_array_size(tests); i++) {
      const json_t *t = json_array_get(tests, i);
      size_t pl, sl, dl;
      long long iters = wp_int(t, "iterationCount"), dk_len = wp_int(t, "dkLen");
      uint8_t *pw = wp_hex(t, "password", &pl), *salt = wp_hex(t, "salt", &sl), *dk = wp_hex(t, "dk", &dl);
      if (pw == NULL || salt == NULL || dk == NULL || iters < 0 || dk_len < 0) {
        free(pw);
        free(salt);
        free(dk);
        return -1;
      }
      if (iters > 0xffffffffLL) {
        wp_skip(c, t, "iterationCount beyond 2^32 - 1");
      } else {
        uint8_t *out = malloc((size_t)dk_len + 1);
        int ok = out != NULL &&
                 cce_pbkdf2(alg, out, (size_t)dk_len, pw, pl, salt, sl, (uint32_t)iters) == CCE_OK &&
                 (size_t)dk_len == dl && memcmp(out, dk, dl) == 0;
        wp_record(c, t, ok, "PBKDF2");
        free(out);
      }
      free(pw);
      free(salt);
      free(dk);
    }
  }
  return 0;
}

const wp_handler wp_handlers_kdf[] = {
    {"hkdf_", hkdf_file},
    {"pbkdf2_", pbkdf2_file},
    {NULL, NULL},
};
