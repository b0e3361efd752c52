// Wycheproof MacTest files for HMAC (hmac_sha1, hmac_sha224, hmac_sha256,
// hmac_sha384, hmac_sha512, hmac_sha3_*): schema mac_test_schema_v1.json.
//
// Group: keySize and tagSize in bits (tags may be truncated). Test: key, msg,
// tag (hex). A test is "ok" when the tag has tagSize/8 bytes and
// cce_hmac_verify accepts it; for valid tests the MAC computed with
// cce_hmac must also equal the tag exactly.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cce/hmac.h"
#include "wycheproof.h"

static int hmac_file(const json_t *root, const char *file_name, wp_counts *c) {
  const char *alg_s = wp_str(root, "algorithm");
  const char *schema = wp_str(root, "schema");
  if (alg_s == NULL || schema == NULL || strcmp(schema, "mac_test_schema_v1.json") != 0 ||
      strncmp(alg_s, "HMAC", 4) != 0) {
    fprintf(stderr, "%s: not an HMAC MacTest file\n", file_name);
    return -1;
  }
  cce_hash_alg alg = cce_hash_from_name(alg_s + 4);  // "SHA256", "SHA3-224", ...
  size_t dl = cce_hmac_len(alg);
  if (dl == 0) {
    fprintf(stderr, "%s: hash of %s not supported\n", file_name, alg_s);
    return -1;
  }
  const json_t *groups = json_object_get(root, "testGroups");
  for (size_t gi = 0; gi < json_array_size(groups); gi++) {
    const json_t *g = json_array_get(groups, gi);
    long long tag_bits = wp_int(g, "tagSize");
    const char *type = wp_str(g, "type");
    if (type == NULL || strcmp(type, "MacTest") != 0 || tag_bits <= 0 || tag_bits % 8 != 0 ||
        (size_t)tag_bits > 8 * dl)
      return -1;
    size_t tag_len = (size_t)tag_bits / 8;
    const json_t *tests = json_object_get(g, "tests");
    for (size_t i = 0; i < json_array_size(tests); i++) {
      const json_t *t = json_array_get(tests, i);
      size_t kl, ml, tl;
      uint8_t *key = wp_hex(t, "key", &kl), *msg = wp_hex(t, "msg", &ml), *tag = wp_hex(t, "tag", &tl);
      if (key == NULL || msg == NULL || tag == NULL) {
        free(key);
        free(msg);
        free(tag);
        return -1;
      }
      int ok = tl == tag_len && cce_hmac_verify(alg, key, kl, msg, ml, tag, tl) == CCE_OK;
      if (ok) {
        uint8_t mac[CCE_HMAC_MAX_BYTES];
        ok = cce_hmac(alg, key, kl, msg, ml, mac, sizeof mac) == CCE_OK && memcmp(mac, tag, tl) == 0;
      }
      wp_record(c, t, ok, "HMAC");
      free(key);
      free(msg);
      free(tag);
    }
  }
  return 0;
}

const wp_handler wp_handlers_mac[] = {
    {"hmac_", hmac_file},
    {NULL, NULL},
};
