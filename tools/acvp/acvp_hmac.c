// cce-acvp handlers for HMAC (ACVP "HMAC-*" vector sets, revisions 1.0 and
// 2.0; draft-fussell-acvp-mac): HMAC-SHA-1, HMAC-SHA2-224/256/384/512/
// 512-224/512-256, HMAC-SHA3-224/256/384/512.
//
// Prompt: each AFT test gives "key" and "msg" (hex) with keyLen, msgLen and
// macLen in bits, at group level in revision 1.0 and per test in 2.0.
// Answer: "mac", the leftmost macLen bits of HMAC(key, msg) (FIPS 198-1
// truncation), as ceil(macLen/8) bytes with unused low bits zero.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acvp.h"
#include "cce/hmac.h"

// Field from the test, else from the group (revision 1.0 puts lengths there).
static int get_len(const json_t *group, const json_t *test, const char *key, long long *out) {
  if (json_object_get(test, key) != NULL) return acvp_int(test, key, out);
  return acvp_int(group, key, out);
}

static cce_hash_alg hmac_alg_of(const json_t *vs) {
  const char *alg = acvp_str(vs, "algorithm");
  if (alg == NULL || strncmp(alg, "HMAC-", 5) != 0) return CCE_HASH_NONE;
  return cce_hash_from_name(alg + 5);
}

static int hmac_group(const json_t *vs, const json_t *group, json_t *resp_group) {
  cce_hash_alg alg = hmac_alg_of(vs);
  size_t dl = cce_hmac_len(alg);
  if (dl == 0) {
    acvp_set_reason("HMAC hash of \"%s\" not supported", json_string_value(json_object_get(vs, "algorithm")));
    return ACVP_UNSUPPORTED;
  }
  const char *tt = acvp_str(group, "testType");
  if (tt == NULL) return ACVP_ERROR;
  if (strcmp(tt, "AFT") != 0) {
    acvp_set_reason("HMAC test type \"%s\" not supported", tt);
    return ACVP_UNSUPPORTED;
  }
  const json_t *tests = json_object_get(group, "tests");
  if (!json_is_array(tests)) {
    acvp_set_reason("group has no tests array");
    return ACVP_ERROR;
  }
  for (size_t i = 0; i < json_array_size(tests); i++) {
    const json_t *t = json_array_get(tests, i);
    long long key_bits, msg_bits, mac_bits;
    if (get_len(group, t, "keyLen", &key_bits) || get_len(group, t, "msgLen", &msg_bits) ||
        get_len(group, t, "macLen", &mac_bits))
      return ACVP_ERROR;
    size_t kl, ml;
    uint8_t *key = acvp_hex(t, "key", &kl);
    uint8_t *msg = acvp_hex(t, "msg", &ml);
    if (key == NULL || msg == NULL) {
      free(key);
      free(msg);
      return ACVP_ERROR;
    }
    json_t *rt = acvp_add_test(resp_group, t);
    if (key_bits % 8 != 0 || msg_bits % 8 != 0 || (size_t)key_bits / 8 != kl || (size_t)msg_bits / 8 != ml) {
      json_object_set_new(rt, "unsupported", json_true());
      json_object_set_new(rt, "reason", json_string("key or message not a whole number of bytes"));
    } else if (mac_bits <= 0 || (size_t)mac_bits > 8 * dl) {
      free(key);
      free(msg);
      acvp_set_reason("macLen %lld out of range", mac_bits);
      return ACVP_ERROR;
    } else {
      uint8_t mac[CCE_HMAC_MAX_BYTES];
      cce_status st = cce_hmac(alg, key, kl, msg, ml, mac, sizeof mac);
      if (st != CCE_OK) {
        free(key);
        free(msg);
        acvp_set_reason("cce_hmac: %s", cce_status_str(st));
        return ACVP_ERROR;
      }
      size_t nb = ((size_t)mac_bits + 7) / 8;
      if (mac_bits % 8) mac[nb - 1] &= (uint8_t)(0xffu << (8 - mac_bits % 8));
      acvp_set_hex(rt, "mac", mac, nb);
    }
    free(key);
    free(msg);
  }
  return ACVP_OK;
}

const acvp_handler acvp_handlers_hmac[] = {
    {"HMAC-SHA-1", NULL, NULL, hmac_group},        {"HMAC-SHA2-224", NULL, NULL, hmac_group},
    {"HMAC-SHA2-256", NULL, NULL, hmac_group},     {"HMAC-SHA2-384", NULL, NULL, hmac_group},
    {"HMAC-SHA2-512", NULL, NULL, hmac_group},     {"HMAC-SHA2-512/224", NULL, NULL, hmac_group},
    {"HMAC-SHA2-512/256", NULL, NULL, hmac_group}, {"HMAC-SHA3-224", NULL, NULL, hmac_group},
    {"HMAC-SHA3-256", NULL, NULL, hmac_group},     {"HMAC-SHA3-384", NULL, NULL, hmac_group},
    {"HMAC-SHA3-512", NULL, NULL, hmac_group},     {NULL, NULL, NULL, NULL},
};
